"""Opening the profile's SQLite database safely.

Before anything is written the file is checked, read-only: that it is a
SQLite database at all, that SQLite can read its schema (and, thoroughly,
every page: `PRAGMA quick_check`), and that it was not written by a newer
version of Spotcheck (migration names this build does not know). Only then
is it opened for writing with WAL, synchronous=FULL and foreign keys on;
pending migrations are applied after a backup copy is made with SQLite's
backup API. Every connection, in every thread, goes through `connect` or
`connect_plain` so that the per-connection pragmas are always set.

sqlite-utils is imported only where it is used (writing, migrating): the
window's start reads through a plain sqlite3 connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.problems import IntegrityFailure
from app.paths import unused_path
from app.store.migrations import MIGRATION_SET, known_names, migration_set

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class DatabaseRefused(IntegrityFailure):
    """The file cannot be used as a Spotcheck database; nothing was changed."""


class NotADatabase(DatabaseRefused):
    code = "not_a_database"


class MissingDatabase(DatabaseRefused):
    code = "missing_database"
    exit_status = 1


class CorruptDatabase(DatabaseRefused):
    code = "corrupt_database"


class NewerDatabase(DatabaseRefused):
    code = "newer_database"


class PlainConnection:
    """A sqlite3 connection with the same `.conn` as sqlite-utils' Database, for code that only reads."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, parameters=()):
        return self.conn.execute(sql, parameters)

    def close(self) -> None:
        self.conn.close()


def _set_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path) -> "Database":
    """A new read-write connection to an already opened (checked, migrated) database."""
    from sqlite_utils import Database

    conn = sqlite3.connect(str(path))
    _set_pragmas(conn)
    return Database(conn, execute_plugins=False)


def connect_plain(path: Path) -> PlainConnection:
    """A new connection without sqlite-utils, to an already opened database (the window's reads)."""
    conn = sqlite3.connect(str(path))
    _set_pragmas(conn)
    return PlainConnection(conn)


def _read_only(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CorruptDatabase(f"无法打开数据库 {path}：{exc}。未作任何改动。") from exc
    conn.execute("PRAGMA query_only = ON")
    return conn


def integrity_problem(path: Path) -> str | None:
    """What `PRAGMA quick_check` finds wrong in the file (reads every page), or None if it is sound."""
    conn = _read_only(path)
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return None if result == "ok" else result


def corrupt(path: Path, problem: str) -> CorruptDatabase:
    return CorruptDatabase(f"数据库 {path} 已损坏（{problem}）。未作任何改动；请用备份恢复。")


def check_file(path: Path, thorough: bool = True) -> list[str]:
    """Read-only checks; returns the applied migration names. Raises DatabaseRefused.

    `thorough` reads every page (quick_check); the window does that in the background instead.
    """
    if path.is_dir():
        raise NotADatabase(f"{path} 是一个文件夹，不是数据库文件。")
    with open(path, "rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabase(f"{path} 不是 Spotcheck 数据库（也不是 SQLite 数据库文件），未作任何改动。")
    conn = _read_only(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if thorough:
            check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":
                raise corrupt(path, check)
        if "_sqlite_migrations" not in tables:
            if tables:
                raise NotADatabase(f"{path} 是一个 SQLite 数据库，但不是 Spotcheck 的数据库，未作任何改动。")
            return []
        applied = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        ]
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabase(f"数据库 {path} 已损坏或无法读取（{exc}）。未作任何改动；请用备份恢复。") from exc
    finally:
        conn.close()
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        raise NewerDatabase(
            f"数据库 {path} 由更新版本的 Spotcheck 写入（未知的结构版本：{', '.join(unknown)}）。"
            "请升级本软件后再打开；未作任何改动。"
        )
    return applied


def backup(conn: sqlite3.Connection, path: Path, label: str) -> Path:
    """Copy the whole database with SQLite's online backup API; returns the copy's path."""
    target = unused_path(path.parent, f"{path.stem}.backup-{label}", path.suffix)
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def prepare(path: Path, *, create: bool = True, thorough: bool = True) -> None:
    """Check the file and bring its schema up to date (creating it if allowed and absent)."""
    path = Path(path)
    if path.is_dir():
        raise NotADatabase(f"{path} 是一个文件夹，不是数据库文件。")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise MissingDatabase(f"数据库文件 {path} 不存在（可用 spotcheck demo 或导入名录库来创建）。")
    applied = check_file(path, thorough) if exists else []
    pending = [name for name in known_names() if name not in applied]
    if not pending:
        return
    if applied and not thorough:
        problem = integrity_problem(path)  # about to write: read every page first
        if problem:
            raise corrupt(path, problem)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    try:
        db.conn.execute("PRAGMA journal_mode = WAL")
        if applied:
            backup(db.conn, path, "before-" + pending[0])
        migration_set().apply(db)
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabase(f"数据库 {path} 无法使用（{exc}）。") from exc
    finally:
        db.close()


def open_database(path: Path, *, create: bool = True) -> "Database":
    """Check, migrate and open the database at `path` (sqlite-utils Database, for reading and writing)."""
    prepare(path, create=create)
    return connect(path)


def schema_version(db) -> list[str]:
    return [r[0] for r in db.conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
