"""What the workspace tells the user about saving: a quiet indicator ("已保存 10:42"), refusals in sentences
about the field, and, when the record cannot be finished or signed, a plain list of what is missing with a
way to go to the first place.

The services refuse with facts (`Problem`: what was expected, the value, the field as `column`); here they
become sentences. A finish or sign refusal names each gap's place (`content_gaps` in app/domain/tasks.py:
a visit field, `credentials`, `item.N`, `sample.CODE`, `signature.inspector|representative`);
`place_of` finds the tab and the widget that shows it.
"""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.domain.problems import SpotcheckError

MAX_LINES = 12  # more would make the box taller than a laptop's screen: the rest are under 显示详细信息


def sentence(error: SpotcheckError) -> str:
    """The refusal of one value as the user reads it: the service's message and, for a field, what it needs."""
    text = error.message.strip()
    if len(error.problems) == 1 and error.problems[0].column:
        expected = re.sub(r"[\u3002.]+$", "", str(error.problems[0].expected or "").strip())  # no full stop twice
        if expected and expected not in text:
            text += QCoreApplication.translate("SaveFeedback", "应为：{0}。").format(expected)
    return text


class SaveIndicator(QLabel):
    """Quiet words in the workspace's header: 已保存 HH:MM after each saved edit, 输入中（未保存） while a field
    holds typed text, 未保存 (red) when the services refused an edit."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.state = "idle"
        self._show(self.tr("自动保存"), self.tr("每次修改都立即保存，没有“保存”按钮。"), "#5f6b7a")

    def _show(self, text: str, tip: str, colour: str, bold: bool = False) -> None:
        self.setText(text)
        self.setToolTip(tip)
        self.setStyleSheet(f"color: {colour};" + (" font-weight: bold;" if bold else ""))

    def typing(self) -> None:
        if self.state != "failed":
            self.state = "typing"
            self._show(self.tr("输入中（未保存）"), self.tr("离开这一栏（Tab、回车或点别处）时自动保存。"), "#9a6700")

    def saved(self, at: datetime | None = None) -> None:
        self.state = "saved"
        at = at or datetime.now()
        self._show(self.tr("已保存 {0}").format(at.strftime("%H:%M")),
                   self.tr("最近一次修改已于 {0} 保存。").format(at.strftime("%H:%M:%S")), "#1a7f37")

    def failed(self, why: str) -> None:
        self.state = "failed"
        self._show(self.tr("未保存"), why, "#b42318", bold=True)


def tab_title(ws, tab: QWidget) -> str:
    """A tab's title without its mnemonic: 现场情况(&1) → 现场情况."""
    return re.sub(r"\(&.\)|&", "", ws.tabs.tabText(ws.tabs.indexOf(tab)))


def place_of(ws, column: str | None):
    """(tab, go) for a problem's `column`: `go()` shows the tab and puts the focus where the problem is;
    None when the problem has no place in the workspace."""
    if not column:
        return None
    kind, _, key = column.partition(".")
    visit = ws.visit_tab
    visit_fields = {"planned_date": visit.planned_date, "place": visit.place, "recusal_answer": visit.recusal,
                    "credentials_shown": visit.credentials, "party_statement": visit.statement,
                    "notes": visit.notes, "notice_method": visit.notice_method, **visit.times}
    if column in visit_fields:
        return visit, lambda: _focus(ws, visit, visit_fields[column])
    if kind == "credentials":
        boxes = [b for b in visit.credential_boxes.values() if not b.isChecked()] or list(visit.credential_boxes.values())
        return visit, lambda: _focus(ws, visit, boxes[0] if boxes else visit)
    if kind == "item" and key.isdigit():
        return ws.items_tab, lambda: ws.items_tab.go_to(int(key))
    if kind == "sample":
        return ws.samples_tab, lambda: ws.samples_tab.go_to_code(key)
    if kind == "signature":
        return ws.signatures_tab, lambda: ws.signatures_tab.go_to(key)
    if column in getattr(ws.info_tab, "edits", {}):
        return ws.info_tab, lambda: _focus(ws, ws.info_tab, ws.info_tab.edits[column])
    return None


def _focus(ws, tab: QWidget, widget: QWidget) -> None:
    ws.tabs.setCurrentWidget(tab)
    if hasattr(tab, "ensureWidgetVisible"):
        tab.ensureWidgetVisible(widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)


def focus_later(ws, widget: QWidget) -> None:
    """Put the focus back on `widget` (in its tab) once the event that led here is over."""
    def go():
        for index in range(ws.tabs.count()):
            tab = ws.tabs.widget(index)
            if tab.isAncestorOf(widget):
                _focus(ws, tab, widget)
                return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QTimer.singleShot(0, go)


def show_gaps(ws, title: str, heading: str | None, error: SpotcheckError) -> QMessageBox:
    """A plain message box: `heading` (or the service's message), then one line per problem naming its tab,
    and 转到第一处 when the first has a place in the workspace. Non-blocking; returns the box."""
    lines, first = [], None
    placed = heading and any(place_of(ws, p.column) for p in error.problems)
    for problem in error.problems if placed else []:
        place = place_of(ws, problem.column)
        if place is None:
            lines.append(QCoreApplication.translate("SaveFeedback", "· {0}").format(problem.expected))
            continue
        tab, go = place
        lines.append(QCoreApplication.translate("SaveFeedback", "· {0}：{1}").format(tab_title(ws, tab),
                                                                                   problem.expected))
        first = first or go
    text = heading if placed else sentence(error)
    shown = lines[:MAX_LINES]
    if len(lines) > MAX_LINES:
        shown.append(QCoreApplication.translate("SaveFeedback", "……另有 {0} 处，见“显示详细信息”。").format(
            len(lines) - MAX_LINES))
    box = QMessageBox(QMessageBox.Icon.Warning, title, "\n".join([text, *shown]), QMessageBox.StandardButton.Close,
                      ws)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if len(lines) > MAX_LINES:
        box.setDetailedText("\n".join(lines))
    if first is not None:
        box.go_button = box.addButton(QCoreApplication.translate("SaveFeedback", "转到第一处(&G)"),
                                      QMessageBox.ButtonRole.AcceptRole)
        box.go_button.clicked.connect(lambda _=False: first())
        box.setDefaultButton(box.go_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
