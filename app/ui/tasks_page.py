"""The tasks page (检查任务): the list of inspection tasks, a dialog to create one, and the workspace of the
task being recorded (the list and the workspace take turns on the page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import SpotcheckError
from app.domain.registry import Department
from app.services.browse import InspectorFilter, Registry
from app.ui.file_dialogs import choose_kind
from app.ui.labels import label, short_category
from app.ui.problem_dialogs import show_error


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
        from app.services.storage import connect
        from app.services.tasks import create_task

        key = self.institution.text().strip().split()[-1] if self.institution.text().strip() else ""
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
    COLUMNS = ("status", "institution", "category", "district", "planned_date", "leader", "progress", "plan")

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
        self.assign_button = QPushButton(self.tr("导出任务分配包(&A)…"))
        self.assign_button.setToolTip(self.tr("把所选任务连同机构、检查组人员和证书交给检查人员的笔记本电脑"))
        self.assign_button.clicked.connect(self.ask_assignment)
        row.addWidget(new)
        row.addWidget(self.open_button)
        row.addWidget(self.assign_button)
        layout.addLayout(row)
        grouping = QHBoxLayout()
        self.plan_filter = QComboBox()  # the tasks of one plan (issue 11: grouped by plan)
        self.plan_filter.currentIndexChanged.connect(lambda _: self.refresh())
        caption = QLabel(self.tr("抽查计划(&P)："))
        caption.setBuddy(self.plan_filter)
        grouping.addWidget(caption)
        grouping.addWidget(self.plan_filter, 1)
        grouping.addStretch(1)
        layout.addLayout(grouping)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr("状态"), self.tr("被检查机构"), self.tr("类别"), self.tr("区县"),
                                              self.tr("计划日期"), self.tr("组长"), self.tr("进度"),
                                              self.tr("抽查计划")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several to assign at once
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.open_current())
        self.table.activated.connect(lambda _: self.open_current())
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        return view

    def refresh(self) -> None:
        from app.services.plans import plan_of_tasks
        from app.services.task_view import list_tasks

        plans = plan_of_tasks(self.registry.db)
        self._plan_choices(plans)
        chosen = self.plan_filter.currentData()  # None: every task; "": tasks no plan made; else a plan id
        self.tasks = [t for t in list_tasks(self.registry.db)
                      if chosen is None or plans.get(t.id, ("", ""))[0] == chosen]
        self.table.setRowCount(len(self.tasks))
        for r, task in enumerate(self.tasks):
            values = (label(task.status), task.institution, short_category(task.category),
                      task.district, task.planned_date or "", task.leader or "",
                      self.tr("已检查 {0}/{1}，问题 {2}").format(task.checked, task.items, task.problems),
                      plans.get(task.id, ("", self.tr("（不属于抽查计划）")))[1])
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.count.setText(self.tr("共 %n 个检查任务", "", len(self.tasks)))
        if self.tasks and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def showEvent(self, event) -> None:
        """Tasks made elsewhere (the plan page's team draw, a merged package) are listed when the page is shown."""
        super().showEvent(event)
        if self.workspace is None and not event.spontaneous():
            self.refresh()

    def _plan_choices(self, plans: dict) -> None:
        """全部任务, each plan that made tasks, and the tasks made by hand; the choice kept across refreshes."""
        choices = [(self.tr("全部任务"), None)]
        choices += sorted({(title, plan) for plan, title in plans.values()})
        choices.append((self.tr("不属于抽查计划的任务"), ""))
        if [(self.plan_filter.itemText(i), self.plan_filter.itemData(i))
                for i in range(self.plan_filter.count())] == choices:
            return
        current = self.plan_filter.currentData()
        self.plan_filter.blockSignals(True)
        self.plan_filter.clear()
        for text, data in choices:
            self.plan_filter.addItem(text, data)
        self.plan_filter.setCurrentIndex(max(0, self.plan_filter.findData(current)) if current is not None else 0)
        self.plan_filter.blockSignals(False)

    def ask_new(self) -> NewTaskDialog:
        dialog = NewTaskDialog(self, self.registry, self.db_path)
        dialog.created.connect(self.open_task)
        dialog.open()
        return dialog

    def open_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.tasks):
            self.open_task(self.tasks[row].id)

    # --- handing out the work --------------------------------------------------------------------

    def selected_tasks(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()} or {self.table.currentRow()})
        return [self.tasks[r] for r in rows if 0 <= r < len(self.tasks)]

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
        from PySide6.QtWidgets import QFileDialog

        first = tasks[0]
        name = (self.tr("任务分配-{0}-{1}.scpkg").format(first.institution, first.planned_date or first.id[:8])
                if len(tasks) == 1 else self.tr("任务分配-{0}项任务.scpkg").format(len(tasks)))
        dialog = QFileDialog(self, self.tr("保存任务分配包"), name, self.tr("数据包 (*.scpkg)"))
        choose_kind(dialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("scpkg")
        dialog.fileSelected.connect(lambda path: self.export_assignment([t.id for t in tasks], Path(path), passphrase))
        dialog.open()
        self.last_dialog = dialog

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
