"""Small editing widgets for the workspace that save as soon as the user is done with a value.

Line edits save when editing finishes (Enter, Tab, leaving the field); text
boxes save when they lose focus or after a short pause in typing. `show`
puts a stored value into a widget without triggering a save and without
disturbing a widget the user is typing in.

Leaving by other ways (a button that takes no focus, a shortcut, closing the
window) goes through `commit_pending(root)`, which saves every field and any
open table cell under `root` that holds unsaved text. Undo and redo are the
workspace's, not the field's own: the field lets the shortcut through, and the
workspace saves the typed text before it undoes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QLineEdit, QPlainTextEdit, QWidget

IDLE_SAVE_MS = 1500
UNDO_REDO = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
CTRL_SHIFT_Z = QKeyCombination(Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z)


def commit_pending(root: QWidget) -> None:
    """Save whatever is typed under `root` and not yet saved: table cells being edited, then text fields."""
    for view in root.findChildren(QAbstractItemView):
        _commit_open_editor(view)
    for field in [*root.findChildren(CommitLineEdit), *root.findChildren(CommitTextEdit)]:
        field.commit()


def _commit_open_editor(view: QAbstractItemView) -> None:
    """Write a cell editor's text to the model (as leaving the cell would) and close the editor."""
    index = view.currentIndex()
    if view.state() != QAbstractItemView.State.EditingState or not index.isValid():
        return
    editor = view.indexWidget(index)
    if editor is None:
        return
    delegate = view.itemDelegateForIndex(index)
    delegate.commitData.emit(editor)
    delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def _lets_undo_through(event) -> bool:
    """A ShortcutOverride for undo or redo is left unaccepted, so the workspace's shortcut gets the key."""
    return event.type() == QEvent.Type.ShortcutOverride and (
        any(event.matches(key) for key in UNDO_REDO) or event.keyCombination() == CTRL_SHIFT_Z)


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

    def event(self, event) -> bool:
        if _lets_undo_through(event):
            return True
        return super().event(event)

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

    def event(self, event) -> bool:
        if _lets_undo_through(event):
            return True
        return super().event(event)

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
