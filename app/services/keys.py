"""The profile's signing key and the registered certificates of other inspectors (docs/cli.md, key).

The private key is ECDSA P-256, kept beside the database as `<stem>-signing-key.pem` (PKCS#8, encrypted with
the user's passphrase); its self-issued certificate is `<stem>-signing-cert.pem`. The certificate is also
registered in the database (`inspector_keys`) under the profile's inspector, so that what the key signs
verifies there; a lead registers other inspectors' certificates by importing them. Trust is by fingerprint
(SHA-256 of the certificate's DER), not by a certificate authority.

The files' formats (X.509, encrypted PKCS#8) are built and read by `app/exchange/keyfiles.py`. A passphrase is
never logged, never put in a message and never taken from the command line (`app/commands/passphrases.py`
reads it from a file or an environment variable). Qt-free.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.problems import InputRefused, IntegrityFailure, Problem
from app.exchange.keyfiles import (
    build_certificate,
    cert_facts,
    cert_pem,
    common_name,
    display_fingerprint,
    encrypted_key,
    fingerprint,
    iso_utc,
    parse_certificate,
    require_readable_key_file,
    same_key,
)
from app.files import make_folder, write_atomically
from app.store import keys as store
from app.store import profile
from app.store.registry import get_inspector

if TYPE_CHECKING:
    from sqlite_utils import Database

MIN_PASSPHRASE = 8
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


def _read_certificate_file(path: Path):
    from app.files import read_regular_file

    if not Path(path).exists():
        raise InputRefused(f"证书文件 {path} 不存在。", [Problem("存在的证书文件", str(path))])
    return parse_certificate(read_regular_file(Path(path), MAX_KEY_FILE, "证书文件"), str(path))


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
    facts = cert_facts(cert)
    numbers = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    existing = store.by_fingerprint(db, facts["fingerprint"])
    owner = get_inspector(db, existing["inspector_id"]) if existing else None
    info = KeyInfo(facts["fingerprint"], display_fingerprint(facts["fingerprint"]), facts["subject"],
                   facts["not_before"], facts["not_after"])
    return CertificateFile(info, common_name(cert), str(numbers[0].value) if numbers else "",
                           owner.name if owner else (existing["inspector_id"] if existing else None))


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
    require_readable_key_file(path, data)
    if not passphrase:
        raise InputRefused(WRONG_PASSPHRASE, [Problem("创建签名密钥时设定的口令", None)])
    try:
        return serialization.load_pem_private_key(data, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        # cryptography says "Bad decrypt. Incorrect password?" (ValueError) for a wrong passphrase, and a
        # ValueError/TypeError for a damaged file; none of them names the passphrase.
        raise InputRefused(WRONG_PASSPHRASE, [Problem("创建签名密钥时设定的口令", None)]) from exc


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
    cert = build_certificate(private_key, inspector, now)
    facts = cert_facts(cert)
    aside = None
    with db.atomic():
        if old_fp:
            store.retire(db, old_fp, iso_utc(now))
        store.insert(db, {"id": str(uuid.uuid4()), "inspector_id": inspector.id, **facts, "source": "created",
                          "created_at": iso_utc(now)})
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
            write_atomically(paths.key, encrypted_key(private_key, passphrase), private=True)
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
    if not same_key(private_key, cert):
        raise IntegrityFailure(f"签名证书 {paths.certificate} 与签名密钥不配对（证书文件被替换过？）。未作任何签名。")
    return private_key, cert


def change_passphrase(db_path: Path, old: str, new: str) -> Path:
    """Re-encrypt the key file with `new`; the key (and so its certificate) stays the same."""
    paths = key_paths(db_path)
    private_key = _load_private_key(paths.key, old)
    check_new_passphrase(new)
    write_atomically(paths.key, encrypted_key(private_key, new), private=True)
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
    facts = cert_facts(cert)
    return KeyInfo(facts["fingerprint"], display_fingerprint(facts["fingerprint"]), facts["subject"],
                   facts["not_before"], facts["not_after"], certificate_path=str(out))


def import_certificate(db: Database, pem_path: Path, inspector_key: str) -> dict:
    """Register another inspector's certificate (from `key export`) under `inspector_key` (id or cert no.)."""
    cert = _read_certificate_file(Path(pem_path))
    inspector = get_inspector(db, inspector_key)
    if inspector is None:
        raise InputRefused(f"人员库中没有 {inspector_key}。", [Problem("人员库中已有人员的记录ID或执法证号", inspector_key)])
    facts = cert_facts(cert)
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
    cn = common_name(cert)
    if cn and cn != inspector.name:
        notes.append(f"证书上的姓名“{cn}”与人员库中的“{inspector.name}”不一致，请核实。")
    if cert.not_valid_after_utc < _now():
        notes.append(f"这张证书已于 {iso_utc(cert.not_valid_after_utc)} 过期；它只用于验证此前的签名。")
    with db.atomic():
        store.insert(db, {"id": str(uuid.uuid4()), "inspector_id": inspector.id, **facts, "source": "imported",
                          "created_at": iso_utc(_now())})
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
            facts = cert_facts(cert)
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

