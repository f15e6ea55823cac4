"""The institution's people present at the visit (现场负责人、陪同人员) as an editable table in the visit tab:
name, title, phone; each cell is saved when it is left, rows are added and removed as undoable edits."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.record import Changes, Part
from app.services import tasks as task_service
from app.ui.workspace.samples_tab import RowTable

ATTENDEE_COLUMNS = [("name", QT_TRANSLATE_NOOP("SamplesTab", "姓名")), ("title", QT_TRANSLATE_NOOP("SamplesTab", "职务")),
                    ("phone", QT_TRANSLATE_NOOP("SamplesTab", "电话"))]


class AttendeesTable(RowTable):
    columns = ATTENDEE_COLUMNS
    parts = frozenset({Part.VISIT})
    add_text = QT_TRANSLATE_NOOP("SamplesTab", "添加在场人员(&I)")
    remove_text = QT_TRANSLATE_NOOP("SamplesTab", "删除所选人员")
    empty_text = QT_TRANSLATE_NOOP("SamplesTab", "还没有记录在场人员。点击“{0}”或按 {1} 添加。")
    empty_read_only = QT_TRANSLATE_NOOP("SamplesTab", "没有记录在场人员。")

    def __init__(self, workspace):
        super().__init__(workspace, QCoreApplication.translate("SamplesTab", "被检查单位在现场的负责人和陪同人员，记录中逐一写明。"))
        self.table.setAccessibleName(self.tr("被检查单位在场人员"))

    def rows_of(self, record) -> list:
        return list(record.visit.attendees)

    def save(self, row_id: str, values: dict) -> Changes:
        return task_service.set_attendee(self.workspace.db, row_id, **{k: v or "" for k, v in values.items()})

    def remove(self, row_id: str) -> Changes:
        return task_service.remove_attendee(self.workspace.db, row_id)

    def restore(self, row_id: str) -> Changes:
        return task_service.restore_attendee(self.workspace.db, row_id)

    def add_row(self) -> None:
        db, task_id = self.workspace.db, self.workspace.task_id
        created = []
        self.workspace.push(self.tr("添加在场人员"),
                            lambda: created.append(task_service.add_attendee(db, task_id, "", strict=False))
                            or created[-1],
                            lambda: self.remove(created[-1].id))
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
