"""Open the window on whatever screen Qt is given and report, as JSON, whether everything fits on it.

Run in a child process by tests/ui/test_window_geometry.py (an offscreen screen of a chosen size and scale);
also by hand under Xvfb to look at screenshots: `python tests/ui/screen_probe.py FOLDER` saves one per page.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def size(s) -> list[int]:
    return [s.width(), s.height()]


def main(shots: str | None) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="screen_probe_"))
    os.environ.setdefault("SPOTCHECK_SETTINGS_DIR", str(folder / "settings"))
    os.environ.setdefault("SPOTCHECK_DATA_DIR", str(folder / "data"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.recording_helpers import demo_database, new_task

    db, cast = demo_database(folder / "probe.sqlite")
    task_id = new_task(db, cast)
    db.close()

    from PySide6.QtWidgets import QApplication

    from app.ui.application import create_application, open_main_window

    app = create_application()
    window = open_main_window(folder / "probe.sqlite")

    def settle():
        for _ in range(10):
            app.processEvents()

    settle()
    screen = window.screen()
    out = {"available": rect(screen.availableGeometry()), "scale": screen.devicePixelRatio(),
           "frame": rect(window.frameGeometry()), "pages": {}}
    for index in range(window.ui.pages.count()):
        window.show_page(index)
        settle()
        out["pages"][window.ui.navigation.item(index).text()] = size(window.minimumSizeHint())
        if shots:
            window.grab().save(str(Path(shots) / f"page{index}.png"))
    window.show_page(4)
    workspace = window.tasks.open_task(task_id)
    settle()
    out["workspace"] = {"window_minimum": size(window.minimumSizeHint()), "frame": rect(window.frameGeometry())}
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        settle()
        out["workspace"][workspace.tabs.tabText(index)] = size(window.minimumSizeHint())
        if shots:
            window.grab().save(str(Path(shots) / f"workspace{index}.png"))
    out["dialogs"] = {}
    from app.ui.report_dialog import ReportDialog

    def report():  # without its preview: only its size is looked at
        dialog = ReportDialog(workspace, workspace.db_path, task_id, signed=False, title="")
        dialog.open()
        return dialog

    for name, open_dialog in (("report", report), ("case", workspace.show_case),
                              ("keys", window.ask_keys), ("plan", lambda: (window.show_page(3), window.plans.ask_new())[1])):
        dialog = open_dialog()
        settle()
        out["dialogs"][name] = {"size": size(dialog.size()), "minimum": size(dialog.minimumSizeHint())}
        if shots:
            dialog.grab().save(str(Path(shots) / f"dialog_{name}.png"))
        dialog.close()
        settle()
    window.close()
    window.shutdown()
    QApplication.processEvents()
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1] if len(sys.argv) > 1 else None), ensure_ascii=False))
