"""After an import that skipped bad rows (跳过), the result box offers 查看明细 and closes with Esc or its close button."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.domain.credit_code import complete
from app.services.registry import ImportOptions
from app.ui.problem_dialogs import ProblemsDialog
from tests.xlsx_helpers import write_xlsx

HEADER = ["机构名称", "统一社会信用代码", "机构类别", "所属区县", "证书编号", "有效日期"]


def _skipped_import(qtbot, window, tmp_path) -> QMessageBox:
    """Import three rows of which one is refused, with 跳过 ticked: returns the result box."""
    rows = [[f"晋城市计量检定所{i}号", complete(f"91140213MA00{i:04d}X"), "其他检验检测机构", "城区", "",
             date(2030, 1, 1)] for i in range(1, 4)]
    rows[1][1] = "91350100M000100Y4Z"  # a letter a credit code never has: this row is refused
    xlsx = write_xlsx(tmp_path / "跳过.xlsx", [HEADER] + rows)
    page = window.institutions
    options = ImportOptions(skip_invalid=True, category=None)
    with qtbot.waitSignal(page.importFinished, timeout=30_000) as blocker:
        page.io.start_import(xlsx, options)
    report = blocker.args[0]
    assert (report.inserted, report.refused) == (2, 1)
    box = page.io.last_dialog
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    return box


def _details_button(box: QMessageBox) -> QPushButton:
    found = [b for b in box.buttons() if b.text().startswith("查看明细")]
    assert len(found) == 1, [b.text() for b in box.buttons()]
    return found[0]


def test_the_result_box_has_a_details_button_that_opens_the_refused_rows(qtbot, window, tmp_path):
    box = _skipped_import(qtbot, window, tmp_path)
    QApplication.processEvents()
    button = _details_button(box)
    assert button.isVisible()
    before = set(window.findChildren(ProblemsDialog))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    opened = [d for d in window.findChildren(ProblemsDialog) if d not in before]
    assert len(opened) == 1
    details = opened[0]
    assert details.isVisible()
    assert details.table.model().rowCount() >= 1
    assert any(p.row == 3 for p in details.problems)  # the second data row, below the header row
    assert box.text() in details.message.text()  # the summary is repeated above the table


def test_the_result_box_closes_with_esc(qtbot, window, tmp_path):
    box = _skipped_import(qtbot, window, tmp_path)
    box.activateWindow()
    QTest.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)


def test_the_result_box_closes_with_its_close_button(qtbot, window, tmp_path):
    box = _skipped_import(qtbot, window, tmp_path)
    event = QCloseEvent()  # what the title bar's close button sends
    QApplication.sendEvent(box, event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)
