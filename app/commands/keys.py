"""`key …`: the profile's signing key (create, change its passphrase, export its certificate) and registering
other inspectors' certificates.

Passphrases come from `--passphrase-file FILE` (first line) or SPOTCHECK_PASSPHRASE (the new one of `key
passphrase`: `--new-passphrase-file` or SPOTCHECK_NEW_PASSPHRASE), never from the command line itself.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands import Outcome
from app.domain.problems import InputRefused, Problem


def register(sub, common) -> None:
    p = sub.add_parser("key", parents=[common], help="签名密钥和证书")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("create", parents=[common], help="为本数据库的使用人创建签名密钥")
    c.add_argument("--replace", action="store_true",
                   help="replace an existing key (a lost passphrase); what it signed still verifies")
    c.add_argument("--passphrase-file", metavar="FILE", help="the passphrase on its first line (or SPOTCHECK_PASSPHRASE)")
    no_passphrase_arguments(c)
    c.set_defaults(handler=key_create)
    c = s.add_parser("show", parents=[common], help="本人的签名密钥和已登记的证书")
    c.set_defaults(handler=key_show)
    c = s.add_parser("export", parents=[common], help="导出本人的证书（公开部分），供组长登记")
    c.add_argument("--out", required=True, metavar="FILE.pem")
    c.set_defaults(handler=key_export)
    c = s.add_parser("import", parents=[common], help="登记另一名检查人员的证书")
    c.add_argument("file", metavar="FILE.pem")
    c.add_argument("--inspector", required=True, metavar="ID", help="record id or enforcement certificate no.")
    c.set_defaults(handler=key_import)
    c = s.add_parser("passphrase", parents=[common], help="修改签名密钥的口令")
    c.add_argument("--passphrase-file", metavar="FILE", help="the current passphrase (or SPOTCHECK_PASSPHRASE)")
    c.add_argument("--new-passphrase-file", metavar="FILE", help="the new passphrase (or SPOTCHECK_NEW_PASSPHRASE)")
    no_passphrase_arguments(c)
    c.set_defaults(handler=key_passphrase)


def no_passphrase_arguments(parser) -> None:
    """Catch `--passphrase SECRET`: argparse would take it for an abbreviated --passphrase-file and echo the
    secret in its error message. Hidden options that match exactly, refused below without repeating the value."""
    parser.add_argument("--passphrase", dest="passphrase_on_command_line", help=argparse.SUPPRESS)
    parser.add_argument("--new-passphrase", dest="new_passphrase_on_command_line", help=argparse.SUPPRESS)


def refuse_passphrase_arguments(args) -> None:
    if getattr(args, "passphrase_on_command_line", None) is not None or \
            getattr(args, "new_passphrase_on_command_line", None) is not None:
        raise InputRefused("口令不能写在命令行上（会留在命令历史和进程列表里）：请用 --passphrase-file FILE，"
                           "或环境变量 SPOTCHECK_PASSPHRASE（新口令：--new-passphrase-file 或 SPOTCHECK_NEW_PASSPHRASE）。",
                           [Problem("--passphrase-file FILE 或环境变量", None)])


def _validity(key: dict) -> str:
    return f"{key['not_before'][:10]} 至 {key['not_after'][:10]}"


def key_create(ctx) -> Outcome:
    from app.commands.passphrases import passphrase_from
    from app.services.keys import create_key

    refuse_passphrase_arguments(ctx.args)
    passphrase = passphrase_from(ctx.args)
    info = create_key(ctx.db, ctx.db_path, passphrase, replace=ctx.args.replace).to_json()
    lines = [f"签名密钥已创建：{info['inspector_name']}",
             f"证书：{info['subject']}",
             f"有效期：{_validity(info)}",
             f"指纹（SHA-256）：{info['fingerprint_display']}",
             f"密钥文件（口令加密）：{info['key_path']}",
             f"证书文件：{info['certificate_path']}"]
    if info["retired_fingerprint"]:
        lines.append(f"原密钥已停用（用它签过的文件仍可验证），已移到 {info['retired_key_path']}。")
    lines.append("请牢记口令：忘记口令只能换一把新密钥。")
    return Outcome({"db": str(ctx.db_path), "key": info}, "\n".join(lines))


def key_show(ctx) -> Outcome:
    from app.services.keys import show

    data = show(ctx.db, ctx.db_path)
    current = data["current"]
    lines = []
    if current is None:
        lines.append("本数据库还没有签名密钥（spotcheck key create）。")
    else:
        lines += [f"本人的签名密钥：{current['subject']}", f"  有效期：{_validity(current)}",
                  f"  指纹：{current['fingerprint_display']}", f"  密钥文件：{current['key_path']}"
                  + ("" if current["key_file_present"] else "（不存在！）")]
        if not current["registered"]:
            lines.append("  注意：这张证书没有在本数据库中登记，它签署的文件在这里无法验证。")
    if data["inspectors"]:
        lines.append("已登记的证书：")
    for person in data["inspectors"]:
        lines.append(f"  {person['inspector_name'] or person['inspector_id']}（{person['inspector_id']}）")
        for key in person["keys"]:
            state = f"已停用于 {key['retired_at']}" if key["retired_at"] else ("当前使用" if key["current"] else "有效")
            source = "本机创建" if key["source"] == "created" else "导入"
            lines.append(f"    {key['fingerprint_display']}  {_validity(key)}  {source}，{state}")
    return Outcome(data, "\n".join(lines))


def key_export(ctx) -> Outcome:
    from app.services.keys import export_certificate

    info = export_certificate(ctx.db_path, Path(ctx.args.out)).to_json()
    text = (f"证书已导出到 {info['certificate_path']}（只含公开部分，可交给组长用 spotcheck key import 登记）。\n"
            f"指纹（SHA-256）：{info['fingerprint_display']}\n请通过电话等另一渠道向组长核对这个指纹。")
    return Outcome({"db": str(ctx.db_path), "key": info}, text)


def key_import(ctx) -> Outcome:
    from app.services.keys import import_certificate

    result = import_certificate(ctx.db, Path(ctx.args.file), ctx.args.inspector)
    key = result["key"]
    head = (f"已为 {key['inspector_name']} 登记证书。" if result["imported"]
            else f"{key['inspector_name']} 的这张证书已经登记过，未作改动。")
    lines = [head, f"证书：{key['subject']}", f"有效期：{_validity(key)}", f"指纹（SHA-256）：{key['fingerprint_display']}"]
    lines += [n for n in result["notes"] if result["imported"]]
    return Outcome({"db": str(ctx.db_path), **result}, "\n".join(lines))


def key_passphrase(ctx) -> Outcome:
    from app.commands.passphrases import passphrase_from
    from app.services.keys import change_passphrase

    refuse_passphrase_arguments(ctx.args)
    old = passphrase_from(ctx.args)
    new = passphrase_from(ctx.args, new=True)
    path = change_passphrase(ctx.db_path, old, new)
    return Outcome({"db": str(ctx.db_path), "changed": True, "key_path": str(path)},
                   f"签名密钥的口令已修改（{path}）。")
