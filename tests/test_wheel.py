"""An installed (non-editable) Spotcheck finds its checklists and fonts: they travel in the wheel.

The wheel is built offline from a copy of the source (no build isolation: the
setuptools of the test environment builds it), installed with `--no-deps` into a
folder of its own, and run by this interpreter (which has the dependencies)
with that folder on PYTHONPATH, from a folder outside the repository, so the
source tree is not on sys.path and its `app/resources` cannot be found by accident.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", **kwargs)
    assert done.returncode == 0, f"{args}\nstdout: {done.stdout}\nstderr: {done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    # a copy, so that no stale build/ folder of the working tree can slip into the wheel
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "app", source / "app", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels = base / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "--wheel-dir", str(wheels), str(source)], timeout=120)
    (wheel,) = wheels.glob("spotcheck-*.whl")
    target = base / "site"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--no-compile",
          "--target", str(target), str(wheel)], timeout=120)
    outside = base / "elsewhere"
    outside.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target), SPOTCHECK_DATA_DIR=str(base / "data"),
               QT_QPA_PLATFORM="offscreen")
    return {"wheel": wheel, "target": target, "cwd": outside, "env": env}


def _spotcheck(installed, *args):
    return _run([sys.executable, "-m", "app", *args], cwd=installed["cwd"], env=installed["env"], timeout=120)


def test_the_wheel_holds_the_checklist_and_the_font(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    assert "app/resources/checklists/2025.json" in names
    assert "app/resources/fonts/wqy-microhei.ttc" in names
    assert "app/resources/fonts/LICENSE-Apache-2.0.txt" in names
    assert "app/resources/templates/record.docx" in names  # the Word record's template
    assert "app/resources/translations/spotcheck_en.qm" in names  # the English window


def test_the_installed_copy_is_the_one_that_runs(installed):
    where = _run([sys.executable, "-c", "import app.paths as p; print(p.__file__); print(p.resources_dir())"],
                 cwd=installed["cwd"], env=installed["env"], timeout=60).stdout.splitlines()
    target = installed["target"].resolve()
    assert Path(where[0]).resolve().is_relative_to(target)
    assert Path(where[1]).resolve() == target / "app" / "resources"


def test_installed_spotcheck_shows_the_checklist(installed):
    shown = json.loads(_spotcheck(installed, "checklist", "show", "--json").stdout)
    assert shown["version"] == "2025"
    assert len(shown["items"]) == 18


def test_installed_spotcheck_makes_the_demo_and_a_pdf(installed, tmp_path):
    db = tmp_path / "demo.sqlite"
    made = json.loads(_spotcheck(installed, "--db", str(db), "demo", "--institutions", "40", "--json").stdout)
    assert made["tasks_total"] == 6
    tasks = json.loads(_spotcheck(installed, "--db", str(db), "task", "list", "--json").stdout)["items"]
    signed = next(t["id"] for t in tasks if t["status"] in ("signed", "closed"))  # the demo concludes its signed
    out = tmp_path / "record.pdf"
    _spotcheck(installed, "--db", str(db), "report", "pdf", "--task", signed, "--out", str(out))
    assert out.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdffonts"):  # poppler-utils present: the bundled CJK font is embedded
        fonts = _run(["pdffonts", str(out)], timeout=60).stdout
        assert "WenQuanYi" in fonts or "wqy" in fonts.lower()
    word = tmp_path / "record.docx"
    _spotcheck(installed, "--db", str(db), "report", "docx", "--task", signed, "--out", str(word))
    assert word.read_bytes()[:2] == b"PK"
