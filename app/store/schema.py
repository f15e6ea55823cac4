"""What a Spotcheck database file must hold, and what a file holds that it should not.

A file is ours only if it carries our `PRAGMA application_id` (files made
before the mark existed are recognised by their migrations and schema, and
marked when next migrated) and exactly the schema our migrations make: the
same tables, indexes, triggers and views, with the same definitions. A
trigger, view or table planted in a file would run with our writes (a
trigger that flips a recorded verdict after every edit, say), so the
comparison happens read-only, before anything is written, and a file that
differs is refused naming what differs.

The expected schema is made by running the applied migration steps on an
empty in-memory database. For an up-to-date file (every start of the window)
it is read instead from `app/resources/schema/current.json`, the same objects
written down once (`python -m scripts.schema`; tests/test_schema_snapshot.py
fails when it differs from what the migrations make), so opening a current
file neither imports the migration modules nor runs them (~10 ms of every
start). The steps use only `execute` and `executescript`, so a plain sqlite3
connection serves and opening a file does not import sqlite-utils; a step
that needs more gets sqlite-utils.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache

# "SpCk" — marks the file as Spotcheck's (SQLite keeps it in the header; `file(1)` and others read it)
APPLICATION_ID = int.from_bytes(b"SpCk", "big")

MIGRATION_SET = "spotcheck"  # sqlite-utils' name for our set of migrations, in every file's migrations table
MIGRATIONS_TABLE = "_sqlite_migrations"
# sqlite-utils makes the migrations table itself; its exact text may vary between sqlite-utils versions,
# so it is compared by its columns and its one unique index instead.
MIGRATIONS_COLUMNS = ("id", "migration_set", "name", "applied_at")
MIGRATIONS_INDEX_COLUMNS = ("migration_set", "name")
# tables SQLite makes by itself (AUTOINCREMENT's counter, ANALYZE's statistics)
SQLITE_INTERNAL = re.compile(r"^sqlite_(sequence|stat\d)$")

KIND_NAMES = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}


@dataclass(frozen=True)
class Difference:
    """One object of the file that is not what our migrations make."""

    kind: str  # table, index, trigger, view
    name: str
    what: str  # unexpected, missing, altered

    def describe(self) -> str:
        label = f"{KIND_NAMES.get(self.kind, self.kind)} {self.name}"
        return {"unexpected": f"多出的{label}", "missing": f"缺少的{label}",
                "altered": f"定义被改动的{label}"}[self.what]


class _Plain:
    """Enough of sqlite-utils' Database for the migration steps to build their schema on a plain connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, parameters=()):
        return self.conn.execute(sql, parameters)

    def executescript(self, sql: str):
        return self.conn.executescript(sql)


def _normal(sql: str | None) -> str | None:
    """A definition with its whitespace collapsed (SQLite keeps the text as written)."""
    return None if sql is None else " ".join(sql.split())


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name): (table, _normal(sql)) for kind, name, table, sql in rows}


SNAPSHOT = ("schema", "current.json")


@cache
def snapshot() -> tuple[tuple[str, ...], dict[tuple[str, str], tuple[str, str | None]]]:
    """The names of all our migrations and the objects they make, as written in the snapshot file."""
    import json

    from app import paths

    data = json.loads(paths.resource(*SNAPSHOT).read_text(encoding="utf-8"))
    return tuple(data["migrations"]), {(kind, name): (table, sql) for kind, name, table, sql in data["objects"]}


def known_names() -> list[str]:
    """Every migration this build has, in order (from the snapshot: the migration modules are not imported)."""
    return list(snapshot()[0])


def render_snapshot() -> str:
    """The snapshot file's text for the migrations in the code (what `python -m scripts.schema` writes)."""
    import json

    from app.store.migrations import STEPS

    names = tuple(fn.__name__ for fn in STEPS)
    objects = _run_steps(names)
    rows = [[kind, name, table, sql] for (kind, name), (table, sql) in sorted(objects.items())]
    return json.dumps({"migrations": list(names), "objects": rows}, ensure_ascii=False, indent=1) + "\n"


@cache
def expected_objects(applied: tuple[str, ...]) -> dict[tuple[str, str], tuple[str, str | None]]:
    """sqlite_master of a database to which exactly `applied` (a prefix of our migrations) was applied."""
    names, objects = snapshot()
    if applied == names:
        return objects
    return _run_steps(applied)


def _run_steps(applied: tuple[str, ...]) -> dict[tuple[str, str], tuple[str, str | None]]:
    from app.store.migrations import STEPS

    steps = [fn for fn in STEPS if fn.__name__ in applied]
    conn = sqlite3.connect(":memory:")
    try:
        for fn in steps:
            try:
                fn(_Plain(conn))
            except AttributeError:  # the step uses more of sqlite-utils than the shim offers
                from sqlite_utils import Database

                fn(Database(conn, execute_plugins=False))
        objects = _objects(conn)
    finally:
        conn.close()
    return objects


def differences(conn: sqlite3.Connection, applied: list[str]) -> list[Difference]:
    """What in the file's schema differs from what `applied` makes (nothing in it is run or written)."""
    found = _objects(conn)
    expected = expected_objects(tuple(applied))
    out: list[Difference] = []
    for (kind, name), (table, sql) in sorted(found.items()):
        if table == MIGRATIONS_TABLE and kind in ("table", "index"):
            continue  # checked by _migrations_table_differences
        if kind == "table" and SQLITE_INTERNAL.match(name) and (kind, name) not in expected:
            continue
        if (kind, name) not in expected:
            out.append(Difference(kind, name, "unexpected"))
        elif expected[(kind, name)] != (table, sql):
            out.append(Difference(kind, name, "altered"))
    for (kind, name) in sorted(expected):
        if (kind, name) not in found:
            out.append(Difference(kind, name, "missing"))
    return out + _migrations_table_differences(conn, found)


def _migrations_table_differences(conn, found) -> list[Difference]:
    columns = tuple(r[1] for r in conn.execute(f"PRAGMA table_info({MIGRATIONS_TABLE})"))
    out = []
    if columns != MIGRATIONS_COLUMNS:
        out.append(Difference("table", MIGRATIONS_TABLE, "altered"))
    indexes = [(kind, name) for (kind, name), (table, _) in found.items()
               if table == MIGRATIONS_TABLE and kind == "index"]
    unique = [name for _, name in indexes if tuple(
        r[2] for r in conn.execute(f"PRAGMA index_info({_quoted(name)})")) == MIGRATIONS_INDEX_COLUMNS]
    for _, name in indexes:
        if name not in unique[:1]:
            out.append(Difference("index", name, "unexpected"))
    return out


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
