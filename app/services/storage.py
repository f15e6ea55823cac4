"""The database file and its attachments, as the window and the command line open and read them.

The front ends never import `app.store`: they open, check and replace the
database file, and read a stored picture, through these functions.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from app import paths
from app.store import database as _database

if TYPE_CHECKING:
    from app.store.database import Database


def _attachments(db_path: Path):
    """The attachment store beside the database. Imported when first needed: the window's start reads no
    attachment, and the store's module brings hashlib (OpenSSL) and mimetypes with it."""
    from app.store.attachments import AttachmentStore

    return AttachmentStore.for_database(db_path)


def open_database(path: Path, *, create: bool = True) -> Database:
    """The database at `path`, checked (a file that is not ours, or damaged, is refused) and migrated."""
    return _database.open_database(path, create=create)


def connect(path: Path) -> Database:
    """Another connection to a database already opened once (by `open_database` or `prepare`)."""
    return _database.connect(path)


def prepare(path: Path, *, create: bool = True, thorough: bool = True) -> None:
    """Check, create or migrate the database file before connections are made to it."""
    _database.prepare(path, create=create, thorough=thorough)


def integrity_problem(path: Path) -> str | None:
    """SQLite's own integrity check of every page: None when the file is whole, else what is wrong."""
    return _database.integrity_problem(path)


def discard_stale_temporaries(db_path: Path) -> None:
    """Half-written attachment files left by a killed process are removed."""
    _attachments(db_path).discard_stale_temporaries()


def replace_database(path: Path) -> None:
    """Remove a Spotcheck database (never some other file: it is checked first) and its attachments."""
    _database.check_file(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(paths.attachments_dir(path), ignore_errors=True)


def picture(db_path: Path, sha256: str) -> bytes:
    """The bytes of a stored attachment (a signature's picture)."""
    with _attachments(db_path).open(sha256) as f:
        return f.read()


def thumbnail(db_path: Path, sha256: str, size: int) -> bytes:
    """JPEG bytes of an upright thumbnail of a stored photo, its longer side at most `size`."""
    return _attachments(db_path).thumbnail(sha256, size=size)
