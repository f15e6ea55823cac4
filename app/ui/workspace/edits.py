"""Edits in the workspace as undoable commands: each one is written at once, and undoing it is a new edit.

A command's `redo` applies the new value through the services (one audited
transaction) and its `undo` applies the old value the same way: the audit
log shows both. A command that the services refuse is dropped from the
stack and the refusal is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.domain.problems import SpotcheckError


class EditCommand(QUndoCommand):
    def __init__(self, text: str, apply_new: Callable[[], object], apply_old: Callable[[], object],
                 after: Callable[[], None], refused: Callable[[SpotcheckError], None]):
        super().__init__(text)
        self.apply_new, self.apply_old = apply_new, apply_old
        self.after, self.refused = after, refused
        self.done_once = False

    def redo(self) -> None:
        self._run(self.apply_new)
        self.done_once = True

    def undo(self) -> None:
        self._run(self.apply_old)

    def _run(self, apply) -> None:
        try:
            apply()
        except SpotcheckError as error:
            self.setObsolete(True)  # the stack drops it: there is nothing to undo
            self.refused(error)
        self.after()
