"""Issue 13, item 3: a refused value is said in a sentence about its field, the typed text survives and the focus
goes back to the field; a record that cannot be finished or signed gets a plain list naming each place, with a
button to the first — never the Excel import's problem table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.domain.checklist import Verdict
from app.services import recording
from app.store.database import connect
from app.ui.problem_dialogs import ProblemsDialog
from tests.ui.workspace_helpers import finished_task, new_task, open_task, stored, type_into


def _no_problem_table(window) -> bool:
    return not window.findChildren(ProblemsDialog)


def test_a_bad_time_keeps_the_typed_text_and_the_focus_and_says_why(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    started = ws.visit_tab.times["started_at"]
    type_into(qtbot, started, "2025-10-20 12:7x")
    QTest.keyClick(started, Qt.Key.Key_Tab)  # leaving the field offers the text to the services
    qtbot.waitUntil(started.hasFocus, timeout=2000)  # the focus comes back to the field
    assert started.text() == "2025-10-20 12:7x"  # what was typed survives
    assert stored(db_path, ws.task_id).visit.started_at is None
    assert _no_problem_table(window)
    sentence = ws.refusal.text()
    assert ws.refusal.isVisible()
    assert sentence.startswith("未保存：现场检查开始时间 2025-10-20 12:7x 格式不对。")
    assert "应为：YYYY-MM-DD HH:MM，例如 2025-10-20 09:30。" in sentence
    assert started.property("refused") is True  # marked (FIELD_STYLE gives it a red frame)


def test_a_refused_field_gets_the_focus_back_from_another_field_and_is_saved_once_corrected(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    ended = ws.visit_tab.times["ended_at"]
    type_into(qtbot, ended, "明天下午")
    ws.visit_tab.place.setFocus()  # a click into another field
    qtbot.waitUntil(ended.hasFocus, timeout=2000)
    assert ended.text() == "明天下午" and "现场检查结束时间 明天下午 格式不对" in ws.refusal.text()
    ended.selectAll()
    QTest.keyClicks(ended, "2025-10-20 11:40")
    assert not ended.property("refused")  # being corrected: no longer marked
    QTest.keyClick(ended, Qt.Key.Key_Return)
    assert stored(db_path, ws.task_id).visit.ended_at.startswith("2025-10-20T11:40")
    assert not ws.refusal.isVisible()


def test_a_refused_correction_in_the_info_tab_keeps_its_text_and_focus(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    ws.tabs.setCurrentWidget(ws.info_tab)
    expires = ws.info_tab.edits["cma_expires_on"]
    expires.setFocus()
    expires.selectAll()  # typed over the registry's date
    type_into(qtbot, expires, "20301310")
    QTest.keyClick(expires, Qt.Key.Key_Tab)
    qtbot.waitUntil(expires.hasFocus, timeout=2000)
    assert expires.text() == "20301310" and _no_problem_table(window)
    assert ws.last_error is not None and ws.refusal.text().startswith("未保存：")


def test_finishing_an_incomplete_record_lists_each_place_and_goes_to_the_first(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    ws.tabs.setCurrentWidget(ws.samples_tab)
    ws.finish_button.click()
    box = ws.last_box
    assert isinstance(box, QMessageBox) and box.isVisible() and _no_problem_table(window)
    lines = box.text().splitlines()
    assert lines[0] == "记录还不完整，不能结束。请先补上以下各处："
    assert lines[1] == "· 现场情况：没有填写现场检查开始时间"
    assert "· 检查事项：第 1 项尚未检查（请选择 发现问题 / 未发现问题 / 不适用）" in lines
    assert len(lines) <= 14 and "显示详细信息" in lines[-1]  # 25 places: the rest under the details
    assert "第 18 项尚未检查" in box.detailedText()
    box.go_button.click()
    started = ws.visit_tab.times["started_at"]
    assert ws.tabs.currentWidget() is ws.visit_tab
    qtbot.waitUntil(started.hasFocus, timeout=2000)
    assert stored(db_path, ws.task_id).status.value == "planned"


def test_a_problem_without_a_description_is_the_place_finishing_goes_to(qtbot, window, db_path):
    from tests.recording_helpers import answer_all

    task_id = new_task(db_path)
    db = connect(db_path)
    try:
        answer_all(db, task_id)
        recording.set_verdict(db, task_id, 7, Verdict.PROBLEM)
    finally:
        db.close()
    ws = open_task(window, task_id)
    ws.finish()
    box = ws.last_box
    assert box.text().splitlines()[1:] == ["· 检查事项：第 7 项发现问题，但没有填写问题描述"]
    box.go_button.click()
    assert ws.tabs.currentWidget() is ws.items_tab and ws.items_tab.number == 7
    qtbot.waitUntil(ws.items_tab.description.hasFocus, timeout=2000)


def test_signing_without_signatures_names_the_signatures_tab_and_goes_there(qtbot, window, db_path):
    ws = open_task(window, finished_task(db_path))
    ws.tabs.setCurrentWidget(ws.visit_tab)
    ws.signatures_tab.sign_button.click()
    box = ws.last_box
    assert box.isVisible() and _no_problem_table(window)
    assert box.text().splitlines()[1:] == ["· 签名与签署：至少需要 2 名执法人员签名，现有 0 名",
                                           "· 签名与签署：被检查单位代表尚未签名，也未记录拒绝签名"]
    box.go_button.click()
    first_member = next(iter(ws.signatures_tab.member_buttons.values()))
    assert ws.tabs.currentWidget() is ws.signatures_tab
    qtbot.waitUntil(first_member.hasFocus, timeout=2000)
    assert stored(db_path, ws.task_id).status.value == "recorded"


def test_a_refused_cell_is_said_in_a_sentence_and_gets_the_focus_back(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    tab = ws.samples_tab
    ws.tabs.setCurrentWidget(tab)
    tab.add_row()
    columns = [name for name, _ in tab.columns]
    ws.visit_tab.place.setFocus()  # somewhere else, as after leaving the cell by a click
    tab.table.item(0, columns.index("assigned")).setText("12,5")  # what leaving the typed cell does
    assert _no_problem_table(window) and ws.refusal.text().startswith("未保存：") and "指定值" in ws.refusal.text()
    qtbot.waitUntil(tab.table.hasFocus, timeout=2000)
    assert (tab.table.currentRow(), tab.table.currentColumn()) == (0, columns.index("assigned"))


def test_a_refused_field_stops_the_findings_export_the_record_and_the_notice(qtbot, window, db_path):
    """The package, the record and the notice are made from what was saved: with a typed value refused they would
    leave it out without a word, so they wait until it is corrected (the refusal stays on screen)."""
    ws = open_task(window, new_task(db_path))
    started = ws.visit_tab.times["started_at"]
    type_into(qtbot, started, "2025-10-20 12:7x")
    assert ws.export_findings() is None and getattr(ws, "findings_export", None) is None
    assert ws.show_report() is None and getattr(ws, "report_dialog", None) is None
    assert ws.export_notice() is None and getattr(ws, "notice_export", None) is None
    assert ws.refusal.isVisible() and "现场检查开始时间" in ws.refusal.text()
    assert started.text() == "2025-10-20 12:7x"
    ws.tabs.setCurrentWidget(ws.info_tab)  # from another tab, the field to correct is shown and focused
    assert ws.export_findings() is None
    qtbot.waitUntil(started.hasFocus, timeout=2000)
