"""`task notify` and `task notice`: when and how the institution was told of the inspection, and the notice of
inspection (检查通知书) as PDF or Word, numbered the first time it is issued."""

from __future__ import annotations

from pathlib import Path

from app.commands import Outcome


def register(s, common) -> None:
    """The two actions, on the `task` command's sub-parsers `s`."""
    from app.domain.notices import NoticeMethod

    ways = ", ".join(f"{m.value} ({m.label})" for m in NoticeMethod)
    c = s.add_parser("notify", parents=[common], help="记录告知时间和告知方式（现场检查前24小时内告知）")
    c.add_argument("id", metavar="ID")
    c.add_argument("--at", metavar="YYYY-MM-DDTHH:MM", help="when the institution was told ('' clears it)")
    c.add_argument("--method", metavar="METHOD", help=f"how: {ways} ('' clears it)")
    c.set_defaults(handler=task_notify)
    c = s.add_parser("notice", parents=[common], help="检查通知书（PDF / DOCX，首次导出时编号）")
    c.add_argument("id", metavar="ID")
    c.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.docx")
    c.set_defaults(handler=task_notice)


def task_notify(ctx) -> Outcome:
    from app.domain.notices import method_label
    from app.services.notices import notify
    from app.services.task_view import task_record

    a = ctx.args
    changes = notify(ctx.db, a.id, a.at, a.method)
    record = task_record(ctx.db, a.id)
    visit = record.visit
    when = visit.notified_at.replace("T", " ") if visit.notified_at else "未记录"
    text = f"告知时间：{when}；告知方式：{method_label(visit.notice_method) or '未记录'}"
    text += "".join(f"\n提醒：{w}" for w in record.warnings)
    data = {"task": record.id, "status": record.status.value, "notified_at": visit.notified_at,
            "notice_method": visit.notice_method, "warnings": record.warnings, "changed": sorted(changes.fields)}
    return Outcome(data, text)


def task_notice(ctx) -> Outcome:
    from app.services.notices import export

    data = export(ctx.db, ctx.args.id, ctx.args.out)
    pages = f"，{data['pages']} 页" if data["pages"] else ""
    given = "，新编号" if data["issued"] else ""
    return Outcome(data, f"已导出检查通知书 {data['number']}{given}：{data['file']}（{data['format'].upper()}{pages}）")
