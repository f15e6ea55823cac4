"""`summary --plan ID --out FILE.docx`: the year's summary report (工作总结) in the GB/T 9704 layout, with charts
(docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

from app.commands import Outcome
from app.commands.tasks import _date


def register(sub, common) -> None:
    p = sub.add_parser("summary", parents=[common], help="年度工作总结（DOCX，GB/T 9704 公文格式，附统计图）")
    p.add_argument("--plan", required=True, metavar="ID")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.docx")
    p.add_argument("--date", dest="as_of", type=_date, metavar="YYYY-MM-DD",
                   help="the summary's date: counts as of that day (default: today)")
    p.set_defaults(handler=summary)


def summary(ctx) -> Outcome:
    from app.services.summary import export

    a = ctx.args
    data = export(ctx.db, a.plan, a.out, a.as_of)
    s = data["summary"]
    text = (f"已导出{s['year']}年度工作总结：{data['file']}（DOCX）\n"
            f"检查任务 {s['task_total']} 项，已签署记录 {s['signed_total']} 份，未办结 {len(s['open_tasks'])} 项")
    return Outcome(data, text)
