"""What the two registry pages share: the search shortcut, import/export, refreshing after an import.

The import/export machinery (dialogs, jobs, the Excel readers behind them)
is created on first use, so that the window opens without loading it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.domain.problems import SpotcheckError


def reading(slot):
    """For a page's slots that read the database: a damaged file is reported (`damaged`), not raised."""
    @functools.wraps(slot)
    def guarded(self, *args):
        try:
            return slot(self, *args)
        except SpotcheckError as error:
            self.damaged.emit(error)
    return guarded


class RegistryPage(QWidget):
    """Emits `importFinished(report_or_None)` after every import, `exportFinished(path_or_None)`,
    and `damaged(error)` when reading the database fails."""

    importFinished = Signal(object)
    exportFinished = Signal(object)
    damaged = Signal(object)
    kind = ""  # "institutions" or "inspectors"

    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.db_path = db_path
        self._io = None

    def connect_common(self) -> None:
        """Call after the form is set up: wires the buttons and Ctrl+F."""
        self.ui.importButton.clicked.connect(lambda: self.io.ask_import())
        self.ui.exportButton.clicked.connect(lambda: self.io.ask_export())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)

    @property
    def io(self):
        if self._io is None:
            from app.ui.registry_io import RegistryIO

            self._io = RegistryIO(self, self.db_path, self.kind)
            self._io.imported.connect(self._after_import)
            self._io.exported.connect(self.exportFinished)
        return self._io

    def focus_search(self) -> None:
        self.ui.search.setFocus()
        self.ui.search.selectAll()

    def refresh(self) -> None:
        self.apply_filter()  # each page defines apply_filter

    def _after_import(self, report) -> None:
        if report is not None:
            self.refresh()
        self.importFinished.emit(report)
