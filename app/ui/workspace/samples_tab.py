"""Blind samples (盲样考核) and signatory exams (授权签字人考试) as editable tables.

Each cell is saved when it is left. A blind sample is scored as soon as it
has what its statistic needs; the score and the judgement columns are the
app's, not the user's. An exam's result follows from its score and pass mark.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.record import Changes, Part
from app.domain.scoring import ACTION_LIMIT, EN_LIMIT, WARNING_LIMIT, Judgement, Statistic
from app.services import recording
from app.ui.labels import label
from app.ui.workspace.placeholder import HintTable

QUALITATIVE = ("qualitative", QT_TRANSLATE_NOOP("SamplesTab", "定性"))  # the statistics' labels are the domain's
JUDGEMENT_COLOURS = {Judgement.SATISFACTORY: "#1a7f37", Judgement.QUESTIONABLE: "#9a6700",
                     Judgement.UNSATISFACTORY: "#b42318"}
SAMPLE_COLUMNS = [  # (stored column, header); None: computed
    ("code", QT_TRANSLATE_NOOP("SamplesTab", "样品编号")), ("matrix", QT_TRANSLATE_NOOP("SamplesTab", "样品/基质")),
    ("parameter", QT_TRANSLATE_NOOP("SamplesTab", "检测项目")), ("method", QT_TRANSLATE_NOOP("SamplesTab", "方法标准")),
    ("unit", QT_TRANSLATE_NOOP("SamplesTab", "单位")), ("statistic", QT_TRANSLATE_NOOP("SamplesTab", "统计量")),
    ("assigned", "X"), ("sigma_pt", "σpt"), ("uncertainty_assigned", "u(X)"), ("expanded_assigned", "U(X)"),
    ("result", "x"), ("uncertainty_result", "u(x)"), ("expanded_result", "U(x)"),
    ("expected_text", QT_TRANSLATE_NOOP("SamplesTab", "预期（定性）")),
    ("result_text", QT_TRANSLATE_NOOP("SamplesTab", "结果（定性）")),
    ("score", QT_TRANSLATE_NOOP("SamplesTab", "得分")), ("judgement", QT_TRANSLATE_NOOP("SamplesTab", "判定")),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SamplesTab", text)


class RowTable(QWidget):
    """A table of a task's rows (blind samples or exams) with add (the button, Ctrl+N) and remove; subclasses
    say how to save, what the add button says and what the empty table says."""

    columns: list[tuple[str, str]] = []
    parts: frozenset[Part] = frozenset()  # what the table shows: it is loaded again when an edit changes these
    computed: set[str] = set()  # columns the app fills in
    add_text = QT_TRANSLATE_NOOP("SamplesTab", "添加一行(&N)")
    remove_text = QT_TRANSLATE_NOOP("SamplesTab", "删除所选行")
    empty_text = QT_TRANSLATE_NOOP("SamplesTab", "还没有记录。点击“{0}”或按 {1} 添加。")  # {0} the add button
    empty_read_only = QT_TRANSLATE_NOOP("SamplesTab", "没有记录。")
    add_key = QKeySequence("Ctrl+N")

    def __init__(self, workspace, note: str):
        super().__init__()
        self.workspace = workspace
        layout = QVBoxLayout(self)
        hint = QLabel(note, wordWrap=True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.table = HintTable(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([_tr(h) for _, h in self.columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(self._cell_changed)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_tr(self.add_text))
        self.add_button.setToolTip(QCoreApplication.translate("SamplesTab", "添加（{0}）").format(
            self.add_key.toString(QKeySequence.SequenceFormat.NativeText)))
        self.add_button.clicked.connect(self.add_row)
        self.add_shortcut = QShortcut(self.add_key, self, activated=self._add_by_key,
                                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_button = QPushButton(_tr(self.remove_text))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.rows: list = []

    def rows_of(self, record) -> list:
        raise AttributeError

    def load(self, record) -> None:
        self.rows = self.rows_of(record)
        editable = self.workspace.editable
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, (name, _) in enumerate(self.columns):
                if self.table.cellWidget(r, c) is None and name in self.choices():
                    self._combo(r, c, name)
                if name in self.choices():
                    combo = self.table.cellWidget(r, c)
                    combo.blockSignals(True)
                    combo.setCurrentIndex(max(0, combo.findData(row.value(name))))
                    combo.setEnabled(editable)
                    combo.blockSignals(False)
                    continue
                cell = QTableWidgetItem(self.shown(name, row))
                if name in self.computed or not editable:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.decorate(name, row, cell)
                self.table.setItem(r, c, cell)
        self.table.blockSignals(False)
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        name = _tr(self.add_text).replace("&", "").split("(")[0]
        key = self.add_key.toString(QKeySequence.SequenceFormat.NativeText)
        self.table.set_placeholder(_tr(self.empty_text).format(name, key) if editable else _tr(self.empty_read_only))

    def _add_by_key(self) -> None:
        if self.add_button.isEnabled():
            self.add_row()
            self.table.setFocus()

    def go_to_code(self, code: str) -> None:
        """Show the tab with the row of the blind sample `code` current (the first row when there is none)."""
        self.workspace.tabs.setCurrentWidget(self)
        rows = [r for r, row in enumerate(self.rows) if (row.value("code") or "") == code] or [0]
        self.table.setFocus()
        if self.rows:
            self.table.setCurrentCell(rows[0], 0)

    def choices(self) -> dict[str, list[tuple[str | None, str]]]:
        return {}

    def shown(self, name: str, row) -> str:
        value = row.value(name)
        return "" if value is None else str(value)

    def decorate(self, name: str, row, cell: QTableWidgetItem) -> None:
        pass

    def _combo(self, r: int, c: int, name: str) -> None:
        combo = QComboBox()
        for value, text in self.choices()[name]:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _=0, combo=combo, name=name: self._save_cell(
            self.table.indexAt(combo.pos()).row(), name, combo.currentData()))
        self.table.setCellWidget(r, c, combo)

    def _cell_changed(self, cell: QTableWidgetItem) -> None:
        name = self.columns[cell.column()][0]
        self._save_cell(cell.row(), name, cell.text().strip() or None)

    def _save_cell(self, r: int, name: str, value) -> None:
        if r < 0 or r >= len(self.rows):
            return
        row = self.rows[r]
        old = row.value(name)
        if (old or None) == value:
            return
        before = self.workspace.last_error
        self.workspace.push(self.tr("修改{0}").format(_tr(dict(self.columns)[name])),
                            lambda: self.save(row.id, {name: value}), lambda: self.save(row.id, {name: old}))
        if self.workspace.last_error is not before:  # refused (said above the tabs): back to the cell
            column = [n for n, _ in self.columns].index(name)
            QTimer.singleShot(0, lambda: self._focus_cell(r, column))

    def _focus_cell(self, r: int, column: int) -> None:
        self.workspace.tabs.setCurrentWidget(self._tab())
        self.table.setCurrentCell(r, column)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tab(self) -> QWidget:
        """The workspace tab this table is on (itself, or the visit tab for the people present)."""
        tabs = self.workspace.tabs
        return next((tabs.widget(i) for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(self)
                     or tabs.widget(i) is self), self)

    def save(self, row_id: str, values: dict) -> Changes:
        raise AttributeError

    def remove(self, row_id: str) -> Changes:
        raise AttributeError

    def restore(self, row_id: str) -> Changes:
        raise AttributeError

    def add_row(self) -> None:
        raise AttributeError

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            row_id = self.rows[r].id
            self.workspace.push(self.tr("删除一行"), lambda i=row_id: self.remove(i), lambda i=row_id: self.restore(i))


class SamplesTab(RowTable):
    columns = SAMPLE_COLUMNS
    parts = frozenset({Part.BLIND_SAMPLES})
    computed = {"score", "judgement"}  # the app's, not the user's
    add_text = QT_TRANSLATE_NOOP("SamplesTab", "添加盲样(&N)")
    remove_text = QT_TRANSLATE_NOOP("SamplesTab", "删除所选盲样")
    empty_text = QT_TRANSLATE_NOOP("SamplesTab", "还没有盲样考核记录。点击“{0}”或按 {1} 添加。")
    empty_read_only = QT_TRANSLATE_NOOP("SamplesTab", "没有盲样考核记录。")

    def __init__(self, workspace):
        super().__init__(workspace, QCoreApplication.translate(
            "SamplesTab", "定量：z = (x−X)/σpt；z′ 另计 u(X)；ζ 用 u(x)、u(X)；En 用扩展不确定度 U（k=2）。"
                          "|z|≤{0} {3}，{0}<|z|<{1} {4}，|z|≥{1} {5}；|En|≤{2} {3}。定性：填写预期和结果，一致为{3}。"
        ).format(WARNING_LIMIT, ACTION_LIMIT, EN_LIMIT, *(label(j) for j in Judgement)))  # the domain's limits

    def rows_of(self, record) -> list:
        return record.blind_samples

    def choices(self):
        return {"statistic": [(None, "")] + [(s.value, label(s)) for s in Statistic]
                + [(QUALITATIVE[0], _tr(QUALITATIVE[1]))]}

    def shown(self, name: str, row) -> str:
        if name == "judgement":
            return label(row.judgement) if row.judgement else ""
        if name == "score":
            return row.rounded or ""
        return super().shown(name, row)

    def decorate(self, name: str, row, cell: QTableWidgetItem) -> None:
        if name == "judgement" and row.judgement:
            cell.setForeground(QBrush(QColor(JUDGEMENT_COLOURS[row.judgement])))

    def save(self, row_id: str, values: dict) -> Changes:
        return recording.save_blind_sample(self.workspace.db, self.workspace.task_id, values, row_id, strict=False)

    def remove(self, row_id: str) -> Changes:
        return recording.remove_blind_sample(self.workspace.db, row_id)

    def restore(self, row_id: str) -> Changes:
        return recording.restore_blind_sample(self.workspace.db, row_id)

    def add_row(self) -> None:
        db, task_id = self.workspace.db, self.workspace.task_id
        created = []
        used = {row.code for row in self.rows}
        code = next(c for n in range(len(self.rows) + 1, len(self.rows) + len(used) + 2)
                    if (c := self.tr("盲样{0}").format(n)) not in used)  # a code names one sample: a free one
        self.workspace.push(self.tr("添加盲样"),
                            lambda: created.append(recording.save_blind_sample(
                                db, task_id, {"code": code}, strict=False)) or created[-1],
                            lambda: self.remove(created[-1].id))
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)


EXAM_COLUMNS = [
    ("signatory", QT_TRANSLATE_NOOP("SamplesTab", "授权签字人")), ("field", QT_TRANSLATE_NOOP("SamplesTab", "授权领域")),
    ("form", QT_TRANSLATE_NOOP("SamplesTab", "考试形式")), ("score", QT_TRANSLATE_NOOP("SamplesTab", "成绩")),
    ("pass_mark", QT_TRANSLATE_NOOP("SamplesTab", "合格线")), ("result", QT_TRANSLATE_NOOP("SamplesTab", "结果")),
    ("examiner_id", QT_TRANSLATE_NOOP("SamplesTab", "考官")), ("notes", QT_TRANSLATE_NOOP("SamplesTab", "备注")),
]
FORMS = [("written", QT_TRANSLATE_NOOP("SamplesTab", "笔试")), ("oral", QT_TRANSLATE_NOOP("SamplesTab", "口试")),
         ("practical", QT_TRANSLATE_NOOP("SamplesTab", "现场操作"))]


class NameDelegate(QStyledItemDelegate):
    """Edits a cell with completion from a list of names (the institution's authorized signatories)."""

    def __init__(self, names, parent=None):
        super().__init__(parent)
        self.names = names

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        completer = QCompleter(self.names(), editor)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        editor.setCompleter(completer)
        return editor


class ExamsTab(RowTable):
    columns = EXAM_COLUMNS
    parts = frozenset({Part.EXAMS, Part.TEAM, Part.INSTITUTION})  # examiners from the team, names from the signatories
    computed = {"result"}  # follows from the score and the pass mark
    add_text = QT_TRANSLATE_NOOP("SamplesTab", "添加考试(&N)")
    remove_text = QT_TRANSLATE_NOOP("SamplesTab", "删除所选考试")
    empty_text = QT_TRANSLATE_NOOP("SamplesTab", "还没有授权签字人考试记录。点击“{0}”或按 {1} 添加。")
    empty_read_only = QT_TRANSLATE_NOOP("SamplesTab", "没有授权签字人考试记录。")

    def __init__(self, workspace):
        super().__init__(workspace, QCoreApplication.translate(
            "SamplesTab", "考核授权签字人是否具备其授权领域的技术能力。签字人可从机构的授权签字人名单中选，也可直接填写。"))
        self.table.setItemDelegateForColumn(
            0, NameDelegate(lambda: self.workspace.record.institution.signatories, self.table))

    def rows_of(self, record) -> list:
        return record.exams

    def choices(self):
        team = [(m.inspector.id, m.inspector.name) for m in self.workspace.record.members]
        return {"form": [(None, "")] + [(v, _tr(t)) for v, t in FORMS], "examiner_id": [(None, "")] + team}

    def shown(self, name: str, row) -> str:
        if name == "result" and row.result:
            return _tr({"pass": QT_TRANSLATE_NOOP("SamplesTab", "合格"),
                        "fail": QT_TRANSLATE_NOOP("SamplesTab", "不合格")}[row.result])
        return super().shown(name, row)

    def save(self, row_id: str, values: dict) -> Changes:
        return recording.save_exam(self.workspace.db, self.workspace.task_id, values, row_id)

    def remove(self, row_id: str) -> Changes:
        return recording.remove_exam(self.workspace.db, row_id)

    def restore(self, row_id: str) -> Changes:
        return recording.restore_exam(self.workspace.db, row_id)

    def add_row(self) -> None:
        db, task_id = self.workspace.db, self.workspace.task_id
        names = self.workspace.record.institution.signatories
        created = []
        first = names[len(self.rows)] if len(self.rows) < len(names) else ""
        self.workspace.push(self.tr("添加签字人考试"),
                            lambda: created.append(recording.save_exam(db, task_id, {"signatory": first,
                                                                                     "form": "written"}))
                            or created[-1],
                            lambda: self.remove(created[-1].id))
