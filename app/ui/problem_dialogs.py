"""Telling the user what went wrong: refused rows listed in a table, errors in words, never a traceback.

`show_error` turns any exception into a dialog: the core's typed errors
carry a message in the user's language and the problems (file, sheet, row,
column, value, expected); anything unexpected is logged with its traceback
and shown as a short apology with the log's location.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import Problem, SpotcheckError
from app.ui.screen_fit import resize_within_screen

log = logging.getLogger(__name__)


class ProblemsModel(QAbstractTableModel):
    def __init__(self, problems: list[Problem], parent=None):
        super().__init__(parent)
        self.problems = problems
        self.headers = [self.tr("文件"), self.tr("工作表"), self.tr("行"), self.tr("列"),
                        self.tr("内容"), self.tr("要求 / 说明")]

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        p = self.problems[index.row()]
        values = (p.file, p.sheet, p.row, p.column, p.value, p.expected)
        value = values[index.column()]
        return "" if value is None else str(value)


class ProblemsDialog(QDialog):
    """A message above a table of problems; the table can be copied as text for an e-mail."""

    def __init__(self, parent: QWidget | None, title: str, message: str, problems: list[Problem]):
        super().__init__(parent)
        self.setWindowTitle(title)
        resize_within_screen(self, 960, 520)
        self.problems = problems
        layout = QVBoxLayout(self)
        self.message = QLabel(message, wordWrap=True)
        layout.addWidget(self.message)
        self.table = QTableView()
        self.table.setModel(ProblemsModel(problems, self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the explanation wraps
        self.table.verticalHeader().hide()
        if len(problems) <= 500:  # measuring every row of a long list would stall the window
            self.table.setWordWrap(True)
            self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("复制全部(&C)"))
        copy.clicked.connect(self.copy_all)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_all(self) -> None:
        lines = [self.message.text()] + [p.describe() for p in self.problems]
        QGuiApplication.clipboard().setText("\n".join(lines))


def result_box(parent: QWidget | None, title: str, text: str, problems: list[Problem]) -> QMessageBox:
    """An outcome in words; with problems, a 查看明细 button opens them in a table (the summary repeated above).

    The box closes with Esc and its close button: 确定 is its escape button.
    """
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    if problems:
        # a button the box creates belongs to the box (one created here would be deleted with its Python name)
        details = box.addButton(QCoreApplication.translate("result_box", "查看明细…"),
                                QMessageBox.ButtonRole.ActionRole)
        details.clicked.connect(lambda: ProblemsDialog(parent, title, text, problems).open())
    box.setEscapeButton(QMessageBox.StandardButton.Ok)  # without it an extra button leaves Esc and close unanswered
    box.open()
    return box


def show_error(parent: QWidget | None, title: str, error: BaseException) -> QDialog:
    """Show `error` in the user's words (non-blocking); returns the dialog so tests can inspect it."""
    from app.environment import explain

    error = explain(error) or error  # a full disk, a read-only place, a held lock: said as such
    if isinstance(error, SpotcheckError) and error.problems:
        dialog = ProblemsDialog(parent, title, error.message, error.problems)
    elif isinstance(error, SpotcheckError):
        dialog = QMessageBox(QMessageBox.Icon.Warning, title, error.message, QMessageBox.StandardButton.Ok, parent)
    else:
        trace = getattr(error, "__traceback_text__", None)
        log.error("unexpected error: %s\n%s", error, trace or "")
        text = QCoreApplication.translate("show_error", "出现了意外错误，操作没有完成。\n\n{0}").format(
            f"{type(error).__name__}: {error}")
        dialog = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
        if trace:
            dialog.setDetailedText(trace)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
