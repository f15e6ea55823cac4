"""The profile's signing key and the registered certificates, in the window (docs/cli.md, key).

`KeysDialog` shows the profile's own key (signer, subject, fingerprint to read out over the phone, validity,
key file) and every registered certificate per inspector; from it the user creates the key, changes its
passphrase, replaces it after a forgotten passphrase, exports the certificate for the lead, and — as the lead —
registers another inspector's certificate. The services in `app.services.keys` do the work: creating and
re-encrypting a key (600,000 PBKDF2 rounds) and the file and database writes run off the UI thread, each on
its own connection. Passphrases live in password fields and are handed to the job only.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import SpotcheckError
from app.services import keys as key_service
from app.services.browse import Registry
from app.services.profile import show as show_profile
from app.services.storage import connect
from app.ui import settings
from app.ui.file_dialogs import choose_kind
from app.ui.jobs import on_own_connection, start_job
from app.ui.key_prompts import SELECTABLE, ImportCertificateDialog, PassphraseDialog, monospace, selectable
from app.ui.problem_dialogs import show_error


def _short_fingerprint(display: str) -> str:
    """The first 8 of the 32 pairs: enough to tell certificates apart in a table (the header says so)."""
    return display[:23]


def _widen(box: QMessageBox) -> None:
    """Room for a fingerprint line and for Chinese sentences (a message box otherwise wraps them early)."""
    box.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 460px; }")


class KeysDialog(QDialog):
    """The profile's key and the registered certificates. `job` is the running job (None when idle);
    `message` the last result shown."""

    def __init__(self, parent: QWidget, registry: Registry, db_path: Path):
        super().__init__(parent)
        self.registry, self.db_path = registry, db_path
        self.setWindowTitle(self.tr("签名密钥和证书"))
        self.resize(860, 640)
        self.job = None
        self.message: QMessageBox | None = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self.import_dialog: ImportCertificateDialog | None = None
        self.view: dict = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self._own_key_box())
        layout.addWidget(self._registered_box(), 1)
        close = QPushButton(self.tr("关闭(&L)"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.refresh()

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())  # not the `checked` argument
        return button

    def _own_key_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("本人的签名密钥"))
        layout = QVBoxLayout(box)
        self.no_key = QLabel(wordWrap=True)
        layout.addWidget(self.no_key)
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        self.signer, self.subject = selectable(), selectable()
        self.fingerprint = selectable(mono=True)
        self.validity, self.key_file = selectable(), selectable()
        self.warning = QLabel(wordWrap=True)
        self.warning.setStyleSheet("color: #b00020;")
        form.addRow(self.tr("签名人："), self.signer)
        form.addRow(self.tr("证书主题："), self.subject)
        form.addRow(self.tr("指纹（SHA-256）："), self.fingerprint)
        form.addRow(self.tr("有效期："), self.validity)
        form.addRow(self.tr("密钥文件："), self.key_file)
        form.addRow(self.warning)
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        self.create_button = self._button(self.tr("创建签名密钥(&C)…"), self.ask_create)
        self.change_button = self._button(self.tr("修改口令(&P)…"), self.ask_change)
        self.replace_button = self._button(self.tr("忘记口令：换一把新密钥(&R)…"), self.ask_replace)
        self.export_button = self._button(self.tr("导出我的证书(&E)…"), self.ask_export)
        for button in (self.create_button, self.change_button, self.replace_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _registered_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("本数据库登记的证书（用于验证签名）"))
        layout = QVBoxLayout(box)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("检查人员"), self.tr("指纹（前 8 组）"), self.tr("有效期"),
                                              self.tr("状态"), self.tr("来源")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)
        layout.addWidget(self.table, 1)
        self.selected = selectable(mono=True)
        layout.addWidget(self.selected)
        row = QHBoxLayout()
        self.import_button = self._button(self.tr("登记他人证书(&I)…"), self.ask_import)
        row.addWidget(self.import_button)
        hint = QLabel(self.tr("组长登记组员导出的证书；登记前后请与本人电话核对指纹。"), wordWrap=True)
        row.addWidget(hint, 1)
        layout.addLayout(row)
        return box

    # --- showing ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.view = key_service.show(self.registry.db, self.db_path)
        self.has_profile = show_profile(self.registry.db)["inspector"] is not None
        current = self.view["current"]
        key_file = key_service.key_paths(self.db_path).key.exists()
        self.details.setVisible(current is not None)
        self.no_key.setVisible(current is None)
        if current is None:
            self._show_no_key(key_file)
        else:
            self._show_current(current)
        busy = self.job is not None
        self.create_button.setVisible(current is None)
        self.create_button.setEnabled(not busy and current is None and not key_file and self.has_profile)
        self.change_button.setEnabled(not busy and key_file)
        self.replace_button.setEnabled(not busy and (key_file or current is not None) and self.has_profile)
        self.export_button.setEnabled(not busy and current is not None)
        self.import_button.setEnabled(not busy)
        self._fill_table()

    def _show_no_key(self, key_file: bool) -> None:
        if key_file:
            text = self.tr("<b>本数据库的签名证书文件不见了</b>（密钥文件还在）。请换一把新密钥。")
        else:
            text = self.tr("<b>本数据库还没有签名密钥。</b><br>有了签名密钥，才能给签署后的检查记录 PDF "
                           "加数字签名。创建时设定一个口令，每次签名都要输入它。创建后请导出证书交给组长登记。")
        if not self.has_profile:
            text += "<br>" + self.tr("请先设置本数据库的使用人（菜单“文件 › 使用人和角色”）：证书上要写明签名人是谁。")
        self.no_key.setText(text)

    def _show_current(self, current: dict) -> None:
        name = current["inspector_name"] or self.tr("（证书上的签名人未在本数据库登记）")
        self.signer.setText(name)
        self.subject.setText(current["subject"])
        self.fingerprint.setText(current["fingerprint_display"].replace(" ", "\n"))
        self.validity.setText(self._validity(current))
        self.key_file.setText(current["key_path"])
        warnings = []
        if not current["key_file_present"]:
            warnings.append(self.tr("密钥文件不存在：无法签名。请换一把新密钥。"))
        if not current["registered"]:
            warnings.append(self.tr("这张证书没有在本数据库中登记，它签署的文件在这里无法验证。"))
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))

    def _validity(self, key: dict) -> str:
        return self.tr("{0} 至 {1}").format(key["not_before"][:10], key["not_after"][:10])

    def _state(self, key: dict) -> str:
        if key["retired_at"]:
            return self.tr("已停用（{0}），只验证此前的签名").format(key["retired_at"][:10])
        if key["not_after"] < datetime.now(timezone.utc).isoformat(timespec="seconds"):
            return self.tr("已过期")
        return self.tr("本人当前使用") if key["current"] else self.tr("有效")

    def _fill_table(self) -> None:
        rows = [(person, key) for person in self.view["inspectors"] for key in person["keys"]]
        self.table.setRowCount(len(rows))
        for r, (person, key) in enumerate(rows):
            source = self.tr("本机创建") if key["source"] == "created" else self.tr("导入")
            cells = [person["inspector_name"] or person["inspector_id"], _short_fingerprint(key["fingerprint_display"]),
                     self._validity(key), self._state(key), source]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, key["fingerprint_display"])
                if c == 1:
                    item.setFont(monospace())
                    item.setToolTip(key["fingerprint_display"])
                if key["current"]:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.selected.setText(self.tr("选中一行可在此看到完整指纹。") if rows else self.tr(
            "还没有登记任何证书。检查人员的证书登记后，他们签署的记录在本数据库中才能验证为可信。"))

    def _show_selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            name = self.table.item(items[0].row(), 0).text()
            self.selected.setText(self.tr("{0}的证书指纹：{1}").format(name, items[0].data(Qt.ItemDataRole.UserRole)))

    def _say(self, title: str, text: str, details: str = "") -> QMessageBox:
        self.message = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self)
        _widen(self.message)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        if details:
            self.message.setInformativeText(details)
        self.message.setTextInteractionFlags(SELECTABLE)
        self.message.open()
        return self.message

    @staticmethod
    def _fingerprint_html(display: str) -> str:
        return "<pre>" + html.escape(display.replace(" ", "\n")) + "</pre>"

    # --- running the services -----------------------------------------------------------------------

    def _run(self, title: str, work, done) -> None:
        def finished(result, error, cancelled):
            self.job = None
            self.refresh()
            if error is not None:
                show_error(self, title, error)
            elif result is not None:
                done(result)

        self.job = start_job(self, title, work, finished)
        self.refresh()

    def ask_create(self, *, replace: bool = False) -> PassphraseDialog:
        if replace:
            title, intro = self.tr("换一把新密钥"), self.tr(
                "为新密钥设定口令。旧密钥停用后，它的证书仍登记在本数据库中，用它签过的文件仍可验证。")
        else:
            title, intro = self.tr("创建签名密钥"), self.tr(
                "签名密钥保存在数据库旁边的文件里，用口令加密。每次加数字签名都要输入这个口令。")
        dialog = PassphraseDialog(self, title, intro, self.tr("创建密钥(&O)"))
        dialog.chosen.connect(lambda _, new: self.create(new, replace=replace))
        dialog.open()
        self.passphrase_dialog = dialog
        return dialog

    def create(self, passphrase: str, *, replace: bool = False) -> None:
        db_path = self.db_path
        work = on_own_connection(db_path, lambda db: key_service.create_key(db, db_path, passphrase, replace=replace))
        self._run(self.tr("创建签名密钥"), work, self._created)

    def _created(self, info) -> None:
        text = self.tr("已为{0}创建签名密钥。").format(html.escape(info.inspector_name or ""))
        text += "<br>" + self.tr("指纹（SHA-256）：") + self._fingerprint_html(info.fingerprint_display)
        details = self.tr("请牢记口令：忘记口令只能换一把新密钥。下一步：“导出我的证书”，交给组长登记。")
        if info.retired_fingerprint:
            details = self.tr("原密钥已停用，用它签过的文件仍可验证；原密钥文件已移到 {0}。").format(
                info.retired_key_path) + "\n" + details
        self._say(self.tr("签名密钥"), text, details)

    def ask_change(self) -> PassphraseDialog:
        dialog = PassphraseDialog(self, self.tr("修改口令"), self.tr(
            "签名密钥不变（证书和指纹都不变），只是改用新口令加密。"), self.tr("修改口令(&O)"), ask_old=True)
        dialog.chosen.connect(self.change)
        dialog.open()
        self.passphrase_dialog = dialog
        return dialog

    def change(self, old: str, new: str) -> None:
        db_path = self.db_path
        self._run(self.tr("修改口令"), lambda progress, cancelled: key_service.change_passphrase(db_path, old, new),
                  lambda path: self._say(self.tr("修改口令"), self.tr("签名密钥的口令已修改。"),
                                         self.tr("以后签名请用新口令。")))

    def ask_replace(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("忘记口令：换一把新密钥"), self.tr(
            "忘记口令时无法再用原密钥签名，只能换一把新密钥。"), QMessageBox.StandardButton.NoButton, self)
        _widen(box)
        box.setInformativeText(self.tr(
            "原密钥停用，但它的证书仍登记在本数据库中：用它签过的记录和结果包仍可验证。"
            "新密钥有新的指纹，请在创建后导出证书，再交给组长登记。"))
        box.go = box.addButton(self.tr("换一把新密钥(&N)…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消(&C)"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda button: self.ask_create(replace=True) if button is box.go else None)
        box.open()
        return box

    def ask_export(self) -> QFileDialog:
        current = self.view.get("current") or {}
        name = self.tr("{0}的签名证书.pem").format(current.get("inspector_name") or self.tr("本人"))
        directory = settings.value(settings.LAST_DIRECTORY)
        dialog = QFileDialog(self, self.tr("导出我的证书"), str(Path(directory) / name) if directory else name,
                             self.tr("证书文件 (*.pem)"))
        choose_kind(dialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pem")
        dialog.fileSelected.connect(lambda path: self.export(Path(path)))
        dialog.open()
        return dialog

    def export(self, path: Path) -> None:
        settings.set_value(settings.LAST_DIRECTORY, str(path.parent))
        db_path = self.db_path
        self._run(self.tr("导出我的证书"), lambda progress, cancelled: key_service.export_certificate(db_path, path),
                  self._exported)

    def _exported(self, info) -> None:
        text = self.tr("证书已导出到 {0}（只含公开部分，不含密钥）。").format(html.escape(info.certificate_path))
        text += "<br>" + self.tr("指纹（SHA-256）：") + self._fingerprint_html(info.fingerprint_display)
        self._say(self.tr("导出我的证书"), text, self.tr(
            "请把文件交给组长登记，并通过电话等另一渠道与组长逐组核对这个指纹。"))

    def ask_import(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("选择要登记的证书"), settings.value(settings.LAST_DIRECTORY),
                             self.tr("证书文件 (*.pem *.crt *.cer);;所有文件 (*)"))
        choose_kind(dialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.ask_inspector(Path(path)))
        dialog.open()
        return dialog

    def ask_inspector(self, path: Path) -> ImportCertificateDialog | None:
        settings.set_value(settings.LAST_DIRECTORY, str(path.parent))
        db = connect(self.db_path)
        try:
            certificate = key_service.read_certificate(db, path)  # a small file: read here, not in a job
        except SpotcheckError as error:
            show_error(self, self.tr("登记他人证书"), error)
            return None
        finally:
            db.close()
        self.import_dialog = ImportCertificateDialog(self, self.registry, path, certificate)
        self.import_dialog.chosen.connect(self.register)
        self.import_dialog.open()
        return self.import_dialog

    def register(self, path: Path, inspector_key: str) -> None:
        work = on_own_connection(self.db_path, lambda db: key_service.import_certificate(db, path, inspector_key))
        self._run(self.tr("登记他人证书"), work, self._registered)

    def _registered(self, result: dict) -> None:
        key = result["key"]
        name = html.escape(key["inspector_name"])
        text = (self.tr("已为{0}登记证书。").format(name) if result["imported"]
                else self.tr("{0}的这张证书已经登记过，未作改动。").format(name))
        text += "<br>" + self.tr("指纹（SHA-256）：") + self._fingerprint_html(key["fingerprint_display"])
        details = [self.tr("请打电话给{0}，请其在自己的软件中打开“文件 › 签名密钥和证书”读出指纹，逐组核对。").format(
            key["inspector_name"])]
        details += result["notes"] if result["imported"] else []
        self._say(self.tr("登记他人证书"), text, "\n".join(details))
