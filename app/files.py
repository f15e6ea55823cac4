"""Writing a file so that a crash, a full disk or a cancel leaves the old file or the new one, never half of one.

The new content goes to a temporary file beside the final name (same folder, so same file system), is flushed
to disk, and then replaces the final name in one step (`os.replace`, atomic on Windows and POSIX).

When the folder takes no file, that is said in words and names the file asked for, never the temporary one:
a missing folder (or a file where the folder should be) is `InputRefused` naming the folder; a read-only
folder, a full disk or a folder that refuses new files otherwise is the environment's error
(`app.environment`: `ReadOnly`, `DiskFull`), exit 1 on the command line. Nothing is left behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.domain.problems import InputRefused, Problem
from app.environment import explain, read_only

PRIVATE_MODE = 0o600  # a private key: only its owner may read it
SHARED_MODE = 0o644  # everything else (mkstemp would leave 0600, surprising for an exported report)


@contextmanager
def replacing(path: Path, *, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write to; on leaving the block it becomes `path`, or vanishes on an error."""
    path = Path(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=".~" + path.stem, suffix=path.suffix + ".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(exc, path, creating=True) from exc
    os.close(fd)
    temp = Path(temp_name)
    try:
        os.chmod(temp, PRIVATE_MODE if private else SHARED_MODE)
        yield temp
        with open(temp, "rb+") as f:  # what the writer closed may still sit in the OS cache
            os.fsync(f.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        if exc.filename is not None and Path(exc.filename) not in (temp, path):
            raise  # about another file (one the writer read): not ours to word
        raise _cannot_write(exc, path, creating=False) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> None:
    with replacing(path, private=private) as temp:
        temp.write_bytes(data)


def make_folder(folder: Path) -> None:
    """Create `folder` and its parents if missing; a place where no folder can be made is said in words."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        environment = explain(OSError(exc.errno, exc.strerror), folder)
        if environment is not None:
            raise environment from exc
        raise InputRefused(f"无法建立文件夹 {folder}（{exc.strerror or exc}）：它所在的位置不是文件夹，或不能在那里建立文件夹。",
                           [Problem("可以建立的文件夹", str(folder))]) from exc


def _cannot_write(exc: OSError, path: Path, *, creating: bool) -> Exception:
    """What to raise when writing `path` failed with `exc`: the folder's or the machine's fault in words, or
    `exc` itself when it is neither (a defect, not to be disguised)."""
    folder = path.parent
    if creating and not folder.is_dir():
        what = "不是文件夹" if folder.exists() else "不存在"
        return InputRefused(f"无法写入 {path}：文件夹 {folder} {what}。请先建立该文件夹，或另选保存位置。",
                            [Problem("已存在的文件夹", str(folder), file=path.name)])
    # Name the file asked for, not the temporary file beside it that the OS error names.
    environment = explain(OSError(exc.errno, exc.strerror), path)
    if environment is not None:
        return environment
    if creating and exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EINVAL):
        return read_only(path)  # the folder is there but takes no new file (e.g. a virtual file system)
    return exc


def require_regular_file(path: Path, what: str = "文件") -> os.stat_result:
    """The file's stat; refuses a folder, a device, a FIFO or a socket, and says when there is nothing there."""
    import stat

    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputRefused(f"无法读取{what} {path}：找不到这个文件。",
                           [Problem(f"存在的{what}", str(path), file=path.name)]) from None
    except OSError as exc:
        raise InputRefused(f"无法读取{what} {path}：{exc.strerror or exc}。",
                           [Problem(f"可以读取的{what}", str(path), file=path.name)]) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputRefused(f"{path} 是一个文件夹，不是{what}。", [Problem(f"一个{what}（不是文件夹）", str(path),
                                                                        file=path.name)])
    if not stat.S_ISREG(info.st_mode):
        raise InputRefused(f"{path} 不是普通文件（可能是设备、管道或套接字），不能作为{what}读取。",
                           [Problem(f"一个普通的{what}", str(path), file=path.name)])
    return info


def read_regular_file(path: Path, limit: int, what: str = "文件") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; a folder, a device, a FIFO (never blocked on), a file
    too large or one that cannot be read is refused in words naming it (`what`: what it should be, e.g. "PDF 文件")."""
    import stat

    path = Path(path)
    info = require_regular_file(path, what)
    too_large = InputRefused(f"{path} 太大（{info.st_size // (1024 * 1024)} MB），不像是{what}（上限 "
                             f"{limit // (1024 * 1024)} MB）。",
                             [Problem(f"不超过 {limit // (1024 * 1024)} MB 的{what}", str(path), file=path.name)])
    if info.st_size > limit:
        raise too_large
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputRefused(f"无法读取{what} {path}：{exc.strerror or exc}。",
                           [Problem(f"可以读取的{what}", str(path), file=path.name)]) from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped after the stat
            raise InputRefused(f"{path} 不是普通文件。", [Problem(f"一个普通的{what}", str(path), file=path.name)])
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise InputRefused(f"无法读取{what} {path}：{exc.strerror or exc}。",
                               [Problem(f"可以读取的{what}", str(path), file=path.name)]) from None
    if len(data) > limit:  # it grew after the stat
        raise too_large
    return data
