"""Every table of the window can be written to Excel as shown (issue 12 item 7): its current filter, its visible
columns in their order; from the context menu (right click, Menu key, Shift+F10)."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication


def _cells(path):
    ws = load_workbook(path, read_only=True).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_filtered_institution_list_is_written_as_shown(qtbot, window, tmp_path):
    from app.ui.table_export import install, shown_rows

    page = window.institutions
    page.ui.search.setText("检测")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    shown = page.model.rowCount()
    table = page.ui.table
    table.horizontalHeader().moveSection(2, 0)  # the user dragged a column to the front
    export = install(QApplication.instance())
    out = tmp_path / "机构.xlsx"
    export.write(table, out, "机构库", *shown_rows(table))
    qtbot.waitUntil(lambda: out.exists(), timeout=20_000)
    cells = _cells(out)
    model = page.model
    first = table.horizontalHeader().logicalIndex(0)
    assert cells[0][0] == model.headerData(first, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert len(cells) == shown + 1
    names = {model.data(model.index(r, 0), Qt.ItemDataRole.DisplayRole) for r in range(shown)}
    name_column = [table.horizontalHeader().visualIndex(0)]
    assert {row[name_column[0]] for row in cells[1:]} == names


def test_the_context_menu_of_any_table_offers_the_export(qtbot, window, monkeypatch):
    from app.ui import table_export

    asked = []
    monkeypatch.setattr(table_export.TableExport, "ask", lambda self, view: asked.append(view))
    export = table_export.install(QApplication.instance())
    table = window.tasks.table
    # the Menu key (or Shift+F10) on the table: a context-menu event for its viewport
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5), table.viewport().mapToGlobal(QPoint(5, 5)))
    QApplication.sendEvent(table.viewport(), event)
    menu = export.last_menu
    texts = [a.text() for a in menu.actions()]  # the task list's own actions first (issue 13), then the export
    assert menu is not None and texts == ["打开(&O)", "取消任务(&C)…", "", "导出到 Excel(&X)…"]
    menu.actions()[-1].trigger()  # choosing it asks where to write
    assert asked == [table]
    menu.close()


def test_hidden_rows_and_columns_are_left_out_and_a_progress_bar_is_written_as_its_text(qtbot):
    from PySide6.QtWidgets import QProgressBar, QTableWidget, QTableWidgetItem

    from app.ui.table_export import shown_rows

    table = QTableWidget(3, 3)
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(["计划", "内部", "进度"])
    for r, name in enumerate(["甲", "乙", "丙"]):
        table.setItem(r, 0, QTableWidgetItem(name))
        table.setItem(r, 1, QTableWidgetItem("x"))
        bar = QProgressBar()
        bar.setRange(0, 4)
        bar.setValue(r)
        bar.setFormat("已完成 %v / %m")
        table.setCellWidget(r, 2, bar)
    table.setRowHidden(1, True)  # filtered out
    table.setColumnHidden(1, True)
    headers, rows = shown_rows(table)
    assert headers == ["计划", "进度"]
    assert rows == [["甲", "已完成 0 / 4"], ["丙", "已完成 2 / 4"]]
