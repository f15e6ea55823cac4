"""`case …`: the lead's conclusion and follow-up after a record is signed, and referrals (docs/cli.md)."""

from __future__ import annotations

from app.commands import Outcome
from app.commands.tasks import _date
from app.domain.cases import Conclusion, Recipient


def register(sub, common) -> None:
    p = sub.add_parser("case", parents=[common], help="处理：结论、整改、处罚、移交、办结")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("conclude", parents=[common], help="作出（或改变）处理结论")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--conclusion", required=True, choices=[x.value for x in Conclusion])
    c.add_argument("--on", dest="decided_on", type=_date, metavar="YYYY-MM-DD", help="default: today")
    c.add_argument("--deadline", dest="rectify_by", type=_date, metavar="YYYY-MM-DD", help="rectify by")
    c.add_argument("--notes", metavar="TEXT")
    c.set_defaults(handler=case_conclude)
    c = s.add_parser("follow-up", parents=[common], help="后续处理：整改、复查、处罚、失信名单、典型案例")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--deadline", dest="rectify_by", type=_date, metavar="YYYY-MM-DD")
    c.add_argument("--received", dest="rectification_received_on", type=_date, metavar="YYYY-MM-DD",
                   help="rectification report received")
    c.add_argument("--checked", dest="rectification_checked_on", type=_date, metavar="YYYY-MM-DD")
    c.add_argument("--accepted", dest="rectification_accepted", choices=["yes", "no"], help="the check's result")
    c.add_argument("--penalty-decision", metavar="TEXT", help="the decision's document number")
    c.add_argument("--penalty-on", type=_date, metavar="YYYY-MM-DD")
    c.add_argument("--penalty", dest="penalty_text", metavar="TEXT", help="what was decided")
    c.add_argument("--revoked", action="store_const", const=True, help="the CMA qualification revoked")
    c.add_argument("--no-penalty-reason", metavar="TEXT")
    c.add_argument("--dishonest-on", dest="dishonest_listed_on", type=_date, metavar="YYYY-MM-DD",
                   help="listed as 严重违法失信")
    c.add_argument("--typical", dest="typical_summary", metavar="TEXT", help="mark as a typical case, with its summary")
    c.add_argument("--notes", metavar="TEXT")
    c.set_defaults(handler=case_follow_up)
    c = s.add_parser("refer", parents=[common], help="移交问题线索（公安、生态环境、司法机关）")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--to", required=True, choices=[r.value for r in Recipient])
    c.add_argument("--items", required=True, metavar="N,…", help="checklist items recorded as problems")
    c.add_argument("--text", required=True, metavar="TEXT", help="the problem lead")
    c.add_argument("--on", dest="referred_on", type=_date, metavar="YYYY-MM-DD", help="default: today")
    c.add_argument("--department", default="", metavar="TEXT", help="the receiving body")
    c.add_argument("--number", dest="document_number", default="", metavar="TEXT", help="the letter's number")
    c.set_defaults(handler=case_refer)
    c = s.add_parser("show", parents=[common], help="一项任务的处理")
    c.add_argument("--task", required=True, metavar="ID")
    c.set_defaults(handler=case_show)
    c = s.add_parser("list", parents=[common], help="已签署任务的处理；--open 只列未办结的")
    c.add_argument("--open", action="store_true")
    c.set_defaults(handler=case_list)


def _text(v) -> str:
    if v.case is None:
        return f"任务 {v.task_id}：尚无处理结论"
    c = v.case
    lines = [f"任务 {v.task_id}（{v.status.label}）", f"结论：{c.conclusion.label}（{c.decided_on}），公示结果：{c.conclusion.public_result}"]
    if c.rectify_by:
        state = ("，复查" + ("通过" if c.rectification_accepted else "未通过") if c.rectification_accepted is not None
                 else "")
        lines.append(f"整改期限 {c.rectify_by}" + (f"，{c.rectification_received_on} 收到整改报告" if
                                                  c.rectification_received_on else "") + state)
    if c.penalty_decision:
        lines.append(f"处罚：{c.penalty_decision}（{c.penalty_on}）{c.penalty_text}" + ("，撤销资质认定" if c.revoked else ""))
    if c.no_penalty_reason:
        lines.append(f"不予处罚：{c.no_penalty_reason}")
    if c.dishonest_listed_on:
        lines.append(f"列入严重违法失信名单：{c.dishonest_listed_on}")
    for r in c.referrals:
        lines.append(f"移交{r.to.label}（{r.referred_on}，第 {'、'.join(map(str, r.items))} 项）：{r.text}")
    if c.typical_case:
        lines.append(f"典型案例：{c.typical_summary}")
    lines.append("已办结" if not v.missing else "尚缺：" + "、".join(v.missing))
    return "\n".join(lines)


def case_conclude(ctx) -> Outcome:
    from app.services.cases import conclude

    a = ctx.args
    v = conclude(ctx.db, a.task, Conclusion(a.conclusion), a.decided_on, rectify_by=a.rectify_by, notes=a.notes)
    return Outcome(v.to_json(), _text(v))


def case_follow_up(ctx) -> Outcome:
    from app.services.cases import follow_up

    a = ctx.args
    accepted = None if a.rectification_accepted is None else a.rectification_accepted == "yes"
    typical = True if a.typical_summary is not None else None
    v = follow_up(ctx.db, a.task, rectify_by=a.rectify_by, rectification_received_on=a.rectification_received_on,
                  rectification_checked_on=a.rectification_checked_on, rectification_accepted=accepted,
                  penalty_decision=a.penalty_decision, penalty_on=a.penalty_on, penalty_text=a.penalty_text,
                  revoked=a.revoked, no_penalty_reason=a.no_penalty_reason,
                  dishonest_listed_on=a.dishonest_listed_on, typical_case=typical,
                  typical_summary=a.typical_summary, notes=a.notes)
    return Outcome(v.to_json(), _text(v))


def _items(text: str) -> list[int]:
    from app.domain.problems import InputRefused, Problem

    parts = [p for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]
    try:
        return [int(p.strip()) for p in parts]
    except ValueError:
        raise InputRefused(f"检查项目应写成序号，用逗号分隔（如 3,5），而不是“{text}”。",
                           [Problem("检查项目序号，逗号分隔", text, column="--items")]) from None


def case_refer(ctx) -> Outcome:
    from app.services.cases import refer

    a = ctx.args
    v = refer(ctx.db, a.task, Recipient(a.to), _items(a.items), a.text, a.referred_on, a.department,
              a.document_number)
    return Outcome(v.to_json(), _text(v))


def case_show(ctx) -> Outcome:
    from app.services.cases import view

    v = view(ctx.db, ctx.args.task)
    return Outcome(v.to_json(), _text(v))


def case_list(ctx) -> Outcome:
    from app.services.cases import all_views

    views = all_views(ctx.db, ctx.args.open)
    lines = [f"{v.task_id}\t{v.status.label}\t{v.case.conclusion.label if v.case else '—'}\t"
             + ("已完整" if not v.missing else "缺：" + "、".join(v.missing)) for v in views]
    lines.append(f"共 {len(views)} 项")
    return Outcome({"items": [v.to_json() for v in views]}, "\n".join(lines))
