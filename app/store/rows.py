"""Rows of what is recorded on site, written through an audited `Edit`, and read back whole.

`insert` and `update` are the only ways recorded rows change: each stamps the
row with the edit's clock, author and time, and appends one audit entry per
created row or changed field, in the same transaction. Nothing is deleted:
rows that the user removes are marked `deleted`.
"""

from __future__ import annotations

import json

from app.domain.record import Changes, Part
from app.store import field_edits
from app.store.audit_log import Edit

# table -> the entity name used in the audit log
ENTITIES = {
    "tasks": "task", "findings": "finding", "blind_samples": "blind_sample", "signatory_exams": "exam",
    "photos": "photo", "signatures": "signature", "institution_corrections": "correction",
    "task_members": "member", "visit_attendees": "attendee",
}
META = ("updated_at", "hlc", "author", "created_at")


def _stamp(edit: Edit, table: str) -> dict:
    """The columns every recorded row keeps about its last edit (team membership keeps none)."""
    if table == "task_members":
        return {}
    stamp = {"updated_at": edit.at, "hlc": edit.hlc, "author": edit.author}
    if table == "tasks":
        stamp["created_at"] = edit.at
    return stamp


def insert(edit: Edit, table: str, row: dict, entity_id: str, task_id: str | None, *, travel: bool = True) -> None:
    """`travel`: also write the field edits that go to other databases (False when the row is made from edits
    received from them, which travel already)."""
    values = {**_stamp(edit, table), **row}
    names = list(values)
    edit.conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                      [values[n] for n in names])
    edit.touched.setdefault(table, set()).update(row)
    shown = {k: v for k, v in row.items() if k not in META}
    edit.log("create", ENTITIES[table], entity_id, task_id, None, None,
             json.dumps(shown, ensure_ascii=False, sort_keys=True, default=str))
    if travel:
        for name, value in field_edits.fields_of(table, row).items():
            _travel(edit, table, entity_id, task_id, name, value)


def _travel(edit: Edit, table: str, entity_id: str, task_id: str | None, name: str, value) -> None:
    """The edit of one field as it travels to other databases (store/field_edits.py)."""
    entity_id = field_edits.travelling_id(table, entity_id, task_id)
    field_edits.record(edit.conn, entity=ENTITIES[table], entity_id=entity_id, task_id=task_id, field=name,
                       value=value, hlc=edit.hlc, author=edit.author, device=edit.device, at=edit.at)


def fetch(conn, table: str, where: dict) -> dict | None:
    clause = " AND ".join(f"{k} = ?" for k in where)
    cursor = conn.execute(f"SELECT * FROM {table} WHERE {clause}", list(where.values()))
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row else None


def update(edit: Edit, table: str, where: dict, changes: dict, entity_id: str, task_id: str | None,
           action: str = "update", *, travel: bool = True) -> dict[str, tuple]:
    """Apply the changes that differ from what is stored; returns {field: (old, new)} of what changed.
    `travel`: as for `insert`."""
    old = fetch(edit.conn, table, where)
    if old is None:
        raise KeyError(f"{table} {where}")
    changed = {k: (old[k], v) for k, v in changes.items() if old[k] != v}
    if not changed:
        return {}
    values = {k: new for k, (_, new) in changed.items()}
    values.update({k: v for k, v in _stamp(edit, table).items() if k != "created_at"})
    assignments = ", ".join(f"{k} = ?" for k in values)
    clause = " AND ".join(f"{k} = ?" for k in where)
    edit.conn.execute(f"UPDATE {table} SET {assignments} WHERE {clause}", list(values.values()) + list(where.values()))
    edit.touched.setdefault(table, set()).update(changed)
    for name, (before, after) in changed.items():
        edit.log(action, ENTITIES[table], entity_id, task_id, name, before, after)
        if travel:
            _travel(edit, table, entity_id, task_id, name, after)
    return changed


def rows(conn, table: str, task_id: str, order: str = "position", include_deleted: bool = False) -> list[dict]:
    deleted = "" if include_deleted or table in ("findings", "institution_corrections", "task_members", "signatures") \
        else " AND deleted = 0"
    cursor = conn.execute(f"SELECT * FROM {table} WHERE task_id = ?{deleted} ORDER BY {order}", [task_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def next_position(conn, table: str, task_id: str) -> int:
    row = conn.execute(f"SELECT coalesce(max(position), 0) + 1 FROM {table} WHERE task_id = ?", [task_id]).fetchone()
    return row[0]


PARTS = {  # table -> the part of a task's record it holds (the tasks table: see `changes`)
    "task_members": Part.TEAM, "institution_corrections": Part.INSTITUTION, "findings": Part.FINDINGS,
    "blind_samples": Part.BLIND_SAMPLES, "signatory_exams": Part.EXAMS, "photos": Part.PHOTOS,
    "signatures": Part.SIGNATURES, "visit_attendees": Part.VISIT,
}
TASK_STATUS_COLUMNS = {"status", "signed_at"}


def changes(edit: Edit, task_id: str | None, fields: dict | None = None, row_id: str | None = None) -> Changes:
    """What the edit wrote, as the parts of the task's record it changed."""
    parts = set()
    for table, columns in edit.touched.items():
        if table == "tasks":
            if columns & TASK_STATUS_COLUMNS:
                parts.add(Part.STATUS)
            if columns - TASK_STATUS_COLUMNS - {"id", "institution_id", "checklist_version"}:
                parts.add(Part.VISIT)
            if "id" in columns:  # created
                parts.update(Part)
        elif table in PARTS:
            parts.add(PARTS[table])
    return Changes(task_id, frozenset(parts), dict(fields or {}), row_id)
