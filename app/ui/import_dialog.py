"""Choosing a registry workbook to import, and how: a file-wide category, skipping invalid rows.

The file chooser is Qt's own (not the platform's native one), opened with
`open()` so nothing blocks; tests set the path directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.registry import Category
from app.ui.file_dialogs import open_dialog
from app.ui.labels import label

XLSX_FILTER = QT_TRANSLATE_NOOP("file_dialog", "Excel 工作簿 (*.xlsx)")


class ImportDialog(QDialog):
    """Emits `chosen(path, options)` when the user accepts."""

    chosen = Signal(Path, object)

    def __init__(self, parent: QWidget, title: str, *, with_category: bool):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("选择要导入的 .xlsx 文件"))
        browse = QPushButton(self.tr("浏览(&B)…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.path)
        row.addWidget(browse)
        form.addRow(self.tr("文件(&F)："), row)
        form.labelForField(row).setBuddy(self.path)  # the label of a layout has no buddy of its own: Alt+F, not "&F"
        self.category = QComboBox()
        self.category.addItem(self.tr("按文件中的「机构类别」列"), None)
        for member in Category:
            self.category.addItem(label(member), member)
        if with_category:
            form.addRow(self.tr("机构类别(&C)："), self.category)
        else:
            self.category.hide()
        self.skip_invalid = QCheckBox(self.tr("跳过不符合要求的行，并把它们连同原因另存为新文件(&S)"))
        form.addRow("", self.skip_invalid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.path.textChanged.connect(lambda text: self._ok.setEnabled(bool(text.strip())))
        self._ok.setEnabled(False)

    def _browse(self) -> QFileDialog:
        self.file_dialog = open_dialog(self, self.tr("选择工作簿"), QCoreApplication.translate("file_dialog", XLSX_FILTER),
                                       lambda path: self.path.setText(str(path)))
        return self.file_dialog

    def options(self):
        from app.services.registry import ImportOptions

        return ImportOptions(skip_invalid=self.skip_invalid.isChecked(), category=self.category.currentData())

    def accept(self) -> None:
        path = Path(self.path.text().strip())
        super().accept()
        self.chosen.emit(path, self.options())
