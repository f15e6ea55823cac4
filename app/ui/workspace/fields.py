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

A field says when the user starts typing (`typing`), and while its text is
being saved it is `committing_field()`: when the services refuse that text,
the workspace calls `keep_refused()`, and the field keeps the typed text on
screen, marked, for the user to correct (it is not offered again unchanged:
leaving a second time leaves). `set_read_only` makes a field read-only in a
way that shows (FIELD_STYLE, applied by the workspace) and says why.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QLineEdit, QPlainTextEdit, QWidget

IDLE_SAVE_MS = 1500
UNDO_REDO = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
CTRL_SHIFT_Z = QKeyCombination(Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z)


FIELD_STYLE = """
QLineEdit[corrected="true"], QPlainTextEdit[corrected="true"] { background: #fff4d6; }
QLineEdit[readOnlyField="true"], QPlainTextEdit[readOnlyField="true"] {
    background: palette(window); color: #5f6b7a; }
QLineEdit[refused="true"], QPlainTextEdit[refused="true"] { border: 2px solid #b42318; background: #fff1f0; }
"""
_COMMITTING: list[QWidget] = []  # the fields whose text is being saved right now, innermost last


def committing_field() -> QWidget | None:
    """The field whose text the services are being asked to save now (None: the edit came from elsewhere)."""
    return _COMMITTING[-1] if _COMMITTING else None


def restyle(widget: QWidget, name: str, on: bool) -> None:
    """Set a style property (FIELD_STYLE) and have the style sheet read it again."""
    if bool(widget.property(name)) == on:
        return
    widget.setProperty(name, on)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def set_read_only(field: QLineEdit | QPlainTextEdit, read_only: bool, why: str = "") -> None:
    """Read-only, greyed, and a tooltip that says why; the text can still be selected and copied."""
    field.setReadOnly(read_only)
    restyle(field, "readOnlyField", read_only)
    field.setProperty("readOnlyWhy", why if read_only else "")
    field.setToolTip(why if read_only else "")


def commit_pending(root: QWidget) -> None:
    """Save whatever is typed under `root` and not yet saved: table cells being edited, then text fields."""
    for view in root.findChildren(QAbstractItemView):
        _commit_open_editor(view)
    for field in [*root.findChildren(CommitLineEdit), *root.findChildren(CommitTextEdit)]:
        field.commit()


def refused_fields(root: QWidget) -> list:
    """The fields under `root` still showing a text the services refused (not yet corrected)."""
    return [f for f in [*root.findChildren(CommitLineEdit), *root.findChildren(CommitTextEdit)]
            if f.refused_text is not None and f._text() == f.refused_text]


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


class _Field:
    """What both fields share: the text last saved, and a refused text kept on screen until it is changed."""

    _saved = ""
    _previous = ""
    _refused: str | None = None

    def _text(self) -> str:
        raise AttributeError

    def _save(self, text: str) -> None:
        """Emit `committed(text)` as the field being saved, so that a refusal finds its way back here."""
        self._previous, self._saved = self._saved, text
        _COMMITTING.append(self)
        try:
            self.committed.emit(text)
        finally:
            _COMMITTING.pop()

    def keep_refused(self) -> None:
        """The text just offered was refused: it stays on screen, marked, and is not offered again unchanged."""
        self._refused, self._saved = self._saved, self._previous
        restyle(self, "refused", True)

    @property
    def refused_text(self) -> str | None:
        return self._refused

    def _keeps_typed_text(self) -> bool:
        """Whether `show_value` leaves the text alone: the user is typing it, or it was refused."""
        typed = self._text() != self._saved
        return typed and (self.hasFocus() or self._refused is not None)

    def _text_edited(self) -> None:
        if self._refused is not None and self._text() != self._refused:
            self._refused = None  # being corrected: offered again when the user is done
            restyle(self, "refused", False)
        if self._text() != self._saved:
            self.typing.emit()


class CommitTextEdit(_Field, QPlainTextEdit):
    """Emits `committed(text)` when focus leaves or typing pauses, if the text changed since the last time;
    `typing()` when the user changes the text."""

    committed = Signal(str)
    typing = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self._idle = QTimer(self, singleShot=True, interval=IDLE_SAVE_MS)
        self._idle.timeout.connect(self.commit)
        self.textChanged.connect(self._idle.start)
        self.textChanged.connect(self._text_edited)  # programmatic changes block the signals

    def _text(self) -> str:
        return self.toPlainText()

    def event(self, event) -> bool:
        if _lets_undo_through(event):
            return True
        return super().event(event)

    def show_value(self, text: str) -> None:
        if self._keeps_typed_text():
            if self._refused is not None:
                self._saved = text or ""
            return  # the user is typing (their text wins, and will be saved) or correcting a refused text
        self._saved = text or ""
        if self.toPlainText() != self._saved:
            self.blockSignals(True)
            self.setPlainText(self._saved)
            self.blockSignals(False)

    def commit(self) -> None:
        self._idle.stop()
        text = self.toPlainText()
        if text != self._saved and text != self._refused:
            self._save(text)

    def focusOutEvent(self, event) -> None:
        self.commit()
        super().focusOutEvent(event)


class CommitLineEdit(_Field, QLineEdit):
    """Emits `committed(text)` when editing finishes with a changed text; `typing()` when the user types."""

    committed = Signal(str)
    typing = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.editingFinished.connect(self.commit)
        self.textEdited.connect(self._text_edited)

    def _text(self) -> str:
        return self.text()

    def event(self, event) -> bool:
        if _lets_undo_through(event):
            return True
        return super().event(event)

    def show_value(self, text: str | None) -> None:
        text = text or ""
        if self._keeps_typed_text():
            if self._refused is not None:
                self._saved = text
            return
        self._saved = text
        if self.text() != text:
            self.setText(text)

    def commit(self) -> None:
        text = self.text().strip()
        if text != self._saved and text != self._refused:
            self._save(text)
