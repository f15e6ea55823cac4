"""The demo's 2025 plan and its two draws, run through app/services as a bureau would run them.

The plan is the one the seed notice sets (同市监认证〔2025〕92号, issued 2025-09-09 by 大同市市场监督管理局,
大同市公安局 and 大同市生态环境局): 2 vehicle inspection stations, 1 eco-environment monitoring company and 1
institution of another field, from 4 % of the registry; priority targets drawn first; self-checks by 09-15,
on-site checks by 11-15, the summary by 11-25; joint teams with a technical expert for the vehicle stations.

Before the draw the province's picks for 2025 are recorded (`set_higher_level`): the institutions it allocated to
this bureau (what the registry's `allocated_year` already says) and a few it drew for its own checks (the province
checks 30 of its 100 itself). Then the institution draw is announced with a named future public source, drawn with
that source's numbers, and the inspector teams are announced and drawn the same way; the team draw creates one
task per team (app/services/draws.py). The numbers are written here as a lottery result would be: the demo's,
not a real draw's. The announcements carry the time the demo was built, like every audit time of the demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.demo.tables import DATONG_DISTRICTS, REFERENCE_DATE
from app.domain.plan import Plan, Priority
from app.domain.problems import InputRefused
from app.domain.registry import Category, Inspector, Institution, Level
from app.services import draws, plans
from app.store.registry import all_inspectors, all_institutions

YEAR = REFERENCE_DATE.year
TITLE = "2025年度检验检测机构“双随机、一公开”监督抽查"
ORGANS = ("大同市市场监督管理局", "大同市公安局", "大同市生态环境局")
NOTICE = "同市监认证〔2025〕92号"
PROVINCE_NOTICE = "晋市监发〔2025〕174号"
INSTITUTIONS_SOURCE = "2025年9月19日中国体育彩票“排列5”开奖号码（5个数字）及同日“超级大乐透”开奖号码（前区5个、后区2个）"
INSTITUTIONS_SEED = "3 8 1 6 2 / 4 11 19 27 33 / 2 9"
INSPECTORS_SOURCE = "2025年9月22日中国体育彩票“排列5”开奖号码（5个数字）"
INSPECTORS_SEED = "7 0 4 9 5"


def demo_plan() -> Plan:
    return Plan(
        YEAR, TITLE, quotas={Category.VEHICLE: 2, Category.ECO_ENV: 1, Category.OTHER: 1}, level=Level.CITY,
        rate=Decimal("0.04"), priority=Priority.FIRST, districts=tuple(d for d, _ in DATONG_DISTRICTS),
        organs=ORGANS, notice_number=NOTICE, self_check_by=date(2025, 9, 15), on_site_from=date(2025, 9, 16),
        on_site_by=date(2025, 11, 15), summary_by=date(2025, 11, 25), experts={Category.VEHICLE: 1})


@dataclass
class DrawnTask:
    """A task the team draw created: its institution and its team, leader first, in the draw's slot order."""

    task_id: str
    inst: Institution
    team: list[Inspector]
    planned: date | None


def province_checks(rng: random.Random, institutions: list[Institution]) -> list[Institution]:
    """A few 大同 institutions the province drew for its own checks: not allocated, not an eco station."""
    local = {d for d, _ in DATONG_DISTRICTS}
    pool = sorted((i for i in institutions if i.district in local and i.allocated_year != YEAR and not i.eco_owned),
                  key=lambda i: i.credit_code)
    return rng.sample(pool, min(3, len(institutions) // 40, len(pool)))


def build_demo_plan(db, rng: random.Random) -> list[DrawnTask]:
    """Create the plan, record the province's picks, announce and draw the institutions and the teams; returns
    the tasks the draw created, in draw order (vehicle, eco-environment, other)."""
    institutions = all_institutions(db)
    allocated = sorted(i.credit_code for i in institutions if i.allocated_year == YEAR)
    own = [i.credit_code for i in province_checks(rng, institutions)]
    if allocated:
        plans.set_higher_level(db, allocated, YEAR, Level.PROVINCE, "allocated",
                               f"省局{YEAR}年抽取，按属地分配大同市组织检查（{PROVINCE_NOTICE}）")
    if own:
        plans.set_higher_level(db, own, YEAR, Level.PROVINCE, "drawn", f"省局{YEAR}年抽取，自行组织检查（{PROVINCE_NOTICE}）")
    plan = plans.create_plan(db, demo_plan())
    draws.announce_institutions(db, plan.id, INSTITUTIONS_SOURCE)
    drawn = draws.draw_institutions(db, plan.id, INSTITUTIONS_SEED)
    if not any(c["selected"] for c in drawn.result["categories"]):
        return []
    try:
        draws.announce_inspectors(db, plan.id, INSPECTORS_SOURCE)
    except InputRefused:  # a roster smaller than the demo's (build_demo's `inspectors`) may not make the teams
        return []
    teams = draws.draw_inspectors(db, plan.id, INSPECTORS_SEED)
    return drawn_tasks(db, teams)


def drawn_tasks(db, teams) -> list[DrawnTask]:
    people = {p.id: p for p in all_inspectors(db)}
    by_code = {i.credit_code: i for i in all_institutions(db)}
    task_of = {code: (task_id, date.fromisoformat(planned) if planned else None) for code, task_id, planned in
               db.conn.execute("SELECT i.credit_code, t.id, t.planned_date FROM draw_tasks d JOIN tasks t"
                               " ON t.id = d.task_id JOIN institutions i ON i.id = t.institution_id"
                               " WHERE d.team_draw_id = ?", [teams.id])}
    return [DrawnTask(*task_of[team["credit_code"]][:1], by_code[team["credit_code"]],
                      [people[m["inspector_id"]] for m in team["members"]], task_of[team["credit_code"]][1])
            for team in teams.result["teams"]]
