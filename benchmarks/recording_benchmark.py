"""Time per autosaved edit in the task workspace, beside its floor.

    python benchmarks/recording_benchmark.py [--edits 500]

An edit (a checklist verdict) is one transaction through the services: the
change, its audit entry with the hash chain, the clock stamp, and a commit
with synchronous=FULL. The floor is the same durable work done bare: one
UPDATE and one INSERT in a transaction on a WAL database with
synchronous=FULL, committed.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def per_edit(fn, n: int) -> float:
    times = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor(folder: Path, n: int) -> float:
    conn = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE findings (id INTEGER PRIMARY KEY, verdict TEXT, description TEXT)")
    conn.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, entry TEXT)")
    conn.executemany("INSERT INTO findings VALUES (?, 'not_checked', '')", [(i,) for i in range(1, 19)])

    def edit(i: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE findings SET verdict = ?, description = ? WHERE id = ?",
                     ("problem" if i % 2 else "no_problem", f"edit {i}", i % 18 + 1))
        conn.execute("INSERT INTO log (entry) VALUES (?)", (f"edit {i}",))
        conn.execute("COMMIT")

    took = per_edit(edit, n)
    conn.close()
    return took


def app_edit(folder: Path, n: int) -> float:
    from app.demo.data import build_demo
    from app.services.recording import set_verdict
    from app.services.tasks import create_task
    from app.store.database import open_database

    db = open_database(folder / "app.sqlite")
    build_demo(db, seed=1, institutions=20)
    code = db.conn.execute("SELECT credit_code FROM institutions LIMIT 1").fetchone()[0]
    people = [r[0] for r in db.conn.execute("SELECT id FROM inspectors WHERE department = 'market' LIMIT 2")]
    task_id = create_task(db, code, people)
    took = per_edit(lambda i: set_verdict(db, task_id, i % 18 + 1, "problem" if i % 2 else "no_problem",
                                          f"edit {i}"), n)
    db.close()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spotcheck-bench-") as tmp:
        folder = Path(tmp)
        bare = floor(folder, args.edits)
        took = app_edit(folder, args.edits)
    print(f"autosaved edit (verdict + audit entry + commit)  {took * 1000:7.2f} ms   "
          f"floor (UPDATE + INSERT + commit, synchronous=FULL)  {bare * 1000:6.2f} ms   ratio {took / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
