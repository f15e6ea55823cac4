"""Producing a task's notice of inspection (检查通知书) from its workspace: the file (PDF or Word, by the filter
or the name's extension), then `notices.export` off the UI thread — which numbers the notice the first time —
and the outcome in words."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.services.notices import export
from app.ui import settings
from app.ui.file_dialogs import choose_kind
from app.ui.jobs import on_own_connection, start_job
from app.ui.problem_dialogs import show_error

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class NoticeExport(QObject):
    """One export: `ask_file()` opens the save dialog, which starts the job; `done` is called after a success."""

    def __init__(self, parent: QWidget, db_path: Path, task_id: str, institution: str, done=None):
        super().__init__(parent)
        self.page, self.db_path, self.task_id, self.institution = parent, db_path, task_id, institution
        self.done = done
        self.file_dialog = self.last_dialog = self.job = None
        self.last_export: Path | None = None
        self.result: dict | None = None

    def title(self) -> str:
        return self.tr("检查通知书")

    def ask_file(self) -> QFileDialog:
        directory = settings.value(settings.LAST_DIRECTORY)
        name = UNSAFE.sub("_", self.tr("{0} 检查通知书.pdf").format(self.institution))
        pdf, docx = self.tr("PDF 文件 (*.pdf)"), self.tr("Word 文档 (*.docx)")
        dialog = QFileDialog(self.page, self.title(), str(Path(directory) / name) if directory else name,
                             ";;".join((pdf, docx)))
        choose_kind(dialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.filterSelected.connect(lambda chosen: dialog.setDefaultSuffix("docx" if chosen == docx else "pdf"))
        dialog.fileSelected.connect(lambda path: self.export(Path(path)))
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def export(self, path: Path):
        settings.set_value(settings.LAST_DIRECTORY, str(Path(path).parent))
        task_id = self.task_id
        work = on_own_connection(self.db_path, lambda db: export(db, task_id, Path(path)))
        self.job = start_job(self.page, self.title(), work, self._exported)
        return self.job

    def _exported(self, result, error, cancelled) -> None:
        if error is not None:
            self.last_dialog = show_error(self.page, self.title(), error)
            return
        if result is None:
            return
        self.result = result
        self.last_export = Path(result["file"])
        text = self.tr("检查通知书 {0} 已导出：{1}").format(result["number"], result["file"])
        if result["issued"]:
            text += "\n" + self.tr("这是首次发出，已编号；以后再导出仍是这个编号。")
        text += "\n" + self.tr("送达后请在“现场情况”中记录告知时间和告知方式。")
        box = QMessageBox(QMessageBox.Icon.Information, self.title(), text, QMessageBox.StandardButton.Ok, self.page)
        box.open()
        self.last_dialog = box
        if self.done is not None:
            self.done()
