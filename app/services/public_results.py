"""What the lead publishes and hands on once tasks are concluded (issue 12, items 3 and 4): the public results
(一公开), the referral lists per receiving department, and the credit records per institution.

Every list is built from the concluded cases (app/services/cases.py) and the tasks' records; each row is plain
values ready for a sheet (text, `date`, numbers). What is confidential never enters a public row: photos, the
phone numbers of the institution's people and of the inspectors, the problem leads' texts (unconfirmed until
the receiving department acts), the problems' descriptions, the lead's notes and a typical case's summary.

Which tasks the public results hold: every task with a conclusion, closed (已办结) or not — the result of the
inspection is known, and announced, once the lead concludes; a row whose follow-up is still open says so in
办理状态 (办理中) and in its handling (整改中, 立案调查中). `closed_only` keeps the closed ones alone. A signed task
without a conclusion has no result yet and is left out (counted in `waiting`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.domain.cases import Case, Conclusion, Recipient, Referral
from app.domain.organ import Organ
from app.domain.plan import Plan
from app.domain.record import TaskRecord
from app.domain.registry import Department
from app.domain.tasks import TaskStatus
from app.reports.times import local
from app.services.profile import organ as organ_of
from app.services.task_view import task_record
from app.store import cases as case_store
from app.store import plans as plan_store

INSPECTION_TYPE = "双随机抽查"
DECIDED = (TaskStatus.SIGNED.value, TaskStatus.MERGED.value, TaskStatus.CLOSED.value)
PUBLIC_RECIPIENTS = {Recipient.POLICE: "公安机关", Recipient.ECO: "生态环境部门", Recipient.JUDICIAL: "司法机关",
                     Recipient.OTHER: "其他有关部门"}


@dataclass(frozen=True)
class Concluded:
    """A task with the lead's conclusion: its record, its case and the plan whose draw made it (if any)."""

    record: TaskRecord
    case: Case
    plan: Plan | None

    @property
    def closed(self) -> bool:
        return self.record.status is TaskStatus.CLOSED


def concluded(db, plan_id: str | None = None) -> tuple[list[Concluded], int]:
    """The concluded tasks (of one plan, if given), by record number; and how many signed tasks wait for a
    conclusion."""
    plan_filter = None
    if plan_id is not None:
        from app.services.plans import get_plan

        plan_filter = get_plan(db, plan_id).id
    plans = {p.id: p for p in plan_store.all_plans(db.conn)}
    task_plans = plan_store.task_plans(db.conn)
    cases = case_store.all_cases(db.conn)
    out, waiting = [], 0
    for (task_id,) in db.conn.execute(f"SELECT id FROM tasks WHERE status IN ({', '.join('?' * len(DECIDED))})"
                                      " ORDER BY document_year, document_serial, id", DECIDED):
        if plan_filter is not None and task_plans.get(task_id) != plan_filter:
            continue
        case = cases.get(task_id)
        if case is None:
            waiting += 1
            continue
        out.append(Concluded(task_record(db, task_id), case, plans.get(task_plans.get(task_id, ""))))
    return out, waiting


# --- what the rows say -----------------------------------------------------------------------------------

def check_day(record: TaskRecord) -> date | str | None:
    """The day of the check (a date), or 'first至last' when it ran over several days; None if never started."""
    visit = record.visit
    if not visit.started_at:
        return date.fromisoformat(visit.planned_date) if visit.planned_date else None
    start = local(visit.started_at).date()
    end = local(visit.ended_at).date() if visit.ended_at else start
    return start if end == start else f"{start.isoformat()}至{end.isoformat()}"


def inspecting_bodies(organ: Organ, record: TaskRecord, plan: Plan | None = None) -> str:
    """The organ, then the joint departments whose officers took part (named as the organ's joint organs name
    them when one of those contains the officer's unit, else by the unit)."""
    names = [organ.name or (plan.organs[0] if plan and plan.organs else "")]
    for member in record.members:
        person = member.inspector
        if person.department not in (Department.POLICE, Department.ECO):
            continue
        unit = person.unit or person.department.label
        named = next((j for j in organ.joint if j and unit.startswith(j)), unit)
        if named not in names:
            names.append(named)
    return "、".join(n for n in names if n)


def task_name(organ: Organ, record: TaskRecord, plan: Plan | None) -> str:
    """The plan's title (with its notice's number); for a task no draw made, the year and the organ's plan
    notice."""
    if plan is not None:
        notice = plan.notice_number or organ.plan_notice
        return (plan.title or f"{plan.year}年度检验检测机构监督抽查") + (f"（{notice}）" if notice else "")
    year = f"{record.document_year}年度" if record.document_year else ""
    return f"{year}检验检测机构监督抽查" + (f"（{organ.plan_notice}）" if organ.plan_notice else "")


def public_recipients(referrals: Iterable[Referral]) -> list[str]:
    return list(dict.fromkeys(PUBLIC_RECIPIENTS[r.to] for r in referrals))


def handling(case: Case) -> str:
    """What followed, in public words: rectification, penalty, revocation, referral (to whom, never the lead's
    text), listing. 无 when nothing followed."""
    out = []
    if case.rectify_by is not None:
        text = f"责令限期整改（{case.rectify_by.isoformat()}前）"
        if case.rectification_checked_on and case.rectification_accepted is not None:
            text += (f"，{case.rectification_checked_on.isoformat()}复查" + ("整改完成" if case.rectification_accepted
                                                                          else "未通过"))
        elif case.rectification_received_on:
            text += "，已提交整改报告，待复查"
        else:
            text += "，整改中"
        out.append(text)
    if case.penalty_decision:
        when = f"（{case.penalty_on.isoformat()}）" if case.penalty_on else ""
        out.append(f"行政处罚决定书 {case.penalty_decision}{when}" + (f"：{case.penalty_text}" if case.penalty_text else ""))
    elif case.no_penalty_reason:
        out.append("依法不予行政处罚")
    elif case.conclusion in (Conclusion.INVESTIGATE, Conclusion.OBSTRUCTED):
        out.append("立案调查中")
    if case.revoked:
        out.append("撤销资质认定证书")
    if case.referrals:
        out.append("已移交" + "、".join(public_recipients(case.referrals)) + "处理")
    elif case.conclusion is Conclusion.REFER:
        out.append("待移交有关部门")
    if case.dishonest_listed_on:
        out.append(f"列入严重违法失信名单（{case.dishonest_listed_on.isoformat()}）")
    return "；".join(out) or "无"


def state(item: Concluded) -> str:
    return "已办结" if item.closed else "办理中"


# --- the public results (一公开) ---------------------------------------------------------------------------

PUBLIC_HEADERS = ["序号", "机构名称", "统一社会信用代码", "资质认定证书编号", "检查类型", "抽查任务", "检查机关", "检查日期",
                  "检查结果", "处理情况", "办理状态"]
PUBLIC_WIDTHS = [6, 34, 22, 16, 12, 36, 36, 12, 22, 48, 10]
PUBLIC_TEXT = {2, 3}  # codes that keep every digit


def public_rows(db, items: list[Concluded]) -> list[list]:
    organ = organ_of(db)
    rows = []
    for n, item in enumerate(items, start=1):
        inst = item.record.institution
        rows.append([n, inst.name, inst.credit_code, inst.cma_cert_no, INSPECTION_TYPE,
                     task_name(organ, item.record, item.plan), inspecting_bodies(organ, item.record, item.plan),
                     check_day(item.record), item.case.conclusion.public_result, handling(item.case), state(item)])
    return rows


# --- the referral lists (per receiving department) ---------------------------------------------------------

REFERRAL_HEADERS = ["序号", "机构名称", "统一社会信用代码", "检查任务", "现场检查笔录编号", "涉及检查项目", "问题线索",
                    "移交日期", "移送函编号", "接收单位"]
REFERRAL_WIDTHS = [6, 34, 22, 36, 24, 44, 60, 12, 24, 30]
REFERRAL_TEXT = {2}


@dataclass(frozen=True)
class ReferralLine:
    referral: Referral
    record: TaskRecord
    task: str  # the task's name (the plan)

    @property
    def items(self) -> str:
        """'11. 规范出具检验检测报告。' a line each."""
        return "\n".join(f"{n}. {self.record.checklist.item(n).content}" for n in self.referral.items)


def referral_lines(db, to: Recipient, plan_id: str | None = None) -> list[ReferralLine]:
    """The referrals to one kind of department, oldest first (of one plan's tasks, if given)."""
    items, _ = concluded(db, plan_id)
    organ = organ_of(db)
    by_task = {i.record.id: i for i in items}
    out = []
    for referral in case_store.referrals(db.conn, recipient=to):
        item = by_task.get(referral.task_id)
        if item is not None:
            out.append(ReferralLine(referral, item.record, task_name(organ, item.record, item.plan)))
    return out


def referral_rows(lines: list[ReferralLine]) -> list[list]:
    rows = []
    for n, line in enumerate(lines, start=1):
        r, inst = line.referral, line.record.institution
        rows.append([n, inst.name, inst.credit_code, line.task, line.record.document_number or "", line.items,
                     r.text, r.referred_on, r.document_number, r.department or r.to.label])
    return rows


# --- the credit records (双公示 / the institution's credit file) -----------------------------------------------

CREDIT_HEADERS = ["统一社会信用代码", "机构名称", "记录类型", "处理结论", "决定日期", "作出决定机关", "处罚决定书文号", "处罚内容",
                  "撤销资质认定", "列入严重违法失信名单", "列入日期", "检查结果", "信息来源", "办理状态"]
CREDIT_WIDTHS = [22, 34, 12, 28, 12, 26, 26, 36, 12, 18, 12, 22, 40, 10]
CREDIT_TEXT = {0}
PENALTY, RESULT = "行政处罚", "监督检查结果"


def _joined(values: Iterable[str]) -> str:
    return "；".join(dict.fromkeys(v for v in values if v))


def credit_rows(db, items: list[Concluded]) -> list[list]:
    """One row per institution, its cases combined (oldest first): see docs/credit-records.md."""
    organ = organ_of(db)
    groups: dict[str, list[Concluded]] = {}
    for item in sorted(items, key=lambda i: (i.case.decided_on, i.record.id)):
        groups.setdefault(item.record.institution.credit_code, []).append(item)
    rows = []
    for code, group in sorted(groups.items()):
        cases = [i.case for i in group]
        penalties = [c for c in cases if c.penalty_decision]
        listed = [c.dishonest_listed_on for c in cases if c.dishonest_listed_on]
        latest = group[-1]
        decided = max((c.penalty_on for c in penalties if c.penalty_on), default=None) if penalties \
            else max(c.decided_on for c in cases)
        rows.append([
            code, latest.record.institution.name, PENALTY if penalties else RESULT,
            _joined(c.conclusion.label for c in cases), decided, organ.name,
            _joined(c.penalty_decision for c in penalties), _joined(c.penalty_text for c in penalties),
            "是" if any(c.revoked for c in cases) else "否", "是" if listed else "否", min(listed) if listed else None,
            _joined(c.conclusion.public_result for c in cases),
            _joined(f"{INSPECTION_TYPE} {i.record.document_number or i.record.id}" for i in group),
            "已办结" if all(i.closed for i in group) else "办理中",
        ])
    return rows
