"""Who inspects which institution in the demo's narratives (app/demo/tasks.py).

A narrative is recorded on a task the 2025 plan's draw made (`Assignment` with the task, the draw's institution
and team) or on a task handed down without a draw, for which `choose` gives the candidate institutions and
`lawful_team` a lawful team: a city market officer leading, a second market officer, police and eco-environment
officers for the joint checks, an expert of the named field, nobody who must avoid the institution. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.demo.data import DATONG_DISTRICTS
from app.domain.organ import organ_officer
from app.domain.registry import Category, Department, Inspector, Institution, Level

# --- teams -----------------------------------------------------------------------------------------

@dataclass
class Roster:
    people: list[Inspector]
    lead_id: str

    def pick(self, rng, test: Callable[[Inspector], bool], taken: list[Inspector], inst: Institution) -> Inspector | None:
        pool = [p for p in self.people if test(p) and p not in taken and p.active
                and inst.credit_code not in p.avoid and inst.name not in p.avoid]
        return rng.choice(pool) if pool else None


def _market_city(p: Inspector) -> bool:
    return p.department is Department.MARKET and p.level is Level.CITY and p.enforcement_officer


def lawful_team(rng, roster: Roster, inst: Institution, *, leader_is_profile: bool, police: bool,
                eco: str | None, expert: str | None) -> list[Inspector] | None:
    """Leader (a city market officer), a second market officer (county of the institution if there is one),
    police / eco officers for joint checks, an expert with the named expertise. None if nobody fits."""
    team: list[Inspector] = []
    profile_person = next((p for p in roster.people if p.id == roster.lead_id), None)
    if leader_is_profile and profile_person is not None and profile_person.active \
            and inst.credit_code not in profile_person.avoid:
        leader = profile_person
    else:
        leader = roster.pick(rng, lambda p: _market_city(p) and p.id != roster.lead_id, team, inst) \
            or roster.pick(rng, _market_city, team, inst)
    if leader is None:
        return None
    team.append(leader)
    second = roster.pick(rng, lambda p: p.department is Department.MARKET and p.enforcement_officer
                         and p.level is Level.COUNTY and inst.district in p.districts, team, inst) \
        or roster.pick(rng, _market_city, team, inst)
    if second is not None:
        team.append(second)
    if police:
        person = roster.pick(rng, lambda p: p.department is Department.POLICE and p.enforcement_officer, team, inst)
        if person:
            team.append(person)
    if eco:
        person = roster.pick(rng, lambda p: p.department is Department.ECO and p.enforcement_officer and eco in p.unit,
                             team, inst) \
            or roster.pick(rng, lambda p: p.department is Department.ECO and p.enforcement_officer, team, inst)
        if person:
            team.append(person)
    if expert:
        person = roster.pick(rng, lambda p: p.department is Department.EXPERT
                             and any(expert in e for e in p.expertise), team, inst)
        if person:
            team.append(person)
    if sum(organ_officer(p) for p in team) < 2:  # the organ's own two; joint members and experts do not count
        return None
    return team


# --- institutions ----------------------------------------------------------------------------------

def choose(rng, institutions: list[Institution], used: set[str], category: Category,
           prefer: tuple[str, ...] = ()) -> list[Institution]:
    """Candidates in the order to try, none of `used`: in 大同 those named with the words of `prefer` (in that
    order), then the rest; then the same elsewhere; shuffled within each group."""
    local = {d for d, _ in DATONG_DISTRICTS}
    pool = [i for i in institutions if i.category is category and not i.eco_owned and i.id not in used]
    groups = []
    for here in (True, False):
        near = [i for i in pool if (i.district in local) is here]
        tiers = [[i for i in near if word in i.name] for word in prefer]
        groups += [*tiers, near]
    out: list[Institution] = []
    seen: set[str] = set()
    for group in groups:
        group = [i for i in group if i.id not in seen]
        seen.update(i.id for i in group)
        rng.shuffle(group)
        out += group
    return out


@dataclass
class Assignment:
    """Where a narrative is recorded: a task the plan's draw made (`task_id`, `planned`: the draw's institution and
    team) or, with neither, a task handed down without a draw, for the institution and team chosen here."""

    inst: Institution
    team: list[Inspector]
    task_id: str | None = None
    planned: date | None = None


def drawn_task(drawn: list[Assignment], categories: tuple[Category, ...], lead_id: str,
               colleague: bool) -> Assignment | None:
    """The first drawn task left of these categories (first one whose team the profile is not on, if asked)."""
    fits = [a for a in drawn if a.inst.category in categories]
    if colleague:
        fits.sort(key=lambda a: any(p.id == lead_id for p in a.team))
    return fits[0] if fits else None
