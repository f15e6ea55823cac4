"""The checklist page (检查事项清单): the published self-check table of a version, read-only.

Each item shows its content; selecting it shows the check method and
evidence requirements, the answer set and the legal basis where confirmed.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import Checklist
from app.services.checklist import available_versions, load_checklist
from app.ui import settings
from app.ui.table_layout import remember


def shown(text: str) -> str:
    """A checklist text in the window's language (the published methods and legal bases stay as published)."""
    return QCoreApplication.translate("checklist", text)


class ChecklistPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel(self.tr("检查事项清单"))
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        top.addWidget(self.heading)
        top.addStretch(1)
        version_label = QLabel(self.tr("版本(&B)："))
        self.version = QComboBox()
        version_label.setBuddy(self.version)
        for version in available_versions():
            self.version.addItem(version, version)
        top.addWidget(version_label)
        top.addWidget(self.version)
        layout.addLayout(top)
        self.title = QLabel(wordWrap=True)
        layout.addWidget(self.title)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.items = QListWidget()
        self.items.setWordWrap(True)
        self.items.setAccessibleName(self.tr("检查事项"))
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("检查方法及证明材料要求"))
        splitter.addWidget(self.items)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        remember(splitter, settings.CHECKLIST_SPLITTER)  # where the user left it
        layout.addWidget(splitter, 1)
        self.checklist: Checklist | None = None
        self.version.currentIndexChanged.connect(self._load)
        self.items.currentRowChanged.connect(self._show_item)
        if self.version.count():
            self.version.setCurrentIndex(self.version.count() - 1)
            self._load()

    def _load(self) -> None:
        self.checklist = load_checklist(self.version.currentData())
        c = self.checklist
        self.title.setText(self.tr("{0}（{1}，{2}）；共 {3} 项。「{4}」选「是」表示发现问题。").format(
            shown(c.title), c.source.notice, c.source.date, len(c.items), shown(c.question)))
        self.items.clear()
        for item in c.items:
            QListWidgetItem(f"{item.number}. {shown(item.content)}", self.items)
        self.items.setCurrentRow(0)

    def _show_item(self, row: int) -> None:
        if self.checklist is None or row < 0:
            return
        item = self.checklist.items[row]
        html = [f"<h3>{item.number}. {escape(shown(item.content))}</h3>",
                "<h4>" + escape(self.tr("检查方法及证明材料要求")) + "</h4>"]
        html += [f"<p>{escape(line)}</p>" for line in item.method_lines]
        answers = " / ".join(self.tr("{0}（{1}）").format(shown(a.label), shown(a.meaning)) for a in self.checklist.answers)
        html.append("<h4>" + escape(self.tr("是否发现问题")) + f"</h4><p>{escape(answers)}</p>")
        html.append("<h4>" + escape(self.tr("法律依据")) + "</h4>")
        if item.legal_basis:
            html += [f"<p>{escape(b.law)} {escape(b.article)} {escape(b.note)}</p>" for b in item.legal_basis]
        else:
            html.append("<p style='color:#777'>" + escape(self.tr("尚未核实，暂不列出。")) + "</p>")
        self.detail.setHtml("".join(html))
