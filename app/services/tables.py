"""Any table of the window written to an Excel workbook as it is shown (its current filter, columns and order)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

MAX_CELL = 32767  # Excel's limit of characters in a cell


def export_rows(path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence], *,
                progress: Callable[[int, int, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> int:
    """Write `rows` under `headers` to `path` (.xlsx) in one sheet named `title`; values as shown: text stays text
    (never a formula), numbers stay numbers. Returns the number of rows written."""
    from app.exchange.xlsx_write import SheetSpec, write_workbook

    def fitted(value):
        if isinstance(value, str) and len(value) > MAX_CELL:
            return value[:MAX_CELL - 1] + "…"
        return value

    widths = [min(60, max(8, len(str(h)) * 2 + 2, *(_width(r[i]) for r in rows[:200] if i < len(r))))
              for i, h in enumerate(headers)]
    spec = SheetSpec(title, list(headers), widths, set())
    write_workbook(Path(path), [(spec, ([fitted(v) for v in row] for row in rows))], len(rows), progress, cancelled)
    return len(rows)


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text[:60]) + 2
