"""The `.scpkg` container (docs/package-format.md): writing a signed package and reading one without trusting it.

A package is a zip: `manifest.json` (what the package is, who made it, and the SHA-256 and size of every other
file), `data.json`, `attachments/<sha256>` (stored, not deflated), an optional `report.pdf`, and `signature`:
ECDSA P-256 with SHA-256, DER, over the exact bytes of `manifest.json`, by the author's registered key.

Reading (`open_package`) checks everything before anything is used, in this order: a regular file of bounded
size; a zip whose central directory can be read; its entries (count, names, types, sizes — judged from the central
directory before a byte is extracted); the manifest (version understood, fields); the signature (against the key
registered for the author); the file list (exactly the files present); each file's size and SHA-256 while it is
streamed. Every refusal is an `IntegrityFailure` (or `InputRefused` when the path is no file at all) whose
problems name the check (`expected`) and the file. No database, no Qt.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.problems import InputRefused, Problem
from app.exchange.package_manifest import (  # noqa: F401 - the manifest's names are part of this module's interface
    ATTACHMENTS,
    DATA,
    FORMAT_VERSION,
    KINDS,
    MANIFEST,
    REPORT,
    SIGNATURE,
    Author,
    FileEntry,
    Manifest,
    parse_manifest,
    refuse,
    require_text,
    verify_signature,
)
from app.files import require_regular_file

CHUNK = 1024 * 1024
MiB = 1024 * 1024
_ATTACHMENT = re.compile(r"^attachments/([0-9a-f]{64})$")


@dataclass(frozen=True)
class Limits:
    """What a reader accepts (docs/package-format.md, Limits)."""

    package_bytes: int = 2048 * MiB
    entries: int = 10_000
    total_bytes: int = 2048 * MiB  # the sum of the entries' uncompressed sizes
    manifest_bytes: int = 4 * MiB
    signature_bytes: int = 256
    data_bytes: int = 256 * MiB
    file_bytes: int = 50 * MiB  # one attachment, or report.pdf


LIMITS = Limits()


@dataclass
class Package:
    """A package that passed every check: its manifest, its parsed data.json, and where its files went."""

    path: Path
    manifest: Manifest
    manifest_bytes: bytes
    data: dict
    unpacked: dict[str, Path] = field(default_factory=dict)  # package path -> file (only with `unpack_to`)


# What the zip library raises on a damaged or hostile archive (never a defect of ours).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OverflowError, NotImplementedError,
               RuntimeError, KeyError, IndexError, __import__("struct").error)


def _open_file(path: Path, limits: Limits):
    """The package opened for reading: a regular file (never a FIFO blocked on) of at most the size limit."""
    info = require_regular_file(path, "数据包文件")
    if info.st_size > limits.package_bytes:
        raise InputRefused(f"{path.name} 太大（{info.st_size // MiB} MB），超过数据包上限 {limits.package_bytes // MiB} MB。",
                           [Problem(f"不超过 {limits.package_bytes // MiB} MB 的数据包", info.st_size, file=path.name)])
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputRefused(f"无法读取数据包 {path}：{exc.strerror or exc}。",
                           [Problem("可以读取的数据包文件", str(path), file=path.name)]) from None
    handle = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped after the stat
        handle.close()
        raise InputRefused(f"{path} 不是普通文件。", [Problem("一个普通的数据包文件", str(path), file=path.name)])
    return handle


def safe_name(name: str) -> bool:
    """A relative path inside the package: no absolute path, drive, backslash, `..`, `.` or empty part."""
    if not name or len(name) > 255 or "\\" in name or ":" in name or name.startswith("/"):
        return False
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return False
    parts = name.rstrip("/").split("/") if name.endswith("/") else name.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def _known_name(name: str) -> bool:
    return name in (MANIFEST, SIGNATURE, DATA, REPORT) or bool(_ATTACHMENT.fullmatch(name))


def _check_directory_size(handle, limits: Limits, shown: str) -> None:
    """Refuse a central directory that announces too many entries before the zip library parses it (it would
    build one object per entry, whatever their number). zipfile's own end-of-directory reader is used: a private
    name, stable since Python 2; without it the entry count is still checked after parsing."""
    reader = getattr(zipfile, "_EndRecData", None)
    if reader is None:
        return
    end = reader(handle)
    if end is None:
        return  # not a zip: zipfile.ZipFile says so next
    count, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
    if count > limits.entries or size > limits.entries * 1024:
        raise refuse(f"数据包的目录声称有 {count} 个条目（{size} 字节），超过上限 {limits.entries}（可能是“压缩炸弹”）。",
                      f"不超过 {limits.entries} 个条目", shown, count)
    handle.seek(0)


def _check_entries(zf: zipfile.ZipFile, limits: Limits, size: int) -> dict[str, zipfile.ZipInfo]:
    """Judge every entry from the central directory, before anything is extracted (`size`: the file's)."""
    infos = zf.infolist()
    if len(infos) > limits.entries:
        raise refuse(f"数据包中有 {len(infos)} 个条目，超过上限 {limits.entries}（可能是“压缩炸弹”）。",
                      f"不超过 {limits.entries} 个条目", None, len(infos))
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if not safe_name(name):
            raise refuse(f"数据包中的路径 {name!r} 指向包外或不合规（绝对路径、“..”、反斜杠或盘符）。",
                          "数据包内的相对路径", name)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or (stat.S_IFMT(mode) and not stat.S_ISREG(mode)
                                  and not (stat.S_ISDIR(mode) and name.endswith("/"))):
            raise refuse(f"数据包中的 {name} 是符号链接或特殊文件，数据包只能含普通文件。", "普通文件（不是链接）", name)
        if name in entries or name.rstrip("/") in entries or name + "/" in entries:
            raise refuse(f"数据包中 {name} 出现了不止一次。", "不重复的文件名", name)
        if info.is_dir() or name.endswith("/"):
            if name != ATTACHMENTS:
                raise refuse(f"数据包中有文件夹 {name}：只允许 attachments/。", "除 attachments/ 外没有文件夹", name)
            entries[name] = info
            continue
        if not _known_name(name):
            raise refuse(f"数据包中有不属于本格式的文件 {name}。", "manifest.json、signature、data.json、report.pdf "
                          "或 attachments/<SHA-256>", name)
        if not 0 <= info.header_offset < size or info.compress_size > size:
            raise refuse(f"数据包的目录把 {name} 放在文件之外（目录已损坏）。", "完好的 zip 目录", name, info.header_offset)
        if info.flag_bits & 0x1:
            raise refuse(f"数据包中的 {name} 是加密的 zip 条目，本版本不能读取。", "未加密的条目", name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(f"数据包中的 {name} 使用了不支持的压缩方法（{info.compress_type}）。", "存储或 deflate 压缩", name,
                          info.compress_type)
        cap = _cap(name, limits)
        if info.file_size > cap:
            raise refuse(f"数据包中的 {name} 声称有 {info.file_size} 字节，超过上限 {cap}（可能是“压缩炸弹”）。",
                          f"不超过 {cap} 字节", name, info.file_size)
        total += info.file_size
        entries[name] = info
    if total > limits.total_bytes:
        raise refuse(f"数据包解压后共 {total} 字节，超过上限 {limits.total_bytes}（可能是“压缩炸弹”）。",
                      f"解压后共不超过 {limits.total_bytes} 字节", None, total)
    return entries


def _cap(name: str, limits: Limits) -> int:
    return {MANIFEST: limits.manifest_bytes, SIGNATURE: limits.signature_bytes,
            DATA: limits.data_bytes}.get(name, limits.file_bytes)


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, expected_size: int, sink=None) -> tuple[str, int]:
    """Read one entry in chunks, counting bytes (never more than `expected_size` + 1) and hashing them."""
    digest, size = hashlib.sha256(), 0
    name = info.filename
    try:
        with zf.open(info) as source:
            while chunk := source.read(min(CHUNK, expected_size + 1 - size)):
                size += len(chunk)
                if size > expected_size:
                    raise refuse(f"{name} 解压出的内容比声明的 {expected_size} 字节多（条目头不实，可能是“压缩炸弹”）。",
                                  f"恰好 {expected_size} 字节", name, f"超过 {expected_size} 字节")
                digest.update(chunk)
                if sink is not None:
                    sink.write(chunk)
    except _ZIP_ERRORS as exc:
        raise refuse(f"数据包中的 {name} 已损坏，无法读出：它的内容与数据包记下的校验和不符，或无法解压。请从原处重新复制"
                      "这个数据包，或请发出人重新导出。", "完好的条目（校验和正确）", name, str(exc)) from None
    except OSError as exc:
        if exc.errno == errno.EINVAL:  # a seek the damaged directory asked for, out of the file
            raise refuse(f"数据包中的 {name} 已损坏，无法读出。", "完好的条目（校验和正确）", name) from None
        raise InputRefused(f"无法读取数据包中的 {name}：{exc.strerror or exc}（存储设备被拔出或损坏？）。",
                           [Problem("可以读取的数据包", str(exc), file=name)]) from None
    return digest.hexdigest(), size


def _read_small(zf: zipfile.ZipFile, entries: dict, name: str) -> bytes:
    if name not in entries:
        raise refuse(f"数据包中没有 {name}。", f"含有 {name} 的数据包", name)
    import io

    buffer = io.BytesIO()
    _stream(zf, entries[name], entries[name].file_size, buffer)
    return buffer.getvalue()


def _check_file_list(manifest: Manifest, entries: dict[str, zipfile.ZipInfo]) -> None:
    listed: dict[str, FileEntry] = {}
    for f in manifest.files:
        if f.path in listed:
            raise refuse(f"manifest.json 的文件清单中 {f.path} 列了不止一次。", "每个文件只列一次", f.path)
        if f.path in (MANIFEST, SIGNATURE) or not safe_name(f.path) or not _known_name(f.path):
            raise refuse(f"manifest.json 列出了不合规的路径 {f.path!r}。", "data.json、report.pdf 或 attachments/<SHA-256>",
                          f.path)
        match = _ATTACHMENT.fullmatch(f.path)
        if match and match.group(1) != f.sha256:
            raise refuse(f"附件 {f.path} 的名称与清单中的 SHA-256 不符。", "以自身 SHA-256 命名的附件", f.path, f.sha256)
        listed[f.path] = f
    if DATA not in listed:
        raise refuse("manifest.json 没有列出 data.json。", "列出 data.json 的清单", DATA)
    present = {n for n, i in entries.items() if n not in (MANIFEST, SIGNATURE) and not n.endswith("/")}
    for name in sorted(present - set(listed)):
        raise refuse(f"数据包中的 {name} 不在 manifest.json 的清单中（被加入的文件）。", "清单中列出的文件", name)
    for name in sorted(set(listed) - present):
        raise refuse(f"manifest.json 列出的 {name} 不在数据包中（被删除的文件）。", "清单中列出的文件都在包中", name)
    for name, f in listed.items():
        if entries[name].file_size != f.size:
            raise refuse(f"{name} 的大小（{entries[name].file_size} 字节）与清单中的 {f.size} 字节不符。",
                          f"{f.size} 字节", name, entries[name].file_size)


def _zip(handle, path: Path, limits: Limits) -> zipfile.ZipFile:
    """The zip's directory, read only after the entry count it announces was judged (see the module docstring)."""
    try:
        _check_directory_size(handle, limits, path.name)
        return zipfile.ZipFile(handle)
    except (*_ZIP_ERRORS, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno != errno.EINVAL:
            raise InputRefused(f"无法读取数据包 {path}：{exc.strerror or exc}。",
                               [Problem("可以读取的数据包文件", str(path), file=path.name)]) from None
        raise refuse(f"{path.name} 不是完整的数据包：它不是 zip 文件，或复制时被截断、损坏。请从原处重新复制，或请发出人"
                      "重新导出。", "完整的 .scpkg（zip）文件", path.name, str(exc)) from None


def unverified_data(path: Path, limits: Limits = LIMITS) -> tuple[Manifest, dict]:
    """The manifest and data.json of a package whose signature cannot be checked yet: for a first contact, when
    the user has confirmed the author's key fingerprint and the key's certificate travels in data.json. Every
    check of the container is made, and data.json must match the manifest's SHA-256; only the signature is not
    checked here, so nothing read may be trusted before `open_package` has checked it with that certificate."""
    import io

    path = Path(path)
    with _open_file(path, limits) as handle:
        zf = _zip(handle, path, limits)
        with zf:
            entries = _check_entries(zf, limits, os.fstat(handle.fileno()).st_size)
            manifest = parse_manifest(_read_small(zf, entries, MANIFEST))
            _check_file_list(manifest, entries)
            listed = next(f for f in manifest.files if f.path == DATA)
            sink = io.BytesIO()
            sha, size = _stream(zf, entries[DATA], listed.size, sink)
            if (sha, size) != (listed.sha256, listed.size):
                raise refuse("data.json 的内容与 manifest.json 中的 SHA-256 不符：文件被改动过。",
                              f"SHA-256 {listed.sha256}", DATA, sha)
            return manifest, _parse_data(sink.getvalue())


def open_package(path: Path, trusted_keys: dict[str, dict], *, unpack_to: Path | None = None,
                 sink_for=None, limits: Limits = LIMITS) -> Package:
    """Check the package at `path` completely and return it; see the module docstring for the order.

    With `unpack_to` (an existing folder) every file but data.json is also written there — attachments under
    their SHA-256, report.pdf as report.pdf — and only once every check has passed: a refused package leaves
    nothing behind.

    Or `sink_for(entry)` (a `FileEntry` of the manifest, every listed file but data.json, in the manifest's
    order): called only once the signature and the file list were checked, so that `entry.sha256` is the
    signed one; it returns a writable that the file's bytes are written to while they are hashed (and closed
    after the last one), or None to hash them only. What was written is the caller's: it is trusted only if
    this returns, and the caller discards it if this raises."""
    path = Path(path)
    with _open_file(path, limits) as handle:
        zf = _zip(handle, path, limits)
        with zf:
            entries = _check_entries(zf, limits, os.fstat(handle.fileno()).st_size)
            raw = _read_small(zf, entries, MANIFEST)
            signature = _read_small(zf, entries, SIGNATURE)
            manifest = parse_manifest(raw)
            verify_signature(manifest, raw, signature, trusted_keys)
            _check_file_list(manifest, entries)
            if unpack_to is None:
                return Package(path, manifest, raw, _read_into(zf, entries, manifest, sink_for or _nowhere))
            return _unpack(path, zf, entries, manifest, raw, unpack_to)


def _nowhere(entry: FileEntry) -> None:
    return None


def _unpack(path: Path, zf, entries, manifest: Manifest, raw: bytes, unpack_to: Path) -> Package:
    temps: dict[str, Path] = {}

    def sink_for(f: FileEntry):
        fd, name = tempfile.mkstemp(prefix=".incoming-", suffix=".tmp", dir=unpack_to)
        temps[f.path] = Path(name)
        return os.fdopen(fd, "wb")

    try:
        data = _read_into(zf, entries, manifest, sink_for)
        unpacked = {}
        for name, temp in temps.items():
            final = unpack_to / (REPORT if name == REPORT else name.removeprefix(ATTACHMENTS))
            os.replace(temp, final)
            unpacked[name] = final
        temps.clear()
        return Package(path, manifest, raw, data, unpacked)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)


def _read_into(zf, entries, manifest: Manifest, sink_for) -> dict:
    """Every listed file streamed and checked (size, SHA-256); data.json parsed, the others written to the sinks."""
    import io

    data = None
    for f in manifest.files:
        sink = io.BytesIO() if f.path == DATA else sink_for(f)
        try:
            sha, size = _stream(zf, entries[f.path], f.size, sink)
        finally:
            if sink is not None and f.path != DATA:
                sink.close()
        _check_read(f, sha, size)
        if f.path == DATA:
            data = _parse_data(sink.getvalue())
    return data


def _check_read(f: FileEntry, sha: str, size: int) -> None:
    if size != f.size:
        raise refuse(f"{f.path} 只读出 {size} 字节，清单中是 {f.size} 字节。", f"{f.size} 字节", f.path, size)
    if sha != f.sha256:
        raise refuse(f"{f.path} 的内容与 manifest.json 中的 SHA-256 不符：文件被改动过。",
                      f"SHA-256 {f.sha256}", f.path, sha)


def _parse_data(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise refuse("data.json 不是 UTF-8 的 JSON。", "UTF-8 JSON 对象", DATA) from None
    if not isinstance(data, dict):
        raise refuse("data.json 不是 JSON 对象。", "JSON 对象", DATA)
    require_text(data, raw, DATA)
    return data
