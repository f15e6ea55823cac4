"""Writing a file so that a crash, a full disk or a cancel leaves the old file or the new one, never half of one.

The new content goes to a temporary file beside the final name (same folder, so same file system), is flushed
to disk, and then replaces the final name in one step (`os.replace`, atomic on Windows and POSIX).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_MODE = 0o600  # a private key: only its owner may read it
SHARED_MODE = 0o644  # everything else (mkstemp would leave 0600, surprising for an exported report)


@contextmanager
def replacing(path: Path, *, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write to; on leaving the block it becomes `path`, or vanishes on an error."""
    path = Path(path)
    fd, temp_name = tempfile.mkstemp(prefix=".~" + path.stem, suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        os.chmod(temp, PRIVATE_MODE if private else SHARED_MODE)
        yield temp
        with open(temp, "rb+") as f:  # what the writer closed may still sit in the OS cache
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> None:
    with replacing(path, private=private) as temp:
        temp.write_bytes(data)
