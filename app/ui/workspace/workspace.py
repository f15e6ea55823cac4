"""The workspace of one inspection task: a header with the status and the record's actions, and one tab per
part of the record (basic information, the visit, the 18 items, blind samples, exams, photos, signatures).

Every change is saved at once through the services, as an undoable command
(Ctrl+Z / Ctrl+Shift+Z); there is no Save button. The workspace keeps its own
database connection for these writes. Each service edit says what it changed
(`domain.record.Changes`); the workspace then loads the record again and
shows again only the tabs that show those parts (all of them when the
status changed, since it decides what may be edited).

Text still being typed is saved by `commit_pending()` before every way out of
it: another tab, "← 任务列表", undo and redo, the record's actions, closing
the workspace (another task, the window closing); the main window calls it
before another page and when it closes or the application quits.

The header says whether edits are saved (feedback.SaveIndicator). A refused
value is told in a sentence under the header; the field keeps the typed text
and gets the focus back. A record that cannot be finished or signed gets a
plain list of what is missing, with a button to go to the first place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import SpotcheckError
from app.domain.record import Changes, Part, TaskRecord
from app.domain.tasks import TaskStatus
from app.services import merge as merge_service
from app.services import tasks as task_service
from app.services.storage import connect
from app.services.task_view import task_record
from app.ui.labels import label
from app.ui.workspace import feedback
from app.ui.workspace.edits import EditCommand
from app.ui.workspace.fields import (
    FIELD_STYLE,
    CommitLineEdit,
    CommitTextEdit,
    commit_pending,
    committing_field,
    refused_fields,
)

STATUS_COLOURS = {
    TaskStatus.PLANNED: "#5f6b7a", TaskStatus.NOTIFIED: "#1f6feb", TaskStatus.ON_SITE: "#b35900",
    TaskStatus.RECORDED: "#8250df", TaskStatus.SIGNED: "#1a7f37",
}


class TaskWorkspace(QWidget):
    """Emits `back()` when the user returns to the task list, `changed()` after every saved edit."""

    back = Signal()
    changed = Signal()

    def __init__(self, db_path: Path, task_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path, self.task_id = db_path, task_id
        self.db = connect(db_path)
        self.undo_stack = QUndoStack(self)
        self.record: TaskRecord = task_record(self.db, task_id)
        self.last_error: SpotcheckError | None = None
        self.last_box: QMessageBox | None = None
        self.setStyleSheet(FIELD_STYLE)  # read-only, corrected and refused fields look so
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self.refusal = QLabel(wordWrap=True)  # the last refusal, in a sentence, until the next saved edit
        self.refusal.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal.setStyleSheet("color: #b42318; font-weight: bold;")
        self.refusal.hide()
        layout.addWidget(self.refusal)
        self.warnings = QLabel(wordWrap=True)
        self.warnings.setStyleSheet("color: #9a3412;")
        layout.addWidget(self.warnings)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self._add_tabs()
        for field in [*self.findChildren(CommitLineEdit), *self.findChildren(CommitTextEdit)]:
            field.typing.connect(self.saved_indicator.typing)
        self.tabs.currentChanged.connect(lambda _: self.commit_pending())
        for key, slot in ((QKeySequence.StandardKey.Undo, self.undo),
                          (QKeySequence.StandardKey.Redo, self.redo)):
            QShortcut(key, self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Back, self, activated=self.leave,  # Alt+← : ← 任务列表
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctrl_shift_z = QKeySequence("Ctrl+Shift+Z")
        if ctrl_shift_z not in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):  # twice: neither would fire
            QShortcut(ctrl_shift_z, self, activated=self.redo, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    def _header(self) -> QVBoxLayout:
        row = QHBoxLayout()
        back = QToolButton(text=self.tr("← 任务列表"))
        back.setAutoRaise(True)
        back.setToolTip(self.tr("返回任务列表（{0}）").format(
            QKeySequence(QKeySequence.StandardKey.Back).toString(QKeySequence.SequenceFormat.NativeText)))
        back.clicked.connect(self.leave)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        # a long institution name gives way to the buttons: the header must fit 1366 px at 125 %
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(120)
        self.status = QLabel()
        self.saved_indicator = feedback.SaveIndicator()
        self.undo_button = QToolButton(text=self.tr("撤销"))
        self.redo_button = QToolButton(text=self.tr("重做"))
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: self.undo_button.setToolTip(self.tr("撤销：{0}").format(t)))
        self.undo_stack.redoTextChanged.connect(lambda t: self.redo_button.setToolTip(self.tr("重做：{0}").format(t)))
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.finish_button = QPushButton(self.tr("结束记录(&J)"))
        self.finish_button.setToolTip(self.tr("确认18项检查、盲样判定都已完成；之后记录不能再修改，等待双方签名"))
        self.finish_button.clicked.connect(self.finish)
        self.reopen_button = QPushButton(self.tr("重新打开(&O)…"))
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setStyleSheet("color: #b42318; font-weight: bold;")
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.report_button = QPushButton(self.tr("记录文书(&W)…"))
        self.report_button.setToolTip(self.tr("预览、导出 PDF / Word，签署后可加数字签名"))
        self.report_button.clicked.connect(self.show_report)
        self.notice_button = QPushButton(self.tr("检查通知书(&T)…"))
        self.notice_button.setToolTip(self.tr("导出检查通知书（PDF / Word），首次导出时编号"))
        self.notice_button.clicked.connect(self.export_notice)
        self.case_button = QPushButton(self.tr("处理(&B)…"))
        self.case_button.setToolTip(self.tr("记录签署后：处理结论、整改、处罚、移交问题线索；处理完整即办结"))
        self.case_button.clicked.connect(self.show_case)
        self.export_button = QPushButton(self.tr("导出检查结果包(&E)…"))
        self.export_button.setToolTip(self.tr("把本任务的记录、照片和签名导出为签名的 .scpkg 数据包，交组长导入"))
        self.export_button.clicked.connect(self.export_findings)
        # the institution's name on a line of its own: names are what people read, and at 1366×768, 125 % the
        # buttons beside it left room for six characters
        top = QHBoxLayout()
        for widget in (back, self.title):
            top.addWidget(widget)
        top.setStretchFactor(self.title, 1)
        top.addWidget(self.status)
        top.addWidget(self.conflicts_button)
        row.addWidget(self.saved_indicator)
        row.addStretch(1)
        for widget in (self.undo_button, self.redo_button, self.finish_button, self.reopen_button, self.case_button,
                       self.notice_button, self.report_button, self.export_button):
            row.addWidget(widget)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addLayout(top)
        header.addLayout(row)
        return header

    def _add_tabs(self) -> None:
        from app.ui.workspace.info_tab import InfoTab
        from app.ui.workspace.items_tab import ItemsTab
        from app.ui.workspace.samples_tab import ExamsTab, SamplesTab
        from app.ui.workspace.signatures_tab import SignaturesTab
        from app.ui.workspace.visit_tab import VisitTab

        self.visit_tab = VisitTab(self)
        self.info_tab = InfoTab(self)
        self.items_tab = ItemsTab(self)
        self.samples_tab = SamplesTab(self)
        self.exams_tab = ExamsTab(self)
        self.signatures_tab = SignaturesTab(self)
        for tab, title in ((self.visit_tab, self.tr("现场情况(&1)")), (self.info_tab, self.tr("机构信息(&2)")),
                           (self.items_tab, self.tr("检查事项(&3)")), (self.samples_tab, self.tr("盲样考核(&4)")),
                           (self.exams_tab, self.tr("签字人考试(&5)")),
                           (self.signatures_tab, self.tr("签名与签署(&6)"))):
            self.tabs.addTab(tab, title)
        self.all_tabs = (self.visit_tab, self.info_tab, self.items_tab, self.samples_tab, self.exams_tab,
                         self.signatures_tab)

    # --- editing ---------------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.record.status.editable

    def read_only_reason(self) -> str:
        """Why the record's content cannot be changed now ("" while it can): the tooltip of every read-only field."""
        status = self.record.status
        if status.editable:
            return ""
        if status is TaskStatus.RECORDED:
            return self.tr("记录已结束，等待签名，不能再修改；如确需修改，请先“重新打开”。")
        if status is TaskStatus.SIGNED:
            return self.tr("记录已签署，不能再修改；如确需修改，请先“重新打开”。")
        return self.tr("检查任务{0}，记录不能再修改。").format(label(status))

    def commit_pending(self) -> bool:
        """Save what is typed and not yet saved, in any tab. False if the services refused some of it (shown)."""
        before = self.last_error
        commit_pending(self)
        return self.last_error is before

    def all_saved(self) -> bool:
        """`commit_pending`, and no field still showing a text refused earlier: what is made from the record (the
        package, the record, the notice) would leave it out without a word. (Leaving the task is allowed the second
        time: the user may give the refused text up.)"""
        if not self.commit_pending():
            return False
        refused = refused_fields(self)
        if refused:  # the sentence above the tabs still says why; the field to correct gets the focus
            tab = next((i for i in range(self.tabs.count()) if self.tabs.widget(i).isAncestorOf(refused[0])), None)
            if tab is not None:
                self.tabs.setCurrentIndex(tab)
            refused[0].setFocus()
        return not refused

    def leave(self) -> None:
        """"← 任务列表": save what is typed, then go back; stay if it was refused, with the reason on screen."""
        if self.commit_pending():
            self.back.emit()

    def undo(self) -> None:
        self.commit_pending()  # text being typed becomes the newest edit, and is what the undo takes back
        self.undo_stack.undo()

    def redo(self) -> None:
        self.commit_pending()
        self.undo_stack.redo()

    def push(self, text: str, apply_new, apply_old) -> None:
        """Save a change now, as an undoable command; `apply_new` and `apply_old` return the service's Changes."""
        self.undo_stack.push(EditCommand(text, apply_new, apply_old, self.refresh, self.refused, self.saved))

    def run(self, action, title: str | None = None, heading: str | None = None) -> bool:
        """Run a non-undoable action (finish, sign, reopen, add a signature); True if it ran. A refusal is shown in
        a message box titled `title`: under `heading`, one line for each problem, with the way to the first."""
        if not self.commit_pending():
            return False
        changes = None
        try:
            result = action()
            changes = result if isinstance(result, Changes) else None
        except SpotcheckError as error:
            self.last_error = error
            self.last_box = feedback.show_gaps(self, title or self.tr("未完成"), heading, error)
            return False
        finally:
            self.refresh(changes)
        self.saved()
        return True

    def saved(self) -> None:
        """An edit was saved: the header says when, and an earlier refusal is no longer the news."""
        self.saved_indicator.saved()
        self.refusal.hide()

    def refused(self, error: SpotcheckError) -> None:
        """An edit was refused: said in a sentence; the field it came from keeps its text and gets the focus."""
        self.last_error = error
        why = feedback.sentence(error)
        self.saved_indicator.failed(why)
        self.refusal.setText(self.tr("未保存：{0}").format(why))
        self.refusal.show()
        field = committing_field()
        if field is not None and self.isAncestorOf(field):
            field.keep_refused()
            feedback.focus_later(self, field)

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the record and show it: the tabs that show what `changes` names, or every tab when it is None
        or the status changed. Widgets being typed in keep the user's text."""
        self.record = task_record(self.db, self.task_id)
        record = self.record
        self.title.setText(self.tr("{0} · {1}").format(record.institution.name, record.checklist.version))
        self.title.setToolTip(self.title.text())
        colour = STATUS_COLOURS.get(record.status, "#444")
        self.status.setText(label(record.status))
        self.status.setStyleSheet(f"color: white; background: {colour}; border-radius: 4px; padding: 2px 8px;")
        self.warnings.setText("\n".join(self.tr("⚠ {0}").format(w) for w in record.warnings))
        self.warnings.setVisible(bool(record.warnings))
        # on a finished record "自动保存" would mislead; what was just saved there (a signature) is still said
        self.saved_indicator.setVisible(record.status.editable or self.saved_indicator.state != "idle")
        self.finish_button.setVisible(record.status.editable)
        self.reopen_button.setVisible(record.status in (TaskStatus.RECORDED, TaskStatus.SIGNED))
        self.case_button.setVisible(record.status in (TaskStatus.SIGNED, TaskStatus.MERGED, TaskStatus.CLOSED))
        open_conflicts = merge_service.conflict_count(self.db, self.task_id)
        self.conflicts_button.setText(self.tr("冲突 {0}…").format(open_conflicts))
        self.conflicts_button.setVisible(open_conflicts > 0)
        for tab in self.all_tabs:
            if changes is None or changes.touches(Part.STATUS, *tab.parts):
                tab.load(record)
        self.changed.emit()

    # --- the record's status ---------------------------------------------------------------------

    def finish(self) -> None:
        if self.run(lambda: task_service.finish(self.db, self.task_id), self.tr("不能结束记录"),
                    self.tr("记录还不完整，不能结束。请先补上以下各处：")):
            self.undo_stack.clear()  # the record is closed: earlier edits cannot be undone from here
            self.tabs.setCurrentWidget(self.signatures_tab)

    def sign(self) -> None:
        if self.run(lambda: task_service.sign(self.db, self.task_id), self.tr("不能签署"),
                    self.tr("记录还不能签署。请先补上以下各处：")):
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("已签署"),
                              self.tr("现场检查记录已签署，不能再修改。"), QMessageBox.StandardButton.Ok, self)
            box.open()

    def ask_reopen(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("重新打开记录"))
        dialog.setLabelText(self.tr("重新打开后，已有的签名作废，需要重新签名。请写明原因（将记入审计日志）："))
        dialog.textValueSelected.connect(self.reopen)
        dialog.open()
        return dialog

    def reopen(self, reason: str) -> None:
        self.run(lambda: task_service.reopen(self.db, self.task_id, reason))

    def show_conflicts(self):
        from app.ui.workspace.conflicts import open_conflicts

        self.commit_pending()
        self.conflicts_dialog = open_conflicts(self)
        return self.conflicts_dialog

    def show_report(self):
        from app.ui.report_dialog import ReportDialog

        if not self.all_saved():  # the record shown is the one typed: a refused field is said, not left out
            return None
        self.report_dialog = ReportDialog(self, self.db_path, self.task_id,
                                          signed=self.record.status is TaskStatus.SIGNED,
                                          title=self.record.institution.name)
        self.report_dialog.open()
        self.report_dialog.refresh_preview()
        return self.report_dialog

    def export_notice(self):
        from app.ui.notice_export import NoticeExport

        if not self.all_saved():  # the notice prints the planned date and the team as typed
            return None
        self.notice_export = NoticeExport(self, self.db_path, self.task_id, self.record.institution.name,
                                          done=self.refresh)
        self.notice_export.ask_file()
        return self.notice_export

    def show_case(self):
        """The lead's conclusion, follow-up and referrals (app/ui/case_dialog.py); the status shown after."""
        from app.domain.checklist import Verdict
        from app.ui.case_dialog import CaseDialog

        record = self.record
        problems = [(n, record.checklist.item(n).content) for n, f in sorted(record.findings.items())
                    if f.verdict is Verdict.PROBLEM]
        self.case_dialog = CaseDialog(self, self.db, self.task_id, problems)
        self.case_dialog.finished.connect(lambda _: self.refresh())
        self.case_dialog.open()
        return self.case_dialog

    def export_findings(self):
        from app.ui.package_export import FindingsExport

        if not self.all_saved():  # what is typed goes into the package: a refused field is said, not left out
            return None
        self.findings_export = FindingsExport(self, self.db_path, self.task_id, self.record.institution.name)
        self.findings_export.ask_file()
        return self.findings_export

    def close_workspace(self) -> None:
        self.commit_pending()
        self.db.close()
