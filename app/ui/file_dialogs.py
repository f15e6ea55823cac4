"""The save-file dialog the window uses everywhere: Qt's own (the same on every platform and in tests), asking to
replace an existing file, with a suffix added when none is typed; the choice goes to `chosen(path)`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def save_dialog(parent: QWidget, title: str, name: str, filters: str, suffix: str,
                chosen: Callable[[Path], object]) -> QFileDialog:
    """Open (not modal to the application) and return the dialog; `chosen` gets the path picked."""
    dialog = QFileDialog(parent, title, name, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog
