"""One rule behind the window and the command line (issue 8): the same text typed in either front end is read
by the same service and stored the same way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.cli import main
from tests.ui.test_ui_pending_edits import _back_button, _new_task, _open, _stored, _type

TYPED = [
    ("signatories", "张三，李四、王五 赵六;钱七", ["张三", "李四", "王五", "赵六", "钱七"]),
    ("cma_expires_on", "２０３０－０１－３１", "2030-01-31"),
]


def _through_the_window(qtbot, window, db_path, key, text):
    ws = _open(window, db_path)
    ws.tabs.setCurrentWidget(ws.info_tab)
    edit = ws.info_tab.edits[key]
    edit.clear()
    _type(qtbot, edit, text)
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    return _stored(db_path, ws.task_id).institution


def _through_the_command_line(db_path, key, text):
    task_id = _new_task(db_path, nth=1)
    assert main(["--db", str(db_path), "record", "correct", "--task", task_id, "--field", key, "--value", text]) == 0
    return _stored(db_path, task_id).institution


@pytest.mark.parametrize("key,text,expected", TYPED)
def test_a_correction_typed_in_either_front_end_is_stored_alike(qtbot, window, db_path, key, text, expected):
    by_window = _through_the_window(qtbot, window, db_path, key, text)
    by_command = _through_the_command_line(db_path, key, text)
    shown = lambda v: v.isoformat() if hasattr(v, "isoformat") else v  # noqa: E731
    assert shown(getattr(by_window, key)) == expected
    assert shown(getattr(by_command, key)) == expected


def test_a_date_that_is_no_date_is_refused_alike(qtbot, window, db_path, capsys):
    ws = _open(window, db_path)
    ws.tabs.setCurrentWidget(ws.info_tab)
    edit = ws.info_tab.edits["cma_expires_on"]
    edit.clear()
    _type(qtbot, edit, "2030-02-30")
    QTest.mouseClick(_back_button(ws), Qt.MouseButton.LeftButton)
    assert "YYYY-MM-DD" in ws.last_error.message
    task_id = _new_task(db_path, nth=1)
    assert main(["--db", str(db_path), "record", "correct", "--task", task_id, "--field", "cma_expires_on",
                 "--value", "2030-02-30", "--json"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().out


def test_the_samples_tab_states_the_domains_limits_and_labels(qtbot, window, db_path):
    from PySide6.QtWidgets import QLabel

    ws = _open(window, db_path)
    texts = [label.text() for label in ws.samples_tab.findChildren(QLabel)]
    assert any("|z|≤2 满意，2<|z|<3 有问题，|z|≥3 不满意；|En|≤1 满意" in t for t in texts), texts
    choices = [text for _, text in ws.samples_tab.choices()["statistic"]]
    assert choices == ["", "z 值", "z′ 值", "ζ 值", "En 值", "定性"]



# --- a blind sample's code names one sample in its task -----------------------------------------------


def _codes(db_path, task_id):
    return [s.code for s in _stored(db_path, task_id).blind_samples]


def test_the_window_cannot_give_a_second_sample_the_same_code(qtbot, window, db_path):
    ws = _open(window, db_path)  # the task starts with one sample, 盲样1
    tab = ws.samples_tab
    tab.add_row()
    assert _codes(db_path, ws.task_id) == ["盲样1", "盲样2"]
    tab.table.clearSelection()
    tab.table.selectRow(0)
    tab.remove_selected()
    tab.add_row()  # not 盲样2 again: that code is taken
    assert _codes(db_path, ws.task_id) == ["盲样2", "盲样3"]
    tab._save_cell(0, "code", "盲样3")  # the first row (盲样2) renamed to the other's code, as a cell edit saves
    assert "已用于本任务的另一个盲样" in ws.last_error.message
    assert _codes(db_path, ws.task_id) == ["盲样2", "盲样3"]


def test_the_command_line_corrects_the_sample_its_code_names(db_path, capsys):
    task_id = _new_task(db_path)  # with 盲样1, as the window made it
    args = ["--db", str(db_path), "record", "blind-sample", "--task", task_id, "--code", "盲样1", "--parameter", "铅",
            "--unit", "mg/kg", "--statistic", "z", "--assigned", "10.0", "--sigma-pt", "0.50", "--result", "11.2", "--json"]
    assert main(args) == 0
    assert '"replaced": true' in capsys.readouterr().out
    record = _stored(db_path, task_id)
    assert [(s.code, s.parameter, s.judgement) for s in record.blind_samples] == [
        ("盲样1", "铅", "questionable")]


def test_the_database_refuses_a_second_sample_with_the_same_code(db_path):
    import sqlite3

    task_id = _new_task(db_path)
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="already used"):
            conn.execute("INSERT INTO blind_samples (id, task_id, position, code, updated_at, hlc) "
                         "VALUES ('twin', ?, 9, '盲样1', 't', 'h')", [task_id])
    finally:
        conn.close()
