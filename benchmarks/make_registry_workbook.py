"""Write a national-scale institutions workbook (55,000 rows by default) for import benchmarks and tests.

    python benchmarks/make_registry_workbook.py [--rows 55000] [--out benchmarks/out/registry-55000.xlsx] [--seed 1]

The columns are those of the app's own export (same canonical headers, same
order, same cell values) without the record-id column, so the file looks like
a registry exported by another system. Credit codes are valid and unique;
see app/demo/data.py for how the records are made.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.demo.data import make_institutions  # noqa: E402
from app.exchange.registry_headers import INSTITUTION_EXPORT_ORDER, INSTITUTION_HEADERS  # noqa: E402
from app.exchange.xlsx_write import SheetSpec, write_workbook  # noqa: E402
from app.services.registry import _export_value  # noqa: E402

COLUMNS = [name for name in INSTITUTION_EXPORT_ORDER if name != "id"]
TEXT_FIELDS = {"credit_code", "cma_cert_no", "legal_rep_phone", "contact_phone", "top_manager_phone"}


def sheet_spec() -> SheetSpec:
    headers = [INSTITUTION_HEADERS.canonical(name) for name in COLUMNS]
    widths = [32 if name in ("name", "address") else 16 for name in COLUMNS]
    text_columns = {i for i, name in enumerate(COLUMNS) if name in TEXT_FIELDS}
    return SheetSpec("检查对象名录库", headers, widths, text_columns)


def write_registry(path: Path, rows: int, seed: int) -> tuple[float, float]:
    """Generate and write; returns (seconds generating, seconds writing)."""
    start = time.perf_counter()
    institutions = make_institutions(random.Random(seed), rows)
    generated = time.perf_counter()
    cells = ([_export_value(name, getattr(inst, name)) for name in COLUMNS] for inst in institutions)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, [(sheet_spec(), cells)], len(institutions))
    return generated - start, time.perf_counter() - generated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=55_000, help="number of institutions (default 55000)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output .xlsx (default benchmarks/out/registry-ROWS.xlsx)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same workbook)")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    out = args.out or ROOT / "benchmarks" / "out" / f"registry-{args.rows}.xlsx"
    gen_s, write_s = write_registry(out, args.rows, args.seed)
    size_mb = out.stat().st_size / 1e6
    print(f"{args.rows} institutions -> {out} ({size_mb:.1f} MB)")
    print(f"generate {gen_s:.2f} s, write {write_s:.2f} s, total {gen_s + write_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
