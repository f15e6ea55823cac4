"""Issue 13, item 1: the workspace shows that edits are saved — 已保存 HH:MM after each committed edit, an unsaved
state while a field holds typed text, and a clear failure state when a save is refused."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from app.domain.checklist import Verdict
from tests.ui.workspace_helpers import new_task, open_task, stored, type_into


def _minutes_between(start: datetime, end: datetime) -> set[str]:
    shown, at = set(), start.replace(second=0, microsecond=0)
    while at <= end:
        shown.add(at.strftime("%H:%M"))
        at += timedelta(minutes=1)
    return shown


def test_the_indicator_says_saved_with_the_time_once_a_field_is_left(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    indicator = ws.saved_indicator
    assert indicator.isVisible()
    assert not indicator.text().startswith("已保存")  # nothing saved yet
    type_into(qtbot, ws.visit_tab.place, "检测大楼二层")
    assert indicator.text() == "输入中（未保存）"  # typed, not yet saved
    before = datetime.now()
    ws.visit_tab.recusal.setFocus()  # leaving the field saves it
    qtbot.waitUntil(lambda: not ws.visit_tab.place.hasFocus(), timeout=2000)
    after = datetime.now()
    assert stored(db_path, ws.task_id).visit.place == "检测大楼二层"
    match = re.fullmatch(r"已保存 (\d\d:\d\d)", indicator.text())
    assert match, indicator.text()
    assert match.group(1) in _minutes_between(before, after)


def test_every_kind_of_saved_edit_updates_the_indicator(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    indicator = ws.saved_indicator
    ws.items_tab.set_verdict(Verdict.NO_PROBLEM)  # a verdict (no field left)
    assert indicator.text().startswith("已保存 ")
    indicator.setText("")
    ws.samples_tab.add_row()  # a row of a table
    assert indicator.text().startswith("已保存 ")
    indicator.setText("")
    ws.undo()  # an undo is an edit too
    assert indicator.text().startswith("已保存 ")


def test_a_refused_save_shows_a_failure_state_until_the_next_save(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    indicator = ws.saved_indicator
    type_into(qtbot, ws.visit_tab.times["started_at"], "2025-10-20 12:7x")
    ws.visit_tab.times["started_at"].commit()
    assert indicator.text() == "未保存"
    assert "现场检查开始时间" in indicator.toolTip() and "12:7x" in indicator.toolTip()
    assert "b42318" in indicator.styleSheet()  # red: a failure, not the quiet grey or green
    assert ws.refusal.isVisible()
    ws.visit_tab.place.setText("检测大楼二层")
    ws.visit_tab.place.commit()
    assert indicator.text().startswith("已保存 ") and not ws.refusal.isVisible()
