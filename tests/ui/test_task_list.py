"""The task list (issue 13) on the demo's six tasks (seed 7, 60 institutions): search as you type, filters, sorting
by pinyin, date and workflow, status colours with their names, grouping by plan, cancel from the list with a
reason, the duplicate warning on a new task, the selection kept, Enter opens, and the view remembered.

The demo's tasks (written out here, as `spotcheck demo --seed 7 --institutions 60` makes them):
已计划 山西广科计量校准技术有限公司 2025-11-12, no plan, team 霍强凯 程霞斌 康静秀, record 第 6 号;
已告知 山西德测司法鉴定技术有限公司 2025-10-31, the 2025 plan, 林文婷 闫斌;
现场检查中 大同明和机动车检测服务有限公司 2025-09-16, the plan, 霍强凯 刘雪 杨雪辉 苗波 康静秀;
记录完成 大同华捷环保检测科技有限公司 2025-10-16, the plan, 林文婷 常海 杨峰霞;
已签署 山西信安食品检测技术有限公司 2025-10-14, no plan; 已签署 山西方瑞机动车检测技术有限公司 2025-10-01, the plan.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

PLANNED, NOTIFIED, ON_SITE = "山西广科计量校准技术有限公司", "山西德测司法鉴定技术有限公司", "大同明和机动车检测服务有限公司"
RECORDED, SIGNED_1, SIGNED_2 = "大同华捷环保检测科技有限公司", "山西信安食品检测技术有限公司", "山西方瑞机动车检测技术有限公司"
PLAN = "2025年度检验检测机构“双随机、一公开”监督抽查"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from app.demo.data import build_demo
    from app.store.database import open_database

    path = tmp_path_factory.mktemp("tasks") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, seed=7, institutions=60, inspectors=20, db_path=path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_path(demo_file, tmp_path):
    path = tmp_path / "ui.sqlite"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def page(window):
    window.show_page(4)
    return window.tasks


def _names(page) -> list[str]:
    return [page.table.item(r, 1).text() for r in range(page.table.rowCount())]


def _column(page, c: int) -> list[str]:
    return [page.table.item(r, c).text() for r in range(page.table.rowCount())]


def _choose(combo, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))
    assert combo.currentText() == text


def _task_id(db_path, name: str) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT t.id FROM tasks t JOIN institutions i ON i.id = t.institution_id"
                            " WHERE i.name = ?", [name]).fetchone()[0]


def test_search_as_you_type_by_name_code_inspector_and_number(qtbot, page):
    assert page.count.text() == "共 6 个检查任务"
    qtbot.keyClicks(page.list.search, "91140221776646853b")  # typed: a credit code, in lower case
    assert _names(page) == [SIGNED_1] and page.count.text() == "显示 1 个，共 6 个检查任务"
    page.list.search.setText("德测")  # Chinese comes through the input method: set as it would arrive
    assert _names(page) == [NOTIFIED]
    page.list.search.setText("林文婷")
    assert sorted(_names(page)) == sorted([NOTIFIED, RECORDED])
    page.list.search.setText("霍强凯 康静秀")  # every word
    assert sorted(_names(page)) == sorted([PLANNED, ON_SITE, SIGNED_1])
    page.list.search.setText("第6号")  # the record's number, 同市监检记〔2025〕第 6 号
    assert _names(page) == [PLANNED]
    page.list.search.setText("没有这个机构")
    assert _names(page) == [] and page.count.text() == "显示 0 个，共 6 个检查任务"
    page.list.search.clear()
    assert len(_names(page)) == 6


def test_filters_by_status_plan_year_and_inspector(qtbot, page, db_path):
    from app.services.storage import connect
    from app.services.tasks import create_task

    _choose(page.list.status_filter, "已签署")
    assert sorted(_names(page)) == sorted([SIGNED_1, SIGNED_2])
    _choose(page.list.plan_filter, PLAN)
    assert _names(page) == [SIGNED_2]
    _choose(page.list.status_filter, "全部（不含已取消）")
    assert sorted(_names(page)) == sorted([NOTIFIED, ON_SITE, RECORDED, SIGNED_2])
    _choose(page.list.plan_filter, "不属于抽查计划的任务")
    assert sorted(_names(page)) == sorted([PLANNED, SIGNED_1])
    _choose(page.list.plan_filter, "全部任务")
    _choose(page.list.inspector_filter, "林文婷")
    assert sorted(_names(page)) == sorted([NOTIFIED, RECORDED])
    _choose(page.list.inspector_filter, "全部检查人员")
    db = connect(db_path)
    try:
        from datetime import date

        people = [r[0] for r in db.conn.execute("SELECT inspector_id FROM task_members WHERE task_id = ?"
                                                " ORDER BY position", [_task_id(db_path, SIGNED_2)])]
        code = db.conn.execute("SELECT credit_code FROM institutions WHERE name = ?", [SIGNED_2]).fetchone()[0]
        create_task(db, code, people, people[0], date(2026, 3, 2))
    finally:
        db.close()
    page.refresh()
    years = [page.list.year_filter.itemText(i) for i in range(page.list.year_filter.count())]
    assert years == ["全部年度", "2026", "2025"]
    _choose(page.list.year_filter, "2026")
    assert _names(page) == [SIGNED_2] and _column(page, 4) == ["2026-03-02"]
    assert page.count.text() == "显示 1 个，共 7 个检查任务"


def test_columns_sort_by_pinyin_date_and_workflow(qtbot, page):
    header = page.table.horizontalHeader()
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # as a click on 被检查机构
    # by pinyin: da tong hua jie, da tong ming he, shan xi de ce, fang rui, guang ke, xin an (not by code point)
    assert _names(page) == [RECORDED, ON_SITE, NOTIFIED, SIGNED_2, PLANNED, SIGNED_1]
    header.setSortIndicator(4, Qt.SortOrder.AscendingOrder)
    assert _column(page, 4) == ["2025-09-16", "2025-10-01", "2025-10-14", "2025-10-16", "2025-10-31", "2025-11-12"]
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert _column(page, 0) == ["已计划", "已告知", "现场检查中", "记录完成，待签名", "已签署", "已签署"]
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert _column(page, 0)[0] == "已签署" and _column(page, 0)[-1] == "已计划"
    # the tasks the page hands out follow the rows
    assert [t.institution for t in page.tasks] == _names(page)


def test_each_status_has_its_colour_beside_its_name_and_a_legend(qtbot, page):
    cells = {page.table.item(r, 0).text(): page.table.item(r, 0) for r in range(page.table.rowCount())}
    assert set(cells) == {"已计划", "已告知", "现场检查中", "记录完成，待签名", "已签署"}
    backgrounds = {text: item.background().color().name() for text, item in cells.items()}
    assert len(set(backgrounds.values())) == 5  # one colour per status, and the name written in the cell
    assert all(cells[t].toolTip() == f"状态：{t}" for t in cells)
    legend = page.list.legend.text()
    for name in ("已计划", "已告知", "现场检查中", "记录完成，待签名", "已签署", "已汇总", "已办结", "已取消"):
        assert f"&nbsp;{name}&nbsp;" in legend


def test_grouping_by_plan_puts_tasks_under_their_plan(qtbot, page):
    page.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
    page.list.grouped.setChecked(True)
    rows = [t.institution if t else page.table.item(r, 0).text() for r, t in enumerate(page.list.row_tasks)]
    assert rows == [f"{PLAN}（4 项）", ON_SITE, SIGNED_2, RECORDED, NOTIFIED,
                    "不属于抽查计划的任务（2 项）", SIGNED_1, PLANNED]
    assert page.table.columnSpan(0, 0) == len(page.COLUMNS) and len(page.tasks) == 6
    page.table.selectRow(0)  # a heading is no task: nothing to open or cancel
    assert page.selected_tasks() == []
    page.table.selectRow(6)
    assert [t.institution for t in page.selected_tasks()] == [SIGNED_1]


def test_cancel_with_delete_and_a_reason_hides_the_task_until_the_filter_shows_it(qtbot, page, db_path):
    row = _names(page).index(PLANNED)
    page.table.selectRow(row)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    dialog = page.last_dialog
    assert dialog.windowTitle() == "取消检查任务" and PLANNED in dialog.findChildren(type(page.count))[0].text()
    assert dialog.ok.isEnabled()  # nothing recorded yet: a reason is welcome, not required
    dialog.reason.setText("机构已注销")
    dialog.ok.click()
    assert PLANNED not in _names(page) and page.count.text() == "显示 5 个，共 6 个检查任务"
    _choose(page.list.status_filter, "已取消")
    assert _names(page) == [PLANNED] and _column(page, 0) == ["已取消"]
    tip = page.table.item(0, 0).toolTip()
    assert "机构已注销" in tip and "取消前：已计划" in tip
    with sqlite3.connect(db_path) as conn:
        logged = conn.execute("SELECT field, new_value FROM audit_log WHERE action = 'cancel' AND task_id = ?",
                              [_task_id(db_path, PLANNED)]).fetchall()
    assert ("cancel_reason", "机构已注销") in logged


def test_a_signed_record_cannot_be_cancelled_and_one_on_site_needs_a_reason(qtbot, page, db_path):
    signed = next(t for t in page.tasks if t.institution == SIGNED_1)
    dialog = page.ask_cancel([signed])
    assert not dialog.ok.isEnabled() and "已签署，记录须保留，不能取消" in dialog.note.text()
    dialog.reject()
    on_site = next(t for t in page.tasks if t.institution == ON_SITE)
    dialog = page.ask_cancel([on_site])
    with sqlite3.connect(db_path) as conn:
        recorded = conn.execute("SELECT count(*) FROM findings WHERE task_id = ? AND verdict != 'not_checked'",
                                [on_site.id]).fetchone()[0]
    assert recorded > 0 and not dialog.ok.isEnabled()
    dialog.reason.setText("   ")
    assert not dialog.ok.isEnabled()
    dialog.reason.setText("检查组人员调整，另行安排")
    assert dialog.ok.isEnabled()
    dialog.ok.click()
    assert ON_SITE not in _names(page)


def test_the_context_menu_offers_open_and_cancel(qtbot, page):
    from app.ui import table_export

    export = table_export.install(QApplication.instance())
    page.table.selectRow(_names(page).index(NOTIFIED))
    table = page.table
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5), table.viewport().mapToGlobal(QPoint(5, 5)))
    QApplication.sendEvent(table.viewport(), event)
    menu = export.last_menu
    assert [a.text() for a in menu.actions()][:2] == ["打开(&O)", "取消任务(&C)…"]
    menu.actions()[1].trigger()
    assert page.last_dialog.task.institution == NOTIFIED and page.last_dialog.isVisible()
    page.last_dialog.reject()
    menu.close()


def test_a_second_open_task_for_an_institution_is_named_and_asked_about(qtbot, page, db_path):
    from PySide6.QtWidgets import QMessageBox

    with sqlite3.connect(db_path) as conn:
        code = conn.execute("SELECT credit_code FROM institutions WHERE name = ?", [NOTIFIED]).fetchone()[0]
    made = []
    dialog = page.ask_new()
    dialog.created.disconnect()
    dialog.created.connect(made.append)
    dialog.institution.setText(f"{NOTIFIED}  {code}")
    for i in range(dialog.team.count()):  # 林文婷 and 闫斌 again, as the open task has them
        if dialog.team.item(i).text().split("（")[0] in ("林文婷", "闫斌"):
            dialog.team.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    box = dialog.duplicate_warning
    assert isinstance(box, QMessageBox) and made == []
    assert "该机构已有 1 项未办结的检查任务" in box.text()
    assert f"{NOTIFIED}：已告知，检查组 林文婷、闫斌（组长 林文婷），计划日期 2025-10-31" in box.text()
    back = next(b for b in box.buttons() if b.text() == "返回修改(&B)")
    back.click()
    assert made == [] and dialog.isVisible()
    dialog.accept()
    next(b for b in dialog.duplicate_warning.buttons() if b.text() == "仍然新建(&C)").click()
    assert len(made) == 1
    with sqlite3.connect(db_path) as conn:
        count = conn.execute("SELECT count(*) FROM tasks t JOIN institutions i ON i.id = t.institution_id"
                             " WHERE i.name = ?", [NOTIFIED]).fetchone()[0]
    assert count == 2


def test_the_selection_is_kept_after_a_refresh_and_enter_opens_the_task(qtbot, page, db_path):
    row = _names(page).index(RECORDED)
    page.table.selectRow(row)
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # the rows move
    page.refresh()
    assert [t.institution for t in page.selected_tasks()] == [RECORDED]
    assert page.table.currentRow() == _names(page).index(RECORDED)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.workspace is not None and page.workspace.task_id == _task_id(db_path, RECORDED)


def test_the_sort_and_filters_are_remembered(qtbot, window, db_path):
    from app.ui.tasks_page import TasksPage

    page = window.tasks
    _choose(page.list.status_filter, "全部（含已取消）")
    _choose(page.list.inspector_filter, "霍强凯")
    page.list.grouped.setChecked(True)
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    again = TasksPage(window.registry, db_path)
    qtbot.addWidget(again)
    assert again.list.status_filter.currentText() == "全部（含已取消）"
    assert again.list.inspector_filter.currentText() == "霍强凯" and again.list.grouped.isChecked()
    header = again.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (1, Qt.SortOrder.AscendingOrder)
    assert [t.institution for t in again.tasks] == [ON_SITE, PLANNED, SIGNED_1]  # plan first, then by pinyin
