"""`notice result`, `results export`, `referrals export`, `credit export`: what the lead sends the institution,
publishes, hands on to other departments and files for credit once tasks are concluded (docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

from app.commands import Outcome
from app.domain.cases import Recipient


def register(sub, common) -> None:
    p = sub.add_parser("notice", parents=[common], help="文书：检查结果告知书")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("result", parents=[common], help="检查结果告知书（PDF / DOCX，含送达回证；首次导出时编号）")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.docx")
    c.set_defaults(handler=notice_result)

    p = sub.add_parser("results", parents=[common], help="抽查结果公示（一公开）")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("export", parents=[common], help="抽查结果 XLSX，可同时导出公示 PDF")
    c.add_argument("file", type=Path, metavar="FILE.xlsx")
    c.add_argument("--pdf", type=Path, metavar="FILE.pdf", help="the announcement (抽查结果公示) with the same rows")
    c.add_argument("--plan", metavar="ID", help="only the tasks of this plan")
    c.add_argument("--closed-only", action="store_true", help="only closed (已办结) tasks")
    c.set_defaults(handler=results_export)

    p = sub.add_parser("referrals", parents=[common], help="移交问题线索清单和移送函")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("export", parents=[common], help="一类接收部门的移交清单 XLSX，可同时导出移送函 DOCX")
    c.add_argument("--to", required=True, choices=[r.value for r in Recipient])
    c.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    c.add_argument("--docx", type=Path, metavar="FILE.docx", help="the transfer letter (移送函) listing them")
    c.add_argument("--plan", metavar="ID", help="only the tasks of this plan")
    c.set_defaults(handler=referrals_export)

    p = sub.add_parser("credit", parents=[common], help="信用记录（双公示、信用档案）")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("export", parents=[common], help="每家机构一行，列见 docs/credit-records.md")
    c.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    c.add_argument("--plan", metavar="ID", help="only the tasks of this plan")
    c.set_defaults(handler=credit_export)


def notice_result(ctx) -> Outcome:
    from app.services.result_notices import export

    data = export(ctx.db, ctx.args.task, ctx.args.out)
    pages = f"，{data['pages']} 页" if data["pages"] else ""
    given = "，新编号" if data["issued"] else ""
    return Outcome(data, f"已导出检查结果告知书 {data['number']}{given}：{data['file']}（{data['format'].upper()}{pages}）")


def results_export(ctx) -> Outcome:
    from app.services.publication_export import export_results

    a = ctx.args
    data = export_results(ctx.db, a.file, a.pdf, a.plan, a.closed_only)
    text = f"已导出抽查结果 {data['rows']} 条（已办结 {data['closed']}，办理中 {data['open']}）：{data['file']}"
    if data["pdf"]:
        text += f"\n公示 PDF（{data['pages']} 页）：{data['pdf']}"
    if data["waiting"]:
        text += f"\n另有 {data['waiting']} 项已签署的任务尚无处理结论，未列入。"
    return Outcome(data, text)


def referrals_export(ctx) -> Outcome:
    from app.services.publication_export import export_referrals

    a = ctx.args
    data = export_referrals(ctx.db, Recipient(a.to), a.out, a.docx, a.plan)
    text = f"已导出移交{data['to_label']}的问题线索 {data['rows']} 条：{data['file']}"
    if data["docx"]:
        text += f"\n移送函：{data['docx']}"
    return Outcome(data, text)


def credit_export(ctx) -> Outcome:
    from app.services.publication_export import export_credit

    a = ctx.args
    data = export_credit(ctx.db, a.out, a.plan)
    return Outcome(data, f"已导出信用记录 {data['rows']} 家机构：{data['file']}")
