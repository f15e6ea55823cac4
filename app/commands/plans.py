"""`plan …` and `draw …`: the year's plans and their verifiable draws (docs/cli.md, docs/draw-record.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands import Outcome
from app.commands.tasks import _date
from app.domain.plan import Priority
from app.domain.registry import Category, Level


def register(sub, common) -> None:
    p = sub.add_parser("plan", parents=[common], help="年度抽查计划")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("create", parents=[common], help="新建年度抽查计划")
    c.add_argument("--year", required=True, type=int, metavar="YYYY")
    c.add_argument("--title", default="", metavar="TEXT")
    _settings(c, creating=True)
    c.set_defaults(handler=plan_create)
    c = s.add_parser("set", parents=[common], help="修改计划的设置（公告抽取之前）")
    c.add_argument("id", metavar="ID")
    c.add_argument("--title", metavar="TEXT")
    _settings(c, creating=False)
    c.set_defaults(handler=plan_set)
    c = s.add_parser("list", parents=[common], help="列出抽查计划")
    c.set_defaults(handler=plan_list)
    c = s.add_parser("show", parents=[common], help="一个计划：设置、排除、抽取和任务进度")
    c.add_argument("id", metavar="ID")
    c.set_defaults(handler=plan_show)
    for action, kind, text in (("exclude", "exclude", "不列入抽取名单（须写理由）"),
                               ("include", "include", "上级已抽取的机构仍列入本级名单（须写理由）"),
                               ("clear", None, "取消对一家机构的排除或列入")):
        c = s.add_parser(action, parents=[common], help=text)
        c.add_argument("id", metavar="PLAN_ID")
        c.add_argument("institution", metavar="CREDIT_CODE")
        if kind:
            c.add_argument("--reason", required=True, metavar="TEXT")
        c.set_defaults(handler=plan_mark, kind=kind)
    c = s.add_parser("higher", parents=[common],
                     help="记录上级在某年抽取（自行检查）或分配给本局的机构")
    c.add_argument("institutions", nargs="+", metavar="CREDIT_CODE")
    c.add_argument("--year", required=True, type=int, metavar="YYYY")
    c.add_argument("--level", required=True, choices=[v.value for v in Level])
    what = c.add_mutually_exclusive_group(required=True)
    what.add_argument("--kind", choices=["drawn", "allocated"])
    what.add_argument("--clear", action="store_true")
    c.add_argument("--note", default="", metavar="TEXT")
    c.set_defaults(handler=plan_higher)

    p = sub.add_parser("draw", parents=[common], help="可公开验证的随机抽取（RFC 3797）")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("announce", parents=[common], help="公告：冻结名单，记录其 SHA-256 和将来公开的随机数来源")
    c.add_argument("--plan", required=True, metavar="ID")
    c.add_argument("--source", required=True, metavar="TEXT", help="the named future public numbers")
    c.add_argument("--inspectors", action="store_true", help="announce the draw of inspector teams")
    c.add_argument("--reason", default="", metavar="TEXT", help="required for a re-draw; the old one is kept")
    c.add_argument("--out", type=Path, metavar="FILE.json", help="also write the announcement for publication")
    c.set_defaults(handler=draw_announce)
    for kind, text in (("institutions", "抽取机构"), ("inspectors", "抽取检查人员并组建检查组，建立检查任务")):
        c = s.add_parser(kind, parents=[common], help=text)
        c.add_argument("--plan", required=True, metavar="ID")
        c.add_argument("--seed", required=True, metavar="NUMBERS",
                       help="e.g. '9319 / 2 5 12 8 10 / 9 18 26 34 41 45'")
        if kind == "inspectors":
            c.add_argument("--no-tasks", action="store_true", help="do not create the tasks now")
        c.set_defaults(handler=draw_run, kind=kind)
    c = s.add_parser("tasks", parents=[common], help="按检查组建立检查任务（补建中断时未建的）")
    c.add_argument("--plan", required=True, metavar="ID")
    c.set_defaults(handler=draw_tasks)
    c = s.add_parser("show", parents=[common], help="一次抽取：名单、随机数、结果")
    c.add_argument("id", metavar="ID")
    c.set_defaults(handler=draw_show)
    c = s.add_parser("export", parents=[common], help="写出抽取记录（JSON，docs/draw-record.md）")
    c.add_argument("id", metavar="ID")
    c.add_argument("--out", required=True, type=Path, metavar="FILE.json")
    c.set_defaults(handler=draw_export)
    c = s.add_parser("verify", parents=[common], help="只凭记录本身复核抽取（无须数据库）；不符则退出状态为 3")
    c.add_argument("file", type=Path, metavar="FILE.json")
    c.set_defaults(handler=draw_verify)


def _settings(c, *, creating: bool) -> None:
    c.add_argument("--quota", action="append", default=None, metavar="CATEGORY=N",
                   help="vehicle | eco_env | other; repeat for each (a category not named gets 0)")
    c.add_argument("--rate", metavar="RATE", help="the rate the quotas come from, shown as a check (0.04 or 4%%)")
    c.add_argument("--priority", choices=[p.value for p in Priority],
                   help="priority targets: drawn first in their category, or always included")
    c.add_argument("--risk-rate", action="append", default=None, metavar="CLASS=RATE",
                   help="risk strata for the top-up, e.g. D=20%%; repeat for each class")
    c.add_argument("--level", choices=[v.value for v in Level], help="the organising level (default city)")
    c.add_argument("--district", action="append", default=None, metavar="NAME", help="a district in scope; repeat")
    c.add_argument("--organ", action="append", default=None, metavar="NAME",
                   help="an issuing organ, the organiser first; repeat")
    c.add_argument("--notice", dest="notice_number", metavar="TEXT", help="the plan notice's number")
    for name, text in (("self-check-by", "self-check deadline"), ("on-site-from", "first on-site day"),
                       ("on-site-by", "on-site deadline"), ("summary-by", "summary deadline")):
        c.add_argument(f"--{name}", type=_date, metavar="YYYY-MM-DD", help=text)
    c.add_argument("--helper-level", choices=[v.value for v in Level],
                   help="where team helpers come from (default: the level below)")
    c.add_argument("--no-helpers", dest="helpers", action="store_const", const=False,
                   help="every market officer of a team from the organising level")
    c.add_argument("--helpers-any-district", dest="helpers_from_district", action="store_const", const=False,
                   help="helpers need not serve the institution's district")
    c.add_argument("--officers", dest="market_officers", type=int, metavar="N",
                   help="market officers per team, the leader included (default 2)")
    c.add_argument("--experts", action="append", default=None, metavar="CATEGORY=N", help="experts per team")


def _changes(a: argparse.Namespace) -> dict:
    from app.domain.plan import PlanError, parse_counts, parse_risk_rates
    from app.domain.problems import InputRefused, Problem

    out = {}
    try:
        if a.quota is not None:
            out["quotas"] = {c.value: n for c, n in parse_counts(a.quota).items()}
        if a.risk_rate is not None:
            out["risk_rates"] = {k.value: f"{v:f}" for k, v in parse_risk_rates(a.risk_rate).items()}
        if a.experts is not None:
            out["experts"] = {c.value: n for c, n in parse_counts(a.experts, "人数").items()}
    except PlanError as exc:
        raise InputRefused(str(exc), [Problem("领域=数量（vehicle、eco_env、other）", None)]) from None
    for name in ("rate", "priority", "level", "notice_number", "helper_level", "market_officers", "helpers",
                 "helpers_from_district"):
        if getattr(a, name) is not None:
            out[name] = getattr(a, name)
    for name in ("self_check_by", "on_site_from", "on_site_by", "summary_by"):
        if getattr(a, name) is not None:
            out[name] = getattr(a, name).isoformat()
    if a.district is not None:
        out["districts"] = [d.strip() for d in a.district if d.strip()]
    if a.organ is not None:
        out["organs"] = [o.strip() for o in a.organ if o.strip()]
    if getattr(a, "title", None) is not None:
        out["title"] = a.title
    return out


def _plan_text(view) -> str:
    plan = view.plan
    quotas = "，".join(f"{c.label} {plan.quota(c)}" for c in Category)
    lines = [f"{plan.title or '（无标题）'}  {plan.year} 年  ID {plan.id}", f"抽查数量：{quotas}"]
    if plan.rate is not None:
        lines.append(f"抽查比例：{plan.rate * 100:f}%（核对用，不折算为数量）")
    lines.append(f"重点抽查对象：{plan.priority.label}")
    if plan.risk_rates:
        lines.append("信用风险分层：" + "，".join(f"{k.value}类 {v * 100:f}%" for k, v in sorted(plan.risk_rates.items())))
    if plan.districts:
        lines.append("范围：" + "、".join(plan.districts))
    for x in view.exclusions:
        lines.append(f"{'排除' if x.kind == 'exclude' else '列入'}：{x.name}（{x.credit_code}）—— {x.reason}")
    for d in view.draws:
        state = f"已抽取 {d.drawn_at}，随机数 {d.seed}" if d.done else "已公告，等待随机数"
        what = "机构" if d.kind == "institutions" else "检查人员"
        lines.append(f"{what}抽取 {d.id}：公告 {d.announced_at}（{d.source}），{state}")
    if view.tasks:
        lines.append(f"检查任务：{view.task_count} 项，已签署 {view.done_count} 项")
    return "\n".join(lines)


def plan_create(ctx) -> Outcome:
    from app.domain.plan import Plan, PlanError
    from app.domain.problems import InputRefused, Problem
    from app.services.plans import create_plan, view

    a = ctx.args
    try:
        plan = Plan.from_json({"year": a.year, "title": a.title, **_changes(a)})
    except PlanError as exc:
        raise InputRefused(str(exc), [Problem("抽查计划的设置", None)]) from None
    plan = create_plan(ctx.db, plan)
    shown = view(ctx.db, plan.id)
    return Outcome(shown.to_json(), "已新建抽查计划\n" + _plan_text(shown))


def plan_set(ctx) -> Outcome:
    from app.services.plans import update_plan, view

    plan = update_plan(ctx.db, ctx.args.id, **_changes(ctx.args))
    shown = view(ctx.db, plan.id)
    return Outcome(shown.to_json(), "已修改\n" + _plan_text(shown))


def plan_list(ctx) -> Outcome:
    from app.services.plans import list_plans, view

    views = [view(ctx.db, p.id) for p in list_plans(ctx.db)]
    lines = [f"{v.plan.id}\t{v.plan.year}\t{v.plan.title}\t抽取 {len(v.draws)} 次\t任务 {v.task_count} 项" for v in views]
    lines.append(f"共 {len(views)} 个计划")
    return Outcome({"items": [v.to_json() for v in views]}, "\n".join(lines))


def plan_show(ctx) -> Outcome:
    from app.services.plans import view

    shown = view(ctx.db, ctx.args.id)
    return Outcome(shown.to_json(), _plan_text(shown))


def plan_mark(ctx) -> Outcome:
    from app.services.plans import set_exclusion

    a = ctx.args
    set_exclusion(ctx.db, a.id, a.institution, a.kind, getattr(a, "reason", "") or "")
    done = {"exclude": "已排除", "include": "已列入", None: "已取消"}[a.kind]
    return Outcome({"plan": a.id, "institution": a.institution, "kind": a.kind}, f"{done}：{a.institution}")


def plan_higher(ctx) -> Outcome:
    from app.services.plans import HIGHER_KINDS, set_higher_level

    a = ctx.args
    kind = None if a.clear else a.kind
    n = set_higher_level(ctx.db, a.institutions, a.year, Level(a.level), kind, a.note)
    what = HIGHER_KINDS[kind] if kind else "已清除"
    return Outcome({"count": n, "year": a.year, "level": a.level, "kind": kind},
                   f"{a.year} 年 {Level(a.level).label}：{what}，{n} 家机构")


def _draw_text(draw) -> str:
    what = "机构" if draw.kind == "institutions" else "检查人员"
    lines = [f"{what}抽取 {draw.id}", f"公告：{draw.announced_at}，公告 SHA-256 {draw.announcement_sha256}",
             f"随机数来源：{draw.source}"]
    if draw.replaces:
        lines.append(f"取代：{draw.replaces}（理由：{draw.reason}）")
    if draw.kind == "institutions":
        for c in draw.announcement["categories"]:
            lines.append(f"{c['label']}：名单 {len(c['pool'])} 家，SHA-256 {c['pool_sha256']}，抽取 {c['selects']} 家"
                         + (f"，缺 {c['shortfall']} 家（本领域无可抽机构）" if c["shortfall"] else ""))
    if not draw.done:
        lines.append("尚未抽取：随机数公开后运行 spotcheck draw "
                     + ("institutions" if draw.kind == "institutions" else "inspectors") + " --seed …")
        return "\n".join(lines)
    lines.append(f"随机数：{draw.seed}  密钥：{draw.key}  抽取时间：{draw.drawn_at}")
    names = draw.announcement.get("institutions", {})
    if draw.kind == "institutions":
        for c in draw.result["categories"]:
            label = Category(c["category"]).label
            for s in c["selected"]:
                how = "全部列入" if s["how"] == "always" else "随机抽中"
                lines.append(f"  {label}：{names[s['credit_code']]['name']}（{s['credit_code']}）{how}")
            for code in c["handed_on"]:
                lines.append(f"  {label}：{names[code]['name']}（{code}）移交所在地县级局")
    else:
        roster = {r["id"]: r for r in draw.announcement["roster"]}
        for team in draw.result["teams"]:
            people = "、".join(roster[m["inspector_id"]]["name"] + ("（组长）" if m["role"] == "leader" else "")
                              for m in team["members"])
            lines.append(f"  {team['credit_code']}：{people}")
    return "\n".join(lines)


def _draw_json(draw) -> dict:
    from app.services.draws import record_of

    return record_of(draw)


def draw_announce(ctx) -> Outcome:
    from app.services.draws import announce_inspectors, announce_institutions, export_record

    a = ctx.args
    announce = announce_inspectors if a.inspectors else announce_institutions
    draw = announce(ctx.db, a.plan, a.source, a.reason)
    text = _draw_text(draw)
    if a.out:
        export_record(ctx.db, draw.id, a.out)
        text += f"\n公告已写出：{a.out}"
    return Outcome(_draw_json(draw), text)


def draw_run(ctx) -> Outcome:
    from app.services.draws import draw_inspectors, draw_institutions

    a = ctx.args
    if a.kind == "institutions":
        draw = draw_institutions(ctx.db, a.plan, a.seed)
    else:
        draw = draw_inspectors(ctx.db, a.plan, a.seed, make_tasks=not a.no_tasks)
    return Outcome(_draw_json(draw), _draw_text(draw))


def draw_tasks(ctx) -> Outcome:
    from app.services.draws import create_tasks

    made = create_tasks(ctx.db, ctx.args.plan)
    return Outcome({"tasks": made}, f"已建立 {len(made)} 项检查任务")


def draw_show(ctx) -> Outcome:
    from app.services.draws import get_draw

    draw = get_draw(ctx.db, ctx.args.id)
    return Outcome(_draw_json(draw), _draw_text(draw))


def draw_export(ctx) -> Outcome:
    from app.services.draws import export_record

    data = export_record(ctx.db, ctx.args.id, ctx.args.out)
    return Outcome({"file": str(ctx.args.out), "draw": data["draw"]}, f"已写出抽取记录 {ctx.args.out}")


def draw_verify(ctx) -> Outcome:
    from app.services.draws import verify_record

    report = verify_record(ctx.args.file)
    if report["ok"]:
        what = "公告（尚未抽取）内容自洽" if report["announcement_only"] else "按记录本身重算，结果完全一致"
        return Outcome(report, f"复核通过：{ctx.args.file.name}：{what}")
    text = f"复核不通过：{ctx.args.file.name}\n" + "\n".join("  " + p for p in report["problems"])
    return Outcome(report, text, status=3)
