"""Writing a `.scpkg` package (docs/package-format.md): the members, the manifest listing them, the signature over
the manifest's exact bytes. Reading one without trusting it is `app.exchange.package`."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from pathlib import Path

from app.domain.problems import IntegrityFailure, Problem
from app.exchange.package import (
    ATTACHMENTS,
    CHUNK,
    DATA,
    MANIFEST,
    REPORT,
    SIGNATURE,
    Author,
    FileEntry,
    Manifest,
)

# --- writing ---------------------------------------------------------------------------------------


def manifest_bytes(manifest: Manifest) -> bytes:
    return json.dumps(manifest.to_json(), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def sign(private_key, data: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    return private_key.sign(data, ec.ECDSA(hashes.SHA256()))


def _copy_hashed(source, zf: zipfile.ZipFile, name: str, compress: int) -> tuple[str, int]:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compress
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    digest, size = hashlib.sha256(), 0
    with zf.open(info, "w", force_zip64=True) as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def write_package(out: Path, *, kind: str, package_id: str, created_at: str, author: Author, device_id: str,
                  task_ids: list[str], audit_head: dict | None, data: bytes, attachments: dict[str, Path],
                  report: bytes | None, private_key) -> Manifest:
    """Write the package to `out` (a new file: the caller makes it atomic) and return its manifest.

    `attachments` maps SHA-256 → the file holding those bytes; a file whose bytes no longer hash to its name is
    refused (IntegrityFailure) rather than sent under a name it does not match."""
    import io

    files: list[FileEntry] = []
    with zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        sha, size = _copy_hashed(io.BytesIO(data), zf, DATA, zipfile.ZIP_DEFLATED)
        files.append(FileEntry(DATA, sha, size))
        for expected in sorted(attachments):
            with open(attachments[expected], "rb") as source:
                sha, size = _copy_hashed(source, zf, ATTACHMENTS + expected, zipfile.ZIP_STORED)
            if sha != expected:
                raise IntegrityFailure(f"附件 {expected} 的内容已与它的 SHA-256 不符（存储的文件被改动或损坏），未导出。",
                                       [Problem("内容与 SHA-256 相符的附件", sha, file=str(attachments[expected]))])
            files.append(FileEntry(ATTACHMENTS + expected, sha, size))
        if report is not None:
            sha, size = _copy_hashed(io.BytesIO(report), zf, REPORT, zipfile.ZIP_STORED)
            files.append(FileEntry(REPORT, sha, size))
        manifest = Manifest(kind, package_id, created_at, author, device_id, tuple(task_ids), audit_head,
                            tuple(files))
        raw = manifest_bytes(manifest)
        zf.writestr(zipfile.ZipInfo(MANIFEST, date_time=(1980, 1, 1, 0, 0, 0)), raw, zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo(SIGNATURE, date_time=(1980, 1, 1, 0, 0, 0)), sign(private_key, raw),
                    zipfile.ZIP_STORED)
    return manifest


# --- reading ---------------------------------------------------------------------------------------


