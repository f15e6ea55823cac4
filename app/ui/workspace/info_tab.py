"""The institution's basic information and CMA certificate, as the self-check table lists them, correctable
on site. A corrected field is marked, and its tooltip shows the value it replaced."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.record import Part
from app.services import recording
from app.ui.labels import join_names
from app.ui.workspace.fields import CommitLineEdit, restyle, set_read_only


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return join_names(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class InfoTab(QScrollArea):
    parts = frozenset({Part.INSTITUTION})  # the parts of the record it shows (see TaskWorkspace.refresh)

    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: #555;")
        layout.addWidget(self.note)
        checklist = workspace.record.checklist
        self.edits: dict[str, CommitLineEdit] = {}
        for title, fields in ((checklist.basic_info_title or self.tr("基本信息"), checklist.basic_info),
                              (checklist.cma_info_title or self.tr("取得资质认定的情况"), checklist.cma_info)):
            box = QGroupBox(QCoreApplication.translate("checklist", title))
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for info in fields:
                edit = CommitLineEdit()
                if info.note:
                    edit.setPlaceholderText(QCoreApplication.translate("checklist", info.note))
                if info.type == "date":
                    edit.setPlaceholderText("YYYY-MM-DD")
                edit.committed.connect(lambda text, key=info.key: self._save(key, text))
                form.addRow(self.tr("{0}：").format(QCoreApplication.translate("checklist", info.label)), edit)
                self.edits[info.key] = edit
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)

    def load(self, record) -> None:
        self.note.setText(self.workspace.read_only_reason() or
                          self.tr("与现场核对：与实际不符的，直接改为现场所见；原值会保留在记录中。"))
        for key, edit in self.edits.items():
            edit.show_value(_shown(getattr(record.institution, key)))
            correction = record.corrections.get(key)
            if correction and correction.value == correction.original:
                correction = None  # corrected back to what it was
            restyle(edit, "corrected", bool(correction))  # FIELD_STYLE: a corrected field is marked
            set_read_only(edit, not self.workspace.editable, self.workspace.read_only_reason())
            tips = [self.tr("现场更正；原值：{0}").format(correction.original or self.tr("（空）"))] if correction else []
            edit.setToolTip("\n".join([*tips, edit.toolTip()]).strip())

    def _save(self, key: str, text: str) -> None:
        """The text as typed goes to the service, which reads it by the same rules as the command line's."""
        value = text
        old = getattr(self.workspace.record.institution, key)
        db, task_id = self.workspace.db, self.workspace.task_id
        self.workspace.push(self.tr("更正机构信息"),
                            lambda: recording.correct_institution(db, task_id, key, value),
                            lambda: recording.correct_institution(db, task_id, key, old))
