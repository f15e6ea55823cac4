"""Running the command line the way a user or a script does: in-process through `app.cli.main`, or as
`python -m app` in a subprocess with its own SPOTCHECK_DATA_DIR."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Makes any `import PySide6` fail, runs the CLI with the arguments after `-c CODE`, and exits 97 if
# any Qt module got imported all the same (e.g. shiboken6 on its own).
QT_FREE_SCRIPT = (
    "import sys\n"
    "sys.modules['PySide6'] = None\n"
    "from app.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "qt = [m for m, mod in sys.modules.items() if mod is not None and m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
    "sys.exit(97 if qt else status)\n"
)


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict:
        """The one JSON object the command printed on stdout."""
        return json.loads(self.stdout)

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return f"Run(status={self.status}, stdout={self.stdout[:2000]!r}, stderr={self.stderr[-2000:]!r})"


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SPOTCHECK_PROFILE", None)
    env["SPOTCHECK_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def run_cli(args: list, data_dir: Path, **env: str) -> Run:
    """`python -m app ARGS` from the repository root, in a subprocess."""
    done = subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=REPO_ROOT, env=cli_env(data_dir, **env),
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


def run_qt_free(args: list, data_dir: Path) -> Run:
    """The CLI in a subprocess in which importing PySide6 fails."""
    done = subprocess.run([sys.executable, "-c", QT_FREE_SCRIPT, *map(str, args)], cwd=REPO_ROOT,
                          env=cli_env(data_dir), capture_output=True, text=True, encoding="utf-8", timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


def call_main(capsys, args: list) -> Run:
    """`app.cli.main(ARGS)` in this process; argparse's SystemExit (usage errors, --version) becomes the status."""
    from app.cli import main

    capsys.readouterr()  # drop anything printed before
    try:
        status = main([str(a) for a in args])
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out = capsys.readouterr()
    return Run(status, out.out, out.err)
