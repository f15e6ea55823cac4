"""`spotcheck self-test --window`: open the window on a database, let it paint, close it."""

from __future__ import annotations

from pathlib import Path


def open_once(db_path: Path) -> str:
    """Open the main window on `db_path` as `spotcheck --db` does, process its first events, close it; returns
    the Qt platform it showed on. Raises if it did not show."""
    from app.ui.application import create_application, open_main_window

    app = create_application()
    window = open_main_window(db_path)
    for _ in range(20):
        app.processEvents()
    shown = window.isVisible()
    window.shutdown()
    window.close()
    if not shown:
        from PySide6.QtCore import QCoreApplication

        raise RuntimeError(QCoreApplication.translate("window_check", "窗口没有显示"))
    return app.platformName()
