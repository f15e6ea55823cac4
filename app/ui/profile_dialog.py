"""Choosing whose database this is: the inspector from the registry, the role (检查人员 or 组长), and the organ that
issues the records (检查机关: its name, the records' number prefix, joint organs, the basis it cites)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from app.domain.registry import Department
from app.services.browse import InspectorFilter, Registry
from app.ui.labels import label


class ProfileDialog(QDialog):
    """Emits `saved(profile)` after writing the choice."""

    saved = Signal(dict)

    def __init__(self, parent, registry: Registry, db_path: Path, current: dict):
        super().__init__(parent)
        self.setWindowTitle(self.tr("使用人和角色"))
        self.setMinimumWidth(480)
        self.db_path = db_path
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("本数据库属于一名检查人员：其签名密钥、检查记录和结果包都以此人的名义。"),
                                wordWrap=True))
        form = QFormLayout()
        self.person = QComboBox()
        ids = registry.inspector_ids(InspectorFilter(active_only=True), sort="department")
        for row in (registry.inspector_rows(ids)[i] for i in ids):
            text = self.tr("{0}（{1}，{2}）").format(row["name"], label(Department(row["department"])), row["unit"])
            self.person.addItem(text, row["id"])
        who = current.get("inspector")
        if who:
            self.person.setCurrentIndex(max(0, self.person.findData(who["id"])))
        form.addRow(self.tr("使用人(&P)："), self.person)
        self.inspector_role = QRadioButton(self.tr("检查人员：在现场记录检查"))
        self.lead_role = QRadioButton(self.tr("组长 / 认证科：管理名录库、抽取、汇总"))
        (self.lead_role if current.get("role") == "lead" else self.inspector_role).setChecked(True)
        form.addRow(self.tr("角色："), self.inspector_role)
        form.addRow("", self.lead_role)
        layout.addLayout(form)
        layout.addWidget(self._organ_box())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.person.count() > 0)
        layout.addWidget(buttons)
        if self.person.count() == 0:
            layout.addWidget(QLabel(self.tr("人员库是空的：请先导入执法检查人员名录库。"), wordWrap=True))

    def _organ_box(self) -> QGroupBox:
        from app.services.profile import organ
        from app.services.storage import connect

        db = connect(self.db_path)
        try:
            current = organ(db)
        finally:
            db.close()
        box = QGroupBox(self.tr("检查机关（印在每份现场检查记录上）"))
        form = QFormLayout(box)
        self.organ_fields: dict[str, QLineEdit] = {}
        for name, caption, value, hint in (
                ("name", self.tr("机关名称(&O)："), current.name, self.tr("例如：大同市市场监督管理局")),
                ("short_name", self.tr("简称："), current.short_name, self.tr("例如：大同市市场监管局")),
                ("document_prefix", self.tr("文书编号前缀(&X)："), current.document_prefix,
                 self.tr("例如：同市监检记（编号为 同市监检记〔2025〕第 12 号）")),
                ("joint", self.tr("联合检查机关："), self.tr("、").join(current.joint), self.tr("多个用顿号分隔，例如：大同市公安局")),
                ("legal_basis", self.tr("检查依据："), current.legal_basis,
                 self.tr("留空：《行政处罚法》《检验检测机构资质认定管理办法》《检验检测机构监督管理办法》")),
                ("plan_notice", self.tr("年度抽查计划文件："), current.plan_notice, self.tr("例如：同市监认证〔2025〕92号")),
                ("notice_prefix", self.tr("检查通知书编号前缀(&T)："), current.notice_prefix,
                 self.tr("例如：同市监检通（编号为 同市监检通〔2025〕第 3 号）")),
                ("result_prefix", self.tr("结果告知书编号前缀(&U)："), current.result_prefix,
                 self.tr("例如：同市监检告（编号为 同市监检告〔2025〕第 1 号）"))):
            edit = QLineEdit(value)
            edit.setPlaceholderText(hint)
            edit.setMinimumWidth(320)
            form.addRow(caption, edit)
            self.organ_fields[name] = edit
        return box

    def accept(self) -> None:
        from app.domain.problems import SpotcheckError
        from app.services.profile import set_organ, set_profile
        from app.services.storage import connect

        db = connect(self.db_path)
        try:
            set_organ(db, **{name: edit.text() for name, edit in self.organ_fields.items()})
            profile = set_profile(db, self.person.currentData(), "lead" if self.lead_role.isChecked() else "inspector")
        except SpotcheckError as error:
            from app.ui.problem_dialogs import show_error

            show_error(self, self.tr("未保存"), error)
            return
        finally:
            db.close()
        super().accept()
        self.saved.emit(profile)
