"""`institutions …` and `inspectors …`: import, export, list and show the two registries."""

from __future__ import annotations

import sys
from dataclasses import asdict
from datetime import date
from enum import Enum
from pathlib import Path

from app.commands import Outcome
from app.domain.problems import InputRefused
from app.domain.registry import CATEGORY_LABELS, DEPARTMENT_LABELS, LEVEL_LABELS, Category, Department, RiskClass


def count(text: str) -> int:
    """An argparse type: 0 or a positive whole number (a negative --limit would silently drop rows)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 0 或正整数：{text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"应为 0 或正整数，不能是负数：{text}")
    return value


def register(sub, common) -> None:
    p = sub.add_parser("institutions", parents=[common], help="检查对象名录库（机构库）")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = s.add_parser("import", parents=[common], help="从 .xlsx 导入")
    imp.add_argument("file", type=Path, metavar="FILE.xlsx")
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument("--skip-invalid", action="store_true",
                     help="import the valid rows; write the refused ones with reasons beside the input")
    imp.add_argument("--category", choices=[c.value for c in Category],
                     help="category for every row of a file without a category column")
    imp.set_defaults(handler=institutions_import, creates_database=True)
    exp = s.add_parser("export", parents=[common], help="导出为 .xlsx")
    exp.add_argument("file", type=Path, metavar="FILE.xlsx")
    exp.set_defaults(handler=institutions_export)
    lst = s.add_parser("list", parents=[common], help="列出（可搜索、筛选）")
    lst.add_argument("--search", default="", help="part of name, credit code or certificate no.")
    lst.add_argument("--district")
    lst.add_argument("--category", choices=[c.value for c in Category])
    lst.add_argument("--risk-class", choices=[r.value for r in RiskClass] + ["none"])
    lst.add_argument("--priority", action="store_true", help="only institutions with a priority flag")
    lst.add_argument("--limit", type=count, default=0, help="at most N items (0: all)")
    lst.set_defaults(handler=institutions_list)
    show = s.add_parser("show", parents=[common], help="一个机构的全部信息和变更记录")
    show.add_argument("key", metavar="ID|CREDIT_CODE")
    show.set_defaults(handler=institutions_show)

    p = sub.add_parser("inspectors", parents=[common], help="执法检查人员名录库（人员库）")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = s.add_parser("import", parents=[common], help="从 .xlsx 导入")
    imp.add_argument("file", type=Path, metavar="FILE.xlsx")
    imp.add_argument("--dry-run", action="store_true")
    imp.add_argument("--skip-invalid", action="store_true")
    imp.set_defaults(handler=inspectors_import, creates_database=True)
    exp = s.add_parser("export", parents=[common], help="导出为 .xlsx")
    exp.add_argument("file", type=Path, metavar="FILE.xlsx")
    exp.set_defaults(handler=inspectors_export)
    lst = s.add_parser("list", parents=[common])
    lst.add_argument("--search", default="")
    lst.add_argument("--department", choices=[d.value for d in Department])
    lst.set_defaults(handler=inspectors_list)
    show = s.add_parser("show", parents=[common])
    show.add_argument("key", metavar="ID|CERT_NO")
    show.set_defaults(handler=inspectors_show)


def jsonable(record) -> dict:
    out = {}
    for key, value in asdict(record).items():
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        out[key] = value
    return out


_LABELS = {"category": CATEGORY_LABELS, "department": DEPARTMENT_LABELS, "level": LEVEL_LABELS,
           "risk_class": {r: r.label for r in RiskClass}}


def record_text(kind: str, record, changes: list[dict]) -> str:
    """A record as the lines a person reads: 字段名：值, then the change history."""
    from app.services.registry import field_header

    lines = []
    for key, value in asdict(record).items():
        if key in _LABELS and value is not None:
            value = _LABELS[key][value]
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, list):
            value = "、".join(value)
        elif isinstance(value, date):
            value = value.isoformat()
        lines.append(f"{field_header(kind, key)}：{'—' if value in (None, '') else value}")
    if changes:
        lines.append("变更记录：")
    for change in changes:
        source = f"（{change['file']}）" if change.get("file") else ""
        lines.append(f"  {local_time(change['at'])} {field_header(kind, change['field'])}："
                     f"{change['old_value'] or '—'} → {change['new_value'] or '—'}{source}")
    return "\n".join(lines)


def local_time(stamp: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


def _progress_to_stderr(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{message}…", end="", file=sys.stderr, flush=True)


def _import_text(report) -> str:
    verb = "检查完毕（未写入）" if report.dry_run else "导入完成"
    lines = [f"{report.file}：{verb}，共 {report.rows} 行：新增 {report.inserted}，更新 {report.updated}，"
             f"未变 {report.unchanged}，未导入 {report.refused}。"]
    if report.refused_file:
        lines.append(f"未导入的行及原因已写入：{report.refused_file}")
    for problem in report.refused_problems[:50]:
        lines.append("  未导入：" + problem.describe())
    for problem in report.warnings[:50]:
        kind = {"warning": "提醒", "notice": "说明"}[problem.severity.value]
        lines.append(f"  {kind}：" + problem.describe())
    if len(report.warnings) > 50:
        lines.append(f"  …另有 {len(report.warnings) - 50} 条提醒（用 --json 查看全部）")
    return "\n".join(lines)


def _run_import(ctx, importer, **extra) -> Outcome:
    from app.services.registry import ImportOptions

    args = ctx.args
    options = ImportOptions(dry_run=args.dry_run, skip_invalid=args.skip_invalid, **extra)
    try:
        report = importer(ctx.db, args.file, options, progress=_progress_to_stderr)
    except InputRefused as exc:
        if exc.problems and not args.skip_invalid:
            exc.message += "（命令行：加 --skip-invalid 跳过无效行）"
        raise
    if sys.stderr.isatty():
        print("\r", end="", file=sys.stderr)
    return Outcome(report.to_json(), _import_text(report))


def institutions_import(ctx) -> Outcome:
    from app.services.registry import import_institutions

    category = Category(ctx.args.category) if ctx.args.category else None
    return _run_import(ctx, import_institutions, category=category)


def inspectors_import(ctx) -> Outcome:
    from app.services.registry import import_inspectors

    return _run_import(ctx, import_inspectors)


def institutions_export(ctx) -> Outcome:
    from app.services.registry import export_institutions

    n = export_institutions(ctx.db, ctx.args.file, progress=_progress_to_stderr)
    return Outcome({"file": str(ctx.args.file), "rows": n}, f"已导出 {n} 个机构到 {ctx.args.file}")


def inspectors_export(ctx) -> Outcome:
    from app.services.registry import export_inspectors

    n = export_inspectors(ctx.db, ctx.args.file, progress=_progress_to_stderr)
    return Outcome({"file": str(ctx.args.file), "rows": n}, f"已导出 {n} 名人员到 {ctx.args.file}")


def _reader(ctx):
    """A listing only reads: the file is checked (ours, its schema, not newer) without reading every page first
    (damage met while reading is still reported as damage) and read through a plain connection."""
    from app.services.browse import Registry
    from app.services.storage import prepare

    prepare(ctx.db_path, create=False, thorough=False)
    return Registry.open(ctx.db_path)


def institutions_list(ctx) -> Outcome:
    from app.services.browse import INSTITUTION_COLUMNS, InstitutionFilter

    a = ctx.args
    flt = InstitutionFilter(text=a.search, district=a.district,
                            category=Category(a.category) if a.category else None,
                            risk_class=a.risk_class, any_priority=a.priority)
    registry = _reader(ctx)
    try:
        rows = registry.institution_list(flt)
    finally:
        registry.close()
    if a.limit:
        rows = rows[:a.limit]
    flags = [INSTITUTION_COLUMNS.index(f) for f in ("flag_complaint", "flag_pt_no_show", "flag_stats_missed")]
    items = []
    for row in rows:
        item = dict(zip(INSTITUTION_COLUMNS, row))
        for at in flags:
            item[INSTITUTION_COLUMNS[at]] = bool(row[at])
        items.append(item)
    if a.json:  # the lines below are not printed
        return Outcome({"items": items}, "")
    lines = [f"{i['credit_code']}\t{CATEGORY_LABELS[Category(i['category'])]}\t{i['district'] or '—'}\t{i['name']}"
             for i in items]
    lines.append(f"共 {len(items)} 个机构")
    return Outcome({"items": items}, "\n".join(lines))


def institutions_show(ctx) -> Outcome:
    from app.services.browse import Registry

    registry = Registry(ctx.db)
    inst = registry.institution(ctx.args.key)
    data = jsonable(inst)
    data["changes"] = registry.institution_changes(inst.id)
    return Outcome(data, record_text("institution", inst, data["changes"]))


def inspectors_list(ctx) -> Outcome:
    from app.services.browse import InspectorFilter, Registry

    a = ctx.args
    registry = Registry(ctx.db)
    ids = registry.inspector_ids(InspectorFilter(text=a.search,
                                                 department=Department(a.department) if a.department else None))
    rows = registry.inspector_rows(ids)
    items = [rows[i] for i in ids]
    lines = [f"{i['cert_no'] or '—'}\t{DEPARTMENT_LABELS[Department(i['department'])]}\t{i['name']}\t{i['unit']}"
             for i in items]
    lines.append(f"共 {len(items)} 人")
    return Outcome({"items": items}, "\n".join(lines))


def inspectors_show(ctx) -> Outcome:
    from app.services.browse import Registry

    registry = Registry(ctx.db)
    person = registry.inspector(ctx.args.key)
    data = jsonable(person)
    data["changes"] = registry.inspector_changes(person.id)
    return Outcome(data, record_text("inspector", person, data["changes"]))
