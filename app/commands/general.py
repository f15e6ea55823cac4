"""Commands about the database itself and reference data: demo, profile, checklist, credit-code."""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.commands import Outcome
from app.commands.package import shown
from app.domain.credit_code import check_credit_code
from app.domain.problems import InputRefused, Problem


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help="创建含示例数据的数据库")
    p.add_argument("--force", action="store_true", help="replace the database if it already holds data")
    p.add_argument("--institutions", type=int, default=300, metavar="N")
    p.add_argument("--seed", type=int, default=2025)
    p.set_defaults(handler=demo)

    p = sub.add_parser("profile", parents=[common], help="本数据库的使用人和角色")
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = psub.add_parser("show", parents=[common])
    s.set_defaults(handler=profile_show)
    s = psub.add_parser("set", parents=[common])
    s.add_argument("--inspector", required=True, metavar="ID", help="record id or enforcement certificate no.")
    s.add_argument("--role", choices=["inspector", "lead"])
    s.set_defaults(handler=profile_set)
    s = psub.add_parser("organ", parents=[common], help="检查机关：名称、文书编号前缀、联合检查机关、检查依据")
    s.add_argument("--name", metavar="TEXT", help="the organ, e.g. 大同市市场监督管理局")
    s.add_argument("--short-name", metavar="TEXT", help="its short name")
    s.add_argument("--prefix", dest="document_prefix", metavar="TEXT",
                   help="the records' number prefix, e.g. 同市监检记 → 同市监检记〔2025〕第 12 号")
    s.add_argument("--joint", action="append", metavar="NAME",
                   help="an organ inspecting jointly; repeat for each (--joint '' clears them)")
    s.add_argument("--basis", dest="legal_basis", metavar="TEXT", help="the regulations the inspection rests on")
    s.add_argument("--plan-notice", metavar="TEXT", help="the notice of the year's plan, e.g. 同市监认证〔2025〕92号")
    s.add_argument("--notice-prefix", metavar="TEXT",
                   help="the notices of inspection's number prefix, e.g. 同市监检通 → 同市监检通〔2025〕第 3 号")
    s.add_argument("--result-prefix", metavar="TEXT",
                   help="the result notices' number prefix, e.g. 同市监检果 → 同市监检果〔2025〕第 1 号")
    s.set_defaults(handler=profile_organ)

    p = sub.add_parser("digest", parents=[common], help="本数据库所记录内容的摘要（SHA-256），用于比较两个数据库")
    p.add_argument("--task", metavar="ID", help="only this task's record")
    p.set_defaults(handler=digest)

    p = sub.add_parser("conflict", parents=[common], help="合并时两台设备对同一内容记录不同的冲突")
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = csub.add_parser("list", parents=[common])
    s.add_argument("--task", metavar="ID")
    s.set_defaults(handler=conflict_list)
    s = csub.add_parser("resolve", parents=[common])
    s.add_argument("id", metavar="ID", help="as conflict list prints it")
    how = s.add_mutually_exclusive_group(required=True)
    how.add_argument("--pick", type=int, metavar="N", help="keep candidate N")
    how.add_argument("--value", metavar="TEXT", help="write this value (e.g. the two descriptions combined)")
    s.add_argument("--reason", required=True, metavar="TEXT")
    s.set_defaults(handler=conflict_resolve)

    p = sub.add_parser("checklist", parents=[common], help="检查事项清单")
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = csub.add_parser("show", parents=[common])
    s.add_argument("--version", dest="checklist_version", metavar="VERSION", help="e.g. 2025 (default: newest)")
    s.set_defaults(handler=checklist_show)

    p = sub.add_parser("credit-code", parents=[common], help="校验统一社会信用代码")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.set_defaults(handler=credit_code)


def demo(ctx) -> Outcome:
    from app.demo.data import build_demo
    from app.services.storage import open_database, replace_database

    path = Path(ctx.args.db) if ctx.args.db else paths.default_database("demo")
    attachments = paths.attachments_dir(path)
    if attachments.exists() and not attachments.is_dir():  # said before anything is replaced
        import errno

        from app.environment import bad_path

        raise bad_path(attachments, errno.ENOTDIR)
    if path.exists() and path.stat().st_size > 0:
        if not ctx.args.force:
            raise InputRefused(f"数据库 {path} 已存在；要用示例数据替换它，请加 --force。",
                               [Problem("不存在的数据库文件，或加 --force", str(path))])
        replace_database(path)  # --force replaces a Spotcheck database, never some other file
    db = open_database(path)
    try:
        counts = build_demo(db, seed=ctx.args.seed, institutions=ctx.args.institutions, db_path=path, cases=True,
                            team=True, progress=_progress_on_stderr())
    finally:
        db.close()
    from app.domain.tasks import TaskStatus

    data = {"db": str(path), **counts, "tasks_total": sum(counts["tasks"].values())}
    by_status = "、".join(f"{TaskStatus(s).label} {n}" for s, n in counts["tasks"].items())
    text = (f"示例数据库已创建：{path}\n机构 {counts['institutions']} 个，人员 {counts['inspectors']} 名，"
            f"检查任务 {data['tasks_total']} 个" + (f"（{by_status}）" if by_status else "") +
            (f"；\n2025年度抽查计划（已公告并抽取）：spotcheck --db {path} plan show {counts['plan_id']}"
             if counts.get("plan_id") else "") + f"；\n打开窗口：spotcheck --db {path}")
    return Outcome(data, text)


def _progress_on_stderr():
    """Each step of a long command on its own line of standard error, with the seconds since it began
    (standard output keeps only the result, so --json stays one JSON document)."""
    import sys
    import time

    began = time.monotonic()

    def say(text: str) -> None:
        print(f"[{time.monotonic() - began:5.1f} s] {text}…", file=sys.stderr, flush=True)

    return say


def profile_show(ctx) -> Outcome:
    from app.services.profile import ROLE_LABELS, show

    data = show(ctx.db, ctx.db_path)
    who = data["inspector"]
    text = (f"数据库：{data['db']}\n设备：{data['device_id']}\n角色：{ROLE_LABELS[data['role']]}\n"
            f"使用人：{who['name'] + '（' + who['unit'] + '）' if who else '未设置（spotcheck profile set --inspector ID）'}")
    return Outcome(data, text)


def profile_set(ctx) -> Outcome:
    from app.services.profile import ROLE_LABELS, set_profile

    data = set_profile(ctx.db, ctx.args.inspector, ctx.args.role)
    data["db"] = str(ctx.db_path)
    return Outcome(data, f"使用人已设为 {data['inspector']['name']}，角色：{ROLE_LABELS[data['role']]}。")


def profile_organ(ctx) -> Outcome:
    """Without options: show the organ; with some: set those fields."""
    from app.services.profile import ORGAN_LABELS, organ, set_organ

    a = ctx.args
    values = {k: getattr(a, k) for k in ("name", "short_name", "document_prefix", "legal_basis", "plan_notice",
                                         "notice_prefix", "result_prefix") if getattr(a, k) is not None}
    if a.joint is not None:
        values["joint"] = [n for n in a.joint if n.strip()]
    current = set_organ(ctx.db, **values) if values else organ(ctx.db)
    data = {"name": current.name, "short_name": current.short_name, "document_prefix": current.document_prefix,
            "joint": list(current.joint), "legal_basis": current.legal_basis, "plan_notice": current.plan_notice,
            "notice_prefix": current.notice_prefix, "result_prefix": current.result_prefix, "changed": sorted(values)}
    lines = [f"{ORGAN_LABELS[k]}：{'、'.join(v) if isinstance(v, list) else v or '（未设置）'}"
             for k, v in data.items() if k in ORGAN_LABELS]
    return Outcome(data, "\n".join(lines))


def _known_task(ctx) -> None:
    """`--task` names a task this database holds: a mistyped id must not answer for no task (an empty digest is
    the same on every database) or, empty, for all of them."""
    if ctx.args.task is not None:
        from app.services.tasks import task_row

        task_row(ctx.db, ctx.args.task)


def digest(ctx) -> Outcome:
    from app.services.merge import digest

    _known_task(ctx)
    found = digest(ctx.db, ctx.args.task)
    return Outcome(found.to_json(), f"{found.sha256}\n字段 {found.fields} 个，编辑 {found.edits} 次，未解决的冲突 {found.conflicts} 个")


def conflict_list(ctx) -> Outcome:
    from app.services.merge import conflicts

    _known_task(ctx)
    found = conflicts(ctx.db, ctx.args.task)
    lines = []
    for c in found:  # one line per candidate: a value's line break or escape is shown as such (`shown`)
        lines.append(shown(c.id) + "\t" + shown(c.label))
        lines += ["  " + shown(f"{k.number}. {k.shown}") + "\t"
                  + shown(f"{k.author}（{'本机' if k.here else k.device}，{k.recorded_at}）") for k in c.candidates]
    lines.append(f"共 {len(found)} 个未解决的冲突")
    return Outcome({"items": [c.to_json() for c in found]}, "\n".join(lines))


def conflict_resolve(ctx) -> Outcome:
    from app.services.merge import resolve_conflict

    a = ctx.args
    state = resolve_conflict(ctx.db, a.id, pick=a.pick, value=a.value, reason=a.reason)
    return Outcome({"id": a.id, "value": state.value, "open": state.conflict}, f"已解决：{state.value}")


def checklist_show(ctx) -> Outcome:
    from app.services.checklist import load_checklist

    checklist = load_checklist(ctx.args.checklist_version)
    data = checklist.to_json()
    lines = [f"{checklist.title}（版本 {checklist.version}，共 {len(checklist.items)} 项）"]
    for item in checklist.items:
        lines.append(f"{item.number:>2}. {item.content}")
    return Outcome(data, "\n".join(lines))


def credit_code(ctx) -> Outcome:
    checks = [check_credit_code(code) for code in ctx.args.codes]
    items = [c.to_json() for c in checks]
    lines = []
    for c in checks:
        verdict = "有效" if c.valid else "无效"
        detail = "；".join(c.errors + c.warnings + c.notes)
        lines.append(f"{c.code or c.raw}  {verdict}" + (f"  {detail}" if detail else ""))
    status = 0 if all(c.valid for c in checks) else 1
    return Outcome({"items": items, "valid": status == 0}, "\n".join(lines), status)
