"""Institutions and inspectors in the database: stored values and dataclasses, lookups, the import log.

Writing many records at once (with the history of every changed field) is
in `registry_upsert`.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from app.domain.credit_code import normalise
from app.domain.registry import Category, Department, Inspector, Institution, Level, RiskClass

if TYPE_CHECKING:
    from sqlite_utils import Database

    from app.domain.problems import IntegrityFailure

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


def unreadable_value(name: str, value) -> "IntegrityFailure":
    """A stored value that Spotcheck never writes (the file was edited by another program)."""
    from app.domain.problems import IntegrityFailure, Problem

    shown = repr(value)[:60]
    return IntegrityFailure(f"数据库中字段 {name} 的值 {shown} 不是 Spotcheck 写入的格式（文件被其他程序改动过？）。"
                            "请运行 spotcheck audit verify，并从备份恢复。", [Problem("Spotcheck 写入的值", shown,
                                                                                column=name)])


def from_column(name: str, value):
    try:
        if name in LIST_FIELDS:
            items = json.loads(value) if value else []
            if not isinstance(items, list):
                raise TypeError(name)
            return items
        if name in BOOL_FIELDS:
            return bool(value)
        if name in DATE_FIELDS:
            return date.fromisoformat(value) if value else None
    except (ValueError, TypeError, RecursionError) as exc:
        raise unreadable_value(name, value) from exc
    if name in ENUMS:
        return ENUMS[name](value) if value is not None else None
    return value


_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per call as json.dumps(…, ensure_ascii=False)


def institution_from_row(row: dict) -> Institution:
    return Institution(**{name: from_column(name, row[name]) for name in INSTITUTION_FIELDS})


def inspector_from_row(row: dict) -> Inspector:
    return Inspector(**{name: from_column(name, row[name]) for name in INSPECTOR_FIELDS})


def _all_rows(db: Database, table: str) -> list[dict]:
    cursor = db.conn.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def record_import(db: Database, *, kind: str, file: str, sha256: str, sheet: str | None,
                  counts, refused: int, warnings: int) -> int:
    cursor = db.conn.execute(
        "INSERT INTO imports (at, kind, file, sha256, sheet, inserted, updated, unchanged, refused, warnings)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (now(), kind, file, sha256, sheet, counts.inserted, counts.updated, counts.unchanged, refused, warnings),
    )
    return cursor.lastrowid


def finish_import(db: Database, import_id: int, counts) -> None:
    db.conn.execute(
        "UPDATE imports SET inserted = ?, updated = ?, unchanged = ? WHERE id = ?",
        (counts.inserted, counts.updated, counts.unchanged, import_id),
    )


def all_institutions(db: Database) -> list[Institution]:
    return [institution_from_row(r) for r in _all_rows(db, "institutions ORDER BY name")]


def all_inspectors(db: Database) -> list[Inspector]:
    return [inspector_from_row(r) for r in _all_rows(db, "inspectors ORDER BY department, name")]


def get_institution(db: Database, key: str) -> Institution | None:
    """By id or by credit code (as typed: full-width characters, spaces and lower case are folded as on import)."""
    code = normalise(key)[0]
    cursor = db.conn.execute("SELECT * FROM institutions WHERE id = ? OR credit_code = ?", (key.strip(), code))
    row = cursor.fetchone()
    if row is None:
        return None
    return institution_from_row(dict(zip([d[0] for d in cursor.description], row)))


def get_inspector(db: Database, key: str) -> Inspector | None:
    """By id or by enforcement certificate number (as typed: full-width characters folded, as on import)."""
    import unicodedata

    typed = "".join(key.split())  # spaces dropped as on import; the number as stored, or folded
    cursor = db.conn.execute("SELECT * FROM inspectors WHERE id = ? OR (cert_no != '' AND cert_no IN (?, ?))",
                             (key.strip(), typed, unicodedata.normalize("NFKC", typed)))
    row = cursor.fetchone()
    if row is None:
        return None
    return inspector_from_row(dict(zip([d[0] for d in cursor.description], row)))


def inspector_exists(db: Database, inspector_id: str) -> bool:
    return db.conn.execute("SELECT 1 FROM inspectors WHERE id = ?", [inspector_id]).fetchone() is not None


def changes_of(db: Database, entity: str, entity_id: str) -> list[dict]:
    cursor = db.conn.execute(
        "SELECT c.at, c.field, c.old_value, c.new_value, i.file FROM registry_changes c"
        " LEFT JOIN imports i ON i.id = c.import_id WHERE c.entity = ? AND c.entity_id = ? ORDER BY c.id",
        (entity, entity_id),
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]
