"""Compile every Designer form in this folder to app/ui/forms/ui_<name>.py with pyside6-uic.

Run after editing a .ui file: `python forms/compile.py`. We compile rather than
load .ui files at runtime: the window starts faster, the frozen bundle needs no
uic, and tests/test_project_rules.py checks the compiled files are current.

uic imports some fifty Qt classes into every form whether it uses them or not,
and each one costs start-up time; `prune_imports` keeps the ones the form uses.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "app" / "ui" / "forms"


def prune_imports(source: str) -> str:
    """Drop the names a compiled form imports from PySide6 but never uses."""
    tree = ast.parse(source)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    lines = source.splitlines()
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom) and node.module.startswith("PySide6")]
    for node in reversed(imports):
        keep = sorted(alias.name for alias in node.names if alias.name in used)
        replacement = [f"from {node.module} import {', '.join(keep)}"] if keep else []
        lines[node.lineno - 1:node.end_lineno] = replacement
    return "\n".join(lines) + "\n"


def compile_form(uic: Path, form: Path, out: Path) -> None:
    subprocess.run([str(uic), str(form), "-o", str(out)], check=True)
    out.write_text(prune_imports(out.read_text(encoding="utf-8")), encoding="utf-8")


def uic_path() -> Path:
    return Path(sys.executable).with_name("pyside6-uic")


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for form in sorted(HERE.glob("*.ui")):
        out = TARGET / f"ui_{form.stem}.py"
        compile_form(uic_path(), form, out)
        print(f"{form.name} -> {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
