"""When the machine, not the data, stops a write: a full disk, a read-only file or folder, a lock held too long.

These are said in their own words and never called corruption: telling a user
"the database is damaged, restore a backup" when the disk is merely full could
make them overwrite good data with an old copy. `explain` turns an `OSError`
or an `sqlite3.OperationalError` into one of the errors below, or returns None
when the exception is not about the environment (then it is somebody else's
business: corruption is decided by `PRAGMA integrity_check`, nothing else).

Each error exits 1 on the command line: the input was fine, nothing was
written, and the same command will work once the cause is removed.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from app.domain.problems import SpotcheckError


class EnvironmentFailure(SpotcheckError):
    """The operation was stopped by the machine (disk, permissions, another program); nothing was written."""

    code = "environment"
    exit_status = 1


class DiskFull(EnvironmentFailure):
    code = "disk_full"


class ReadOnly(EnvironmentFailure):
    code = "read_only"


class Busy(EnvironmentFailure):
    code = "busy"


class NoAccess(EnvironmentFailure):
    code = "no_access"


class DiskError(EnvironmentFailure):
    code = "disk_error"


class BadPath(EnvironmentFailure):
    """The path itself cannot be used: too long, a file where a folder must be, a folder where a file must be."""

    code = "bad_path"


class NoDisplay(EnvironmentFailure):
    """There is no screen to open the window on (a Linux session without X or Wayland, such as ssh)."""

    code = "no_display"


def no_display() -> NoDisplay | None:
    """On Linux and the BSDs with neither DISPLAY nor WAYLAND_DISPLAY set (and no QT_QPA_PLATFORM chosen), Qt
    would abort the process when the window opens: say it in words instead. Windows and macOS always have one."""
    import sys

    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return NoDisplay("没有可用的图形显示（DISPLAY 和 WAYLAND_DISPLAY 都未设置），无法打开窗口。"
                     "命令行的各项命令不需要窗口（spotcheck --help）；要在没有显示器的机器上试窗口，"
                     "可设 QT_QPA_PLATFORM=offscreen 或用 xvfb-run。")


def _free_space(path: Path | None) -> str:
    """'（那里还剩 12.3 MB 可用）' for the folder that holds `path`, or '' when it cannot be told."""
    free = _free(path)
    return "" if free is None else f"（那里还剩 {_size(free)} 可用）"


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"  # pragma: no cover - the loop always returns


def disk_full(path: Path | None, needed: int | None = None) -> DiskFull:
    """`needed`: the bytes the operation wanted, when known; for a database, its journal plus a margin."""
    folder = path.parent if path is not None and (path.is_file() or path.suffix) else path
    if needed is None and path is not None and path.is_file():
        journal = path.with_name(path.name + "-wal")
        needed = (journal.stat().st_size if journal.is_file() else 0) + MARGIN
    need = f"请至少腾出约 {_size(needed)}（多留一些更好）后再试一次" if needed else "请腾出空间后再试一次"
    where = f" {folder}" if folder is not None else ""
    return DiskFull(f"磁盘空间不足，无法写入{where}{_free_space(path)}。{need}；已有的数据没有改动，也没有损坏。")


MARGIN = 1024 * 1024  # a database edit writes a few pages; a megabyte more lets SQLite checkpoint its journal


def read_only(path: Path | None) -> ReadOnly:
    shown = f" {path}" if path else ""
    return ReadOnly(f"无法写入{shown}：该文件或其所在文件夹是只读的，或您没有写入权限。"
                    "请改用可写的位置，或取消只读属性后再试；已有的数据没有改动。")


def busy(path: Path | None) -> Busy:
    shown = f" {path}" if path else ""
    return Busy(f"数据库{shown} 正被另一个程序占用（可能是另一个 Spotcheck 窗口或命令、备份或同步软件、"
                "或打开它的数据库工具），等待后仍未释放。请关闭那个程序后再试一次；已有的数据没有改动。")


def no_access(path: Path | None) -> NoAccess:
    shown = f" {path}" if path else ""
    return NoAccess(f"无法打开{shown}：没有读写它或它所在文件夹的权限，或那个位置（U 盘、网络位置）不可用。"
                    "请检查权限或换一个位置后再试；已有的数据没有改动。")


def disk_error(path: Path | None) -> DiskError:
    shown = f" {path}" if path else ""
    return DiskError(f"读写{shown} 时磁盘报告了错误（U 盘被拔出、网络位置断开或磁盘故障？）。"
                     "请确认那个位置可用后再试一次；这不表示数据库已损坏，已写入的数据没有改动。")


def _free(path: Path | None) -> int | None:
    folder = path
    while folder is not None and not folder.exists():
        folder = folder.parent if folder.parent != folder else None
    try:
        return shutil.disk_usage(folder).free if folder is not None else None
    except OSError:
        return None


def bad_path(path: Path | None, code: int) -> BadPath:
    shown = _short(path)
    why = {errno.ENAMETOOLONG: "路径或文件名太长", errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
           errno.EISDIR: "这是一个文件夹，需要的是文件"}.get(code, "路径无法使用")
    return BadPath(f"无法使用 {shown}：{why}。请换一个位置或更短的名称；没有作任何改动。")


def _short(path: Path | None, limit: int = 200) -> str:
    text = str(path) if path is not None else ""
    return text if len(text) <= limit else text[:80] + "…" + text[-80:]


_BAD_PATH_ERRNOS = {errno.ENAMETOOLONG, errno.ENOTDIR, errno.EISDIR}
_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def explain(exc: BaseException, path: Path | None = None, needed: int | None = None) -> EnvironmentFailure | None:
    """The environment error that `exc` stands for, or None if it is something else.

    `path` is the file being written (an OSError's own file name wins); `needed` the bytes it wanted, if known.
    """
    path = Path(path) if path is not None else None
    if isinstance(exc, EnvironmentFailure):
        return exc
    if isinstance(exc, sqlite3.OperationalError) or (isinstance(exc, sqlite3.DatabaseError)
                                                     and _sqlite_code(exc) is not None):
        text = str(exc).lower()
        code = _sqlite_code(exc)
        if code == sqlite3.SQLITE_FULL or "database or disk is full" in text:
            return disk_full(path, needed)
        if code == sqlite3.SQLITE_READONLY or "readonly database" in text or "read-only" in text:
            # a database on a full disk is opened for reading only (no room for SQLite's shared-memory file)
            folder = path.parent if path is not None else None
            writable = folder is not None and os.access(folder, os.W_OK)
            free = _free(path)
            if writable and free is not None and free < MARGIN:
                return disk_full(path, needed)
            return read_only(path)
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in text:
            return busy(path)
        if code == sqlite3.SQLITE_CANTOPEN or "unable to open database" in text:
            return no_access(path)
        if code == sqlite3.SQLITE_IOERR or "disk i/o error" in text:
            # SQLite says "I/O error" when it cannot grow its journal or shared-memory file on a full disk
            free = _free(path)
            return disk_full(path, needed) if free is not None and free < MARGIN else disk_error(path)
        return None
    if isinstance(exc, OSError):
        filename = Path(exc.filename) if exc.filename else path
        if exc.errno in _DISK_FULL_ERRNOS:
            return disk_full(filename, needed)
        if exc.errno in _READ_ONLY_ERRNOS or isinstance(exc, PermissionError):
            return read_only(filename)
        if exc.errno == errno.EIO:
            return disk_error(filename)
        if exc.errno in _BAD_PATH_ERRNOS:
            return bad_path(filename, exc.errno)
    return None


def _sqlite_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF  # extended codes carry the primary one in the low byte
