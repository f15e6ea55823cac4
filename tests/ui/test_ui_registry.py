"""The registry pages driven as a user would: import through the dialog, filter and sort the table."""

from __future__ import annotations

import hashlib
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.credit_code import complete
from app.domain.registry import Category, RiskClass
from app.ui.problem_dialogs import ProblemsDialog
from tests.xlsx_helpers import write_xlsx

HEADER = ["机构名称", "统一社会信用代码", "机构类别", "所属区县", "证书编号", "有效日期"]


def _code(n: int) -> str:
    return complete(f"91140213MA0Z{n:04d}X".replace("Z", "0"))


def _rows(n: int) -> list[list]:
    return [[f"大同市测绘仪器检定站{i}号", _code(i), "其他检验检测机构", "新荣区", "", date(2030, 1, 1)]
            for i in range(1, n + 1)]


def type_text(widget, text: str) -> None:
    """Type as a Chinese input method does: each character arrives as a committed input-method event.

    (QTest's key clicks only know ASCII.)
    """
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def _file_hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_window_shows_the_registry_and_every_page(window):
    assert window.institutions.model.rowCount() == 120
    assert "120" in window.institutions.ui.count.text()
    assert window.inspectors.model.rowCount() == 20
    names = [window.ui.navigation.item(i).text() for i in range(window.ui.navigation.count())]
    assert names == ["机构库", "人员库", "检查事项清单", "抽查计划", "检查任务", "汇总与公示", "数据包"]
    window.show_page(2)
    assert window.checklist.items.count() == 18
    detail = window.institutions.ui.detail.toPlainText()
    assert "统一社会信用代码" in detail


def test_import_through_the_dialog_adds_rows(qtbot, window, tmp_path):
    page = window.institutions
    xlsx = write_xlsx(tmp_path / "新机构.xlsx", [["2025年度新增机构名录"], HEADER] + _rows(3))
    dialog = page.io.ask_import()
    assert dialog.isVisible()
    type_text(dialog.path, str(xlsx))
    with qtbot.waitSignal(page.importFinished, timeout=30_000) as blocker:
        dialog.accept()
    report = blocker.args[0]
    assert (report.inserted, report.updated, report.refused) == (3, 0, 0)
    assert page.model.rowCount() == 123
    assert isinstance(page.io.last_dialog, QMessageBox)
    assert "新增 3" in page.io.last_dialog.text()
    page.ui.search.setText("测绘仪器检定站")
    assert page.model.rowCount() == 3


def test_refused_import_lists_the_rows_and_changes_nothing(qtbot, window, db_path, tmp_path):
    page = window.institutions
    rows = _rows(3)
    rows[1][1] = "91350100M000100Y4Z"  # forbidden letter Z
    rows[2][1] = 914403001922038216  # a number cell: digits lost
    xlsx = write_xlsx(tmp_path / "坏.xlsx", [HEADER] + rows)
    before = _file_hash(db_path)
    with qtbot.waitSignal(page.importFinished, timeout=30_000) as blocker:
        page.io.start_import(xlsx, page.io.ask_import().options())
    assert blocker.args[0] is None
    dialog = page.io.last_dialog
    assert isinstance(dialog, ProblemsDialog)
    assert dialog.isVisible()
    listed = {(p.row, p.sheet) for p in dialog.problems}
    assert listed == {(3, "Sheet1"), (4, "Sheet1")}
    assert dialog.table.model().rowCount() == len(dialog.problems)
    assert page.model.rowCount() == 120
    assert _file_hash(db_path) == before


def test_cancelled_import_writes_nothing(qtbot, window, tmp_path):
    page = window.institutions
    xlsx = write_xlsx(tmp_path / "many.xlsx", [HEADER] + _rows(500))
    with qtbot.waitSignal(page.importFinished, timeout=30_000) as blocker:
        job = page.io.start_import(xlsx, page.io.ask_import().options())
        job.cancel()
    assert blocker.args[0] is None
    assert "取消" in page.io.last_dialog.text()
    page.refresh()
    assert page.model.rowCount() == 120


def test_search_box_filters_as_you_type(qtbot, window):
    page = window.institutions
    first_name = page.model.data(page.model.index(0, 0))
    type_text(page.ui.search, first_name[:6])
    shown = page.model.rowCount()
    assert 1 <= shown < 120
    assert all(first_name[:6] in page.model.data(page.model.index(r, 0)) for r in range(shown))
    page.ui.search.clear()
    code = page.model.data(page.model.index(5, 1))
    qtbot.keyClicks(page.ui.search, code[-6:].lower())
    assert code in [page.model.data(page.model.index(r, 1)) for r in range(page.model.rowCount())]
    page.ui.search.setText("没有这样的机构名称")
    assert page.model.rowCount() == 0
    assert "0" in page.ui.count.text()


def test_filters_combine_and_show_counts(window):
    page = window.institutions
    ui = page.ui
    ui.category.setCurrentIndex(ui.category.findData(Category.VEHICLE))
    vehicles = page.model.rowCount()
    assert 0 < vehicles < 120
    assert all(page.model.data(page.model.index(r, 2)) == "机动车" for r in range(vehicles))
    ui.riskClass.setCurrentIndex(ui.riskClass.findData(RiskClass.B))
    assert page.model.rowCount() <= vehicles
    assert all(page.model.data(page.model.index(r, 6)) == "B" for r in range(page.model.rowCount()))
    ui.category.setCurrentIndex(0)
    ui.riskClass.setCurrentIndex(0)
    ui.priority.setCurrentIndex(ui.priority.findData("any"))
    flagged = page.model.rowCount()
    assert 0 < flagged < 120
    assert all(page.model.data(page.model.index(r, 7)) for r in range(flagged))
    ui.priority.setCurrentIndex(0)
    district = ui.district.itemData(1)
    ui.district.setCurrentIndex(1)
    assert all(page.model.data(page.model.index(r, 3)) == district for r in range(page.model.rowCount()))
    assert "显示" in ui.count.text()


def test_header_click_sorts(window):
    page = window.institutions
    header = page.ui.table.horizontalHeader()
    header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    codes = [page.model.data(page.model.index(r, 1)) for r in range(page.model.rowCount())]
    assert codes == sorted(codes, reverse=True)
    header.setSortIndicator(5, Qt.SortOrder.AscendingOrder)
    dates = [page.model.data(page.model.index(r, 5)) for r in range(page.model.rowCount())]
    assert dates == sorted(dates)


def test_selecting_a_row_shows_its_details(window):
    page = window.institutions
    page.ui.table.selectRow(3)
    name = page.model.data(page.model.index(3, 0))
    code = page.model.data(page.model.index(3, 1))
    text = page.ui.detail.toPlainText()
    assert name in text and code in text


def test_export_from_the_window_writes_a_workbook(qtbot, window, tmp_path):
    page = window.inspectors
    target = tmp_path / "人员库.xlsx"
    with qtbot.waitSignal(page.exportFinished, timeout=30_000) as blocker:
        page.io.start_export(target)
    assert blocker.args[0] == target
    from tests.xlsx_helpers import read_xlsx

    rows = read_xlsx(target)
    assert rows[0][0] == "姓名" and len(rows) == 21


def test_keyboard_reaches_pages_and_search(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.page_actions[1].trigger()
    assert window.ui.pages.currentWidget() is window.inspectors
    window.page_actions[0].trigger()
    window.institutions.focus_search()
    assert window.institutions.ui.search.hasFocus() or window.focusWidget() is window.institutions.ui.search
    order = window.institutions.ui
    assert window.institutions.nextInFocusChain() is not None
    assert order.search.placeholderText().endswith("（Ctrl+F）")


def test_choosing_the_profile_in_the_window(window):
    dialog = window.ask_profile()
    assert dialog.person.count() > 0
    dialog.person.setCurrentIndex(2)
    chosen = dialog.person.currentData()
    dialog.inspector_role.setChecked(True)
    dialog.accept()
    assert window.profile["inspector"]["id"] == chosen
    assert window.profile["role"] == "inspector"
    assert window.profile["inspector"]["name"] in window.profile_label.text()
    assert "检查人员" in window.profile_label.text()
