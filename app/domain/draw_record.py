"""The published record of a draw (docs/draw-record.md) and its check, which needs nothing but the record.

A record holds the announcement exactly as it was frozen (the plan it applied and how it reads the rules, the
named seed source, the pools in canonical order with their hashes, the stages and how many each selects), the
seed as given and its canonical RFC 3797 key, and the result with every step. `verify` re-derives every part
it can from the parts before it — the stages from the plan and the institutions' published attributes, the
hashes from the lists, the key from the seed, the selection from the key — and lists every difference.
"""

from __future__ import annotations

import hashlib
import json

from app.domain.draw import DrawError, key_string, parse_seed
from app.domain.plan import Plan, PlanError
from app.domain.selection import Candidate, CategoryPlan, Stage, announce, run

FORMAT = "spotcheck-draw-record"
VERSION = 1
ALGORITHM = {
    "name": "RFC 3797",
    "version": "spotcheck-selection/1",
    "digest": "MD5(i ‖ key ‖ i), i as 2 bytes big-endian, read as an unsigned 128-bit big-endian number",
    "pool_order": "unified social credit code ascending",
    "pool_sha256": "SHA-256 of the list's credit codes, each followed by a line feed (UTF-8)",
    "counter": "per category from 0, running on through the category's stages in order",
}


RECORD_KEYS = {"format", "version", "algorithm", "draw", "announcement", "announcement_sha256", "seed", "result"}
DRAW_KEYS = {"id", "kind", "plan_id", "announced_at", "drawn_at", "replaces", "reason"}


def canonical(value) -> bytes:
    """The bytes a hash is taken over: JSON, keys sorted, no spaces, UTF-8 (not ASCII-escaped)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256(value) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def institutions_announcement(plan: Plan, candidates: list[Candidate], *, source: str, registry_count: int,
                              excluded: list[dict], included: list[dict]) -> dict:
    """What `draw announce` freezes and publishes for a draw of institutions."""
    categories = announce(plan, candidates)
    check = plan.rate_check(registry_count)
    return {
        "kind": "institutions",
        "plan": plan.to_json(),
        "interpretation": plan.interpretation(),
        "source": source,
        "registry_count": registry_count,
        "rate_check": None if check is None else f"{check.normalize():f}",
        "excluded": sorted(excluded, key=lambda e: e["credit_code"]),
        "included": sorted(included, key=lambda e: e["credit_code"]),
        "institutions": {c.credit_code: c.to_json() for c in sorted(candidates, key=lambda c: c.credit_code)},
        "categories": [c.to_json() for c in categories],
    }


def announced_categories(announcement: dict) -> list[CategoryPlan]:
    """The categories as the announcement published them (read back, not recomputed)."""
    from app.domain.registry import Category

    return [CategoryPlan(Category(c["category"]), int(c["quota"]), tuple(c["pool"]),
                         tuple(Stage(s["name"], tuple(s["pool"]), int(s["count"])) for s in c["stages"]),
                         int(c["shortfall"])) for c in announcement["categories"]]


def seed_json(given: str) -> dict:
    sources = parse_seed(given)
    return {"given": given, "sources": sources, "key": key_string(sources)}


def institutions_result(key: str, announcement: dict) -> dict:
    return {"categories": [r.to_json() for r in run(key, announced_categories(announcement))]}


def record(draw: dict, announcement: dict, seed: dict, result: dict) -> dict:
    return {"format": FORMAT, "version": VERSION, "algorithm": ALGORITHM, "draw": draw,
            "announcement": announcement, "announcement_sha256": sha256(announcement), "seed": seed,
            "result": result}


# --- verification --------------------------------------------------------------------------------

class NotARecord(ValueError):
    """The file is not a draw record at all (another kind of JSON, or a version this build does not read)."""


def verify(data: object) -> list[str]:
    """Every way the record does not reproduce itself, in words; empty when it checks out."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NotARecord("这不是抽取记录文件（缺少 format: spotcheck-draw-record）。")
    if data.get("version") != VERSION:
        raise NotARecord(f"抽取记录的格式版本 {data.get('version')!r} 本程序不认识（认识的版本：{VERSION}）。")
    try:
        return _verify(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, DrawError, PlanError) as exc:
        return [f"记录的内容不完整或格式不对，无法复核：{_words(exc)}"]


def _words(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"缺少字段 {exc.args[0]!r}"
    return str(exc) or type(exc).__name__


def _verify(data: dict) -> list[str]:
    problems: list[str] = []
    extra = sorted(set(data) - RECORD_KEYS)
    if extra:
        problems.append(f"记录中有格式之外的字段：{'、'.join(map(str, extra))}。")
    announcement = data["announcement"]
    draw = data["draw"]
    extra = sorted(set(draw) - DRAW_KEYS)
    if extra:
        problems.append(f"记录的 draw 中有格式之外的字段：{'、'.join(map(str, extra))}。")
    if draw.get("kind") != announcement.get("kind"):
        problems.append("记录的抽取类别与公告的不一致。")
    for name, field in (("id", "draw_id"), ("announced_at", "announced_at")):
        if field in announcement and draw.get(name) != announcement[field]:
            problems.append(f"记录的 {name} 与公告中的 {field} 不一致。")
    if data.get("algorithm") != ALGORITHM:
        problems.append("算法说明与本程序的 RFC 3797 实现不一致。")
    if sha256(announcement) != data.get("announcement_sha256"):
        problems.append("公告内容的 SHA-256 与记录的不一致：公告在公布后被改动过。")
    seed = data["seed"]
    if seed is None and data.get("result") is None:  # an announcement, published before the seed exists
        return problems + _verify_announcement(announcement)
    try:
        sources = parse_seed(seed["given"])
    except DrawError as exc:
        return [*problems, f"随机数无法读取：{exc}"]
    if set(seed) != {"given", "sources", "key"}:
        problems.append("seed 应恰有 given、sources、key 三项。")
    if sources != seed.get("sources"):
        problems.append("随机数的分组与原样记录的随机数不一致。")
    key = key_string(sources)
    if key != seed.get("key"):
        problems.append(f"密钥应为 {key}，记录为 {seed.get('key')}。")
    kind = announcement.get("kind")
    if kind == "institutions":
        problems += _verify_institutions(announcement, key, data["result"])
    elif kind == "inspectors":
        problems += _verify_inspectors(announcement, key, data["result"])
    else:
        problems.append(f"不认识的抽取类别 {kind!r}。")
    return problems


def _verify_announcement(announcement: dict) -> list[str]:
    kind = announcement.get("kind")
    if kind == "institutions":
        return _verify_pools(announcement)
    if kind == "inspectors":
        return _verify_team_inputs(announcement)
    return [f"不认识的抽取类别 {kind!r}。"]


def _verify_pools(announcement: dict) -> list[str]:
    problems = []
    plan = Plan.from_json(announcement["plan"])
    institutions = announcement["institutions"]
    candidates = [Candidate.from_json(code, item) for code, item in sorted(institutions.items())]
    expected = [c.to_json() for c in announce(plan, candidates)]
    recorded = announcement["categories"]
    if len(recorded) != len(expected):
        problems.append("公告中的领域数目不对。")
    for want, got in zip(expected, recorded):
        label = want["label"]
        for name in ("category", "quota", "shortfall", "selects"):
            if want[name] != got.get(name):
                problems.append(f"{label}：{name} 应为 {want[name]}，记录为 {got.get(name)}。")
        if got.get("pool") != want["pool"]:
            problems.append(f"{label}：名单与公告所列机构（按统一社会信用代码升序）不一致。")
        if got.get("pool_sha256") != pool_sha256_of(got.get("pool")):
            problems.append(f"{label}：名单的 SHA-256 与名单本身不符。")
        if got.get("stages") != want["stages"]:
            problems.append(f"{label}：分层（上级分配、重点对象、补足）及各层抽取数与计划规则推出的不一致。")
    if plan.interpretation() != announcement.get("interpretation"):
        problems.append("公告中对规则的说明与计划设置不一致。")
    return problems


def _verify_institutions(announcement: dict, key: str, result: dict) -> list[str]:
    problems = _verify_pools(announcement)
    if problems:
        return problems  # the selection is only meaningful over the announced pools
    want_result = institutions_result(key, announcement)
    if set(result) != {"categories"}:
        problems.append("抽取结果应只有 categories 一项。")
    got_categories = result.get("categories")
    if not isinstance(got_categories, list) or len(got_categories) != len(want_result["categories"]):
        return ["抽取结果的领域数目不对。"]
    for want, got in zip(want_result["categories"], got_categories):
        from app.domain.registry import Category

        label = Category(want["category"]).label
        if not isinstance(got, dict):
            problems.append(f"{label}：抽取结果缺失。")
            continue
        words = {"selected": "抽中的机构（及顺序）", "steps": "抽取步骤（摘要、R、位置）", "handed_on": "移交县级局的机构",
                 "shortfall": "缺额", "category": "领域"}
        for name in sorted(set(want) | set(got)):
            if got.get(name) != want.get(name):
                problems.append(f"{label}：{words.get(name, name)}与按随机数重算的不一致。")
    return problems


def pool_sha256_of(pool) -> str | None:
    from app.domain.selection import pool_sha256

    if not isinstance(pool, list) or not all(isinstance(c, str) for c in pool):
        return None
    return pool_sha256(pool)


def team_inputs(announcement: dict):
    from app.domain.teams import RosterEntry, Target, TeamRules, canonical_roster

    targets = [Target.from_json(t) for t in announcement["targets"]]
    roster = [RosterEntry.from_json(r) for r in announcement["roster"]]
    return targets, roster, canonical_roster(roster), TeamRules.from_json(announcement["rules"])


def _verify_team_inputs(announcement: dict) -> list[str]:
    targets, roster, canonical_order, rules = team_inputs(announcement)
    problems = []
    if roster != canonical_order:
        problems.append("人员名单不是按公布的规范顺序排列的。")
    if [t.to_json() for t in targets] != announcement["targets"] or [r.to_json() for r in roster] != announcement["roster"]:
        problems.append("抽中机构或人员名单的写法与规范写法不一致。")
    if rules.to_json() != announcement["rules"]:
        problems.append("组队规则的写法与规范写法不一致。")
    return problems


def inspectors_result(key: str, announcement: dict) -> dict:
    """The teams drawn for the announced targets from the announced roster (raises TeamDrawError when the rules
    cannot all be met)."""
    from app.domain.teams import draw_teams

    targets, roster, _, rules = team_inputs(announcement)
    return draw_teams(key, targets, roster, rules).to_json()


def _verify_inspectors(announcement: dict, key: str, result: dict) -> list[str]:
    from app.domain.teams import TeamDrawError

    problems = _verify_team_inputs(announcement)
    if problems:
        return problems
    try:
        want = inspectors_result(key, announcement)
    except TeamDrawError as exc:
        return ["按记录的名单和规则组不成检查组：" + "；".join(exc.unmet)]
    if result != want:
        names = [k for k in sorted(set(want) | set(result or {})) if (result or {}).get(k) != want.get(k)]
        problems.append("检查组（成员、步骤）与按随机数重算的不一致：" + "、".join(names) + "。")
    return problems
