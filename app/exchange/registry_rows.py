"""Turning the rows of a registry sheet into `Institution` and `Inspector` records.

Each row yields a record or the problems that refuse it, every problem
placed at file, sheet, row and column. Warnings (an organisation code whose
own check fails, an expiry before the approval date) and notices (lower case
upper-cased, a date serial read as a date) travel with the accepted record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat

from app.domain import values as v
from app.domain.cma import certificate_warnings
from app.domain.credit_code import check_credit_code, is_plain
from app.domain.problems import Cancelled, Problem, Severity
from app.domain.registry import Category, Inspector, Institution
from app.exchange.institution_columns import BulkRows, fast_institutions
from app.exchange.sheets import SheetRow, SheetTable

CREDIT_CODE_NUMERIC = (
    "统一社会信用代码在 Excel 中以数字格式保存，后几位数字已丢失；"
    "请将该列设为文本格式后重新输入这18位代码"
)


@dataclass
class ParsedRow:
    table: SheetTable
    row: SheetRow
    record: object | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


@dataclass
class ParsedSheet:
    """Every data row of the workbook: plain ones as `bulk` columns, the others as `rows` read one by one."""

    rows: list[ParsedRow]
    notices: list[Problem]
    bulk: list[BulkRows] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows) + sum(len(b) for b in self.bulk)

    @property
    def accepted(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.refused]

    @property
    def refused(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.refused]

    @property
    def errors(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return self.notices + [p for r in self.rows for p in r.problems if p.severity is not Severity.ERROR]


class _RowReader:
    """Reads fields of one row, collecting problems placed at their column."""

    def __init__(self, table: SheetTable, row: SheetRow):
        self.table, self.row = table, row
        self.index, self.values = table.index, row.values
        self.problems: list[Problem] = []

    def where(self, name: str | None) -> dict:
        column = self.table.columns.get(name) if name else None
        label = f"{column.letter}（{column.header}）" if column else None
        return dict(file=self.table.file, sheet=self.table.sheet, row=self.row.number, column=label)

    def raw(self, name: str):
        i = self.index.get(name)
        return None if i is None or i >= len(self.values) else self.values[i]

    def problem(self, name: str | None, expected: str, value=None, severity=Severity.ERROR) -> None:
        self.problems.append(Problem(expected, value, severity=severity, **self.where(name)))

    def get(self, name: str, parser: Callable, default=None):
        value = self.raw(name)
        try:
            return parser(value)
        except v.BadValue as exc:
            self.problem(name, exc.expected, v.text(value))
            return default

    def text(self, name: str) -> str:
        value = self.raw(name)
        return v.clean(value) if type(value) is str else v.clean(v.text(value))

    def date(self, name: str):
        value = self.raw(name)
        try:
            parsed, note = v.parse_date(value)
        except v.BadValue as exc:
            self.problem(name, exc.expected, v.text(value))
            return None
        if note:
            self.problem(name, note, v.text(value), Severity.NOTICE)
        return parsed

    def required_text(self, name: str, label: str) -> str:
        value = self.text(name)
        if not value:
            self.problem(name, f"{label}不能为空")
        return value


def _credit_code(r: _RowReader) -> str:
    raw = r.raw("credit_code")
    if type(raw) is str and is_plain(raw):
        return raw  # the common case, checked without building a report
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        r.problem("credit_code", CREDIT_CODE_NUMERIC, v.text(raw))
        return ""
    if v.is_blank(raw):
        r.problem("credit_code", "统一社会信用代码不能为空（18位）")
        return ""
    check = check_credit_code(str(raw))
    for error in check.errors:
        r.problem("credit_code", error, str(raw))
    for warning in check.warnings:
        r.problem("credit_code", warning, str(raw), Severity.WARNING)
    for note in check.notes:
        r.problem("credit_code", note, str(raw), Severity.NOTICE)
    return check.code if check.valid else ""


_INSTITUTION_TEXT = ("address", "district", "authorized_name", "cma_issuer", "legal_rep", "contact",
                     "top_manager", "tech_lead", "notes")
_INSTITUTION_PHONES = ("legal_rep_phone", "contact_phone", "top_manager_phone")
_INSTITUTION_FLAGS = ("flag_complaint", "flag_pt_no_show", "flag_stats_missed", "eco_owned")


def _columns(table: SheetTable, names: tuple[str, ...]) -> list[tuple[str, int]]:
    """(field, column index) of those fields the table has; fields it lacks keep their defaults."""
    key = ("columns",) + names
    found = table.plans.get(key)
    if found is None:
        found = table.plans[key] = [(name, table.index[name]) for name in names if name in table.index]
    return found


def institution_from(table: SheetTable, row: SheetRow, default_category: Category | None) -> ParsedRow:
    r = _RowReader(table, row)
    name = r.required_text("name", "机构名称")
    code = _credit_code(r)
    category = r.get("category", v.parse_category) or default_category
    if category is None:
        r.problem("category" if "category" in table.columns else None,
                  "机构类别不能为空：请在「机构类别」列填写，或为整个文件指定类别")
    cert_no = r.get("cma_cert_no", v.parse_cert_no, "")
    for warning in certificate_warnings(cert_no):
        r.problem("cma_cert_no", warning, cert_no, Severity.WARNING)
    approved, expires = r.date("cma_approved_on"), r.date("cma_expires_on")
    if approved and expires and expires < approved:
        r.problem("cma_expires_on", f"有效日期早于批准日期（{approved.isoformat()}），请核对",
                  expires.isoformat(), Severity.WARNING)
    fields_ = dict(cma_cert_no=cert_no, cma_approved_on=approved, cma_expires_on=expires,
                   signatories=v.parse_list(r.raw("signatories")),
                   risk_class=r.get("risk_class", v.parse_risk_class),
                   allocated_year=r.get("allocated_year", v.parse_year))
    values, n = r.values, len(r.values)
    for field_name, i in _columns(table, _INSTITUTION_TEXT):
        x = values[i] if i < n else ""
        fields_[field_name] = v.clean(x) if type(x) is str else v.clean(v.text(x))
    for field_name, i in _columns(table, _INSTITUTION_PHONES):
        fields_[field_name] = v.parse_phone(values[i] if i < n else "")
    for field_name, i in _columns(table, _INSTITUTION_FLAGS):
        x = values[i] if i < n else ""
        fields_[field_name] = False if x == "" else r.get(field_name, v.parse_flag, False)
    given_id = r.text("id")
    if given_id and not _is_uuid(given_id):
        r.problem("id", "记录ID应为本软件导出的 UUID，或留空", given_id)
    record = None
    if not any(p.severity is Severity.ERROR for p in r.problems):
        record = Institution(name=name, credit_code=code, category=category, id=given_id, **fields_)
    return ParsedRow(table, row, record, r.problems)


def inspector_from(table: SheetTable, row: SheetRow) -> ParsedRow:
    r = _RowReader(table, row)
    name = r.required_text("name", "姓名")
    if v.is_blank(r.raw("department")):
        r.problem("department" if "department" in table.columns else None,
                  "所属部门不能为空：" + v.DEPARTMENT_EXPECTED)
    department = r.get("department", v.parse_department)
    active_raw = r.raw("active")
    record_fields = dict(
        level=r.get("level", v.parse_level),
        unit=r.text("unit"),
        cert_no="".join(v.text(r.raw("cert_no")).split()),
        phone=v.parse_phone(r.raw("phone")),
        districts=v.parse_list(r.raw("districts")),
        expertise=v.parse_list(r.raw("expertise")),
        avoid=v.parse_list(r.raw("avoid")),
        active=True if v.is_blank(active_raw) else r.get("active", v.parse_flag, True),
        notes=r.text("notes"),
    )
    given_id = r.text("id")
    if given_id and not _is_uuid(given_id):
        r.problem("id", "记录ID应为本软件导出的 UUID，或留空", given_id)
    record = None
    if not any(p.severity is Severity.ERROR for p in r.problems):
        record = Inspector(name=name, department=department, id=given_id, **record_fields)
    return ParsedRow(table, row, record, r.problems)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def parse_institutions(tables: list[SheetTable], default_category: Category | None = None,
                       progress=None, cancelled=None) -> ParsedSheet:
    return _parse(tables, lambda t, row: institution_from(t, row, default_category),
                  lambda rec: rec.credit_code, "统一社会信用代码", "credit_code", progress, cancelled,
                  fast=lambda t: fast_institutions(t, default_category))


def parse_inspectors(tables: list[SheetTable], progress=None, cancelled=None) -> ParsedSheet:
    return _parse(tables, inspector_from, lambda rec: rec.cert_no or None, "执法证号", "cert_no",
                  progress, cancelled)


def _parse(tables, make, key, key_label, key_field, progress, cancelled, fast=None) -> ParsedSheet:
    """Read every row; a row with the same key as an earlier one (in sheet order) is refused.

    `fast(table)`, if given, returns the plain rows as `BulkRows` and the indexes of the rest,
    which `make(table, row)` reads one at a time.
    """
    parsed = ParsedSheet([], [n for t in tables for n in t.notices])
    total = sum(len(t.rows) for t in tables)
    seen: dict[str, tuple[SheetTable, int]] = {}  # key -> where it first stood (table, row index)
    done = 0

    def duplicate(k, table, position) -> Problem | None:
        if not k:
            return None
        if k not in seen:
            seen[k] = (table, position)
            return None
        first, at = seen[k]
        column = table.columns.get(key_field)
        return Problem(f"{key_label}与工作表 {first.sheet} 第 {first.rows[at].number} 行重复", k, file=table.file,
                       sheet=table.sheet, row=table.rows[position].number,
                       column=f"{column.letter}（{column.header}）" if column else None)

    for table in tables:
        if cancelled and cancelled():
            raise Cancelled()
        parsed.rows += [ParsedRow(table, row, None, problems) for row, problems in table.refused]
        if fast and table.rows:
            bulk, careful = fast(table)
            bulk_keys = bulk.columns.get(key_field, [])
        else:
            bulk, careful, bulk_keys = None, list(range(len(table.rows))), []
        distinct = set(bulk_keys)
        if bulk is not None and not careful and len(distinct) == len(bulk_keys) and seen.keys().isdisjoint(distinct):
            # The common case, at C speed: every row plain, no key twice.
            seen.update(zip(bulk_keys, zip(repeat(table), bulk.positions)))
        else:
            _parse_rows(table, bulk, bulk_keys, set(careful), make, key, duplicate, parsed)
        if bulk is not None:
            parsed.bulk.append(bulk)
        done += len(table.rows)
        if progress:
            progress(done, total, f"已检查 {done} / {total} 行")
    return parsed


def _parse_rows(table, bulk, keys: list, careful: set[int], make, key, duplicate, parsed: ParsedSheet) -> None:
    """Row by row, in sheet order: read the careful rows, and catch duplicate keys."""
    bulk_keys = dict(zip(bulk.positions, keys)) if bulk is not None else {}
    dropped: set[int] = set()
    for position, row in enumerate(table.rows):
        if position in careful:
            one = make(table, row)
            if one.record is not None:
                problem = duplicate(key(one.record), table, position)
                if problem:
                    one.problems.append(problem)
                    one.record = None
            parsed.rows.append(one)
        else:
            problem = duplicate(bulk_keys[position], table, position)
            if problem:  # rare: read it again carefully, to report it with its duplicate
                dropped.add(position)
                one = make(table, row)
                one.problems.append(problem)
                one.record = None
                parsed.rows.append(one)
    if dropped:
        bulk.drop({k for k, p in enumerate(bulk.positions) if p in dropped})
