"""The profile's signing key: creating it, its passphrase, replacing it, and registering other inspectors'
certificates (services.keys, the `key` commands)."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

from app.domain.problems import InputRefused

PASSPHRASE = "correct horse 电池 staple"
NEW_PASSPHRASE = "another-Passphrase-42"


def people_database(path: Path, me: str):
    """A migrated database with two inspectors; `me` ("zhang" or "li") is the profile's inspector."""
    from app.domain.registry import Department, Inspector, Level
    from app.services.profile import set_profile
    from app.store.database import open_database
    from app.store.registry_upsert import upsert_inspectors

    db = open_database(path)
    with db.atomic():
        upsert_inspectors(db, [
            Inspector(name="张三", department=Department.MARKET, level=Level.CITY, unit="某市市场监督管理局",
                      cert_no="A1230001"),
            Inspector(name="李四", department=Department.MARKET, level=Level.CITY, unit="某市市场监督管理局",
                      cert_no="A1230002"),
        ])
    set_profile(db, {"zhang": "A1230001", "li": "A1230002"}[me], "lead" if me == "li" else "inspector")
    return db


def _own_database(tmp_path: Path, me: str):
    path = tmp_path / me / "spotcheck.sqlite"
    path.parent.mkdir()
    db = people_database(path, me)
    yield db, path
    db.close()


@pytest.fixture
def zhang(tmp_path):
    yield from _own_database(tmp_path, "zhang")


@pytest.fixture
def li(tmp_path):
    yield from _own_database(tmp_path, "li")


def key_rows(db) -> list[dict]:
    cursor = db.conn.execute("SELECT * FROM inspector_keys ORDER BY rowid")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


# --- creating ------------------------------------------------------------------------------------


def test_create_writes_an_encrypted_key_and_a_registered_self_issued_certificate(zhang):
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    from app.services.keys import create_key, key_paths, load_signer_material

    db, path = zhang
    info = create_key(db, path, PASSPHRASE)
    paths = key_paths(path)
    assert paths.key == path.parent / "spotcheck-signing-key.pem"
    assert paths.certificate == path.parent / "spotcheck-signing-cert.pem"
    assert paths.key.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert stat.S_IMODE(paths.key.stat().st_mode) == 0o600

    cert = x509.load_pem_x509_certificate(paths.certificate.read_bytes())
    der = cert.public_bytes(Encoding.DER)
    assert info.fingerprint == hashlib.sha256(der).hexdigest()
    assert info.fingerprint_display.replace(":", "").replace(" ", "").lower() == info.fingerprint
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "张三"
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "某市市场监督管理局"
    assert cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == "A1230001"
    assert cert.subject == cert.issuer
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey) and cert.public_key().curve.name == "secp256r1"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    years = (cert.not_valid_after_utc - cert.not_valid_before_utc).days / 365.25
    assert 4.99 < years < 5.01

    [row] = key_rows(db)
    assert row["fingerprint"] == info.fingerprint and row["source"] == "created" and row["retired_at"] is None
    assert row["inspector_id"] == info.inspector_id and info.inspector_name == "张三"
    assert row["not_before"] == info.not_before and row["not_after"] == info.not_after

    key, loaded = load_signer_material(path, PASSPHRASE)
    assert loaded == cert and isinstance(key, ec.EllipticCurvePrivateKey)


@pytest.mark.parametrize("passphrase", ["", "short7!"])
def test_an_empty_or_short_passphrase_is_refused(zhang, passphrase):
    from app.services.keys import create_key, key_paths

    db, path = zhang
    with pytest.raises(InputRefused):
        create_key(db, path, passphrase)
    assert not key_paths(path).key.exists() and key_rows(db) == []


def test_create_needs_the_profiles_inspector(tmp_path):
    from app.services.keys import create_key
    from app.store.database import open_database

    db = open_database(tmp_path / "db.sqlite")
    try:
        with pytest.raises(InputRefused, match="使用人"):
            create_key(db, tmp_path / "db.sqlite", PASSPHRASE)
    finally:
        db.close()


def test_a_second_key_is_refused_without_replace(zhang):
    from app.services.keys import create_key, key_paths

    db, path = zhang
    create_key(db, path, PASSPHRASE)
    before = key_paths(path).key.read_bytes()
    with pytest.raises(InputRefused, match="--replace"):
        create_key(db, path, PASSPHRASE)
    assert key_paths(path).key.read_bytes() == before and len(key_rows(db)) == 1


# --- passphrase ----------------------------------------------------------------------------------


def test_a_wrong_passphrase_is_refused_with_a_clear_message(zhang):
    from app.services.keys import create_key, load_signer_material

    db, path = zhang
    create_key(db, path, PASSPHRASE)
    with pytest.raises(InputRefused) as caught:
        load_signer_material(path, "not the passphrase")
    assert caught.value.message == "签名密钥的口令不正确。"
    with pytest.raises(InputRefused, match="口令不正确"):
        load_signer_material(path, "")


def test_no_key_yet_tells_to_create_one(zhang):
    from app.services.keys import load_signer_material

    _, path = zhang
    with pytest.raises(InputRefused, match="spotcheck key create"):
        load_signer_material(path, PASSPHRASE)


def test_changing_the_passphrase_keeps_the_key(zhang):
    from app.services.keys import change_passphrase, create_key, load_signer_material

    db, path = zhang
    info = create_key(db, path, PASSPHRASE)
    with pytest.raises(InputRefused, match="口令不正确"):
        change_passphrase(path, "wrong passphrase", NEW_PASSPHRASE)
    with pytest.raises(InputRefused, match="太短"):
        change_passphrase(path, PASSPHRASE, "short")
    load_signer_material(path, PASSPHRASE)  # unchanged by the refusals

    change_passphrase(path, PASSPHRASE, NEW_PASSPHRASE)
    with pytest.raises(InputRefused, match="口令不正确"):
        load_signer_material(path, PASSPHRASE)
    key, cert = load_signer_material(path, NEW_PASSPHRASE)
    from app.exchange.keyfiles import fingerprint

    assert fingerprint(cert) == info.fingerprint
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []


def test_the_passphrase_never_appears_in_clear_in_any_file(zhang):
    from app.services.keys import change_passphrase, create_key

    db, path = zhang
    create_key(db, path, PASSPHRASE)
    change_passphrase(path, PASSPHRASE, NEW_PASSPHRASE)
    db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    files = [p for p in path.parent.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-signing-key.pem") for p in files)
    for secret in (PASSPHRASE, NEW_PASSPHRASE):
        for encoded in {secret.encode("utf-8"), secret.encode("utf-16-le")}:
            for p in files:
                assert encoded not in p.read_bytes(), f"{secret!r} in {p.name}"


# --- replacing (a lost passphrase) -------------------------------------------------------------------


def test_replace_retires_the_old_certificate_and_keeps_it_registered(zhang):
    from app.services.keys import create_key, key_paths, load_signer_material, retired_key_path, trusted_keys

    db, path = zhang
    old = create_key(db, path, PASSPHRASE)
    old_key_file = key_paths(path).key.read_bytes()
    new = create_key(db, path, NEW_PASSPHRASE, replace=True)
    assert new.fingerprint != old.fingerprint and new.retired_fingerprint == old.fingerprint

    aside = retired_key_path(path, old.fingerprint)
    assert aside.name == f"spotcheck-signing-key.retired-{old.fingerprint[:12]}.pem"
    assert aside.read_bytes() == old_key_file and new.retired_key_path == str(aside)

    rows = {r["fingerprint"]: r for r in key_rows(db)}
    assert rows[old.fingerprint]["retired_at"] is not None and rows[new.fingerprint]["retired_at"] is None
    assert rows[old.fingerprint]["certificate"].startswith("-----BEGIN CERTIFICATE-----")
    trusted = trusted_keys(db)
    assert set(trusted) == {old.fingerprint, new.fingerprint}
    assert trusted[old.fingerprint]["retired_at"] == rows[old.fingerprint]["retired_at"]
    assert trusted[old.fingerprint]["inspector_name"] == "张三"

    _, cert = load_signer_material(path, NEW_PASSPHRASE)
    from app.exchange.keyfiles import fingerprint

    assert fingerprint(cert) == new.fingerprint


# --- export and import ---------------------------------------------------------------------------


def test_export_then_import_registers_the_certificate_in_another_database(zhang, li, tmp_path):
    from app.services.keys import create_key, export_certificate, import_certificate, show, trusted_keys

    zdb, zpath = zhang
    ldb, lpath = li
    mine = create_key(zdb, zpath, PASSPHRASE)
    out = tmp_path / "exchange" / "zhang.pem"
    exported = export_certificate(zpath, out)
    assert exported.fingerprint == mine.fingerprint
    assert out.read_text().startswith("-----BEGIN CERTIFICATE-----") and b"PRIVATE" not in out.read_bytes()

    result = import_certificate(ldb, out, "A1230001")
    assert result["imported"] and result["key"]["fingerprint"] == mine.fingerprint
    assert result["notes"] == []
    trusted = trusted_keys(ldb)
    assert trusted[mine.fingerprint]["inspector_name"] == "张三"
    [row] = key_rows(ldb)
    assert row["source"] == "imported" and row["certificate"] == out.read_text()

    again = import_certificate(ldb, out, "A1230001")
    assert not again["imported"] and again["notes"] and len(key_rows(ldb)) == 1

    with pytest.raises(InputRefused, match="已登记在 张三 名下"):
        import_certificate(ldb, out, "A1230002")

    view = show(ldb, lpath)
    assert view["current"] is None
    [person] = view["inspectors"]
    assert person["inspector_name"] == "张三" and person["keys"][0]["fingerprint"] == mine.fingerprint
    assert person["keys"][0]["fingerprint_display"] == mine.fingerprint_display

    mine_view = show(zdb, zpath)
    assert mine_view["current"]["fingerprint"] == mine.fingerprint and mine_view["current"]["registered"]
    assert mine_view["inspectors"][0]["keys"][0]["current"] is True


def test_a_certificate_file_is_read_before_registering_it(zhang, li, tmp_path):
    from app.services.keys import create_key, export_certificate, import_certificate, read_certificate

    zdb, zpath = zhang
    ldb, _ = li
    mine = create_key(zdb, zpath, PASSPHRASE)
    out = export_certificate(zpath, tmp_path / "zhang.pem").certificate_path
    seen = read_certificate(ldb, out)
    assert (seen.name, seen.cert_no, seen.registered_to) == ("张三", "A1230001", None)
    assert seen.key.fingerprint == mine.fingerprint and seen.key.fingerprint_display == mine.fingerprint_display
    assert key_rows(ldb) == []  # reading registers nothing
    import_certificate(ldb, out, "A1230001")
    assert read_certificate(ldb, out).registered_to == "张三"


def test_importing_a_non_certificate_is_refused(zhang, li, tmp_path):
    from app.services.keys import create_key, import_certificate, key_paths

    zdb, zpath = zhang
    ldb, _ = li
    create_key(zdb, zpath, PASSPHRASE)
    text = tmp_path / "note.pem"
    text.write_text("这不是证书\n", encoding="utf-8")
    for bad in (text, key_paths(zpath).key):  # a text file; a private key is no certificate either
        with pytest.raises(InputRefused, match="不是证书"):
            import_certificate(ldb, bad, "A1230001")
    with pytest.raises(InputRefused, match="不存在"):
        import_certificate(ldb, tmp_path / "missing.pem", "A1230001")
    assert key_rows(ldb) == []


def test_importing_for_an_unknown_inspector_is_refused(zhang, li, tmp_path):
    from app.services.keys import create_key, import_certificate, key_paths

    zdb, zpath = zhang
    ldb, _ = li
    create_key(zdb, zpath, PASSPHRASE)
    with pytest.raises(InputRefused, match="人员库中没有"):
        import_certificate(ldb, key_paths(zpath).certificate, "NOBODY")


# --- passphrase sources --------------------------------------------------------------------------


def test_passphrase_from_a_file_or_the_environment(tmp_path, monkeypatch):
    from argparse import Namespace

    from app.commands.passphrases import passphrase_from

    monkeypatch.delenv("SPOTCHECK_PASSPHRASE", raising=False)
    monkeypatch.delenv("SPOTCHECK_NEW_PASSPHRASE", raising=False)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\r\nsecond line\n", encoding="utf-8")
    assert passphrase_from(Namespace(passphrase_file=str(secret))) == PASSPHRASE
    with pytest.raises(InputRefused, match="--passphrase-file") as caught:
        passphrase_from(Namespace(passphrase_file=None))
    assert "SPOTCHECK_PASSPHRASE" in caught.value.message
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", PASSPHRASE)
    assert passphrase_from(Namespace(passphrase_file=None)) == PASSPHRASE
    monkeypatch.setenv("SPOTCHECK_NEW_PASSPHRASE", NEW_PASSPHRASE)
    assert passphrase_from(Namespace(new_passphrase_file=None), new=True) == NEW_PASSPHRASE
    with pytest.raises(InputRefused, match="不存在"):
        passphrase_from(Namespace(passphrase_file=str(tmp_path / "nope.txt")))


# --- the command line ----------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch):
    """`call_main`, with the `key` commands registered even before app/commands/__init__.py lists them."""
    import app.commands as commands
    from app.commands import keys

    original = commands.register

    def register(sub, common):
        original(sub, common)
        if "key" not in sub.choices:
            keys.register(sub, common)

    monkeypatch.setattr(commands, "register", register)
    monkeypatch.delenv("SPOTCHECK_PASSPHRASE", raising=False)
    monkeypatch.delenv("SPOTCHECK_NEW_PASSPHRASE", raising=False)
    return monkeypatch


def test_cli_key_commands_with_the_passphrase_in_the_environment(cli, capsys, zhang, li, tmp_path):
    from tests.cli_helpers import call_main

    _, zpath = zhang
    ldb, lpath = li
    refused = call_main(capsys, ["--db", zpath, "key", "create", "--json"])
    assert refused.status == 1 and refused.json["error"]["code"] == "input_refused"
    assert "SPOTCHECK_PASSPHRASE" in refused.json["error"]["message"]

    cli.setenv("SPOTCHECK_PASSPHRASE", PASSPHRASE)
    made = call_main(capsys, ["--db", zpath, "key", "create", "--json"])
    assert made.status == 0, made
    key = made.json["key"]
    assert len(key["fingerprint"]) == 64 and key["fingerprint_display"].count(":") == 30
    assert PASSPHRASE not in made.stdout + made.stderr

    text = call_main(capsys, ["--db", zpath, "key", "show"])
    assert text.status == 0 and key["fingerprint_display"] in text.stdout and "张三" in text.stdout

    shown = call_main(capsys, ["--db", zpath, "key", "show", "--json"])
    assert shown.json["current"]["fingerprint"] == key["fingerprint"]

    out = tmp_path / "zhang.pem"
    exported = call_main(capsys, ["--db", zpath, "key", "export", "--out", out, "--json"])
    assert exported.status == 0 and exported.json["key"]["fingerprint"] == key["fingerprint"]
    ldb.close()  # the CLI opens the database itself
    imported = call_main(capsys, ["--db", lpath, "key", "import", out, "--inspector", "A1230001", "--json"])
    assert imported.status == 0 and imported.json["imported"] is True, imported
    assert imported.json["key"]["fingerprint_display"] == key["fingerprint_display"]
    twice = call_main(capsys, ["--db", lpath, "key", "import", out, "--inspector", "A1230001"])
    assert twice.status == 0 and "已经登记过" in twice.stdout
    bad = call_main(capsys, ["--db", lpath, "key", "import", zpath, "--inspector", "A1230001", "--json"])
    assert bad.status == 1 and "不是证书" in bad.json["error"]["message"]

    again = call_main(capsys, ["--db", zpath, "key", "create"])
    assert again.status == 1 and "--replace" in again.stderr
    cli.setenv("SPOTCHECK_PASSPHRASE", NEW_PASSPHRASE)
    replaced = call_main(capsys, ["--db", zpath, "key", "create", "--replace", "--json"])
    assert replaced.status == 0 and replaced.json["key"]["retired_fingerprint"] == key["fingerprint"]


def test_cli_passphrase_files_and_changing_the_passphrase(cli, capsys, zhang, tmp_path):
    from app.services.keys import load_signer_material
    from tests.cli_helpers import call_main

    db, zpath = zhang
    db.close()
    old_file = tmp_path / "old.txt"
    old_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")

    made = call_main(capsys, ["--db", zpath, "key", "create", "--passphrase-file", old_file])
    assert made.status == 0, made
    assert "签名密钥已创建" in made.stdout
    load_signer_material(zpath, PASSPHRASE)

    wrong = call_main(capsys, ["--db", zpath, "key", "passphrase", "--passphrase-file", new_file,
                               "--new-passphrase-file", old_file, "--json"])
    assert wrong.status == 1 and wrong.json["error"]["message"] == "签名密钥的口令不正确。"

    missing_new = call_main(capsys, ["--db", zpath, "key", "passphrase", "--passphrase-file", old_file])
    assert missing_new.status == 1 and "SPOTCHECK_NEW_PASSPHRASE" in missing_new.stderr

    changed = call_main(capsys, ["--db", zpath, "key", "passphrase", "--passphrase-file", old_file,
                                 "--new-passphrase-file", new_file, "--json"])
    assert changed.status == 0 and changed.json["changed"] is True
    load_signer_material(zpath, NEW_PASSPHRASE)
    with pytest.raises(InputRefused):
        load_signer_material(zpath, PASSPHRASE)

    cli.setenv("SPOTCHECK_NEW_PASSPHRASE", PASSPHRASE)  # the new one from the environment
    back = call_main(capsys, ["--db", zpath, "key", "passphrase", "--passphrase-file", new_file])
    assert back.status == 0 and "口令已修改" in back.stdout
    load_signer_material(zpath, PASSPHRASE)


def test_no_command_takes_a_passphrase_on_the_command_line(cli, capsys, zhang):
    from app.services.keys import key_paths
    from tests.cli_helpers import call_main

    _, zpath = zhang
    for args in (["key", "create", "--passphrase", PASSPHRASE],
                 ["key", "passphrase", "--passphrase", PASSPHRASE, "--new-passphrase", NEW_PASSPHRASE]):
        run = call_main(capsys, ["--db", zpath, *args])
        assert run.status == 1 and "口令不能写在命令行上" in run.stderr, run
        assert PASSPHRASE not in run.stdout + run.stderr and NEW_PASSPHRASE not in run.stdout + run.stderr
    assert not key_paths(zpath).key.exists()


def test_the_key_file_is_standard_pkcs8_with_many_pbkdf2_rounds(tmp_path):
    """A stolen key file must be slow to guess: PBES2 with PBKDF2-SHA256 at 600,000 rounds, AES-256."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import pem
    from cryptography.hazmat.primitives.asymmetric import ec

    from app.exchange.keyfiles import KDF_ROUNDS, encrypted_key
    from app.services.keys import _load_private_key

    key = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "k.pem"
    path.write_bytes(encrypted_key(key, "一个足够长的口令"))
    _, _, der = pem.unarmor(path.read_bytes())
    algorithm = asn1_keys.EncryptedPrivateKeyInfo.load(der)["encryption_algorithm"]
    assert algorithm["algorithm"].native == "pbes2"
    kdf = algorithm["parameters"]["key_derivation_func"]["parameters"]
    assert kdf["iteration_count"].native == KDF_ROUNDS >= 600_000
    assert kdf["prf"]["algorithm"].native == "sha256"
    assert algorithm["parameters"]["encryption_scheme"]["algorithm"].native == "aes256_cbc"
    loaded = _load_private_key(path, "一个足够长的口令")
    assert loaded.private_numbers() == key.private_numbers()


# --- damaged and hostile files (found by attack) ------------------------------------------------------


@pytest.mark.parametrize("damage", ["empty", "truncated", "not a key", "a certificate instead"])
def test_a_damaged_key_file_is_said_to_be_damaged_not_a_wrong_passphrase(zhang, damage):
    from app.domain.problems import IntegrityFailure
    from app.services.keys import create_key, key_paths, load_signer_material

    db, path = zhang
    create_key(db, path, PASSPHRASE)
    paths = key_paths(path)
    data = paths.key.read_bytes()
    paths.key.write_bytes({"empty": b"", "truncated": data[: len(data) // 2],
                           "not a key": "这不是密钥\n".encode(),
                           "a certificate instead": paths.certificate.read_bytes()}[damage])
    with pytest.raises(IntegrityFailure) as caught:
        load_signer_material(path, PASSPHRASE)
    assert "已损坏" in caught.value.message and "不是口令的问题" in caught.value.message
    assert "口令不正确" not in caught.value.message


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_or_a_device_as_the_passphrase_file_is_refused_at_once(tmp_path):
    import os

    from app.commands.passphrases import _read_passphrase_file

    fifo = tmp_path / "passphrase"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero"), tmp_path):
        if not target.exists():
            continue
        with pytest.raises(InputRefused, match="不是普通文件|文件夹"):
            _read_passphrase_file(str(target))


def test_a_passphrase_file_keeps_only_its_first_line(tmp_path):
    from app.commands.passphrases import _read_passphrase_file

    target = tmp_path / "passphrase.txt"
    target.write_bytes("口令 with\x0cform feed\r\nsecond line\n".encode())
    assert _read_passphrase_file(str(target)) == "口令 with\x0cform feed"


def _certificate_pem(private_key) -> bytes:
    from datetime import datetime, timedelta, timezone

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "张三")])
    now = datetime.now(timezone.utc)
    algorithm = None if type(private_key).__name__.startswith("Ed") else hashes.SHA256()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private_key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + timedelta(days=30))
            .sign(private_key, algorithm))
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.mark.parametrize("kind", ["rsa", "ed25519", "p384"])
def test_a_certificate_of_another_key_type_is_not_registered(li, tmp_path, kind):
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    from app.services.keys import import_certificate

    ldb, _ = li
    private = {"rsa": lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024),
               "ed25519": ed25519.Ed25519PrivateKey.generate,
               "p384": lambda: ec.generate_private_key(ec.SECP384R1())}[kind]()
    target = tmp_path / f"{kind}.pem"
    target.write_bytes(_certificate_pem(private))
    with pytest.raises(InputRefused, match="ECDSA P-256"):
        import_certificate(ldb, target, "A1230001")
    assert key_rows(ldb) == []


def test_a_file_with_two_certificates_is_not_registered(zhang, li, tmp_path):
    from app.services.keys import create_key, import_certificate, key_paths

    zdb, zpath = zhang
    ldb, _ = li
    create_key(zdb, zpath, PASSPHRASE)
    pem = key_paths(zpath).certificate.read_bytes()
    target = tmp_path / "two.pem"
    target.write_bytes(pem + pem)
    with pytest.raises(InputRefused, match="不止一张证书"):
        import_certificate(ldb, target, "A1230001")
    assert key_rows(ldb) == []
