"""The 18 checklist items: the list on the left, the chosen item on the right with its check method, the
verdict, the problem description and the item's evidence photos.

Keyboard: ↑/↓ in the list (or Ctrl+↑/↓ anywhere in the tab) moves between items; 1–4 in the list sets the
verdict (Alt+1…6 belong to the workspace's tabs); Enter goes to the description. A problem needs a description.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import Verdict
from app.domain.record import Part
from app.services import recording
from app.ui.labels import label
from app.ui.workspace.fields import CommitTextEdit, set_read_only
from app.ui.workspace.photos import PhotoStrip

VERDICT_ORDER = (Verdict.PROBLEM, Verdict.NO_PROBLEM, Verdict.NA, Verdict.NOT_CHECKED)
VERDICT_COLOURS = {Verdict.PROBLEM: "#b42318", Verdict.NO_PROBLEM: "#1a7f37", Verdict.NA: "#5f6b7a",
                   Verdict.NOT_CHECKED: "#9a6700"}


class ItemList(QListWidget):
    """Number keys 1–4 set the current item's verdict; Enter moves to the description."""

    def __init__(self, tab):
        super().__init__()
        self.tab = tab

    def keyPressEvent(self, event) -> None:
        keys = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}
        if event.key() in keys and not event.modifiers():
            self.tab.set_verdict(VERDICT_ORDER[keys[event.key()]])
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.tab.description.setFocus()
            return
        super().keyPressEvent(event)


class ItemsTab(QWidget):
    parts = frozenset({Part.FINDINGS, Part.PHOTOS})  # the parts of the record it shows (see TaskWorkspace.refresh)

    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace
        self.checklist = workspace.record.checklist
        layout = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(splitter)
        self.items = ItemList(self)
        self.items.setAccessibleName(self.tr("检查事项"))
        self.items.setWordWrap(True)
        for item in self.checklist.items:
            QListWidgetItem(self.items)
        splitter.addWidget(self.items)
        detail = QScrollArea()  # on a small screen (1366×768 at 125 %) the item's panel scrolls, the window fits
        detail.setWidgetResizable(True)
        detail.setFrameShape(QFrame.Shape.NoFrame)
        detail.setWidget(self._detail())
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.items.currentRowChanged.connect(self._show)
        for key, step in (("Ctrl+Down", 1), ("Ctrl+Up", -1)):
            QShortcut(QKeySequence(key), self, activated=lambda s=step: self.move(s),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.items.setCurrentRow(0)

    def _detail(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        self.content = QLabel(wordWrap=True)
        self.content.setTextFormat(Qt.TextFormat.PlainText)
        self.content.setStyleSheet("font-size: 12pt; font-weight: bold;")
        column.addWidget(self.content)
        self.method = QTextBrowser()
        self.method.setAccessibleName(self.tr("检查方法及证明材料要求"))
        column.addWidget(self.method, 2)
        box = QGroupBox(self.tr("是否发现问题"))
        row = QHBoxLayout(box)
        self.verdicts = QButtonGroup(self)
        for n, verdict in enumerate(VERDICT_ORDER, start=1):
            button = QRadioButton(f"{n} " + label(verdict))  # no mnemonic: Alt+n shows tab n
            button.setToolTip(self.tr("在左侧事项列表中按 {0}").format(n))
            self.verdicts.addButton(button, n - 1)
            row.addWidget(button)
        self.verdicts.idClicked.connect(lambda i: self.set_verdict(VERDICT_ORDER[i]))
        column.addWidget(box)
        column.addWidget(QLabel(self.tr("问题描述（发现问题时必填）：")))
        self.description = CommitTextEdit()
        self.description.setAccessibleName(self.tr("问题描述"))
        self.description.setMaximumHeight(110)
        self.description.committed.connect(self._save_description)
        column.addWidget(self.description)
        column.addWidget(QLabel(self.tr("本项证据照片（可把图片拖到这里）：")))
        self.photos = PhotoStrip(self.workspace, item=1)
        column.addWidget(self.photos)
        return panel

    @property
    def number(self) -> int:
        return self.checklist.items[max(0, self.items.currentRow())].number

    def go_to(self, number: int) -> None:
        """Show item `number`, with the focus where it needs something: its description for a problem, else the
        list (where 1–4 set the verdict)."""
        self.workspace.tabs.setCurrentWidget(self)
        rows = [r for r, item in enumerate(self.checklist.items) if item.number == number]
        if rows:
            self.items.setCurrentRow(rows[0])
        finding = self.workspace.record.findings.get(number)
        if finding is not None and finding.verdict is Verdict.PROBLEM and not finding.description.strip():
            self.description.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.items.setFocus(Qt.FocusReason.OtherFocusReason)

    def move(self, step: int) -> None:
        self.description.commit()
        row = min(max(self.items.currentRow() + step, 0), self.items.count() - 1)
        self.items.setCurrentRow(row)

    def load(self, record) -> None:
        for row, item in enumerate(self.checklist.items):
            finding = record.findings[item.number]
            verdict = finding.verdict
            entry = self.items.item(row)
            mark = "" if verdict is not Verdict.PROBLEM or finding.description.strip() else self.tr("（缺描述）")
            entry.setText(self.tr("{0}. [{1}{2}] {3}").format(
                item.number, label(verdict), mark, QCoreApplication.translate("checklist", item.content)))
            entry.setForeground(QBrush(QColor(VERDICT_COLOURS[verdict])))
        self._show(self.items.currentRow())

    def _show(self, row: int) -> None:
        if row < 0:
            return
        item = self.checklist.items[row]
        record = self.workspace.record
        finding = record.findings[item.number]
        self.content.setText(self.tr("第 {0} 项　{1}").format(item.number, QCoreApplication.translate("checklist", item.content)))
        basis = self.tr("；").join(f"{b.law}{b.article}" for b in item.legal_basis)
        html = "".join(f"<p>{line}</p>" for line in item.method_lines)
        if basis:
            html += "<p style='color:#555'>" + self.tr("依据：") + f"{basis}</p>"
        self.method.setHtml(html)
        verdict = finding.verdict
        self.verdicts.button(VERDICT_ORDER.index(verdict)).setChecked(True)
        self.description.show_value(finding.description)
        self.photos.item = item.number
        self.photos.load(record)
        editable = self.workspace.editable
        for button in self.verdicts.buttons():
            button.setEnabled(editable)
        set_read_only(self.description, not editable, self.workspace.read_only_reason())

    def set_verdict(self, verdict: Verdict) -> None:
        if not self.workspace.editable:
            return
        number = self.number
        self.description.commit()
        finding = self.workspace.record.findings[number]
        old = finding.verdict
        if old is verdict:
            return
        db, task_id = self.workspace.db, self.workspace.task_id
        self.workspace.push(self.tr("第 {0} 项：{1}").format(number, label(verdict)),
                            lambda: recording.set_verdict(db, task_id, number, verdict),
                            lambda: recording.set_verdict(db, task_id, number, old))
        if verdict is Verdict.PROBLEM and not finding.description.strip():
            self.description.setFocus()

    def _save_description(self, text: str) -> None:
        number = self.number
        old = self.workspace.record.findings[number].description
        if text.strip() == old:
            return
        db, task_id = self.workspace.db, self.workspace.task_id
        verdict = self.workspace.record.findings[number].verdict
        self.workspace.push(self.tr("第 {0} 项的问题描述").format(number),
                            lambda: recording.set_verdict(db, task_id, number, verdict, text),
                            lambda: recording.set_verdict(db, task_id, number, verdict, old))
