"""Where the command line gets passphrases: `--passphrase-file FILE` (its first line) or the environment, never an
argument (it would stay in the shell history)."""

from __future__ import annotations

import os
from pathlib import Path

from app.domain.problems import InputRefused, Problem
from app.services.keys import MAX_KEY_FILE

PASSPHRASE_ENV = "SPOTCHECK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "SPOTCHECK_NEW_PASSPHRASE"


def _read_passphrase_file(path: str) -> str:
    from app.files import read_regular_file

    if not Path(path).exists():
        raise InputRefused(f"口令文件 {path} 不存在。", [Problem("存在的口令文件", path)])
    data = read_regular_file(Path(path), MAX_KEY_FILE, "口令文件")  # never /dev/zero or a FIFO
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"无法读取口令文件 {path}。", [Problem("UTF-8 文本的口令文件", path)]) from exc
    return text.split("\n", 1)[0].rstrip("\r")  # the first line, as typed


def passphrase_from(args, *, new: bool = False) -> str:
    """The passphrase from `--passphrase-file FILE` (its first line) or the environment, never the command line.

    `new` reads the new passphrase of `key passphrase`: `--new-passphrase-file` or SPOTCHECK_NEW_PASSPHRASE.
    """
    option, env = ("--new-passphrase-file", NEW_PASSPHRASE_ENV) if new else ("--passphrase-file", PASSPHRASE_ENV)
    path = getattr(args, "new_passphrase_file" if new else "passphrase_file", None)
    if path:
        return _read_passphrase_file(path)
    value = os.environ.get(env)
    if value:
        return value
    what = "新口令" if new else "签名密钥的口令"
    raise InputRefused(f"需要{what}：请用 {option} FILE 给出一个文件（口令写在第一行），或设置环境变量 {env}。"
                       "口令不能写在命令行上（会留在命令历史里）。",
                       [Problem(f"{option} FILE 或环境变量 {env}", None)])
