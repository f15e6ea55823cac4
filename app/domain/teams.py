"""Inspector teams (随机选派检查人员): who inspects each drawn institution, drawn from the roster frozen at the
announcement by RFC 3797 steps, so that anyone holding the record can re-run the draw (docs/rules.md,
"Inspector teams"; issue 11 rule 9).

In short: the roster is put in its published order (certificate number, then id); for each institution in draw
order, each of the team's slots in a fixed order (leader, further market officers, police, eco, experts) is one
RFC 3797 step. The slot's candidates are the people who may fill it and, among them, only those in the fewest
teams so far; the step's digest modulo their count picks one. One counter runs through the whole draw.

Everything here is plain data in, plain data out: no I/O, no clock, no locale; lists are never built from a
set or a dict's order, and strings compare by code point.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields

from app.domain.draw import DrawError, step_digest
from app.domain.organ import ORGAN_DEPARTMENT
from app.domain.registry import (
    DEPARTMENT_LABELS,
    LEVEL_LABELS,
    Category,
    Department,
    Inspector,
    Institution,
    Level,
)

ALGORITHM = "spotcheck-teams/1 (RFC 3797)"  # changes whenever the rules below change what a key draws
MAX_STEPS = 65536  # the counter is two bytes
DEFAULT_HELPERS = "below"  # TeamRules.helper_level's default: the level below the organiser
LEVELS = tuple(level.value for level in Level)  # province, city, county: top down
DEPARTMENTS = tuple(d.value for d in Department)
CATEGORIES = tuple(c.value for c in Category)
JOINT = {"vehicle": ("police", "eco"), "eco_env": ("eco",), "other": ()}  # joint members, in slot order
MARKET = ORGAN_DEPARTMENT.value
EXPERT = Department.EXPERT.value


class TeamDrawError(DrawError):
    """No valid team exists for some institutions: `unmet` says which rule failed for which, one line each."""

    def __init__(self, unmet: Sequence[str]):
        self.unmet = list(unmet)
        super().__init__("无法组成符合规则的检查组：\n" + "\n".join(self.unmet))


def _text(value, what: str) -> str:
    if not isinstance(value, str):
        raise DrawError(f"{what}须是文字，现为 {value!r}。")
    return value


def _texts(value, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise DrawError(f"{what}须是一组文字，现为 {value!r}。")
    return tuple(_text(v, what) for v in value)


def _from_json(cls, data, what: str):
    """cls built from a JSON object holding exactly its fields; anything else is refused in words."""
    names = [f.name for f in fields(cls)]
    if not isinstance(data, dict) or sorted(data) != sorted(names):
        raise DrawError(f"{what}的记录格式不对：须有且只有 {'、'.join(names)}。")
    return cls(**data)


@dataclass(frozen=True)
class RosterEntry:
    """One person of the roster as frozen at the announcement."""

    id: str
    name: str
    department: str  # market | police | eco | expert
    level: str | None  # province | city | county | None
    cert_no: str
    unit: str = ""
    districts: tuple[str, ...] = ()  # areas served; empty = the whole area
    avoid: tuple[str, ...] = ()  # credit codes this person must avoid (回避)
    active: bool = True

    def __post_init__(self) -> None:
        for name, label in (("id", "编号"), ("name", "姓名"), ("cert_no", "执法证号"), ("unit", "单位")):
            _text(getattr(self, name), f"人员的{label}")
        if not self.id:
            raise DrawError(f"人员 {self.name} 没有编号。")
        if self.department not in DEPARTMENTS:
            raise DrawError(f"人员 {self.name} 的部门 {self.department!r} 不是 {'、'.join(DEPARTMENTS)} 之一。")
        if self.level is not None and self.level not in LEVELS:
            raise DrawError(f"人员 {self.name} 的层级 {self.level!r} 不是 {'、'.join(LEVELS)} 之一。")
        if not isinstance(self.active, bool):
            raise DrawError(f"人员 {self.name} 的在职状态须是 true 或 false。")
        object.__setattr__(self, "districts", _texts(self.districts, f"人员 {self.name} 的服务区县"))
        object.__setattr__(self, "avoid", _texts(self.avoid, f"人员 {self.name} 的回避名单"))

    @classmethod
    def of(cls, inspector: Inspector) -> RosterEntry:
        return cls(id=inspector.id, name=inspector.name, department=inspector.department.value,
                   level=inspector.level.value if inspector.level else None, cert_no=inspector.cert_no,
                   unit=inspector.unit, districts=tuple(sorted(set(inspector.districts))),
                   avoid=tuple(sorted(set(inspector.avoid))), active=inspector.active)

    @property
    def officer(self) -> bool:
        """An enforcement officer: a department's officer with a certificate (experts never are)."""
        return self.department != EXPERT and bool(self.cert_no.strip())

    def serves(self, district: str) -> bool:
        return not self.districts or district in self.districts

    def to_json(self) -> dict:
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v for f in fields(self)}

    @classmethod
    def from_json(cls, data) -> RosterEntry:
        return _from_json(cls, data, "人员")


@dataclass(frozen=True)
class Target:
    """One drawn institution, in draw order."""

    credit_code: str
    name: str
    category: str  # vehicle | eco_env | other
    district: str = ""

    def __post_init__(self) -> None:
        for name, label in (("credit_code", "统一社会信用代码"), ("name", "名称"), ("district", "所在区县")):
            _text(getattr(self, name), f"机构的{label}")
        if not self.credit_code:
            raise DrawError(f"机构 {self.name} 没有统一社会信用代码。")
        if self.category not in CATEGORIES:
            raise DrawError(f"机构 {self.name} 的类别 {self.category!r} 不是 {'、'.join(CATEGORIES)} 之一。")

    @classmethod
    def of(cls, institution: Institution) -> Target:
        """From a registry Institution."""
        return cls(institution.credit_code, institution.name, institution.category.value, institution.district)

    @property
    def label(self) -> str:
        return f"{self.name}（{self.credit_code}）"

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data) -> Target:
        return _from_json(cls, data, "机构")


@dataclass(frozen=True)
class TeamRules:
    """How teams are made up. `helper_level` left out means the level below the organiser (province → city,
    city → county, county → none); None means every market officer comes from the organiser's level."""

    organiser_level: str
    helper_level: str | None = DEFAULT_HELPERS
    market_officers: int = 2  # market officers per team, the leader included
    helpers_from_district: bool = True  # helpers of the helper level must serve the institution's district
    experts: dict[str, int] = field(default_factory=dict)  # category → experts per team, on request

    def __post_init__(self) -> None:
        if self.organiser_level not in LEVELS:
            raise DrawError(f"组织层级 {self.organiser_level!r} 不是 {'、'.join(LEVELS)} 之一。")
        if self.helper_level == DEFAULT_HELPERS:
            below = LEVELS.index(self.organiser_level) + 1
            object.__setattr__(self, "helper_level", LEVELS[below] if below < len(LEVELS) else None)
        if self.helper_level is not None and self.helper_level not in LEVELS:
            raise DrawError(f"协助层级 {self.helper_level!r} 不是 {'、'.join(LEVELS)} 之一。")
        if self.helper_level == self.organiser_level:
            raise DrawError("协助人员的层级不能与组织层级相同；全部由本级人员组成时不设协助层级。")
        if type(self.market_officers) is not int or self.market_officers < 2:
            raise DrawError(f"每组市场监管执法人员至少 2 名（含组长），现为 {self.market_officers!r}。")
        if not isinstance(self.helpers_from_district, bool):
            raise DrawError("“协助人员须服务机构所在区县”须是 true 或 false。")
        experts = self.experts
        if not isinstance(experts, dict) or any(
                k not in CATEGORIES or type(v) is not int or v < 0 for k, v in experts.items()):
            raise DrawError(f"技术专家人数须按类别（{'、'.join(CATEGORIES)}）给出非负整数，现为 {experts!r}。")
        object.__setattr__(self, "experts", {k: experts[k] for k in sorted(experts) if experts[k]})

    def slots(self, category: str) -> list[str]:
        """A team's slots in drawing order: leader, market-2 … market-N, the joint members, expert-1 … expert-M."""
        return (["leader"] + [f"market-{n}" for n in range(2, self.market_officers + 1)] + list(JOINT[category])
                + [f"expert-{n}" for n in range(1, self.experts.get(category, 0) + 1)])

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"experts": dict(self.experts)}

    @classmethod
    def from_json(cls, data) -> TeamRules:
        if isinstance(data, dict) and "helper_level" not in data:
            raise DrawError("检查组规则的记录须写明协助层级（helper_level，可为 null）。")
        return _from_json(cls, data, "检查组规则")


@dataclass(frozen=True)
class Member:
    inspector_id: str
    name: str
    role: str  # leader | member | expert
    slot: str


@dataclass(frozen=True)
class Team:
    credit_code: str
    members: list[Member]


@dataclass(frozen=True)
class TeamStep:
    """One step of the team draw, as the published log shows it."""

    index: int  # k, from 1 through the whole draw; the digest is over the counter i = k − 1 (as draw.Step)
    credit_code: str
    slot: str
    candidates: list[str]  # ids, in the published order
    digest: str  # MD5, upper-case hex
    remaining: int  # R: the number of candidates
    position: int  # digest mod R, 0-based
    pick: str  # the chosen id


@dataclass(frozen=True)
class TeamDraw:
    teams: list[Team]
    steps: list[TeamStep]

    def to_json(self) -> dict:
        return {"algorithm": ALGORITHM,
                "teams": [asdict(t) for t in self.teams], "steps": [asdict(s) for s in self.steps]}

    @classmethod
    def from_json(cls, data) -> TeamDraw:
        if not isinstance(data, dict) or data.get("algorithm") != ALGORITHM:
            raise DrawError(f"检查组抽取记录的算法须是 {ALGORITHM}。")
        try:
            teams = [Team(t["credit_code"], [_from_json(Member, m, "检查组成员") for m in t["members"]])
                     for t in data["teams"]]
            steps = [_from_json(TeamStep, s, "抽取步骤") for s in data["steps"]]
        except (KeyError, TypeError) as exc:
            raise DrawError(f"检查组抽取记录的格式不对：{exc!r}。") from None
        return cls(teams, steps)


def canonical_roster(entries: Iterable[RosterEntry]) -> list[RosterEntry]:
    """The roster in its published order: certificate number, then id (strings compared by code point)."""
    people = sorted(entries, key=lambda p: (p.cert_no, p.id))
    ids = sorted(p.id for p in people)
    repeated = sorted({a for a, b in zip(ids, ids[1:]) if a == b})
    if repeated:
        raise DrawError(f"人员名单中编号重复：{'、'.join(repeated)}。")
    return people


def _eligible(person: RosterEntry, kind: str, target: Target, rules: TeamRules) -> bool:
    """Whether the person may fill a slot of this kind (leader, market, police, eco, expert) on the target's
    team, before the load rule and the rule that nobody is on a team twice."""
    if not person.active or target.credit_code in person.avoid:
        return False
    if kind == "expert":
        return person.department == EXPERT
    if not person.officer:
        return False
    if kind == "leader" or (kind == "market" and rules.helper_level is None):
        return person.department == MARKET and person.level == rules.organiser_level
    if kind == "market":
        return (person.department == MARKET and person.level == rules.helper_level
                and (not rules.helpers_from_district or person.serves(target.district)))
    return person.department == kind and person.serves(target.district)  # police, eco


def _pools(target: Target, people: list[RosterEntry], rules: TeamRules) -> dict[str, list[RosterEntry]]:
    """For each kind of slot on the target's team, who may fill it, in the published order."""
    kinds = sorted({slot.split("-")[0] for slot in rules.slots(target.category)})
    return {kind: [p for p in people if _eligible(p, kind, target, rules)] for kind in kinds}


def _conditions(*extra: str) -> str:
    return "（" + "、".join(("在职", "持证", "无需回避") + extra) + "）"


def _unmet_for(target: Target, pools: dict[str, list[RosterEntry]], rules: TeamRules) -> list[str]:
    def count(kind: str) -> int:
        return len(pools[kind])

    where = f"服务{target.district}" if target.district else "不限区县"
    organiser = LEVEL_LABELS[Level(rules.organiser_level)]
    out = []
    leaders = count("leader")
    if not leaders:
        out.append(f"没有可选的{organiser}市场监管执法人员担任组长{_conditions()}")
    helpers_needed = rules.market_officers - 1
    if rules.helper_level is None:
        if leaders and leaders < rules.market_officers:
            out.append(f"每组需要 {rules.market_officers} 名{organiser}市场监管执法人员，只有 {leaders} 名可选"
                       f"{_conditions()}")
    else:
        helpers = count("market")
        if helpers < helpers_needed:
            helper = LEVEL_LABELS[Level(rules.helper_level)]
            place = (where,) if rules.helpers_from_district else ()
            out.append(f"需要 {helpers_needed} 名{helper}市场监管执法人员协助，只有 {helpers} 名可选"
                       f"{_conditions(*place)}")
    for department in JOINT[target.category]:
        if not count(department):
            out.append(f"没有可选的{DEPARTMENT_LABELS[Department(department)]}部门执法人员{_conditions(where)}")
    experts_needed = rules.experts.get(target.category, 0)
    if experts_needed and (experts := count("expert")) < experts_needed:
        out.append(f"需要 {experts_needed} 名技术专家，只有 {experts} 名可选（在职、无需回避）")
    return [f"机构 {target.label}：{rule}" for rule in out]


def _checked_targets(targets: Sequence[Target]) -> list[Target]:
    codes = sorted(t.credit_code for t in targets)
    repeated = sorted({a for a, b in zip(codes, codes[1:]) if a == b})
    if repeated:
        raise DrawError(f"同一机构只能有一个检查组，重复的机构：{'、'.join(repeated)}。")
    return list(targets)


def unmet_rules(targets: Sequence[Target], roster: Sequence[RosterEntry], rules: TeamRules) -> list[str]:
    """Every rule that no team could meet, one line per rule and institution, in draw order (empty: every
    institution can get a valid team whatever the key). Useful before the announcement."""
    people = canonical_roster(roster)
    return [line for t in _checked_targets(targets) for line in _unmet_for(t, _pools(t, people, rules), rules)]


def draw_teams(key: str, targets: Sequence[Target], roster: Sequence[RosterEntry], rules: TeamRules) -> TeamDraw:
    """One team per target, in draw order, by RFC 3797 steps over the canonical roster (docs/rules.md)."""
    if not isinstance(key, str) or not key or not key.isascii():
        raise DrawError("抽取的密钥须是非空的 ASCII 文字（RFC 3797 的密钥串）。")
    people = canonical_roster(roster)
    targets = _checked_targets(targets)
    total = sum(len(rules.slots(t.category)) for t in targets)
    if total > MAX_STEPS:
        raise DrawError(f"一次最多抽取 {MAX_STEPS} 个岗位，现需 {total} 个。")
    pools = [_pools(t, people, rules) for t in targets]
    unmet = [line for t, pool in zip(targets, pools) for line in _unmet_for(t, pool, rules)]
    if unmet:
        raise TeamDrawError(unmet)
    data = key.encode("ascii")
    load = {p.id: 0 for p in people}  # teams so far; looked up, never iterated
    teams, steps = [], []
    for target, pool in zip(targets, pools):
        members: list[Member] = []
        for slot in rules.slots(target.category):
            taken = {m.inspector_id for m in members}
            eligible = [p for p in pool[slot.split("-")[0]] if p.id not in taken]
            fewest = min(load[p.id] for p in eligible)
            candidates = [p for p in eligible if load[p.id] == fewest]
            digest = step_digest(data, len(steps))
            position = int.from_bytes(digest, "big") % len(candidates)
            pick = candidates[position]
            steps.append(TeamStep(len(steps) + 1, target.credit_code, slot, [p.id for p in candidates],
                                  digest.hex().upper(), len(candidates), position, pick.id))
            role = "leader" if slot == "leader" else "expert" if slot.startswith("expert-") else "member"
            members.append(Member(pick.id, pick.name, role, slot))
        for member in members:
            load[member.inspector_id] += 1
        teams.append(Team(target.credit_code, members))
    return TeamDraw(teams, steps)
