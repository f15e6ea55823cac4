"""The registry at national scale: import, start-up, search, listing and memory, each beside its floor.

    python benchmarks/registry_benchmark.py [--rows 55000] [--repeat 5]

For a workbook of --rows institutions (made by make_registry_workbook.py if missing) it times the app and
its floor interleaved in one run, rotating which goes first, and prints the medians and their ratio (this
machine is shared: only figures taken side by side compare):
- import: the app's import; floors: python-calamine reading every cell (the old floor), and reading every
  cell then writing the same stored rows into the same table and indexes in one transaction (the fair floor);
- start: process start (the command line's imports included) to the window painted, beside a bare PySide6
  window painting a lazily loaded table of the same registry in the same order;
- search: a keystroke in the search box to the table repainted, for one-, two- and four-character queries,
  beside a bare table whose keystroke runs one SQL query and repaints (targets: ≤ 30 ms at 55,000 rows,
  ≤ 50 ms at 165,000, for every query length);
- list: `spotcheck institutions list --search 检 --json` as a process, beside a process running one SQL query
  and json.dumps of the same rows;
- the peak memory of the window process (target < 300 MB).
Windows run offscreen (QT_QPA_PLATFORM=offscreen). Targets: import ≤ 1.5× floor, start ≤ 1.3×, list ≤ 1.3×.
"""

from __future__ import annotations

import argparse
import compileall
import json
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
LIST_QUERY = "检"
CHILD_ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def interleaved(contenders: dict, repeat: int) -> dict[str, float]:
    """Each callable (returning seconds) run `repeat` times, in turns, the order rotated each round; the medians."""
    names = list(contenders)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            times[name].append(contenders[name]())
    return {name: statistics.median(values) for name, values in times.items()}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --- import --------------------------------------------------------------------------------

def read_all_cells(path: Path) -> list:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return [workbook.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in workbook.sheet_names]


def empty_database(folder: Path) -> Path:
    """A new, fully migrated database (making it is not part of what is timed)."""
    from app.store.database import open_database

    path = folder / f"bench-{time.perf_counter_ns()}.sqlite"
    open_database(path).close()
    return path


def import_into(path: Path, workbook: Path) -> None:
    from app.services.registry import import_institutions
    from app.store.database import open_database

    db = open_database(path)
    try:
        import_institutions(db, workbook)
    finally:
        db.close()


def stored_rows(db: Path) -> tuple[list[str], list[tuple]]:
    """The columns and rows the app stored (what the fair floor writes again)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(institutions)")]  # without generated columns
        return columns, conn.execute(f"SELECT {', '.join(columns)} FROM institutions").fetchall()
    finally:
        conn.close()


def read_and_write(workbook: Path, path: Path, columns: list[str], rows: list[tuple]) -> None:
    """The fair floor: every cell read, then the same rows written into the same table and indexes, one transaction,
    with the pragmas the app's connections use."""
    from app.store.database import connect_plain

    read_all_cells(workbook)
    conn = connect_plain(path).conn
    try:
        with conn:
            conn.executemany(f"INSERT INTO institutions ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                             rows)
    finally:
        conn.close()


def bench_import(workbook: Path, folder: Path, repeat: int) -> tuple[dict[str, float], Path]:
    first = empty_database(folder)
    import_into(first, workbook)  # also warms the file cache
    columns, rows = stored_rows(first)

    def app() -> float:
        path = empty_database(folder)
        return timed(lambda: import_into(path, workbook))

    def fair() -> float:
        path = empty_database(folder)
        return timed(lambda: read_and_write(workbook, path, columns, rows))

    return interleaved({"app": app, "read": lambda: timed(lambda: read_all_cells(workbook)), "fair": fair},
                       repeat), first


# --- start-up: whole processes, from launch to the first paint of the table -------------------

# the floors' bare table model reads its rows a page of 200 at a time (the same in both floor scripts below)
PAGED_ROWS = r"""
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
"""


FLOOR_WINDOW = r"""
import sqlite3, sys, os
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class Lazy(QAbstractTableModel):
    COLUMNS = ("name", "credit_code", "category", "district", "cma_cert_no", "cma_expires_on", "risk_class")
    def __init__(self, path):
        super().__init__()
        self.db = sqlite3.connect(path)
        self.ids = [r[0] for r in self.db.execute(f"SELECT rowid FROM institutions ORDER BY {sys.argv[2]}")]
        self.cache = {}
""" + PAGED_ROWS + r"""
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

# `spotcheck --db FILE`: the console script's own path (app.cli's imports and argument parsing), the window
# watched for its first paint. The watch is set up where the app itself waits for that paint (FirstPaint, a
# module of a few lines), so that nothing of the app is imported before `main` would import it.
APP_WINDOW = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
import app.ui.first_paint as first_paint

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QApplication.instance().processEvents()
            os._exit(0)
        return False

spy = Painted()
class Watched(first_paint.FirstPaint):
    def __init__(self, widget, then):
        super().__init__(widget, then)
        widget.installEventFilter(spy)
first_paint.FirstPaint = Watched
from app.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def order_column(db: Path) -> str:
    """The column the floors order by: the names' pinyin key where the database has one (from m015), else the
    names (a database of an earlier version, to measure it the same way)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(institutions)")}
    finally:
        conn.close()
    return "name_key" if "name_key" in columns else "name"


def process_time(args: list, settings: Path) -> float:
    env = {**CHILD_ENV, "SPOTCHECK_SETTINGS_DIR": str(settings), "SPOTCHECK_DATA_DIR": str(settings)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=300)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return took


def bench_start(db: Path, folder: Path, repeat: int) -> dict[str, float]:
    # An installed app (or the PyInstaller bundle) runs from compiled bytecode; this checkout may not
    # have any (PYTHONDONTWRITEBYTECODE is set on some machines), so compile it as installing would.
    compileall.compile_dir(str(ROOT / "app"), quiet=1)
    floor = ["-c", FLOOR_WINDOW, str(db), order_column(db)]
    process_time(floor, folder)  # warm the file cache for both
    process_time(["-c", APP_WINDOW, str(db)], folder)
    return interleaved({"app": lambda: process_time(["-c", APP_WINDOW, str(db)], folder),
                        "floor": lambda: process_time(floor, folder)}, repeat)


# --- listing: whole processes --------------------------------------------------------------

FLOOR_LIST = r"""
import json, sqlite3, sys
COLUMNS = ("id", "name", "credit_code", "category", "district", "cma_cert_no", "cma_expires_on",
           "risk_class", "flag_complaint", "flag_pt_no_show", "flag_stats_missed")
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM institutions WHERE instr(search_text, ?) > 0"
                    f" ORDER BY {sys.argv[3]}", [sys.argv[2].lower()]).fetchall()
items = [dict(zip(COLUMNS, r[:8] + (bool(r[8]), bool(r[9]), bool(r[10])))) for r in rows]
print(json.dumps({"items": items}, ensure_ascii=False, default=str))
"""


def bench_list(db: Path, folder: Path, repeat: int) -> dict[str, float]:
    app = ["-m", "app", "--db", str(db), "institutions", "list", "--search", LIST_QUERY, "--json"]
    floor = ["-c", FLOOR_LIST, str(db), LIST_QUERY, order_column(db)]
    process_time(app, folder)
    process_time(floor, folder)
    return interleaved({"app": lambda: process_time(app, folder), "floor": lambda: process_time(floor, folder)},
                       repeat)


# --- search: inside one window process, beside a bare table in the same process ------------------

SEARCH = r"""
import json, os, sqlite3, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget
from app.ui.application import create_application, open_main_window

class Bare(QAbstractTableModel):
    # the floor: each keystroke runs one SQL query for the ids in order; rows are read a page at a time
    COLUMNS = ("name", "credit_code", "category", "district", "cma_cert_no", "cma_expires_on", "risk_class")
    def __init__(self, path):
        super().__init__()
        self.db = sqlite3.connect(path)
        self.ids, self.cache = [], {}
        self.search("")
    def search(self, text):
        self.beginResetModel()
        self.ids = [r[0] for r in self.db.execute(
            f"SELECT rowid FROM institutions WHERE instr(search_text, ?) > 0 ORDER BY {sys.argv[4]}", [text.lower()])]
        self.cache = {}
        self.endResetModel()
""" + PAGED_ROWS + r"""
app = create_application()
window = open_main_window(Path(sys.argv[1]))
window.resize(1280, 800)
app.processEvents()
bare = QWidget()
bare_box, bare_table, model = QLineEdit(), QTableView(), Bare(sys.argv[1])
bare_table.setModel(model)
bare_box.textChanged.connect(model.search)
layout = QVBoxLayout(bare)
layout.addWidget(bare_box)
layout.addWidget(bare_table)
bare.resize(1280, 800)
bare.show()
app.processEvents()
contenders = {"app": (window.institutions.ui.search, window.institutions.ui.table),
              "floor": (bare_box, bare_table)}

def keystroke(box, table, query):
    box.setFocus()
    box.clear()
    app.processEvents()
    event = QInputMethodEvent()
    event.setCommitString(query)  # a Chinese input method commits the chosen characters at once
    start = time.perf_counter()
    QApplication.sendEvent(box, event)
    table.viewport().repaint()  # paint now, as the next frame would
    return time.perf_counter() - start

results = {}
repeat = int(sys.argv[3])
for query in json.loads(sys.argv[2]):
    times = {name: [] for name in contenders}
    for round_ in range(repeat):
        for name in (["app", "floor"] if round_ % 2 == 0 else ["floor", "app"]):
            times[name].append(keystroke(*contenders[name], query))
    results[query] = {"app": statistics.median(times["app"]), "floor": statistics.median(times["floor"]),
                      "shown": window.institutions.model.rowCount(), "floor_shown": model.rowCount()}
try:
    # VmHWM, not ru_maxrss: on Linux the latter keeps the parent's peak from before exec.
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
except (OSError, IndexError):
    peak = None
print(json.dumps({"queries": results, "peak_bytes": peak}))
os._exit(0)
"""


def bench_search(db: Path, folder: Path, repeat: int) -> dict:
    env = {**CHILD_ENV, "SPOTCHECK_SETTINGS_DIR": str(folder), "SPOTCHECK_DATA_DIR": str(folder)}
    done = subprocess.run([sys.executable, "-c", SEARCH, str(db), json.dumps(QUERIES), str(max(repeat, 7)),
                           order_column(db)],
                          env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=55_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workbook", type=Path)
    parser.add_argument("--only", nargs="*", choices=["import", "start", "search", "list"],
                        help="run only these parts (the import still runs once, to make the database)")
    parser.add_argument("--database", type=Path,
                        help="without the import part: use this database (already imported) instead of importing")
    args = parser.parse_args()
    parts = set(args.only or ["import", "start", "search", "list"])
    workbook = args.workbook or ROOT / "benchmarks" / "out" / f"registry-{args.rows}.xlsx"
    if not workbook.exists() and not args.database:
        from benchmarks.make_registry_workbook import write_registry

        workbook.parent.mkdir(parents=True, exist_ok=True)
        print(f"writing {workbook} …", flush=True)
        write_registry(workbook, args.rows, 1)
    search_target = 30 if args.rows <= 55_000 else 50
    print(f"{args.rows} institutions, medians of {args.repeat} interleaved runs", flush=True)
    with tempfile.TemporaryDirectory(prefix="spotcheck-bench-") as tmp:
        folder = Path(tmp)
        if "import" in parts:
            took, db = bench_import(workbook, folder, args.repeat)
            print(f"import                  app {took['app'] * 1000:7.0f} ms   "
                  f"floor read+write {took['fair'] * 1000:6.0f} ms  ratio {took['app'] / took['fair']:.2f} (target ≤ 1.5)"
                  f"   floor read only {took['read'] * 1000:6.0f} ms  ratio {took['app'] / took['read']:.2f}",
                  flush=True)
        elif args.database:
            db = args.database
        else:
            db = empty_database(folder)
            import_into(db, workbook)
        if "start" in parts:
            took = bench_start(db, folder, args.repeat)
            print(f"start to painted window app {took['app'] * 1000:7.0f} ms   floor (bare PySide6 lazy table) "
                  f"{took['floor'] * 1000:6.0f} ms  ratio {took['app'] / took['floor']:.2f} (target ≤ 1.3)", flush=True)
        if "list" in parts:
            took = bench_list(db, folder, args.repeat)
            print(f"list --search {LIST_QUERY} --json  app {took['app'] * 1000:7.0f} ms   floor (one query + json.dumps) "
                  f"{took['floor'] * 1000:6.0f} ms  ratio {took['app'] / took['floor']:.2f} (target ≤ 1.3)", flush=True)
        if "search" in parts:
            search = bench_search(db, folder, args.repeat)
            for query, r in search["queries"].items():
                print(f"search {query!r:12} ({len(query)} char) app {r['app'] * 1000:6.1f} ms   "
                      f"floor (one SQL query, bare table) {r['floor'] * 1000:6.1f} ms  ratio {r['app'] / r['floor']:.2f}"
                      f"   {r['shown']:6} rows shown (floor {r['floor_shown']})  (target ≤ {search_target} ms)")
            if search["peak_bytes"]:
                print(f"peak memory of the window     {search['peak_bytes'] / 2**20:6.0f} MB   (target < 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
