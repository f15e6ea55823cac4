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

import errno
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.problems import IntegrityFailure, Problem
from app.environment import MARGIN, bad_path, explain
from app.paths import unused_path
from app.store.schema import APPLICATION_ID, MIGRATION_SET, MIGRATIONS_TABLE, differences, known_names

log = logging.getLogger(__name__)
MARKING_MIGRATION = "m005_application_id"  # the migration that sets APPLICATION_ID

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


class UnexpectedSchema(DatabaseRefused):
    """Tables, indexes, triggers or views that our migrations do not make (or changed definitions)."""

    code = "unexpected_schema"


class BackupFailed(DatabaseRefused):
    code = "backup_failed"


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


def _sqlite_connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """A connection to `path`; on read-only media (a locked USB stick) a WAL database that SQLite cannot open
    for want of its shared-memory file is opened as immutable, so that it can still be read — only when no
    journal holds changes that the main file lacks. Writing to it then fails as read-only, in those words."""
    mode = "?mode=ro" if read_only else ""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}{mode}", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if not _unwritable_without_journal(path):
            conn.close()
            raise
        conn.close()
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        log.info("%s is on read-only media (%s): opened immutable, for reading", path, exc)
    return conn


def _unwritable_without_journal(path: Path) -> bool:
    """Read-only media, or a disk too full for the shared-memory file, and no journal holding changes."""
    import shutil

    journal = path.with_name(path.name + "-wal")
    if journal.exists() and journal.stat().st_size > 0:
        return False
    if not os.access(path.parent, os.W_OK):
        return True
    try:
        return shutil.disk_usage(path.parent).free < MARGIN
    except OSError:
        return False


def connect(path: Path) -> "Database":
    """A new read-write connection to an already opened (checked, migrated) database."""
    from sqlite_utils import Database

    conn = _sqlite_connect(path)
    _set_pragmas(conn)
    return Database(conn, execute_plugins=False)


def connect_plain(path: Path) -> PlainConnection:
    """A new connection without sqlite-utils, to an already opened database (the window's reads)."""
    conn = _sqlite_connect(path)
    _set_pragmas(conn)
    return PlainConnection(conn)


def _read_only(path: Path) -> sqlite3.Connection:
    try:
        conn = _sqlite_connect(path, read_only=True)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise _environment_or(exc, path, "无法打开") from exc
    return conn


def integrity_problem(path: Path) -> str | None:
    """What `PRAGMA quick_check` finds wrong in the file (reads every page), or None if it is sound."""
    conn = _read_only(path)
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        environment = explain(exc, path)
        if environment is not None:  # a lock held too long is not damage
            raise environment from exc
        return str(exc)
    finally:
        conn.close()
    return None if result == "ok" else result


def corrupt(path: Path, problem: str) -> CorruptDatabase:
    return CorruptDatabase(f"数据库 {path} 已损坏（{problem}）。未作任何改动；请用备份恢复。")


def check_file(path: Path, thorough: bool = True) -> list[str]:
    """Read-only checks; returns the applied migration names. Raises DatabaseRefused.

    The file must be a SQLite database carrying our application id (or, made before the id existed, our
    migrations), no other program's migrations, a schema exactly as our migrations make it, and — when
    `thorough` — every page readable (quick_check; the window does that in the background instead).
    Nothing in the file is run: triggers and views are only read as text.
    """
    if path.is_dir():
        raise NotADatabase(f"{path} 是一个文件夹，不是数据库文件。")
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise _environment_or(exc, path) from exc
    if header != SQLITE_HEADER:
        raise NotADatabase(f"{path} 不是 Spotcheck 数据库（也不是 SQLite 数据库文件），未作任何改动。")
    conn = _read_only(path)
    try:
        applied = _our_migrations(conn, path)
        if applied is None:
            return []
        if thorough:
            check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":
                raise corrupt(path, check)
        _check_schema(conn, path, applied)
    except sqlite3.DatabaseError as exc:
        raise _environment_or(exc, path, "已损坏或无法读取") from exc
    finally:
        conn.close()
    return applied


def _our_migrations(conn: sqlite3.Connection, path: Path) -> list[str] | None:
    """The names of our migrations the file has applied; None for an empty database (no schema at all)."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id not in (0, APPLICATION_ID):
        raise NotADatabase(f"{path} 是另一个程序的 SQLite 数据库（应用标识 0x{application_id:08X}），"
                           "不是 Spotcheck 的数据库，未作任何改动。")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if not names:
        return None
    if MIGRATIONS_TABLE not in names:
        raise NotADatabase(f"{path} 是一个 SQLite 数据库，但不是 Spotcheck 的数据库，未作任何改动。")
    rows = conn.execute(f"SELECT migration_set, name FROM {MIGRATIONS_TABLE} ORDER BY rowid").fetchall()
    others = sorted({str(s) for s, _ in rows if s != MIGRATION_SET})
    if others:
        raise NotADatabase(f"{path} 是另一个程序的数据库（它的结构版本属于“{'、'.join(others)}”），"
                           "不是 Spotcheck 的数据库，未作任何改动。")
    applied = [name for _, name in rows]
    if not applied:
        raise NotADatabase(f"{path} 是一个 SQLite 数据库，但不是 Spotcheck 的数据库，未作任何改动。")
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        raise NewerDatabase(
            f"数据库 {path} 由更新版本的 Spotcheck 写入（未知的结构版本：{', '.join(unknown)}）。"
            "请升级本软件后再打开；未作任何改动。"
        )
    marked = MARKING_MIGRATION in applied
    if applied != known_names()[: len(applied)] or marked != (application_id == APPLICATION_ID):
        raise UnexpectedSchema(f"数据库 {path} 的结构版本记录与 Spotcheck 所建的不符（{', '.join(applied)}），"
                               "文件可能被其他程序改动过。未作任何改动，也没有执行其中的任何内容。")
    return applied


def _check_schema(conn: sqlite3.Connection, path: Path, applied: list[str]) -> None:
    found = differences(conn, applied)
    if found:
        shown = "、".join(d.describe() for d in found[:10]) + ("等" if len(found) > 10 else "")
        raise UnexpectedSchema(
            f"数据库 {path} 含有 Spotcheck 不会建立的内容：{shown}。这样的文件可能被其他程序或他人改动过，"
            "其中的触发器或视图会随写入一起执行，因此拒绝使用。未作任何改动，也没有执行其中的任何内容。",
            [Problem("与 Spotcheck 的数据库结构一致", d.name, file=str(path), column=d.kind) for d in found])


def _environment_or(exc: BaseException, path: Path, what: str = "无法读取") -> DatabaseRefused | Exception:
    """A full disk, a read-only place or a held lock in their own words; anything else as a refused file."""
    environment = explain(exc, path)
    if environment is not None:
        return environment
    return CorruptDatabase(f"数据库 {path} {what}（{exc}）。未作任何改动。")


def backup(conn: sqlite3.Connection, path: Path, label: str) -> Path:
    """Copy the whole database with SQLite's online backup API; returns the copy's path, checked readable."""
    target = unused_path(path.parent, f"{path.stem}.backup-{label}", path.suffix)
    try:
        dest = sqlite3.connect(str(target))
        try:
            conn.backup(dest)
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            copied = dest.execute("PRAGMA page_count").fetchone()[0]
            check = dest.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            dest.close()
    except (OSError, sqlite3.Error) as exc:
        environment = explain(exc, target, needed=path.stat().st_size + MARGIN)
        why = environment.message if environment else str(exc)
        raise BackupFailed(f"无法为数据库 {path} 做备份（{target}：{why}），因此没有升级它的结构。未作任何改动。") from exc
    if not target.is_file() or copied != pages or check != "ok":
        raise BackupFailed(f"为数据库 {path} 做的备份 {target} 不完整，因此没有升级它的结构。未作任何改动。")
    return target


def prepare(path: Path, *, create: bool = True, thorough: bool = True) -> None:
    """Check the file and bring its schema up to date (creating it if allowed and absent).

    An existing file is copied (and the copy checked) before its first migration; a file that is not ours,
    or whose schema is not exactly ours, is refused before anything is written.
    """
    path = Path(path)
    if path.is_dir():
        raise NotADatabase(f"{path} 是一个文件夹，不是数据库文件。")
    if path.exists() and not path.is_file():  # a device or a FIFO (opening one would wait forever)
        raise NotADatabase(f"{path} 是设备或管道，不是数据库文件，未作任何改动。")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        if path.exists():
            raise MissingDatabase(f"数据库文件 {path} 是空文件，还不是 Spotcheck 数据库（可用 spotcheck demo 或导入名录库来创建）。")
        raise MissingDatabase(f"数据库文件 {path} 不存在（可用 spotcheck demo 或导入名录库来创建）。")
    applied = check_file(path, thorough) if exists else []
    pending = [name for name in known_names() if name not in applied]
    if not pending:
        return
    if applied and not thorough:
        problem = integrity_problem(path)  # about to write: read every page first
        if problem:
            raise corrupt(path, problem)
    nearest = next((p for p in path.parents if p.exists()), None)
    if nearest is not None and not nearest.is_dir():  # a file where a folder must be
        raise bad_path(nearest, errno.ENOTDIR)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise _environment_or(exc, path, "无法打开") from exc
    try:
        if exists:  # before anything is written, even the journal mode
            backup(db.conn, path, "before-" + pending[0])
        db.conn.execute("PRAGMA journal_mode = WAL")
        from app.store.migrations import migration_set  # the steps are imported only to migrate

        migration_set().apply(db)
    except (OSError, sqlite3.DatabaseError) as exc:
        raise _environment_or(exc, path, "无法使用") from exc
    finally:
        db.close()


def open_database(path: Path, *, create: bool = True) -> "Database":
    """Check, migrate and open the database at `path` (sqlite-utils Database, for reading and writing)."""
    prepare(path, create=create)
    return connect(path)


def schema_version(db) -> list[str]:
    return [r[0] for r in db.conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
