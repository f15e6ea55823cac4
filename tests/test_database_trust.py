"""Files that are not ours, or not exactly ours, are refused before anything in them is run or written.

Issue 7, items 5 and 6: another program's sqlite-utils database is not migrated in place; triggers, views,
tables and indexes planted in our file are refused (exit 3, naming them) without being executed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from app.cli import main
from app.store import migrations
from app.store.database import DatabaseRefused, NotADatabase, UnexpectedSchema, open_database
from tests.recording_helpers import demo_database, new_task, raw
from tests.test_database import assert_refused_unchanged, snapshot

SPOTCHECK_ID = 0x5370436B  # b"SpCk"


def application_id(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA application_id").fetchone()[0]
    finally:
        conn.close()


# --- item 5: the file is marked as ours; other programs' files are refused untouched ---------------


def test_a_new_database_is_marked_with_our_application_id(tmp_path):
    open_database(tmp_path / "db.sqlite").conn.close()
    assert application_id(tmp_path / "db.sqlite") == SPOTCHECK_ID


def test_another_programs_sqlite_utils_database_is_not_migrated(tmp_path):
    # Another tool that also keeps its schema with sqlite-utils Migrations, with a clashing table name.
    path = tmp_path / "other.sqlite"
    theirs = Migrations("inventory")

    @theirs()
    def m001_items(db):
        db.executescript("CREATE TABLE tasks (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO tasks (what) VALUES ('盘点');")

    conn = sqlite3.connect(path)
    theirs.apply(Database(conn))
    conn.close()
    error = assert_refused_unchanged(path, NotADatabase)
    assert "inventory" in error.message
    conn = sqlite3.connect(path)
    try:
        assert [r[0] for r in conn.execute("SELECT migration_set FROM _sqlite_migrations")] == ["inventory"]
        assert conn.execute("SELECT what FROM tasks").fetchall() == [("盘点",)]
    finally:
        conn.close()


def test_a_file_with_another_application_id_is_refused(tmp_path):
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    error = assert_refused_unchanged(path, NotADatabase)
    assert "0x000004D2" in error.message


def test_our_file_with_its_mark_changed_is_refused(tmp_path):
    path = tmp_path / "db.sqlite"
    open_database(path).conn.close()
    conn = raw(path)
    conn.execute("PRAGMA application_id = 0")
    conn.close()
    assert_refused_unchanged(path, UnexpectedSchema)


def test_our_file_from_before_the_mark_is_backed_up_marked_and_kept(tmp_path):
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    migrations.migration_set().apply(Database(conn), stop_before="m005_application_id")
    conn.execute("INSERT INTO profile (key, value) VALUES ('role', 'lead')")
    conn.commit()
    conn.close()
    assert application_id(path) == 0
    db = open_database(path)
    try:
        assert db.conn.execute("SELECT value FROM profile WHERE key = 'role'").fetchone() == ("lead",)
    finally:
        db.conn.close()
    assert application_id(path) == SPOTCHECK_ID
    backups = [p for p in tmp_path.iterdir() if "backup" in p.name]
    assert len(backups) == 1 and application_id(backups[0]) == 0


def test_no_migration_runs_when_the_backup_cannot_be_made(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    migrations.migration_set().apply(Database(conn), stop_before="m005_application_id")
    conn.close()
    before = snapshot(tmp_path)

    from app.store import database

    blocked = tmp_path / "a folder where the copy should go"
    blocked.mkdir()
    monkeypatch.setattr(database, "unused_path", lambda *args: blocked)  # the copy cannot be written
    with pytest.raises(DatabaseRefused) as info:
        open_database(path)
    assert "备份" in info.value.message
    monkeypatch.undo()
    assert application_id(path) == 0
    assert snapshot(tmp_path) == before


# --- item 6: objects planted in our file ------------------------------------------------------------

FLIP_VERDICT = ("CREATE TRIGGER flip AFTER UPDATE ON findings BEGIN "
                "UPDATE findings SET verdict = 'no_problem' WHERE id = NEW.id; END")

PLANTED = {
    "trigger": ("flip", FLIP_VERDICT),
    "view": ("every_task", "CREATE VIEW every_task AS SELECT * FROM tasks"),
    "table": ("notes_extra", "CREATE TABLE notes_extra (x TEXT)"),
    "index": ("findings_verdict", "CREATE INDEX findings_verdict ON findings (verdict)"),
    "audit trigger": ("audit_echo", "CREATE TRIGGER audit_echo AFTER INSERT ON audit_log BEGIN "
                                    "INSERT INTO profile (key, value) VALUES ('x' || NEW.id, 'y'); END"),
}


@pytest.fixture
def recorded(tmp_path):
    db, cast = demo_database(tmp_path / "db.sqlite")
    task_id = new_task(db, cast)
    db.conn.close()
    return tmp_path / "db.sqlite", task_id


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_a_planted_object_is_refused_by_name_and_never_run(recorded, kind, capsys):
    path, task_id = recorded
    name, sql = PLANTED[kind]
    conn = raw(path)
    conn.execute(sql)
    conn.close()
    error = assert_refused_unchanged(path, UnexpectedSchema)
    assert name in error.message
    # the command line: exit 3, the object named, nothing recorded
    status = main(["--db", str(path), "record", "verdict", "--task", task_id, "--item", "3", "--verdict", "problem",
                   "--description", "未按规定留存原始记录", "--json"])
    assert status == 3
    out = capsys.readouterr().out
    assert name in out and '"unexpected_schema"' in out
    conn = raw(path)
    try:
        assert conn.execute("SELECT verdict FROM findings WHERE task_id = ? AND item = 3",
                            [task_id]).fetchone() == ("not_checked",)
    finally:
        conn.close()


def test_a_table_whose_definition_was_changed_is_refused(recorded):
    # The verdict's CHECK constraint removed by rewriting the stored definition, as a SQLite shell can.
    path, _ = recorded
    conn = raw(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, \"CHECK (verdict IN ('problem', 'no_problem', "
                 "'na', 'not_checked'))\", '') WHERE name = 'findings'")
    conn.execute("PRAGMA writable_schema = OFF")
    conn.close()
    error = assert_refused_unchanged(path, UnexpectedSchema)
    assert "findings" in error.message


def test_a_dropped_append_only_trigger_is_refused(recorded):
    path, _ = recorded
    conn = raw(path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.close()
    error = assert_refused_unchanged(path, UnexpectedSchema)
    assert "audit_log_no_delete" in error.message


def test_the_window_refuses_a_planted_trigger_before_showing(recorded):
    from app.store.database import prepare

    path, _ = recorded
    conn = raw(path)
    conn.execute(FLIP_VERDICT)
    conn.close()
    with pytest.raises(UnexpectedSchema):
        prepare(path, thorough=False)  # what the window's start calls


def test_an_analyzed_database_is_still_ours(recorded):
    # ANALYZE makes sqlite_stat1, SQLite's own table: not a planted object.
    path, _ = recorded
    conn = raw(path)
    conn.execute("ANALYZE")
    conn.close()
    open_database(path).conn.close()
