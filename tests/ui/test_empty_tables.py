"""Issue 13, item 5: empty tables (blind samples, exams, people present, photos) say what to do, naming the real
button and shortcut; Ctrl+N adds a row where the hint says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest

from tests.ui.workspace_helpers import finished_task, new_task, open_task


def _painted_hint(view) -> bool:
    """Whether the view's viewport, with no rows, shows anything but its background (the hint's text)."""
    base = view.palette().color(QPalette.ColorRole.Base).rgb()
    image = view.viewport().grab().toImage()
    return sum(image.pixelColor(x, y).rgb() != base for y in range(image.height()) for x in range(image.width())) > 50


def test_empty_tables_say_which_button_or_key_adds_a_row(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    expected = {
        ws.samples_tab: ("添加盲样(&N)", "还没有盲样考核记录。点击“添加盲样”或按 Ctrl+N 添加。"),
        ws.exams_tab: ("添加考试(&N)", "还没有授权签字人考试记录。点击“添加考试”或按 Ctrl+N 添加。"),
        ws.visit_tab.attendees: ("添加在场人员(&I)", "还没有记录在场人员。点击“添加在场人员”或按 Ctrl+N 添加。"),
    }
    for table, (button, hint) in expected.items():
        ws.tabs.setCurrentWidget(table if table is not ws.visit_tab.attendees else ws.visit_tab)
        assert table.add_button.text() == button
        assert table.table.rowCount() == 0 and table.table.showing_placeholder()
        assert table.table.placeholder == hint
        assert _painted_hint(table.table), hint
    ws.samples_tab.table.set_placeholder("")  # the check sees the hint, not something else on the viewport
    assert not _painted_hint(ws.samples_tab.table)


def test_ctrl_n_adds_a_row_and_the_hint_goes(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    tab = ws.samples_tab
    ws.tabs.setCurrentWidget(tab)
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus, timeout=2000)
    QTest.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.table.rowCount() == 1 and len(ws.record.blind_samples) == 1
    assert not tab.table.showing_placeholder()


def test_an_empty_photo_list_says_how_to_add_a_photo(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    ws.tabs.setCurrentWidget(ws.items_tab)
    photos = ws.items_tab.photos.list
    assert photos.count() == 0
    assert photos.placeholder == "还没有照片。把图片拖到这里，或点击“添加照片”（Alt+A）。"
    assert ws.items_tab.photos.add_button.text() == "添加照片(&A)…"
    assert _painted_hint(photos)


def test_a_finished_record_says_only_that_there_is_nothing(qtbot, window, db_path):
    ws = open_task(window, finished_task(db_path))
    assert ws.samples_tab.table.placeholder == "没有盲样考核记录。"
    assert ws.exams_tab.table.placeholder == "没有授权签字人考试记录。"
    assert ws.items_tab.photos.list.placeholder == "没有照片。"
    ws.tabs.setCurrentWidget(ws.samples_tab)
    ws.samples_tab.table.setFocus()
    QTest.keyClick(ws.samples_tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert ws.samples_tab.table.rowCount() == 0 and ws.last_error is None  # nothing to add to a finished record
