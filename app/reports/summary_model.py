"""The year's summary report (工作总结, issue 12 item 5) as plain data: what app/services/summary.py counts from
the database and app/reports/summary_word.py lays out. Numbers only, with the words they are printed with; no
database, no Qt.

Counting rules (docs/cli.md, `spotcheck summary`): the plan's tasks are those its draws made; "inspected" means
the on-site record is signed (已签署, 已汇总 or 已办结); problems, blind samples and exams are counted over the
signed records only (a record still being written may change); blind samples and exams removed on site are not
counted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

NOT_JUDGED, NO_CONCLUSION = "未判定", "尚未作出结论"


@dataclass(frozen=True)
class DrawRow:
    """One category of the plan's current draw of institutions."""

    category: str  # label, e.g. 机动车检验机构
    quota: int
    pool: int  # institutions in the published list
    allocated: int  # of them, allocated to this bureau by a higher level
    selected: int
    handed_on: int  # allocated, not selected: handed on to the county bureaus
    shortfall: int  # what the quota could not be filled with


@dataclass(frozen=True)
class ItemCount:
    number: int
    title: str
    count: int  # signed records with this item recorded as a problem


@dataclass(frozen=True)
class CategoryCounts:
    """Counts by outcome within one category (a row of an outcomes-per-category chart)."""

    category: str
    counts: dict[str, int]  # outcome label → count, in the order printed


@dataclass(frozen=True)
class ReferralRow:
    recipient: str  # label, e.g. 公安机关
    referrals: int
    institutions: int


@dataclass(frozen=True)
class TypicalCase:
    institution: str
    category: str
    conclusion: str
    summary: str
    handling: str  # the penalty, revocation or listing, in words ("" when none)


@dataclass(frozen=True)
class OpenTask:
    institution: str
    status: str  # label
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Penalties:
    decisions: int  # cases with an administrative penalty decision
    revoked: int  # CMA qualification revoked
    listed: int  # listed as 严重违法失信
    no_penalty: int  # investigations closed without a penalty, with the reason recorded
    rectify_ordered: int
    rectify_accepted: int  # rectification received, checked and accepted
    rectify_overdue: int  # deadline passed (as of the summary's date) with no rectification received


@dataclass
class Summary:
    plan_id: str
    year: int
    title: str  # the plan's title
    organ: str  # the issuing organ (profile), or the plan's first organ
    notice_number: str
    as_of: date
    level: str  # the organising level's label
    quotas: list[tuple[str, int]]  # (category label, quota)
    rate: str | None  # e.g. 4%
    registry_count: int | None  # institutions in scope at the announcement
    rate_check: str | None  # rate × registry_count, unrounded, as the announcement recorded it
    on_site_from: date | None
    on_site_by: date | None
    summary_by: date | None
    draw_done: bool
    draw_announced: bool
    drawn_at: str | None
    draw_rows: list[DrawRow]
    tasks_by_status: list[tuple[str, str, int]]  # (status value, label, count), every status in order
    inspected_by_category: list[tuple[str, int, int]]  # (category label, tasks, signed records)
    problems: list[ItemCount]  # every checklist item, in order
    records_with_problems: int
    blind_samples: dict[str, int]  # judgement label → count (未判定 included)
    blind_by_category: list[CategoryCounts]
    exams: dict[str, int]  # result label → count
    conclusions: list[CategoryCounts]  # per category, 尚未作出结论 included
    referrals: list[ReferralRow]
    penalties: Penalties
    typical_cases: list[TypicalCase]
    open_tasks: list[OpenTask] = field(default_factory=list)

    @property
    def task_total(self) -> int:
        return sum(n for _, _, n in self.tasks_by_status)

    @property
    def signed_total(self) -> int:
        return sum(signed for _, _, signed in self.inspected_by_category)

    @property
    def quota_total(self) -> int:
        return sum(n for _, n in self.quotas)

    def to_json(self) -> dict:
        data = asdict(self)
        for name in ("as_of", "on_site_from", "on_site_by", "summary_by"):
            value = getattr(self, name)
            data[name] = value.isoformat() if value else None
        data["quotas"] = [{"category": c, "quota": n} for c, n in self.quotas]
        data["tasks_by_status"] = [{"status": s, "label": label, "count": n} for s, label, n in self.tasks_by_status]
        data["inspected_by_category"] = [{"category": c, "tasks": n, "signed": s}
                                         for c, n, s in self.inspected_by_category]
        data["task_total"], data["signed_total"], data["quota_total"] = \
            self.task_total, self.signed_total, self.quota_total
        return data
