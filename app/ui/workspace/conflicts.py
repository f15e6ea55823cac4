"""The task's conflicts side by side (冲突): fields two devices recorded differently from the same version.

Each conflict shows its candidates with who recorded them on which device; the lead keeps one, or writes
the combined text, and gives a reason. The resolution is an audited edit on top of every candidate, so it
settles the conflict wherever it travels.

What is chosen last is what is settled (a candidate clicked after a combined text was typed wins, and typing a
combined text chooses it); Enter in a box settles that box; a refusal is said inside the box. What was typed in
the other boxes stays when one conflict is settled, and leaving with something typed and not settled asks first.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import InputRefused, Problem, SpotcheckError
from app.services import merge as merge_service
from app.ui.screen_fit import resize_within_screen

COMBINED = 0  # the button id of "the combined text" (candidates are numbered from 1)
SHORT = 24  # a candidate longer than this is shortened on its button and shown whole, wrapped, beneath it


class ConflictsDialog(QDialog):
    def __init__(self, workspace):
        super().__init__(workspace)
        self.workspace = workspace
        self.leave_question: QMessageBox | None = None
        self.setWindowTitle(self.tr("未解决的冲突"))
        resize_within_screen(self, 720, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("以下内容在两台设备上从同一版本起被改成了不同的值。请逐项选定一个版本，或写出合并后的内容，"
                                        "并写明理由（记入审计日志）。"), wordWrap=True))
        self.notice = QLabel(wordWrap=True)  # what changed under the dialog (another program settled a conflict)
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long texts wrap
        self.body = QWidget()
        self.rows = QVBoxLayout(self.body)
        self.scroll_area.setWidget(self.body)
        layout.addWidget(self.scroll_area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭(&L)"))
        close.setAutoDefault(False)  # Enter in a box settles that box, never closes the dialog
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.boxes: dict[str, tuple] = {}
        self.problems: dict[str, QLabel] = {}
        self.shown: dict[str, tuple] = {}  # conflict -> the versions as shown (a pick names one by its number)
        self.load()

    def load(self) -> None:
        typed = {cid: self._typed(cid) for cid in self.boxes}  # kept for the conflicts still open
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.boxes.clear()
        self.problems.clear()
        self.shown.clear()
        found = merge_service.conflicts(self.workspace.db, self.workspace.task_id)
        if not found:
            self.rows.addWidget(QLabel(self.tr("没有未解决的冲突。")))
        for conflict in found:
            self.rows.addWidget(self._box(conflict))
            if conflict.id in typed:
                self._restore(conflict.id, *typed[conflict.id])
        self.rows.addStretch(1)

    def _box(self, conflict) -> QGroupBox:
        box = QGroupBox(conflict.label)
        form = QFormLayout(box)
        group = QButtonGroup(box)
        for candidate in conflict.candidates:
            where = self.tr("本机") if candidate.here else candidate.device
            shown = candidate.shown if len(candidate.shown) <= SHORT else candidate.shown[:SHORT] + "…"
            choice = QRadioButton(self.tr("{0}　—　{1}（{2}，{3}）").format(shown.replace("&", "&&"), candidate.author,
                                                                        where, candidate.recorded_at))
            choice.setToolTip(candidate.shown[:2000])
            group.addButton(choice, candidate.number)
            form.addRow(choice)
            if shown != candidate.shown:  # the whole text, wrapped, to be read before it is kept
                whole = QLabel(candidate.shown, wordWrap=True)
                whole.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                whole.setContentsMargins(24, 0, 0, 0)
                form.addRow(whole)
        combine = QRadioButton(self.tr("合写(&W)："))
        group.addButton(combine, COMBINED)
        combined = QLineEdit()
        combined.setPlaceholderText(self.tr("或写出合并后的内容"))
        combined.textEdited.connect(lambda text, b=combine: text and b.setChecked(True))  # typing chooses it
        combine.toggled.connect(lambda on, f=combined: on and f.setFocus())
        form.addRow(combine, combined)
        reason = QLineEdit()
        reason.setPlaceholderText(self.tr("例如：以现场照片为准"))
        reason_label = QLabel(self.tr("理由(&R)："))
        reason_label.setBuddy(reason)
        form.addRow(reason_label, reason)
        problem = QLabel(wordWrap=True)
        problem.setStyleSheet("color: #b00020;")
        problem.hide()
        form.addRow(problem)
        settle = QPushButton(self.tr("解决(&S)"))
        settle.setAutoDefault(False)
        settle.clicked.connect(lambda _=False, c=conflict.id: self.settle(c))
        for field in (combined, reason):
            field.returnPressed.connect(lambda c=conflict.id: self.settle(c))
        form.addRow("", settle)
        self.boxes[conflict.id] = (group, combined, reason)
        self.problems[conflict.id] = problem
        self.shown[conflict.id] = self._versions(conflict)
        return box

    @staticmethod
    def _versions(conflict) -> tuple:
        return tuple((c.number, c.value, c.hlc, c.device) for c in conflict.candidates)

    def problem_label(self, conflict_id: str) -> QLabel:
        return self.problems[conflict_id]

    def _typed(self, conflict_id: str) -> tuple[int, str, str]:
        group, combined, reason = self.boxes[conflict_id]
        return group.checkedId(), combined.text(), reason.text()

    def _restore(self, conflict_id: str, checked: int, combined_text: str, reason_text: str) -> None:
        group, combined, reason = self.boxes[conflict_id]
        combined.setText(combined_text)
        reason.setText(reason_text)
        button = group.button(checked)
        if button is not None:
            button.setChecked(True)
        elif group.checkedButton() is not None:  # nothing chosen (an exclusive group unchecks only this way)
            group.setExclusive(False)
            group.checkedButton().setChecked(False)
            group.setExclusive(True)

    def unsettled(self) -> list[str]:
        """The conflicts with something chosen or typed that was not settled."""
        return [cid for cid in self.boxes if self._typed(cid) != (-1, "", "")]

    def settle(self, conflict_id: str) -> bool:
        group, combined, reason = self.boxes[conflict_id]
        checked, text = group.checkedId(), combined.text().strip()
        try:
            if checked == -1 or checked == COMBINED and not text:
                raise InputRefused(self.tr("请选定一个版本，或在“合写”中写出合并后的内容。"),
                                   [Problem(self.tr("一个版本或合并后的内容"), None)])
            pick = checked if checked != COMBINED else None
            now = next((c for c in merge_service.conflicts(self.workspace.db, self.workspace.task_id)
                        if c.id == conflict_id), None)
            if now is None or self._versions(now) != self.shown[conflict_id]:
                return self._changed(conflict_id, now is None)
            merge_service.resolve_conflict(self.workspace.db, conflict_id, pick=pick,
                                           value=text if pick is None else None, reason=reason.text())
        except sqlite3.IntegrityError:  # e.g. a combined text for a 结论, which takes one of its fixed values only
            return self.settle_refused(conflict_id, InputRefused(self.tr(
                "“合写”的内容不是这一项可以取的值（例如结论只能是其中一个版本），没有保存。请选定一个版本。"),
                [Problem(self.tr("其中一个版本"), text)]))
        except SpotcheckError as error:
            return self.settle_refused(conflict_id, error)
        self.boxes.pop(conflict_id)  # settled: nothing of it is left to keep
        self.workspace.refresh()
        self.load()
        return True

    def _changed(self, conflict_id: str, gone: bool) -> bool:
        """Another program merged a version (or settled the conflict) while the user chose: list the versions again,
        keep what was typed but not the pick (its number may name another version now), and say so."""
        group, combined, reason = self.boxes[conflict_id]
        kept = (COMBINED if group.checkedId() == COMBINED else -1, combined.text(), reason.text())
        label = group.parent().title()
        self.load()
        if gone or conflict_id not in self.boxes:
            self.notice.setText(self.tr("“{0}”的冲突已在别处解决（另一个程序或命令行），已从列表中移去；"
                                        "这里选定和填写的内容没有保存。").format(label))
            self.notice.show()
            self.workspace.refresh()
            return False
        self._restore(conflict_id, *kept)
        self.problems[conflict_id].setText(self.tr("这处冲突在您选择期间有了新的版本（另一处导入了数据包），已重新列出，请重新选定。"))
        self.problems[conflict_id].show()
        self.workspace.refresh()
        return False

    def settle_refused(self, conflict_id: str, error: SpotcheckError) -> bool:
        """Said in the conflict's box (the workspace behind the dialog says it too)."""
        self.problems[conflict_id].setText(error.message)
        self.problems[conflict_id].show()
        self.workspace.refused(error)
        return False

    def reject(self) -> None:
        """Esc, 关闭 and the title bar's close button: with something typed and not settled, ask first."""
        unsettled = self.unsettled()
        if not unsettled:
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), self.tr(
            "有 {0} 处冲突已选定或填写了内容，但还没有点“解决”。关闭后这些内容不会保存。").format(len(unsettled)),
            QMessageBox.StandardButton.NoButton, self)
        back = box.addButton(self.tr("返回继续填写(&B)"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("放弃填写的内容并关闭(&D)"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.buttonClicked.connect(lambda button: None if button is back else QDialog.reject(self))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.leave_question = box


def open_conflicts(workspace) -> ConflictsDialog:
    dialog = ConflictsDialog(workspace)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
