"""The schema snapshot read when a file is opened is exactly what the migrations in the code make."""

from __future__ import annotations

import sqlite3

from app import paths
from app.store import migrations, schema


def test_the_snapshot_is_what_the_migrations_make():
    written = paths.resource(*schema.SNAPSHOT).read_text(encoding="utf-8")
    assert written == schema.render_snapshot(), "a migration changed: run `python -m scripts.schema`"


def test_the_snapshot_names_every_migration_in_order():
    assert schema.known_names() == migrations.known_names()


def test_the_snapshot_objects_are_those_of_a_freshly_migrated_file(tmp_path):
    from app.store.database import open_database

    db = open_database(tmp_path / "fresh.sqlite")
    db.close()
    conn = sqlite3.connect(tmp_path / "fresh.sqlite")
    try:
        found = {(k, n): (t, " ".join(s.split()) if s else s)
                 for k, n, t, s in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
                 if t != schema.MIGRATIONS_TABLE}
    finally:
        conn.close()
    expected = {key: value for key, value in schema.snapshot()[1].items()}
    assert found == expected


def test_an_older_file_is_compared_with_what_its_own_migrations_make():
    names = tuple(schema.known_names()[:2])  # m001, m002: the registries, before the recording tables
    objects = schema.expected_objects(names)
    assert ("table", "institutions") in objects and ("table", "tasks") not in objects
