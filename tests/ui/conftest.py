"""Fixtures for the window tests: offscreen Qt, private settings, a demo-sized database."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("SPOTCHECK_SETTINGS_DIR", str(tmp_path / "settings"))
    # The window tests read Chinese texts: pin the language whatever the machine's locale (English is tested in
    # test_translations.py and test_language_setting.py).
    (tmp_path / "settings").mkdir()
    (tmp_path / "settings" / "settings.ini").write_text("[ui]\nlanguage=zh_CN\n", encoding="utf-8")
    monkeypatch.setenv("SPOTCHECK_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def db_path(tmp_path):
    from app.demo.data import build_demo
    from app.store.database import open_database

    path = tmp_path / "ui.sqlite"
    db = open_database(path)
    build_demo(db, seed=7, institutions=120, inspectors=20)
    db.close()
    return path


@pytest.fixture
def window(qtbot, db_path):
    from app.ui.application import create_application, open_main_window

    create_application()
    win = open_main_window(db_path)
    qtbot.addWidget(win)
    yield win
    win.shutdown()
