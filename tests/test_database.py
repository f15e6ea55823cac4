"""Opening the profile database safely: fresh files, migrations with a backup, and files that are refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.domain.credit_code import complete
from app.store import migrations
from app.store.database import (
    CorruptDatabase,
    DatabaseRefused,
    NewerDatabase,
    NotADatabase,
    connect,
    open_database,
    schema_version,
)

HUAWEI = "914403001922038216"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(directory: Path) -> dict[str, str]:
    """Every file in the directory with its hash.

    SQLite's -shm index and an empty -wal (which a read-only look at a WAL database may leave) hold no data
    and are ignored.
    """
    return {
        p.name: sha(p) for p in sorted(directory.iterdir())
        if p.is_file() and not p.name.endswith("-shm") and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def assert_refused_unchanged(path: Path, error: type[Exception]) -> DatabaseRefused:
    before = snapshot(path.parent)
    with pytest.raises(error) as info:
        open_database(path)
    assert isinstance(info.value, DatabaseRefused)
    assert info.value.message
    assert snapshot(path.parent) == before
    assert not [p for p in path.parent.iterdir() if "backup" in p.name]
    return info.value


def real_database_with_data(path: Path, n: int = 300) -> Path:
    db = open_database(path)
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO institutions (id, credit_code, name, category, address, created_at, updated_at)"
            " VALUES (?, ?, ?, 'other', ?, 't', 't')",
            [(f"id{i}", complete(f"9144030{i:010d}"), f"检测机构{i}", "深圳市某区某路" * 10) for i in range(n)],
        )
    db.conn.close()
    return path


# --- a fresh database -------------------------------------------------------------------


def test_fresh_database_has_every_migration_wal_and_foreign_keys(db, tmp_path):
    assert schema_version(db) == migrations.known_names()
    assert len(migrations.known_names()) >= 2
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = set(db.table_names())
    assert {"institutions", "inspectors", "imports", "registry_changes", "_sqlite_migrations"} <= tables
    assert not [p for p in tmp_path.iterdir() if "backup" in p.name]  # nothing to back up


def test_other_connections_get_the_pragmas_too(db, tmp_path):
    other = connect(tmp_path / "db.sqlite")
    try:
        assert other.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert other.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert other.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    finally:
        other.conn.close()


def test_reopening_a_current_database_keeps_data_and_makes_no_backup(tmp_path):
    path = real_database_with_data(tmp_path / "db.sqlite", n=3)
    db = open_database(path)
    try:
        assert schema_version(db) == migrations.known_names()
        assert db.conn.execute("SELECT count(*) FROM institutions").fetchone()[0] == 3
    finally:
        db.conn.close()
    assert not [p for p in tmp_path.iterdir() if "backup" in p.name]


def test_missing_file_without_create_is_refused(tmp_path):
    with pytest.raises(DatabaseRefused):
        open_database(tmp_path / "absent.sqlite", create=False)
    assert not (tmp_path / "absent.sqlite").exists()


def test_new_database_in_a_missing_folder_is_created(tmp_path):
    db = open_database(tmp_path / "profile" / "sub" / "db.sqlite")
    try:
        assert schema_version(db) == migrations.known_names()
    finally:
        db.conn.close()


# --- migrating an older file ------------------------------------------------------------


def test_older_schema_is_migrated_after_a_backup(tmp_path):
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    old = Database(conn)
    migrations.migration_set().apply(old, stop_before="m002_registry_history_and_search")
    conn.execute(
        "INSERT INTO institutions (id, credit_code, name, category, cma_cert_no, created_at, updated_at)"
        " VALUES ('i1', ?, '深圳华测检测ABC有限公司', 'other', '191912050001', 't', 't')",
        (HUAWEI,),
    )
    conn.commit()
    conn.close()

    db = open_database(path)
    try:
        assert schema_version(db) == migrations.known_names()
        row = db.conn.execute("SELECT name, search_text FROM institutions WHERE id = 'i1'").fetchone()
        assert row[0] == "深圳华测检测ABC有限公司"
        assert row[1] == f"深圳华测检测abc有限公司 {HUAWEI} 191912050001"
        assert "imports" in db.table_names()
    finally:
        db.conn.close()

    backups = [p for p in tmp_path.iterdir() if "backup" in p.name and p.suffix == ".sqlite"]
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    try:
        names = [r[0] for r in copy.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert names == ["m001_registries"]
        tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "imports" not in tables
        columns = {r[1] for r in copy.execute("PRAGMA table_info(institutions)")}
        assert "search_text" not in columns
        assert copy.execute("SELECT name FROM institutions").fetchall() == [("深圳华测检测ABC有限公司",)]
    finally:
        copy.close()


def test_a_failing_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    # m002 fails after its first statements succeeded (here: a disk error halfway through its script).
    from sqlite_utils.migrations import Migrations


    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    migrations.migration_set().apply(Database(conn), stop_before="m002_registry_history_and_search")
    conn.close()

    def failing_m002(db):
        db.executescript("CREATE TABLE imports (id INTEGER PRIMARY KEY); CREATE TABLE registry_changes (id INTEGER);"
                         "CREATE INDEX registry_changes_entity ON no_such_table (x);")

    broken = Migrations(migrations.MIGRATION_SET)
    for fn in migrations.STEPS:
        broken(name=fn.__name__)(failing_m002 if fn.__name__ == "m002_registry_history_and_search" else fn)
    monkeypatch.setattr(migrations, "migration_set", lambda: broken)  # imported when a migration is pending
    with pytest.raises(DatabaseRefused) as info:
        open_database(path)
    assert "损坏" not in info.value.message
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert applied == ["m001_registries"]
    assert "imports" not in tables and "registry_changes" not in tables
    assert [p for p in tmp_path.iterdir() if "backup" in p.name]


# --- files that are refused, unchanged --------------------------------------------------


def test_newer_database_is_refused_unchanged(tmp_path):
    path = real_database_with_data(tmp_path / "db.sqlite", n=3)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (migrations.MIGRATION_SET, "m999_from_the_future", "2030-01-01 00:00:00"),
    )
    conn.commit()
    conn.close()
    error = assert_refused_unchanged(path, NewerDatabase)
    assert "m999_from_the_future" in error.message


def test_text_file_is_refused_as_not_a_database(tmp_path):
    path = tmp_path / "db.sqlite"
    path.write_text("这不是数据库\nnot a database\n", encoding="utf-8")
    assert_refused_unchanged(path, NotADatabase)


def test_xlsx_named_like_a_database_is_refused(tmp_path):
    from tests.xlsx_helpers import write_xlsx

    path = write_xlsx(tmp_path / "db.sqlite", [["机构名称"], ["甲"]])
    assert_refused_unchanged(path, NotADatabase)


def _page_size(path: Path) -> int:
    raw = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if raw == 1 else raw


@pytest.mark.parametrize("where", ["schema page", "page 2", "middle page"])
def test_corrupt_database_is_refused_unchanged(tmp_path, where):
    path = real_database_with_data(tmp_path / "db.sqlite")
    size = _page_size(path)
    data = bytearray(path.read_bytes())
    pages = len(data) // size
    assert pages > 4
    if where == "schema page":
        start, end = 100, size  # keep the 100-byte file header, wipe the schema b-tree
    elif where == "page 2":
        start, end = size, 2 * size
    else:
        start = (pages // 2) * size
        end = start + size
    data[start:end] = bytes((i * 37 + 11) % 256 for i in range(end - start))
    path.write_bytes(bytes(data))
    error = assert_refused_unchanged(path, DatabaseRefused)
    assert isinstance(error, (CorruptDatabase, NotADatabase))


def test_truncated_database_is_refused_unchanged(tmp_path):
    path = real_database_with_data(tmp_path / "db.sqlite")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 123])
    assert_refused_unchanged(path, DatabaseRefused)


def test_foreign_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('某客户')")
    conn.commit()
    conn.close()
    assert_refused_unchanged(path, NotADatabase)
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert tables == {"customers"}
