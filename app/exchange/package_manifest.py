"""The `.scpkg` manifest (docs/package-format.md): what a package is and who made it, read without trusting it,
and the signature over its exact bytes checked against the author's registered key (app/exchange/package.py reads
the rest of the container). No database, no Qt.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from app.domain.problems import IntegrityFailure, Problem

FORMAT_VERSION = 1
KINDS = ("assignment", "findings")
MANIFEST, SIGNATURE, DATA, REPORT = "manifest.json", "signature", "data.json", "report.pdf"
ATTACHMENTS = "attachments/"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
MANIFEST_FIELDS = {"format_version": int, "kind": str, "package_id": str, "created_at": str, "author": dict,
                   "device_id": str, "task_ids": list, "audit_head": (dict, type(None)), "files": list,
                   "encryption": type(None)}
OPTIONAL_FIELDS = {"extensions": dict}  # informative only: never needed to read or trust the package


@dataclass(frozen=True)
class FileEntry:
    path: str
    sha256: str
    size: int

    def to_json(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "size": self.size}


@dataclass(frozen=True)
class Author:
    inspector_id: str
    key_fingerprint: str
    name: str = ""


@dataclass(frozen=True)
class Manifest:
    kind: str
    package_id: str
    created_at: str
    author: Author
    device_id: str
    task_ids: tuple[str, ...]
    audit_head: dict | None
    files: tuple[FileEntry, ...]
    format_version: int = FORMAT_VERSION

    def to_json(self) -> dict:
        return {"format_version": self.format_version, "kind": self.kind, "package_id": self.package_id,
                "created_at": self.created_at,
                "author": {"inspector_id": self.author.inspector_id, "name": self.author.name,
                           "key_fingerprint": self.author.key_fingerprint},
                "device_id": self.device_id, "task_ids": list(self.task_ids), "audit_head": self.audit_head,
                "files": [f.to_json() for f in self.files], "encryption": None}


def refuse(message: str, expected: str, file: str | None, value=None) -> IntegrityFailure:
    return IntegrityFailure(message, [Problem(expected, value, file=file)])


def parse_manifest(raw: bytes) -> Manifest:
    """manifest.json read without trusting it: the version understood, every field of its type, nothing unknown."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise refuse("manifest.json 不是 UTF-8 的 JSON。", "UTF-8 JSON 对象", MANIFEST) from None
    if not isinstance(data, dict):
        raise refuse("manifest.json 不是 JSON 对象。", "JSON 对象", MANIFEST)
    require_text(data, raw, MANIFEST)
    version = data.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise refuse(f"数据包的格式版本 {version!r} 本程序不认识（本程序读取版本 {FORMAT_VERSION}）：请升级 Spotcheck。",
                      f"格式版本 {FORMAT_VERSION}", MANIFEST, version)
    if data.get("encryption") is not None:
        raise refuse("数据包是加密的，本版本不能读取：请升级 Spotcheck。", "未加密（encryption 为 null）", MANIFEST,
                      "encryption")
    for key, kind in MANIFEST_FIELDS.items():
        if key not in data or not isinstance(data[key], kind) or type(data[key]) is bool:
            raise refuse(f"manifest.json 缺少字段 {key} 或其类型不对。", f"字段 {key}", MANIFEST, key)
    unknown = sorted(set(data) - set(MANIFEST_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown or not isinstance(data.get("extensions", {}), dict):
        raise refuse(f"manifest.json 中有本程序不认识的字段 {', '.join(unknown) or 'extensions'}。",
                      "格式版本 1 定义的字段", MANIFEST, ", ".join(unknown))
    author = data["author"]
    if data["kind"] not in KINDS or not is_text(author.get("inspector_id")) or \
            not _HEX64.fullmatch(str(author.get("key_fingerprint"))) or not is_time(data["created_at"]) or \
            not all(is_text(t) for t in data["task_ids"]):
        raise refuse("manifest.json 的种类、作者、时间或任务字段不合规。", "格式版本 1 的 manifest", MANIFEST)
    head = data["audit_head"]
    if head is not None and (type(head.get("entry_id")) is not int or not _HEX64.fullmatch(str(head.get("hash")))):
        raise refuse("manifest.json 的 audit_head 不合规。", "{entry_id: 整数, hash: SHA-256} 或 null", MANIFEST)
    files = []
    for entry in data["files"]:
        ok = isinstance(entry, dict) and isinstance(entry.get("path"), str) and \
            _HEX64.fullmatch(str(entry.get("sha256"))) and type(entry.get("size")) is int and entry["size"] >= 0
        if not ok:
            raise refuse("manifest.json 的文件清单中有不合规的条目。", "{path, sha256, size}", MANIFEST, str(entry)[:200])
        files.append(FileEntry(entry["path"], entry["sha256"], entry["size"]))
    return Manifest(data["kind"], data["package_id"], data["created_at"],
                    Author(author["inspector_id"], author["key_fingerprint"], str(author.get("name") or "")),
                    data["device_id"], tuple(data["task_ids"]), head, tuple(files))


def is_text(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 200


def is_time(value) -> bool:
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except (TypeError, ValueError):
        return False


def verify_signature(manifest: Manifest, raw: bytes, signature: bytes, trusted_keys: dict[str, dict]) -> None:
    """The signature over `raw`, by the key registered under the manifest's fingerprint for its author.

    `trusted_keys`: fingerprint → {inspector_id, certificate (PEM), retired_at, not_before, not_after}."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding

    fp = manifest.author.key_fingerprint
    known = trusted_keys.get(fp)
    if known is None:
        raise refuse(f"签名密钥（指纹 {fp[:16]}…）未在本数据库中登记：不能确认数据包的作者。",
                      "本数据库中登记过的签名密钥", SIGNATURE, fp)
    if known["inspector_id"] != manifest.author.inspector_id:
        raise refuse(f"签名密钥（指纹 {fp[:16]}…）登记在另一名检查人员名下，不是数据包所称的作者 {manifest.author.inspector_id}。",
                      "登记在作者本人名下的签名密钥", SIGNATURE, manifest.author.inspector_id)
    created = datetime.fromisoformat(manifest.created_at)
    retired = known.get("retired_at")
    if retired and created >= datetime.fromisoformat(retired):
        raise refuse(f"签名密钥（指纹 {fp[:16]}…）已于 {retired} 停用，而数据包注明的制作时间是 {manifest.created_at}。",
                      "制作时仍在使用的签名密钥", SIGNATURE, retired)
    cert = x509.load_pem_x509_certificate(known["certificate"].encode("ascii"))
    if hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest() != fp:
        raise refuse("登记的证书与其指纹不符。", "与指纹相符的登记证书", SIGNATURE, fp)
    if not cert.not_valid_before_utc <= created <= cert.not_valid_after_utc:
        raise refuse(f"数据包的制作时间 {manifest.created_at} 不在签名证书的有效期内。", "证书有效期内制作的数据包",
                      SIGNATURE, manifest.created_at)
    try:
        cert.public_key().verify(signature, raw, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        raise refuse("数据包的签名与 manifest.json 不符：数据包被改动过，或不是由所称的作者签名。",
                      "作者密钥对 manifest.json 的有效签名", MANIFEST) from None


def require_text(data, raw: bytes, name: str) -> None:
    """Refuse a lone UTF-16 surrogate escaped in the JSON (`\\ud800`): no character, and no database stores it."""
    if _ESCAPED_SURROGATE.search(raw):  # a pair is fine: only then is the whole content checked
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise refuse(f"{name} 含有不成对的 UTF-16 代理项（\\ud800 之类的转义），那不是文字。", "UTF-8 文本", name,
                          repr(exc.object[max(exc.start - 20, 0):exc.end + 20])) from None
        except RecursionError:
            raise refuse(f"{name} 嵌套过深。", "UTF-8 JSON 对象", name) from None
