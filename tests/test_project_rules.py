"""Rules of the code base that a reviewer would otherwise have to remember.

- Only `app/ui` imports Qt; the domain does no I/O.
- Every Chinese text in the window goes through Qt's translation mechanism.
- The compiled Designer forms are up to date with `forms/*.ui`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


def python_files(folder: Path):
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", [p for p in python_files(APP) if "ui" not in p.relative_to(APP).parts[:1]],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_ui_imports_qt(path):
    qt = {m for m in imported_modules(path) if m.split(".")[0] in ("PySide6", "shiboken6")}
    assert not qt, f"{path.relative_to(ROOT)} imports {qt}; only app/ui may"


@pytest.mark.parametrize("path", python_files(APP / "domain"), ids=lambda p: p.name)
def test_domain_does_no_io_and_imports_only_inward(path):
    forbidden = {"sqlite3", "sqlite_utils", "openpyxl", "python_calamine", "reportlab", "docx", "os",
                 "pathlib", "shutil", "subprocess", "socket"}
    modules = imported_modules(path)
    assert not {m.split(".")[0] for m in modules} & forbidden
    outward = {m for m in modules if m.startswith("app.") and not m.startswith("app.domain")}
    assert not outward, f"{path.name} imports {outward}"


@pytest.mark.parametrize("layer,allowed", [
    # app.files (atomic writes) and app.environment (a full disk, a read-only place, a lock, in words) serve all
    ("store", {"app.domain", "app.store", "app.paths", "app.files", "app.environment"}),
    ("exchange", {"app.domain", "app.exchange", "app.files", "app.environment"}),
    ("services", {"app.domain", "app.store", "app.exchange", "app.reports", "app.services", "app.paths",
                  "app.files", "app.environment"}),
    # the demo database's generated data: a caller of the services, like the command line; it writes
    # the registries and the profile through app.store directly (as it did when it lived in app/services)
    ("demo", {"app.domain", "app.services", "app.store", "app.paths", "app.files", "app.environment",
              "app.demo"}),
    # the front ends: through the services only, never the store, the spreadsheets or the renderers
    ("commands", {"app.domain", "app.services", "app.commands", "app.demo", "app.paths", "app.files",
                  "app.environment"}),
    ("ui", {"app.domain", "app.services", "app.ui", "app.paths", "app.files", "app.environment"}),
])
def test_layers_import_only_inward(layer, allowed):
    for path in python_files(APP / layer):
        for module in imported_modules(path):
            if module.startswith("app."):
                assert any(module == a or module.startswith(a + ".") for a in allowed), (
                    f"{path.relative_to(ROOT)} imports {module}")


def test_the_command_line_entry_goes_through_the_services():
    outward = {m for m in imported_modules(APP / "cli.py") if m.startswith("app.")
               and not any(m == a or m.startswith(a + ".") for a in ("app.domain", "app.services", "app.commands",
                                                                     "app.paths", "app.environment", "app.ui"))}
    assert not outward, f"app/cli.py imports {outward}"


def test_the_front_ends_read_no_json_columns_and_name_no_tables():
    # typed records from the services: no caller decodes a stored JSON column or names a recorded table
    tables = ("blind_samples", "signatory_exams", "photos", "signatures", "findings", "institution_corrections",
              "task_members")
    for layer in ("ui", "commands"):
        for path in python_files(APP / layer):
            text = path.read_text(encoding="utf-8")
            for column in ('["details"]', '["witnesses"]', '["strokes"]'):
                assert column not in text, f"{path.relative_to(ROOT)} reads the stored column {column}"
            for table in tables:
                assert f'"{table}"' not in text or path.name == "record.py" and table in (
                    "blind_samples", "signatory_exams", "photos"), f"{path.relative_to(ROOT)} names the table {table}"


def test_the_services_do_not_import_the_demo():
    # fixtures call the use cases, never the other way round
    paths = python_files(APP / "services")
    assert paths
    for path in paths:
        demo = {m for m in imported_modules(path) if m == "app.demo" or m.startswith("app.demo.")}
        assert not demo, f"{path.relative_to(ROOT)} imports {demo}"


def _untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Expr):
            continue  # a docstring
        if isinstance(parent, ast.Call):
            func = parent.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in TRANSLATING and node in parent.args[:2]:
                continue
        if isinstance(parent, ast.JoinedStr):
            message = f"line {parent.lineno}: f-string with Chinese text"
            if message not in found:
                found.append(message)
            continue
        found.append(f"line {node.lineno}: {node.value!r}")
    return found


@pytest.mark.parametrize("path", [p for p in python_files(APP / "ui") if "forms" not in p.parts],
                         ids=lambda p: p.name)
def test_window_text_goes_through_translation(path):
    assert _untranslated(path) == []


def test_the_translation_check_catches_a_bare_string(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('label = QLabel("机构库")\nok = self.tr("人员库")\nf = f"共 {n} 个"\n', encoding="utf-8")
    problems = _untranslated(sample)
    assert len(problems) == 2 and "机构库" in problems[0] and "f-string" in problems[1]


def test_compiled_forms_are_up_to_date(tmp_path):
    from forms.compile import compile_form, uic_path

    if not uic_path().exists():
        pytest.skip("pyside6-uic not installed beside this Python")
    forms = sorted((ROOT / "forms").glob("*.ui"))
    assert forms
    for form in forms:
        out = tmp_path / f"ui_{form.stem}.py"
        compile_form(uic_path(), form, out)
        compiled = ROOT / "app" / "ui" / "forms" / out.name
        strip = lambda text: [line for line in text.splitlines() if not line.startswith("## Created by")]  # noqa: E731
        assert strip(compiled.read_text(encoding="utf-8")) == strip(out.read_text(encoding="utf-8")), (
            f"{compiled.relative_to(ROOT)} is stale: run `python forms/compile.py`")


def test_ci_runs_exactly_the_readmes_test_command():
    """.ci/run installs system packages, then runs the README's second command (lint, then the tests)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert len(commands) >= 2
    assert "ruff check" in commands[1] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == commands[1]


def test_no_file_points_outside_the_repository_for_a_rule():
    # the facts the code depends on are in docs/ (rules.md, trust.md, cli.md, record-hash.md), not in documents
    # that do not ship with it
    outside = [name + ".md" for name in ("DESIGN", "DOMAIN", "PITFALLS")]
    files = [*python_files(APP), *python_files(ROOT / "tests"), *(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not [name for name in outside if name in text], f"{path.relative_to(ROOT)} points outside"


def test_the_window_knows_the_package_suffix_the_services_write():
    from app.services.packages import SUFFIX
    from app.ui.package_drops import SUFFIX as DROPPED

    assert DROPPED == SUFFIX == ".scpkg"
