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


# --- raw workbooks: the XML written by hand, for what openpyxl will not write -------------------

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def raw_sheet(cells_xml: str, dimension: str | None = None) -> str:
    """A worksheet part whose <sheetData> holds `cells_xml` (rows written by hand)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}">{dim}<sheetData>{cells_xml}</sheetData></worksheet>'


def raw_shared_strings(strings: list[str]) -> str:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{items}</sst>')


def inline_row(number: int, texts: list[str]) -> str:
    """A row of inline-string cells, A, B, C…; `texts` are XML text (escape it yourself)."""
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{t}</t></is></c>'
                    for i, t in enumerate(texts) if t is not None)
    return f'<row r="{number}">{cells}</row>'


def write_raw_xlsx(path: Path, sheets: dict[str, str], shared_strings: str | None = None,
                   extra_parts: dict[str, bytes | str] | None = None) -> Path:
    """A workbook from hand-written parts: `sheets` maps sheet names to worksheet XML, in order."""
    import zipfile

    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1))
    if shared_strings is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'{overrides}</Types>')
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    sheet_tags = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" xmlns:r="{_REL}">'
                f'<sheets>{sheet_tags}</sheets></workbook>')
    targets = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, len(names) + 1))
    if shared_strings is not None:
        targets += f'<Relationship Id="rIdS" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    workbook_rels = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">{targets}</Relationships>'
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, name in enumerate(names, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheets[name])
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
        for name, data in (extra_parts or {}).items():
            z.writestr(name, data)
    return path
