"""Compile every Designer form in this folder to app/ui/forms/ui_<name>.py with pyside6-uic.

Run after editing a .ui file: `python forms/compile.py`. We compile rather than
load .ui files at runtime: the window starts faster, the frozen bundle needs no
uic, and tests/test_project_rules.py checks the compiled files are current.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "app" / "ui" / "forms"


def main() -> int:
    uic = Path(sys.executable).with_name("pyside6-uic")
    TARGET.mkdir(parents=True, exist_ok=True)
    for form in sorted(HERE.glob("*.ui")):
        out = TARGET / f"ui_{form.stem}.py"
        subprocess.run([str(uic), str(form), "-o", str(out)], check=True)
        print(f"{form.name} -> {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
