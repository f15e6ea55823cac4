"""The travelling edits of recorded fields (`field_edits`): what merging works on (app/domain/merge.py).

Every audited change of a recorded row (`rows.insert`, `rows.update`) also writes one `field_edits` row per
field: the value as the audit log writes it, the edit's author, device and stamp, and `bases`, the stamps
of the versions of that field it replaced (the field's heads when the edit was made). Databases made before
this table existed get it from their audit log, replayed in order (m008).
"""

from __future__ import annotations

import json

from app.domain.merge import FieldEdit, Key, merge
from app.store.audit_log import _text

# table -> the columns that name a row rather than hold what was recorded
IDENTITY = {"tasks": {"id"}, "task_members": {"task_id", "inspector_id"},
            "institution_corrections": {"task_id", "field"}}
DEFAULT_IDENTITY = {"id", "task_id"}


def fields_of(table: str, row: dict) -> dict:
    """What a created row records, field by field (identity and stamp columns left out)."""
    skip = IDENTITY.get(table, DEFAULT_IDENTITY) | {"updated_at", "hlc", "author", "created_at"}
    return {k: v for k, v in row.items() if k not in skip}


def heads(conn, key: Key) -> tuple[str, ...]:
    """The stamps of the field's current versions (what a new edit of it replaces)."""
    state = _state(conn, key)
    return state.versions if state else ()


def _state(conn, key: Key):
    rows = conn.execute("SELECT hlc, entity, entity_id, field, value, bases FROM field_edits"
                        " WHERE entity = ? AND entity_id = ? AND field = ?", list(key)).fetchall()
    return merge(FieldEdit(e, i, f, v, h, bases=tuple(json.loads(b))) for h, e, i, f, v, b in rows).get(key)


def record(conn, *, entity: str, entity_id: str, task_id: str | None, field: str, value, hlc: str, author: str,
           device: str, at: str, settles: bool = False) -> None:
    """One local edit of one field, on top of the version shown (the newest head; every head when they agree in
    value). A field in conflict stays in conflict after an ordinary edit: only a resolution (`settles`) goes on
    top of every version."""
    state = _state(conn, (entity, entity_id, field))
    current = tuple(b for b in (state.versions if state else ()) if b != hlc)  # one edit, one version
    agreed = state is not None and not state.conflict  # versions that agree (one, or the same value twice)
    bases = current if settles or agreed else current[-1:]
    conn.execute("INSERT OR REPLACE INTO field_edits (hlc, entity, entity_id, field, task_id, value, author, device, bases,"
                 " at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 [hlc, entity, entity_id, field, task_id, _text(value), author, device,
                  json.dumps(list(bases)), at])


def all_edits(conn, task_id: str | None = None) -> list[FieldEdit]:
    where, params = ("WHERE task_id = ?", [task_id]) if task_id else ("", [])
    return _edits(conn, where, params)


def held(conn, edits) -> dict[tuple, FieldEdit]:
    """The edits this database holds with the same identity (stamp, entity, id, field) as any of `edits`: one
    query, each identity looked up by the primary key."""
    wanted = json.dumps([[e.hlc, e.entity, e.entity_id, e.field] for e in edits], ensure_ascii=False)
    rows = conn.execute("SELECT f.entity, f.entity_id, f.field, f.value, f.hlc, f.author, f.device, f.task_id,"
                        " f.bases FROM json_each(?) AS j JOIN field_edits AS f"
                        " ON f.hlc = json_extract(j.value, '$[0]') AND f.entity = json_extract(j.value, '$[1]')"
                        " AND f.entity_id = json_extract(j.value, '$[2]') AND f.field = json_extract(j.value, '$[3]')",
                        [wanted]).fetchall()
    found = {}
    for row in rows:
        mine = FieldEdit(*row[:8], _bases(row[8]))
        found[mine.identity] = mine
    return found


def edits_of(conn, entity: str, entity_id: str) -> list[FieldEdit]:
    """Every edit of one record's fields (by the index on entity, id and field)."""
    return _edits(conn, "WHERE entity = ? AND entity_id = ?", [entity, entity_id])


def _edits(conn, where: str, params: list) -> list[FieldEdit]:
    rows = conn.execute("SELECT entity, entity_id, field, value, hlc, author, device, task_id, bases"
                        f" FROM field_edits {where}", params).fetchall()
    return [FieldEdit(e, i, f, v, h, a, d, t, _bases(b)) for e, i, f, v, h, a, d, t, b in rows]


def _bases(text: str) -> tuple[str, ...]:
    return () if text == "[]" else tuple(json.loads(text))  # most edits replace nothing (a row's first values)


def backfill(conn, entities: dict[str, str]) -> None:
    """Replay the audit log, oldest first, into `field_edits` (each edit on top of the one before it)."""
    tables = {entity: table for table, entity in entities.items()}
    columns = {table: {r[1] for r in conn.execute(f"PRAGMA table_info({table})")} for table in entities}
    last: dict[Key, str] = {}
    cursor = conn.execute("SELECT at, author, device, hlc, action, entity, entity_id, task_id, field, new_value"
                          " FROM audit_log ORDER BY id")
    for at, author, device, hlc, action, entity, entity_id, task_id, field, new_value in cursor.fetchall():
        table = tables.get(entity)
        if table is None:
            continue
        entity_id = travelling_id(table, entity_id, task_id)
        if action == "create" and field is None:
            try:
                row = json.loads(new_value or "{}")
            except ValueError:
                continue  # a damaged entry: audit verify reports it; nothing to replay
            changes = fields_of(table, row) if isinstance(row, dict) else {}
        elif field in columns[table]:
            changes = {field: new_value}
        else:
            continue  # an event, not a field (the reason given for reopening)
        for name, value in changes.items():
            key = (entity, entity_id, name)
            base = (last[key],) if key in last else ()
            conn.execute("INSERT OR IGNORE INTO field_edits (hlc, entity, entity_id, field, task_id, value, author,"
                         " device, bases, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [hlc, entity, entity_id, name, task_id, _text(value), author, device,
                          json.dumps(list(base)), at])
            last[key] = hlc


_COLUMNS: dict[str, dict[str, str]] = {}
_TABLES: dict[str, str] = {}


def _tables() -> dict[str, str]:
    """entity -> its table (app/store/rows.py ENTITIES, the other way round)."""
    if not _TABLES:
        from app.store.rows import ENTITIES

        _TABLES.update({e: t for t, e in ENTITIES.items()})
    return _TABLES


def travels(conn, entity: str, field: str) -> bool:
    """Whether `field` is a recorded field of the entity's table (what a received edit may write)."""
    table = _tables().get(entity)
    if table is None:
        return False
    columns = _columns(conn, table)
    return field in columns and field not in IDENTITY.get(table, DEFAULT_IDENTITY) | {"updated_at", "hlc", "author",
                                                                                       "created_at"}


def _columns(conn, table: str) -> dict[str, str]:
    """column -> declared type; the schema is the migrations' own (checked when the file is opened)."""
    if table not in _COLUMNS:
        _COLUMNS[table] = {r[1]: (r[2] or "").upper() for r in conn.execute(f"PRAGMA table_info({table})")}
    return _COLUMNS[table]


def fits(conn, edit: FieldEdit) -> bool:
    """Whether a received value can be stored as Spotcheck stores that column: a whole number where the column
    holds numbers (a checklist item, a position, a 0/1 flag), any text or nothing elsewhere. The columns' own
    CHECK constraints refuse the rest (a status, a verdict, a judgement outside their lists) when written."""
    table = _tables()[edit.entity]
    if _columns(conn, table).get(edit.field) != "INTEGER" or edit.value is None:
        return True
    text = edit.value
    return text.lstrip("-").isdigit() and text.isascii() and len(text) <= 18


def add_received(conn, edits: list[FieldEdit], source: str, at: str) -> None:
    conn.executemany("INSERT OR IGNORE INTO field_edits (hlc, entity, entity_id, field, task_id, value, author,"
                     " device, bases, at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [[e.hlc, e.entity, e.entity_id, e.field, e.task_id, e.value, e.author, e.device,
                       json.dumps(list(e.bases)) if e.bases else "[]", at, source] for e in edits])


def travelling_id(table: str, entity_id: str, task_id: str | None) -> str:
    """The id a row's field edits travel under: a team member is one per task (task/inspector), as a correction is
    (task/field); every other row has its own UUID. The audit log names a member by the inspector alone."""
    if table == "task_members" and task_id and "/" not in entity_id:
        return f"{task_id}/{entity_id}"
    return entity_id


def _row_id(table: str, entity_id: str) -> str:
    """The id the audit log names the row by (a member: the inspector)."""
    return entity_id.split("/", 1)[1] if table == "task_members" and "/" in entity_id else entity_id


def _identity(table: str, entity_id: str, task_id: str | None) -> dict:
    if table == "tasks":
        return {"id": entity_id}
    if table == "task_members":
        return {"task_id": task_id, "inspector_id": _row_id(table, entity_id)}
    if table == "institution_corrections":
        return {"task_id": task_id, "field": entity_id.split("/", 1)[1]}
    return {"id": entity_id, "task_id": task_id}


def materialize(edit, entity: str, entity_id: str, task_id: str | None) -> int:
    """Write one recorded row as the edits held give it (a conflict shows its newest version), through an
    audited edit that does not travel itself (the edits it is made of travel already). 1 if it changed."""
    from app.store import rows

    table = _tables()[entity]
    held = edits_of(edit.conn, entity, entity_id)
    values = {key[2]: state.value for key, state in merge(held).items()}
    where = _identity(table, entity_id, task_id)
    stored = rows.fetch(edit.conn, table, where)
    logged = _row_id(table, entity_id)
    if stored is None:
        rows.insert(edit, table, {**where, **values}, logged, task_id, travel=False)
        return 1
    changes = {k: v for k, v in values.items() if _text(stored.get(k)) != v}
    if not changes:
        return 0
    rows.update(edit, table, where, changes, logged, task_id, action="merge", travel=False)
    return 1
