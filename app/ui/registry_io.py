"""Import and export of a registry from the window: dialogs, the job off the UI thread, the outcome shown.

Shared by the institution and inspector pages. The job opens its own
database connection in the worker thread; the page refreshes when it ends.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.storage import connect
from app.ui.file_dialogs import document_name, remember_folder, save_dialog
from app.ui.import_dialog import XLSX_FILTER, ImportDialog
from app.ui.jobs import start_job
from app.ui.problem_dialogs import result_box, show_error


def _on_own_connection(db_path: Path, use, *args):
    """A job body: `use(db, *args, progress, cancelled)` on a connection opened in the worker thread."""
    def work(progress, cancelled):
        db = connect(db_path)
        try:
            return use(db, *args, progress, cancelled)
        finally:
            db.close()
    return work


def _service():
    """The import/export use cases, imported when first used (they pull in the Excel readers)."""
    from app.services import registry

    return registry


class RegistryIO(QObject):
    imported = Signal(object)  # ImportReport, or None when refused, failed or cancelled
    exported = Signal(object)  # the path written, or None

    def __init__(self, page: QWidget, db_path: Path, kind: str):
        super().__init__(page)
        self.page, self.db_path, self.kind = page, db_path, kind
        self.last_dialog = None  # the last outcome dialog shown (tests look at it)

    def _names(self) -> tuple[str, str]:
        if self.kind == "institutions":
            return self.tr("导入机构库"), self.tr("导出机构库")
        return self.tr("导入人员库"), self.tr("导出人员库")

    # import
    def ask_import(self) -> ImportDialog:
        dialog = ImportDialog(self.page, self._names()[0], with_category=self.kind == "institutions")
        dialog.chosen.connect(self.start_import)
        dialog.open()
        return dialog

    def start_import(self, path: Path, options):
        remember_folder(path)  # also when the path was typed, not chosen
        service = _service()
        importer = service.import_institutions if self.kind == "institutions" else service.import_inspectors
        work = _on_own_connection(self.db_path, importer, Path(path), options)
        return start_job(self.page, self._names()[0], work, self._import_done)

    def _import_done(self, report, error, cancelled: bool) -> None:
        title = self._names()[0]
        if cancelled:
            self.last_dialog = self._message(QMessageBox.Icon.Information, title,
                                             self.tr("导入已取消，数据库没有任何改动。"))
        elif error is not None:
            self.last_dialog = show_error(self.page, title, error)
            report = None
        else:
            self.last_dialog = self._report(title, report)
        self.imported.emit(report)

    def _report(self, title: str, report):
        text = self.tr("{0}：共 {1} 行，新增 {2}，更新 {3}，未变 {4}。").format(
            report.file, report.rows, report.inserted, report.updated, report.unchanged)
        if report.refused:
            text += "\n" + self.tr("{0} 行未导入，连同原因另存为：{1}").format(report.refused, report.refused_file)
        if report.warnings:
            text += "\n" + self.tr("另有 {0} 条提醒或说明。").format(len(report.warnings))
        return result_box(self.page, title, text, report.refused_problems + report.warnings)

    def _message(self, icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.page)
        box.open()
        return box

    # export
    def ask_export(self):
        name = document_name(self.tr("机构库") if self.kind == "institutions" else self.tr("人员库"), suffix=".xlsx")
        return save_dialog(self.page, self._names()[1], name, QCoreApplication.translate("file_dialog", XLSX_FILTER),
                           "xlsx", self.start_export)

    def start_export(self, path: Path):
        service = _service()
        exporter = service.export_institutions if self.kind == "institutions" else service.export_inspectors
        work = _on_own_connection(self.db_path, exporter, path)

        def done(count, error, cancelled):
            title = self._names()[1]
            if cancelled:
                self.last_dialog = self._message(QMessageBox.Icon.Information, title,
                                                 self.tr("导出已取消，没有写入文件。"))
                self.exported.emit(None)
            elif error is not None:
                self.last_dialog = show_error(self.page, title, error)
                self.exported.emit(None)
            else:
                self.last_dialog = self._message(QMessageBox.Icon.Information, title,
                                                 self.tr("已导出 {0} 条到 {1}").format(count, path))
                self.exported.emit(path)

        return start_job(self.page, self._names()[1], work, done)
