"""Starting the window on databases that must be refused, or that turn out damaged."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def test_a_file_that_is_not_a_database_is_refused_with_a_message(qtbot, tmp_path, monkeypatch):
    from app.ui import application

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database", encoding="utf-8")
    app, outcome = application.start(notes)
    assert not hasattr(outcome, "show")  # no window
    assert outcome.exit_status == 3
    assert shown and "notes.sqlite" in shown[0] and "未作任何改动" in shown[0]
    assert notes.read_text(encoding="utf-8") == "not a database"


def _page_off_the_schema(path) -> int:
    """The page in the middle of the file, or the next one that holds no part of the schema (sqlite_schema): each
    migration's tables move where the schema's pages fall. SQLite's dbstat table says which pages those are."""
    import sqlite3
    from contextlib import closing

    page = path.stat().st_size // 4096 // 2 + 1
    try:
        with closing(sqlite3.connect(path)) as conn:
            schema = {n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")}
    except sqlite3.OperationalError:  # a SQLite built without dbstat
        return page
    while page in schema:
        page += 1
    return page


def test_damage_found_after_the_window_opened_is_reported(qtbot, db_path):
    """The window opens at once; the page-by-page check runs in the background and speaks up."""
    from app.ui.application import create_application, open_main_window

    with open(db_path, "r+b") as f:  # scribble over a data page in the middle, not the schema
        f.seek((_page_off_the_schema(db_path) - 1) * 4096)
        f.write(b"\xff" * 4096)
    create_application()
    window = open_main_window(db_path)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.integrity is not None, timeout=10_000)
        assert window.integrity != "ok"
        boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
        assert boxes and "已损坏" in boxes[0].windowTitle()
    finally:
        window.shutdown()


def test_a_sound_database_passes_the_background_check(qtbot, window):
    qtbot.waitUntil(lambda: window.integrity is not None, timeout=10_000)
    assert window.integrity == "ok"
