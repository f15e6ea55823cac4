"""Small editing widgets for the workspace that save as soon as the user is done with a value.

Line edits save when editing finishes (Enter, Tab, leaving the field); text
boxes save when they lose focus or after a short pause in typing. `show`
puts a stored value into a widget without triggering a save and without
disturbing a widget the user is typing in.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

IDLE_SAVE_MS = 1500


class CommitTextEdit(QPlainTextEdit):
    """Emits `committed(text)` when focus leaves or typing pauses, if the text changed since the last time."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self._saved = ""
        self._idle = QTimer(self, singleShot=True, interval=IDLE_SAVE_MS)
        self._idle.timeout.connect(self.commit)
        self.textChanged.connect(self._idle.start)

    def show_value(self, text: str) -> None:
        if self.hasFocus() and self.toPlainText() != self._saved:
            return  # the user is typing: their text wins, and will be saved
        self._saved = text or ""
        if self.toPlainText() != self._saved:
            self.blockSignals(True)
            self.setPlainText(self._saved)
            self.blockSignals(False)

    def commit(self) -> None:
        self._idle.stop()
        text = self.toPlainText()
        if text != self._saved:
            self._saved = text
            self.committed.emit(text)

    def focusOutEvent(self, event) -> None:
        self.commit()
        super().focusOutEvent(event)


class CommitLineEdit(QLineEdit):
    """Emits `committed(text)` when editing finishes with a changed text."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._saved = ""
        self.editingFinished.connect(self.commit)

    def show_value(self, text: str | None) -> None:
        text = text or ""
        if self.hasFocus() and self.text() != self._saved:
            return
        self._saved = text
        if self.text() != text:
            self.setText(text)

    def commit(self) -> None:
        text = self.text().strip()
        if text != self._saved:
            self._saved = text
            self.committed.emit(text)
