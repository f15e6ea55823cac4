"""The PyInstaller spec (build_installer.spec): checked fast without a build; built for real on request.

The real build takes about 20 s and needs PyInstaller; it runs only with
SPOTCHECK_TEST_BUILD=1 (and is marked slow).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import APP_ID, __version__

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"


def spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


# --- fast: the spec's text ----------------------------------------------------------------


def test_spec_is_valid_python():
    ast.parse(spec_text(), filename=str(SPEC))


def test_spec_takes_name_and_version_from_the_app_package():
    tree = ast.parse(spec_text())
    imported = {alias.name for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module == "app" for alias in node.names}
    assert {"__version__", "APP_ID", "APP_NAME"} <= imported


def test_spec_text_names_both_executables_and_the_data():
    text = spec_text()
    assert "console=True" in text and "console=False" in text
    assert "COLLECT(" in text
    assert '"app/resources"' in text
    assert 'collect_data_files("docx")' in text
    assert 'collect_submodules("app")' in text
    for module in ("python_calamine", "app.ui.application", "app.commands.general", "app.commands.registry"):
        assert f'"{module}"' in text


# --- fast: the spec evaluated with PyInstaller's build classes stubbed ----------------------


class _Recorder:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


class _Analysis(_Recorder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pure, self.scripts, self.binaries, self.datas = [], [], [], []


@pytest.fixture(scope="module")
def evaluated_spec():
    """Run the spec as PyInstaller would, but with Analysis/PYZ/EXE/COLLECT recording their arguments."""
    pytest.importorskip("PyInstaller")
    built: dict[str, list] = {"EXE": [], "COLLECT": [], "Analysis": []}

    def recorder(kind, base=_Recorder):
        def make(*args, **kwargs):
            obj = base(*args, **kwargs)
            built.setdefault(kind, []).append(obj)
            return obj
        return make

    namespace = {
        "__name__": "__main__", "__file__": str(SPEC), "SPEC": str(SPEC), "SPECPATH": str(ROOT),
        "Analysis": recorder("Analysis", _Analysis), "PYZ": recorder("PYZ"),
        "EXE": recorder("EXE"), "COLLECT": recorder("COLLECT"),
    }
    saved_path = list(sys.path)
    try:
        exec(compile(spec_text(), str(SPEC), "exec"), namespace)
    finally:
        sys.path[:] = saved_path
    return built


def test_two_executables_share_one_folder(evaluated_spec):
    exes = {exe.kwargs["name"]: exe.kwargs for exe in evaluated_spec["EXE"]}
    assert set(exes) == {"spotcheck", "SpotcheckApp"}
    # Distinct even on case-insensitive file systems (Windows).
    assert len({name.lower() for name in exes}) == 2
    assert exes["spotcheck"]["console"] is True
    assert exes["SpotcheckApp"]["console"] is False
    assert all(kw["exclude_binaries"] for kw in exes.values())
    (collect,) = evaluated_spec["COLLECT"]
    assert collect.kwargs["name"] == APP_ID
    assert len([arg for arg in collect.args if arg in evaluated_spec["EXE"]]) == 2


def test_entry_point_is_the_cli(evaluated_spec):
    (analysis,) = evaluated_spec["Analysis"]
    (scripts,) = analysis.args
    assert [Path(s).resolve() for s in scripts] == [ROOT / "app" / "__main__.py"]


def test_data_includes_resources_and_docx_templates(evaluated_spec):
    datas = evaluated_spec["Analysis"][0].kwargs["datas"]
    assert (str(ROOT / "app" / "resources"), "app/resources") in datas
    destinations = {Path(dest).as_posix() for _, dest in datas}
    assert "docx/templates" in destinations
    assert any(Path(src).name == "default.docx" for src, _ in datas)


def test_hidden_imports_cover_lazy_modules(evaluated_spec):
    hidden = set(evaluated_spec["Analysis"][0].kwargs["hiddenimports"])
    assert {"python_calamine", "app.ui.application", "app.commands.general",
            "app.commands.registry", "app.cli", "app.paths"} <= hidden
    excludes = set(evaluated_spec["Analysis"][0].kwargs["excludes"])
    assert "PySide6.QtWebEngineCore" in excludes
    assert not any("QtCharts" in name or "QtPdf" in name for name in excludes)


# --- slow: a real build -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("SPOTCHECK_TEST_BUILD") != "1",
                    reason="set SPOTCHECK_TEST_BUILD=1 to run the PyInstaller build")
def test_real_build_runs(tmp_path):
    pytest.importorskip("PyInstaller")
    dist, work = tmp_path / "dist", tmp_path / "build"
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
                   cwd=ROOT, check=True, timeout=900)
    folder = dist / APP_ID
    suffix = ".exe" if sys.platform == "win32" else ""
    console = folder / f"spotcheck{suffix}"
    assert console.is_file()
    assert (folder / f"SpotcheckApp{suffix}").is_file()
    env = dict(os.environ, SPOTCHECK_DATA_DIR=str(tmp_path / "data"))

    version = subprocess.run([str(console), "--version"], capture_output=True, text=True,
                             env=env, timeout=60, check=True)
    assert version.stdout.strip() == f"spotcheck {__version__}"

    shown = subprocess.run([str(console), "checklist", "show", "--json"], capture_output=True,
                           env=env, timeout=60, check=True)
    checklist = json.loads(shown.stdout.decode("utf-8"))
    assert checklist["version"]

    # the bundle makes and checks a signed record: pyHanko, reportlab's fonts and the QR code travel with it
    db = tmp_path / "bundle.sqlite"
    env["SPOTCHECK_PASSPHRASE"] = "bundle passphrase 1"
    subprocess.run([str(console), "--db", str(db), "demo", "--institutions", "40"], env=env, timeout=120,
                   check=True, capture_output=True)
    subprocess.run([str(console), "--db", str(db), "key", "create"], env=env, timeout=60, check=True,
                   capture_output=True)
    listed = subprocess.run([str(console), "--db", str(db), "--json", "task", "list"], capture_output=True,
                            env=env, timeout=60, check=True)
    tasks = json.loads(listed.stdout.decode("utf-8"))["items"]
    me = json.loads(subprocess.run([str(console), "--db", str(db), "--json", "profile", "show"], capture_output=True,
                                   env=env, timeout=60, check=True).stdout.decode("utf-8"))["inspector"]["id"]

    def team(task_id):  # only an enforcement officer on the task's team may sign its record
        shown = subprocess.run([str(console), "--db", str(db), "--json", "task", "show", task_id],
                               capture_output=True, env=env, timeout=60, check=True)
        return {m["id"] for m in json.loads(shown.stdout.decode("utf-8"))["team"]}

    signed = next(t["id"] for t in tasks if t["status"] == "signed" and me in team(t["id"]))
    out = tmp_path / "record.pdf"
    subprocess.run([str(console), "--db", str(db), "report", "pdf", "--task", signed, "--out", str(out), "--sign"],
                   env=env, timeout=120, check=True, capture_output=True)
    verified = subprocess.run([str(console), "--db", str(db), "--json", "report", "verify", str(out)],
                              capture_output=True, env=env, timeout=60)
    assert verified.returncode == 0, verified.stderr.decode("utf-8", "replace")
    assert json.loads(verified.stdout.decode("utf-8"))["verdict"] == "confirmed"
    # the bundle's own self-test (README: how to check a Windows bundle) passes every step
    checked = subprocess.run([str(console), "--json", "self-test"], capture_output=True, env=env, timeout=300)
    assert checked.returncode == 0, checked.stdout.decode("utf-8", "replace")
    assert json.loads(checked.stdout.decode("utf-8"))["ok"] is True
    # python-docx reads its header and footer templates through a path beside its modules
    subprocess.run([str(console), "--db", str(db), "report", "docx", "--task", signed, "--out",
                    str(tmp_path / "record.docx")], env=env, timeout=120, check=True, capture_output=True)
    assert (tmp_path / "record.docx").read_bytes()[:2] == b"PK"
