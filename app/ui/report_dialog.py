"""The on-site record as a document: preview the PDF, export PDF or Word, sign it digitally; and check the
digital signature of a record PDF opened from disk.

Rendering, signing and verifying run off the UI thread; the passphrase is
asked for in a password field and handed to the signing job only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from app.ui.file_dialogs import document_name, open_dialog, save_dialog
from app.ui.jobs import on_own_connection, start_job
from app.ui.problem_dialogs import show_error
from app.ui.screen_fit import resize_within_screen


class ReportDialog(QDialog):
    """Preview and export of one task's record. `last_export` holds the path of the last file written."""

    def __init__(self, parent, db_path: Path, task_id: str, signed: bool, title: str):
        super().__init__(parent)
        self.db_path, self.task_id, self.signed, self.institution = db_path, task_id, signed, title
        self.setWindowTitle(self.tr("现场检查记录：{0}").format(title))
        resize_within_screen(self, 900, 900)
        self.last_export: Path | None = None
        self.last_dialog = None  # the last message shown (an error or the export's result), for tests
        self.file_dialog = None  # the last file chooser opened
        self.job = None
        layout = QVBoxLayout(self)
        self.state = QLabel(wordWrap=True)
        layout.addWidget(self.state)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton(self.tr("导出 PDF(&P)…"))
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        self.docx_button = QPushButton(self.tr("导出 Word(&W)…"))
        self.docx_button.clicked.connect(lambda: self.ask_export("docx"))
        self.sign_button = QPushButton(self.tr("加数字签名并导出 PDF(&S)…"))
        self.sign_button.setEnabled(signed)
        self.sign_button.setToolTip(self.tr("用本人的签名密钥签署 PDF（需要口令）") if signed
                                    else self.tr("记录签署后才能加数字签名"))
        self.sign_button.clicked.connect(self.ask_passphrase)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.close)
        for button in (self.pdf_button, self.docx_button, self.sign_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._buffer = None

    def refresh_preview(self):
        """Render the record as PDF off the UI thread, then show it."""
        from app.services.reporting import render

        self.state.setText(self.tr("正在生成预览…"))
        task_id = self.task_id
        self.job = start_job(self, self.tr("生成现场检查记录"),
                             on_own_connection(self.db_path, lambda db: render(db, self.db_path, task_id, "pdf")),
                             self._show)
        return self.job

    def _show(self, rendered, error, cancelled) -> None:
        if error is not None:
            self.state.setText(self.tr("无法生成预览。"))
            self.last_dialog = show_error(self, self.tr("生成现场检查记录"), error)
            return
        if rendered is None:
            return
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(rendered.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.state.setText(self.tr("共 {0} 页。").format(rendered.pages) + (
            "" if self.signed else self.tr("记录尚未签署：每页标有“草稿”。")))

    # export
    def ask_export(self, fmt: str) -> QFileDialog:
        name = document_name(self.institution, self.tr("现场检查记录"), suffix=f".{fmt}")
        self.file_dialog = save_dialog(
            self, self.tr("导出"), name, self.tr("PDF 文件 (*.pdf)") if fmt == "pdf" else self.tr("Word 文档 (*.docx)"),
            fmt, lambda path: self.export(path, fmt))
        return self.file_dialog

    def export(self, path: Path, fmt: str, passphrase: str | None = None):
        from app.services.reporting import export

        task_id = self.task_id
        work = on_own_connection(self.db_path, lambda db: export(db, self.db_path, task_id, path, fmt, passphrase))
        self.job = start_job(self, self.tr("导出现场检查记录"), work, self._exported)
        return self.job

    def _exported(self, result, error, cancelled) -> None:
        if error is not None:
            self.last_dialog = show_error(self, self.tr("导出现场检查记录"), error)
            return
        if result is None:
            return
        self.last_export = Path(result["file"])
        text = self.tr("已导出：{0}").format(result["file"])
        if result["signed"]:
            text += "\n" + self.tr("已加数字签名（PAdES）。")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("导出现场检查记录"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.open()
        self.last_dialog = box

    # signing
    def ask_passphrase(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("数字签名"))
        dialog.setLabelText(self.tr("签名密钥的口令："))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(self._chosen_passphrase)
        dialog.open()
        return dialog

    def _chosen_passphrase(self, passphrase: str) -> None:
        name = document_name(self.institution, self.tr("现场检查记录（已签名）"), suffix=".pdf")
        self.file_dialog = save_dialog(self, self.tr("保存签署的 PDF"), name, self.tr("PDF 文件 (*.pdf)"), "pdf",
                                       lambda path: self.export(path, "pdf", passphrase))


class VerifyDialog(QMessageBox):
    """The result of checking a signed record PDF: the verdict first, then who signed in which role and what
    was found (the services' messages)."""

    def __init__(self, parent, path: Path, result):
        ok = result.verdict == "confirmed"
        super().__init__(QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning,
                         QCoreApplication.translate("VerifyDialog", "验证数字签名"), "", QMessageBox.StandardButton.Ok,
                         parent)
        self.result = result
        self.setText(self.headline(result.verdict) + "\n" + path.name)
        self.setInformativeText("\n".join(result.messages))
        self.setTextFormat(Qt.TextFormat.PlainText)

    def headline(self, verdict: str) -> str:
        """What the verdict means, in a sentence (the same verdicts as `spotcheck report verify`)."""
        return {
            "confirmed": self.tr("签名有效、可信：文件签署后未被改动，签名人是检查组的执法人员，记录与本数据库一致。"),
            "altered": self.tr("文件签署后被改动过：不能作为已签署的记录使用。"),
            "unknown_signer": self.tr("无法确认签名人：签名人的证书没有在本数据库中登记，或签名人不是该任务检查组的执法人员。"),
            "not_signed": self.tr("这个文件没有数字签名。"),
            "unreadable": self.tr("无法读取这个文件或它写明的记录。"),
            "record_changed": self.tr("签名有效，但文件中的记录与本数据库中的当前记录不同：导出之后记录又被改动过。"),
            "not_in_this_database": self.tr("签名有效、文件签署后未被改动，但本数据库中没有它所属的检查任务："
                                            "无法核对签名人是否为检查组成员。"),
        }.get(verdict, self.tr("无法确认这份文件的数字签名。"))


def verify_file(parent, db_path: Path, path: Path, on_done=None):
    """Check the signature of a record PDF off the UI thread and show the result."""
    from app.services.reporting import verify_file as verify

    work = on_own_connection(db_path, lambda db: verify(db, path))

    def done(result, error, cancelled):
        if error is not None:
            box = show_error(parent, QCoreApplication.translate("VerifyDialog", "验证数字签名"), error)
        elif result is None:
            return
        else:
            box = VerifyDialog(parent, path, result)
            box.open()
        if on_done:
            on_done(box)

    return start_job(parent, QCoreApplication.translate("VerifyDialog", "验证数字签名"), work, done)


def ask_verify(parent, db_path: Path) -> QFileDialog:
    return open_dialog(parent, QCoreApplication.translate("VerifyDialog", "选择已签署的记录 PDF"),
                       QCoreApplication.translate("VerifyDialog", "PDF 文件 (*.pdf)"),
                       lambda path: verify_file(parent, db_path, path))
