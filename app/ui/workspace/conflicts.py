"""The task's conflicts side by side (冲突): fields two devices recorded differently from the same version.

Each conflict shows its candidates with who recorded them on which device; the lead keeps one, or writes
the combined text, and gives a reason. The resolution is an audited edit on top of every candidate, so it
settles the conflict wherever it travels.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import SpotcheckError
from app.services import merge as merge_service
from app.ui.screen_fit import resize_within_screen


class ConflictsDialog(QDialog):
    def __init__(self, workspace):
        super().__init__(workspace)
        self.workspace = workspace
        self.setWindowTitle(self.tr("未解决的冲突"))
        resize_within_screen(self, 720, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("以下内容在两台设备上从同一版本起被改成了不同的值。请逐项选定一个版本，或写出合并后的内容，"
                                        "并写明理由（记入审计日志）。"), wordWrap=True))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.rows = QVBoxLayout(self.body)
        scroll.setWidget(self.body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.boxes: dict[str, tuple] = {}
        self.load()

    def load(self) -> None:
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.boxes.clear()
        found = merge_service.conflicts(self.workspace.db, self.workspace.task_id)
        if not found:
            self.rows.addWidget(QLabel(self.tr("没有未解决的冲突。")))
        for conflict in found:
            self.rows.addWidget(self._box(conflict))
        self.rows.addStretch(1)

    def _box(self, conflict) -> QGroupBox:
        box = QGroupBox(conflict.label)
        form = QFormLayout(box)
        group = QButtonGroup(box)
        for candidate in conflict.candidates:
            where = self.tr("本机") if candidate.here else candidate.device
            choice = QRadioButton(self.tr("{0}　—　{1}（{2}，{3}）").format(candidate.shown, candidate.author, where,
                                                                        candidate.recorded_at))
            group.addButton(choice, candidate.number)
            form.addRow(choice)
        combined = QLineEdit()
        combined.setPlaceholderText(self.tr("或写出合并后的内容"))
        form.addRow(self.tr("合并："), combined)
        reason = QLineEdit()
        reason.setPlaceholderText(self.tr("例如：以现场照片为准"))
        form.addRow(self.tr("理由："), reason)
        settle = QPushButton(self.tr("解决"))
        settle.clicked.connect(lambda _=False, c=conflict.id: self.settle(c))
        form.addRow("", settle)
        self.boxes[conflict.id] = (group, combined, reason)
        return box

    def settle(self, conflict_id: str) -> bool:
        group, combined, reason = self.boxes[conflict_id]
        text = combined.text().strip()
        pick = None if text else (group.checkedId() if group.checkedId() > 0 else None)
        try:
            merge_service.resolve_conflict(self.workspace.db, conflict_id, pick=pick, value=text or None,
                                           reason=reason.text())
        except SpotcheckError as error:
            self.workspace.refused(error)
            return False
        self.workspace.refresh()
        self.load()
        return True


def open_conflicts(workspace) -> ConflictsDialog:
    dialog = ConflictsDialog(workspace)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
