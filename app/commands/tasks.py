"""`task …` and `audit verify`: creating inspection tasks, their visit and status, and checking the audit log."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from app.commands import Outcome
from app.domain.tasks import TaskStatus


def register(sub, common) -> None:
    p = sub.add_parser("task", parents=[common], help="检查任务")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("create", parents=[common], help="新建检查任务")
    c.add_argument("--institution", required=True, metavar="CREDIT_CODE")
    c.add_argument("--inspector", required=True, action="append", metavar="ID",
                   help="a team member (record id or enforcement certificate no.); repeat for each")
    c.add_argument("--leader", metavar="ID", help="the team leader (default: the first --inspector)")
    c.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="planned date")
    c.add_argument("--checklist-version", metavar="VERSION", help="default: the newest")
    c.add_argument("--no-duplicate", action="store_true",
                   help="refuse (exit 1) when the institution already has an open task, instead of warning")
    c.set_defaults(handler=task_create)
    c = s.add_parser("list", parents=[common], help="列出检查任务")
    c.add_argument("--status", choices=[t.value for t in TaskStatus] + ["cancelled"],
                   help="cancelled: the cancelled tasks (hidden otherwise)")
    c.add_argument("--include-cancelled", action="store_true", help="list the cancelled tasks too")
    c.set_defaults(handler=task_list)
    c = s.add_parser("cancel", parents=[common], help="取消检查任务（已结束或已签署的记录不能取消）")
    c.add_argument("id", metavar="ID")
    c.add_argument("--reason", default="", metavar="TEXT", help="why (required once anything was recorded)")
    c.set_defaults(handler=task_cancel)
    c = s.add_parser("show", parents=[common], help="一个检查任务的完整记录")
    c.add_argument("id", metavar="ID")
    c.set_defaults(handler=task_show)
    c = s.add_parser("visit", aliases=["session"], parents=[common],
                     help="现场检查：告知时间、检查时间、地点、出示证件、回避、被检查单位意见")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--date", dest="planned_date", type=_date, metavar="YYYY-MM-DD")
    c.add_argument("--notified-at", type=_when, metavar="YYYY-MM-DDTHH:MM", help="when the 24-hour notice was given")
    c.add_argument("--started-at", type=_when, metavar="YYYY-MM-DDTHH:MM")
    c.add_argument("--ended-at", type=_when, metavar="YYYY-MM-DDTHH:MM")
    c.add_argument("--place")
    c.add_argument("--credentials-shown", action="store_const", const=True)
    c.add_argument("--recusal-answer", metavar="TEXT", help="the answer to the recusal question")
    c.add_argument("--statement", dest="party_statement", metavar="TEXT", help="the party's statement")
    c.add_argument("--notes", metavar="TEXT")
    c.add_argument("--recorder", dest="recorder_id", metavar="ID", help="who writes the record (记录人), a team member")
    c.set_defaults(handler=task_visit)
    c = s.add_parser("credentials", parents=[common], help="记录一名执法人员已在现场出示执法证件")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--inspector", required=True, metavar="ID", help="a team member (record id or certificate no.)")
    c.add_argument("--not-shown", action="store_true", help="correct it: not shown")
    c.set_defaults(handler=task_credentials)
    c = s.add_parser("attendee", parents=[common], help="被检查单位在场人员（现场负责人、陪同人员）")
    c.add_argument("--task", required=True, metavar="ID")
    what = c.add_mutually_exclusive_group(required=True)
    what.add_argument("--name", metavar="TEXT")
    what.add_argument("--remove", metavar="ID", help="remove the attendee with this id")
    c.add_argument("--title", default="", metavar="TEXT", help="e.g. 质量负责人")
    c.add_argument("--phone", default="", metavar="TEXT")
    c.set_defaults(handler=task_attendee)
    c = s.add_parser("finish", parents=[common], help="结束记录（检查记录完整后），等待签名")
    c.add_argument("--task", required=True, metavar="ID")
    c.set_defaults(handler=task_finish)
    c = s.add_parser("sign", parents=[common], help="签署记录（记录和签名都完整时）")
    c.add_argument("--task", required=True, metavar="ID")
    c.set_defaults(handler=task_sign)
    c = s.add_parser("reopen", parents=[common], help="重新打开已结束或已签署的记录（留下记录）")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--reason", required=True)
    c.set_defaults(handler=task_reopen)
    from app.commands import notices

    notices.register(s, common)

    p = sub.add_parser("audit", parents=[common], help="审计日志")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("verify", parents=[common], help="校验审计日志的哈希链")
    c.set_defaults(handler=audit_verify)


def _read(parse, text: str, complaint: str):
    """An argparse type from a domain reader: what it reads, or a usage error (blank is no value either)."""
    from app.domain.values import BadValue

    try:
        value = parse(text)
    except BadValue:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(complaint.format(text))
    return value


def _date(text: str) -> date:
    from app.domain.values import parse_iso_date

    return _read(parse_iso_date, text, "日期 {0} 格式不对，应为 YYYY-MM-DD")


def _when(text: str) -> datetime:
    from app.domain.values import parse_moment

    return _read(parse_moment, text, "时间 {0} 格式不对，应为 YYYY-MM-DDTHH:MM（1900–2999 年）")


def task_create(ctx) -> Outcome:
    from app.services.task_view import duplicate_text, open_tasks_of, task_record
    from app.services.tasks import create_task

    a = ctx.args
    task_id = create_task(ctx.db, a.institution, a.inspector, a.leader, a.date, a.checklist_version,
                          allow_duplicate=not a.no_duplicate)
    record = task_record(ctx.db, task_id)
    others = [t for t in open_tasks_of(ctx.db, record.institution_id) if t.id != task_id]
    text = f"检查任务已创建：{task_id}（{record.institution.name}）"
    text += "".join(f"\n提醒：该机构已有未办结的检查任务 {t.id}：{duplicate_text(t)}" for t in others)
    return Outcome(record.to_json() | {"duplicates": [t.to_json() for t in others]}, text)


def task_list(ctx) -> Outcome:
    from app.services.task_view import list_tasks

    a = ctx.args
    items = [t for t in list_tasks(ctx.db)
             if (t.cancelled if a.status == "cancelled" else
                 (a.include_cancelled or not t.cancelled) and (not a.status or t.status.value == a.status))]
    lines = [f"{t.id}\t{'已取消' if t.cancelled else t.status.label}\t{t.planned_date or '—'}\t"
             f"{t.institution}\t组长 {t.leader or '—'}\t已检查 {t.checked}/{t.items}" for t in items]
    lines.append(f"共 {len(items)} 个检查任务")
    return Outcome({"items": [t.to_json() for t in items]}, "\n".join(lines))


def task_cancel(ctx) -> Outcome:
    from app.services.task_view import list_tasks
    from app.services.tasks import cancel, task_row

    task_id = task_row(ctx.db, ctx.args.id)["id"]
    cancel(ctx.db, task_id, ctx.args.reason)
    task = list_tasks(ctx.db, [task_id])[0]
    reason = f"，原因：{task.cancel_reason}" if task.cancel_reason else ""
    return Outcome(task.to_json(), f"检查任务已取消：{task.id}（{task.institution}）{reason}")


def task_show(ctx) -> Outcome:
    from app.services.task_view import task_record

    record = task_record(ctx.db, ctx.args.id)
    data = record.to_json()
    lines = [f"检查任务 {record.id}：{record.institution.name}（{record.institution.credit_code}）",
             f"状态：{record.status.label}；检查事项清单 {record.checklist.version}",
             "检查组：" + "、".join(f"{m.inspector.name}{'（组长）' if m.role == 'leader' else ''}"
                                 for m in record.members)]
    for item in record.checklist.items:
        finding = record.findings[item.number]
        description = f"：{finding.description}" if finding.description else ""
        lines.append(f"{item.number:>2}. {record.verdict(item.number).label}{description}")
    for sample in record.blind_samples:
        lines.append(f"盲样 {sample.code} {sample.parameter}：{sample.rounded or '—'} {sample.judgement_label}")
    lines += [f"提醒：{w}" for w in record.warnings] + [f"未完成：{m}" for m in record.missing]
    return Outcome(data, "\n".join(lines))


def task_visit(ctx) -> Outcome:
    from app.domain.record import VISIT_FIELDS
    from app.services.task_view import task_record
    from app.services.tasks import set_visit

    values = {k: getattr(ctx.args, k) for k in VISIT_FIELDS if getattr(ctx.args, k, None) is not None}
    changes = set_visit(ctx.db, ctx.args.task, **values)
    record = task_record(ctx.db, ctx.args.task)
    text = "已记录：" + ("、".join(VISIT_FIELDS[k] for k in changes.fields if k in VISIT_FIELDS) or "无改动")
    text += "".join(f"\n提醒：{w}" for w in record.warnings)
    return Outcome(record.to_json() | {"changed": sorted(changes.fields)}, text)


def task_credentials(ctx) -> Outcome:
    from app.services.task_view import task_record
    from app.services.tasks import show_credentials

    a = ctx.args
    changes = show_credentials(ctx.db, a.task, a.inspector, shown=not a.not_shown)
    record = task_record(ctx.db, a.task)
    member = next(m for m in record.members if m.inspector.id == changes.id)
    text = f"{member.inspector.name}：{'已出示执法证件' if member.credentials_shown else '未出示执法证件'}"
    return Outcome(record.to_json() | {"changed": sorted(changes.fields)}, text)


def task_attendee(ctx) -> Outcome:
    from app.services.tasks import add_attendee, remove_attendee

    a = ctx.args
    if a.remove:
        remove_attendee(ctx.db, a.remove)
        return Outcome({"task": a.task, "id": a.remove, "removed": True}, "已删除在场人员（记录仍保留在审计日志中）")
    changes = add_attendee(ctx.db, a.task, a.name, a.title, a.phone)
    return Outcome({"task": a.task, "id": changes.id}, f"已记录在场人员：{a.name.strip()}")


def _status_change(ctx, change, text) -> Outcome:
    from app.services.task_view import task_record

    change()
    record = task_record(ctx.db, ctx.args.task)
    return Outcome(record.to_json(), f"{text}：{record.status.label}")


def task_finish(ctx) -> Outcome:
    from app.services.tasks import finish

    return _status_change(ctx, lambda: finish(ctx.db, ctx.args.task), "记录已结束")


def task_sign(ctx) -> Outcome:
    from app.services.tasks import sign

    return _status_change(ctx, lambda: sign(ctx.db, ctx.args.task), "记录已签署")


def task_reopen(ctx) -> Outcome:
    from app.services.tasks import reopen

    return _status_change(ctx, lambda: reopen(ctx.db, ctx.args.task, ctx.args.reason), "记录已重新打开")


def audit_verify(ctx) -> Outcome:
    from app.services.audit import check

    report = check(ctx.db, db_path=ctx.db_path)
    data = {"entries": report.entries, "ok": report.ok, "breaks": [b.to_json() for b in report.breaks],
            "mismatches": [m.to_json() for m in report.mismatches],
            "attachments": [a.to_json() for a in report.attachments]}
    if report.ok:
        return Outcome(data, f"审计日志共 {report.entries} 条，哈希链完整，各记录表与日志一致，附件文件完好。")
    lines = []
    if report.breaks:
        lines.append(f"审计日志共 {report.entries} 条，哈希链断裂：")
        lines += ["  " + b.message for b in report.breaks]
    if report.mismatches:
        lines.append(f"有 {len(report.mismatches)} 处记录与审计日志不一致（在 Spotcheck 之外被改动）：")
        lines += ["  " + m.message for m in report.mismatches[:200]]
        if len(report.mismatches) > 200:
            lines.append(f"  …另有 {len(report.mismatches) - 200} 处（用 --json 查看全部）")
    if report.attachments:
        lines.append(f"有 {len(report.attachments)} 个附件文件缺失或被改动：")
        lines += ["  " + a.message for a in report.attachments]
    return Outcome(data, "\n".join(lines), status=3)
