"""The window opens on a real X display (Xvfb with Qt's xcb plugin), as the README's first command does on a
Linux desktop — not only on the offscreen platform the other window tests use.

Qt's xcb plugin needs libxcb-icccm4 and libxcb-keysyms1 among others (README, Linux); without them the window
aborts before it shows. `.ci/run` installs them and xvfb, so on CI this test runs; where xvfb-run is missing (apt
could not install it) it is skipped, like the tests that need poppler.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import REPO_ROOT, cli_env

SCRIPT = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from app.ui.application import start

app, window = start(Path(sys.argv[1]))
assert not isinstance(window, Exception), window
print("platform", app.platformName(), flush=True)

def grab():
    window.grab().save(sys.argv[2])
    app.quit()

QTimer.singleShot(1500, grab)
code = app.exec()
window.shutdown()
sys.exit(code)
"""


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed (.ci/run installs it)")
def test_the_window_opens_and_paints_under_xvfb(tmp_path):
    from PySide6.QtGui import QImage

    db = tmp_path / "x.sqlite"
    made = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo", "--institutions", "30"],
                          cwd=REPO_ROOT, env=cli_env(tmp_path / "data"), capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert made.returncode == 0, made.stderr
    shot = tmp_path / "window.png"
    env = cli_env(tmp_path / "data", QT_QPA_PLATFORM="xcb", SPOTCHECK_SETTINGS_DIR=str(tmp_path / "settings"))
    run = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-c", SCRIPT,
                          str(db), str(shot)], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                         encoding="utf-8", timeout=300)
    assert run.returncode == 0, (run.stdout, run.stderr)
    assert "platform xcb" in run.stdout
    image = QImage(str(shot))
    assert not image.isNull() and 600 <= image.width() <= 1366 and 400 <= image.height() <= 768
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 5  # painted: not one flat colour
    assert Path(shot).stat().st_size > 10_000
