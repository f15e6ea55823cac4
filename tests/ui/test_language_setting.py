"""Choosing the window's language: 文件 › 设置, stored in the settings, following the system by default,
applied at the next start (restart now re-runs the same command line); file dialogs native except headless."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.ui import settings
from app.ui.application import create_application, install_translations, ui_language


def test_the_default_follows_the_system(tmp_path, monkeypatch):
    (tmp_path / "fresh").mkdir()
    monkeypatch.setenv("SPOTCHECK_SETTINGS_DIR", str(tmp_path / "fresh"))  # nothing stored yet
    assert settings.value(settings.LANGUAGE) == "system"
    assert ui_language(None, QLocale("en_US")) == "en"
    assert ui_language(None, QLocale("zh_CN")) == "zh_CN"


@pytest.mark.parametrize(("system", "shown"), [
    ("en_US", "en"), ("en_GB", "en"),
    ("zh_CN", "zh_CN"), ("zh_TW", "zh_CN"), ("zh_HK", "zh_CN"),  # Chinese in any script or region
    ("de_DE", "en"), ("ja_JP", "en"), ("fr_FR", "en"),  # no translation of ours: English
    ("C", "zh_CN"),  # no language chosen at all (a bare server): the source language
])
def test_following_the_system(system, shown):
    assert ui_language("system", QLocale(system)) == shown


@pytest.mark.parametrize("choice", ["zh_CN", "en"])
def test_a_chosen_language_wins_over_the_system(choice):
    for system in ("en_US", "zh_CN", "de_DE"):
        assert ui_language(choice, QLocale(system)) == choice


def test_installing_replaces_the_earlier_translators():
    app = create_application()
    try:
        english = install_translations(app, "en")
        assert sorted(t.filePath().rsplit("/", 1)[-1] for t in english) == ["qtbase_en.qm", "spotcheck_en.qm"]
        assert app.translate("MainWindow", "机构库") == "Institutions"
        chinese = install_translations(app, "zh_CN")
        assert [t.filePath().rsplit("/", 1)[-1] for t in chinese] == ["qtbase_zh_CN.qm"]
        assert app.translate("MainWindow", "机构库") == "机构库"
    finally:
        install_translations(app, "zh_CN")


def test_the_file_menu_opens_the_settings(window, qtbot):
    action = window.settings_action
    assert action.text() == "设置(&S)…"
    assert action in window.ui.menuFile.actions()
    action.trigger()
    from app.ui.settings_dialog import SettingsDialog

    dialogs = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    assert len(dialogs) == 1
    combo = dialogs[0].language
    assert [combo.itemData(i) for i in range(combo.count())] == ["system", "zh_CN", "en"]
    assert combo.itemText(0).startswith("跟随系统（") and combo.itemText(2) == "English"
    assert combo.currentData() == "zh_CN"  # what tests/ui/conftest.py stored


def test_choosing_english_stores_it_and_offers_a_restart(window, qtbot, monkeypatch):
    from app.ui import settings_dialog

    launched = []
    monkeypatch.setattr(settings_dialog, "launch", lambda program, args: launched.append((program, args)) or True)
    dialog = window.ask_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert settings.value(settings.LANGUAGE) == "en"
    box = dialog.restart_box
    assert box is not None and box.text() == "界面语言将在重新启动后生效。"
    assert launched == []  # nothing restarts until asked
    now = next(b for b in box.buttons() if b.text() == "现在重新启动(&R)")
    quits = []
    monkeypatch.setattr(settings_dialog.QApplication.instance(), "quit", lambda: quits.append(True))
    now.click()
    assert launched == [(sys.executable, sys.orig_argv[1:])]  # the same command line again
    assert not window.isVisible() and quits == [True]


def test_restart_later_changes_nothing_else(window, qtbot, monkeypatch):
    from app.ui import settings_dialog

    launched = []
    monkeypatch.setattr(settings_dialog, "launch", lambda program, args: launched.append(program) or True)
    window.show()
    dialog = window.ask_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("system"))
    dialog.accept()
    assert settings.value(settings.LANGUAGE) == "system"
    later = next(b for b in dialog.restart_box.buttons() if b.text() == "稍后(&L)")
    later.click()
    assert launched == [] and window.isVisible()


def test_keeping_the_language_asks_nothing(window):
    dialog = window.ask_settings()
    dialog.accept()  # zh_CN, as stored
    assert dialog.restart_box is None


def test_restart_is_refused_when_the_window_will_not_close(window, monkeypatch):
    from app.ui import settings_dialog

    launched = []
    monkeypatch.setattr(settings_dialog, "launch", lambda program, args: launched.append(program) or True)
    monkeypatch.setattr(window, "commit_pending", lambda: False)  # an edit that cannot be saved is on screen
    window.show()
    dialog = window.ask_settings()
    assert dialog.restart() is False
    assert launched == [] and window.isVisible()


def test_the_restart_command_of_a_frozen_bundle(monkeypatch):
    from app.ui.settings_dialog import restart_command

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/spotcheck/SpotcheckApp")
    monkeypatch.setattr(sys, "argv", ["/opt/spotcheck/SpotcheckApp", "--db", "a.sqlite"])
    assert restart_command() == ("/opt/spotcheck/SpotcheckApp", ["--db", "a.sqlite"])


def test_file_dialogs_are_native_except_without_a_screen(qtbot, monkeypatch):
    from app.ui import file_dialogs

    create_application()
    dialog = QFileDialog()
    qtbot.addWidget(dialog)
    assert file_dialogs.choose_kind(dialog).testOption(QFileDialog.Option.DontUseNativeDialog)  # offscreen
    for platform in ("windows", "cocoa", "xcb", "wayland"):
        monkeypatch.setattr(file_dialogs.QGuiApplication, "platformName", staticmethod(lambda p=platform: p))
        assert not file_dialogs.choose_kind(dialog).testOption(QFileDialog.Option.DontUseNativeDialog)


def test_no_file_dialog_insists_on_qt_s_own():
    """Every QFileDialog goes through choose_kind: nothing switches native dialogs off for everyone."""
    from scripts.translations import UI

    offenders = [p.name for p in UI.rglob("*.py") if "DontUseNativeDialog, True" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_the_restart_box_is_in_the_window_s_language(window):
    dialog = window.ask_settings()
    box = dialog.offer_restart()
    assert box.icon() == QMessageBox.Icon.Information and box.windowTitle() == "设置"
