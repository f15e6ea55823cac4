"""Writing small test workbooks with openpyxl (and reading them back)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook


def write_xlsx(path: Path, rows: list[list], sheet: str = "Sheet1",
               text_columns: set[int] | None = None, more_sheets: dict[str, list[list]] | None = None) -> Path:
    """Write `rows` (lists of cell values; None = empty cell) to a new workbook at `path`.

    Cells in `text_columns` (0-based) that hold strings get Excel's text number format "@",
    as a user who formatted the column as text would have.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    _fill(ws, rows, text_columns or set())
    for name, extra in (more_sheets or {}).items():
        _fill(wb.create_sheet(name), extra, text_columns or set())
    path = Path(path)
    wb.save(path)
    return path


def _fill(ws, rows, text_columns):
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if (c - 1) in text_columns and isinstance(value, str):
                cell.number_format = "@"


def read_xlsx(path: Path, sheet: str | None = None) -> list[list]:
    """All rows of a sheet (the first one unless named) as lists of values, as openpyxl reads them."""
    wb = load_workbook(path)
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        return [list(row) for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def read_cells(path: Path, sheet: str | None = None):
    """The openpyxl worksheet cells (to inspect data types and number formats)."""
    wb = load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [list(row) for row in ws.iter_rows()]
