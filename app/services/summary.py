"""The year's summary report (工作总结, issue 12 item 5): the plan and its quotas, what was drawn and inspected,
problems per checklist item, blind-sample and exam outcomes, conclusions, referrals and penalties, typical
cases and what remains open — counted from the database (`build`) and written as a DOCX in the GB/T 9704
layout with charts (`export`).

What is counted, and over which tasks, is in app/reports/summary_model.py and docs/cli.md.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from app.domain.cases import Conclusion, Recipient
from app.domain.problems import InputRefused, Problem
from app.domain.registry import Category
from app.domain.scoring import Judgement
from app.domain.tasks import TaskStatus
from app.reports.summary_model import (
    NO_CONCLUSION,
    NOT_JUDGED,
    CategoryCounts,
    DrawRow,
    ItemCount,
    OpenTask,
    Penalties,
    ReferralRow,
    Summary,
    TypicalCase,
)
from app.services import plans as plan_service
from app.services.checklist import load_checklist
from app.services.profile import organ
from app.store import cases as case_store

SIGNED = (TaskStatus.SIGNED.value, TaskStatus.MERGED.value, TaskStatus.CLOSED.value)
EXAM_LABELS = {"pass": "合格", "fail": "不合格", None: "未判定"}


def _plan_tasks(db, plan_id: str) -> list[dict]:
    cursor = db.conn.execute(
        "SELECT t.id, t.status, t.checklist_version, i.name, i.category FROM draw_tasks d"
        " JOIN tasks t ON t.id = d.task_id JOIN institutions i ON i.id = t.institution_id"
        " WHERE d.plan_id = ? ORDER BY t.document_year, t.document_serial, i.credit_code", [plan_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _in(ids: list[str]) -> str:
    return ", ".join("?" * len(ids))


def _draw_rows(view) -> tuple[list[DrawRow], object]:
    draw = view.current("institutions")
    if draw is None:
        return [], None
    results = {c["category"]: c for c in (draw.result or {}).get("categories", [])}
    rows = []
    for c in draw.announcement["categories"]:
        result = results.get(c["category"])
        allocated = sum(len(s["pool"]) for s in c["stages"] if s["name"].startswith("allocation"))
        rows.append(DrawRow(Category(c["category"]).label, int(c["quota"]), len(c["pool"]), allocated,
                            len(result["selected"]) if result else 0, len(result["handed_on"]) if result else 0,
                            int(c["shortfall"])))
    return rows, draw


def _problems(db, tasks: list[dict], signed: list[str]) -> tuple[list[ItemCount], int]:
    versions = sorted({t["checklist_version"] for t in tasks}) or [None]
    checklist = load_checklist(versions[-1])
    counts: Counter[int] = Counter()
    with_problems = 0
    if signed:
        counts.update(item for (item,) in db.conn.execute(
            f"SELECT item FROM findings WHERE verdict = 'problem' AND task_id IN ({_in(signed)})", signed))
        with_problems = db.conn.execute(
            f"SELECT count(DISTINCT task_id) FROM findings WHERE verdict = 'problem' AND task_id IN ({_in(signed)})",
            signed).fetchone()[0]
    titles = {i.number: i.content.rstrip("。") for i in checklist.items}
    numbers = sorted(set(titles) | set(counts))
    return [ItemCount(n, titles.get(n, f"第 {n} 项"), counts[n]) for n in numbers], with_problems


def _outcomes(db, table: str, column: str, signed: list[str], category_of: dict[str, str],
              labels: dict) -> tuple[dict[str, int], list[CategoryCounts]]:
    """Counts of `column`'s values in the signed records' rows (removed rows left out), overall and per category."""
    rows = db.conn.execute(f"SELECT task_id, {column} FROM {table} WHERE deleted = 0 AND task_id IN ({_in(signed)})",
                           signed).fetchall() if signed else []
    total = {label: 0 for label in labels.values()}
    per: dict[str, dict[str, int]] = {c.label: {label: 0 for label in labels.values()} for c in Category}
    for task_id, value in rows:
        label = labels.get(value, labels[None])
        total[label] += 1
        per[category_of[task_id]][label] += 1
    return total, [CategoryCounts(c, counts) for c, counts in per.items()]


def _handling(case) -> str:
    parts = []
    if case.penalty_decision:
        parts.append(f"行政处罚（{case.penalty_decision}）" + (f"：{case.penalty_text}" if case.penalty_text else ""))
    if case.revoked:
        parts.append("撤销资质认定证书")
    if case.dishonest_listed_on:
        parts.append("列入严重违法失信名单")
    if case.referrals:
        parts.append("移交" + "、".join(dict.fromkeys(r.department or r.to.label for r in case.referrals)))
    return "；".join(parts)


def rectification_overdue(case, as_of: date) -> bool:
    """A rectification ordered whose deadline passed before `as_of` with none received (the dashboard lists them)."""
    return (case.conclusion is Conclusion.RECTIFY and case.rectify_by is not None and case.rectify_by < as_of
            and case.rectification_received_on is None)


def build(db, plan_id: str, as_of: date | None = None) -> Summary:
    """Everything the summary prints for the plan, counted as of `as_of` (default today)."""
    as_of = as_of or date.today()
    view = plan_service.view(db, plan_id)
    plan = view.plan
    tasks = _plan_tasks(db, plan.id)
    ids = [t["id"] for t in tasks]
    signed = [t["id"] for t in tasks if t["status"] in SIGNED]
    category_of = {t["id"]: Category(t["category"]).label for t in tasks}
    draw_rows, draw = _draw_rows(view)

    status_counts = Counter(t["status"] for t in tasks)
    inspected = [(c.label, sum(1 for t in tasks if t["category"] == c.value),
                  sum(1 for t in tasks if t["category"] == c.value and t["status"] in SIGNED)) for c in Category]
    problems, with_problems = _problems(db, tasks, signed)
    blind_labels = {j.value: j.label for j in Judgement} | {None: NOT_JUDGED}
    blind, blind_per = _outcomes(db, "blind_samples", "judgement", signed, category_of, blind_labels)
    exams, _ = _outcomes(db, "signatory_exams", "result", signed, category_of, EXAM_LABELS)

    all_cases = case_store.all_cases(db.conn)
    cases = {i: all_cases[i] for i in ids if i in all_cases}
    conclusion_labels = [c.label for c in Conclusion] + [NO_CONCLUSION]
    per_category = {c.label: dict.fromkeys(conclusion_labels, 0) for c in Category}
    for t in tasks:
        if t["status"] in SIGNED:
            case = cases.get(t["id"])
            per_category[category_of[t["id"]]][case.conclusion.label if case else NO_CONCLUSION] += 1
    referrals = [r for case in cases.values() for r in case.referrals]
    referral_rows = [ReferralRow(to.label, sum(1 for r in referrals if r.to is to),
                                 len({r.task_id for r in referrals if r.to is to}))
                     for to in Recipient if any(r.to is to for r in referrals)]
    rectify = [c for c in cases.values() if c.conclusion is Conclusion.RECTIFY]
    penalties = Penalties(
        decisions=sum(1 for c in cases.values() if c.penalty_decision),
        revoked=sum(1 for c in cases.values() if c.revoked),
        listed=sum(1 for c in cases.values() if c.dishonest_listed_on),
        no_penalty=sum(1 for c in cases.values() if c.no_penalty_reason and not c.penalty_decision),
        rectify_ordered=len(rectify),
        rectify_accepted=sum(1 for c in rectify if c.rectification_accepted),
        rectify_overdue=sum(1 for c in rectify if rectification_overdue(c, as_of)))
    names = {t["id"]: t["name"] for t in tasks}
    typical = [TypicalCase(names[i], category_of[i], c.conclusion.label, c.typical_summary, _handling(c))
               for i, c in cases.items() if c.typical_case]
    open_tasks = []
    for t in tasks:
        status = TaskStatus(t["status"])
        if status is TaskStatus.CLOSED:
            continue
        case = cases.get(t["id"])
        if t["status"] not in SIGNED:
            missing = ("现场检查记录尚未签署",)
        else:
            missing = tuple(case.missing()) if case else ("处理结论",)
        open_tasks.append(OpenTask(t["name"], status.label, missing))

    who = organ(db)
    announcement = draw.announcement if draw else {}
    return Summary(
        plan_id=plan.id, year=plan.year, title=plan.title, organ=who.name or (plan.organs[0] if plan.organs else ""),
        notice_number=plan.notice_number or who.plan_notice, as_of=as_of, level=plan.level.label,
        quotas=[(c.label, plan.quota(c)) for c in Category],
        rate=None if plan.rate is None else f"{(plan.rate * 100).normalize():f}%",
        registry_count=announcement.get("registry_count"), rate_check=announcement.get("rate_check"),
        on_site_from=plan.on_site_from, on_site_by=plan.on_site_by, summary_by=plan.summary_by,
        draw_done=bool(draw and draw.done), draw_announced=draw is not None,
        drawn_at=draw.drawn_at if draw else None, draw_rows=draw_rows,
        tasks_by_status=[(s.value, s.label, status_counts.get(s.value, 0)) for s in TaskStatus],
        inspected_by_category=inspected, problems=problems, records_with_problems=with_problems,
        blind_samples=blind, blind_by_category=blind_per, exams=exams,
        conclusions=[CategoryCounts(c, counts) for c, counts in per_category.items()],
        referrals=referral_rows, penalties=penalties, typical_cases=typical, open_tasks=open_tasks)


def export(db, plan_id: str, out: Path, as_of: date | None = None) -> dict:
    """Write the summary as a .docx at `out` (atomically); what was written and the numbers, as JSON."""
    from app.files import write_atomically
    from app.reports.summary_word import render_summary_docx

    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise InputRefused(f"输出文件名应以 .docx 结尾：{out.name}", [Problem("*.docx", str(out))])
    summary = build(db, plan_id, as_of)
    data = render_summary_docx(summary)
    write_atomically(out, data)
    return {"file": str(out), "format": "docx", "bytes": len(data), "summary": summary.to_json()}
