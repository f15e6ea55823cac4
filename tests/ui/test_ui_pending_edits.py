"""Text typed into the task workspace is saved by every way of leaving it, however soon after typing.

Each test types (keyClicks; Chinese as an input method commits it) and leaves at once — before any idle
timer — then reads the database through the services on a connection of its own, never the widget.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton

from app.domain.checklist import Verdict
from app.services import recording
from app.store.audit_log import entries
from app.store.database import connect
from tests.ui.workspace_helpers import new_task, open_task, stored

ROOT = Path(__file__).resolve().parents[2]


def _new_task(db_path, nth=0):
    """A planned task with one blind sample and one exam row to type into."""
    task_id = new_task(db_path, nth)
    db = connect(db_path)
    try:
        recording.save_blind_sample(db, task_id, {"code": "盲样1"}, strict=False)
        recording.save_exam(db, task_id, {"signatory": "", "form": "written"})
        return task_id
    finally:
        db.close()


def _open(window, db_path, nth=0):
    return open_task(window, _new_task(db_path, nth))


_stored = stored


def _audit_count(db_path, task_id):
    db = connect(db_path)
    try:
        return len(entries(db, task_id))
    finally:
        db.close()


def _keys(widget, text):
    """ASCII as key clicks; other text as an input method delivers it (QTest's key clicks are ASCII only)."""
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if run.isascii():
            QTest.keyClicks(widget, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def _type(qtbot, widget, text):
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    _keys(widget, text)


def _type_in_cell(qtbot, tab, column, text):
    columns = [name for name, _ in tab.columns]
    tab.workspace.tabs.setCurrentWidget(tab)
    item = tab.table.item(0, columns.index(column))
    tab.table.setCurrentItem(item)
    tab.table.editItem(item)
    editor = tab.table.indexWidget(tab.table.indexFromItem(item))
    assert editor is not None, "the cell's editor is open"
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    _keys(editor, text)
    return editor


def _back_button(ws):
    (button,) = [b for b in ws.findChildren(QToolButton) if b.text() == "← 任务列表"]
    return button


# --- each way out ----------------------------------------------------------------------------------


def test_focus_moving_to_another_field_saves(qtbot, window, db_path):
    ws = _open(window, db_path)
    _type(qtbot, ws.visit_tab.place, "检测大楼三层东侧")
    ws.visit_tab.recusal.setFocus()
    assert _stored(db_path, ws.task_id).visit.place == "检测大楼三层东侧"
    _type_in_cell(qtbot, ws.samples_tab, "parameter", "总铅")
    ws.samples_tab.add_button.setFocus()
    assert _stored(db_path, ws.task_id).blind_samples[0].parameter == "总铅"


def test_switching_tab_saves(qtbot, window, db_path):
    ws = _open(window, db_path)
    _type(qtbot, ws.visit_tab.notes, "实验室正在装修，部分设备已搬迁")
    ws.tabs.setCurrentWidget(ws.items_tab)
    assert _stored(db_path, ws.task_id).visit.notes == "实验室正在装修，部分设备已搬迁"


def test_back_to_the_task_list_saves(qtbot, window, db_path):
    ws = _open(window, db_path)
    task_id = ws.task_id
    ws.tabs.setCurrentWidget(ws.items_tab)
    _type(qtbot, ws.items_tab.description, "内审记录缺少2025年度的管理评审")
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    assert window.tasks.workspace is None
    assert _stored(db_path, task_id).findings[1].description == "内审记录缺少2025年度的管理评审"


@pytest.mark.parametrize("field", ["planned_date", "notified_at", "place", "recusal", "statement", "notes"])
def test_back_saves_every_visit_field(qtbot, window, db_path, field):
    typed = {"planned_date": "2025-11-03", "notified_at": "2025-11-02 16:30", "place": "综合楼一层",
             "recusal": "不申请回避", "statement": "以上记录已阅，与事实相符", "notes": "备注文字"}[field]
    stored_as = {"planned_date": ("planned_date", "2025-11-03"), "notified_at": ("notified_at", "2025-11-02T16:30"),
                 "place": ("place", "综合楼一层"), "recusal": ("recusal_answer", "不申请回避"),
                 "statement": ("party_statement", "以上记录已阅，与事实相符"), "notes": ("notes", "备注文字")}[field]
    ws = _open(window, db_path)
    task_id = ws.task_id
    tab = ws.visit_tab
    widget = tab.times[field] if field in tab.times else getattr(tab, field)
    widget.clear()
    _type(qtbot, widget, typed)
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    column, value = stored_as
    assert _stored(db_path, task_id).visit.value(column) == value


@pytest.mark.parametrize("key", ["address", "contact", "contact_phone", "cma_cert_no", "tech_lead"])
def test_back_saves_an_institution_correction(qtbot, window, db_path, key):
    ws = _open(window, db_path)
    task_id = ws.task_id
    ws.tabs.setCurrentWidget(ws.info_tab)
    edit = ws.info_tab.edits[key]
    edit.clear()
    _type(qtbot, edit, "现场更正值 0352-7000001")
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    assert getattr(_stored(db_path, task_id).institution, key) == "现场更正值 0352-7000001"


@pytest.mark.parametrize("tab_name,column,typed,stored", [
    ("samples_tab", "method", "GB/T 17141-1997", "GB/T 17141-1997"),
    ("samples_tab", "assigned", "12.5", "12.5"),
    ("exams_tab", "field", "环境监测", "环境监测"),
    ("exams_tab", "notes", "口述清楚", "口述清楚"),
])
def test_back_saves_a_table_cell_being_edited(qtbot, window, db_path, tab_name, column, typed, stored):
    ws = _open(window, db_path)
    task_id = ws.task_id
    _type_in_cell(qtbot, getattr(ws, tab_name), column, typed)
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    record = _stored(db_path, task_id)
    rows = record.blind_samples if tab_name == "samples_tab" else record.exams
    assert rows[0].value(column) == stored


def test_choosing_another_page_in_the_navigation_saves(qtbot, window, db_path):
    ws = _open(window, db_path)
    _type_in_cell(qtbot, ws.exams_tab, "signatory", "王授权")
    window.ui.navigation.setCurrentRow(0)  # 机构库
    assert _stored(db_path, ws.task_id).exams[0].signatory == "王授权"
    window.show_page(4)
    ws.tabs.setCurrentWidget(ws.visit_tab)
    _type(qtbot, ws.visit_tab.place, "东区二号楼")
    window.page_actions[2].trigger()  # Ctrl+3: a shortcut does not move the focus
    assert _stored(db_path, ws.task_id).visit.place == "东区二号楼"


def test_opening_another_task_saves(qtbot, window, db_path):
    ws = _open(window, db_path)
    task_id = ws.task_id
    ws.tabs.setCurrentWidget(ws.info_tab)
    ws.info_tab.edits["contact"].clear()
    _type(qtbot, ws.info_tab.edits["contact"], "张联系")
    other = _new_task(db_path, nth=1)
    window.tasks.open_task(other)
    assert window.tasks.workspace.task_id == other
    assert _stored(db_path, task_id).institution.contact == "张联系"


def test_closing_the_main_window_saves(qtbot, window, db_path):
    ws = _open(window, db_path)
    task_id = ws.task_id
    _type_in_cell(qtbot, ws.samples_tab, "matrix", "土壤")
    window.close()
    assert _stored(db_path, task_id).blind_samples[0].matrix == "土壤"


QUITTING = """
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from app.ui.application import create_application, open_main_window

db_path, task_id, typed = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
app = create_application()
window = open_main_window(db_path)
window.show_page(4)
notes = window.tasks.open_task(task_id).visit_tab.notes


def type_and_quit():
    window.activateWindow()
    notes.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(typed)
    QApplication.sendEvent(notes, event)
    assert notes.toPlainText() == typed
    app.quit()


QTimer.singleShot(0, type_and_quit)
QTimer.singleShot(20_000, lambda: sys.exit(9))
app.exec()
window.shutdown()
"""


def test_the_application_quitting_saves(db_path, tmp_path):
    """In a process of its own: once the application's event loop has quit, the tests' jobs would not run."""
    task_id = _new_task(db_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", QUITTING, str(db_path), task_id, "退出前最后一句"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _stored(db_path, task_id).visit.notes == "退出前最后一句"


def test_the_undo_shortcut_saves_the_typed_text_first(qtbot, window, db_path):
    ws = _open(window, db_path)
    task_id = ws.task_id
    notes = ws.visit_tab.notes
    _type(qtbot, notes, "撤销前输入的备注")
    QTest.keyClick(notes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # the typed text was saved (audited), and the undo is an edit of its own that takes it back
    log = [e for e in _entries(db_path, task_id) if e["field"] == "notes"]
    assert [e["new_value"] for e in log][-2:] == ["撤销前输入的备注", ""]
    assert _stored(db_path, task_id).visit.notes == ""
    assert notes.toPlainText() == ""
    QTest.keyClick(notes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _stored(db_path, task_id).visit.notes == "撤销前输入的备注"


def test_the_undo_button_saves_the_cell_being_edited_first(qtbot, window, db_path):
    ws = _open(window, db_path)
    task_id = ws.task_id
    ws.items_tab.set_verdict(Verdict.NO_PROBLEM)  # an earlier edit: the undo button is enabled
    _type_in_cell(qtbot, ws.exams_tab, "notes", "待撤销的考试备注")
    ws.undo_button.click()
    assert [e["new_value"] for e in _entries(db_path, task_id) if e["field"] == "notes"][-2:] == [
        "待撤销的考试备注", ""]
    assert _stored(db_path, task_id).findings[1].verdict == Verdict.NO_PROBLEM.value  # not the earlier edit
    ws.redo_button.click()
    assert _stored(db_path, task_id).exams[0].notes == "待撤销的考试备注"


def _entries(db_path, task_id):
    db = connect(db_path)
    try:
        return entries(db, task_id)
    finally:
        db.close()


# --- nothing typed: nothing recorded ---------------------------------------------------------------


def test_leaving_without_a_change_records_no_edit(qtbot, window, db_path):
    ws = _open(window, db_path)
    task_id = ws.task_id
    before = _audit_count(db_path, task_id)
    for widget in (ws.visit_tab.place, ws.visit_tab.notes, ws.visit_tab.times["notified_at"]):
        widget.setFocus()
    ws.tabs.setCurrentWidget(ws.info_tab)
    ws.info_tab.edits["address"].setFocus()
    for tab, column in ((ws.samples_tab, "code"), (ws.samples_tab, "assigned"), (ws.exams_tab, "form"),
                        (ws.exams_tab, "signatory")):
        if column in tab.choices():
            continue
        _type_in_cell(qtbot, tab, column, "")
    ws.tabs.setCurrentWidget(ws.items_tab)
    ws.items_tab.description.setFocus()
    window.ui.navigation.setCurrentRow(0)
    window.show_page(4)
    QTest.keyClick(ws.items_tab.description, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing to undo
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    window.tasks.open_task(task_id)
    window.close()
    assert _audit_count(db_path, task_id) == before


def test_the_record_actions_save_first(qtbot, window, db_path):
    ws = _open(window, db_path)
    _type(qtbot, ws.visit_tab.place, "质检楼四层")
    ws.finish()  # Alt+J: the record is incomplete and is not finished, but the place typed is kept
    assert _stored(db_path, ws.task_id).visit.place == "质检楼四层"
    assert _stored(db_path, ws.task_id).status.value == "planned"
    _type(qtbot, ws.visit_tab.recusal, "不申请")
    dialog = ws.show_report()
    assert _stored(db_path, ws.task_id).visit.recusal_answer == "不申请"
    dialog.close()


# --- what cannot be saved keeps the user where they are ---------------------------------------------


def test_a_refused_value_keeps_the_task_open_with_the_reason(qtbot, window, db_path):
    from app.ui.problem_dialogs import ProblemsDialog

    ws = _open(window, db_path)
    task_id = ws.task_id
    _type(qtbot, ws.visit_tab.times["started_at"], "2025-13-45 99:99")
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    assert window.tasks.workspace is ws  # still in the task
    assert "现场检查开始时间 2025-13-45 99:99 格式不对" in ws.last_error.message
    assert ws.refusal.isVisible() and "现场检查开始时间 2025-13-45 99:99 格式不对" in ws.refusal.text()
    assert not ws.findChildren(ProblemsDialog)  # said in a sentence above the tabs (issue 13)
    assert _stored(db_path, task_id).visit.started_at is None
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)  # told once: the unchanged text is not offered again
    assert window.tasks.workspace is None


def test_a_refused_value_keeps_the_window_open_once(qtbot, window, db_path):
    ws = _open(window, db_path)
    _type(qtbot, ws.visit_tab.times["ended_at"], "明天下午")
    window.close()
    assert window.isVisible() and "现场检查结束时间 明天下午 格式不对" in ws.last_error.message
    window.close()
    assert not window.isVisible()


def test_a_refused_value_keeps_the_task_page_shown(qtbot, window, db_path):
    ws = _open(window, db_path)
    _type(qtbot, ws.visit_tab.times["notified_at"], "2025-02-30 10:00")
    window.ui.navigation.setCurrentRow(1)  # 人员库
    assert window.ui.pages.currentWidget() is window.tasks and window.ui.navigation.currentRow() == 4
    assert ws.last_error is not None
    window.ui.navigation.setCurrentRow(1)
    assert window.ui.pages.currentIndex() == 1


@pytest.mark.parametrize("typed", ["2025-02-30", "下周三", "20251020"])
def test_a_planned_date_that_is_no_date_is_refused_not_stored(qtbot, window, db_path, typed):
    ws = _open(window, db_path)
    task_id = ws.task_id
    before = _stored(db_path, task_id).visit.planned_date
    _type(qtbot, ws.visit_tab.planned_date, typed)
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    assert window.tasks.workspace is ws and "计划日期" in ws.last_error.message
    assert _stored(db_path, task_id).visit.planned_date == before


def test_a_planned_date_typed_with_full_width_digits_is_stored(qtbot, window, db_path):
    ws = _open(window, db_path)
    task_id = ws.task_id
    _type(qtbot, ws.visit_tab.planned_date, "２０２５－１０－２０")
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    assert _stored(db_path, task_id).visit.planned_date == "2025-10-20"
