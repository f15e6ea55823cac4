"""The file dialogs the window uses everywhere, so that every one behaves the same way:

- it starts in the last folder a file was chosen in (or the user's Documents folder), and remembers the folder
  of the file chosen;
- a save dialog proposes a name that says what the file is (`document_name`: the institution, the kind, the
  date), made safe for every file system, asks to replace an existing file, and adds the suffix when none is
  typed;
- it is the platform's own dialog (Windows Explorer's, macOS's, GTK's or KDE's), except where there is no
  platform to show one (the offscreen platform the tests use), where Qt's dialog stands in;
- it is opened, not run modally: the chosen path goes to `chosen(path)` (or `chosen([paths])` for many).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui import settings

# characters Windows refuses in a file name (and control characters); a name made from an institution's name
# must be a name on every system
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
HEADLESS_PLATFORMS = ("offscreen", "minimal")


def safe_name(name: str) -> str:
    """`name` with the characters a file system refuses replaced by _, without leading or trailing dots or spaces."""
    return UNSAFE.sub("_", name).strip(" .") or "_"


def document_name(*parts: str, suffix: str, when: date | None = None) -> str:
    """A file name that says what the file is: the parts that are not empty, then the date, then the suffix —
    `大同市计量检定测试院 现场检查记录 2026-12-05.pdf`."""
    day = (when or date.today()).isoformat()
    return safe_name(" ".join([p.strip() for p in parts if p and p.strip()] + [day])) + suffix


def start_folder() -> Path:
    """Where a dialog opens: the folder of the last file chosen if it still exists, else Documents, else home."""
    last = settings.value(settings.LAST_DIRECTORY)
    if last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember_folder(path: str | Path) -> None:
    settings.set_value(settings.LAST_DIRECTORY, str(Path(path).parent))


def choose_kind(dialog: QFileDialog) -> QFileDialog:
    """The platform's own dialog, in the system's language; Qt's where there is no screen (a native one would
    block there, and a test can drive Qt's)."""
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, QGuiApplication.platformName() in HEADLESS_PLATFORMS)
    return dialog


def _dialog(parent: QWidget, title: str, filters: str, name: str = "") -> QFileDialog:
    start = str(Path(name)) if Path(name).is_absolute() else str(start_folder() / name) if name \
        else str(start_folder())
    return choose_kind(QFileDialog(parent, title, start, filters))


def save_dialog(parent: QWidget, title: str, name: str, filters: str, suffix: str,
                chosen: Callable[[Path], object]) -> QFileDialog:
    """Open (not modal to the application) and return the save dialog, proposing `name` in the start folder;
    `chosen` gets the path picked (its folder is remembered first)."""
    dialog = _dialog(parent, title, filters, name)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix)
    dialog.fileSelected.connect(remember_folder)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog


def open_dialog(parent: QWidget, title: str, filters: str, chosen: Callable, *, many: bool = False) -> QFileDialog:
    """Open the dialog to choose an existing file (`chosen(path)`), or several (`chosen([path, …])`)."""
    dialog = _dialog(parent, title, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if many:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda paths: paths and remember_folder(paths[0]))
        dialog.filesSelected.connect(lambda paths: chosen([Path(p) for p in paths]))
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(remember_folder)
        dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    dialog.open()
    return dialog
