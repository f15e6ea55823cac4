"""The visit (现场情况): team, notice and visit times, place, credentials, recusal, the party's statement, notes.

These are what make the on-site record lawful (docs/rules.md, what makes an on-site record lawful). Each time
field has a "now" button, since on site the time is usually now.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.record import VISIT_FIELDS, Part
from app.services import tasks as task_service
from app.ui.labels import label
from app.ui.workspace.fields import CommitLineEdit, CommitTextEdit, set_read_only

TIME_FIELDS = ("notified_at", "started_at", "ended_at")


def show_time(stored: str | None) -> str:
    return stored.replace("T", " ")[:16] if stored else ""


class VisitTab(QScrollArea):
    parts = frozenset({Part.VISIT, Part.TEAM})  # the parts of the record it shows (see TaskWorkspace.refresh)

    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace
        self.setWidgetResizable(True)
        body = QWidget()
        outer = QVBoxLayout(body)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # rows keep their natural height; the space goes below
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.team_grid = QGridLayout()
        self.team_grid.setColumnStretch(2, 1)
        form.addRow(self.tr("检查组："), self.team_grid)
        self.credential_boxes: dict[str, QCheckBox] = {}
        self.recorder = QComboBox()
        self.recorder.currentIndexChanged.connect(lambda _: self._recorder_chosen())
        form.addRow(self.tr("记录人(&L)："), self.recorder)
        self.planned_date = CommitLineEdit()
        self.planned_date.setPlaceholderText("YYYY-MM-DD")
        self.planned_date.committed.connect(lambda text: self._save("planned_date", text or None))
        form.addRow(self.tr("计划日期(&D)："), self.planned_date)
        self.times = {}
        self.now_buttons: dict[str, QPushButton] = {}
        for name, caption in (("notified_at", self.tr("告知时间(&N)：")), ("started_at", self.tr("检查开始(&S)：")),
                              ("ended_at", self.tr("检查结束(&Z)："))):
            edit = CommitLineEdit()
            edit.setPlaceholderText(self.tr("YYYY-MM-DD HH:MM"))
            edit.committed.connect(lambda text, n=name: self._save_time(n, text))
            now = QPushButton(self.tr("现在"))
            now.setAutoDefault(False)
            now.setAccessibleName(self.tr("{0}：现在").format(caption.split("(")[0]))
            self.now_buttons[name] = now
            now.clicked.connect(lambda _=False, n=name: self._save_time(n, datetime.now().strftime("%Y-%m-%d %H:%M")))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(now)
            if name == "notified_at":
                method = QLabel(self.tr("告知方式(&G)："))
                method.setBuddy(self._notice_method())
                row.addWidget(method)
                row.addWidget(self.notice_method)
            label_ = QLabel(caption)
            label_.setBuddy(edit)  # Alt+N etc. reach the field though it sits in a row with its button
            form.addRow(label_, row)
            self.times[name] = edit
        self.place = CommitLineEdit()
        self.place.committed.connect(lambda text: self._save("place", text))
        form.addRow(self.tr("检查地点(&P)："), self.place)
        self.credentials = QCheckBox(self.tr("已告知被检查单位检查依据和范围、配合检查和如实提供材料的义务(&C)"))
        self.credentials.clicked.connect(lambda checked: self._save("credentials_shown", bool(checked)))
        form.addRow("", self.credentials)
        self.recusal_question = QLabel(wordWrap=True)  # names the team's organs: filled in load()
        self.recusal_question.setStyleSheet("color: #555;")
        form.addRow(self.tr("回避告知："), self.recusal_question)
        self.recusal = CommitLineEdit()
        self.recusal.setPlaceholderText(self.tr("例如：不申请回避"))
        self.recusal.committed.connect(lambda text: self._save("recusal_answer", text))
        form.addRow(self.tr("被检查单位答复(&R)："), self.recusal)
        from app.ui.workspace.attendees import AttendeesTable

        self.attendees = AttendeesTable(workspace)
        self.attendees.setMinimumHeight(150)
        form.addRow(self.tr("被检查单位在场人员："), self.attendees)
        self.statement = CommitTextEdit()
        self.statement.setPlaceholderText(self.tr("例如：以上记录已阅，与事实相符"))
        self.statement.setMaximumHeight(90)
        self.statement.committed.connect(lambda text: self._save("party_statement", text.strip()))
        form.addRow(self.tr("被检查单位意见(&Y)："), self.statement)
        self.notes = CommitTextEdit()
        self.notes.setMaximumHeight(120)
        self.notes.committed.connect(lambda text: self._save("notes", text.strip()))
        form.addRow(self.tr("备注(&M)："), self.notes)
        self.setWidget(body)

    def _notice_method(self) -> QComboBox:
        """How the notice was given (电话, 当面送达 …), beside when: saved as soon as it is chosen."""
        from app.domain.notices import NoticeMethod

        self.notice_method = QComboBox()
        self.notice_method.setAccessibleName(self.tr("告知方式"))
        self.notice_method.setToolTip(self.tr("告知方式"))
        self.notice_method.addItem(self.tr("（告知方式未记录）"), "")
        for method in NoticeMethod:
            self.notice_method.addItem(label(method), method.value)
        self.notice_method.currentIndexChanged.connect(
            lambda _: self._save("notice_method", self.notice_method.currentData()))
        return self.notice_method

    def load(self, record) -> None:
        visit = record.visit
        self._show_team(record)
        self.attendees.load(record)
        self.planned_date.show_value(visit.planned_date)
        for name, edit in self.times.items():
            edit.show_value(show_time(visit.value(name)))
        self.place.show_value(visit.place)
        self.notice_method.blockSignals(True)
        self.notice_method.setCurrentIndex(max(0, self.notice_method.findData(visit.notice_method)))
        self.notice_method.blockSignals(False)
        self.credentials.setChecked(visit.credentials_shown)
        self.recusal_question.setText(self.tr("我们是{0}的执法人员，已向你出示执法证件。你是否申请检查人员回避？").format(
            self.tr("、").join(record.organs) or self.tr("市场监督管理部门")))
        self.recusal.show_value(visit.recusal_answer)
        self.statement.show_value(visit.party_statement)
        self.notes.show_value(visit.notes)
        editable, why = self.workspace.editable, self.workspace.read_only_reason()
        for widget in (self.credentials, self.notice_method, *self.now_buttons.values()):
            widget.setEnabled(editable)
            widget.setToolTip(why)
        self.notice_method.setToolTip(why or self.tr("告知方式"))
        for widget in (self.planned_date, self.place, self.recusal, *self.times.values(), self.statement,
                       self.notes):
            set_read_only(widget, not editable, why)

    def _show_team(self, record) -> None:
        """Each member with their department and role; an officer's tick box records the credentials shown."""
        while self.team_grid.count():
            widget = self.team_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.credential_boxes.clear()
        editable = self.workspace.editable
        for r, m in enumerate(record.members):
            person = m.inspector
            kind = (self.tr("执法证号 {0}").format(person.cert_no) if m.officer
                    else self.tr("技术专家"))
            joint = "" if m.organ_officer or not m.officer else self.tr("，联合检查")
            text = self.tr("{0}（{1}，{2}{3}{4}）").format(person.name, label(person.department), kind, joint,
                                                       self.tr("，组长") if m.leader else "")
            name = QLabel(text)
            name.setTextFormat(Qt.TextFormat.PlainText)
            self.team_grid.addWidget(name, r, 0)
            if m.officer:
                box = QCheckBox(self.tr("已出示执法证件"))
                box.setChecked(m.credentials_shown)
                box.setEnabled(editable)
                box.setToolTip(self.workspace.read_only_reason())
                box.clicked.connect(lambda checked, i=person.id: self._show_credentials(i, bool(checked)))
                self.team_grid.addWidget(box, r, 1)
                self.credential_boxes[person.id] = box
        self.recorder.blockSignals(True)
        self.recorder.clear()
        self.recorder.addItem(self.tr("（未选择）"), None)
        for m in record.members:
            self.recorder.addItem(m.inspector.name, m.inspector.id)
        self.recorder.setCurrentIndex(max(0, self.recorder.findData(record.visit.recorder_id)))
        self.recorder.setEnabled(editable)
        self.recorder.setToolTip(self.workspace.read_only_reason())
        self.recorder.blockSignals(False)

    def _show_credentials(self, inspector_id: str, shown: bool) -> None:
        db, task_id = self.workspace.db, self.workspace.task_id
        self.workspace.push(self.tr("修改出示执法证件"),
                            lambda: task_service.show_credentials(db, task_id, inspector_id, shown),
                            lambda: task_service.show_credentials(db, task_id, inspector_id, not shown))

    def _recorder_chosen(self) -> None:
        self._save("recorder_id", self.recorder.currentData())

    def _save_time(self, name: str, text: str) -> None:
        """The time as typed: the service reads it (one rule for the window and the command line) or refuses it."""
        self._save(name, text.strip() or None)

    def _save(self, name: str, value) -> None:
        old = self.workspace.record.visit.value(name)
        if old == value:
            return
        db, task_id = self.workspace.db, self.workspace.task_id
        self.workspace.push(self.tr("修改{0}").format(self.tr(VISIT_FIELDS[name])),
                            lambda: task_service.set_visit(db, task_id, **{name: value}),
                            lambda: task_service.set_visit(db, task_id, **{name: old}))
