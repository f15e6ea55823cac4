"""The profile's signing key and the registered certificates of other inspectors (docs/cli.md, key).

The private key is ECDSA P-256, kept beside the database as `<stem>-signing-key.pem` (PKCS#8, encrypted with
the user's passphrase); its self-issued certificate is `<stem>-signing-cert.pem`. The certificate is also
registered in the database (`inspector_keys`) under the profile's inspector, so that what the key signs
verifies there; a lead registers other inspectors' certificates by importing them. Trust is by fingerprint
(SHA-256 of the certificate's DER), not by a certificate authority.

A passphrase is never logged, never put in a message and never taken from the command line: `passphrase_from`
reads it from a file or an environment variable. Qt-free.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.problems import InputRefused, IntegrityFailure, Problem
from app.files import make_folder, write_atomically
from app.store import keys as store
from app.store import profile
from app.store.registry import get_inspector

if TYPE_CHECKING:
    from sqlite_utils import Database

MIN_PASSPHRASE = 8
VALIDITY_YEARS = 5
WRONG_PASSPHRASE = "签名密钥的口令不正确。"
MAX_KEY_FILE = 1024 * 1024  # a key, a certificate or a passphrase file is a few kilobytes


@dataclass(frozen=True)
class KeyPaths:
    key: Path  # the private key, encrypted
    certificate: Path


def key_paths(db_path: Path) -> KeyPaths:
    db_path = Path(db_path)
    return KeyPaths(db_path.parent / f"{db_path.stem}-signing-key.pem",
                    db_path.parent / f"{db_path.stem}-signing-cert.pem")


def retired_key_path(db_path: Path, fingerprint: str) -> Path:
    db_path = Path(db_path)
    return db_path.parent / f"{db_path.stem}-signing-key.retired-{fingerprint[:12]}.pem"


def display_fingerprint(fingerprint: str) -> str:
    """`2E:06:DA:…` in two lines' worth of groups: 16 pairs, a space, 16 pairs."""
    pairs = [fingerprint[i:i + 2].upper() for i in range(0, len(fingerprint), 2)]
    return " ".join(":".join(pairs[i:i + 16]) for i in range(0, len(pairs), 16))


@dataclass(frozen=True)
class KeyInfo:
    fingerprint: str  # raw hex (SHA-256 of the certificate's DER)
    fingerprint_display: str
    subject: str
    not_before: str
    not_after: str
    inspector_id: str | None = None
    inspector_name: str | None = None
    key_path: str | None = None
    certificate_path: str | None = None
    retired_fingerprint: str | None = None  # the key this one replaced (create --replace)
    retired_key_path: str | None = None

    def to_json(self) -> dict:
        return dict(self.__dict__)


# --- certificates ----------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def cert_der(cert) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.DER)


def cert_pem(cert) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.PEM).decode("ascii")


def fingerprint(cert) -> str:
    return hashlib.sha256(cert_der(cert)).hexdigest()


def subject_text(cert) -> str:
    """The subject as RFC 4514 text, with names rather than numbers for serialNumber and title."""
    from cryptography.x509.oid import NameOID

    return cert.subject.rfc4514_string({NameOID.SERIAL_NUMBER: "serialNumber", NameOID.TITLE: "title"})


def _cert_facts(cert) -> dict:
    return {"fingerprint": fingerprint(cert), "certificate": cert_pem(cert), "subject": subject_text(cert),
            "not_before": _iso(cert.not_valid_before_utc), "not_after": _iso(cert.not_valid_after_utc)}


def _common_name(cert) -> str:
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def _years_later(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28) + timedelta(days=1)


def _build_certificate(private_key, inspector, now: datetime):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, inspector.name)]
    if inspector.unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, inspector.unit))
    if inspector.cert_no:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, inspector.cert_no))
    title = inspector.department.label + ("执法人员" if inspector.enforcement_officer else "")
    attributes.append(x509.NameAttribute(NameOID.TITLE, title))  # 2.5.4.12
    name = x509.Name(attributes)
    public_key = private_key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(_years_later(now, VALIDITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(private_key, hashes.SHA256())
    )


def _parse_certificate(data: bytes, source: str):
    from cryptography import x509

    if data.count(b"-----BEGIN CERTIFICATE-----") > 1:
        raise InputRefused(f"{source} 中有不止一张证书：请给出只含一名检查人员证书的文件（spotcheck key export 导出的文件）。",
                           [Problem("只含一张证书的 PEM 文件", source)])
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise InputRefused(f"{source} 不是证书文件（需要 PEM 格式的 X.509 证书，如用“导出我的证书”或 spotcheck key export 导出的文件）。",
                           [Problem("PEM 格式的 X.509 证书", source)]) from exc
    _require_p256(cert, source)
    return cert


def _require_p256(cert, source: str) -> None:
    """Spotcheck's keys are ECDSA P-256 (docs/cli.md, key): a certificate of another kind was not made by `key create`."""
    from cryptography.hazmat.primitives.asymmetric import ec

    key = cert.public_key()
    if not (isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1)):
        kind = type(key).__name__.replace("_", "").replace("PublicKey", "")
        raise InputRefused(f"{source} 中的证书使用的不是 Spotcheck 的密钥类型（{kind}）：Spotcheck 的签名密钥都是 ECDSA P-256，"
                           "由 spotcheck key create 或“文件 › 签名密钥和证书”创建。",
                           [Problem("ECDSA P-256 的证书", source)])


def _read_certificate_file(path: Path):
    from app.files import read_regular_file

    if not Path(path).exists():
        raise InputRefused(f"证书文件 {path} 不存在。", [Problem("存在的证书文件", str(path))])
    return _parse_certificate(read_regular_file(Path(path), MAX_KEY_FILE, "证书文件"), str(path))


@dataclass(frozen=True)
class CertificateFile:
    """What a certificate file says, to check before registering it: whose it claims to be, and its fingerprint."""

    key: KeyInfo
    name: str  # the subject's CN
    cert_no: str  # the subject's serialNumber: the enforcement certificate number
    registered_to: str | None  # the inspector it is already registered to in this database, if any


def read_certificate(db: Database, path: Path) -> CertificateFile:
    from cryptography.x509.oid import NameOID

    cert = _read_certificate_file(Path(path))
    facts = _cert_facts(cert)
    numbers = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    existing = store.by_fingerprint(db, facts["fingerprint"])
    owner = get_inspector(db, existing["inspector_id"]) if existing else None
    info = KeyInfo(facts["fingerprint"], display_fingerprint(facts["fingerprint"]), facts["subject"],
                   facts["not_before"], facts["not_after"])
    return CertificateFile(info, _common_name(cert), str(numbers[0].value) if numbers else "",
                           owner.name if owner else (existing["inspector_id"] if existing else None))


KDF_ROUNDS = 600_000  # PBKDF2-SHA256 (OWASP 2023): 70 ms to unlock with SHA CPU extensions, a few times that
# without; every guess at the passphrase costs the same


def _encrypted_key(private_key, passphrase: str) -> bytes:
    """The key as an encrypted PKCS#8 PEM (PBES2: PBKDF2-SHA256 with KDF_ROUNDS rounds, AES-256-CBC).

    cryptography's BestAvailableEncryption writes the same format but with only 2,048 rounds and no way
    to ask for more, so the standard structure is assembled here from its primitives (asn1crypto
    encodes it); loading is cryptography's own `load_pem_private_key`.
    """
    from asn1crypto import keys as asn1_keys
    from asn1crypto import pem
    from cryptography.hazmat.primitives import hashes, padding, serialization
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    plain = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
    salt, iv = os.urandom(16), os.urandom(16)
    secret = PBKDF2HMAC(hashes.SHA256(), 32, salt, KDF_ROUNDS).derive(passphrase.encode("utf-8"))
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(secret), modes.CBC(iv)).encryptor()
    sealed = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
    info = asn1_keys.EncryptedPrivateKeyInfo({
        "encryption_algorithm": {"algorithm": "pbes2", "parameters": {
            "key_derivation_func": {"algorithm": "pbkdf2", "parameters": {
                "salt": {"specified": salt}, "iteration_count": KDF_ROUNDS, "prf": {"algorithm": "sha256"}}},
            "encryption_scheme": {"algorithm": "aes256_cbc", "parameters": iv}}},
        "encrypted_data": sealed,
    })
    return pem.armor("ENCRYPTED PRIVATE KEY", info.dump())


def check_new_passphrase(passphrase: str | None) -> str:
    if not passphrase:
        raise InputRefused("口令不能为空。", [Problem(f"至少 {MIN_PASSPHRASE} 个字符的口令", None)])
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputRefused(f"口令太短：至少要 {MIN_PASSPHRASE} 个字符。",
                           [Problem(f"至少 {MIN_PASSPHRASE} 个字符的口令", f"{len(passphrase)} 个字符")])
    return passphrase


def _load_private_key(path: Path, passphrase: str):
    from cryptography.hazmat.primitives import serialization

    from app.files import read_regular_file

    if not path.exists():
        raise InputRefused(f"本数据库还没有签名密钥（{path} 不存在）：请先创建签名密钥（菜单“文件 › 签名密钥和证书”，或命令 spotcheck key create）。",
                           [Problem("已创建的签名密钥（菜单“文件 › 签名密钥和证书”，或 spotcheck key create）", None)])
    data = read_regular_file(path, MAX_KEY_FILE, "签名密钥文件")
    _require_readable_key_file(path, data)
    if not passphrase:
        raise InputRefused(WRONG_PASSPHRASE, [Problem("创建签名密钥时设定的口令", None)])
    try:
        return serialization.load_pem_private_key(data, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        # cryptography says "Bad decrypt. Incorrect password?" (ValueError) for a wrong passphrase, and a
        # ValueError/TypeError for a damaged file; none of them names the passphrase.
        raise InputRefused(WRONG_PASSPHRASE, [Problem("创建签名密钥时设定的口令", None)]) from exc


def _require_readable_key_file(path: Path, data: bytes) -> None:
    """An encrypted PKCS#8 structure that parses; otherwise the file is damaged — said as such, never as a wrong
    passphrase (which could lead a user to replace, and so retire, a key whose file only needs restoring)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import pem

    from app.domain.problems import IntegrityFailure

    try:
        if not pem.detect(data):
            raise ValueError("not PEM")
        kind, _, der = pem.unarmor(data)
        if kind != "ENCRYPTED PRIVATE KEY":
            raise ValueError(kind)
        asn1_keys.EncryptedPrivateKeyInfo.load(der, strict=True).native  # noqa: B018 - parses every field
    except Exception as exc:  # noqa: BLE001 - asn1crypto raises several kinds for a damaged structure
        raise IntegrityFailure(
            f"签名密钥文件 {path} 已损坏或不是 Spotcheck 的密钥文件（这不是口令的问题）。请用备份的密钥文件替换它；"
            "在确认无法恢复之前，不要另建密钥（spotcheck key create --replace 会停用旧密钥）。",
            [Problem("spotcheck key create 创建的加密私钥文件（PEM）", str(path))]) from exc


def _same_key(private_key, cert) -> bool:
    from cryptography.hazmat.primitives import serialization

    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    return (private_key.public_key().public_bytes(serialization.Encoding.DER, spki)
            == cert.public_key().public_bytes(serialization.Encoding.DER, spki))


# --- use cases -------------------------------------------------------------------------------------


def _profile_inspector(db: Database):
    inspector_id = profile.get(db, "inspector_id")
    inspector = get_inspector(db, inspector_id) if inspector_id else None
    if inspector is None:
        raise InputRefused("请先设置本数据库的使用人（菜单“文件 › 使用人和角色”，或命令 spotcheck profile set --inspector ID），再创建签名密钥："
                           "证书上要写明签名人是谁。",
                           [Problem("本数据库的使用人（人员库中的一名检查人员）", inspector_id)])
    return inspector


def create_key(db: Database, db_path: Path, passphrase: str, *, replace: bool = False) -> KeyInfo:
    """Make the profile's key and certificate, write them beside the database and register the certificate.

    With `replace` (a lost passphrase) an existing key file is moved aside and its certificate marked retired:
    what it signed before still verifies.
    """
    from cryptography.hazmat.primitives.asymmetric import ec

    check_new_passphrase(passphrase)
    inspector = _profile_inspector(db)
    paths = key_paths(db_path)
    exists = paths.key.exists()
    if exists and not replace:
        raise InputRefused(f"本数据库已有签名密钥（{paths.key}）。如果忘记了口令，可以换一把新密钥（菜单“文件 › 签名密钥和证书”中的“忘记口令：换一把新密钥”，"
                           "或命令 spotcheck key create --replace），用旧密钥签过的文件仍可验证。",
                           [Problem("还没有签名密钥的数据库，或换一把新密钥（--replace）", str(paths.key))])
    old_fp = None
    if exists:
        try:
            old_fp = fingerprint(_read_certificate_file(paths.certificate))
        except InputRefused:
            old_fp = hashlib.sha256(paths.key.read_bytes()).hexdigest()  # no certificate left: name it by the file

    now = _now()
    private_key = ec.generate_private_key(ec.SECP256R1())
    cert = _build_certificate(private_key, inspector, now)
    facts = _cert_facts(cert)
    aside = None
    with db.atomic():
        if old_fp:
            store.retire(db, old_fp, _iso(now))
        store.insert(db, {"id": str(uuid.uuid4()), "inspector_id": inspector.id, **facts, "source": "created",
                          "created_at": _iso(now)})
        # The files change last, inside the transaction: if writing them fails, the registration is rolled back.
        paths.key.parent.mkdir(parents=True, exist_ok=True)
        if exists:
            aside = retired_key_path(db_path, old_fp)
            n = 1
            while aside.exists():
                n += 1
                aside = aside.with_name(f"{Path(db_path).stem}-signing-key.retired-{old_fp[:12]}-{n}.pem")
            os.replace(paths.key, aside)
        try:
            write_atomically(paths.key, _encrypted_key(private_key, passphrase), private=True)
            write_atomically(paths.certificate, cert_pem(cert).encode("ascii"))
        except BaseException:
            if aside is not None:
                os.replace(aside, paths.key)  # the old key back where it was, as the rollback leaves its row
            raise
    return KeyInfo(facts["fingerprint"], display_fingerprint(facts["fingerprint"]), facts["subject"],
                   facts["not_before"], facts["not_after"], inspector.id, inspector.name, str(paths.key),
                   str(paths.certificate), old_fp, str(aside) if aside else None)


def load_signer_material(db_path: Path, passphrase: str):
    """(private key, certificate) of the profile, as cryptography objects, for `reports.signing.sign_pdf`."""
    paths = key_paths(db_path)
    private_key = _load_private_key(paths.key, passphrase)
    if not paths.certificate.exists():
        raise InputRefused(f"签名证书文件 {paths.certificate} 不见了；请换一把新密钥（菜单“文件 › 签名密钥和证书”中的“忘记口令：换一把新密钥”，"
                           "或命令 spotcheck key create --replace）。",
                           [Problem("签名证书文件", str(paths.certificate))])
    cert = _read_certificate_file(paths.certificate)
    if not _same_key(private_key, cert):
        raise IntegrityFailure(f"签名证书 {paths.certificate} 与签名密钥不配对（证书文件被替换过？）。未作任何签名。")
    return private_key, cert


def change_passphrase(db_path: Path, old: str, new: str) -> Path:
    """Re-encrypt the key file with `new`; the key (and so its certificate) stays the same."""
    paths = key_paths(db_path)
    private_key = _load_private_key(paths.key, old)
    check_new_passphrase(new)
    write_atomically(paths.key, _encrypted_key(private_key, new), private=True)
    return paths.key


def export_certificate(db_path: Path, out: Path) -> KeyInfo:
    """Copy the profile's certificate (public, PEM) to `out`, for a lead to import."""
    paths = key_paths(db_path)
    if not paths.certificate.exists():
        raise InputRefused("本数据库还没有签名密钥：请先创建签名密钥（菜单“文件 › 签名密钥和证书”，或命令 spotcheck key create）。",
                           [Problem("已创建的签名密钥（菜单“文件 › 签名密钥和证书”，或 spotcheck key create）", None)])
    cert = _read_certificate_file(paths.certificate)
    out = Path(out)
    if out.is_dir():
        raise InputRefused(f"{out} 是一个文件夹；请给出要写入的证书文件名（如 {out / 'cert.pem'}）。",
                           [Problem("证书文件名", str(out))])
    make_folder(out.parent)
    write_atomically(out, cert_pem(cert).encode("ascii"))
    facts = _cert_facts(cert)
    return KeyInfo(facts["fingerprint"], display_fingerprint(facts["fingerprint"]), facts["subject"],
                   facts["not_before"], facts["not_after"], certificate_path=str(out))


def import_certificate(db: Database, pem_path: Path, inspector_key: str) -> dict:
    """Register another inspector's certificate (from `key export`) under `inspector_key` (id or cert no.)."""
    cert = _read_certificate_file(Path(pem_path))
    inspector = get_inspector(db, inspector_key)
    if inspector is None:
        raise InputRefused(f"人员库中没有 {inspector_key}。", [Problem("人员库中已有人员的记录ID或执法证号", inspector_key)])
    facts = _cert_facts(cert)
    info = KeyInfo(facts["fingerprint"], display_fingerprint(facts["fingerprint"]), facts["subject"],
                   facts["not_before"], facts["not_after"], inspector.id, inspector.name).to_json()
    notes = []
    existing = store.by_fingerprint(db, facts["fingerprint"])
    if existing is not None:
        if existing["inspector_id"] != inspector.id:
            owner = get_inspector(db, existing["inspector_id"])
            raise InputRefused(
                f"这张证书已登记在 {owner.name if owner else existing['inspector_id']} 名下，不能再登记给 {inspector.name}。",
                [Problem("尚未登记在其他人名下的证书", facts["fingerprint"])])
        notes.append("这张证书已经登记过，未作改动。")
        return {"imported": False, "key": info, "notes": notes}
    cn = _common_name(cert)
    if cn and cn != inspector.name:
        notes.append(f"证书上的姓名“{cn}”与人员库中的“{inspector.name}”不一致，请核实。")
    if cert.not_valid_after_utc < _now():
        notes.append(f"这张证书已于 {_iso(cert.not_valid_after_utc)} 过期；它只用于验证此前的签名。")
    with db.atomic():
        store.insert(db, {"id": str(uuid.uuid4()), "inspector_id": inspector.id, **facts, "source": "imported",
                          "created_at": _iso(_now())})
    return {"imported": True, "key": info, "notes": notes}


def _key_json(row: dict, current: str | None) -> dict:
    return {"fingerprint": row["fingerprint"], "fingerprint_display": display_fingerprint(row["fingerprint"]),
            "subject": row["subject"], "not_before": row["not_before"], "not_after": row["not_after"],
            "retired_at": row["retired_at"], "source": row["source"], "created_at": row["created_at"],
            "current": row["fingerprint"] == current}


def show(db: Database, db_path: Path) -> dict:
    """The profile's current key (from the files beside the database) and every registered key, per inspector."""
    paths = key_paths(db_path)
    current = None
    if paths.certificate.exists():
        try:
            cert = _read_certificate_file(paths.certificate)
        except InputRefused:
            cert = None
        if cert is not None:
            facts = _cert_facts(cert)
            row = store.by_fingerprint(db, facts["fingerprint"])
            current = {**KeyInfo(facts["fingerprint"], display_fingerprint(facts["fingerprint"]), facts["subject"],
                                 facts["not_before"], facts["not_after"], row["inspector_id"] if row else None,
                                 None, str(paths.key), str(paths.certificate)).to_json(),
                       "key_file_present": paths.key.exists(), "registered": row is not None}
    inspectors: dict[str, dict] = {}
    for row in store.all_keys(db):
        entry = inspectors.setdefault(row["inspector_id"], {"inspector_id": row["inspector_id"],
                                                            "inspector_name": row["inspector_name"], "keys": []})
        entry["keys"].append(_key_json(row, current["fingerprint"] if current else None))
        if current and current["fingerprint"] == row["fingerprint"]:
            current["inspector_name"] = row["inspector_name"]
    return {"db": str(db_path), "current": current, "inspectors": list(inspectors.values())}


def trusted_keys(db: Database) -> dict[str, dict]:
    """Registered keys for `reports.signing.verify_pdf`: fingerprint → inspector and validity."""
    return {row["fingerprint"]: {"inspector_id": row["inspector_id"], "inspector_name": row["inspector_name"],
                                 "not_before": row["not_before"], "not_after": row["not_after"],
                                 "retired_at": row["retired_at"]}
            for row in store.all_keys(db)}
