"""Writing styled .xlsx workbooks with openpyxl (write-only mode, so 55,000 rows stay fast).

The file is written beside its final name and moved into place when complete,
so an interrupted export never leaves a half-written workbook behind.

Everything written is data, never a formula: text that begins with "=" (which
openpyxl would write as a live formula, e.g. =HYPERLINK(…)) or "+", "-", "@"
is written as a text cell. Control characters other than tab and line breaks,
which the file format cannot hold (openpyxl raises IllegalCharacterError), are
written as their visible Unicode pictures (ESC as ␛), so an export never fails
on what is stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.domain.problems import Cancelled, InputRefused, Problem
from app.files import replacing

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = frozenset("=+-@")
_TITLE_FORBIDDEN = re.compile(r"[\x00-\x1f\\/?*\[\]:]")  # what Excel forbids in a sheet's name


def as_text(value: str) -> str:
    """Text the file format can hold: each control character as its Unicode picture (U+2400 + code)."""
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())), value)


@dataclass
class SheetSpec:
    title: str
    headers: list[str]
    widths: list[int]
    text_columns: set[int]  # 0-based columns written as text (codes that must keep every digit)
    preamble: list[list] = field(default_factory=list)  # rows above the header (a title, particulars), as text


def check_target(path: Path) -> None:
    """Refuse, before any work, a target that cannot become an .xlsx workbook."""
    if path.suffix.lower() != ".xlsx":
        raise InputRefused(f"导出的文件名应以 .xlsx 结尾：{path.name}",
                           [Problem("以 .xlsx 结尾的文件名", str(path), file=path.name)])
    if not path.parent.is_dir():
        raise InputRefused(f"文件夹 {path.parent} 不存在，未导出。",
                           [Problem("已存在的文件夹", str(path.parent), file=path.name)])
    if path.is_dir():
        raise InputRefused(f"{path} 是一个文件夹。", [Problem("文件名", str(path), file=path.name)])


def write_workbook(
    path: Path,
    sheets: list[tuple[SheetSpec, Iterable[list]]],
    total: int = 0,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    check_target(path)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    done = 0
    for spec, rows in sheets:
        ws = workbook.create_sheet(_TITLE_FORBIDDEN.sub("_", spec.title)[:31] or "Sheet")
        if not spec.preamble:  # a long preamble frozen would leave no room to scroll the table
            ws.freeze_panes = "B2"
        for i, width in enumerate(spec.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for n, line in enumerate(spec.preamble):
            cells = []
            for text in line:
                cell = WriteOnlyCell(ws, value=as_text(text) if type(text) is str else text)
                if type(text) is str:
                    cell.data_type = "s"  # text, never a formula
                if n == 0:
                    cell.font = bold
                cells.append(cell)
            ws.append(cells)
        header = []
        for text in spec.headers:
            cell = WriteOnlyCell(ws, value=as_text(text) if type(text) is str else text)
            if type(text) is str:
                cell.data_type = "s"
            cell.font, cell.fill, cell.alignment = bold, fill, centre
            header.append(cell)
        ws.append(header)
        for row in rows:
            out = []
            texts = [x for x in row if type(x) is str]
            if texts and _CONTROL.search("".join(texts)):
                row = [as_text(x) if type(x) is str else x for x in row]
            for i, value in enumerate(row):
                if type(value) is str and value[:1] in _FORMULA_START:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.data_type = "s"  # text, never a formula
                    if i in spec.text_columns:
                        cell.number_format = "@"
                    out.append(cell)
                elif isinstance(value, date):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = "yyyy-mm-dd"
                    out.append(cell)
                elif i in spec.text_columns and value not in (None, ""):
                    cell = WriteOnlyCell(ws, value=str(value))
                    cell.number_format = "@"
                    out.append(cell)
                else:
                    out.append(value)
            ws.append(out)
            done += 1
            if done % 2000 == 0:
                if cancelled and cancelled():
                    raise Cancelled()
                if progress:
                    progress(done, total, f"写入第 {done} / {total} 行")
    with replacing(path) as temp:
        workbook.save(temp)
