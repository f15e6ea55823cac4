"""Signatures and signing (签名与签署): each team member and the institution's representative sign on the pad
(or the representative's refusal is recorded), then the record is signed — only when it is complete."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.record import Part
from app.domain.tasks import TaskStatus, signer_role
from app.services import recording, storage
from app.ui.labels import join_names
from app.ui.signature_pad import SignatureDialog
from app.ui.workspace.fields import CommitLineEdit, set_read_only
from app.ui.workspace.visit_tab import show_time


class SignaturesTab(QScrollArea):
    parts = frozenset({Part.SIGNATURES, Part.TEAM, Part.INSTITUTION})  # the representative's name is the institution's

    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.state = QLabel(wordWrap=True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.state)
        self.team_box = QGroupBox(self.tr("检查人员签名"))
        self.team_grid = QGridLayout(self.team_box)
        self.team_grid.setColumnStretch(5, 1)
        layout.addWidget(self.team_box)
        rep = QGroupBox(self.tr("被检查单位代表"))
        form = QFormLayout(rep)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.rep_name = CommitLineEdit()
        self.rep_title = CommitLineEdit()
        self.rep_title.setPlaceholderText(self.tr("例如：技术负责人"))
        form.addRow(self.tr("姓名(&X)："), self.rep_name)
        form.addRow(self.tr("职务(&Z)："), self.rep_title)
        self.rep_status = QLabel()
        self.rep_picture = QLabel()
        form.addRow(self.tr("签名："), self.rep_status)
        form.addRow("", self.rep_picture)
        self.rep_name.setMinimumWidth(260)
        self.rep_title.setMinimumWidth(260)
        self.rep_button = QPushButton(self.tr("代表签名或拒绝签名(&G)…"))
        self.rep_button.clicked.connect(self.ask_representative)
        form.addRow("", self.rep_button)
        layout.addWidget(rep)
        self.sign_button = QPushButton(self.tr("签署记录(&Q)"))
        self.sign_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.sign_button.clicked.connect(workspace.sign)
        layout.addWidget(self.sign_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.setWidget(body)
        self.dialog = None
        self.member_buttons: dict[str, QPushButton] = {}

    def load(self, record) -> None:
        status = record.status
        if status.editable:
            text = self.tr("记录尚未结束：请先在右上角“结束记录”，再请检查人员和被检查单位代表签名。")
        elif status is TaskStatus.RECORDED:
            text = self.tr("记录已结束，等待签名。") + "".join(
                "\n" + self.tr("· {0}").format(m) for m in record.missing)
        else:
            text = self.tr("记录已签署（{0}），不能再修改。").format(show_time(record.visit.signed_at))
        self.state.setText(text)
        signing = status is TaskStatus.RECORDED
        while self.team_grid.count():
            widget = self.team_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.member_buttons.clear()
        for r, member in enumerate(record.members):
            person = member.inspector
            role = self.tr("执法证号 {0}").format(person.cert_no) if member.officer else self.tr("技术专家（不计入执法人员）")
            self.team_grid.addWidget(QLabel(person.name), r, 0)
            self.team_grid.addWidget(QLabel(role), r, 1)
            signature = record.signature_of(person.id)
            self.team_grid.addWidget(self._picture(signature), r, 2)
            self.team_grid.addWidget(QLabel(self.tr("已签名 {0}").format(show_time(signature.signed_at)) if signature
                                            else self.tr("未签名")), r, 3)
            button = QPushButton(self.tr("签名…"))
            button.setEnabled(signing)
            button.clicked.connect(lambda _=False, m=member: self.ask_member(m))
            self.team_grid.addWidget(button, r, 4)
            self.member_buttons[person.id] = button
        rep = record.representative_signature
        if rep or not self.rep_name.text():
            self.rep_name.show_value(rep.name if rep else record.institution.contact or record.institution.legal_rep)
        if rep:
            self.rep_title.show_value(rep.role)
        if status.editable:
            why = self.tr("结束记录后，请被检查单位代表签名时再核对填写。")
        elif rep:
            why = self.tr("代表已签名（或已记录拒绝签名），姓名和职务随签名保存。")
        else:
            why = self.workspace.read_only_reason()
        for field in (self.rep_name, self.rep_title):
            set_read_only(field, bool(rep) or not signing, why)
        if rep and rep.refused:
            text = self.tr("拒绝签名：{0}").format(rep.refusal_reason)
            if rep.witnesses:
                text += self.tr("（见证人：{0}）").format(join_names(rep.witnesses))
            self.rep_status.setText(text)
        elif rep:
            self.rep_status.setText(self.tr("已签名 {0}").format(show_time(rep.signed_at)))
        else:
            self.rep_status.setText(self.tr("未签名"))
        self.rep_picture.setPixmap(self._pixmap(rep))
        self.rep_button.setEnabled(signing)
        self.sign_button.setEnabled(signing)

    def go_to(self, who: str) -> None:
        """Show the tab with the focus on the next signature to take: an inspector's, or the representative's."""
        self.workspace.tabs.setCurrentWidget(self)
        buttons = [b for b in self.member_buttons.values() if b.isEnabled()]
        target = buttons[0] if who == "inspector" and buttons else self.rep_button
        if who == "inspector":
            unsigned = [b for i, b in self.member_buttons.items() if not self.workspace.record.signature_of(i)]
            target = unsigned[0] if unsigned else target
        self.ensureWidgetVisible(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _pixmap(self, signature) -> QPixmap:
        if not signature or not signature.png_sha256:
            return QPixmap()
        image = QImage.fromData(storage.picture(self.workspace.db_path, signature.png_sha256))
        return QPixmap.fromImage(image).scaledToHeight(48, Qt.TransformationMode.SmoothTransformation)

    def _picture(self, signature) -> QLabel:
        picture = QLabel()
        picture.setPixmap(self._pixmap(signature))
        return picture

    def ask_member(self, member) -> SignatureDialog:
        person = member.inspector
        dialog = SignatureDialog(self, person.name, signer_role(person.cert_no, member.officer))  # as recorded
        dialog.signed.connect(lambda data: self._save(signer="inspector", inspector_id=person.id, data=data))
        dialog.open()
        self.dialog = dialog
        return dialog

    def ask_representative(self) -> SignatureDialog:
        name = self.rep_name.text().strip()
        title = self.rep_title.text().strip() or self.tr("被检查单位代表")
        dialog = SignatureDialog(self, name, title, allow_refusal=True)
        dialog.signed.connect(lambda data: self._save(signer="representative", data=data))
        dialog.refused.connect(lambda data: self._save(signer="representative", data=data, refused=True))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _save(self, signer: str, data: dict, inspector_id: str | None = None, refused: bool = False) -> None:
        ws = self.workspace
        self.workspace.run(lambda: recording.add_signature(
            ws.db, ws.db_path, ws.task_id, signer=signer, name=data["name"],
            role=data["role"] if signer == "representative" else "",
            inspector_id=inspector_id, strokes_json=data.get("strokes_json"), png=data.get("png"), refused=refused,
            reason=data.get("reason", ""), witnesses=data.get("witnesses"),
            signed_at=data.get("signed_at") or data.get("refused_at")))
