"""Issue 13, item 2: fields that cannot be edited look so and say why; the 现在 buttons are disabled on a finished
record; the refusal of an edit to a signed record says 检查任务已签署 (it said 已已签署)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from app.domain.problems import InputRefused
from app.services import tasks as task_service
from app.store.database import connect
from tests.ui.workspace_helpers import finished_task, new_task, open_task, stored


def _background(field) -> QColor:
    """The colour the field paints at its right end, inside the frame, where no text is."""
    image = field.grab().toImage()
    return image.pixelColor(image.width() - 6, image.height() // 2)


def test_a_signed_records_institution_details_are_read_only_greyed_and_say_why(qtbot, window, db_path):
    planned = open_task(window, new_task(db_path, nth=1))
    editable_colour = _background(planned.info_tab.edits["address"])
    assert not planned.info_tab.edits["address"].isReadOnly()
    ws = open_task(window, finished_task(db_path, signed=True))
    assert ws.record.status.value == "signed"
    for key, edit in ws.info_tab.edits.items():
        assert edit.isReadOnly(), key
        assert "已签署" in edit.toolTip() and "重新打开" in edit.toolTip(), key
    assert _background(ws.info_tab.edits["address"]) != editable_colour
    assert "已签署" in ws.info_tab.note.text()  # the note no longer invites corrections


def test_the_visit_of_a_signed_record_is_read_only_and_its_now_buttons_are_disabled(qtbot, window, db_path):
    planned = open_task(window, new_task(db_path, nth=1))
    assert all(b.isEnabled() for b in planned.visit_tab.now_buttons.values())
    task_id = finished_task(db_path, signed=True)
    ws = open_task(window, task_id)
    visit = ws.visit_tab
    assert set(visit.now_buttons) == {"notified_at", "started_at", "ended_at"}
    for name, button in visit.now_buttons.items():
        assert not button.isEnabled(), name
        assert "已签署" in button.toolTip(), name
    before = stored(db_path, task_id).visit.started_at
    QTest.mouseClick(visit.now_buttons["started_at"], Qt.MouseButton.LeftButton)
    assert stored(db_path, task_id).visit.started_at == before and ws.last_error is None
    for field in (*visit.times.values(), visit.place, visit.recusal, visit.planned_date, visit.statement,
                  visit.notes):
        assert field.isReadOnly() and "已签署" in field.toolTip()
    assert ws.items_tab.description.isReadOnly()
    assert "已签署" in ws.items_tab.description.toolTip()


def test_the_representatives_name_is_read_only_until_the_record_is_finished(qtbot, window, db_path):
    ws = open_task(window, new_task(db_path))
    rep = ws.signatures_tab.rep_name
    assert rep.isReadOnly() and "结束记录后" in rep.toolTip()
    assert _background(rep) != _background(ws.visit_tab.place)  # greyed beside an editable field
    ws = open_task(window, finished_task(db_path, nth=1))
    assert ws.record.status.value == "recorded"
    rep = ws.signatures_tab.rep_name
    assert not rep.isReadOnly() and rep.toolTip() == ""
    assert all(not b.isEnabled() for b in ws.visit_tab.now_buttons.values())  # finished: not editable either


@pytest.mark.parametrize("signed, words", [(True, "检查任务已签署，记录不能再修改"),
                                           (False, "检查任务已记录完成，待签名，记录不能再修改")])
def test_an_edit_of_a_finished_record_is_refused_in_plain_words(db_path, signed, words):
    task_id = finished_task(db_path, signed=signed)
    db = connect(db_path)
    try:
        with pytest.raises(InputRefused) as refused:
            task_service.set_visit(db, task_id, started_at="2025-10-20T09:00")
    finally:
        db.close()
    assert words in refused.value.message
    assert "已已" not in refused.value.message
