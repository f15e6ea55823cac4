"""What the window's 汇总与公示 page shows of a plan (issue 12 item 6): the year's summary counts
(app/services/summary.py `build`, so the page and the summary report never disagree), the plan's deadlines and
what is overdue on a given day — open tasks past the on-site deadline, rectifications past their deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.tasks import TaskStatus
from app.reports.summary_model import Summary
from app.services import plans as plan_service
from app.services import summary as summary_service
from app.store import cases as case_store

UNSIGNED = {s.label for s in TaskStatus if s.value not in summary_service.SIGNED}


@dataclass(frozen=True)
class Overdue:
    """Something late: the window says it in words (app/ui/dashboard_page.py) from `kind` and `status`."""

    institution: str
    kind: str  # "on_site" (the record not signed by the on-site deadline) or "rectification" (no proof by its date)
    due: date  # the deadline that passed
    status: str = ""  # for "on_site": the task's status label, e.g. 现场检查中


@dataclass(frozen=True)
class Dashboard:
    summary: Summary
    self_check_by: date | None
    overdue: list[Overdue]


def plans_newest_first(db) -> list:
    """The plans to choose from, the newest year first."""
    return sorted(plan_service.list_plans(db), key=lambda p: p.year, reverse=True)


def dashboard(db, plan_id: str, as_of: date | None = None) -> Dashboard:
    as_of = as_of or date.today()
    summary = summary_service.build(db, plan_id, as_of)
    plan = plan_service.get_plan(db, summary.plan_id)
    overdue = []
    if summary.on_site_by is not None and summary.on_site_by < as_of:
        overdue += [Overdue(t.institution, "on_site", summary.on_site_by, t.status)
                    for t in summary.open_tasks if t.status in UNSIGNED]
    cases = case_store.all_cases(db.conn)
    for task_id, name in db.conn.execute(
            "SELECT t.id, i.name FROM draw_tasks d JOIN tasks t ON t.id = d.task_id"
            " JOIN institutions i ON i.id = t.institution_id WHERE d.plan_id = ?"
            " ORDER BY t.document_year, t.document_serial, i.credit_code", [summary.plan_id]):
        case = cases.get(task_id)
        if case is not None and summary_service.rectification_overdue(case, as_of):
            overdue.append(Overdue(name, "rectification", case.rectify_by))
    return Dashboard(summary, plan.self_check_by, overdue)
