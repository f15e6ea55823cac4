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


def test_damage_found_after_the_window_opened_is_reported(qtbot, db_path):
    """The window opens at once; the page-by-page check runs in the background and speaks up."""
    from app.ui.application import create_application, open_main_window

    size = db_path.stat().st_size
    with open(db_path, "r+b") as f:  # scribble over a data page in the middle, not the schema
        f.seek((size // 4096 // 2) * 4096)
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
