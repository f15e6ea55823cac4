"""`spotcheck self-test [--window]`: check that this installation can do the work, in a temporary folder.

Made for the Windows bundle (README, Building the Windows bundle): PyInstaller leaves out what it cannot see
being imported, and what is left out shows only when that part is used. The self-test uses every part that
lives outside Python's own library: the checklist data, the demo's registries (openpyxl for the workbook),
a signing key (cryptography, asn1crypto), a signed record PDF with its QR code and embedded font (reportlab,
qrcode, pyHanko) and its verification, the Word record (python-docx and its templates), the year's summary
with its charts (matplotlib), pinyin order (pypinyin's dictionaries), the translations, and with --window the
Qt window itself. Nothing outside the temporary folder is touched. Exit 0 when every step passed, 1 otherwise;
each step is reported with what went wrong.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

from app.commands import Outcome


def register(sub, common) -> None:
    p = sub.add_parser("self-test", parents=[common], help="检查本机安装是否完整（在临时文件夹中试做一遍）")
    p.add_argument("--window", action="store_true", help="also open the window once (needs a display)")
    p.set_defaults(handler=self_test)


def _require(holds: bool, failure: str) -> None:
    """A step's check (not `assert`: a bundle may run with assertions off)."""
    if not holds:
        raise RuntimeError(failure)


def _steps(folder: Path, window: bool, open_window_once):
    """(name, function) pairs; each function raises on failure and may return a short detail."""
    state: dict = {}
    db_path = folder / "self-test.sqlite"
    passphrase = secrets.token_urlsafe(12)

    def checklist():
        from app.services.checklist import load_checklist

        items = load_checklist(None).items
        _require(len(items) == 18, f"检查事项清单有 {len(items)} 项，应为 18 项")
        return "18 项"

    def demo():
        from app.demo.data import build_demo
        from app.services.storage import open_database

        db = open_database(db_path)
        try:
            counts = build_demo(db, seed=2025, institutions=40, db_path=db_path, cases=True)
        finally:
            db.close()
        _require(counts["tasks"], "示例数据中没有检查任务")
        return f"机构 {counts['institutions']} 个，任务 {sum(counts['tasks'].values())} 个"

    def key():
        from app.services.keys import create_key

        with _db() as db:
            info = create_key(db, db_path, passphrase)
        return info.fingerprint_display[:23] + "…"

    def signed_pdf():
        from app.services.reporting import export
        from app.services.task_view import list_tasks, task_record
        from app.services.tasks import actor

        with _db() as db:
            me = actor(db).author
            task = next(t.id for t in list_tasks(db) if t.status.value in ("signed", "closed")
                        and me in {m.inspector.id for m in task_record(db, t.id).members})
            result = export(db, db_path, task, folder / "record.pdf", "pdf", passphrase)
        state["task"] = task
        _require(result["signed"], "PDF 没有加上数字签名")
        return f"{result['pages']} 页"

    def verify():
        from app.services.reporting import verify_file

        with _db() as db:
            result = verify_file(db, folder / "record.pdf")
        _require(result.verdict == "confirmed", f"验证结果为 {result.verdict}：{'；'.join(result.messages)}")
        return "签名有效，记录一致"

    def word():
        from docx import Document

        from app.services.reporting import export

        with _db() as db:
            export(db, db_path, state["task"], folder / "record.docx", "docx")
        text = "\n".join(p.text for p in Document(str(folder / "record.docx")).paragraphs)
        _require("现场检查记录" in text or "检查记录" in text, "Word 记录中没有标题")
        return "可读"

    def summary():
        from app.services.plans import list_plans
        from app.services.summary import export

        with _db() as db:
            plan = list_plans(db)[0].id
            export(db, plan, folder / "summary.docx")
        _require((folder / "summary.docx").stat().st_size > 10_000, "年度工作总结过小")
        return "含图表"

    def pinyin():
        from app.domain.collation import sorted_by_pinyin

        order = sorted_by_pinyin(["中国", "重庆", "北京"])
        _require(order == ["北京", "重庆", "中国"], f"拼音排序有误：{order}")
        return "北京 < 重庆 < 中国"

    def translations():
        from app import paths

        found = sorted(p.name for p in paths.resource("translations").glob("*.qm"))
        _require(found, "没有找到界面翻译文件（*.qm）")
        return "、".join(found)

    def open_window():
        from app.environment import no_display

        missing = no_display()
        if missing is not None:  # Qt would abort the whole self-test
            raise missing
        return open_window_once(db_path)

    def _db():
        from contextlib import closing

        from app.services.storage import connect

        return closing(connect(db_path))

    steps = [("检查事项清单", checklist), ("示例数据库", demo), ("签名密钥", key), ("签署的记录 PDF", signed_pdf),
             ("验证签名", verify), ("Word 记录", word), ("年度工作总结", summary), ("拼音排序", pinyin),
             ("界面翻译", translations)]
    if window:
        steps.append(("窗口", open_window))
    return steps


def self_test(ctx) -> Outcome:
    import sys

    results = []
    # a file still held open (Windows) must not turn a finished self-test into a traceback
    with tempfile.TemporaryDirectory(prefix="spotcheck-self-test-", ignore_cleanup_errors=True) as name:
        for title, step in _steps(Path(name), ctx.args.window, ctx.open_window_once):
            began = time.monotonic()
            try:
                detail, ok = step() or "", True
            except Exception as exc:  # noqa: BLE001 - a self-test reports every failure and goes on
                detail, ok = (str(exc) or type(exc).__name__), False
            seconds = round(time.monotonic() - began, 2)
            results.append({"step": title, "ok": ok, "detail": detail, "seconds": seconds})
            if not ctx.args.json:
                print(f"[{'通过' if ok else '失败'}] {title}：{detail}（{seconds} s）", file=sys.stderr, flush=True)
            if not ok and title == "示例数据库":
                break  # the steps after it work on the demo database
    failed = [r for r in results if not r["ok"]]
    text = ("自检通过：本机安装完整。" if not failed else
            f"自检未通过：{'、'.join(r['step'] for r in failed)} 出错（见上）。")
    return Outcome({"ok": not failed, "steps": results}, text, 0 if not failed else 1)
