"""The list of inspection tasks (issue 13): search as you type, filters (status, plan, year, inspector), columns
sorted as people expect (institutions by pinyin, dates by date, status in workflow order), a calm colour per
status beside its name (and a legend), grouping by plan, cancelling with a reason, and the view remembered.

The tasks are few (hundreds a year), so the list is read whole on refresh and filtered, sorted and grouped here;
the selection is kept across refreshes. `tasks` are the shown tasks in order; `row_tasks` maps each table row
to its task (None for a plan's heading row when grouped).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.collation import sort_key
from app.domain.tasks import ORDER, TaskStatus
from app.ui import settings
from app.ui.labels import join_names, label, short_category

COLUMNS = ("status", "institution", "category", "district", "planned_date", "leader", "progress", "plan")
HEADERS = (QT_TRANSLATE_NOOP("TaskList", "状态"), QT_TRANSLATE_NOOP("TaskList", "被检查机构"),
           QT_TRANSLATE_NOOP("TaskList", "类别"), QT_TRANSLATE_NOOP("TaskList", "区县"),
           QT_TRANSLATE_NOOP("TaskList", "计划日期"), QT_TRANSLATE_NOOP("TaskList", "组长"),
           QT_TRANSLATE_NOOP("TaskList", "已检查"), QT_TRANSLATE_NOOP("TaskList", "抽查计划"))
CANCELLED = "cancelled"
# A calm background per status, always beside the status's name (never colour alone); dark text on each.
COLOURS = {"planned": "#e7edf5", "notified": "#dcebf7", "on_site": "#fdf0d2", "recorded": "#eee4f5",
           "signed": "#dff1e2", "merged": "#d9efec", "closed": "#e2e2e2", CANCELLED: "#ece4d8"}
TEXT = QColor("#1a1a1a")
MUTED = QColor("#6b6b6b")
EVERY = "every"  # the status filter's choice of every task, the cancelled too (None: all but those)


def status_key(task) -> str:
    return CANCELLED if task.cancelled else task.status.value


def status_text(task) -> str:
    return QCoreApplication.translate("TaskList", "已取消") if task.cancelled else label(task.status)


def task_year(task) -> str:
    return (task.planned_date or task.created_at or "")[:4]


@dataclass
class View:
    """What the list shows: the search text, the filters, the sort and the grouping (remembered, but the text)."""

    text: str = ""
    status: str | None = None  # None: every task not cancelled; a status value; "cancelled"; "every"
    plan: str | None = None  # None: every plan; "": tasks no plan made; else a plan id
    year: str | None = None
    inspector: str | None = None  # a team member's name
    sort: str = "planned_date"
    descending: bool = True
    grouped: bool = False

    def remembered(self) -> str:
        return json.dumps({k: v for k, v in self.__dict__.items() if k != "text"}, ensure_ascii=False)

    @classmethod
    def restored(cls, text) -> View:
        """The view remembered (settings.TASK_LIST_VIEW); what does not read is left at its default."""
        try:
            data = json.loads(text) if text else {}
        except (TypeError, ValueError):
            data = {}
        view = cls()
        for name, default in cls().__dict__.items():
            value = data.get(name) if isinstance(data, dict) else None
            if name != "text" and (isinstance(value, type(default)) if default is not None
                                   else value is None or isinstance(value, str)):
                setattr(view, name, value)
        if view.sort not in COLUMNS:
            view.sort = "planned_date"
        return view


def shown(task, plan: tuple[str, str] | None, view: View) -> bool:
    """Whether the task passes the view's filters and search (every word of the text in one of its fields)."""
    key = status_key(task)
    if view.status is None and task.cancelled or view.status not in (None, EVERY) and view.status != key:
        return False
    if view.plan is not None and (plan[0] if plan else "") != view.plan:
        return False
    if view.year and task_year(task) != view.year or view.inspector and view.inspector not in task.team:
        return False
    fields = [task.institution, task.credit_code, task.district, *task.team, task.notice_number,
              task.document_number, plan[1] if plan else "", status_text(task), task.id, task.cancel_reason]
    haystack = "\n".join(f.replace(" ", "") for f in fields if f).lower()  # 第6号 finds 〔2025〕第 6 号
    return all(word in haystack for word in view.text.lower().split())


def sort_value(task, column: str, plan: tuple[str, str] | None):
    if column == "status":
        return (task.cancelled, ORDER.index(task.status))
    if column == "institution":
        return sort_key(task.institution)
    if column == "category":
        return task.category.value
    if column == "district":
        return sort_key(task.district)
    if column == "planned_date":
        return task.planned_date or ""
    if column == "leader":
        return sort_key(task.leader)
    if column == "progress":
        return (task.checked / task.items if task.items else 0, task.problems)
    return sort_key(plan[1] if plan else "")


class TaskList(QWidget):
    """The search row, the table, the legend and the count. Emits `openRequested(task_id)` (Enter, double-click),
    `cancelRequested(list_of_tasks)` (Delete, the context menu) and `viewChanged()`."""

    openRequested = Signal(str)
    cancelRequested = Signal(list)
    viewChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.all_tasks, self.plans, self.tasks, self.row_tasks = [], {}, [], []
        self.view = View.restored(settings.value(settings.TASK_LIST_VIEW))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for row in self._filters():
            layout.addLayout(row)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(self.tr("检查任务"))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several to assign at once
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Interactive)  # a plan's long title
        self.table.setColumnWidth(len(COLUMNS) - 1, self.fontMetrics().height() * 7)  # names are what people read
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(COLUMNS.index(self.view.sort), Qt.SortOrder.DescendingOrder if self.view.descending
                                else Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sorted)
        self.table.doubleClicked.connect(lambda _: self._open())
        self.table.activated.connect(lambda _: self._open())
        self.open_action = QAction(self.tr("打开(&O)"), self.table)
        self.open_action.triggered.connect(self._open)
        self.cancel_action = QAction(self.tr("取消任务(&C)…"), self.table)
        self.cancel_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.cancel_action.triggered.connect(lambda: self.cancelRequested.emit(self.selected_tasks()))
        for action in (self.open_action, self.cancel_action):  # the context menu lists them (app/ui/table_export.py)
            self.table.addAction(action)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        self.legend = QLabel(self._legend())
        self.legend.setToolTip(self.tr("状态的颜色只是辅助：每一行都写明状态"))
        bottom.addWidget(self.legend)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _filters(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The search box (and the grouping) above, the filters below: room for each at 1366 × 768, 125 %."""
        top, row = QHBoxLayout(), QHBoxLayout()
        self.search = QLineEdit(self.view.text)
        self.search.setPlaceholderText(self.tr("机构名称、信用代码、检查人员、通知书编号…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._changed)
        self.status_filter, self.plan_filter = QComboBox(), QComboBox()
        self.year_filter, self.inspector_filter = QComboBox(), QComboBox()
        self.status_filter.addItem(self.tr("全部（不含已取消）"), None)
        for status in TaskStatus:
            self.status_filter.addItem(label(status), status.value)
        self.status_filter.addItem(self.tr("已取消"), CANCELLED)
        self.status_filter.addItem(self.tr("全部（含已取消）"), EVERY)
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(self.view.status)))
        self.grouped = QCheckBox(self.tr("按计划分组(&G)"))
        self.grouped.setChecked(self.view.grouped)
        self.grouped.toggled.connect(self._changed)
        for line, caption, widget, stretch in ((top, self.tr("搜索(&S)："), self.search, 1),
                                               (row, self.tr("状态(&U)："), self.status_filter, 0),
                                               (row, self.tr("抽查计划(&P)："), self.plan_filter, 1),
                                               (row, self.tr("年度(&Y)："), self.year_filter, 0),
                                               (row, self.tr("检查人员(&I)："), self.inspector_filter, 0)):
            text = QLabel(caption)
            text.setBuddy(widget)
            line.addWidget(text)
            line.addWidget(widget, stretch)
            if isinstance(widget, QComboBox):
                widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                widget.currentIndexChanged.connect(self._changed)
        self.plan_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan_filter.setMinimumContentsLength(12)
        top.addWidget(self.grouped)
        return top, row

    def _legend(self) -> str:
        cells = [(COLOURS[s.value], label(s)) for s in TaskStatus] + [(COLOURS[CANCELLED], self.tr("已取消"))]
        return " ".join(f"<span style='background:{c}; color:#1a1a1a'>&nbsp;{t}&nbsp;</span>" for c, t in cells)

    # --- reading and showing ------------------------------------------------------------------------

    def set_tasks(self, tasks: list, plans: dict) -> None:
        """The whole list (from the database) and task id → (plan id, plan title); shown with the view kept."""
        self.all_tasks, self.plans = tasks, plans
        self._fill_choices()
        self.show_view()

    def _fill_choices(self) -> None:
        plans = [(self.tr("全部任务"), None)] + sorted({(title, plan) for plan, title in self.plans.values()})
        plans.append((self.tr("不属于抽查计划的任务"), ""))
        years = [(self.tr("全部年度"), None)] + [(y, y) for y in sorted({task_year(t) for t in self.all_tasks} - {""},
                                                                         reverse=True)]
        names = sorted({name for t in self.all_tasks for name in t.team}, key=sort_key)
        people = [(self.tr("全部检查人员"), None)] + [(n, n) for n in names]
        for combo, choices, wanted in ((self.plan_filter, plans, self.view.plan),
                                       (self.year_filter, years, self.view.year),
                                       (self.inspector_filter, people, self.view.inspector)):
            if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == choices:
                continue
            combo.blockSignals(True)
            combo.clear()
            for text, data in choices:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted is not None else 0)
            combo.blockSignals(False)
        self._read_view()

    def _read_view(self) -> None:
        v = self.view
        v.text, v.status, v.plan = self.search.text(), self.status_filter.currentData(), self.plan_filter.currentData()
        v.year, v.inspector = self.year_filter.currentData(), self.inspector_filter.currentData()
        v.grouped = self.grouped.isChecked()

    def _changed(self, *_) -> None:
        self._read_view()
        settings.set_value(settings.TASK_LIST_VIEW, self.view.remembered())
        self.show_view()
        self.viewChanged.emit()

    def _sorted(self, section: int, order) -> None:
        self.view.sort, self.view.descending = COLUMNS[section], order == Qt.SortOrder.DescendingOrder
        self._changed()

    def show_view(self) -> None:
        kept, current = {t.id for t in self.selected_tasks()}, self.current_task()
        view = self.view
        tasks = [t for t in self.all_tasks if shown(t, self.plans.get(t.id), view)]
        tasks.sort(key=lambda t: sort_value(t, view.sort, self.plans.get(t.id)), reverse=view.descending)
        if view.grouped:
            groups: dict[tuple, list] = {}
            for t in tasks:
                plan = self.plans.get(t.id)
                groups.setdefault((plan is None, sort_key(plan[1]) if plan else "", plan[0] if plan else ""),
                                  []).append(t)
            self.row_tasks = []
            for key in sorted(groups):
                self.row_tasks += [None] + groups[key]
        else:
            self.row_tasks = list(tasks)
        self.tasks = [t for t in self.row_tasks if t is not None]
        self.table.setColumnHidden(len(COLUMNS) - 1, view.grouped)  # the group's heading names the plan
        self._fill_table()
        self._reselect(kept, current.id if current else None)
        total, count = len(self.all_tasks), len(self.tasks)
        self.count.setText(self.tr("共 %n 个检查任务", "", total) if count == total
                           else self.tr("显示 {0} 个，共 %n 个检查任务", "", total).format(count))

    def _fill_table(self) -> None:
        table = self.table
        table.clearSpans()
        table.setRowCount(len(self.row_tasks))
        for r, task in enumerate(self.row_tasks):
            if task is None:
                self._heading_row(r)
                continue
            plan = self.plans.get(task.id)
            values = (status_text(task), task.institution, short_category(task.category), task.district,
                      task.planned_date or "", task.leader or "",
                      self.tr("{0}/{1}，问题 {2}").format(task.checked, task.items, task.problems),
                      plan[1] if plan else self.tr("（无）"))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, task.id)
                if task.cancelled:
                    item.setForeground(QBrush(MUTED))
                table.setItem(r, c, item)
            status = table.item(r, 0)
            status.setBackground(QBrush(QColor(COLOURS[status_key(task)])))
            status.setForeground(QBrush(MUTED if task.cancelled else TEXT))
            status.setToolTip(self._status_tip(task))
            table.item(r, 5).setToolTip(self.tr("检查组：{0}").format(join_names(task.team)))
            table.item(r, 7).setToolTip(table.item(r, 7).text())

    def _heading_row(self, r: int) -> None:
        first = self.row_tasks[r + 1]
        plan = self.plans.get(first.id)
        size = next((i for i, t in enumerate(self.row_tasks[r + 1:]) if t is None), len(self.row_tasks) - r - 1)
        text = self.tr("{0}（{1} 项）").format(plan[1] if plan else self.tr("不属于抽查计划的任务"), size)
        item = QTableWidgetItem(text)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(r, 0, item)
        for c in range(1, len(COLUMNS)):
            self.table.setItem(r, c, QTableWidgetItem(""))
            self.table.item(r, c).setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setSpan(r, 0, 1, len(COLUMNS))

    def _status_tip(self, task) -> str:
        if task.cancelled:
            return self.tr("已取消（{0}）：{1}；取消前：{2}").format(
                (task.cancelled_at or "")[:16].replace("T", " "), task.cancel_reason or self.tr("未写原因"),
                label(task.status))
        return self.tr("状态：{0}").format(label(task.status))

    def _reselect(self, ids: set, current: str | None) -> None:
        model, selection = self.table.model(), self.table.selectionModel()
        rows = [r for r, t in enumerate(self.row_tasks) if t is not None and t.id in ids]
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        self.table.clearSelection()
        if not rows:
            first = next((r for r, t in enumerate(self.row_tasks) if t is not None), None)
            if first is not None:
                self.table.selectRow(first)
            return
        at = next((r for r in rows if self.row_tasks[r].id == current), rows[0])
        selection.setCurrentIndex(model.index(at, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        for r in rows:
            selection.select(model.index(r, 0), flags)

    # --- what is chosen ----------------------------------------------------------------------------

    def current_task(self):
        row = self.table.currentRow()
        return self.row_tasks[row] if 0 <= row < len(self.row_tasks) else None

    def selected_tasks(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()} or {self.table.currentRow()})
        return [self.row_tasks[r] for r in rows if 0 <= r < len(self.row_tasks) and self.row_tasks[r] is not None]

    def _open(self) -> None:
        task = self.current_task()
        if task is not None:
            self.openRequested.emit(task.id)
