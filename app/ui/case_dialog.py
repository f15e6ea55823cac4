"""The lead's handling of a signed record in the window (issue 12 item 1): conclusion, follow-up and referrals —
the same services as `spotcheck case …` (app/services/cases.py).

Saving writes the whole form as one audited edit; the task becomes 已办结 when the case is complete, which the
dialog says (or what is still missing). Every way out saves: closing the dialog with changes typed saves them,
and a refusal keeps the dialog open with the typed text and says why.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.cases import Conclusion, Recipient
from app.domain.problems import InputRefused, Problem
from app.ui.labels import label as enum_label
from app.ui.problem_dialogs import show_error

ACCEPTED = [(None, QT_TRANSLATE_NOOP("CaseDialog", "未复查")), (True, QT_TRANSLATE_NOOP("CaseDialog", "复查通过")),
            (False, QT_TRANSLATE_NOOP("CaseDialog", "复查未通过"))]


def _date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


class CaseDialog(QDialog):
    def __init__(self, parent: QWidget, db, task_id: str, problem_items: list[tuple[int, str]]):
        super().__init__(parent)
        self.db, self.task_id, self.problem_items = db, task_id, problem_items
        self.last_dialog = None
        self.setWindowTitle(self.tr("处理：结论、整改、处罚、移交"))
        layout = QVBoxLayout(self)
        self.conclusion = QComboBox()
        for c in Conclusion:
            self.conclusion.addItem(enum_label(c), c.value)
        self.decided_on = QLineEdit(placeholderText="YYYY-MM-DD")
        self.rectify_by = QLineEdit(placeholderText=self.tr("YYYY-MM-DD（责令整改时）"))
        self.received = QLineEdit(placeholderText="YYYY-MM-DD")
        self.checked = QLineEdit(placeholderText="YYYY-MM-DD")
        self.accepted = QComboBox()
        for value, text in ACCEPTED:
            self.accepted.addItem(self.tr(text), value)
        self.penalty_decision = QLineEdit(placeholderText=self.tr("处罚决定书文号"))
        self.penalty_on = QLineEdit(placeholderText="YYYY-MM-DD")
        self.penalty_text = QLineEdit(placeholderText=self.tr("如：责令改正，罚款三万元"))
        self.revoked = QCheckBox(self.tr("撤销资质认定证书"))
        self.no_penalty_reason = QLineEdit()
        self.dishonest_on = QLineEdit(placeholderText=self.tr("YYYY-MM-DD"))
        self.dishonest_on.setToolTip(self.tr("列入严重违法失信名单的日期"))
        self.typical = QCheckBox(self.tr("作为典型案例"))
        self.typical_summary = QPlainTextEdit()
        self.typical_summary.setFixedHeight(54)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(54)
        checked = QHBoxLayout()
        checked.addWidget(self.checked)
        checked.addWidget(self.accepted)
        # two columns: the dialog must fit a 768-pixel screen at 125 %
        left, right = QFormLayout(), QFormLayout()
        for text, widget in ((self.tr("处理结论(&C)"), self.conclusion), (self.tr("结论日期(&D)"), self.decided_on),
                             (self.tr("整改期限(&L)"), self.rectify_by), (self.tr("收到整改报告(&R)"), self.received),
                             (self.tr("复查日期和结论"), checked), ("", self.typical),
                             (self.tr("典型案例简要案情"), self.typical_summary)):
            left.addRow(text, widget)
        for text, widget in ((self.tr("处罚决定书(&P)"), self.penalty_decision), (self.tr("处罚日期"), self.penalty_on),
                             (self.tr("处罚内容"), self.penalty_text), ("", self.revoked),
                             (self.tr("不予处罚的理由"), self.no_penalty_reason),
                             (self.tr("列入失信名单"), self.dishonest_on), (self.tr("备注(&N)"), self.notes)):
            right.addRow(text, widget)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        layout.addWidget(QLabel(self.tr("移交的问题线索")))
        self.referrals = QTableWidget(0, 4)
        self.referrals.setHorizontalHeaderLabels([self.tr("移交给"), self.tr("检查项目"), self.tr("日期"), self.tr("问题线索")])
        self.referrals.horizontalHeader().setStretchLastSection(True)
        self.referrals.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.referrals.setFixedHeight(100)
        layout.addWidget(self.referrals)
        refer_row = QHBoxLayout()
        self.refer_button = QPushButton(self.tr("移交问题线索(&Y)…"))
        self.refer_button.clicked.connect(self.ask_referral)
        refer_row.addWidget(self.refer_button)
        refer_row.addStretch(1)
        layout.addLayout(refer_row)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        layout.addWidget(self.missing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存(&S)"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load()

    # --- showing -----------------------------------------------------------------------------------

    def load(self) -> None:
        from app.services.cases import view

        shown = view(self.db, self.task_id)
        case = shown.case
        self.conclusion.setCurrentIndex(self.conclusion.findData((case.conclusion if case else
                                                                  Conclusion.NO_PROBLEM if not self.problem_items
                                                                  else Conclusion.RECTIFY).value))
        self.decided_on.setText(_date_text(case.decided_on if case else date.today()))
        self.rectify_by.setText(_date_text(case.rectify_by) if case else "")
        self.received.setText(_date_text(case.rectification_received_on) if case else "")
        self.checked.setText(_date_text(case.rectification_checked_on) if case else "")
        self.accepted.setCurrentIndex(self.accepted.findData(case.rectification_accepted) if case else 0)
        self.penalty_decision.setText(case.penalty_decision if case else "")
        self.penalty_on.setText(_date_text(case.penalty_on) if case else "")
        self.penalty_text.setText(case.penalty_text if case else "")
        self.revoked.setChecked(bool(case and case.revoked))
        self.no_penalty_reason.setText(case.no_penalty_reason if case else "")
        self.dishonest_on.setText(_date_text(case.dishonest_listed_on) if case else "")
        self.typical.setChecked(bool(case and case.typical_case))
        self.typical_summary.setPlainText(case.typical_summary if case else "")
        self.notes.setPlainText(case.notes if case else "")
        referrals = case.referrals if case else ()
        self.referrals.setRowCount(len(referrals))
        for r, referral in enumerate(referrals):
            for c, text in enumerate((enum_label(referral.to), self.tr("、").join(map(str, referral.items)),
                                      referral.referred_on.isoformat(), referral.text)):
                self.referrals.setItem(r, c, QTableWidgetItem(text))
        self.refer_button.setEnabled(case is not None and case.conclusion is not Conclusion.NO_PROBLEM
                                     and bool(self.problem_items))
        self.refer_button.setToolTip("" if self.refer_button.isEnabled() else
                                     self.tr("先保存发现问题的处理结论，才能移交问题线索"))
        self.missing.setText(self.tr("已办结。") if not shown.missing else
                             self.tr("尚缺：{0}").format(self.tr("、").join(shown.missing)))
        self.saved = self.values()

    # --- saving ------------------------------------------------------------------------------------

    def values(self) -> dict:
        return {"conclusion": self.conclusion.currentData(), "decided_on": self.decided_on.text().strip(),
                "rectify_by": self.rectify_by.text().strip(),
                "rectification_received_on": self.received.text().strip(),
                "rectification_checked_on": self.checked.text().strip(),
                "rectification_accepted": self.accepted.currentData(),
                "penalty_decision": self.penalty_decision.text().strip(), "penalty_on": self.penalty_on.text().strip(),
                "penalty_text": self.penalty_text.text().strip(), "revoked": self.revoked.isChecked(),
                "no_penalty_reason": self.no_penalty_reason.text().strip(),
                "dishonest_listed_on": self.dishonest_on.text().strip(), "typical_case": self.typical.isChecked(),
                "typical_summary": self.typical_summary.toPlainText().strip(),
                "notes": self.notes.toPlainText().strip()}

    def _dates(self, values: dict) -> dict:
        from app.domain.values import parse_iso_date

        labels = {"decided_on": self.tr("结论日期"), "rectify_by": self.tr("整改期限"),
                  "rectification_received_on": self.tr("收到整改报告"), "rectification_checked_on": self.tr("复查日期"),
                  "penalty_on": self.tr("处罚日期"), "dishonest_listed_on": self.tr("列入失信名单")}
        out = dict(values)
        for name, label in labels.items():
            try:
                out[name] = parse_iso_date(values[name])
            except ValueError:
                raise InputRefused(self.tr("{0}“{1}”不是日期，应写成 YYYY-MM-DD。").format(label, values[name]),
                                   [Problem("YYYY-MM-DD", values[name], column=label)]) from None
        return out

    def save(self) -> bool:
        from app.services.cases import conclude

        values = self.values()
        try:
            v = self._dates(values)
            conclusion = Conclusion(v.pop("conclusion"))
            decided_on = v.pop("decided_on") or date.today()
            conclude(self.db, self.task_id, conclusion, decided_on, **v)
        except Exception as error:  # noqa: BLE001 — shown in words; the typed text stays
            self.last_dialog = show_error(self, self.tr("未保存"), error)
            return False
        self.load()
        return True

    def reject(self) -> None:
        """Closing saves what was typed; a refusal keeps the dialog open."""
        if self.values() != self.saved and not self.save():
            return
        super().reject()

    # --- referrals ---------------------------------------------------------------------------------

    def ask_referral(self) -> "ReferralDialog":
        if self.values() != self.saved and not self.save():
            return None
        dialog = ReferralDialog(self, self.problem_items, self.refer)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def refer(self, dialog: "ReferralDialog") -> bool:
        from app.domain.values import parse_iso_date
        from app.services.cases import refer

        try:
            try:
                day = parse_iso_date(dialog.day.text().strip())
            except ValueError:
                raise InputRefused(self.tr("移交日期“{0}”不是日期，应写成 YYYY-MM-DD。").format(dialog.day.text()),
                                   [Problem("YYYY-MM-DD", dialog.day.text())]) from None
            refer(self.db, self.task_id, Recipient(dialog.to.currentData()), dialog.items(),
                  dialog.text.toPlainText(), day, dialog.department.text(), dialog.number.text())
        except Exception as error:  # noqa: BLE001 — shown in words
            self.last_dialog = show_error(self, self.tr("未移交"), error)
            return False
        self.load()
        return True


class ReferralDialog(QDialog):
    """One problem lead to another department, resting on items recorded as problems."""

    def __init__(self, parent: QWidget, problem_items: list[tuple[int, str]], submit):
        super().__init__(parent)
        self.submit = submit  # True when the referral was made; a refusal keeps the dialog and what was typed
        self.setWindowTitle(self.tr("移交问题线索"))
        form = QFormLayout(self)
        self.to = QComboBox()
        for r in Recipient:
            self.to.addItem(enum_label(r), r.value)
        self.item_list = QListWidget()
        for number, title in problem_items:
            item = QListWidgetItem(f"{number}. {title}")
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.item_list.addItem(item)
        self.item_list.setFixedHeight(90)
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(70)
        self.day = QLineEdit(date.today().isoformat())
        self.department = QLineEdit(placeholderText=self.tr("如：大同市公安局交通警察支队"))
        self.number = QLineEdit(placeholderText=self.tr("移送函文号"))
        for text, widget in ((self.tr("移交给(&T)"), self.to), (self.tr("依据的检查项目"), self.item_list),
                             (self.tr("问题线索(&X)"), self.text), (self.tr("移交日期"), self.day),
                             (self.tr("接收部门"), self.department), (self.tr("移送函文号"), self.number)):
            form.addRow(text, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("移交"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.submit(self):
            super().accept()

    def items(self) -> list[int]:
        return [self.item_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.item_list.count())
                if self.item_list.item(i).checkState() == Qt.CheckState.Checked]
