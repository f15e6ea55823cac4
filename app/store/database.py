"""Opening the profile's SQLite database safely.

Before anything is written the file is checked, read-only: that it is a
SQLite database at all, that SQLite can read its schema, and that it was not
written by a newer version of Spotcheck (migration names this build does not
know). Only then is it opened for writing with WAL, synchronous=FULL and
foreign keys on; pending migrations are applied after a backup copy is made
with SQLite's backup API. Every connection, in every thread, goes through
`connect` so that the per-connection pragmas are always set.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from app.domain.problems import IntegrityFailure
from app.store.migrations import MIGRATION_SET, known_names, migrations

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


def _set_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path) -> Database:
    """A new read-write connection to an already opened (checked, migrated) database."""
    conn = sqlite3.connect(str(path))
    _set_pragmas(conn)
    return Database(conn, execute_plugins=False)


def check_file(path: Path) -> list[str]:
    """Read-only checks; returns the applied migration names. Raises DatabaseRefused."""
    with open(path, "rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabase(f"{path} 不是 Spotcheck 数据库（也不是 SQLite 数据库文件），未作任何改动。")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CorruptDatabase(f"无法打开数据库 {path}：{exc}。未作任何改动。") from exc
    try:
        conn.execute("PRAGMA query_only = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if check != "ok":
            raise CorruptDatabase(f"数据库 {path} 已损坏（{check}）。未作任何改动；请用备份恢复。")
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


def backup(db: Database, path: Path, label: str) -> Path:
    """Copy the whole database with SQLite's online backup API; returns the copy's path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}-{label}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.backup-{stamp}-{label}-{n}{path.suffix}")
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target


def open_database(path: Path, *, create: bool = True) -> Database:
    """Check, open and migrate the database at `path`; creating it if allowed and absent."""
    path = Path(path)
    if path.is_dir():
        raise NotADatabase(f"{path} 是一个文件夹，不是数据库文件。")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise MissingDatabase(f"数据库文件 {path} 不存在（可用 spotcheck demo 或导入名录库来创建）。")
    applied = check_file(path) if exists else []
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        _set_pragmas(conn)
        db = Database(conn, execute_plugins=False)
        pending = migrations.pending(db)
        if pending and applied:
            backup(db, path, "before-" + pending[0].name)
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorruptDatabase(f"数据库 {path} 无法使用（{exc}）。") from exc
    return db


def schema_version(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]
