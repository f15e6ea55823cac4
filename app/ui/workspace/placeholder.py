"""Empty views that say what to do: a table or a photo list with no rows paints a hint over its viewport
("还没有盲样考核记录。点击“添加盲样”或按 Ctrl+N 添加。"), in the palette's placeholder colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QTableWidget


def paint_placeholder(view: QAbstractItemView, text: str) -> None:
    """Draw `text` centred and wrapped over the view's viewport (call after the view has painted)."""
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    rect = view.viewport().rect().adjusted(12, 8, -12, -8)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
    painter.end()


class HintTable(QTableWidget):
    """A table that shows `placeholder` while it has no rows."""

    placeholder = ""

    def set_placeholder(self, text: str) -> None:
        if text != self.placeholder:
            self.placeholder = text
            self.viewport().update()

    def showing_placeholder(self) -> bool:
        return self.rowCount() == 0 and bool(self.placeholder)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.showing_placeholder():
            paint_placeholder(self, self.placeholder)
