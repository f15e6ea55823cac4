"""The year's spot-check plan (年度抽查计划): what the draws select and how, as the bureau decided it.

A plan names its year and organising level, the quota of institutions per category (the seed notice's
2 / 1 / 1; a category the plan does not name gets none), the rate it was derived from (4 % of the registry,
shown beside the quotas as a check, never rounded into them), how priority targets enter the draw, optional
sampling rates per credit-risk class, the districts in scope, the issuing organs, the notice's number, the
deadlines, and how inspector teams are made up. Its settings are kept as one JSON document so that a draw
can freeze exactly the plan it applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum

from app.domain.registry import Category, Level, RiskClass


class PlanError(ValueError):
    """A plan setting that cannot be used (words for the person who typed it)."""


class Priority(str, Enum):
    FIRST = "first"  # drawn first within their category (a stratum of their own, before the others)
    ALWAYS = "always"  # always included, before any random step

    @property
    def label(self) -> str:
        return PRIORITY_LABELS[self]


PRIORITY_LABELS = {
    Priority.FIRST: "重点抽查对象在本领域内优先抽取（单独成层，先抽）",
    Priority.ALWAYS: "重点抽查对象全部列入（不经随机抽取）",
}

LEVELS = [Level.PROVINCE, Level.CITY, Level.COUNTY]
LEVEL_BELOW = {Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY, Level.COUNTY: None}


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PlanError(f"日期“{value}”无法识别，应写成 YYYY-MM-DD。") from None


def parse_rate(value) -> Decimal | None:
    """A sampling rate as typed: 0.04, 4%, ４％ → Decimal('0.04'); between 0 and 1."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace("％", "%")
    percent = text.endswith("%")
    try:
        rate = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        raise PlanError(f"比例“{value}”无法识别，应是 0 到 1 之间的小数或百分数（如 0.04 或 4%）。") from None
    if percent:
        rate = rate / 100
    if not rate.is_finite() or not 0 <= rate <= 1:
        raise PlanError(f"比例“{value}”应在 0 到 1（0% 到 100%）之间。")
    return rate.normalize() if rate else Decimal(0)


@dataclass(frozen=True)
class Plan:
    year: int
    title: str = ""
    quotas: dict[Category, int] = field(default_factory=dict)
    id: str = ""
    level: Level = Level.CITY  # the organising level
    rate: Decimal | None = None  # the rate the quotas were derived from, shown as a check
    priority: Priority = Priority.FIRST
    risk_rates: dict[RiskClass, Decimal] = field(default_factory=dict)  # empty: no risk strata
    districts: tuple[str, ...] = ()  # in scope; empty: the whole registry
    organs: tuple[str, ...] = ()  # the issuing organs (the organiser first, then joint organs)
    notice_number: str = ""  # the plan notice's number, e.g. 同市监认证〔2025〕92号
    self_check_by: date | None = None
    on_site_from: date | None = None
    on_site_by: date | None = None
    summary_by: date | None = None
    helper_level: Level | None = None  # team helpers' level; None: the level below the organiser's
    helpers: bool = True  # False: every market officer of a team comes from the organising level
    helpers_from_district: bool = True  # helpers serve the institution's district
    market_officers: int = 2  # market-supervision officers per team, the leader included
    experts: dict[Category, int] = field(default_factory=dict)  # experts per team, by category, on request

    def __post_init__(self) -> None:
        if not 2000 <= self.year <= 2100:
            raise PlanError(f"年度“{self.year}”不在 2000 到 2100 之间。")
        for category, count in {**self.quotas, **self.experts}.items():
            if not isinstance(category, Category):
                raise PlanError(f"领域“{category}”不存在，应是 vehicle、eco_env 或 other。")
            if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 65535:
                raise PlanError(f"{category.label}的数量“{count}”应是 0 到 65535 的整数。")
        if self.market_officers < 2:
            raise PlanError("每个检查组至少要有 2 名市场监管执法人员（含组长）。")
        if self.helper_level is not None and LEVELS.index(self.helper_level) <= LEVELS.index(self.level):
            raise PlanError(f"检查组的协助人员应来自{self.level.label}以下的层级，不能是{self.helper_level.label}。")
        if self.on_site_from and self.on_site_by and self.on_site_from > self.on_site_by:
            raise PlanError("现场检查的开始日期晚于截止日期。")

    def quota(self, category: Category) -> int:
        return self.quotas.get(category, 0)

    @property
    def team_helper_level(self) -> Level | None:
        if not self.helpers:
            return None
        return self.helper_level if self.helper_level is not None else LEVEL_BELOW[self.level]

    def rate_check(self, registry_count: int) -> Decimal | None:
        """What the rate gives over the registry's institutions in scope, unrounded (shown beside the quotas)."""
        return None if self.rate is None else self.rate * registry_count

    def interpretation(self) -> list[str]:
        """How this plan reads the notice's rules, in words printed with every draw (issue 11)."""
        lines = [
            "抽查对象：本计划范围内取得检验检测机构资质认定的机构（不论发证级别），按机动车检验、生态环境监测、其他三个领域分别抽取；"
            "生态环境部门所属监测机构不列入生态环境监测领域的抽查范围。",
            "上级已抽取自行检查的机构不列入名单；上级分配给本局的机构作为各领域的第一层，"
            "多于本领域数量时从中随机抽取，其余移交所在地县级局；不足时从本领域其余机构中按同一随机序列继续抽取补足，"
            "某领域无可抽机构时如实记录，不从其他领域补足。",
            PRIORITY_LABELS[self.priority] + "。",
            "随机方法：RFC 3797；各领域共用同一随机数密钥，各自从计数 0 开始；名单按统一社会信用代码升序排列。",
        ]
        if self.risk_rates:
            rates = "，".join(f"{k.value}类 {_percent(v)}" for k, v in sorted(self.risk_rates.items()))
            lines.append(f"差异化监管：补足抽取按信用风险分类分层，各层按比例向上取整确定数量（{rates}；未分类的机构不抽取）。")
        return lines

    def settings_json(self) -> dict:
        """Everything but id, year and title, as stored in plans.settings (stable keys, plain values)."""
        out = {}
        for f in fields(self):
            if f.name in ("id", "year", "title"):
                continue
            out[f.name] = _plain(getattr(self, f.name))
        return out

    def to_json(self) -> dict:
        return {"id": self.id, "year": self.year, "title": self.title, **self.settings_json()}

    @classmethod
    def from_json(cls, data: dict) -> "Plan":
        try:
            return cls(
                id=str(data.get("id") or ""), year=int(data["year"]), title=str(data.get("title") or ""),
                quotas={Category(k): int(v) for k, v in (data.get("quotas") or {}).items()},
                level=Level(data.get("level") or "city"),
                rate=parse_rate(data.get("rate")),
                priority=Priority(data.get("priority") or "first"),
                risk_rates={RiskClass(k): parse_rate(v) for k, v in (data.get("risk_rates") or {}).items()},
                districts=tuple(str(d) for d in data.get("districts") or ()),
                organs=tuple(str(o) for o in data.get("organs") or ()),
                notice_number=str(data.get("notice_number") or ""),
                self_check_by=_date(data.get("self_check_by")), on_site_from=_date(data.get("on_site_from")),
                on_site_by=_date(data.get("on_site_by")), summary_by=_date(data.get("summary_by")),
                helper_level=Level(data["helper_level"]) if data.get("helper_level") else None,
                helpers=bool(data.get("helpers", True)),
                helpers_from_district=bool(data.get("helpers_from_district", True)),
                market_officers=int(data.get("market_officers", 2)),
                experts={Category(k): int(v) for k, v in (data.get("experts") or {}).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, PlanError):
                raise
            raise PlanError(f"抽查计划的设置无法读取：{exc}") from None


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: _plain(kv[0]))}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def parse_counts(items: list[str], what: str = "数量") -> dict[Category, int]:
    """`vehicle=2 eco_env=1` (also Chinese labels: 机动车=2) → {Category: n}; a category named twice is refused."""
    aliases = {c.value: c for c in Category}
    aliases.update({"机动车": Category.VEHICLE, "机动车检验": Category.VEHICLE, "生态环境": Category.ECO_ENV,
                    "生态环境监测": Category.ECO_ENV, "eco": Category.ECO_ENV, "其他": Category.OTHER})
    aliases.update({c.label: c for c in Category})
    out: dict[Category, int] = {}
    for item in items:
        name, sep, number = item.replace("＝", "=").partition("=")
        category = aliases.get(name.strip())
        if not sep or category is None:
            raise PlanError(f"“{item}”应写成 领域=数量，领域是 vehicle、eco_env 或 other。")
        if category in out:
            raise PlanError(f"{category.label}的{what}写了两次。")
        try:
            out[category] = int(number.strip().translate(_FULL_WIDTH_DIGITS))
        except ValueError:
            raise PlanError(f"“{item}”中的{what}应是整数。") from None
    return out


def parse_risk_rates(items: list[str]) -> dict[RiskClass, Decimal]:
    """`A=0.02 D=20%` → {RiskClass: rate}."""
    out: dict[RiskClass, Decimal] = {}
    for item in items:
        name, sep, value = item.replace("＝", "=").partition("=")
        try:
            risk = RiskClass(name.strip().upper().removesuffix("类"))
        except ValueError:
            raise PlanError(f"“{item}”应写成 风险类别=比例，类别是 A、B、C 或 D。") from None
        if not sep:
            raise PlanError(f"“{item}”应写成 风险类别=比例，类别是 A、B、C 或 D。")
        if risk in out:
            raise PlanError(f"{risk.value}类的比例写了两次。")
        out[risk] = parse_rate(value)
    return out


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
