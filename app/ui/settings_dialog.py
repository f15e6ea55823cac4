"""文件 › 设置: the window's language (跟随系统 / 简体中文 / English), kept in the user's settings.

A new language takes effect at the next start (every page and dialog reads its texts when it is built); the
dialog offers to restart now, which closes the window the usual way (pending edits are saved or the refusal is
shown) and starts the same command line again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QT_TRANSLATE_NOOP, QProcess, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox

from app.ui import settings
from app.ui.application import CHINESE, ENGLISH, LANGUAGES, SYSTEM, ui_language

# A language's name in that language (an endonym), so it is found whatever the window's language is: the English
# translation of 简体中文 is 简体中文.
NAMES = {CHINESE: QT_TRANSLATE_NOOP("SettingsDialog", "简体中文"), ENGLISH: "English"}


def restart_command() -> tuple[str, list[str]]:
    """The program and arguments this process was started with: `python -m app …`, the console script, or the
    frozen executable."""
    if getattr(sys, "frozen", False):
        return sys.executable, sys.argv[1:]
    return sys.executable, list(sys.orig_argv[1:])


def launch(program: str, arguments: list[str]) -> bool:
    return QProcess.startDetached(program, arguments)[0]


class SettingsDialog(QDialog):
    """Emits `changed(language)` when a different language was saved."""

    changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        layout = QFormLayout(self)
        self.language = QComboBox()
        system = self.tr(NAMES[ui_language(SYSTEM)])
        for choice in LANGUAGES:
            text = self.tr("跟随系统（{0}）").format(system) if choice == SYSTEM else self.tr(NAMES[choice])
            self.language.addItem(text, choice)
        stored = settings.value(settings.LANGUAGE)
        self.language.setCurrentIndex(max(0, self.language.findData(stored if stored in LANGUAGES else SYSTEM)))
        layout.addRow(self.tr("界面语言(&L)："), self.language)
        note = QLabel(self.tr("重新启动后生效。检查记录、通知书和公示等文书始终是中文。"), wordWrap=True)
        note.setStyleSheet("color: #555;")
        layout.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.restart_box: QMessageBox | None = None

    def accept(self) -> None:
        choice = self.language.currentData()
        before = settings.value(settings.LANGUAGE)
        settings.set_value(settings.LANGUAGE, choice)
        super().accept()
        if choice != before:
            self.changed.emit(choice)
            self.offer_restart()

    def offer_restart(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("设置"),
                          self.tr("界面语言将在重新启动后生效。"), QMessageBox.StandardButton.NoButton, self.parent())
        now = box.addButton(self.tr("现在重新启动(&R)"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("稍后(&L)"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda button: self.restart() if button is now else None)
        box.open()
        self.restart_box = box
        return box

    def restart(self) -> bool:
        """Close the main window as the user would (it may refuse: an edit that cannot be saved), then start again."""
        window = self.parent().window() if self.parent() is not None else None
        if window is not None and not window.close():
            return False
        if not launch(*restart_command()):
            return False
        QApplication.instance().quit()
        return True
