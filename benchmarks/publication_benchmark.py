"""The public list of a draw (抽查名单公示) over a national-scale pool: the workbook and the PDF, beside a floor.

    python benchmarks/publication_benchmark.py [--institutions 55000] [--repeat 3]

A drawn record over `--institutions` made-up institutions (app.demo.data.make_institutions; the seed notice's
quotas 2 / 1 / 1) is built in memory, then:
- the workbook (app.services.publication.public_list_sheets through app.exchange.xlsx_write.write_workbook:
  three sheets, the pools numbered in the third), beside a floor: bare openpyxl write-only writing the same
  pool rows (no styles, no text-cell checks) into one sheet;
- the peak of Python's allocations (tracemalloc) while the workbook is written, at a tenth of the pool and at
  the whole: write-only keeps it flat (what grows is the record itself, built before);
- the PDF (its pool appendix replaced by a pointer to the workbook above 3,000 institutions).
Medians of --repeat runs; the app's run and the floor's take turns.
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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = "9319 / 2 5 12 8 10 / 9 18 26 34 41 45"


def drawn_record(n: int) -> dict:
    """A drawn record over n made-up institutions, as `record_of` gives it."""
    from app.demo.data import make_institutions
    from app.domain import draw_record
    from app.domain.plan import Plan
    from app.domain.registry import Category
    from app.domain.selection import Candidate

    institutions = make_institutions(random.Random(2025), n)
    candidates = [Candidate(i.credit_code, i.name, i.category, i.district, i.risk_class,
                            tuple(f for f in ("flag_complaint", "flag_pt_no_show", "flag_stats_missed")
                                  if getattr(i, f)), i.allocated_year == 2025)
                  for i in institutions if not (i.eco_owned and i.category is Category.ECO_ENV)]
    plan = Plan(2025, "2025年度检验检测机构双随机抽查", quotas={Category.VEHICLE: 2, Category.ECO_ENV: 1,
                                                          Category.OTHER: 1}, rate=Decimal("0.04"),
                organs=("大同市市场监督管理局",), notice_number="同市监认证〔2025〕92号")
    announcement = draw_record.institutions_announcement(plan, candidates, source="2025年9月20日体彩排列五",
                                                         registry_count=n, excluded=[], included=[])
    announcement = {**announcement, "draw_id": "benchmark", "announced_at": "2025-09-12T10:00:00+08:00"}
    seed = draw_record.seed_json(SEED)
    result = draw_record.institutions_result(seed["key"], announcement)
    draw = {"id": "benchmark", "kind": "institutions", "plan_id": "plan", "announced_at": announcement["announced_at"],
            "drawn_at": "2025-09-20T21:00:00+08:00", "replaces": None, "reason": ""}
    return draw_record.record(draw, announcement, seed, result)


def public_list(record: dict):
    from app.reports.draw_list import PublicList
    from app.services.draws import record_bytes

    return PublicList(record, hashlib.sha256(record_bytes(record)).hexdigest())


def write_xlsx(pl, out: Path) -> None:
    from app.exchange.xlsx_write import write_workbook
    from app.services.publication import public_list_sheets

    write_workbook(out, list(public_list_sheets(pl)), total=pl.pool_count())


def floor_xlsx(pl, out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    for row in pl.pool_rows():
        ws.append(row)
    wb.save(out)


def peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=55_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from app.reports.draw_pdf import public_list_pdf

    start = time.perf_counter()
    record = drawn_record(args.institutions)
    pl = public_list(record)
    print(f"record over {pl.pool_count():,} institutions in the pools built in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as folder:
        out, floor_out = Path(folder) / "公示.xlsx", Path(folder) / "floor.xlsx"
        app_times, floor_times, pdf_times = [], [], []
        for _ in range(args.repeat):
            for times, fn in ((app_times, lambda: write_xlsx(pl, out)), (floor_times, lambda: floor_xlsx(pl, floor_out)),
                              (pdf_times, lambda: public_list_pdf(pl))):
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
        app, floor = statistics.median(app_times), statistics.median(floor_times)
        print(f"workbook (3 sheets): {app:.2f} s, {out.stat().st_size / 1e6:.1f} MB; floor (bare write-only, pools "
              f"only): {floor:.2f} s; ratio {app / floor:.2f}")
        print(f"PDF: {statistics.median(pdf_times) * 1000:.0f} ms")
        small = public_list(drawn_record(args.institutions // 10))
        small_peak = peak_mb(lambda: write_xlsx(small, out))
        whole_peak = peak_mb(lambda: write_xlsx(pl, out))
        print(f"peak allocations while writing the workbook: {small_peak:.1f} MB at {small.pool_count():,} "
              f"institutions, {whole_peak:.1f} MB at {pl.pool_count():,}")


if __name__ == "__main__":
    main()
