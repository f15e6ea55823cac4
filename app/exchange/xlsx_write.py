"""Writing styled .xlsx workbooks with openpyxl (write-only mode, so 55,000 rows stay fast).

The file is written beside its final name and moved into place when complete,
so an interrupted export never leaves a half-written workbook behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.domain.problems import Cancelled, InputRefused, Problem
from app.files import replacing


@dataclass
class SheetSpec:
    title: str
    headers: list[str]
    widths: list[int]
    text_columns: set[int]  # 0-based columns written as text (codes that must keep every digit)


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
        ws = workbook.create_sheet(spec.title)
        ws.freeze_panes = "B2"
        for i, width in enumerate(spec.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        header = []
        for text in spec.headers:
            cell = WriteOnlyCell(ws, value=text)
            cell.font, cell.fill, cell.alignment = bold, fill, centre
            header.append(cell)
        ws.append(header)
        for row in rows:
            out = []
            for i, value in enumerate(row):
                if isinstance(value, date):
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
