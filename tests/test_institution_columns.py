"""The column-at-a-time reader must store exactly what the careful row reader stores.

The careful reader (`registry_rows.institution_from`) is the reference. Every
sheet is imported twice — once as the app does, once with the fast path
switched off — and the stored institutions must be identical.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.demo.data import make_institutions
from app.domain.problems import InputRefused
from app.exchange import registry_rows
from app.exchange.institution_columns import BulkRows, fast_institutions
from app.exchange.registry_headers import INSTITUTION_EXPORT_ORDER, INSTITUTION_HEADERS
from app.exchange.sheets import read_tables
from app.services.registry import _export_value, import_institutions
from app.store.database import open_database
from tests.xlsx_helpers import write_xlsx

COLUMNS = [name for name in INSTITUTION_EXPORT_ORDER if name != "id"]
HEADER = [INSTITUTION_HEADERS.canonical(name) for name in COLUMNS]


def stored(path) -> list[tuple]:
    """Every stored column but the time stamps, which differ between two imports."""
    db = open_database(path)
    try:
        names = [r[1] for r in db.conn.execute("PRAGMA table_info(institutions)")
                 if r[1] not in ("created_at", "updated_at")]
        return db.conn.execute(f"SELECT {', '.join(names)} FROM institutions ORDER BY credit_code").fetchall()
    finally:
        db.close()


def import_both(tmp_path, rows, monkeypatch, name="t"):
    xlsx = write_xlsx(tmp_path / f"{name}.xlsx", [HEADER] + rows)
    fast_db, slow_db = tmp_path / f"{name}-fast.sqlite", tmp_path / f"{name}-slow.sqlite"
    outcomes = []
    for target, careful_only in ((fast_db, False), (slow_db, True)):
        with monkeypatch.context() as m:
            if careful_only:
                m.setattr(registry_rows, "fast_institutions",
                          lambda table, category: (BulkRows(table, []), list(range(len(table.rows)))))
            db = open_database(target)
            try:
                report = import_institutions(db, xlsx)
                outcomes.append(report.to_json() | {"import_id": None})
            except InputRefused as refused:
                outcomes.append(refused.to_json())
            finally:
                db.close()
    assert outcomes[0] == outcomes[1]  # the same counts, warnings and notices, or the same refusal
    return outcomes[0], stored(fast_db), stored(slow_db)


def demo_rows(n: int, seed: int) -> list[list]:
    return [[_export_value(c, getattr(i, c)) for c in COLUMNS] for i in make_institutions(random.Random(seed), n)]


def test_a_realistic_registry_is_stored_identically_both_ways(tmp_path, monkeypatch):
    report, fast, slow = import_both(tmp_path, demo_rows(300, 3), monkeypatch)
    assert report["inserted"] == 300
    assert fast == slow


def test_the_fast_path_takes_the_plain_rows_and_leaves_the_rest(tmp_path):
    rows = demo_rows(6, 4)
    rows[1][COLUMNS.index("credit_code")] = rows[1][COLUMNS.index("credit_code")].lower()  # a notice to give
    rows[2][COLUMNS.index("cma_approved_on")] = "2020年1月2日"  # a date written as text
    rows[3][COLUMNS.index("flag_complaint")] = "√"
    rows[4][COLUMNS.index("cma_expires_on")] = date(2000, 1, 1)  # before approval: a warning
    xlsx = write_xlsx(tmp_path / "mixed.xlsx", [HEADER] + rows)
    (table,) = read_tables(xlsx, INSTITUTION_HEADERS)
    bulk, careful = fast_institutions(table, None)
    assert careful == [1, 2, 3, 4]
    assert bulk.positions == [0, 5]


cell_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
cell = st.one_of(cell_text, st.sampled_from(["", "是", "否", "√", "A", "b类", "2021/3/4", "  空 格 "]),
                 st.integers(-5, 99999), st.dates(date(1995, 1, 1), date(2040, 1, 1)),
                 st.datetimes(datetime(1995, 1, 1), datetime(2040, 1, 1)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.integers(0, 9), st.sampled_from(COLUMNS), cell), max_size=12))
def test_any_cells_give_the_same_result_both_ways(tmp_path_factory, monkeypatch, changes):
    tmp_path = tmp_path_factory.mktemp("both")
    rows = demo_rows(10, 5)
    for row, column, value in changes:
        rows[row][COLUMNS.index(column)] = value
    _, fast, slow = import_both(tmp_path, rows, monkeypatch)
    assert fast == slow
