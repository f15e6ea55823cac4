"""The draw of institutions over a national-scale registry, beside its floor (issue 11).

    python benchmarks/draw_benchmark.py [--institutions 55000] [--rate 0.04] [--rounds 5]

Builds a database with N generated institutions (app/demo/data.py: 25 % vehicle, 10 % eco, the rest other), a
plan whose quotas are `--rate` of each category (so the selection has real work: 2,200 picks at 4 % of 55,000),
then times, interleaved in one run:

- **selection** — the app: `institutions_result(key, announcement)`, every category's stages with every step
  recorded; the floor: `draw.select` over lists of the same sizes with the same counts (RFC 3797 picks, nothing
  else). Target ≤ 100 ms for the app.
- **announce** — the app: the pools as the service builds them (the registry read, exclusions, stages, hashes,
  the announcement's canonical JSON and its hash); the floor: reading the same columns with one SELECT, sorting
  each category's codes and hashing the lists.
- **verify** — the app's `draw_record.verify` of the exported record (no database), for reference.

Prints the medians, the ratios, and the peak memory (tracemalloc) of one announce + draw.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"


def build(folder: Path, n: int, rate: float):
    from app.demo.data import make_institutions
    from app.domain.plan import Plan
    from app.domain.registry import Category, Department, Inspector, Level
    from app.services.plans import create_plan
    from app.services.profile import set_profile
    from app.store.database import open_database
    from app.store.registry_upsert import upsert_inspectors, upsert_institutions

    db = open_database(folder / "bench.sqlite")
    institutions = make_institutions(random.Random(7), n)
    lead = Inspector("组长", Department.MARKET, level=Level.CITY, cert_no="14000001")
    with db.atomic():
        upsert_institutions(db, institutions)
        upsert_inspectors(db, [lead])
    set_profile(db, lead.id)
    sizes = {c: sum(1 for i in institutions if i.category is c) for c in Category}
    plan = create_plan(db, Plan(2025, "基准", quotas={c: max(1, int(sizes[c] * rate)) for c in Category}))
    return db, plan


def app_announce(db, plan) -> dict:
    from app.domain.draw_record import canonical
    from app.services.draws import _institutions_announcement

    announcement = _institutions_announcement(db, plan, "来源", "bench", "2025-09-12T10:00:00+08:00")
    hashlib.sha256(canonical(announcement)).hexdigest()
    return announcement


def floor_announce(db) -> None:
    by_category: dict[str, list[str]] = {}
    for code, category in db.conn.execute("SELECT credit_code, category FROM institutions"):
        by_category.setdefault(category, []).append(code)
    for codes in by_category.values():
        codes.sort()
        hashlib.sha256("".join(f"{c}\n" for c in codes).encode()).hexdigest()


def app_select(announcement: dict) -> dict:
    from app.domain.draw_record import institutions_result

    return institutions_result(KEY, announcement)


def floor_select(announcement: dict) -> None:
    from app.domain.draw import select

    for category in announcement["categories"]:
        for stage in category["stages"]:
            if stage["count"]:
                select(KEY, len(stage["pool"]), stage["count"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=55_000)
    parser.add_argument("--rate", type=float, default=0.04)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    from app.domain.draw_record import record, seed_json, verify

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db, plan = build(Path(tmp), args.institutions, args.rate)
        print(f"{args.institutions} institutions, quotas {dict((c.value, n) for c, n in plan.quotas.items())} "
              f"(built in {time.perf_counter() - started:.1f} s)")
        times: dict[str, list[float]] = {k: [] for k in ("announce", "announce floor", "select", "select floor",
                                                          "verify")}
        announcement = app_announce(db, plan)
        for _ in range(args.rounds):
            for name, work in (("announce", lambda: app_announce(db, plan)), ("announce floor", lambda: floor_announce(db)),
                               ("select", lambda: app_select(announcement)),
                               ("select floor", lambda: floor_select(announcement))):
                t = time.perf_counter()
                work()
                times[name].append(time.perf_counter() - t)
            rec = record({"id": "bench", "kind": "institutions"}, announcement, seed_json("9319 / 2 5 12 8 10 / "
                                                                                          "9 18 26 34 41 45"),
                         app_select(announcement))
            t = time.perf_counter()
            problems = verify(rec)
            times["verify"].append(time.perf_counter() - t)
            assert problems == [], problems
        picks = sum(s["count"] for c in announcement["categories"] for s in c["stages"])
        pool = sum(len(c["pool"]) for c in announcement["categories"])
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"pools {pool} institutions, {picks} picks, median of {args.rounds} rounds:")
        print(f"  selection  app {med['select'] * 1000:7.1f} ms   floor {med['select floor'] * 1000:7.1f} ms   "
              f"ratio {med['select'] / med['select floor']:.2f}   (target ≤ 100 ms)")
        print(f"  announce   app {med['announce'] * 1000:7.1f} ms   floor {med['announce floor'] * 1000:7.1f} ms   "
              f"ratio {med['announce'] / med['announce floor']:.2f}")
        print(f"  verify     app {med['verify'] * 1000:7.1f} ms   (re-derives pools, stages and the selection)")
        tracemalloc.start()
        app_select(app_announce(db, plan))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"  peak memory of announce + selection: {peak / 2**20:.1f} MiB")
        db.conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
