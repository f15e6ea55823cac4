"""Searching, filtering and sorting the registries without loading them whole.

A query returns the matching rowids in display order; rows are then fetched
in pages by rowid. That keeps a 55,000-row registry cheap to show: the
window holds ids and asks for the few hundred rows on screen.
Search is a substring match over name, credit code and certificate number
(`search_text`), which also finds one- and two-character Chinese queries.

Names sort by pinyin: institutions by their stored `name_key` (app/domain/collation.py,
written on import), inspectors' names and units by the same key computed here.

Filtering and ordering are separate: `ordered_ids` (all rows in a sort
order, by the index where there is one) and `FilterIndex` (what the filters
look at, in memory, put in that order once). Asking SQLite for both at once
makes it walk the name index and fetch every row out of order, four times slower.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field, replace
from itertools import compress, repeat
from operator import contains
from typing import TYPE_CHECKING

from app.domain.registry import Category, Department, RiskClass
from app.store.registry import BOOL_FIELDS, LIST_FIELDS, from_column

if TYPE_CHECKING:
    from sqlite_utils import Database

INSTITUTION_SORTS = {
    "name": "name_key", "credit_code": "credit_code", "category": "category", "district": "district",
    "cma_cert_no": "cma_cert_no", "cma_expires_on": "cma_expires_on", "risk_class": "risk_class",
    "priority": "(flag_complaint + flag_pt_no_show + flag_stats_missed)",
}
INSTITUTION_COLUMNS = (
    "id", "name", "credit_code", "category", "district", "cma_cert_no", "cma_expires_on",
    "risk_class", "flag_complaint", "flag_pt_no_show", "flag_stats_missed",
)
NO_RISK_CLASS = "none"


@dataclass(frozen=True)
class InstitutionFilter:
    text: str = ""
    district: str | None = None
    category: Category | None = None
    risk_class: RiskClass | str | None = None  # a class, NO_RISK_CLASS for unclassified, None for any
    flags: frozenset[str] = field(default_factory=frozenset)  # each named priority flag must be set
    any_priority: bool = False

    @property
    def empty(self) -> bool:
        return self == InstitutionFilter()



class FilterIndex:
    """What the filters look at, for every institution, held in memory in one display order.

    A search runs on each keystroke, so its common case — text only — is one pass in C over the rows'
    search texts (`map(contains, …)` and `compress`), in display order, so that nothing needs sorting
    or matching up afterwards: 55,000 rows in about 2 ms. The window keeps one index per data version
    and order and rebuilds it when either changes.
    """

    COLUMNS = ("rowid", "search_text", "district", "category", "risk_class",
               "flag_complaint", "flag_pt_no_show", "flag_stats_missed")
    FLAG_AT = {"flag_complaint": 5, "flag_pt_no_show": 6, "flag_stats_missed": 7}

    def __init__(self, rows: list[tuple], fresh: bool = False):
        self.rows = rows
        self.ids = [r[0] for r in rows]
        self.texts = [r[1] for r in rows]
        if fresh:
            # New objects, made one after another in this order: a search then reads memory in sequence. The
            # ones SQLite made lie in the table's order, and reading them in another (the names' order) misses
            # the processor's caches on almost every row: seven times slower at 165,000 rows.
            self.ids = array("q", self.ids).tolist()
            self.texts = [text.encode().decode() for text in self.texts]

    @classmethod
    def load(cls, db: Database) -> "FilterIndex":
        return cls(db.conn.execute(f"SELECT {', '.join(cls.COLUMNS)} FROM institutions").fetchall())

    def in_order(self, ordered: list[int]) -> "FilterIndex":
        """The same rows in the order of `ordered` (rowids; those not in this index are left out)."""
        by_id = {r[0]: r for r in self.rows}
        return FilterIndex([by_id[i] for i in ordered if i in by_id], fresh=True)

    def matching(self, flt: InstitutionFilter) -> list[int]:
        """The rowids that pass `flt`, in this index's order."""
        text = flt.text.strip().lower()
        if text and flt == InstitutionFilter(text=flt.text):  # the search box alone: the common case
            return list(compress(self.ids, map(contains, self.texts, repeat(text))))  # contains(a, b) is `b in a`
        return [r[0] for r in self.matching_rows(flt)]

    def matching_rows(self, flt: InstitutionFilter) -> list[tuple]:
        """The rows that pass `flt`, in this index's order (with any columns they carry after `COLUMNS`)."""
        rows = self.rows
        text = flt.text.strip().lower()
        if text:
            rows = list(compress(rows, map(contains, self.texts, repeat(text))))
        if flt.district:
            rows = [r for r in rows if r[2] == flt.district]
        if flt.category:
            category = Category(flt.category).value
            rows = [r for r in rows if r[3] == category]
        if flt.risk_class == NO_RISK_CLASS:
            rows = [r for r in rows if r[4] is None]
        elif flt.risk_class:
            risk = RiskClass(flt.risk_class).value
            rows = [r for r in rows if r[4] == risk]
        for flag in sorted(flt.flags):
            at = self.FLAG_AT[flag]
            rows = [r for r in rows if r[at]]
        if flt.any_priority:
            rows = [r for r in rows if r[5] or r[6] or r[7]]
        return rows


def institution_list(db: Database, flt: InstitutionFilter, sort: str = "name", descending: bool = False,
                     columns=INSTITUTION_COLUMNS) -> list[tuple]:
    """The `columns` of the institutions that pass `flt`, in order: one query, for a command that lists once (the
    window keeps a `FilterIndex` instead). SQLite's `instr` is the same substring test as Python's `in` (code
    points, after the same `lower()` of the query); the other filters are `FilterIndex`'s own."""
    text = flt.text.strip().lower()
    where, params = ("WHERE instr(search_text, ?) > 0", [text]) if text else ("", [])
    rest = replace(flt, text="")
    looked_at = () if rest.empty else FilterIndex.COLUMNS
    rows = db.conn.execute(f"SELECT {', '.join(looked_at + tuple(columns))} FROM institutions"
                           f" {where} {_order_by(sort, descending)}", params).fetchall()
    if rest.empty:
        return rows
    return [r[len(looked_at):] for r in FilterIndex(rows).matching_rows(rest)]


def _order_by(sort: str, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    return f"ORDER BY {INSTITUTION_SORTS[sort]} {direction}, rowid {direction}"


def ordered_ids(db: Database, sort: str = "name", descending: bool = False, limit: int | None = None) -> list[int]:
    """Every institution's rowid in the given order (or the first `limit`)."""
    sql = f"SELECT rowid FROM institutions {_order_by(sort, descending)}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [r[0] for r in db.conn.execute(sql)]


def data_version(db: Database) -> tuple[int, int]:
    """Changes when this connection or another has written since the last call (to invalidate caches)."""
    return db.conn.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes


def institution_rows(db: Database, rowids: list[int], columns=INSTITUTION_COLUMNS) -> dict[int, tuple]:
    """The given columns of the given rows, keyed by rowid (order of the dict is not the display order)."""
    out = {}
    cols = ", ".join(columns)
    for start in range(0, len(rowids), 500):
        chunk = rowids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.conn.execute(f"SELECT rowid, {cols} FROM institutions WHERE rowid IN ({marks})", chunk):
            out[row[0]] = row[1:]
    return out


def institution_id_at(db: Database, rowid: int) -> str | None:
    row = db.conn.execute("SELECT id FROM institutions WHERE rowid = ?", [rowid]).fetchone()
    return row[0] if row else None


def districts(db: Database) -> list[str]:
    """The districts named in the registry, in order: a skip through the district index, one lookup per district
    (SQLite's DISTINCT reads every entry of the index: 5 ms of each start at 55,000 institutions; this 0.1 ms)."""
    return [r[0] for r in db.conn.execute(
        """
        WITH RECURSIVE next_district(name) AS (
            SELECT min(district) FROM institutions WHERE district != ''
            UNION ALL
            SELECT (SELECT min(district) FROM institutions WHERE district > next_district.name)
            FROM next_district WHERE next_district.name IS NOT NULL
        )
        SELECT name FROM next_district WHERE name IS NOT NULL
        """)]


def institution_count(db: Database) -> int:
    return db.conn.execute("SELECT count(*) FROM institutions").fetchone()[0]


# --- inspectors: a few hundred at most, so they are read whole -------------------------------

PINYIN_INSPECTOR_SORTS = ("name", "unit")


@dataclass(frozen=True)
class InspectorFilter:
    text: str = ""
    department: Department | None = None
    active_only: bool = False


def inspector_ids(db: Database, flt: InspectorFilter = InspectorFilter(),
                  sort: str = "name", descending: bool = False) -> list[int]:
    clauses, params = [], []
    text = flt.text.strip().lower()
    if text:
        clauses.append("(instr(lower(name || ' ' || unit || ' ' || cert_no), ?) > 0)")
        params.append(text)
    if flt.department:
        clauses.append("department = ?")
        params.append(Department(flt.department).value)
    if flt.active_only:
        clauses.append("active = 1")
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    if sort not in ("name", "department", "level", "unit", "cert_no"):
        raise ValueError(f"unknown sort {sort}")
    if sort in PINYIN_INSPECTOR_SORTS:  # Chinese text: by pinyin, in Python (hundreds of rows)
        from app.domain.collation import sort_key  # pypinyin loads its dictionaries (0.16 s) when first asked

        rows = db.conn.execute(f"SELECT rowid, {sort} FROM inspectors{where}", params).fetchall()
        rows.sort(key=lambda r: (sort_key(r[1]), r[0]), reverse=descending)
        return [r[0] for r in rows]
    direction = "DESC" if descending else "ASC"
    sql = f"SELECT rowid FROM inspectors{where} ORDER BY {sort} {direction}, rowid {direction}"
    return [r[0] for r in db.conn.execute(sql, params)]


def inspector_rows(db: Database, rowids: list[int]) -> dict[int, dict]:
    out = {}
    for start in range(0, len(rowids), 500):
        chunk = rowids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        cursor = db.conn.execute(f"SELECT rowid, * FROM inspectors WHERE rowid IN ({marks})", chunk)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            out[row[0]] = {n: _plain(n, v) for n, v in zip(names[1:], row[1:])}
    return out


def _plain(name: str, value):
    """Lists decoded and flags as booleans; enumerations stay as their stored codes."""
    if name in LIST_FIELDS:
        return from_column(name, value)  # a value Spotcheck never writes is an integrity failure, in words
    if name in BOOL_FIELDS:
        return bool(value)
    return value
