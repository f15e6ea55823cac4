"""The year's plans (issue 11): creating and reading them, their exclusions, and what a higher level drew or
allocated (kept per institution, year and level in the registry).

Every change is one audited edit by the profile's inspector (entity `plan`, `institution`). A plan's settings
can change until its first draw is announced; after that the announcement holds the plan it applied.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, replace

from app.domain.plan import Plan, PlanError
from app.domain.problems import InputRefused, NotFound, Problem
from app.domain.registry import Level
from app.domain.tasks import TaskStatus
from app.services.tasks import edit
from app.store import plans as store
from app.store.registry import get_institution

MAX_REASON = 500  # characters: a reason is published with the draw
HIGHER_KINDS = {"drawn": "上级抽取自行检查", "allocated": "上级分配本局检查"}


def _refused(exc: PlanError, what: str = "抽查计划的设置") -> InputRefused:
    return InputRefused(str(exc), [Problem(what, None)])


def create_plan(db, plan: Plan) -> Plan:
    plan = replace(plan, id=plan.id or str(uuid.uuid4()))
    if store.get_plan(db.conn, plan.id) is not None:
        raise InputRefused(f"已有抽查计划 {plan.id}。", [Problem("新的计划ID", plan.id)])
    with edit(db) as e:
        store.insert_plan(e.conn, plan, e.at)
        e.log("create", "plan", plan.id, None, None, None, json.dumps(plan.to_json(), ensure_ascii=False,
                                                                      sort_keys=True))
    return plan


def get_plan(db, plan_id: str) -> Plan:
    plan = store.get_plan(db.conn, plan_id)
    if plan is None:
        matches = [p for p in store.all_plans(db.conn) if p.id.startswith(plan_id)] if len(plan_id) >= 6 else []
        if len(matches) == 1:
            return matches[0]
        raise NotFound(f"没有抽查计划 {plan_id}（spotcheck plan list 列出全部计划）。")
    return plan


def list_plans(db) -> list[Plan]:
    return store.all_plans(db.conn)


def update_plan(db, plan_id: str, **changes) -> Plan:
    """Change a plan's settings while none of its draws has been announced."""
    plan = get_plan(db, plan_id)
    if store.draws_of(db.conn, plan.id):
        raise InputRefused("此计划已公告抽取，设置不能再改（公告已按当时的设置冻结）；如需按新设置抽取，请新建计划。",
                           [Problem("尚未公告抽取的计划", plan.title or plan.id)])
    try:
        new = Plan.from_json({**plan.to_json(), **changes})
    except PlanError as exc:
        raise _refused(exc) from None
    with edit(db) as e:
        store.update_plan(e.conn, new, e.at)
        before, after = plan.to_json(), new.to_json()
        for name in sorted(after):
            if before.get(name) != after[name]:
                e.log("update", "plan", plan.id, None, name, json.dumps(before.get(name), ensure_ascii=False),
                      json.dumps(after[name], ensure_ascii=False))
    return new


def _institution(db, key: str):
    institution = get_institution(db, key)
    if institution is None:
        raise InputRefused(f"机构库中没有 {key}。", [Problem("机构库中机构的统一社会信用代码或记录ID", key)])
    return institution


def set_exclusion(db, plan_id: str, institution_key: str, kind: str | None, reason: str = "") -> None:
    """Leave an institution out of the plan's pools (`exclude`), put a higher level's pick back in (`include`,
    rule 8's override), or neither (None). A reason is required and recorded."""
    plan = get_plan(db, plan_id)
    institution = _institution(db, institution_key)
    if kind and not reason.strip():
        raise InputRefused("排除或恢复一家机构必须写明理由（将随抽取记录公布）。", [Problem("理由", reason)])
    if len(reason.strip()) > MAX_REASON:
        raise InputRefused(f"理由过长（最多 {MAX_REASON} 字）。", [Problem(f"不超过 {MAX_REASON} 字的理由", reason[:40])])
    if store.draws_of(db.conn, plan.id):
        raise InputRefused("此计划已公告抽取，名单不能再改。", [Problem("尚未公告抽取的计划", plan.title)])
    with edit(db) as e:
        store.set_plan_institution(e.conn, plan.id, institution.id, kind, reason.strip(), e.at)
        e.log(kind or "clear", "plan", plan.id, None, "institution", None,
              json.dumps({"credit_code": institution.credit_code, "reason": reason.strip()}, ensure_ascii=False))


def set_higher_level(db, institution_keys: list[str], year: int, level: Level, kind: str | None,
                     note: str = "") -> int:
    """Record that a higher level drew (`drawn`: it checks them itself) or allocated (`allocated`: handed to this
    bureau) these institutions in `year`; None clears it. Returns how many were recorded."""
    if kind is not None and kind not in HIGHER_KINDS:
        raise InputRefused(f"“{kind}”应是 drawn（上级抽取自行检查）或 allocated（上级分配本局检查）。",
                           [Problem("drawn 或 allocated", kind)])
    if len(note) > MAX_REASON:
        raise InputRefused(f"说明过长（最多 {MAX_REASON} 字）。", [Problem(f"不超过 {MAX_REASON} 字的说明", note[:40])])
    institutions = [_institution(db, k) for k in dict.fromkeys(institution_keys)]
    with edit(db) as e:
        for institution in institutions:
            store.set_higher_level_pick(e.conn, institution.id, year, level.value, kind, note, e.at)
            e.log("update", "institution", institution.id, None, f"higher_level:{year}:{level.value}", None, kind)
    return len(institutions)


@dataclass(frozen=True)
class PlanView:
    """A plan with its draws and the progress of the tasks they made, as the plan page and `plan show` show it."""

    plan: Plan
    exclusions: list[store.PlanInstitution]
    draws: list[store.Draw]
    tasks: dict[str, int]  # status → count

    @property
    def task_count(self) -> int:
        return sum(self.tasks.values())

    @property
    def done_count(self) -> int:
        finished = {TaskStatus.SIGNED.value, TaskStatus.MERGED.value, TaskStatus.CLOSED.value}
        return sum(n for status, n in self.tasks.items() if status in finished)

    def current(self, kind: str):
        replaced = {d.replaces for d in self.draws if d.replaces}
        live = [d for d in self.draws if d.kind == kind and d.id not in replaced]
        return live[-1] if live else None

    def to_json(self) -> dict:
        return {
            **self.plan.to_json(),
            "exclusions": [{"credit_code": x.credit_code, "name": x.name, "kind": x.kind, "reason": x.reason}
                           for x in self.exclusions],
            "draws": [draw_summary(d) for d in self.draws],
            "tasks": dict(sorted(self.tasks.items())),
        }


def draw_summary(draw: store.Draw) -> dict:
    return {"id": draw.id, "kind": draw.kind, "announced_at": draw.announced_at, "source": draw.source,
            "announcement_sha256": draw.announcement_sha256, "drawn_at": draw.drawn_at, "seed": draw.seed,
            "key": draw.key, "replaces": draw.replaces, "reason": draw.reason}


def view(db, plan_id: str) -> PlanView:
    plan = get_plan(db, plan_id)
    return PlanView(plan, store.plan_institutions(db.conn, plan.id), store.draws_of(db.conn, plan.id),
                    dict(Counter(status for _, status in store.plan_tasks(db.conn, plan.id))))


def scope_count(db, districts=()) -> int:
    """The registry's institutions in these districts (all when none): what a plan's rate is checked against, as
    its draw counts them."""
    return store.count_in_scope(db.conn, tuple(districts))


def plan_of_tasks(db) -> dict[str, tuple[str, str]]:
    """task id → (plan id, plan title) of the plan whose draw made the task, for the task list to group by; the
    title is the year's plan when the plan has none."""
    titles = {p.id: p.title or f"{p.year}年度抽查计划" for p in store.all_plans(db.conn)}
    return {task: (plan, titles[plan]) for task, plan in store.task_plans(db.conn).items() if plan in titles}


def overview(db, plan_id: str) -> PlanView:
    """As `view`, but the draws carry their headers only (no announcement, no result): the plan page's list, quick
    over a 55,000-institution registry."""
    plan = get_plan(db, plan_id)
    return PlanView(plan, store.plan_institutions(db.conn, plan.id), store.draw_headers(db.conn, plan.id),
                    dict(Counter(status for _, status in store.plan_tasks(db.conn, plan.id))))
