"""The fast path of reading an institution sheet: whole columns at a time, for rows with nothing to report.

A national registry has 55,000 rows of 25 columns; reading each cell through
the careful per-row reader (`registry_rows.institution_from`) costs more than
reading the workbook itself. Here each column is checked with a list
comprehension that accepts only the plain, unremarkable cases: text cells, valid
credit codes, date cells, the usual yes/no and category labels. Any row with
anything else in any column (a wrong code, a date written as text, a warning
to give) is left to the careful reader, which is the reference: for rows
accepted here both give the same stored values (tests/test_institution_columns.py
checks that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain import values as v
from app.domain.cma import AUTHORITIES
from app.domain.credit_code import is_plain
from app.domain.registry import Category
from app.exchange.sheets import SheetTable

SLOW = object()  # this cell needs the careful reader
_UNSEEN = object()
_CERT = re.compile(r"\d{12}")
_FLAGS = {"": False, "是": True, "否": False}

TEXT = ("address", "district", "authorized_name", "cma_issuer", "legal_rep", "contact", "top_manager",
        "tech_lead", "notes")
PHONES = ("legal_rep_phone", "contact_phone", "top_manager_phone")
FLAGS = ("flag_complaint", "flag_pt_no_show", "flag_stats_missed", "eco_owned")


def _columns(table: SheetTable) -> list[tuple]:
    """The table turned on its side: one tuple of cells per sheet column (rows padded to one width)."""
    rows = [r.values for r in table.rows]
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [list(r) + [""] * (width - len(r)) for r in rows]
    return list(zip(*rows))


# Column readers: each takes a whole column and returns its values, SLOW where the careful
# reader must look. The common case is written inline in the comprehension: a Python call per
# cell would cost more than the rest of the work.

def _other_text(x) -> str:
    return v.clean(v.text(x))


def _texts(column) -> list:
    return [" ".join(x.split()) if type(x) is str else _other_text(x) for x in column]


def _names(column) -> list:
    return [(" ".join(x.split()) or SLOW) if type(x) is str else SLOW for x in column]


def _codes(column) -> list:
    return [x if type(x) is str and is_plain(x) else SLOW for x in column]


def _dates(column) -> list:
    return [x if type(x) is date else None if x == "" else x.date() if type(x) is datetime else SLOW
            for x in column]


def _certs(column) -> list:
    return [x if x == "" or (type(x) is str and _CERT.fullmatch(x) and x[2:4] in AUTHORITIES) else SLOW
            for x in column]


def _flags(column) -> list:
    return [_FLAGS.get(x, SLOW) if type(x) is str else SLOW for x in column]


def _phones(column) -> list:
    return [x if type(x) is str and x.isascii() and x.isdigit() else v.parse_phone(x) for x in column]


def _lists(column) -> list:
    return [v.split_names(x) if type(x) is str else v.parse_list(x) for x in column]


def _lookup(resolve):
    """A column reader for labels (categories, risk classes): each distinct cell is resolved once."""
    def read(column) -> list:
        known: dict = {}
        out = []
        for x in column:
            value = known.get(x, _UNSEEN)
            if value is _UNSEEN:
                value = known[x] = resolve(x)
            out.append(value)
        return out
    return read


def _risk(x):
    if x == "" or x is None:
        return None
    try:
        return v.parse_risk_class(x)
    except v.BadValue:
        return SLOW


def _category(default: Category | None):
    def resolve(x):
        if x == "" or x is None:
            return default if default is not None else SLOW
        return v.parse_category(x)
    return resolve


def _blank_only(column) -> list:
    """Rare columns (year of allocation, record id): anything in them takes the careful path."""
    return [None if x == "" or x is None else SLOW for x in column]


@dataclass
class BulkRows:
    """The plain rows of one sheet, read a column at a time: domain-typed values per field."""

    table: SheetTable
    positions: list[int]  # indexes into table.rows
    columns: dict[str, list] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.positions)

    def drop(self, drop: set[int]) -> None:
        """Remove the rows at these places (indexes into `positions`)."""
        keep = [k for k in range(len(self.positions)) if k not in drop]
        self.positions = [self.positions[k] for k in keep]
        self.columns = {name: [values[k] for k in keep] for name, values in self.columns.items()}


def fast_institutions(table: SheetTable, default_category: Category | None) -> tuple[BulkRows, list[int]]:
    """The rows that need no remark, as columns; and the indexes of the rows the careful reader must read."""
    n = len(table.rows)
    sheet_columns = _columns(table)
    columns: dict[str, list] = {}
    may_be_slow = []

    def take(name: str, read, missing, slow: bool = True):
        i = table.index.get(name)
        columns[name] = [missing] * n if i is None else read(sheet_columns[i])
        if slow:
            may_be_slow.append(name)

    take("name", _names, SLOW)
    take("credit_code", _codes, SLOW)
    take("category", _lookup(_category(default_category)), default_category or SLOW)
    for name in TEXT:
        take(name, _texts, "", slow=False)
    for name in PHONES:
        take(name, _phones, "", slow=False)
    for name in FLAGS:
        take(name, _flags, False)
    take("cma_cert_no", _certs, "")
    take("cma_approved_on", _dates, None)
    take("cma_expires_on", _dates, None)
    take("risk_class", _lookup(_risk), None)
    take("signatories", _lists, [], slow=False)
    take("allocated_year", _blank_only, None)
    take("id", _blank_only, None)
    careful = set()
    for name in may_be_slow:
        values = columns[name]
        if SLOW in values:
            careful.update(i for i, x in enumerate(values) if x is SLOW)
    approved, expires = columns["cma_approved_on"], columns["cma_expires_on"]
    careful.update(i for i, (a, e) in enumerate(zip(approved, expires))  # an expiry before approval: a warning
                   if type(a) is date and type(e) is date and e < a)
    columns["id"] = [""] * n
    bulk = BulkRows(table, list(range(n)), columns)
    careful_rows = sorted(careful)
    if careful_rows:
        bulk.drop(set(careful_rows))
    return bulk, careful_rows
