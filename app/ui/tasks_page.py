"""The tasks page (检查任务): the list of inspection tasks, a dialog to create one, and the workspace of the
task being recorded (the list and the workspace take turns on the page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import SpotcheckError
from app.domain.registry import Department
from app.services.browse import InspectorFilter, Registry
from app.ui.labels import join_names, label
from app.ui.problem_dialogs import show_error
from app.ui.task_list import COLUMNS, TaskList


class NewTaskDialog(QDialog):
    """Institution (search by name or credit code), team with a leader, planned date. Emits `created(task_id)`."""

    created = Signal(str)

    def __init__(self, parent, registry: Registry, db_path: Path):
        super().__init__(parent)
        self.registry, self.db_path = registry, db_path
        self.setWindowTitle(self.tr("新建检查任务"))
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.institution = QLineEdit()
        self.institution.setPlaceholderText(self.tr("输入机构名称或统一社会信用代码"))
        names = [f"{row[1]}  {row[2]}" for row in registry.institution_rows(registry.institution_ids()).values()]
        completer = QCompleter(sorted(names), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.institution.setCompleter(completer)
        form.addRow(self.tr("被检查机构(&I)："), self.institution)
        self.team = QListWidget()
        ids = registry.inspector_ids(InspectorFilter(active_only=True), sort="department")
        for row in (registry.inspector_rows(ids)[i] for i in ids):
            item = QListWidgetItem(self.tr("{0}（{1}，{2}）").format(
                row["name"], label(Department(row["department"])), row["unit"]))
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.team.addItem(item)
        self.team.itemChanged.connect(self._team_changed)
        form.addRow(self.tr("检查组(&T)："), self.team)
        self.leader = QComboBox()
        form.addRow(self.tr("组长(&L)："), self.leader)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("计划日期(&D)："), self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def members(self) -> list[str]:
        return [self.team.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.team.count())
                if self.team.item(i).checkState() == Qt.CheckState.Checked]

    def _team_changed(self, _item) -> None:
        current = self.leader.currentData()
        self.leader.clear()
        for i in range(self.team.count()):
            item = self.team.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                self.leader.addItem(item.text(), item.data(Qt.ItemDataRole.UserRole))
        self.leader.setCurrentIndex(max(0, self.leader.findData(current)))

    def accept(self) -> None:
        """Create the task; if the institution has an open task already, name it and ask first."""
        from app.services.storage import connect
        from app.services.task_view import open_tasks_of

        key = self.institution.text().strip().split()[-1] if self.institution.text().strip() else ""
        db = connect(self.db_path)
        try:
            others = open_tasks_of(db, key)
        except SpotcheckError as error:
            show_error(self, self.tr("新建检查任务"), error)
            return
        finally:
            db.close()
        if not others:
            self._create(key)
            return
        from PySide6.QtWidgets import QMessageBox

        lines = [self.tr("{0}：{1}，检查组 {2}（组长 {3}），计划日期 {4}").format(
            t.institution, label(t.status), join_names(t.team) or "—", t.leader or "—", t.planned_date or self.tr("未定"))
            for t in others]
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("重复的检查任务"),
                          self.tr("该机构已有 {0} 项未办结的检查任务：\n{1}\n\n仍要再新建一项吗？").format(
                              len(others), "\n".join(lines)), QMessageBox.StandardButton.NoButton, self)
        proceed = box.addButton(self.tr("仍然新建(&C)"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(self.tr("返回修改(&B)"), QMessageBox.ButtonRole.RejectRole))
        box.buttonClicked.connect(lambda button: self._create(key) if button is proceed else None)
        box.open()
        self.duplicate_warning = box

    def _create(self, key: str) -> None:
        from app.services.storage import connect
        from app.services.tasks import create_task

        db = connect(self.db_path)
        try:
            task_id = create_task(db, key, self.members(), self.leader.currentData(),
                                  self.date.date().toPython())
        except SpotcheckError as error:
            show_error(self, self.tr("新建检查任务"), error)
            return
        finally:
            db.close()
        super().accept()
        self.created.emit(task_id)


class TasksPage(QWidget):
    COLUMNS = COLUMNS

    opened = Signal(object)  # the workspace

    def __init__(self, registry: Registry, db_path: Path, parent=None):
        super().__init__(parent)
        self.registry, self.db_path = registry, db_path
        self.workspace = None
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._list_view())
        self.refresh()

    def _list_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        heading = QLabel(self.tr("检查任务"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addStretch(1)
        new = QPushButton(self.tr("新建任务(&N)…"))
        new.clicked.connect(self.ask_new)
        self.open_button = QPushButton(self.tr("打开(&O)"))
        self.open_button.clicked.connect(self.open_current)
        self.cancel_button = QPushButton(self.tr("取消任务…"))
        self.cancel_button.setToolTip(self.tr("取消所选任务（Delete 键），须写明原因；已结束或已签署的记录不能取消"))
        self.cancel_button.clicked.connect(lambda: self.ask_cancel(self.selected_tasks()))
        self.assign_button = QPushButton(self.tr("导出任务分配包(&A)…"))
        self.assign_button.setToolTip(self.tr("把所选任务连同机构、检查组人员和证书交给检查人员的笔记本电脑"))
        self.assign_button.clicked.connect(self.ask_assignment)
        for button in (new, self.open_button, self.cancel_button, self.assign_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.list = TaskList()
        self.list.openRequested.connect(self.open_task)
        self.list.cancelRequested.connect(self.ask_cancel)
        self.table, self.plan_filter, self.count = self.list.table, self.list.plan_filter, self.list.count
        layout.addWidget(self.list, 1)
        return view

    @property
    def tasks(self) -> list:
        """The tasks shown, in the order shown (the rows, less a group's heading row)."""
        return self.list.tasks

    def refresh(self) -> None:
        from app.services.plans import plan_of_tasks
        from app.services.task_view import list_tasks

        self.list.set_tasks(list_tasks(self.registry.db), plan_of_tasks(self.registry.db))

    def showEvent(self, event) -> None:
        """Tasks made elsewhere (the plan page's team draw, a merged package) are listed when the page is shown."""
        super().showEvent(event)
        if self.workspace is None and not event.spontaneous():
            self.refresh()

    def ask_new(self) -> NewTaskDialog:
        dialog = NewTaskDialog(self, self.registry, self.db_path)
        dialog.created.connect(self.open_task)
        dialog.open()
        return dialog

    def open_current(self) -> None:
        task = self.list.current_task()
        if task is not None:
            self.open_task(task.id)

    def selected_tasks(self) -> list:
        return self.list.selected_tasks()

    def ask_cancel(self, tasks: list):
        """Confirm the cancel of the first selected task, with its reason (app/ui/task_cancel.py)."""
        from app.ui.task_cancel import CancelTaskDialog

        if not tasks:
            return None
        self.last_dialog = CancelTaskDialog(self, self.db_path, tasks[0])
        self.last_dialog.cancelled.connect(lambda _: self.refresh())
        self.last_dialog.open()
        return self.last_dialog

    # --- handing out the work --------------------------------------------------------------------

    def ask_assignment(self):
        """The selected tasks' assignment package (one file for a team): the signing key's passphrase, then where
        to save it."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        chosen = self.selected_tasks()
        if not chosen:
            return None
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("导出任务分配包"))
        dialog.setLabelText(self.tr("签名密钥的口令（分配包由您的密钥签名）："))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(lambda passphrase: self._assignment_file(chosen, passphrase))
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def _assignment_file(self, tasks: list, passphrase: str) -> None:
        from app.ui.file_dialogs import document_name, save_dialog

        first = tasks[0]
        what = self.tr("任务分配")
        name = (document_name(first.institution, what, suffix=".scpkg") if len(tasks) == 1
                else document_name(what, self.tr("{0}项任务").format(len(tasks)), suffix=".scpkg"))
        self.last_dialog = save_dialog(self, self.tr("保存任务分配包"), name, self.tr("数据包 (*.scpkg)"), "scpkg",
                                       lambda path: self.export_assignment([t.id for t in tasks], path, passphrase))

    def export_assignment(self, task_ids: list[str], path: Path, passphrase: str):
        from app.services.packages import export_assignment
        from app.ui.jobs import on_own_connection, start_job

        work = on_own_connection(self.db_path, lambda db: export_assignment(db, self.db_path, path, passphrase,
                                                                           task_ids=task_ids))
        self.job = start_job(self, self.tr("导出任务分配包"), work, self._assignment_done)
        return self.job

    def _assignment_done(self, result, error, cancelled) -> None:
        from PySide6.QtWidgets import QMessageBox

        if error is not None:
            from app.ui.problem_dialogs import show_error

            show_error(self, self.tr("导出任务分配包"), error)
            return
        if cancelled or result is None:
            return
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("导出任务分配包"),
                          self.tr("已保存：{0}\n请把它交给检查组成员，在其电脑上导入；首次导入时对方需与您核对密钥指纹 {1}。").format(
                              result["file"], result["fingerprint_display"]), QMessageBox.StandardButton.Ok,
                          self)
        box.open()
        self.last_dialog = box

    def commit_pending(self) -> bool:
        """Save what is typed in the open task's workspace; False if some of it was refused (and shown)."""
        return self.workspace.commit_pending() if self.workspace is not None else True

    def open_task(self, task_id: str):
        from app.ui.workspace.workspace import TaskWorkspace

        if not self.commit_pending():
            return self.workspace  # the refusal is on screen: stay with the task being typed in
        self.close_workspace()
        self.workspace = TaskWorkspace(self.db_path, task_id)
        self.workspace.back.connect(self.show_list)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.opened.emit(self.workspace)
        return self.workspace

    def show_list(self) -> None:
        self.close_workspace()
        self.refresh()
        self.stack.setCurrentIndex(0)

    def close_workspace(self) -> None:
        if self.workspace is not None:
            self.workspace.close_workspace()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
