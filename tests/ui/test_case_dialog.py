"""The lead's handling of a signed record in the window (issue 12 item 1): conclusion and follow-up saved through
the same services as `case …`, a referral resting on the items recorded as problems, 已办结 when complete; a
refusal keeps the typed text and closing the dialog saves it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.store.database import connect


@pytest.fixture
def signed_path(tmp_path):
    from app.demo.data import build_demo
    from app.store.database import open_database

    path = tmp_path / "signed.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=40, db_path=path)
    db.close()
    return path


@pytest.fixture
def signed_window(qtbot, signed_path):
    from app.ui.application import create_application, open_main_window

    create_application()
    win = open_main_window(signed_path)
    qtbot.addWidget(win)
    yield win
    win.shutdown()


def _signed_with_problems(path) -> tuple[str, list[int]]:
    db = connect(path)
    try:
        for (task_id,) in db.conn.execute("SELECT id FROM tasks WHERE status = 'signed' ORDER BY id"):
            items = [r[0] for r in db.conn.execute("SELECT item FROM findings WHERE task_id = ? AND verdict = 'problem'"
                                                   " ORDER BY item", [task_id])]
            if items:
                return task_id, items
    finally:
        db.close()
    raise AssertionError("the demo has a signed record with problems")


def _case(path, task_id):
    db = connect(path)
    try:
        row = db.conn.execute("SELECT c.conclusion, c.rectify_by, c.rectification_accepted, t.status FROM cases c"
                              " JOIN tasks t ON t.id = c.task_id WHERE c.task_id = ?", [task_id]).fetchone()
        referrals = db.conn.execute("SELECT recipient, items, text FROM referrals WHERE task_id = ?", [task_id]).fetchall()
        return row, referrals
    finally:
        db.close()


def test_a_rectification_is_concluded_checked_and_the_task_closed_in_the_window(qtbot, signed_window, signed_path):
    task_id, items = _signed_with_problems(signed_path)
    signed_window.show_page(4)
    signed_window.tasks.refresh()
    ws = signed_window.tasks.open_task(task_id)
    assert ws.case_button.isVisibleTo(ws) and not ws.finish_button.isVisibleTo(ws)
    dialog = ws.show_case()
    assert [dialog.conclusion.itemText(i) for i in range(dialog.conclusion.count())][:2] == [
        "未发现问题", "发现问题，责令整改"]
    dialog.conclusion.setCurrentIndex(dialog.conclusion.findData("rectify"))
    dialog.decided_on.setText("2025-10-20")
    dialog.rectify_by.setText("２０２５－１１－２０")  # typed with a Chinese input method
    assert dialog.save()
    row, _ = _case(signed_path, task_id)
    assert row == ("rectify", "2025-11-20", None, "signed")
    assert "收到整改报告的日期" in dialog.missing.text()
    dialog.received.setText("2025-11-18")
    dialog.checked.setText("2025-11-25")
    dialog.accepted.setCurrentIndex(dialog.accepted.findData(True))
    dialog.reject()  # closing saves what was typed
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    row, _ = _case(signed_path, task_id)
    assert row == ("rectify", "2025-11-20", 1, "closed")
    qtbot.waitUntil(lambda: ws.status.text() == "已办结", timeout=5000)


def test_a_refused_date_keeps_the_typed_text_and_the_dialog_open(qtbot, signed_window, signed_path):
    task_id, _ = _signed_with_problems(signed_path)
    signed_window.show_page(4)
    signed_window.tasks.refresh()
    ws = signed_window.tasks.open_task(task_id)
    dialog = ws.show_case()
    dialog.conclusion.setCurrentIndex(dialog.conclusion.findData("rectify"))
    dialog.decided_on.setText("2025-10-20")
    dialog.rectify_by.setText("2025-10-01")  # before the conclusion
    dialog.reject()
    assert dialog.isVisible() and dialog.rectify_by.text() == "2025-10-01"
    assert "整改期限早于" in dialog.last_dialog.message.text()
    assert _case(signed_path, task_id)[0] is None


def test_a_referral_rests_on_the_items_recorded_as_problems(qtbot, signed_window, signed_path):
    task_id, items = _signed_with_problems(signed_path)
    signed_window.show_page(4)
    signed_window.tasks.refresh()
    ws = signed_window.tasks.open_task(task_id)
    dialog = ws.show_case()
    assert not dialog.refer_button.isEnabled()  # no conclusion saved yet
    dialog.conclusion.setCurrentIndex(dialog.conclusion.findData("refer"))
    dialog.decided_on.setText("2025-10-20")
    referral = dialog.ask_referral()  # saves the conclusion first
    assert dialog.refer_button.isEnabled()
    assert [referral.item_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(referral.item_list.count())] == items
    referral.to.setCurrentIndex(referral.to.findData("police"))
    referral.day.setText("2025-10-21")
    referral.accept()  # no text: refused, the dialog stays
    assert referral.isVisible() and "问题线索" in dialog.last_dialog.message.text()
    referral.text.setPlainText("疑似出具虚假检验报告")
    referral.accept()
    assert not referral.isVisible()
    row, referrals = _case(signed_path, task_id)
    assert row[3] == "closed" and [(r, json.loads(i), t) for r, i, t in referrals] == [("police", items, "疑似出具虚假检验报告")]
    assert dialog.referrals.rowCount() == 1 and dialog.referrals.item(0, 0).text() == "公安机关"
