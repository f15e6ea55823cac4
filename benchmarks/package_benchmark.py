"""Verifying and merging findings packages, beside their floor (issue 10).

    python benchmarks/package_benchmark.py [--packages 100] [--photos 5] [--photo-kb 1000] [--rounds 3] [--profile N]

Makes a lead database with N tasks and a laptop copy on which every task is recorded whole (18 items, 5 blind
samples, 3 exams, `--photos` photos of about `--photo-kb` KB each, all different), exports each task's
findings package, then times, interleaved in one run:

- the app: `package import` of all N packages into a fresh copy of the lead's database (every check of the
  container, the signature, the hashes, then the merge of every edit and the attachments into the store);
- the floor: reading the same zips and hashing every member's bytes with SHA-256 (no checks, no database);
- a floor that also writes every member to a file and fsyncs it, one after the other (the least it costs to keep
  the attachments durably, done plainly);
- the same work done by the bare libraries (DESIGN.md: "the floor that the libraries themselves need for the same
  work"): per package, read and hash every member, write each attachment to a temporary file, fsync them in a
  pool of threads, name them with `os.replace`, fsync the folder, parse data.json and insert its field edits and
  audit entries into the same tables of a copy of the same database with `executemany`, one transaction per
  package (no signature, PDF or content checks, no recorded rows or audit log of them).

Also prints the peak memory (tracemalloc) of the import: it must not grow with the packages' total size. With
`--profile N`, one more import runs under cProfile and the N functions with the most time of their own are printed
(waits for the disk show as `posix.fsync` and, for the threads that flush attachments, `acquire`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark passphrase 2025"


def _photo(path: Path, kb: int, seed: int) -> Path:
    """A JPEG of about `kb` KB that no other seed gives (noise compresses badly, as photos do)."""
    from PIL import Image

    side = int((kb * 1024 / 1.6) ** 0.5)
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, "JPEG", quality=90)
    return path


def make_packages(folder: Path, n: int, photos: int, kb: int) -> tuple[Path, list[Path]]:
    from app.demo.data import build_demo
    from app.services import recording, tasks
    from app.services.keys import create_key
    from app.services.packages import export_findings
    from app.store import profile
    from app.store.database import open_database
    from tests.recording_helpers import cast_of, lawful_visit

    lead_path = folder / "lead.sqlite"
    db = open_database(lead_path)
    build_demo(db, seed=3, institutions=max(20, n // 2))
    cast = cast_of(db)
    ids = [tasks.create_task(db, cast.institution, [cast.lead, cast.officers[0]]) for _ in range(n)]
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    laptop_path = folder / "laptop.sqlite"
    shutil.copy(lead_path, laptop_path)
    laptop = open_database(laptop_path)
    with laptop.atomic():
        profile.set_value(laptop, "device_id", "bench-laptop")
    create_key(laptop, laptop_path, PASSPHRASE)
    packages = []
    seed = 0
    for t, task in enumerate(ids):
        lawful_visit(laptop, task)
        for item in range(1, 19):
            recording.set_verdict(laptop, task, item, "problem" if item % 6 == 0 else "no_problem",
                                  f"第 {item} 项的问题描述" if item % 6 == 0 else None)
        for s in range(5):
            recording.save_blind_sample(laptop, task, {"code": f"B{t}-{s}", "parameter": "铅", "unit": "mg/kg",
                                                       "statistic": "z", "assigned": "10", "sigma_pt": "0.5",
                                                       "result": f"{10 + s / 10}"})
        for e in range(3):
            recording.save_exam(laptop, task, {"signatory": f"签字人{e}", "field": "水质", "form": "written",
                                               "score": "80", "pass_mark": "60"})
        for p in range(photos):
            seed += 1
            recording.add_photo(laptop, laptop_path, task, _photo(folder / f"p{seed}.jpg", kb, seed), p + 1,
                                f"照片 {seed}")
        packages.append(folder / f"task-{t:03d}.scpkg")
        export_findings(laptop, laptop_path, task, packages[-1], PASSPHRASE)
    laptop.close()
    from app.services.keys import export_certificate, import_certificate

    export_certificate(laptop_path, folder / "laptop.pem")
    db = open_database(lead_path)
    import_certificate(db, folder / "laptop.pem", cast.lead)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return lead_path, packages


def floor(packages: list[Path]) -> None:
    import hashlib

    for path in packages:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                digest = hashlib.sha256()
                with zf.open(name) as f:
                    while chunk := f.read(1 << 20):
                        digest.update(chunk)


def durable_floor(packages: list[Path], folder: Path) -> None:
    """The same reading and hashing, plus what keeping the attachments costs at the least: each member written
    to its own file and fsync'd (the app also fsyncs the folder it names the file in, and commits the merge).
    `folder`: an empty folder (`fresh_folder`, not timed)."""
    import hashlib

    for n, path in enumerate(packages):
        with zipfile.ZipFile(path) as zf:
            for m, name in enumerate(zf.namelist()):
                digest = hashlib.sha256()
                with zf.open(name) as f, open(folder / f"{n}-{m}", "wb") as target:
                    while chunk := f.read(1 << 20):
                        digest.update(chunk)
                        target.write(chunk)
                    target.flush()
                    os.fsync(target.fileno())


def same_work_floor(packages: list[Path], target: Path) -> None:
    """The same work by the bare libraries (see the module docstring). `target`: `fresh_copy` of the lead's
    database; the attachments go to its store's folder."""
    import hashlib
    import json
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    store = target.parent / "import-attachments"
    store.mkdir()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")

    def sync(file) -> None:
        os.fsync(file.fileno())
        file.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        for path in packages:
            pending, data = [], None
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    digest = hashlib.sha256()
                    if name.startswith("attachments/"):
                        temp = store / f".incoming-{name[12:]}"
                        with zf.open(name) as f:
                            out = open(temp, "wb")
                            while chunk := f.read(1 << 20):
                                digest.update(chunk)
                                out.write(chunk)
                            out.flush()
                        pending.append((temp, store / name[12:], pool.submit(sync, out)))
                    else:
                        body = zf.read(name)
                        digest.update(body)
                        if name == "data.json":
                            data = json.loads(body)
            for temp, final, synced in pending:
                synced.result()
                os.replace(temp, final)
            if hasattr(os, "O_DIRECTORY"):  # folders are fsync'ed where the system allows it
                fd = os.open(store, os.O_RDONLY | os.O_DIRECTORY)
                os.fsync(fd)
                os.close(fd)
            edits = [e for t in data["tasks"] for e in t["edits"]]
            audit = [e for t in data["tasks"] for e in t["audit"]]
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT OR IGNORE INTO field_edits (hlc, entity, entity_id, field, task_id, value, author,"
                             " device, bases, at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [[e["hlc"], e["entity"], e["entity_id"], e["field"], e["task_id"], e["value"],
                               e["author"], e["device"], json.dumps(e["bases"]), "now", path.name] for e in edits])
            conn.executemany("INSERT OR IGNORE INTO received_audit (device, entry_id, hash, prev_hash, entry,"
                             " package_id) VALUES (?, ?, ?, ?, ?, ?)",
                             [[e["device"], e["id"], e["hash"], e["prev_hash"], json.dumps(e, sort_keys=True),
                               path.name] for e in audit])
            conn.execute("COMMIT")
    conn.close()


def fresh_folder(folder: Path) -> Path:
    """An empty folder for the durable floor (what the last round wrote removed, outside the timing)."""
    out = folder / "durable-floor"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    return out


def fresh_copy(lead_path: Path, folder: Path) -> Path:
    """A copy of the lead's database with no attachments yet (what the last round wrote removed, outside the
    timing): the database `package import` is given."""
    target = folder / "import.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.rmtree(folder / "import-attachments", ignore_errors=True)
    shutil.copy(lead_path, target)
    return target


def app_import(target: Path, packages: list[Path]) -> None:
    """`package import` of every package into `target` (`fresh_copy`), as the command does it."""
    from app.services.inbox import import_package
    from app.store.database import open_database

    db = open_database(target)
    try:
        for path in packages:
            result = import_package(db, target, path)
            if result.verdict != "merged":
                raise SystemExit(f"{path.name}: {result.verdict} {result.error and result.error.message}")
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packages", type=int, default=100)
    parser.add_argument("--photos", type=int, default=5)
    parser.add_argument("--photo-kb", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        started = time.perf_counter()
        lead_path, packages = make_packages(folder, args.packages, args.photos, args.photo_kb)
        total = sum(p.stat().st_size for p in packages)
        print(f"made {len(packages)} packages, {total / 2**20:.0f} MiB, in {time.perf_counter() - started:.0f} s")
        app_times, floor_times, durable_times, same_times = [], [], [], []
        steps = [(floor_times, lambda: None, lambda _: floor(packages)),
                 (durable_times, lambda: fresh_folder(folder), lambda out: durable_floor(packages, out)),
                 (same_times, lambda: fresh_copy(lead_path, folder), lambda target: same_work_floor(packages, target)),
                 (app_times, lambda: fresh_copy(lead_path, folder), lambda target: app_import(target, packages))]
        for n in range(args.rounds):  # the order rotates: a noisy moment does not always fall on the same one
            for times, prepare, step in steps[n % 4:] + steps[:n % 4]:
                ready = prepare()  # removing the last round's files and copying the database are not timed
                start = time.perf_counter()
                step(ready)
                times.append(time.perf_counter() - start)
        target = fresh_copy(lead_path, folder)
        tracemalloc.start()
        app_import(target, packages)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        app_t, floor_t = statistics.median(app_times), statistics.median(floor_times)
        durable_t = statistics.median(durable_times)
        print(f"verify + merge of {len(packages)} packages: {app_t:.2f} s; floor (read the zips, hash every member): "
              f"{floor_t:.2f} s; ratio {app_t / floor_t:.2f}")
        print(f"floor that also writes every member to a file and fsyncs it: {durable_t:.2f} s; ratio "
              f"{app_t / durable_t:.2f}")
        same_t = statistics.median(same_times)
        print(f"the same work by the bare libraries (durable attachments, the edits and audit entries inserted): "
              f"{same_t:.2f} s; ratio {app_t / same_t:.2f}")
        print(f"peak traced memory of the import: {peak / 2**20:.1f} MiB for {total / 2**20:.0f} MiB of packages")
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(app_import, fresh_copy(lead_path, folder), packages)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
