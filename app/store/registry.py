"""Institutions and inspectors in the database: rows to dataclasses and back, bulk upsert with history.

`upsert_institutions` / `upsert_inspectors` compare each incoming record
with what is stored (by credit code, or by inspector id / certificate
number), insert the new ones, update the changed ones and write one
`registry_changes` row per changed field, all inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from operator import itemgetter

from sqlite_utils import Database

from app.domain.registry import Category, Department, Inspector, Institution, Level, RiskClass

LIST_FIELDS = {"signatories", "districts", "expertise", "avoid"}
BOOL_FIELDS = {"flag_complaint", "flag_pt_no_show", "flag_stats_missed", "eco_owned", "active"}
DATE_FIELDS = {"cma_approved_on", "cma_expires_on"}
ENUMS = {"category": Category, "risk_class": RiskClass, "department": Department, "level": Level}

INSTITUTION_FIELDS = [f.name for f in fields(Institution)]
INSPECTOR_FIELDS = [f.name for f in fields(Inspector)]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def to_column(name: str, value):
    """A dataclass field's value as stored in SQLite."""
    if name in LIST_FIELDS:
        return json.dumps(list(value), ensure_ascii=False)
    if name in BOOL_FIELDS:
        return int(bool(value))
    if isinstance(value, date):
        return value.isoformat()
    if name in ENUMS:
        return value.value if value is not None else None
    return value


def from_column(name: str, value):
    if name in LIST_FIELDS:
        return json.loads(value) if value else []
    if name in BOOL_FIELDS:
        return bool(value)
    if name in DATE_FIELDS:
        return date.fromisoformat(value) if value else None
    if name in ENUMS:
        return ENUMS[name](value) if value is not None else None
    return value


def _stored(record) -> dict:
    """A record's fields as stored: the dataclass's own dict, converted where SQLite needs it.

    Written out field by field rather than through `to_column` because an import converts 55,000 records.
    """
    row = dict(record.__dict__)
    lists, bools, dates, enums = _KINDS[type(record)]
    for name in lists:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    for name in bools:
        row[name] = int(row[name])
    for name in dates:
        row[name] = row[name].isoformat() if row[name] else None
    for name in enums:
        row[name] = row[name].value if row[name] is not None else None
    return row


def _kinds(names: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(n for n in names if n in group) for group in (LIST_FIELDS, BOOL_FIELDS, DATE_FIELDS, ENUMS))


_KINDS = {Institution: _kinds(INSTITUTION_FIELDS), Inspector: _kinds(INSPECTOR_FIELDS)}


def institution_row(inst: Institution) -> dict:
    row = _stored(inst)
    row["search_text"] = search_text(inst.name, inst.credit_code, inst.cma_cert_no)
    return row


def search_text(name: str, credit_code: str, cert_no: str) -> str:
    return f"{name} {credit_code} {cert_no}".lower()


def institution_from_row(row: dict) -> Institution:
    return Institution(**{name: from_column(name, row[name]) for name in INSTITUTION_FIELDS})


def inspector_row(person: Inspector) -> dict:
    return _stored(person)


def inspector_from_row(row: dict) -> Inspector:
    return Inspector(**{name: from_column(name, row[name]) for name in INSPECTOR_FIELDS})


@dataclass
class UpsertCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: int = 0


def _display(stored) -> str | None:
    """How a stored value is shown in the change history."""
    return None if stored is None else str(stored)


def _upsert(
    db: Database,
    table: str,
    entity: str,
    rows: list[dict],
    existing: dict[str, dict],
    key,
    import_id: int | None,
    present: list[set[str]] | None,
    derived: Callable[[dict], dict],
) -> UpsertCounts:
    """`present[i]`: the fields row i's source had; the others keep their stored values on update."""
    counts = UpsertCounts()
    stamp = now()
    inserts, updates, changes = [], [], []
    for i, row in enumerate(rows):
        old = existing.get(key(row))
        if old is None:
            row["created_at"] = row["updated_at"] = stamp
            inserts.append(row)
            continue
        if present is not None:
            row = {c: (row[c] if c in present[i] else old[c]) for c in row}
        row = {**row, "id": old["id"]}  # the stored id wins: it is already known elsewhere
        row.update(derived(row))
        diff = [c for c in row if c != "search_text" and row[c] != old.get(c)]
        if not diff:
            counts.unchanged += 1
            continue
        for column in diff:
            changes.append(
                (stamp, entity, old["id"], column, _display(old.get(column)), _display(row[column]), import_id)
            )
        updates.append({**row, "updated_at": stamp})
    if inserts:
        cols = list(inserts[0])
        db.conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            map(itemgetter(*cols), inserts),
        )
    if updates:
        cols = [c for c in updates[0] if c != "id"]
        db.conn.executemany(
            f"UPDATE {table} SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?",
            [tuple(r[c] for c in cols) + (r["id"],) for r in updates],
        )
    if changes:
        db.conn.executemany(
            "INSERT INTO registry_changes (at, entity, entity_id, field, old_value, new_value, import_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            changes,
        )
    counts.inserted = len(inserts)
    counts.updated = len(updates)
    counts.changes = len(changes)
    return counts


def _all_rows(db: Database, table: str) -> list[dict]:
    cursor = db.conn.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def upsert_institutions(db: Database, items: list[Institution], import_id: int | None = None,
                        present: list[set[str]] | None = None) -> UpsertCounts:
    existing = {r["credit_code"]: r for r in _all_rows(db, "institutions")}
    rows = [institution_row(i) for i in items]
    return _upsert(db, "institutions", "institution", rows, existing, lambda r: r["credit_code"], import_id,
                   present, lambda r: {"search_text": search_text(r["name"], r["credit_code"], r["cma_cert_no"])})


def upsert_inspectors(db: Database, items: list[Inspector], import_id: int | None = None,
                      present: list[set[str]] | None = None) -> UpsertCounts:
    """Matched by id; failing that, by enforcement certificate number; failing that, by name and unit."""
    stored = _all_rows(db, "inspectors")
    by_id = {r["id"]: r for r in stored}
    by_cert = {r["cert_no"]: r for r in stored if r["cert_no"]}
    by_name = {(r["name"], r["unit"]): r for r in stored}
    rows = [inspector_row(p) for p in items]
    existing: dict[str, dict] = {}
    for row in rows:
        match = by_id.get(row["id"]) or by_cert.get(row["cert_no"] or None) or by_name.get((row["name"], row["unit"]))
        if match:
            existing[row["id"]] = match
    return _upsert(db, "inspectors", "inspector", rows, existing, lambda r: r["id"], import_id,
                   present, lambda r: {})


def record_import(db: Database, *, kind: str, file: str, sha256: str, sheet: str | None,
                  counts: UpsertCounts, refused: int, warnings: int) -> int:
    cursor = db.conn.execute(
        "INSERT INTO imports (at, kind, file, sha256, sheet, inserted, updated, unchanged, refused, warnings)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (now(), kind, file, sha256, sheet, counts.inserted, counts.updated, counts.unchanged, refused, warnings),
    )
    return cursor.lastrowid


def finish_import(db: Database, import_id: int, counts: UpsertCounts) -> None:
    db.conn.execute(
        "UPDATE imports SET inserted = ?, updated = ?, unchanged = ? WHERE id = ?",
        (counts.inserted, counts.updated, counts.unchanged, import_id),
    )


def all_institutions(db: Database) -> list[Institution]:
    return [institution_from_row(r) for r in _all_rows(db, "institutions ORDER BY name")]


def all_inspectors(db: Database) -> list[Inspector]:
    return [inspector_from_row(r) for r in _all_rows(db, "inspectors ORDER BY department, name")]


def get_institution(db: Database, key: str) -> Institution | None:
    """By id or by credit code."""
    cursor = db.conn.execute("SELECT * FROM institutions WHERE id = ? OR credit_code = ?", (key, key.upper()))
    row = cursor.fetchone()
    if row is None:
        return None
    return institution_from_row(dict(zip([d[0] for d in cursor.description], row)))


def get_inspector(db: Database, key: str) -> Inspector | None:
    """By id or by enforcement certificate number."""
    cursor = db.conn.execute("SELECT * FROM inspectors WHERE id = ? OR (cert_no != '' AND cert_no = ?)", (key, key))
    row = cursor.fetchone()
    if row is None:
        return None
    return inspector_from_row(dict(zip([d[0] for d in cursor.description], row)))


def changes_of(db: Database, entity: str, entity_id: str) -> list[dict]:
    cursor = db.conn.execute(
        "SELECT c.at, c.field, c.old_value, c.new_value, i.file FROM registry_changes c"
        " LEFT JOIN imports i ON i.id = c.import_id WHERE c.entity = ? AND c.entity_id = ? ORDER BY c.id",
        (entity, entity_id),
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]
