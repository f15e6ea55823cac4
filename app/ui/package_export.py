"""Exporting a task's findings package from its workspace (issue 10): the file, then the signing key's passphrase,
then `export_findings` off the UI thread; the outcome is said in words."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from app.services.packages import SUFFIX, export_findings
from app.ui import settings
from app.ui.file_dialogs import choose_kind
from app.ui.jobs import on_own_connection, start_job
from app.ui.problem_dialogs import show_error

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class FindingsExport(QObject):
    """One export: `ask_file()` opens the save dialog, which asks the passphrase, which starts the job."""

    def __init__(self, parent: QWidget, db_path: Path, task_id: str, institution: str):
        super().__init__(parent)
        self.page, self.db_path, self.task_id, self.institution = parent, db_path, task_id, institution
        self.file_dialog = self.passphrase_dialog = self.last_dialog = self.job = None
        self.last_export: Path | None = None

    def title(self) -> str:
        return self.tr("导出检查结果包")

    def default_name(self) -> str:
        name = self.tr("{0} 检查结果 {1}{2}").format(self.institution, date.today().isoformat(), SUFFIX)
        return UNSAFE.sub("_", name)

    def ask_file(self) -> QFileDialog:
        directory = settings.value(settings.LAST_DIRECTORY)
        name = self.default_name()
        dialog = QFileDialog(self.page, self.title(), str(Path(directory) / name) if directory else name,
                             self.tr("检查结果包 (*{0})").format(SUFFIX))
        choose_kind(dialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(SUFFIX.lstrip("."))
        dialog.fileSelected.connect(lambda path: self.ask_passphrase(Path(path)))
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def ask_passphrase(self, path: Path) -> QInputDialog:
        settings.set_value(settings.LAST_DIRECTORY, str(path.parent))
        dialog = QInputDialog(self.page)
        dialog.setWindowTitle(self.title())
        dialog.setLabelText(self.tr("数据包用您的签名密钥签名。签名密钥的口令："))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(lambda passphrase: self.export(path, passphrase))
        dialog.open()
        self.passphrase_dialog = dialog
        return dialog

    def export(self, path: Path, passphrase: str):
        db_path, task_id = self.db_path, self.task_id
        work = on_own_connection(db_path, lambda db: export_findings(db, db_path, task_id, path, passphrase))
        self.job = start_job(self.page, self.title(), work, self._exported)
        return self.job

    def _exported(self, result, error, cancelled) -> None:
        if error is not None:
            self.last_dialog = show_error(self.page, self.title(), error)
            return
        if result is None:
            return
        self.last_export = Path(result["file"])
        text = self.tr("检查结果包已写入：{0}").format(result["file"])
        if result.get("report_pdf"):
            text += "\n" + self.tr("包内附有数字签名的现场检查记录 PDF。")
        text += "\n" + self.tr("请把它交给组长，由组长在“数据包”页导入。")
        box = QMessageBox(QMessageBox.Icon.Information, self.title(), text, QMessageBox.StandardButton.Ok, self.page)
        box.open()
        self.last_dialog = box
