"""File dialogs: the save-file dialog the window uses everywhere (asking to replace an existing file, with a suffix
added when none is typed; the choice goes to `chosen(path)`), and which kind of dialog every file dialog is.

People get the platform's own dialog (Explorer on Windows, Finder on macOS, the desktop's on Linux), in their
system's language. Without a screen (QT_QPA_PLATFORM=offscreen, as in the tests) Qt's own dialog is used: a
native one would block, and a test can drive Qt's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

HEADLESS = ("offscreen", "minimal")


def choose_kind(dialog: QFileDialog) -> QFileDialog:
    """The platform's own dialog, except without a screen (see the module's docstring)."""
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, QGuiApplication.platformName() in HEADLESS)
    return dialog


def save_dialog(parent: QWidget, title: str, name: str, filters: str, suffix: str,
                chosen: Callable[[Path], object]) -> QFileDialog:
    """Open (not modal to the application) and return the dialog; `chosen` gets the path picked."""
    dialog = QFileDialog(parent, title, name, filters)
    choose_kind(dialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog
