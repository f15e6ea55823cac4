"""The notice of inspection in the task workspace: how it was given, chosen beside when, and the button that
produces the notice (PDF or Word), numbered the first time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolButton

from app.services import tasks as task_service
from app.services.task_view import task_record
from app.store.database import connect


def _open(window, db_path):
    db = connect(db_path)
    try:
        code = db.conn.execute("SELECT credit_code FROM institutions ORDER BY name LIMIT 1").fetchone()[0]
        officers = [r[0] for r in db.conn.execute(
            "SELECT id FROM inspectors WHERE department = 'market' AND cert_no != '' ORDER BY name LIMIT 2")]
        task_id = task_service.create_task(db, code, officers)  # no planned date yet
    finally:
        db.close()
    window.show_page(4)
    window.tasks.refresh()
    return window.tasks.open_task(task_id)


def _stored(db_path, task_id):
    db = connect(db_path)
    try:
        return task_record(db, task_id)
    finally:
        db.close()


def test_the_way_of_giving_notice_is_chosen_beside_when_saved_at_once_and_undone(qtbot, window, db_path):
    ws = _open(window, db_path)
    combo = ws.visit_tab.notice_method
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "（告知方式未记录）", "当面送达", "电话", "短信", "传真", "电子邮件", "邮寄", "其他"]
    assert combo.currentData() == "" and combo.isEnabled()
    combo.setCurrentIndex(combo.findData("phone"))
    assert _stored(db_path, ws.task_id).visit.notice_method == "phone"
    assert ws.undo_stack.undoText() == "修改告知方式"
    ws.undo_stack.undo()
    assert _stored(db_path, ws.task_id).visit.notice_method == ""
    assert combo.currentData() == ""  # the combo shows what is stored
    ws.undo_stack.redo()
    assert combo.currentData() == "phone"


def test_the_time_typed_and_the_way_chosen_are_both_saved_on_the_way_out(qtbot, window, db_path):
    ws = _open(window, db_path)
    task_id = ws.task_id
    edit = ws.visit_tab.times["notified_at"]
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    QTest.keyClicks(edit, "2025-11-02 16:30")
    ws.visit_tab.notice_method.setCurrentIndex(ws.visit_tab.notice_method.findData("in_person"))
    (back,) = [b for b in ws.findChildren(QToolButton) if b.text() == "← 任务列表"]
    QTest.mouseClick(back, Qt.MouseButton.LeftButton)
    visit = _stored(db_path, task_id).visit
    assert (visit.notified_at, visit.notice_method) == ("2025-11-02T16:30", "in_person")


def test_the_notice_button_saves_what_is_typed_then_writes_the_numbered_notice(qtbot, window, db_path, tmp_path):
    ws = _open(window, db_path)
    date = ws.visit_tab.planned_date
    date.setFocus()
    qtbot.waitUntil(date.hasFocus, timeout=2000)
    QTest.keyClicks(date, "2025-11-03")  # not left: the button saves it first, and the notice prints it
    ws.notice_button.click()
    export = ws.notice_export
    assert isinstance(export.file_dialog, QFileDialog) and export.file_dialog.isVisible()
    assert export.file_dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert _stored(db_path, ws.task_id).visit.planned_date == "2025-11-03"
    export.file_dialog.close()
    export.export(tmp_path / "通知书.docx")
    qtbot.waitUntil(lambda: export.last_dialog is not None, timeout=20000)
    assert isinstance(export.last_dialog, QMessageBox) and "同市监检通〔2025〕第" in export.last_dialog.text()
    assert (tmp_path / "通知书.docx").read_bytes()[:2] == b"PK"
    number = _stored(db_path, ws.task_id).notice_number
    assert number and number in export.last_dialog.text() and ws.record.notice_number == number
    export.last_dialog = None
    export.export(tmp_path / "通知书.pdf")  # again: the same number
    qtbot.waitUntil(lambda: export.last_dialog is not None, timeout=20000)
    assert number in export.last_dialog.text() and "首次" not in export.last_dialog.text()
    assert (tmp_path / "通知书.pdf").read_bytes().startswith(b"%PDF-")


def test_a_notice_that_cannot_be_numbered_is_refused_in_words(qtbot, window, db_path, tmp_path):
    from app.ui.problem_dialogs import ProblemsDialog

    ws = _open(window, db_path)  # no planned date
    ws.notice_button.click()
    export = ws.notice_export
    export.file_dialog.close()
    export.export(tmp_path / "n.pdf")
    qtbot.waitUntil(lambda: export.last_dialog is not None, timeout=20000)
    assert isinstance(export.last_dialog, ProblemsDialog) and "计划日期" in export.last_dialog.message.text()
    assert not (tmp_path / "n.pdf").exists() and _stored(db_path, ws.task_id).notice_number is None


def test_the_notice_prefix_is_set_in_the_profile_dialog(qtbot, window, db_path):
    from app.services.profile import organ

    dialog = window.ask_profile()
    assert dialog.organ_fields["notice_prefix"].text() == "同市监检通"  # the demo's
    dialog.organ_fields["notice_prefix"].setText("同市监抽通")
    assert dialog.organ_fields["result_prefix"].text() == "同市监检告"  # the demo's
    dialog.organ_fields["result_prefix"].setText("同市监抽告")
    dialog.accept()
    db = connect(db_path)
    try:
        assert organ(db).notice_prefix == "同市监抽通" and organ(db).result_prefix == "同市监抽告"
    finally:
        db.close()
