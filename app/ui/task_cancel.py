"""Cancelling a task from the list (issue 13): the task named, the reason asked (required once anything was
recorded on site), and what cannot be cancelled said before anything is tried (app/domain/tasks.py
`cancel_refusal`); the service decides again when it is confirmed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from app.domain.problems import SpotcheckError
from app.domain.tasks import cancel_refusal
from app.ui.labels import join_names, label


class CancelTaskDialog(QDialog):
    """Emits `cancelled(task_id)` once the task is cancelled."""

    cancelled = Signal(str)

    def __init__(self, parent, db_path: Path, task):
        from app.services.storage import connect
        from app.services.tasks import recorded_count

        super().__init__(parent)
        self.db_path, self.task = db_path, task
        self.setWindowTitle(self.tr("取消检查任务"))
        self.setMinimumWidth(480)
        db = connect(db_path)
        try:
            self.recorded = recorded_count(db, task.id)
        finally:
            db.close()
        layout = QVBoxLayout(self)
        what = QLabel(self.tr("取消对 {0} 的检查任务？\n状态：{1}；检查组：{2}；计划日期：{3}").format(
            task.institution, label(task.status), join_names(task.team) or "—", task.planned_date or self.tr("未定")))
        what.setWordWrap(True)
        layout.addWidget(what)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("例如：机构已注销、检查组调整后另行安排"))
        caption = QLabel(self.tr("取消原因(&R)：") if not self.recorded else
                         self.tr("取消原因(&R)（已有 {0} 项检查记录，必须填写）：").format(self.recorded))
        caption.setBuddy(self.reason)
        layout.addWidget(caption)
        layout.addWidget(self.reason)
        self.note = QLabel(self.tr("取消后任务仍保留（连同已有的记录和审计日志），不能再修改；任务列表默认不显示，"
                                   "可在“状态”中选择“已取消”查看。"))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("取消任务"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("返回"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        refusal = cancel_refusal(task.status, task.cancelled, 0, "")  # what the status alone refuses
        self.refused = refusal is not None
        if self.refused:
            self.note.setText(refusal[0])
            self.reason.setEnabled(False)
        self.reason.textChanged.connect(self._allow)
        self._allow()

    def _allow(self, *_) -> None:
        self.ok.setEnabled(not self.refused and bool(self.reason.text().strip() or not self.recorded))

    def accept(self) -> None:
        from app.services.storage import connect
        from app.services.tasks import cancel
        from app.ui.problem_dialogs import show_error

        if not self.ok.isEnabled():
            return
        db = connect(self.db_path)
        try:
            cancel(db, self.task.id, self.reason.text())
        except SpotcheckError as error:
            self.last_error = show_error(self, self.tr("取消检查任务"), error)
            return
        finally:
            db.close()
        super().accept()
        self.cancelled.emit(self.task.id)
