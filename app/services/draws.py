"""Announce, then draw (issue 11): the institutions and the inspector teams of a plan, the tasks they make, and
the published record with its check.

`announce_*` freezes what will be drawn from (the pools in canonical order with their hashes, the named future
seed source) and stores it; `draw_*` runs it once the seed numbers exist, refused when the registry changed the
pools since the announcement. A draw is never changed or deleted (the database's triggers hold that too); a
re-draw is a new announcement that names the draw it replaces and why.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from pathlib import Path

from app.domain import draw_record
from app.domain.draw import DrawError
from app.domain.plan import Plan
from app.domain.problems import InputRefused, IntegrityFailure, NotFound, Problem
from app.domain.registry import LEVEL_LABELS, Category, Level
from app.domain.selection import Candidate
from app.services.plans import get_plan
from app.services.tasks import create_task, edit
from app.store import plans as store

MAX_SOURCE = 1000
MAX_RECORD_BYTES = 128 * 1024 * 1024  # a 55,000-institution record is about 10 MB
LEVELS = [Level.PROVINCE, Level.CITY, Level.COUNTY]
ECO_OWNED_REASON = "生态环境部门所属监测机构（不列入生态环境监测领域的抽查范围）"


def _above(level: str, plan_level: Level) -> bool:
    return LEVELS.index(Level(level)) < LEVELS.index(plan_level)


def pools(db, plan: Plan) -> tuple[list[Candidate], list[dict], list[dict], int]:
    """The candidates of the plan's draw (exclusions applied), the excluded and the re-included with reasons, and
    the count of institutions in scope (what the rate is checked against)."""
    entries = store.registry_entries(db.conn, plan.districts)
    picks = store.higher_level_picks(db.conn, plan.year)
    marks = {m.institution_id: m for m in store.plan_institutions(db.conn, plan.id)}
    candidates, excluded, included = [], [], []
    for e in entries:
        def note(reason: str) -> dict:
            return {"credit_code": e.credit_code, "name": e.name, "reason": reason}

        mark = marks.get(e.id)
        higher = [(level, kind) for level, kind in picks.get(e.id, ()) if _above(level, plan.level)]
        drawn = [level for level, kind in higher if kind == "drawn"]
        if e.eco_owned and e.category is Category.ECO_ENV:
            excluded.append(note(ECO_OWNED_REASON))
            continue
        if mark and mark.kind == "exclude":
            excluded.append(note(mark.reason))
            continue
        if drawn:
            if not (mark and mark.kind == "include"):
                excluded.append(note(f"{LEVEL_LABELS[Level(drawn[0])]}已于{plan.year}年抽取，自行检查（避免重复检查）"))
                continue
            included.append(note(mark.reason))
        elif mark and mark.kind == "include":
            included.append(note(mark.reason))
        candidates.append(Candidate(e.credit_code, e.name, e.category, e.district, e.risk_class, e.flags,
                                    any(kind == "allocated" for _, kind in higher)))
    return candidates, excluded, included, len(entries)


def _institutions_announcement(db, plan: Plan, source: str, draw_id: str, at: str) -> dict:
    candidates, excluded, included, count = pools(db, plan)
    try:
        announcement = draw_record.institutions_announcement(plan, candidates, source=source, registry_count=count,
                                                             excluded=excluded, included=included)
    except DrawError as exc:
        raise InputRefused(str(exc), [Problem("计划的数量和比例", None)]) from None
    return {**announcement, "draw_id": draw_id, "announced_at": at}


def preview_institutions(db, plan_id: str) -> dict:
    """What `announce_institutions` would freeze now (pools, stages, the excluded and the re-included with
    reasons), without storing anything: shown before the bureau announces."""
    return _institutions_announcement(db, get_plan(db, plan_id), "", "", "")


def _source(text: str) -> str:
    source = " ".join(str(text).split())
    if not source:
        raise InputRefused("请写明随机数的来源：公告时尚未产生的公开数字，如“2025年9月20日中国体育彩票排列5开奖号码”。",
                           [Problem("随机数来源（将来公开的数字）", text)])
    if len(source) > MAX_SOURCE:
        raise InputRefused(f"随机数来源的说明过长（最多 {MAX_SOURCE} 字）。", [Problem("随机数来源", source[:40])])
    return source


def _replacing(db, plan: Plan, kind: str, reason: str) -> store.Draw | None:
    current = store.current_draw(db.conn, plan.id, kind)
    if current is None:
        return None
    what = "机构" if kind == "institutions" else "检查人员"
    if not reason.strip():
        state = "已抽取" if current.done else "已公告、尚未抽取"
        raise InputRefused(f"此计划的{what}抽取{state}（{current.id[:8]}）。重新公告将保留原记录，须写明理由（--reason）。",
                           [Problem("重新抽取的理由", None, column="--reason")])
    if store.plan_tasks(db.conn, plan.id):
        raise InputRefused("此计划已按抽取结果建立了检查任务，不能再重新抽取。", [Problem("尚未建立任务的计划", plan.title)])
    return current


def announce_institutions(db, plan_id: str, source: str, reason: str = "") -> store.Draw:
    plan = get_plan(db, plan_id)
    source = _source(source)
    replaced = _replacing(db, plan, "institutions", reason)
    draw_id = str(uuid.uuid4())
    with edit(db) as e:
        announcement = _institutions_announcement(db, plan, source, draw_id, e.at)
        if not announcement["institutions"]:
            raise InputRefused("计划范围内没有可抽取的机构（机构库为空，或全部被排除）。",
                               [Problem("计划范围内至少一家机构", 0)])
        _insert(e, plan, "institutions", draw_id, source, announcement, replaced, reason)
    return store.get_draw(db.conn, draw_id)


def _insert(e, plan: Plan, kind: str, draw_id: str, source: str, announcement: dict, replaced, reason: str) -> None:
    text = draw_record.canonical(announcement).decode("utf-8")
    digest = draw_record.sha256(announcement)
    store.insert_draw(e.conn, id=draw_id, plan_id=plan.id, kind=kind, announced_at=e.at, source=source,
                      announcement=text, announcement_sha256=digest, replaces=replaced.id if replaced else None,
                      reason=reason.strip(), author=e.author)
    e.log("announce", "draw", draw_id, None, None, None,
          json.dumps({"plan": plan.id, "kind": kind, "sha256": digest, "replaces": replaced.id if replaced else None,
                      "reason": reason.strip()}, ensure_ascii=False, sort_keys=True))


def _pending(db, plan: Plan, kind: str) -> store.Draw:
    current = store.current_draw(db.conn, plan.id, kind)
    what = "机构" if kind == "institutions" else "检查人员"
    if current is None:
        command = "spotcheck draw announce" + (" --inspectors" if kind == "inspectors" else "")
        raise InputRefused(f"此计划还没有公告{what}抽取：先公告名单和随机数来源（{command}），再抽取。",
                           [Problem(f"已公告的{what}抽取", None)])
    if current.done:
        raise InputRefused(f"此计划的{what}抽取已于 {current.drawn_at} 完成，结果不能改变；重新抽取须先重新公告并写明理由。",
                           [Problem(f"尚未抽取的{what}公告", current.id[:8])])
    return current


def _seed(seed: str) -> dict:
    try:
        return draw_record.seed_json(seed)
    except DrawError as exc:
        raise InputRefused(str(exc), [Problem("随机数：各组用“/”分隔，组内用空格或逗号分隔的非负整数", seed,
                                              column="--seed")]) from None


def draw_institutions(db, plan_id: str, seed: str) -> store.Draw:
    plan = get_plan(db, plan_id)
    pending = _pending(db, plan, "institutions")
    seed_data = _seed(seed)
    frozen = pending.announcement
    now = _institutions_announcement(db, plan, frozen["source"], pending.id, frozen["announced_at"])
    changed = [c["label"] for c, n in zip(frozen["categories"], now["categories"]) if c != n]
    if changed or now["institutions"] != frozen["institutions"] or now["excluded"] != frozen["excluded"]:
        raise InputRefused("公告后机构库或计划的排除名单有变化，抽取名单已与公告的不同，不能抽取："
                           + ("、".join(changed) if changed else "机构信息或排除名单") + "。请撤回变化，"
                           "或重新公告（--reason 写明理由）后用新的随机数抽取。",
                           [Problem("与公告时相同的名单", "、".join(changed) or None)])
    result = draw_record.institutions_result(seed_data["key"], frozen)
    _complete(db, pending, seed_data, result)
    return store.get_draw(db.conn, pending.id)


def _complete(db, pending: store.Draw, seed_data: dict, result: dict) -> None:
    with edit(db) as e:
        store.complete_draw(e.conn, pending.id, seed=seed_data["given"], key=seed_data["key"], drawn_at=e.at,
                            result=draw_record.canonical(result).decode("utf-8"))
        e.log("draw", "draw", pending.id, None, None, None,
              json.dumps({"seed": seed_data["given"], "key": seed_data["key"], "result_sha256":
                          draw_record.sha256(result)}, ensure_ascii=False, sort_keys=True))


# --- inspectors ------------------------------------------------------------------------------------

def _team_draw_inputs(db, plan: Plan, institutions: store.Draw) -> dict:
    from app.domain.teams import RosterEntry, Target, TeamRules, canonical_roster
    from app.store.registry import all_inspectors

    names = institutions.announcement["institutions"]
    targets = [Target(s["credit_code"], names[s["credit_code"]]["name"], names[s["credit_code"]]["category"],
                      names[s["credit_code"]]["district"])
               for category in institutions.result["categories"] for s in category["selected"]]
    roster = canonical_roster([RosterEntry.of(p) for p in all_inspectors(db)])
    helper = plan.team_helper_level
    try:
        rules = TeamRules(organiser_level=plan.level.value, helper_level=helper.value if helper else None,
                          market_officers=plan.market_officers, helpers_from_district=plan.helpers_from_district,
                          experts={c.value: n for c, n in plan.experts.items() if n})
    except DrawError as exc:
        raise InputRefused(str(exc), [Problem("计划的组队设置", None)]) from None
    return {"targets": [t.to_json() for t in targets], "roster": [r.to_json() for r in roster],
            "rules": rules.to_json()}


def announce_inspectors(db, plan_id: str, source: str, reason: str = "") -> store.Draw:
    plan = get_plan(db, plan_id)
    source = _source(source)
    institutions = store.current_draw(db.conn, plan.id, "institutions")
    if institutions is None or not institutions.done:
        raise InputRefused("先完成机构抽取，再公告检查人员抽取（检查组按抽中的机构组建）。",
                           [Problem("已完成的机构抽取", None)])
    replaced = _replacing(db, plan, "inspectors", reason)
    draw_id = str(uuid.uuid4())
    with edit(db) as e:
        announcement = {"kind": "inspectors", "plan": plan.to_json(), "source": source, "draw_id": draw_id,
                        "announced_at": e.at, "institutions_draw": institutions.id,
                        "institutions_draw_sha256": institutions.announcement_sha256,
                        **_team_draw_inputs(db, plan, institutions)}
        if not announcement["targets"]:
            raise InputRefused("机构抽取没有抽中任何机构，无须抽取检查人员。", [Problem("至少一家抽中的机构", 0)])
        unmet = _unmet(announcement)
        if unmet:  # whether teams can be made does not depend on the seed: say so before it is named
            raise InputRefused("按计划的规则组不成检查组，未公告：" + "；".join(unmet),
                               [Problem("可满足的组队规则", line) for line in unmet])
        _insert(e, plan, "inspectors", draw_id, source, announcement, replaced, reason)
    return store.get_draw(db.conn, draw_id)


def _unmet(announcement: dict) -> list[str]:
    from app.domain.teams import unmet_rules

    targets, roster, _, rules = draw_record.team_inputs(announcement)
    return unmet_rules(targets, roster, rules)


def preview_inspectors(db, plan_id: str) -> dict:
    """What `announce_inspectors` would freeze now (the drawn institutions in draw order, the roster in its
    published order, the team rules) and every rule that cannot be met (`unmet`), without storing anything."""
    plan = get_plan(db, plan_id)
    institutions = store.current_draw(db.conn, plan.id, "institutions")
    if institutions is None or not institutions.done:
        raise InputRefused("先完成机构抽取，再公告检查人员抽取（检查组按抽中的机构组建）。",
                           [Problem("已完成的机构抽取", None)])
    inputs = _team_draw_inputs(db, plan, institutions)
    return {**inputs, "unmet": _unmet(inputs) if inputs["targets"] else []}


def draw_inspectors(db, plan_id: str, seed: str, *, make_tasks: bool = True) -> store.Draw:
    from app.domain.teams import TeamDrawError

    plan = get_plan(db, plan_id)
    pending = _pending(db, plan, "inspectors")
    seed_data = _seed(seed)
    frozen = pending.announcement
    institutions = store.get_draw(db.conn, frozen["institutions_draw"])
    if _team_draw_inputs(db, plan, institutions)["roster"] != frozen["roster"]:
        raise InputRefused("公告后人员库有变化（人员、部门、层级、辖区、回避或在岗状态），与公告的名单不同，不能抽取。"
                           "请撤回变化，或重新公告（--reason 写明理由）。", [Problem("与公告时相同的人员名单", None)])
    try:
        result = draw_record.inspectors_result(seed_data["key"], frozen)
    except TeamDrawError as exc:
        raise InputRefused("按计划的规则组不成检查组，未抽取：" + "；".join(exc.unmet),
                           [Problem("可满足的组队规则", line) for line in exc.unmet]) from None
    _complete(db, pending, seed_data, result)
    if make_tasks:
        create_tasks(db, plan.id)
    return store.get_draw(db.conn, pending.id)


def planned_dates(start: date | None, end: date | None, count: int) -> list[date | None]:
    """Dates for `count` tasks spread evenly over the working days (Monday–Friday) of the on-site window, in draw
    order; none when the plan sets no window."""
    if start is None or end is None or count == 0:
        return [None] * count
    days = [start + timedelta(n) for n in range((end - start).days + 1)]
    workdays = [d for d in days if d.weekday() < 5] or days
    return [workdays[k * len(workdays) // count] for k in range(count)]


def create_tasks(db, plan_id: str) -> list[str]:
    """One task per team of the plan's current inspector draw, with planned dates inside the on-site window;
    teams that have their task already are skipped (running it again completes an interrupted run)."""
    plan = get_plan(db, plan_id)
    teams_draw = store.current_draw(db.conn, plan.id, "inspectors")
    if teams_draw is None or not teams_draw.done:
        raise InputRefused("先完成检查人员抽取，再建立检查任务。", [Problem("已完成的检查人员抽取", None)])
    made = {row[0] for row in db.conn.execute(
        "SELECT i.credit_code FROM draw_tasks d JOIN tasks t ON t.id = d.task_id"
        " JOIN institutions i ON i.id = t.institution_id WHERE d.team_draw_id = ?", [teams_draw.id])}
    teams = teams_draw.result["teams"]
    dates = planned_dates(plan.on_site_from, plan.on_site_by, len(teams))
    created = []
    for team, planned in zip(teams, dates):
        if team["credit_code"] in made:
            continue
        members = [m["inspector_id"] for m in team["members"]]
        leader = next(m["inspector_id"] for m in team["members"] if m["role"] == "leader")
        task_id = create_task(db, team["credit_code"], members, leader, planned)
        with edit(db) as e:
            store.link_task(e.conn, task_id, plan.id, teams_draw.announcement["institutions_draw"], teams_draw.id)
            e.log("link", "plan", plan.id, task_id, "task", None, teams_draw.id)
        created.append(task_id)
    return created


# --- the published record -------------------------------------------------------------------------

def get_draw(db, draw_id: str) -> store.Draw:
    draw = store.get_draw(db.conn, draw_id)
    if draw is None and len(draw_id) >= 6:  # a unique beginning of the id, as printed in lists
        ids = [r[0] for r in db.conn.execute("SELECT id FROM draws WHERE id LIKE ? || '%'", [draw_id])]
        draw = store.get_draw(db.conn, ids[0]) if len(ids) == 1 else None
    if draw is None:
        raise NotFound(f"没有抽取记录 {draw_id}（spotcheck plan show 列出计划的抽取）。")
    return draw


def record_of(draw: store.Draw) -> dict:
    seed = None if not draw.done else {**draw_record.seed_json(draw.seed), "key": draw.key}
    return draw_record.record({"id": draw.id, "kind": draw.kind, "plan_id": draw.plan_id,
                               "announced_at": draw.announced_at, "drawn_at": draw.drawn_at,
                               "replaces": draw.replaces, "reason": draw.reason},
                              draw.announcement, seed, draw.result)


def export_record(db, draw_id: str, out: Path) -> dict:
    from app.files import write_atomically

    draw = get_draw(db, draw_id)
    data = record_of(draw)
    write_atomically(Path(out), record_bytes(data))
    return data


def record_bytes(data: dict) -> bytes:
    """The record file exactly as `draw export` writes it (the same bytes every time, so its SHA-256 can be
    published beside it)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def read_record(path: Path) -> dict:
    from app.files import read_regular_file

    raw = read_regular_file(Path(path), MAX_RECORD_BYTES, "抽取记录")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputRefused(f"{Path(path).name} 不是可读的 JSON 文件：{exc}",
                           [Problem("UTF-8 编码的 JSON 抽取记录", None, file=str(path))]) from None
    return data


def verify_record(path: Path) -> dict:
    """Re-run a published record from its own content: {"ok", "problems", "kind", "announcement_only"}."""
    data = read_record(path)
    try:
        problems = draw_record.verify(data)
    except draw_record.NotARecord as exc:
        raise InputRefused(f"{Path(path).name}：{exc}", [Problem("spotcheck draw export 写出的抽取记录", None,
                                                                 file=str(path))]) from None
    return {"file": str(path), "ok": not problems, "problems": problems,
            "kind": data.get("announcement", {}).get("kind") if isinstance(data.get("announcement"), dict) else None,
            "announcement_only": data.get("seed") is None}


def refuse_unverified(report: dict) -> None:
    if not report["ok"]:
        raise IntegrityFailure("抽取记录复核不通过：" + "；".join(report["problems"]),
                               [Problem("能按记录本身重算出的抽取记录", p, file=report["file"])
                                for p in report["problems"]])
