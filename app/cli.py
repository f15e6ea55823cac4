"""The command line: `spotcheck [--db PATH] COMMAND … [--json]`; with no command the window opens.

Every command calls the same services as the window and never imports Qt.
With --json a command prints one JSON object on stdout (shapes in docs/cli.md).
Exit status: 0 success, 1 input refused (nothing written), 2 usage error,
3 an integrity check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from app import __version__, paths
from app.domain.problems import SpotcheckError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTEGRITY, EXIT_INTERNAL = 0, 1, 2, 3, 4


class UsageError(SpotcheckError):
    code = "usage"
    exit_status = EXIT_USAGE


class InternalError(SpotcheckError):
    """A defect of the program, not of the input: said in words (and as JSON with --json), the traceback after."""

    code = "internal"
    exit_status = EXIT_INTERNAL


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as JSON when --json was asked for (anywhere on the line)."""

    wants_json = False  # set by main() from the argv it parses, shared by every sub-parser

    def __init__(self, *args, **kwargs):
        # No abbreviations: `--passphrase SECRET` must not be taken for `--passphrase-file` (and echoed back)
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        if Parser.wants_json:
            print(json.dumps(UsageError(message).to_json(), ensure_ascii=False))
            sys.exit(EXIT_USAGE)
        super().error(message)


class Context:
    """What a command needs: where the database is, and the database once opened."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.db_path = Path(args.db) if args.db else paths.default_database(args.profile)
        self._db = None

    @property
    def db(self):
        """The database, opened on first use. Commands that only read refuse a database that does not exist."""
        if self._db is None:
            from app.services.storage import open_database

            create = getattr(self.args, "creates_database", False)
            self._db = open_database(self.db_path, create=create)
        return self._db

    def open_window_once(self, db_path: Path) -> str:
        """Open the window on `db_path`, let it paint and close it (`self-test --window`): only the command
        line's entry point reaches the window; the commands go through it."""
        from app.ui.window_check import open_once

        return open_once(db_path)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def written_outside(self) -> SpotcheckError | None:
        """After an unexpected error: if the open database holds rows written outside Spotcheck (they differ
        from the replayed audit log), the error is theirs, not the program's — an integrity failure (exit 3)."""
        if self._db is None:
            return None
        try:
            from app.domain.problems import IntegrityFailure
            from app.services.audit import check

            if self._db.conn.in_transaction:
                self._db.conn.rollback()
            report = check(self._db)
        except Exception:  # noqa: BLE001 - the check itself failing says nothing either way
            return None
        found = [*report.breaks, *report.mismatches]
        if not found:
            return None
        return IntegrityFailure(
            f"数据库 {self.db_path} 中有 {len(found)} 处是在 Spotcheck 之外写入或改动的（审计日志被改动，或记录与日志不符），"
            "无法按它们完成这个操作。请运行 spotcheck audit verify 查看，并从备份或签署的记录中恢复。")


def _profile_name(text: str) -> str:
    try:
        return paths.check_profile_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"配置名 {text!r} 不能用：{exc}") from None


def build_parser(with_commands: bool = True) -> Parser:
    """The whole command line; without the commands (whose modules take a while to import) when only the
    window is wanted."""
    # --json may stand before or after the command: sub-parsers must not reset it to False.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON object on stdout")
    parser = Parser(prog="spotcheck", description="检验检测机构“双随机、一公开”监督抽查", parents=[common])
    parser.add_argument("--version", action="version", version=f"spotcheck {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the database file (default: the profile's database)")
    parser.add_argument("--profile", default=os.environ.get("SPOTCHECK_PROFILE", paths.DEFAULT_PROFILE),
                        type=_profile_name, help="profile name when --db is not given")
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    from app import commands

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.register(sub, common)
    return parser


def _window_only(argv: list[str]) -> bool:
    """`spotcheck`, `spotcheck --db FILE`, `spotcheck --profile NAME`: nothing but the window is asked for."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("--db", "--profile") and rest:
            rest.pop(0)
        elif not arg.startswith(("--db=", "--profile=")):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _quiet_library_warnings()
    Parser.wants_json = "--json" in argv
    parser = build_parser() if not _window_only(argv) else build_parser(with_commands=False)
    args = parser.parse_args(argv)
    args.json = getattr(args, "json", False)
    if not args.command:
        return _open_window(args)
    ctx = Context(args)
    try:
        outcome = args.handler(ctx)
    except SpotcheckError as exc:
        _quietly_on_broken_pipe(_report_error, exc, args.json)
        return exc.exit_status
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:  # noqa: BLE001 - a bug: still one JSON object with --json, and a readable first line
        from app.environment import explain

        environment = explain(exc, ctx.db_path)
        if environment is not None:  # a full disk, a read-only file, a lock: the machine, not the data
            _quietly_on_broken_pipe(_report_error, environment, args.json)
            return environment.exit_status
        tampered = ctx.written_outside()
        if tampered is not None:  # values Spotcheck never wrote, planted behind the audit log
            _quietly_on_broken_pipe(_report_error, tampered, args.json)
            return tampered.exit_status
        import traceback

        error = InternalError(f"出现了意外错误（程序缺陷），操作没有完成：{type(exc).__name__}: {exc}")
        _quietly_on_broken_pipe(_report_error, error, args.json)
        traceback.print_exc(file=sys.stderr)
        return error.exit_status
    finally:
        ctx.close()
    if args.json:
        _quietly_on_broken_pipe(print, json.dumps(outcome.data, ensure_ascii=False, default=str))
    elif outcome.text:
        _quietly_on_broken_pipe(print, outcome.text)
    return outcome.status


def _quiet_library_warnings() -> None:
    """Libraries' warnings (Pillow on a photo's damaged EXIF, say) go to the log, not to the user's terminal with
    a site-packages path: what the user must know is said in the command's own words."""
    import logging

    logging.captureWarnings(True)
    logger = logging.getLogger("py.warnings")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _quietly_on_broken_pipe(write, *args) -> None:
    """`spotcheck … | head`: when the reader has what it wanted, stop writing without a traceback."""
    try:
        write(*args)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _report_error(exc: SpotcheckError, as_json: bool) -> None:
    if as_json:
        print(json.dumps(exc.to_json(), ensure_ascii=False, default=str))
        return
    print(exc.message, file=sys.stderr)
    shown = exc.problems[:200]
    for problem in shown:
        print("  " + problem.describe(), file=sys.stderr)
    if len(exc.problems) > len(shown):
        print(f"  …另有 {len(exc.problems) - len(shown)} 个问题（用 --json 查看全部）", file=sys.stderr)


def _open_window(args: argparse.Namespace) -> int:
    from app.environment import no_display

    missing = no_display()
    if missing is not None:  # Qt would abort the process: say why instead
        _report_error(missing, args.json)
        return missing.exit_status
    import gc

    gc.disable()  # while the window's modules load (no cycles worth collecting); `run` enables it once painted
    from app.ui.application import run

    db_path = Path(args.db) if args.db else paths.default_database(args.profile)
    return run(db_path)


if __name__ == "__main__":
    sys.exit(main())
