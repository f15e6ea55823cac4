"""Pages whose work arrives in later releases: they say what will appear there, and show nothing fake."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class UpcomingPage(QWidget):
    def __init__(self, title: str, description: str, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        body = QLabel(description, wordWrap=True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setStyleSheet("color: #444; font-size: 11pt;")
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
