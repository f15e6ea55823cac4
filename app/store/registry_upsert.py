"""Writing many registry records at once: insert the new, update the changed, record every changed field.

Rows travel as tuples of stored values in the order of the dataclass fields,
because an import writes 55,000 of them. Each row is matched with what is stored (by
credit code for institutions; by id, certificate number, or name and unit
for inspectors); the stored id always wins. Fields the source had no column
for keep their stored values. Everything happens in the caller's transaction.
An institution's `name_key` (the pinyin sort key of its name) is written with its name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, fields
from typing import TYPE_CHECKING

from app.domain.registry import Inspector, Institution, institution_id
from app.store.registry import BOOL_FIELDS, DATE_FIELDS, ENUMS, LIST_FIELDS, _json, now

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class UpsertCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: int = 0


@dataclass(frozen=True)
class Kind:
    table: str
    entity: str
    record: type

    @property
    def columns(self) -> tuple[str, ...]:
        """The stored columns a row carries: the record's fields, in order."""
        return tuple(f.name for f in fields(self.record))


INSTITUTIONS = Kind("institutions", "institution", Institution)
INSPECTORS = Kind("inspectors", "inspector", Inspector)


# --- converting to stored tuples -------------------------------------------------------------

def _converter(name: str) -> Callable | None:
    if name in LIST_FIELDS:
        return _json
    if name in BOOL_FIELDS:
        return int
    if name in DATE_FIELDS:
        return lambda d: d.isoformat() if d else None
    if name in ENUMS:
        return lambda e: e.value if e is not None else None
    return None


def _default(record: type, name: str):
    for f in fields(record):
        if f.name == name:
            return f.default_factory() if f.default_factory is not MISSING else f.default
    raise KeyError(name)


def rows_from_columns(kind: Kind, columns: dict[str, list], n: int) -> list[tuple]:
    """Stored tuples from domain-typed columns (e.g. a list of `date`s per date field).

    Fields absent from `columns` get the dataclass default; a blank institution id becomes
    the one derived from the credit code, as `Institution` itself would make it.
    """
    stored: dict[str, list] = {}
    for name in kind.columns:
        values = columns.get(name)
        if values is None:
            default = _default(kind.record, name)
            values = [default] * n if not isinstance(default, list) else [[] for _ in range(n)]
        convert = _converter(name)
        stored[name] = [convert(x) for x in values] if convert else list(values)
    if kind is INSTITUTIONS:
        stored["id"] = [i or institution_id(c) for i, c in zip(stored["id"], stored["credit_code"])]
    return list(zip(*(stored[c] for c in kind.columns)))


def rows_from_records(kind: Kind, records: Iterable) -> list[tuple]:
    records = list(records)
    columns = {name: [getattr(r, name) for r in records] for name in kind.columns}
    return rows_from_columns(kind, columns, len(records))


# --- writing ----------------------------------------------------------------------------------

def _existing(db: Database, kind: Kind) -> list[tuple]:
    return db.conn.execute(f"SELECT {', '.join(kind.columns)} FROM {kind.table}").fetchall()


def _institution_matcher(kind: Kind, stored: list[tuple]):
    code = kind.columns.index("credit_code")
    by_code = {row[code]: row for row in stored}
    return lambda row: by_code.get(row[code])


def _inspector_matcher(kind: Kind, stored: list[tuple]):
    """Matched by id; failing that, by enforcement certificate number; failing that, by name and unit."""
    c = {name: kind.columns.index(name) for name in ("id", "cert_no", "name", "unit")}
    by_id = {row[c["id"]]: row for row in stored}
    by_cert = {row[c["cert_no"]]: row for row in stored if row[c["cert_no"]]}
    by_name = {(row[c["name"]], row[c["unit"]]): row for row in stored}
    return lambda row: (by_id.get(row[c["id"]]) or by_cert.get(row[c["cert_no"]] or None)
                        or by_name.get((row[c["name"]], row[c["unit"]])))


def upsert(db: Database, kind: Kind, rows: list[tuple], present: list[frozenset[str] | None] | None = None,
           import_id: int | None = None) -> UpsertCounts:
    """Write `rows` (stored tuples in `kind.columns` order). `present[i]`: the fields row i's source had."""
    columns = kind.columns
    matcher = (_institution_matcher if kind is INSTITUTIONS else _inspector_matcher)(kind, _existing(db, kind))
    id_at = columns.index("id")
    n_fields = len(columns)
    stamp = now()
    inserts, updates, changes = [], [], []
    counts = UpsertCounts()
    for i, row in enumerate(rows):
        old = matcher(row)
        if old is None:
            inserts.append(row + (stamp, stamp))
            continue
        fields_present = present[i] if present is not None else None
        if fields_present is not None:
            row = tuple(row[j] if columns[j] in fields_present else old[j] for j in range(n_fields))
        row = row[:id_at] + (old[id_at],) + row[id_at + 1:]  # the stored id wins: it is known elsewhere
        if row == old:
            counts.unchanged += 1
            continue
        for j in range(n_fields):
            if row[j] != old[j]:
                changes.append((stamp, kind.entity, old[id_at], columns[j], _shown(old[j]), _shown(row[j]),
                                import_id))
        updates.append(row)
    keyed = kind is INSTITUTIONS
    if keyed and (inserts or updates):
        from app.domain.collation import sort_key  # pypinyin loads its dictionaries (0.16 s): only when writing
    name_at = columns.index("name")
    if inserts:
        names = columns + ("created_at", "updated_at") + (("name_key",) if keyed else ())
        if keyed:
            inserts = [row + (sort_key(row[name_at]),) for row in inserts]
        db.conn.executemany(
            f"INSERT INTO {kind.table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", inserts)
    if updates:
        assignments = ", ".join(f"{c} = ?" for c in columns if c != "id") + (", name_key = ?" if keyed else "")
        db.conn.executemany(
            f"UPDATE {kind.table} SET {assignments}, updated_at = ? WHERE id = ?",
            [row[:id_at] + row[id_at + 1:] + ((sort_key(row[name_at]),) if keyed else ()) + (stamp, row[id_at])
             for row in updates])
    if changes:
        db.conn.executemany(
            "INSERT INTO registry_changes (at, entity, entity_id, field, old_value, new_value, import_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", changes)
    counts.inserted, counts.updated, counts.changes = len(inserts), len(updates), len(changes)
    return counts


def _shown(stored) -> str | None:
    """How a stored value is shown in the change history."""
    return None if stored is None else str(stored)


def upsert_institutions(db: Database, items: Iterable[Institution], import_id: int | None = None,
                        present: list[frozenset[str] | None] | None = None) -> UpsertCounts:
    return upsert(db, INSTITUTIONS, rows_from_records(INSTITUTIONS, items), present, import_id)


def upsert_inspectors(db: Database, items: Iterable[Inspector], import_id: int | None = None,
                      present: list[frozenset[str] | None] | None = None) -> UpsertCounts:
    return upsert(db, INSPECTORS, rows_from_records(INSPECTORS, items), present, import_id)
