"""The small dialogs of the signing-key window: a new passphrase asked twice, and whose certificate a file is.

Both check what was typed before anything is called, and hand the result on by a signal; the passphrase
fields are emptied when the dialog closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services import keys as key_service
from app.services.browse import InspectorFilter, Registry
from app.services.keys import CertificateFile

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def monospace() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def selectable(text: str = "", *, mono: bool = False) -> QLabel:
    label = QLabel(text, wordWrap=not mono)
    label.setTextInteractionFlags(SELECTABLE)
    if mono:
        label.setFont(monospace())
    return label


class PassphraseDialog(QDialog):
    """Asks a new passphrase twice (and, to change it, the current one); checks both before anyone is called.

    Emits `chosen(old, new)`: `old` is "" when it was not asked. The fields are emptied on closing.
    """

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget, title: str, intro: str, action: str, *, ask_old: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(intro, wordWrap=True))
        form = QFormLayout()
        self.old = None
        if ask_old:
            self.old = self._field()
            form.addRow(self.tr("现在的口令(&U)："), self.old)
        self.new = self._field()
        self.repeat = self._field()
        form.addRow(self.tr("新口令(&N)："), self.new)
        form.addRow(self.tr("再输一次(&A)："), self.repeat)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr(
            "口令至少 {0} 个字符，可以用中文、空格和符号；一句只有自己知道的话比一个短单词安全。"
            "请记住它：忘记口令只能换一把新密钥。").format(key_service.MIN_PASSPHRASE), wordWrap=True))
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _field() -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def refuse(self, text: str, field: QLineEdit) -> None:
        self.problem.setText(text)
        self.problem.show()
        field.setFocus()
        field.selectAll()

    def accept(self) -> None:
        old = self.old.text() if self.old is not None else ""
        new, repeat = self.new.text(), self.repeat.text()
        if self.old is not None and not old:
            return self.refuse(self.tr("请输入现在的口令。"), self.old)
        if len(new) < key_service.MIN_PASSPHRASE:
            return self.refuse(self.tr("新口令太短：至少要 {0} 个字符，现在是 {1} 个。").format(
                key_service.MIN_PASSPHRASE, len(new)), self.new)
        if new != repeat:
            return self.refuse(self.tr("两次输入的新口令不一致，请再输一次。"), self.repeat)
        self._clear()
        super().accept()
        self.chosen.emit(old, new)

    def reject(self) -> None:
        self._clear()
        super().reject()

    def _clear(self) -> None:
        for field in (self.old, self.new, self.repeat):
            if field is not None:
                field.clear()


class ImportCertificateDialog(QDialog):
    """Whose certificate a chosen file is: an inspector of the registry, searched by name, unit or cert no.

    Emits `chosen(path, inspector_key)`; the key is the record id, or what was typed (id or cert no.).
    """

    chosen = Signal(Path, str)

    def __init__(self, parent: QWidget, registry: Registry, path: Path, certificate: CertificateFile):
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记他人证书"))
        self.setMinimumWidth(560)
        self.path = path
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "证书登记后，此人用对应密钥签署的记录和结果包在本数据库中验证为可信。"
            "登记前请打电话给本人，请其读出自己软件中显示的指纹，与下面的指纹逐组核对。"), wordWrap=True))
        form = QFormLayout()
        form.addRow(self.tr("证书文件："), selectable(str(path)))
        key = certificate.key
        form.addRow(self.tr("证书上的姓名："), selectable(self.tr("{0}（执法证号 {1}）").format(
            certificate.name, certificate.cert_no or self.tr("无"))))
        form.addRow(self.tr("有效期："), selectable(self.tr("{0} 至 {1}").format(key.not_before[:10],
                                                                                 key.not_after[:10])))
        self.fingerprint = selectable(key.fingerprint_display.replace(" ", "\n"), mono=True)
        form.addRow(self.tr("指纹（SHA-256）："), self.fingerprint)
        if certificate.registered_to:
            form.addRow("", QLabel(self.tr("这张证书已登记在{0}名下。").format(certificate.registered_to)))
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        ids = registry.inspector_ids(InspectorFilter(), sort="name")
        rows = registry.inspector_rows(ids)
        for row in (rows[i] for i in ids):
            number = row["cert_no"] or self.tr("无执法证号")
            self.person.addItem(self.tr("{0}（{1}，{2}）").format(row["name"], number, row["unit"]), row["id"])
        self.person.setCurrentIndex(-1)
        if certificate.cert_no:  # the certificate names its holder's enforcement number: offer that inspector
            match = next((row["id"] for row in rows.values() if row["cert_no"] == certificate.cert_no), None)
            if match is not None:
                self.choose(match)
        self.person.lineEdit().setPlaceholderText(self.tr("输入姓名、单位或执法证号查找"))
        completer = QCompleter(self.person.model(), self.person)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.person.setCompleter(completer)
        form.addRow(self.tr("检查人员(&P)："), self.person)
        layout.addLayout(form)
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记(&R)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose(self, inspector_id: str) -> None:
        self.person.setCurrentIndex(self.person.findData(inspector_id))

    def inspector_key(self) -> str:
        text = self.person.currentText().strip()
        index = self.person.findText(text)
        return self.person.itemData(index) if index >= 0 else text

    def accept(self) -> None:
        key = self.inspector_key()
        if not key:
            self.problem.setText(self.tr("请选择这张证书属于人员库中的哪一名检查人员。"))
            self.problem.show()
            self.person.setFocus()
            return
        super().accept()
        self.chosen.emit(self.path, key)
