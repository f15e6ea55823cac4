"""`package …`: findings packages (docs/package-format.md) — export one task's, verify any number of files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from app.commands import Outcome
from app.commands.keys import no_passphrase_arguments, refuse_passphrase_arguments


def register(sub, common) -> None:
    p = sub.add_parser("package", parents=[common], help="数据包（.scpkg）：导出检查结果、验证")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("export", parents=[common], help="把一项任务的检查结果导出为签名的数据包")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--out", required=True, type=Path, metavar="FILE.scpkg")
    _signing(c)
    c.set_defaults(handler=package_export)
    c = s.add_parser("verify", parents=[common], help="验证数据包（不导入）；任一失败则退出状态为 3")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE")
    c.set_defaults(handler=package_verify)
    c = s.add_parser("assign", parents=[common], help="任务分配包（组长 → 检查组）：任务、机构、人员、证书、检查机关")
    c.add_argument("--task", action="append", metavar="ID", help="a task; repeat for each")
    c.add_argument("--inspector", metavar="ID", help="every open task this inspector is on")
    c.add_argument("--plan", metavar="ID", help="every open task the plan's draws made (with --inspector: theirs)")
    c.add_argument("--out", required=True, type=Path, metavar="FILE.scpkg")
    _signing(c)
    c.set_defaults(handler=package_assign)
    c = s.add_parser("import", parents=[common], help="导入数据包：验证后合并；任一被拒则退出状态为 3")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE")
    c.add_argument("--trust", metavar="SHA256",
                   help="the author's key fingerprint, checked with them, for a lead's first assignment")
    c.set_defaults(handler=package_import, creates_database=True)  # a fresh laptop's first assignment

    p = sub.add_parser("inbox", parents=[common], help="收到的数据包")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("list", parents=[common], help="收到的数据包及其结果，最新的在前")
    c.set_defaults(handler=inbox_list)


def _signing(c) -> None:
    """The options of a command that signs with the profile's key."""
    c.add_argument("--passphrase-file", type=Path, metavar="FILE",
                   help="the signing key's passphrase (first line); or SPOTCHECK_PASSPHRASE")
    no_passphrase_arguments(c)


def _output(ctx, out: Path) -> None:
    """Where a package goes: in a folder that exists (as every export, docs/cli.md report pdf: a typo must not
    make folders). (Not the database itself: the service refuses that, for the window too.)"""
    import os

    from app.domain.problems import InputRefused, Problem

    folder = Path(os.path.abspath(out)).parent
    if not folder.is_dir():
        what = "不是文件夹" if folder.exists() else "不存在"
        raise InputRefused(f"无法写入 {out}：文件夹 {folder} {what}。请先建立该文件夹，或另选保存位置。",
                           [Problem("已存在的文件夹", str(folder), file=Path(out).name)])


def package_export(ctx) -> Outcome:
    from app.commands.passphrases import passphrase_from
    from app.services.packages import export_findings

    a = ctx.args
    refuse_passphrase_arguments(a)
    _output(ctx, a.out)
    passphrase = passphrase_from(a)
    data = export_findings(ctx.db, ctx.db_path, a.task, a.out, passphrase)
    attachments = sum(1 for f in data["files"] if f["path"].startswith("attachments/"))
    pdf = "，含签署的记录 PDF" if data["report_pdf"] else ""
    return Outcome(data, f"已导出 {a.out}（任务 {a.task[:8]}，{attachments} 个附件{pdf}，{data['bytes']} 字节）")


def package_assign(ctx) -> Outcome:
    from app.commands.passphrases import passphrase_from
    from app.services.packages import export_assignment

    a = ctx.args
    refuse_passphrase_arguments(a)
    _output(ctx, a.out)
    if bool(a.task) == bool(a.inspector or a.plan):
        from app.domain.problems import InputRefused, Problem

        raise InputRefused("请用 --task 指定任务，或用 --inspector / --plan 选出任务（二者择一）。",
                           [Problem("--task ID …，或 --inspector ID / --plan ID", None)])
    data = export_assignment(ctx.db, ctx.db_path, a.out, passphrase_from(a), task_ids=a.task, inspector=a.inspector,
                             plan=a.plan)
    return Outcome(data, f"已导出任务分配包 {a.out}（{len(data['tasks'])} 项任务，{data['bytes']} 字节）")


def package_verify(ctx) -> Outcome:
    from app.services.inbox import signer_name
    from app.services.packages import verify_package

    verdicts = [verify_package(ctx.db, path) for path in ctx.args.files]
    lines = []
    for v in verdicts:
        if v.ok:
            m = v.manifest
            lines.append(f"验证通过：{shown(Path(v.file).name)}（{signer_name(ctx.db, m.author.inspector_id)}，{m.created_at}，"
                         f"任务 {', '.join(t[:8] for t in m.task_ids)}，{len(m.files)} 个文件）")
        else:
            first, *problems = _refusal(v.file, v.error)
            lines += ["验证失败：" + first, *problems]
    status = max((v.status for v in verdicts), default=0)
    return Outcome({"items": [v.to_json() for v in verdicts], "ok": status == 0}, "\n".join(lines), status=status)


def shown(text) -> str:
    """`text` on one line of a terminal: control and format characters (a line break, an escape sequence, a bidi
    override) as their escapes. What a package holds is quoted in refusals and must not print lines of its own
    (a forged “验证通过：…”); the JSON output keeps the text as it was."""
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Cf") else c
                   for c in str(text))


def _refusal(file, error) -> list[str]:
    return [shown(f"{Path(file).name}：{error.message}")] + ["  " + shown(p.describe()) for p in error.problems]


VERDICTS = {"merged": "已合并", "already": "已合并过（无改动）", "refused": "被拒绝"}


def package_import(ctx) -> Outcome:
    from app.services.inbox import import_package

    results = [import_package(ctx.db, ctx.db_path, path, ctx.args.trust) for path in ctx.args.files]
    lines = []
    for r in results:
        if r.error:
            first, *problems = _refusal(r.file, r.error)
            lines += ["被拒绝：" + first, *problems]
        else:
            conflicts = f"，{r.conflicts} 处冲突待解决（spotcheck conflict list）" if r.conflicts else ""
            lines.append(f"{VERDICTS[r.verdict]}：{shown(Path(r.file).name)}（{shown(r.author)}，新编辑 {r.new_edits} 条"
                         f"{conflicts}）")
    status = max((r.status for r in results), default=0)
    return Outcome({"items": [r.to_json() for r in results], "ok": status == 0}, "\n".join(lines), status=status)


def inbox_list(ctx) -> Outcome:
    from app.services.inbox import inbox

    entries = inbox(ctx.db)
    lines = [f"{e.received_at}\t{VERDICTS[e.verdict]}\t{shown(e.file)}\t{shown(e.author or '—')}"
             + (f"\t{shown(e.message)}" if e.message else "") for e in entries]
    lines.append(f"共 {len(entries)} 个数据包")
    return Outcome({"items": [e.to_json() for e in entries]}, "\n".join(lines))
