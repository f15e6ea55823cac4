"""Choosing whose database this is: the inspector from the registry, and the role (检查人员 or 组长)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QRadioButton, QVBoxLayout

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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.person.count() > 0)
        layout.addWidget(buttons)
        if self.person.count() == 0:
            layout.addWidget(QLabel(self.tr("人员库是空的：请先导入执法检查人员名录库。"), wordWrap=True))

    def accept(self) -> None:
        from app.services.profile import set_profile
        from app.services.storage import connect

        db = connect(self.db_path)
        try:
            profile = set_profile(db, self.person.currentData(), "lead" if self.lead_role.isChecked() else "inspector")
        finally:
            db.close()
        super().accept()
        self.saved.emit(profile)
