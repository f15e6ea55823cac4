"""Importing and exporting the two registries (the use cases the CLI and the window share).

An import reads the workbook, checks every row, and then either refuses the
file as a whole (listing every problem; nothing is written) or writes all
accepted rows in one transaction together with the import's log entry and
the history of every changed field. With `skip_invalid`, the refused rows are
written with their reasons to a new workbook beside the input instead; the
import succeeds only if that file and the transaction are both written.
Long work takes `progress(done, total, message)` and `cancelled()`.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.problems import Cancelled, InputRefused, Problem
from app.domain.registry import (
    CATEGORY_LABELS,
    DEPARTMENT_LABELS,
    LEVEL_LABELS,
    Category,
    Inspector,
    Institution,
)
from app.exchange import registry_rows
from app.exchange.registry_headers import (
    INSPECTOR_EXPORT_ORDER,
    INSPECTOR_HEADERS,
    INSTITUTION_EXPORT_ORDER,
    INSTITUTION_HEADERS,
)
from app.exchange.sheets import HeaderSpec, read_tables
from app.exchange.xlsx_write import SheetSpec, write_workbook
from app.paths import unused_path
from app.store import registry as store
from app.store.registry_upsert import (
    INSPECTORS,
    INSTITUTIONS,
    Kind,
    UpsertCounts,
    rows_from_columns,
    rows_from_records,
    upsert,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

Progress = Callable[[int, int, str], None]
NoCancel: Callable[[], bool] = lambda: False  # noqa: E731


def _no_progress(done: int, total: int, message: str) -> None:
    pass


@dataclass
class ImportOptions:
    dry_run: bool = False
    skip_invalid: bool = False
    category: Category | None = None  # for a file without a category column


@dataclass
class ImportReport:
    kind: str
    file: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    changes: int = 0
    dry_run: bool = False
    import_id: int | None = None
    refused_file: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    refused_problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "file": self.file,
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "changes": self.changes,
            "dry_run": self.dry_run,
            "import_id": self.import_id,
            "refused_file": str(self.refused_file) if self.refused_file else None,
            "warnings": [p.to_json() for p in self.warnings],
            "refused_problems": [p.to_json() for p in self.refused_problems],
        }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_institutions(db: Database, path: Path, options: ImportOptions | None = None,
                        progress: Progress = _no_progress, cancelled=NoCancel) -> ImportReport:
    options = options or ImportOptions()
    return _import(db, Path(path), INSTITUTIONS, INSTITUTION_HEADERS,
                   lambda tables: registry_rows.parse_institutions(tables, options.category, progress, cancelled),
                   options, progress, cancelled)


def import_inspectors(db: Database, path: Path, options: ImportOptions | None = None,
                      progress: Progress = _no_progress, cancelled=NoCancel) -> ImportReport:
    options = options or ImportOptions()
    return _import(db, Path(path), INSPECTORS, INSPECTOR_HEADERS,
                   lambda tables: registry_rows.parse_inspectors(tables, progress, cancelled),
                   options, progress, cancelled)


def _rows_to_write(kind: Kind, parsed: registry_rows.ParsedSheet, options: ImportOptions):
    """Stored tuples of every accepted row, and the fields each one's sheet had a column for.

    A re-import only changes what the file has columns for; a file-wide category counts as one.
    """
    extra = {"category"} if options.category else set()
    present_of: dict[int, frozenset[str]] = {}

    def present(table) -> frozenset[str]:
        found = present_of.get(id(table))
        if found is None:
            found = present_of[id(table)] = frozenset(table.columns) | extra
        return found

    accepted = parsed.accepted
    rows = rows_from_records(kind, [r.record for r in accepted])
    fields_present = [present(r.table) for r in accepted]
    for bulk in parsed.bulk:
        rows += rows_from_columns(kind, bulk.columns, len(bulk))
        fields_present += [present(bulk.table)] * len(bulk)
    return rows, fields_present


@contextmanager
def paused_gc():
    """Cyclic garbage collection off for a bulk job.

    Reading 55,000 rows keeps over a million objects alive; each automatic collection walks them
    all, which cost a third of an import's time. The job makes no reference cycles worth collecting
    (memory is still freed by reference counting), and collection resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(db, path: Path, kind: Kind, spec: HeaderSpec, parse, options: ImportOptions,
            progress: Progress, cancelled) -> ImportReport:
    with paused_gc():
        return _import_file(db, path, kind, spec, parse, options, progress, cancelled)


def _import_file(db, path: Path, kind: Kind, spec: HeaderSpec, parse, options: ImportOptions,
                 progress: Progress, cancelled) -> ImportReport:
    if not path.is_file():
        raise InputRefused(f"找不到文件 {path}。", [Problem("存在的 .xlsx 文件", str(path), file=path.name)])
    progress(0, 0, f"读取 {path.name}")
    tables = read_tables(path, spec)
    if cancelled():
        raise Cancelled()
    parsed = parse(tables)
    refused = parsed.refused
    report = ImportReport(kind=kind.table, file=path.name, rows=parsed.total, dry_run=options.dry_run,
                          warnings=parsed.warnings, refused=len(refused))
    if refused and not options.skip_invalid:
        raise InputRefused(
            f"{path.name} 有 {len(refused)} 行不符合要求，整个文件未导入。请改正后重试，或选择跳过无效行。",
            parsed.errors,
        )
    report.refused_problems = parsed.errors
    rows, present = _rows_to_write(kind, parsed, options)
    if cancelled():
        raise Cancelled()
    progress(0, 0, "写入数据库")
    # Index pages of 55,000 rows inserted in random order thrash SQLite's default 2 MB cache.
    db.execute(f"PRAGMA cache_size = {-64 * 1024}")
    if options.dry_run:
        db.conn.execute("BEGIN")
        try:
            counts = upsert(db, kind, rows, present)
        finally:
            db.conn.execute("ROLLBACK")
    else:
        # The refused rows are written first: if that fails, nothing is imported; if the import then fails,
        # the file goes again. Success is reported only when both are in place.
        report.refused_file = write_refused_rows(path, refused) if refused else None
        try:
            with db.atomic():
                import_id = store.record_import(
                    db, kind=kind.table, file=path.name, sha256=_sha256(path),
                    sheet=", ".join(t.sheet for t in tables), counts=UpsertCounts(),
                    refused=report.refused, warnings=len(report.warnings))
                counts = upsert(db, kind, rows, present, import_id)
                store.finish_import(db, import_id, counts)
                if cancelled():
                    raise Cancelled()
        except BaseException:
            if report.refused_file is not None:
                report.refused_file.unlink(missing_ok=True)
            raise
        report.import_id = import_id
    report.inserted, report.updated = counts.inserted, counts.updated
    report.unchanged, report.changes = counts.unchanged, counts.changes
    progress(1, 1, "完成")
    return report


def write_refused_rows(source: Path, refused: list[registry_rows.ParsedRow]) -> Path:
    """The refused rows as they were, with their row numbers and reasons: one sheet per source sheet."""
    target = unused_path(source.parent, f"{source.stem}-未导入", ".xlsx")
    by_sheet: dict[str, list[registry_rows.ParsedRow]] = {}
    for r in refused:
        by_sheet.setdefault(r.table.sheet, []).append(r)
    sheets = []
    for sheet, rows in by_sheet.items():
        header = rows[0].table.header
        width = max(len(header), *(len(r.row.values) for r in rows))
        headers = ["工作表", "原行号", "未导入原因"] + list(header) + [""] * (width - len(header))
        out = []
        for r in rows:
            reasons = "；".join((f"「{p.column}」" if p.column else "") + p.expected
                               for p in r.problems if p.severity.value == "error")
            values = [_as_written(c) for c in r.row.values]
            out.append([sheet, r.row.number, reasons] + values + [None] * (width - len(values)))
        title = ("未导入-" + sheet)[:31]
        sheets.append((SheetSpec(title, headers, [12, 8, 60] + [18] * width, set()), out))
    write_workbook(target, sheets)
    return target


def _as_written(value):
    """A cell value as the reader gave it, with whole-number floats back as integers."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def field_header(kind: str, name: str) -> str:
    """The column header a field has in the registry workbooks (its display name)."""
    spec = INSTITUTION_HEADERS if kind == "institution" else INSPECTOR_HEADERS
    return spec.canonical(name) if name in spec.aliases else name


# --- export -----------------------------------------------------------------------------

def _export_value(name: str, value):
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Category):
        return CATEGORY_LABELS[value]
    if name == "department" and value is not None:
        return DEPARTMENT_LABELS[value]
    if name == "level" and value is not None:
        return LEVEL_LABELS[value]
    if name == "risk_class" and value is not None:
        return value.value
    return value


def _export(path: Path, title: str, spec: HeaderSpec, order: list[str], records: list,
            text_fields: set[str], progress: Progress, cancelled) -> int:
    headers = [spec.canonical(name) for name in order]
    widths = [32 if name in ("name", "address", "id") else 16 for name in order]
    text_columns = {i for i, name in enumerate(order) if name in text_fields}
    rows = ([_export_value(name, getattr(rec, name)) for name in order] for rec in records)
    with paused_gc():
        write_workbook(Path(path), [(SheetSpec(title, headers, widths, text_columns), rows)],
                       len(records), progress, cancelled)
    return len(records)


def export_institutions(db: Database, path: Path, progress: Progress = _no_progress, cancelled=NoCancel) -> int:
    progress(0, 0, "读取机构库")
    records: list[Institution] = store.all_institutions(db)
    text = {"credit_code", "cma_cert_no", "legal_rep_phone", "contact_phone", "top_manager_phone"}
    return _export(path, "检查对象名录库", INSTITUTION_HEADERS, INSTITUTION_EXPORT_ORDER, records, text,
                   progress, cancelled)


def export_inspectors(db: Database, path: Path, progress: Progress = _no_progress, cancelled=NoCancel) -> int:
    records: list[Inspector] = store.all_inspectors(db)
    return _export(path, "执法检查人员名录库", INSPECTOR_HEADERS, INSPECTOR_EXPORT_ORDER, records,
                   {"cert_no", "phone"}, progress, cancelled)


def get_inspector(db: Database, key: str) -> Inspector | None:
    """An inspector of the registry by record id or enforcement certificate number (as typed), or None."""
    return store.get_inspector(db, key)


def get_institution(db: Database, key: str) -> Institution | None:
    """An institution of the registry by record id or credit code (as typed), or None."""
    return store.get_institution(db, key)
