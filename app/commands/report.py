"""`report …`: the on-site record of a task as PDF or DOCX, digitally signed on request, and verified."""

from __future__ import annotations

from pathlib import Path

from app.commands import Outcome
from app.commands.keys import no_passphrase_arguments, refuse_passphrase_arguments
from app.domain.problems import InputRefused, Problem


def register(sub, common) -> None:
    p = sub.add_parser("report", parents=[common], help="现场检查记录文书（PDF / DOCX）")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for fmt in ("pdf", "docx"):
        c = s.add_parser(fmt, parents=[common], help=f"导出为 {fmt.upper()}")
        c.add_argument("--task", required=True, metavar="ID")
        c.add_argument("--out", required=True, type=Path, metavar=f"FILE.{fmt}")
        if fmt == "pdf":
            c.add_argument("--sign", action="store_true",
                           help="digitally sign with the profile's key (passphrase from SPOTCHECK_PASSPHRASE "
                                "or --passphrase-file)")
            c.add_argument("--passphrase-file", type=Path, metavar="FILE")
            no_passphrase_arguments(c)
        c.set_defaults(handler=report_export, report_format=fmt)
    c = s.add_parser("verify", parents=[common], help="验证已签署的记录 PDF 的数字签名")
    c.add_argument("file", type=Path, metavar="FILE.pdf")
    c.set_defaults(handler=report_verify)


def report_export(ctx) -> Outcome:
    from app.services.reporting import export

    a = ctx.args
    refuse_passphrase_arguments(a)
    fmt = a.report_format
    if a.out.suffix.lower() != f".{fmt}":
        raise InputRefused(f"输出文件名应以 .{fmt} 结尾：{a.out.name}", [Problem(f"*.{fmt}", str(a.out))])
    passphrase = None
    if getattr(a, "sign", False):
        from app.commands.passphrases import passphrase_from

        passphrase = passphrase_from(a)
    data = export(ctx.db, ctx.db_path, a.task, a.out, fmt, passphrase)
    state = "草稿（记录尚未签署）" if data["draft"] else ("已加数字签名" if data["signed"] else "未加数字签名")
    pages = f"，{data['pages']} 页" if data["pages"] else ""
    return Outcome(data, f"已导出 {a.out}（{fmt.upper()}{pages}，{state}）")


def report_verify(ctx) -> Outcome:
    from app.services.reporting import VERDICT_HEADLINES, verify_file

    path = ctx.args.file
    result = verify_file(ctx.db, path)
    outcome = result.to_json() | {"file": str(path)}
    outcome = {"verdict": outcome.pop("verdict"), "file": outcome.pop("file"), **outcome}
    lines = [f"{VERDICT_HEADLINES[result.verdict]}：{path.name}"]
    lines += ["  " + m for m in result.messages]
    return Outcome(outcome, "\n".join(lines), status=0 if result.ok else 3)
