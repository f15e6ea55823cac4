"""`package …`: findings packages (docs/package-format.md) — export one task's, verify any number of files."""

from __future__ import annotations

from pathlib import Path

from app.commands import Outcome
from app.commands.keys import no_passphrase_arguments, refuse_passphrase_arguments


def register(sub, common) -> None:
    p = sub.add_parser("package", parents=[common], help="数据包（.scpkg）：导出检查结果、验证")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("export", parents=[common], help="把一项任务的检查结果导出为签名的数据包")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--out", required=True, type=Path, metavar="FILE.scpkg")
    c.add_argument("--passphrase-file", type=Path, metavar="FILE",
                   help="the signing key's passphrase (first line); or SPOTCHECK_PASSPHRASE")
    no_passphrase_arguments(c)
    c.set_defaults(handler=package_export)
    c = s.add_parser("verify", parents=[common], help="验证数据包（不导入）；任一失败则退出状态为 3")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE")
    c.set_defaults(handler=package_verify)


def package_export(ctx) -> Outcome:
    from app.commands.passphrases import passphrase_from
    from app.services.packages import export_findings

    a = ctx.args
    refuse_passphrase_arguments(a)
    passphrase = passphrase_from(a)
    data = export_findings(ctx.db, ctx.db_path, a.task, a.out, passphrase)
    attachments = sum(1 for f in data["files"] if f["path"].startswith("attachments/"))
    pdf = "，含签署的记录 PDF" if data["report_pdf"] else ""
    return Outcome(data, f"已导出 {a.out}（任务 {a.task[:8]}，{attachments} 个附件{pdf}，{data['bytes']} 字节）")


def package_verify(ctx) -> Outcome:
    from app.services.packages import verify_package

    verdicts = [verify_package(ctx.db, path) for path in ctx.args.files]
    lines = []
    for v in verdicts:
        if v.ok:
            m = v.manifest
            lines.append(f"验证通过：{Path(v.file).name}（{m.author.name or m.author.inspector_id}，{m.created_at}，"
                         f"任务 {', '.join(t[:8] for t in m.task_ids)}，{len(m.files)} 个文件）")
        else:
            lines.append(f"验证失败：{Path(v.file).name}：{v.error.message}")
            lines += ["  " + p.describe() for p in v.error.problems]
    status = max((v.status for v in verdicts), default=0)
    return Outcome({"items": [v.to_json() for v in verdicts], "ok": status == 0}, "\n".join(lines), status=status)
