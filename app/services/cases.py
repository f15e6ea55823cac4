"""Case handling after the record is signed (issue 12): the lead's conclusion and follow-up, referrals of problem
leads, and closing the task (`closed`, 已办结) when its case is complete.

Each change is one audited edit by the profile's inspector (entity `case`); the task's status moves to `closed`
in the same edit when the case becomes complete. Cases stay with the lead: they do not travel in packages.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date

from app.domain.cases import Case, Conclusion, Recipient, Referral, check_dates
from app.domain.checklist import Verdict
from app.domain.problems import InputRefused, NotFound, Problem
from app.domain.tasks import TaskStatus
from app.services.tasks import edit, task_row
from app.store import cases as store
from app.store import rows

DECIDED = (TaskStatus.SIGNED, TaskStatus.MERGED, TaskStatus.CLOSED)
MAX_TEXT = 5000
FOLLOW_UP = ("notes", "rectify_by", "rectification_received_on", "rectification_checked_on", "rectification_accepted",
             "penalty_decision", "penalty_on", "penalty_text", "revoked", "no_penalty_reason", "dishonest_listed_on",
             "typical_case", "typical_summary")


@dataclass(frozen=True)
class CaseView:
    task_id: str
    status: TaskStatus
    case: Case | None

    @property
    def missing(self) -> list[str]:
        return ["处理结论"] if self.case is None else self.case.missing()

    def to_json(self) -> dict:
        c = self.case
        out = {"task_id": self.task_id, "status": self.status.value, "missing": self.missing, "case": None}
        if c is not None:
            out["case"] = {**store.row_of(c), "conclusion_label": c.conclusion.label,
                           "public_result": c.conclusion.public_result,
                           "referrals": [_referral_json(r) for r in c.referrals]}
        return out


def _referral_json(r: Referral) -> dict:
    return {"id": r.id, "to": r.to.value, "to_label": r.to.label, "items": list(r.items), "text": r.text,
            "referred_on": r.referred_on.isoformat(), "department": r.department, "document_number": r.document_number}


def view(db, task_id: str) -> CaseView:
    row = task_row(db, task_id)
    return CaseView(row["id"], TaskStatus(row["status"]), store.get_case(db.conn, row["id"]))


def _decided_task(db, task_id: str) -> dict:
    row = task_row(db, task_id)
    status = TaskStatus(row["status"])
    if status not in DECIDED:
        raise InputRefused(f"检查任务{status.label}：检查记录签署后才能作出处理结论。",
                           [Problem("已签署、已汇总或已办结的检查任务", status.label)])
    return row


def _text(value: str, what: str) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_TEXT:
        raise InputRefused(f"{what}过长（最多 {MAX_TEXT} 字）。", [Problem(what, text[:40])])
    return text


def _checked(case: Case) -> Case:
    wrong = check_dates(case)
    if wrong:
        raise InputRefused("日期不合理：" + "；".join(wrong) + "。", [Problem("先后合理的日期", w) for w in wrong])
    if case.conclusion is Conclusion.NO_PROBLEM and (case.rectify_by or case.penalty_decision or case.referrals):
        raise InputRefused("结论为“未发现问题”时不能有整改、处罚或移交。", [Problem("与结论相符的后续处理", None)])
    return replace(case, notes=_text(case.notes, "备注"), penalty_text=_text(case.penalty_text, "处罚内容"),
                   no_penalty_reason=_text(case.no_penalty_reason, "不予处罚的理由"),
                   typical_summary=_text(case.typical_summary, "典型案例简要案情"),
                   penalty_decision=_text(case.penalty_decision, "处罚决定书编号"))


def _write(db, task_id: str, before: Case | None, after: Case) -> CaseView:
    with edit(db) as e:
        store.save_case(e.conn, after, e.at)
        old = store.row_of(before) if before else {}
        for name, value in store.row_of(after).items():
            if name != "task_id" and old.get(name) != value:
                e.log("update" if before else "create", "case", task_id, None, name, old.get(name), value)
        _close_if_complete(e, task_id, after)
    return view(db, task_id)


def _close_if_complete(e, task_id: str, case: Case) -> None:
    status = TaskStatus(e.conn.execute("SELECT status FROM tasks WHERE id = ?", [task_id]).fetchone()[0])
    if case.complete and status in (TaskStatus.SIGNED, TaskStatus.MERGED):
        rows.update(e, "tasks", {"id": task_id}, {"status": TaskStatus.CLOSED.value}, task_id, task_id,
                    action="close")


def conclude(db, task_id: str, conclusion: Conclusion, decided_on: date | None = None, **follow_up) -> CaseView:
    """Record (or change) the conclusion, with any follow-up fields given."""
    row = _decided_task(db, task_id)
    before = store.get_case(db.conn, row["id"])
    base = before or Case(row["id"], conclusion, decided_on or date.today())
    after = _checked(replace(base, conclusion=conclusion, decided_on=decided_on or base.decided_on,
                             **_follow_up(follow_up)))
    _refuse_reopening(row, after)
    return _write(db, row["id"], before, after)


def follow_up(db, task_id: str, **values) -> CaseView:
    """Record follow-up (rectification received and checked, penalty, listing, typical case) on a concluded case."""
    row = _decided_task(db, task_id)
    before = store.get_case(db.conn, row["id"])
    if before is None:
        raise InputRefused("请先作出处理结论（spotcheck case conclude），再记录后续处理。", [Problem("处理结论", None)])
    after = _checked(replace(before, **_follow_up(values)))
    _refuse_reopening(row, after)
    return _write(db, row["id"], before, after)


def _follow_up(values: dict) -> dict:
    unknown = set(values) - set(FOLLOW_UP)
    if unknown:
        raise ValueError(f"unknown case fields {sorted(unknown)}")
    return {k: v for k, v in values.items() if v is not None}


def _refuse_reopening(row: dict, case: Case) -> None:
    if TaskStatus(row["status"]) is TaskStatus.CLOSED and not case.complete:
        raise InputRefused("检查任务已办结：这一修改会使处理不完整（缺" + "、".join(case.missing()) + "），未保存。",
                           [Problem("保持完整的处理记录", "、".join(case.missing()))])


def refer(db, task_id: str, to: Recipient, items: list[int], text: str, referred_on: date | None = None,
          department: str = "", document_number: str = "") -> CaseView:
    """Send a problem lead to another department, resting on checklist items recorded as problems."""
    row = _decided_task(db, task_id)
    case = store.get_case(db.conn, row["id"])
    if case is None:
        raise InputRefused("请先作出处理结论（spotcheck case conclude），再移交问题线索。", [Problem("处理结论", None)])
    if case.conclusion is Conclusion.NO_PROBLEM:
        raise InputRefused("结论为“未发现问题”的任务没有问题线索可移交；如有，请先改变结论。",
                           [Problem("发现问题的处理结论", case.conclusion.label)])
    text = _text(text, "问题线索")
    if not text:
        raise InputRefused("请写明移交的问题线索。", [Problem("问题线索（文字）", text)])
    problems = {r[0] for r in db.conn.execute("SELECT item FROM findings WHERE task_id = ? AND verdict = ?",
                                              [row["id"], Verdict.PROBLEM.value])}
    items = sorted(set(items))
    if not items or not set(items) <= problems:
        wrong = [str(i) for i in items if i not in problems] or ["（无）"]
        raise InputRefused(f"移交须依据记录中“发现问题”的检查项目（本任务为 {sorted(problems) or '无'}），"
                           f"以下不是：{'、'.join(wrong)}。", [Problem("记录为发现问题的检查项目序号", "、".join(wrong))])
    referral = Referral(str(uuid.uuid4()), row["id"], to, tuple(items), text, referred_on or date.today(),
                        _text(department, "接收部门"), _text(document_number, "移送函编号"))
    if referral.referred_on < case.decided_on:
        raise InputRefused("移交日期早于作出结论的日期。", [Problem("不早于结论的日期", referral.referred_on.isoformat())])
    with edit(db) as e:
        store.add_referral(e.conn, referral, e.at)
        e.log("refer", "case", row["id"], None, "referral", None, json.dumps(_referral_json(referral),
                                                                             ensure_ascii=False, sort_keys=True))
        _close_if_complete(e, row["id"], replace(case, referrals=case.referrals + (referral,)))
    return view(db, row["id"])


def all_views(db, open_only: bool = False) -> list[CaseView]:
    """Every task whose record is signed, with its case (or none yet)."""
    cases = store.all_cases(db.conn)
    out = []
    for task_id, status in db.conn.execute("SELECT id, status FROM tasks WHERE status IN (?, ?, ?)"
                                           " ORDER BY document_year, document_serial, id",
                                           [s.value for s in DECIDED]):
        v = CaseView(task_id, TaskStatus(status), cases.get(task_id))
        if not open_only or v.missing:
            out.append(v)
    return out


def get(db, task_id: str) -> Case:
    case = view(db, task_id).case
    if case is None:
        raise NotFound(f"检查任务 {task_id} 还没有处理结论。")
    return case
