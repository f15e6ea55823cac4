"""The registry at national scale: import, start-up, search and memory, each beside its floor.

    python benchmarks/registry_benchmark.py [--rows 55000] [--repeat 3]

Prints, for a workbook of 55,000 institutions (made by make_registry_workbook.py
if missing):
- import time, and its ratio to python-calamine reading every cell of the same file;
- time from process start to the main window painted on that registry, and its
  ratio to a bare PySide6 window painting a lazily loaded 55,000-row table;
- time from a keystroke in the search box to the filtered table painted,
  for one-, two- and four-character Chinese queries (target ≤ 50 ms);
- the peak memory of the window process (target < 300 MB).
Medians of --repeat runs. Windows run offscreen (QT_QPA_PLATFORM=offscreen).
Targets: import ≤ 1.5× floor, start ≤ 1.3× floor.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUERIES = ["检", "检测", "机动车检"]
CHILD_ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- import --------------------------------------------------------------------------------

def read_all_cells(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


def fresh_database(folder: Path) -> Path:
    path = folder / f"bench-{time.perf_counter_ns()}.sqlite"
    return path


def import_into(path: Path, workbook: Path) -> None:
    from app.services.registry import import_institutions
    from app.store.database import open_database

    db = open_database(path)
    try:
        import_institutions(db, workbook)
    finally:
        db.close()


def bench_import(workbook: Path, folder: Path, repeat: int) -> tuple[float, float, Path]:
    floor = median_time(lambda: read_all_cells(workbook), repeat)
    paths = []

    def once():
        path = fresh_database(folder)
        from app.store.database import open_database

        open_database(path).close()  # creating the empty database is not part of the import
        paths.append(path)
        start = time.perf_counter()
        import_into(path, workbook)
        return time.perf_counter() - start

    took = statistics.median(once() for _ in range(repeat))
    return took, floor, paths[-1]


# --- start-up: whole processes, from launch to the first paint of the table -------------------

FLOOR_WINDOW = r"""
import sqlite3, sys, os
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class Lazy(QAbstractTableModel):
    COLUMNS = ("name", "credit_code", "category", "district", "cma_cert_no", "cma_expires_on", "risk_class")
    def __init__(self, path):
        super().__init__()
        self.db = sqlite3.connect(path)
        self.ids = [r[0] for r in self.db.execute("SELECT rowid FROM institutions ORDER BY name")]
        self.cache = {}
    def rowCount(self, parent=QModelIndex()):
        return len(self.ids)
    def columnCount(self, parent=QModelIndex()):
        return len(self.COLUMNS)
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        rowid = self.ids[index.row()]
        if rowid not in self.cache:
            page = self.ids[index.row():index.row() + 200]
            marks = ",".join("?" * len(page))
            for row in self.db.execute(f"SELECT rowid, {','.join(self.COLUMNS)} FROM institutions WHERE rowid IN ({marks})", page):
                self.cache[row[0]] = row[1:]
        return self.cache[rowid][index.column()]

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QApplication.instance().processEvents()
            os._exit(0)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
view = QTableView()
view.setModel(Lazy(sys.argv[1]))
window.setCentralWidget(view)
window.resize(1280, 800)
spy = Painted()
view.viewport().installEventFilter(spy)
window.show()
app.exec()
"""

APP_WINDOW = r"""
import os, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from app.ui.application import start

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QApplication.instance().processEvents()
            os._exit(0)
        return False

app, window = start(Path(sys.argv[1]))  # what `spotcheck --db FILE` does before app.exec()
spy = Painted()
window.institutions.ui.table.viewport().installEventFilter(spy)
app.exec()
"""


def process_time(script: str, db: Path, settings: Path) -> float:
    env = {**CHILD_ENV, "SPOTCHECK_SETTINGS_DIR": str(settings), "SPOTCHECK_DATA_DIR": str(settings)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, str(db)], env=env, capture_output=True, text=True,
                          timeout=120)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return took


def bench_start(db: Path, folder: Path, repeat: int) -> tuple[float, float]:
    # An installed app (or the PyInstaller bundle) runs from compiled bytecode; this checkout may not
    # have any (PYTHONDONTWRITEBYTECODE is set on some machines), so compile it as installing would.
    compileall.compile_dir(str(ROOT / "app"), quiet=1)
    process_time(FLOOR_WINDOW, db, folder)  # warm the file cache for both
    floor = statistics.median(process_time(FLOOR_WINDOW, db, folder) for _ in range(repeat))
    took = statistics.median(process_time(APP_WINDOW, db, folder) for _ in range(repeat))
    return took, floor


# --- search: inside one window process -----------------------------------------------------

SEARCH = r"""
import json, os, statistics, sys, time
from pathlib import Path
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from app.ui.application import create_application, open_main_window

app = create_application()
window = open_main_window(Path(sys.argv[1]))
window.resize(1280, 800)
app.processEvents()
box = window.institutions.ui.search
table = window.institutions.ui.table
box.setFocus()
results = {}
for query in json.loads(sys.argv[2]):
    times, shown = [], 0
    for _ in range(int(sys.argv[3])):
        box.clear()
        app.processEvents()
        event = QInputMethodEvent()
        event.setCommitString(query)  # a Chinese input method commits the chosen characters at once
        start = time.perf_counter()
        QApplication.sendEvent(box, event)
        table.viewport().repaint()  # paint now, as the next frame would
        times.append(time.perf_counter() - start)
        shown = window.institutions.model.rowCount()
    results[query] = {"seconds": statistics.median(times), "shown": shown}
try:
    # VmHWM, not ru_maxrss: on Linux the latter keeps the parent's peak from before exec.
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
except (OSError, IndexError):
    peak = None
print(json.dumps({"queries": results, "peak_bytes": peak, "rows": window.institutions.model.rowCount()}))
os._exit(0)
"""


def bench_search(db: Path, folder: Path, repeat: int) -> dict:
    import json

    env = {**CHILD_ENV, "SPOTCHECK_SETTINGS_DIR": str(folder), "SPOTCHECK_DATA_DIR": str(folder)}
    done = subprocess.run([sys.executable, "-c", SEARCH, str(db), json.dumps(QUERIES), str(max(repeat, 5))],
                          env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=55_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workbook", type=Path)
    args = parser.parse_args()
    workbook = args.workbook or ROOT / "benchmarks" / "out" / f"registry-{args.rows}.xlsx"
    if not workbook.exists():
        from benchmarks.make_registry_workbook import write_registry

        workbook.parent.mkdir(parents=True, exist_ok=True)
        print(f"writing {workbook} …", flush=True)
        write_registry(workbook, args.rows, 1)
    with tempfile.TemporaryDirectory(prefix="spotcheck-bench-") as tmp:
        folder = Path(tmp)
        took, floor, db = bench_import(workbook, folder, args.repeat)
        print(f"import {args.rows} rows          {took * 1000:8.0f} ms   floor (calamine, all cells) "
              f"{floor * 1000:6.0f} ms   ratio {took / floor:.2f}  (target ≤ 1.5)")
        took, floor = bench_start(db, folder, args.repeat)
        print(f"start to painted window       {took * 1000:8.0f} ms   floor (bare PySide6 lazy table) "
              f"{floor * 1000:6.0f} ms   ratio {took / floor:.2f}  (target ≤ 1.3)")
        search = bench_search(db, folder, args.repeat)
        for query, result in search["queries"].items():
            print(f"search {query!r:12} ({len(query)} char)   {result['seconds'] * 1000:8.1f} ms   "
                  f"{result['shown']:6} rows shown  (target ≤ 50 ms)")
        if search["peak_bytes"]:
            print(f"peak memory of the window     {search['peak_bytes'] / 2**20:8.0f} MB   (target < 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
