"""The draw of institutions (随机抽取检查对象) under a plan: the announced pools, the selection, and its check.

**Announce.** From the institutions in scope (exclusions already applied, with their reasons listed) each
category's pool is published in canonical order — unified social credit code ascending — with the SHA-256 of
that list, split into the stages the plan's rules give, each with how many it selects:

* `always` — priority targets, when the plan includes them all (no random step);
* `allocation_priority`, `allocation` — what a higher level allocated to this bureau, priority targets first when
  the plan draws them first; together they select up to the quota (rule 4: the rest are handed on);
* `own_priority`, `own` — the category's other institutions, topping up what the allocation left of the quota
  (rule 5); or, when the plan sets rates per credit-risk class, `risk_A` … `risk_D` (with `_priority` first),
  each selecting ⌈rate × its size⌉.

**Draw.** One RFC 3797 key from the seed for all categories; in each category the counter starts at 0 and runs
on through its stages in order (continuing the same random sequence, rule 5), each step written down.

Everything here works on the published content alone, so `verify` can re-run a record without a database.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from app.domain.draw import MAX_POOL, DrawError, step_digest
from app.domain.plan import Plan, Priority
from app.domain.registry import Category, RiskClass

MAX_STEPS = MAX_POOL + 1  # the counter is two bytes: 0 … 65535

STAGE_LABELS = {
    "always": "重点抽查对象（全部列入）",
    "allocation_priority": "上级分配的重点抽查对象",
    "allocation": "上级分配的机构",
    "own_priority": "本领域重点抽查对象（补足）",
    "own": "本领域其余机构（补足）",
}


def stage_label(name: str) -> str:
    if name.startswith("risk_"):
        risk, _, priority = name.removeprefix("risk_").partition("_")
        return f"信用风险{risk}类{'重点抽查对象' if priority else '机构'}（补足）"
    return STAGE_LABELS[name]


class Candidate(NamedTuple):
    """An institution as the draw sees it, frozen at announcement (a tuple: a registry makes 55,000 of them)."""

    credit_code: str
    name: str
    category: Category
    district: str = ""
    risk_class: RiskClass | None = None
    priority: tuple[str, ...] = ()  # the priority flags set (registry.PRIORITY_FLAGS keys)
    allocated: bool = False  # allocated to this bureau by a higher level for the plan's year

    def to_json(self) -> dict:
        return {"name": self.name, "category": self.category.value, "district": self.district,
                "risk_class": self.risk_class.value if self.risk_class else None,
                "priority": list(self.priority), "allocated": self.allocated}

    @classmethod
    def from_json(cls, code: str, data: dict) -> "Candidate":
        return cls(code, str(data["name"]), Category(data["category"]),
                   str(data.get("district") or ""), RiskClass(data["risk_class"]) if data.get("risk_class") else None,
                   tuple(str(p) for p in data.get("priority") or ()), bool(data.get("allocated")))


def pool_sha256(codes: Iterable[str]) -> str:
    """SHA-256 (hex) of a published list: its credit codes in order, each followed by a line feed, UTF-8."""
    return hashlib.sha256("".join(f"{c}\n" for c in codes).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Stage:
    name: str
    pool: tuple[str, ...]
    count: int

    def to_json(self) -> dict:
        return {"name": self.name, "label": stage_label(self.name), "count": self.count,
                "pool": list(self.pool), "pool_sha256": pool_sha256(self.pool)}


@dataclass(frozen=True)
class CategoryPlan:
    """One category's announced draw."""

    category: Category
    quota: int
    pool: tuple[str, ...]
    stages: tuple[Stage, ...]
    shortfall: int  # what the quota could not be filled with (never taken from another category)

    def to_json(self) -> dict:
        return {"category": self.category.value, "label": self.category.label, "quota": self.quota,
                "pool": list(self.pool), "pool_sha256": pool_sha256(self.pool),
                "stages": [s.to_json() for s in self.stages], "shortfall": self.shortfall,
                "selects": sum(s.count for s in self.stages)}


def _split(members: list[Candidate], first: bool, name: str, count: int) -> list[Stage]:
    """A group of `count` picks over `members`: priority targets as a stage of their own first, when asked."""
    parts = ([(f"{name}_priority", [m for m in members if m.priority]), (name, [m for m in members if not m.priority])]
             if first else [(name, members)])
    out = []
    for stage_name, part in parts:
        if not part:
            continue
        take = min(count, len(part))
        out.append(Stage(stage_name, tuple(sorted(m.credit_code for m in part)), take))
        count -= take
    return out


def plan_category(plan: Plan, category: Category, candidates: Sequence[Candidate]) -> CategoryPlan:
    """The stages of one category from the candidates in its pool (exclusions applied already)."""
    members = sorted((c for c in candidates if c.category is category), key=lambda c: c.credit_code)
    quota = plan.quota(category)
    left = quota
    stages: list[Stage] = []
    first = plan.priority is Priority.FIRST
    if plan.priority is Priority.ALWAYS and quota:  # a category the plan does not draw from draws none
        always = [m for m in members if m.priority]
        if always:
            stages.append(Stage("always", tuple(m.credit_code for m in always), len(always)))
        left = max(0, left - len(always))
        members = [m for m in members if not m.priority]
    allocation = [m for m in members if m.allocated]
    own = [m for m in members if not m.allocated]
    from_allocation = min(left, len(allocation))
    # published even when the quota leaves no room for it: then all of it is handed on
    stages += _split(allocation, first, "allocation", from_allocation)
    left -= from_allocation
    shortfall = 0
    if plan.risk_rates:
        for risk in RiskClass:
            rate = plan.risk_rates.get(risk)
            stratum = [m for m in own if m.risk_class is risk]
            if rate is None or not stratum:
                continue
            stages += _split(stratum, first, f"risk_{risk.value}", math.ceil(rate * len(stratum)))
    else:
        from_own = min(left, len(own))
        stages += [s for s in _split(own, first, "own", from_own) if s.count]
        shortfall = left - from_own
    steps = sum(s.count for s in stages if s.name != "always")
    if steps > MAX_STEPS:
        raise DrawError(f"{category.label}要抽取 {steps} 步，超过 RFC 3797 的上限 {MAX_STEPS} 步（计数为两个字节）。")
    return CategoryPlan(category, quota, tuple(sorted(c.credit_code for c in candidates if c.category is category)),
                        tuple(stages), shortfall)


def announce(plan: Plan, candidates: Sequence[Candidate]) -> list[CategoryPlan]:
    codes = [c.credit_code for c in candidates]
    if len(set(codes)) != len(codes):
        raise DrawError("名单中有重复的统一社会信用代码。")
    return [plan_category(plan, category, candidates) for category in Category]


# --- the draw ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DrawStep:
    index: int  # k, from 1 within the category; the digest is over i = k − 1
    stage: str
    digest: str
    remaining: int  # R
    position: int  # 0-based among those left in the stage
    pick: int  # 1-based number in the stage's published list
    credit_code: str

    def to_json(self) -> dict:
        return {"index": self.index, "stage": self.stage, "digest": self.digest, "remaining": self.remaining,
                "position": self.position, "pick": self.pick, "credit_code": self.credit_code}


@dataclass(frozen=True)
class Selected:
    credit_code: str
    stage: str
    how: str  # 'drawn' | 'always'

    def to_json(self) -> dict:
        return {"credit_code": self.credit_code, "stage": self.stage, "how": self.how}


@dataclass
class CategoryResult:
    category: Category
    selected: list[Selected] = field(default_factory=list)
    steps: list[DrawStep] = field(default_factory=list)
    handed_on: list[str] = field(default_factory=list)  # allocated, not selected: to the county bureaus
    shortfall: int = 0

    def to_json(self) -> dict:
        return {"category": self.category.value, "selected": [s.to_json() for s in self.selected],
                "steps": [s.to_json() for s in self.steps], "handed_on": self.handed_on, "shortfall": self.shortfall}


def run_category(key: str, announced: CategoryPlan) -> CategoryResult:
    """RFC 3797 over the category's stages in order, the counter running on from 0 (steps are numbered from 1)."""
    data = key.encode("ascii")
    result = CategoryResult(announced.category, shortfall=announced.shortfall)
    i = 0
    for stage in announced.stages:
        if stage.name == "always":
            result.selected += [Selected(code, stage.name, "always") for code in stage.pool]
            continue
        remaining = list(range(len(stage.pool)))
        for _ in range(stage.count):
            digest = step_digest(data, i)
            position = int.from_bytes(digest, "big") % len(remaining)
            number = remaining.pop(position)
            code = stage.pool[number]
            result.steps.append(DrawStep(i + 1, stage.name, digest.hex().upper(), len(remaining) + 1, position,
                                         number + 1, code))
            result.selected.append(Selected(code, stage.name, "drawn"))
            i += 1
    chosen = {s.credit_code for s in result.selected}
    result.handed_on = [code for stage in announced.stages if stage.name.startswith("allocation")
                        for code in stage.pool if code not in chosen]
    return result


def run(key: str, announced: Sequence[CategoryPlan]) -> list[CategoryResult]:
    return [run_category(key, category) for category in announced]
