"""Attacking the window's half of issue 10 as a careless user: the conflict dialog left in every way with text
typed in it, two conflicts on one task, a mind changed, Enter pressed in the second box, very long candidates on a
small screen; packages replaced on disk after they were shown, the window closed during an import."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGroupBox, QMessageBox

from app.services import tasks as task_service
from tests.ui.workspace_helpers import type_into


def _new_task(db_path) -> str:
    from app.store.database import connect

    db = connect(db_path)
    try:
        code = db.conn.execute("SELECT credit_code FROM institutions ORDER BY name LIMIT 1").fetchone()[0]
        officers = [r[0] for r in db.conn.execute(
            "SELECT id FROM inspectors WHERE department = 'market' AND cert_no != '' ORDER BY name LIMIT 2")]
        return task_service.create_task(db, code, officers)
    finally:
        db.close()


def _conflicted_task(db_path, laptop: dict[int, tuple[str, str | None]], here: dict[int, tuple[str, str | None]]):
    """A task whose items were recorded differently on a laptop and here, the laptop's edits received here: one
    conflict per item recorded on both sides."""
    from app.services import recording
    from app.services.merge import receive
    from app.store import field_edits, profile
    from app.store.database import connect, open_database

    task_id = _new_task(db_path)
    laptop_path = db_path.parent / "laptop.sqlite"
    lead = connect(db_path)
    try:
        lead.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(db_path, laptop_path)
        other = open_database(laptop_path)
        with other.atomic():
            profile.set_value(other, "device_id", "laptop")
        held = {e.identity for e in field_edits.all_edits(lead.conn)}
        for item, (verdict, text) in laptop.items():
            recording.set_verdict(other, task_id, item, verdict, text)
        for item, (verdict, text) in here.items():
            recording.set_verdict(lead, task_id, item, verdict, text)
        receive(lead, [e for e in field_edits.all_edits(other.conn) if e.identity not in held], "laptop")
        other.close()
    finally:
        lead.close()
    return task_id


def _open_conflicts(window, db_path, task_id):
    window.show_page(4)
    window.tasks.refresh()
    ws = window.tasks.open_task(task_id)
    dialog = ws.show_conflicts()
    return ws, dialog


def _box_of(dialog, label: str):
    """(conflict id, (group, combined, reason)) of the conflict whose box is titled `label`."""
    for conflict_id, parts in dialog.boxes.items():
        if parts[0].parent().title() == label:
            return conflict_id, parts
    raise AssertionError(f"no box {label}: {[b.title() for b in dialog.findChildren(QGroupBox)]}")


def _verdict(db_path, task_id, item):
    from app.services.task_view import task_record
    from app.store.database import connect

    db = connect(db_path)
    try:
        return task_record(db, task_id).verdict(item)
    finally:
        db.close()


def _conflicts(db_path, task_id):
    from app.services.merge import conflicts
    from app.store.database import connect

    db = connect(db_path)
    try:
        return conflicts(db, task_id)
    finally:
        db.close()


TWO = ({4: ("problem", "未建立保密制度"), 5: ("problem", "未见授权签字人任命文件")},
       {4: ("no_problem", None), 5: ("na", None)})


def test_a_combined_text_typed_is_not_lost_by_esc_without_asking(qtbot, window, db_path):
    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    # the window behind it takes no click or key while it is open: no task switch, no closing the window under it
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    _, (group, combined, reason) = _box_of(dialog, "第 4 项 结论")
    type_into(qtbot, combined, "合写的内容")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    # either the dialog stays, or it asks before dropping what was typed
    asking = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert dialog.isVisible() or asking
    if asking:
        assert "合写" in asking[0].text() or "填写" in asking[0].text()
    assert combined.text() == "合写的内容"


def test_the_close_button_asks_too_and_going_back_keeps_the_text(qtbot, window, db_path):
    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    _, (group, combined, reason) = _box_of(dialog, "第 5 项 结论")
    reason.setText("以现场照片为准")
    dialog.close()  # the title bar's close button
    question = dialog.leave_question
    assert question is not None and question.isVisible() and dialog.isVisible()
    back = next(b for b in question.buttons() if b.text().startswith("返回"))
    back.click()
    assert dialog.isVisible() and reason.text() == "以现场照片为准"
    dialog.close()
    discard = next(b for b in dialog.leave_question.buttons() if b.text().startswith("放弃"))
    discard.click()
    assert not dialog.isVisible()
    assert len(_conflicts(db_path, task_id)) == 2  # nothing settled by leaving


def test_leaving_an_untouched_dialog_asks_nothing(qtbot, window, db_path):
    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.leave_question is None


def test_settling_one_conflict_keeps_what_was_typed_in_the_other(qtbot, window, db_path):
    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    five, (group5, combined5, reason5) = _box_of(dialog, "第 5 项 结论")
    combined5.setText("不适用：该机构无此项业务")
    reason5.setText("与机构负责人核实")
    four, (group4, combined4, reason4) = _box_of(dialog, "第 4 项 结论")
    next(b for b in group4.buttons() if b.text().startswith("发现问题")).click()
    reason4.setText("以现场照片为准")
    assert dialog.settle(four)
    assert list(dialog.boxes) == [five]
    _, (group5, combined5, reason5) = _box_of(dialog, "第 5 项 结论")
    assert combined5.text() == "不适用：该机构无此项业务" and reason5.text() == "与机构负责人核实"


def test_a_pick_made_after_typing_a_combined_text_is_what_is_settled(qtbot, window, db_path):
    from app.domain.checklist import Verdict

    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    four, (group, combined, reason) = _box_of(dialog, "第 4 项 结论")
    combined.setText("problem")  # typed first …
    next(b for b in group.buttons() if b.text().startswith("未发现问题")).click()  # … then the mind changed
    reason.setText("复核后确认")
    assert dialog.settle(four)
    assert _verdict(db_path, task_id, 4) is Verdict.NO_PROBLEM
    assert combined.text() == "problem" or four not in dialog.boxes  # what was typed is not wiped by the click


def test_settling_with_nothing_chosen_is_said_in_the_dialog_in_the_windows_words(qtbot, window, db_path):
    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    four, (group, combined, reason) = _box_of(dialog, "第 4 项 结论")
    reason.setText("以现场照片为准")
    assert not dialog.settle(four)
    said = dialog.problem_label(four)
    assert said.isVisible() and "--" not in said.text() and "选" in said.text()
    reason.setText("")
    next(b for b in group.buttons() if b.text().startswith("发现问题")).click()
    assert not dialog.settle(four)
    assert said.isVisible() and "理由" in said.text()
    assert len(_conflicts(db_path, task_id)) == 2


def test_enter_in_the_second_conflicts_reason_settles_the_second(qtbot, window, db_path):
    from app.domain.checklist import Verdict

    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    four, (group4, _, _) = _box_of(dialog, "第 4 项 结论")
    five, (group5, combined5, reason5) = _box_of(dialog, "第 5 项 结论")
    next(b for b in group5.buttons() if b.text().startswith("不适用")).click()
    type_into(qtbot, reason5, "机构无此业务")
    QTest.keyClick(reason5, Qt.Key.Key_Return)
    assert dialog.isVisible()
    left = _conflicts(db_path, task_id)
    assert [c.id for c in left] == [four]
    assert _verdict(db_path, task_id, 5) is Verdict.NA


def test_a_combined_text_for_a_verdict_is_refused_in_words(qtbot, window, db_path):
    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    four, (group, combined, reason) = _box_of(dialog, "第 4 项 结论")
    type_into(qtbot, combined, "两种都有")
    assert group.checkedId() == 0  # typing chose the combined text
    reason.setText("合写")
    assert not dialog.settle(four)  # a 结论 is one of its values: said, not raised
    said = dialog.problem_label(four).text()
    assert "结论" in said and "CHECK" not in said and combined.text() == "两种都有"
    assert len(_conflicts(db_path, task_id)) == 2


NOTES = ({4: ("problem", "未建立保密制度")}, {4: ("problem", "保密制度未经批准")})


def test_the_boxes_fields_have_mnemonics_for_the_keyboard(qtbot, window, db_path):
    from PySide6.QtWidgets import QLabel

    task_id = _conflicted_task(db_path, *NOTES)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    four, (group, combined, reason) = _box_of(dialog, "第 4 项 问题描述")
    buddies = {label.buddy(): label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert "&" in buddies[reason]
    (combine,) = [b for b in group.buttons() if group.id(b) == 0]  # 合写: its mnemonic chooses it, focus follows
    assert "&" in combine.text()
    combine.click()
    qtbot.waitUntil(combined.hasFocus, timeout=2000)
    type_into(qtbot, combined, "合写的结论")
    reason.setText("两人核对后合写")
    QTest.keyClick(reason, Qt.Key.Key_Return)
    assert four not in dialog.boxes and dialog.isVisible()


def test_very_long_candidates_wrap_within_a_small_screen(qtbot, window, db_path):
    long_laptop = "未建立保密制度，" * 120
    long_here = "已建立保密制度但未执行，" * 100
    task_id = _conflicted_task(db_path, {4: ("problem", long_laptop)}, {4: ("problem", long_here)})
    ws, dialog = _open_conflicts(window, db_path, task_id)
    dialog.resize(1000, 560)  # what 1366×768 at 125 % leaves a dialog
    QApplication.processEvents()
    from PySide6.QtWidgets import QLabel, QScrollArea

    (scroll,) = dialog.findChildren(QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()  # no sideways scrolling to read a candidate
    assert dialog.width() <= 1100 and scroll.widget().width() <= scroll.viewport().width()
    shown = "".join(w.text() for w in dialog.findChildren(QLabel) + list(dialog.boxes[next(iter(dialog.boxes))][0]
                                                                          .buttons()))
    assert long_laptop[:40] in shown.replace("\n", "")  # the candidate is there to read, wrapped


# --- packages: the inbox page ------------------------------------------------------------------------------------

LEAD, COLLEAGUE = "组长的口令 2025 inbox", "同事的口令 2025 inbox"


@pytest.fixture
def pair(tmp_path):
    from tests.recording_helpers import lead_and_laptop

    lead_path, laptop_path, task, colleague = lead_and_laptop(tmp_path, LEAD, COLLEAGUE)
    return lead_path, laptop_path, task.id


@pytest.fixture
def lead_window(qtbot, pair):
    """The window on the lead's database (the one `pair` made)."""
    from app.ui.application import create_application, open_main_window

    create_application()
    win = open_main_window(pair[0])
    qtbot.addWidget(win)
    yield win
    win.shutdown()


def _package(laptop_path, task_id, out, item: int = 12, verdict: str = "problem", text: str | None = "未加盖标志"):
    from app.services import recording
    from app.services.packages import export_findings
    from app.store.database import open_database

    laptop = open_database(laptop_path)
    try:
        recording.set_verdict(laptop, task_id, item, verdict, text)
        export_findings(laptop, laptop_path, task_id, out, COLLEAGUE)
    finally:
        laptop.close()
    return out


CLOSING = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from app.ui.application import create_application, open_main_window
app = create_application()
window = open_main_window(Path(sys.argv[1]))
window.inbox.import_files([Path(p) for p in sys.argv[2:]])
QTimer.singleShot(300, window.close)  # closed while the import runs
code = app.exec()
window.shutdown()
print("closed", code)
"""


def test_closing_the_window_during_an_import_exits_cleanly_and_merges_whole_packages(pair, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from app.store.database import connect

    lead_path, laptop_path, task_id = pair
    package = _package(laptop_path, task_id, tmp_path / "colleague.scpkg")
    copies = [str(shutil.copy(package, tmp_path / f"copy-{n}.scpkg")) for n in range(120)]
    done = subprocess.run([sys.executable, "-c", CLOSING, str(lead_path), *copies], capture_output=True, text=True,
                          timeout=600, cwd=Path(__file__).parents[2],
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "closed 0" in done.stdout and "QThread" not in done.stderr
    db = connect(lead_path)
    try:
        verdicts = [r[0] for r in db.conn.execute("SELECT verdict FROM inbox ORDER BY id")]
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    assert verdicts[:1] in ([], ["merged"]) and set(verdicts[1:]) <= {"already"}  # whole packages, one by one
    assert len(verdicts) < 120  # the close stopped the import between two packages


def _confirm(qtbot, page, paths):
    page.confirm_dialog = None
    page.check_files(paths)
    qtbot.waitUntil(lambda: page.confirm_dialog is not None and page.confirm_dialog.isVisible(), timeout=30_000)
    return page.confirm_dialog


def _accept(qtbot, page, confirm) -> QMessageBox:
    assert confirm.ok_button.isEnabled()
    with qtbot.waitSignal(page.imported, timeout=30_000):
        confirm.ok_button.click()
    return page.last_dialog


def _digest(path):
    from app.services.merge import digest
    from app.store.database import connect

    db = connect(path)
    try:
        return digest(db)
    finally:
        db.close()


def test_a_package_replaced_after_it_was_shown_is_not_imported(qtbot, lead_window, pair, tmp_path):
    lead_path, laptop_path, task_id = pair
    shown = _package(laptop_path, task_id, tmp_path / "shown.scpkg")
    other = _package(laptop_path, task_id, tmp_path / "other.scpkg", 5, "problem", "另一份数据包的内容")
    lead_window.show_page(6)
    page = lead_window.inbox
    before = _digest(lead_path)
    confirm = _confirm(qtbot, page, [shown])
    assert confirm.table.item(0, 4).text() == "可以导入"
    shutil.copy(other, shown)  # replaced (a sync folder, a colleague) while the user reads the dialog
    summary = _accept(qtbot, page, confirm)
    assert _digest(lead_path) == before  # what was not shown is not merged
    assert "被拒绝 1 个" in summary.text() and "核对" in summary.text() and "Traceback" not in summary.text()


def test_a_package_deleted_after_it_was_shown_is_said_in_words(qtbot, lead_window, pair, tmp_path):
    lead_path, laptop_path, task_id = pair
    shown = _package(laptop_path, task_id, tmp_path / "shown.scpkg")
    lead_window.show_page(6)
    page = lead_window.inbox
    before = _digest(lead_path)
    confirm = _confirm(qtbot, page, [shown])
    shown.unlink()
    summary = _accept(qtbot, page, confirm)
    assert _digest(lead_path) == before
    assert "被拒绝 1 个" in summary.text() and "shown.scpkg" in summary.text()
    assert "Errno" not in summary.text() and "Traceback" not in summary.text()


def _drop(target, paths) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.setAccepted(False)
    target.dragEnterEvent(enter)
    target.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    return enter.isAccepted()


def test_a_careless_drop_of_everything_shows_each_package_once_and_refuses_the_rest_in_words(
        qtbot, lead_window, pair, tmp_path):
    import os

    lead_path, laptop_path, task_id = pair
    package = _package(laptop_path, task_id, tmp_path / "colleague.scpkg")
    (tmp_path / "folder.scpkg").mkdir()
    (tmp_path / "zero.scpkg").write_bytes(b"")
    (tmp_path / "big.scpkg").write_bytes(os.urandom(1 << 20) * 24)  # 24 MiB of noise named like a package
    (tmp_path / "notes.txt").write_text("not a package", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "list.xlsx").write_bytes(b"PK\x03\x04")
    page = lead_window.inbox
    assert not _drop(lead_window, [])  # nothing dropped: nothing happens
    assert not _drop(lead_window, [tmp_path / n for n in ("notes.txt", "report.pdf", "list.xlsx")])
    assert getattr(page, "confirm_dialog", None) is None
    before = _digest(lead_path)
    assert _drop(lead_window, [package, tmp_path / "notes.txt", tmp_path / "folder.scpkg", package,
                               tmp_path / "zero.scpkg", tmp_path / "report.pdf", tmp_path / "big.scpkg"])
    qtbot.waitUntil(lambda: getattr(page, "confirm_dialog", None) is not None, timeout=30_000)
    confirm = page.confirm_dialog
    rows = {confirm.table.item(r, 0).text(): confirm.table.item(r, 4).text() for r in range(confirm.table.rowCount())}
    assert confirm.table.rowCount() == 4  # the same file dropped twice is shown (and imported) once
    assert rows["colleague.scpkg"] == "可以导入"
    for name in ("folder.scpkg", "zero.scpkg", "big.scpkg"):
        assert rows[name].startswith("未通过：") and "Traceback" not in rows[name] and "Errno" not in rows[name]
    assert _digest(lead_path) == before
    for r in range(4):  # the careless user ticks everything
        confirm.table.item(r, 0).setCheckState(Qt.CheckState.Checked)
    summary = _accept(qtbot, page, confirm)
    assert "已合并 1 个，已合并过 0 个，被拒绝 3 个" in summary.text()


def test_cancelling_the_verification_shows_nothing_and_writes_nothing(qtbot, lead_window, pair, tmp_path):
    lead_path, laptop_path, task_id = pair
    package = _package(laptop_path, task_id, tmp_path / "colleague.scpkg")
    copies = [shutil.copy(package, tmp_path / f"copy-{n}.scpkg") for n in range(20)]
    page = lead_window.inbox
    before = _digest(lead_path)
    page.confirm_dialog = None
    job = page.check_files(copies)
    finished = []
    job.finished.connect(lambda *a: finished.append(a))
    job.cancel()
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    QApplication.processEvents()
    assert page.confirm_dialog is None and _digest(lead_path) == before and page.table.rowCount() == 0


def test_cancelling_the_confirmation_writes_nothing(qtbot, lead_window, pair, tmp_path):
    lead_path, laptop_path, task_id = pair
    package = _package(laptop_path, task_id, tmp_path / "colleague.scpkg")
    page = lead_window.inbox
    before = _digest(lead_path)
    confirm = _confirm(qtbot, page, [package])
    QTest.keyClick(confirm, Qt.Key.Key_Escape)
    assert not confirm.isVisible()
    QApplication.processEvents()
    assert _digest(lead_path) == before and page.table.rowCount() == 0


def test_a_drop_while_an_import_runs_is_checked_and_imported_too(qtbot, lead_window, pair, tmp_path):
    lead_path, laptop_path, task_id = pair
    first = _package(laptop_path, task_id, tmp_path / "first.scpkg")
    copies = [shutil.copy(first, tmp_path / f"copy-{n}.scpkg") for n in range(6)]
    second = _package(laptop_path, task_id, tmp_path / "second.scpkg", 5, "problem", "第二份")
    page = lead_window.inbox
    confirm = _confirm(qtbot, page, [first, *copies])
    page.confirm_dialog = None
    confirm.ok_button.click()  # the import runs …
    _drop(lead_window, [second])  # … and another package is dropped on the window
    qtbot.waitUntil(lambda: page.confirm_dialog is not None and page.confirm_dialog.isVisible(), timeout=30_000)
    second_confirm = page.confirm_dialog
    assert second_confirm.table.item(0, 4).text() == "可以导入"
    second_confirm.ok_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 8, timeout=60_000)
    verdicts = sorted(page.table.item(r, 2).text() for r in range(8))
    assert verdicts == sorted(["已合并"] * 2 + ["已合并过"] * 6)
    assert _verdict(lead_path, task_id, 5).value == "problem"


def _assignments(tmp_path, count: int):
    """Assignment packages from a lead of another bureau whose key the window's database has never seen (as in
    tests/ui/test_ui_inbox.py), one task each."""
    from app.demo.data import build_demo
    from app.services.keys import create_key
    from app.services.packages import export_assignment
    from app.services.profile import set_organ
    from app.services.task_view import list_tasks, task_record
    from app.services.tasks import create_task
    from app.store.database import open_database

    other = tmp_path / "other-bureau.sqlite"
    db = open_database(other)
    build_demo(db, seed=11, institutions=30, db_path=other)
    key = create_key(db, other, "另一位组长的口令 2025")
    set_organ(db, name="阳泉市市场监督管理局", document_prefix="阳市监检记")
    planned = task_record(db, next(t.id for t in list_tasks(db) if t.status.value == "planned"))
    busy = {t.institution for t in list_tasks(db)}
    codes = [code for code, name in db.conn.execute("SELECT credit_code, name FROM institutions ORDER BY name")
             if name not in busy][:count]
    packages, tasks = [], []
    for n, code in enumerate(codes):
        task_id = create_task(db, code, [m.inspector.id for m in planned.members])
        packages.append(tmp_path / f"assignment-{n}.scpkg")
        export_assignment(db, other, packages[-1], "另一位组长的口令 2025", task_ids=[task_id])
        tasks.append(task_id)
    db.close()
    return packages, tasks, key


def _task_ids(db_path):
    from app.services.task_view import list_tasks
    from app.store.database import connect

    db = connect(db_path)
    try:
        return {t.id for t in list_tasks(db)}
    finally:
        db.close()


def test_esc_on_the_fingerprint_question_trusts_nothing(qtbot, window, db_path, tmp_path):
    (package,), _, _ = _assignments(tmp_path, 1)
    window.show_page(6)
    page = window.inbox
    confirm = _confirm(qtbot, page, [package])
    box = confirm.ask_trust(0)
    QTest.keyClick(box, Qt.Key.Key_Escape)
    assert not box.isVisible() and confirm.trusted == {} and not confirm.ok_button.isEnabled()
    assert confirm.table.item(0, 0).checkState() == Qt.CheckState.Unchecked


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_one_fingerprint_confirmed_trusts_every_package_of_that_key_in_either_order(qtbot, window, db_path, tmp_path,
                                                                                    order):
    packages, tasks, _ = _assignments(tmp_path, 2)
    window.show_page(6)
    page = window.inbox
    confirm = _confirm(qtbot, page, [packages[n] for n in order])
    box = confirm.ask_trust(0)  # the first row's fingerprint is checked by phone …
    next(b for b in box.buttons() if b.text().startswith("一致")).click()
    # … and it is the same key that signed the other package: both are ticked, both trusted
    assert [confirm.table.item(r, 0).checkState() for r in range(2)] == [Qt.CheckState.Checked] * 2
    summary = _accept(qtbot, page, confirm)
    assert "已合并 2 个" in summary.text()
    assert set(tasks) <= _task_ids(db_path)


def test_a_second_assignment_from_a_lead_already_trusted_needs_no_fingerprint(qtbot, window, db_path, tmp_path):
    from app.store import profile
    from app.store.database import open_database

    db = open_database(db_path)  # a team member's laptop (a lead's database takes no assignment unconfirmed)
    with db.atomic():
        profile.set_value(db, "role", "inspector")
    db.close()
    packages, tasks, _ = _assignments(tmp_path, 2)
    window.show_page(6)
    page = window.inbox
    confirm = _confirm(qtbot, page, [packages[0]])
    box = confirm.ask_trust(0)
    next(b for b in box.buttons() if b.text().startswith("一致")).click()
    _accept(qtbot, page, confirm)
    confirm = _confirm(qtbot, page, [packages[1]])
    assert confirm.table.item(0, 4).text() == "可以导入" and confirm.ok_button.isEnabled()
    assert "已合并 1 个" in _accept(qtbot, page, confirm).text()
    assert set(tasks) <= _task_ids(db_path)


def test_a_leads_database_confirms_every_assignment_in_the_window_not_with_a_command_line_flag(qtbot, window,
                                                                                               db_path, tmp_path):
    """A lead's database takes an assignment only confirmed, also from a key it knows: the window asks for the
    fingerprint (it used to import and refuse it, telling the user to add --trust)."""
    packages, tasks, _ = _assignments(tmp_path, 2)
    window.show_page(6)
    page = window.inbox
    confirm = _confirm(qtbot, page, [packages[0]])
    next(b for b in confirm.ask_trust(0).buttons() if b.text().startswith("一致")).click()
    _accept(qtbot, page, confirm)
    confirm = _confirm(qtbot, page, [packages[1]])
    assert "须与" in confirm.table.item(0, 4).text() and "核对密钥指纹" in confirm.table.item(0, 4).text()
    assert not confirm.ok_button.isEnabled()  # not ticked until confirmed
    box = confirm.ask_trust(0)
    assert "组长" in box.text() and "--trust" not in box.text()
    next(b for b in box.buttons() if b.text().startswith("一致")).click()
    assert "已合并 1 个" in _accept(qtbot, page, confirm).text()
    assert set(tasks) <= _task_ids(db_path)


def _export_to(qtbot, window, task_id, path, passphrase):
    window.show_page(4)
    workspace = window.tasks.open_task(task_id)
    export = workspace.export_findings()
    export.file_dialog.close()
    export.ask_passphrase(path)
    export.passphrase_dialog.setTextValue(passphrase)
    export.passphrase_dialog.accept()
    qtbot.waitUntil(lambda: export.last_dialog is not None, timeout=30_000)
    box = export.last_dialog
    return export, box.text() if isinstance(box, QMessageBox) else box.message.text()


@pytest.mark.parametrize("where", ["proc", "database", "folder"])
def test_exporting_where_it_cannot_go_is_said_in_words_and_the_database_stays(qtbot, lead_window, pair, tmp_path,
                                                                               where):
    lead_path, laptop_path, task_id = pair
    target = {"proc": __import__("pathlib").Path("/proc/findings.scpkg"),  # read-only even for root
              "database": lead_path,  # the open database itself
              "folder": tmp_path}[where]
    size = lead_path.stat().st_size
    before = _digest(lead_path)
    export, text = _export_to(qtbot, lead_window, task_id, target, LEAD)
    assert "意外错误" not in text and "Traceback" not in text and "Errno" not in text, text
    assert lead_path.stat().st_size >= size and _digest(lead_path) == before
    assert export.last_export is None


def test_a_folder_that_does_not_exist_yet_is_made(qtbot, lead_window, pair, tmp_path):
    from app.services.packages import verify_package
    from app.store.database import connect

    lead_path, laptop_path, task_id = pair
    out = tmp_path / "新文件夹" / "下一层" / "findings.scpkg"
    export, text = _export_to(qtbot, lead_window, task_id, out, LEAD)
    assert str(out) in text and out.exists()
    db = connect(lead_path)
    try:
        assert verify_package(db, out).ok
    finally:
        db.close()


def test_a_wrong_passphrase_three_times_then_cancel_writes_nothing(qtbot, lead_window, pair, tmp_path):
    lead_path, laptop_path, task_id = pair
    out = tmp_path / "findings.scpkg"
    for attempt in ("错的口令一", "错的口令二", "错的口令三"):
        export, text = _export_to(qtbot, lead_window, task_id, out, attempt)
        assert "口令" in text and "Traceback" not in text and not out.exists()
    export.ask_passphrase(out)
    export.passphrase_dialog.reject()  # cancelled: nothing asked, nothing written
    QApplication.processEvents()
    assert not out.exists() and export.job is None or not out.exists()


def test_the_keyboard_ticks_a_file_and_opens_a_task_from_the_inbox(qtbot, lead_window, pair, tmp_path):
    lead_path, laptop_path, task_id = pair
    package = _package(laptop_path, task_id, tmp_path / "colleague.scpkg")
    (tmp_path / "zero.scpkg").write_bytes(b"")
    lead_window.show_page(6)
    page = lead_window.inbox
    confirm = _confirm(qtbot, page, [package, tmp_path / "zero.scpkg"])
    confirm.table.setFocus()
    confirm.table.setCurrentCell(0, 0)
    QTest.keyClick(confirm.table.viewport(), Qt.Key.Key_Space)  # Space unticks the file …
    assert confirm.table.item(0, 0).checkState() == Qt.CheckState.Unchecked and not confirm.ok_button.isEnabled()
    QTest.keyClick(confirm.table.viewport(), Qt.Key.Key_Space)  # … and ticks it again
    assert confirm.ok_button.isEnabled()
    _accept(qtbot, page, confirm).accept()
    page.table.setFocus()
    page.table.setCurrentCell(0, 1)
    with qtbot.waitSignal(page.openTask, timeout=5000) as opened:
        QTest.keyClick(page.table, Qt.Key.Key_Return)  # Enter on a row opens its task, as a double click
    assert opened.args == [task_id]
    lead_window.show_page(6)
    where = page.table.visualItemRect(page.table.item(0, 1)).center()
    with qtbot.waitSignal(page.openTask, timeout=5000) as opened:  # a double click (a click, then the second one)
        QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
        QTest.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    assert opened.args == [task_id]


def test_a_version_arriving_while_the_dialog_is_open_is_shown_before_anything_is_settled(qtbot, window, db_path):
    """Another program (the command line, a second window) merges a third version of the field while the user
    chooses: the numbers of the versions shift; the one settled must be the one the user saw and chose."""
    from app.domain.checklist import Verdict
    from app.services import recording
    from app.services.merge import receive
    from app.store import field_edits, profile
    from app.store.database import connect, open_database

    task_id = _new_task(db_path)
    lead = connect(db_path)
    lead.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copies = {}
    for name in ("early", "laptop"):
        copies[name] = db_path.parent / f"{name}.sqlite"
        shutil.copy(db_path, copies[name])
    held = {e.identity for e in field_edits.all_edits(lead.conn)}
    devices = {}
    for name in ("early", "laptop"):
        devices[name] = open_database(copies[name])
        with devices[name].atomic():
            profile.set_value(devices[name], "device_id", name)
    recording.set_verdict(devices["early"], task_id, 4, "na")  # the oldest version, received last
    recording.set_verdict(devices["laptop"], task_id, 4, "problem", "未建立保密制度")
    recording.set_verdict(lead, task_id, 4, "no_problem")
    receive(lead, [e for e in field_edits.all_edits(devices["laptop"].conn) if e.identity not in held], "laptop")
    ws, dialog = _open_conflicts(window, db_path, task_id)
    four, (group, combined, reason) = _box_of(dialog, "第 4 项 结论")
    choice = next(b for b in group.buttons() if b.text().startswith("未发现问题"))
    receive(lead, [e for e in field_edits.all_edits(devices["early"].conn) if e.identity not in held], "early")
    for device in devices.values():
        device.close()
    lead.close()
    choice.click()
    reason.setText("以组长复核为准")
    settled = dialog.settle(four)
    if settled:  # settled what was chosen, never another version
        assert _verdict(db_path, task_id, 4) is Verdict.NO_PROBLEM
    else:  # or shown again with the new version, to choose again
        four, (group, combined, reason) = _box_of(dialog, "第 4 项 结论")
        assert len(group.buttons()) == 4 and group.checkedId() == -1 and reason.text() == "以组长复核为准"
        assert "新的版本" in dialog.problem_label(four).text()
        assert len(_conflicts(db_path, task_id)) == 1


def test_the_summary_of_many_refused_files_fits_on_the_screen(qtbot, lead_window, pair, tmp_path):
    files = []
    for n in range(120):
        files.append(tmp_path / f"损坏的数据包-{n:03}.scpkg")
        files[-1].write_bytes(b"")
    page = lead_window.inbox
    confirm = _confirm(qtbot, page, files)
    for r in range(confirm.table.rowCount()):
        confirm.table.item(r, 0).setCheckState(Qt.CheckState.Checked)
    summary = _accept(qtbot, page, confirm)
    QApplication.processEvents()
    screen = summary.screen().availableGeometry()
    assert "被拒绝 120 个" in summary.text()
    assert summary.sizeHint().height() <= screen.height() and summary.height() <= screen.height()
    assert "损坏的数据包-000.scpkg" in summary.text()  # the first are named; all are in 查看原因
    details = next(b for b in summary.buttons() if b.text().startswith("查看原因"))
    details.click()
    from app.ui.problem_dialogs import ProblemsDialog

    (table,) = [d for d in page.findChildren(ProblemsDialog) if d.isVisible()]
    assert table.table.model().rowCount() == 120


def test_a_conflict_settled_elsewhere_while_the_dialog_is_open_is_said(qtbot, window, db_path):
    from app.services.merge import conflicts, resolve_conflict
    from app.store.database import connect

    task_id = _conflicted_task(db_path, *TWO)
    ws, dialog = _open_conflicts(window, db_path, task_id)
    four, (group, combined, reason) = _box_of(dialog, "第 4 项 结论")
    other = connect(db_path)  # the command line, say
    try:
        (elsewhere,) = [c for c in conflicts(other, task_id) if c.id == four]
        resolve_conflict(other, four, pick=1, reason="命令行中已解决")
    finally:
        other.close()
    next(b for b in group.buttons() if b.text().startswith("未发现问题")).click()
    reason.setText("以组长复核为准")
    assert not dialog.settle(four)
    assert four not in dialog.boxes and dialog.notice.isVisible() and "第 4 项 结论" in dialog.notice.text()
    assert len(_conflicts(db_path, task_id)) == 1
