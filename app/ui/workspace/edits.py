"""Edits in the workspace as undoable commands: each one is written at once, and undoing it is a new edit.

A command's `redo` applies the new value through the services (one audited
transaction) and its `undo` applies the old value the same way: the audit
log shows both. A command that the services refuse, or that changes nothing
(the services say so with an empty `Changes`), is dropped from the stack; a
refusal is shown. After each run, `after` gets the service's `Changes`
(None after a refusal) so that the workspace shows again only what changed;
`saved` (if given) is called first when the services accepted the edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.domain.problems import SpotcheckError
from app.domain.record import Changes


class EditCommand(QUndoCommand):
    def __init__(self, text: str, apply_new: Callable[[], object], apply_old: Callable[[], object],
                 after: Callable[[Changes | None], None], refused: Callable[[SpotcheckError], None],
                 saved: Callable[[], None] | None = None):
        super().__init__(text)
        self.apply_new, self.apply_old = apply_new, apply_old
        self.after, self.refused, self.saved = after, refused, saved
        self.done_once = False

    def redo(self) -> None:
        changes = self._run(self.apply_new)
        if not self.done_once and isinstance(changes, Changes) and not changes:
            self.setObsolete(True)  # saved what was already there: nothing to undo
        self.done_once = True

    def undo(self) -> None:
        self._run(self.apply_old)

    def _run(self, apply) -> Changes | None:
        try:
            result = apply()
        except SpotcheckError as error:
            self.setObsolete(True)  # the stack drops it: there is nothing to undo
            self.refused(error)
            self.after(None)
            return None
        changes = result if isinstance(result, Changes) else None
        if self.saved is not None:
            self.saved()
        self.after(changes)
        return changes
