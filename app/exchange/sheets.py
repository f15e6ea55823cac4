"""Finding the table in a real-world registry workbook and reading it with python-calamine.

Sheets exported by other systems put a title row above the header, break
header text over lines, add notes in brackets, leave blank rows and end
with a notes row. `read_tables` finds, on each sheet, the header row by
matching cell texts against a `HeaderSpec`'s aliases, and returns the data
rows with the sheet's own row numbers (the first row of the sheet is 1).

The workbook is inspected (`xlsx_guard.check_workbook`) before the reader
sees it. A data row with a control character (other than tab and line
breaks) in a column that is read is refused with the cell named: such text
cannot be written to Excel again, and nobody typed it on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from app.domain.problems import InputRefused, Problem, Severity

HEADER_SEARCH_ROWS = 30
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
IGNORED_HEADERS = {"序号", "no", "no."}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_EXPECTED = "不含控制字符的文本（制表符、换行除外）"
_NOTE_START = ("注", "备注", "说明", "填表", "制表", "合计", "总计", "审核", "数据来源", "以上")


def header_key(text: str) -> str:
    """A header cell's text reduced for matching: no brackets' notes, no spaces, no '*', lower case."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _BRACKETS.sub("", text)
    text = "".join(text.split()).replace("*", "").replace("：", "").replace(":", "")
    return text.lower()


@dataclass(frozen=True)
class HeaderSpec:
    """Which header texts mean which field; `identity` fields are what marks a header row."""

    aliases: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    identity: tuple[str, ...]

    def lookup(self) -> dict[str, str]:
        table = {}
        for name, words in self.aliases.items():
            for word in words:
                table[header_key(word)] = name
        return table

    def canonical(self, name: str) -> str:
        return self.aliases[name][0]


@dataclass
class Column:
    field: str
    index: int
    header: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class SheetRow:
    number: int  # the sheet's own row number, 1-based
    values: list  # all cells of the row, as calamine returned them


@dataclass
class SheetTable:
    file: str
    sheet: str
    header_row: int
    header: list[str]
    columns: dict[str, Column]
    rows: list[SheetRow]
    notices: list[Problem] = field(default_factory=list)
    refused: list[tuple[SheetRow, list[Problem]]] = field(default_factory=list)  # rows refused while reading
    plans: dict = field(default_factory=dict, repr=False)  # per-table lookups cached by the row parsers

    @cached_property
    def index(self) -> dict[str, int]:
        """Field name to 0-based column index."""
        return {name: column.index for name, column in self.columns.items()}

    def value(self, row: SheetRow, name: str):
        i = self.index.get(name)
        if i is None or i >= len(row.values):
            return None
        return row.values[i]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell_text(value) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def _find_header(rows: list[list], lookup: dict[str, str], spec: HeaderSpec) -> int | None:
    best, best_count = None, 1
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matched = {lookup.get(header_key(c)) for c in row if isinstance(c, str) and c.strip()}
        matched.discard(None)
        if not matched & set(spec.identity):
            continue
        if len(matched) > best_count:
            best, best_count = i, len(matched)
    return best


def _is_blank_row(row: list) -> bool:
    if row.count("") == len(row):  # calamine's empty cell: the common case, at C speed
        return True
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _filled(row: list) -> list:
    return [c for c in row if not (c is None or (isinstance(c, str) and not c.strip()))]


def _table_from_rows(file: str, sheet: str, rows: list[list], spec: HeaderSpec) -> SheetTable | None:
    lookup = spec.lookup()
    h = _find_header(rows, lookup, spec)
    if h is None:
        return None
    header = [_cell_text(c) for c in rows[h]]
    columns: dict[str, Column] = {}
    notices = []
    for index, text in enumerate(header):
        if not text:
            continue
        name = lookup.get(header_key(text))
        where = dict(file=file, sheet=sheet, row=h + 1, column=f"{column_letter(index)}（{shown_controls(text)}）")
        if name is None and header_key(text) in IGNORED_HEADERS:
            continue
        if name is None:
            notices.append(Problem("未识别的列，已忽略", shown_controls(text), severity=Severity.NOTICE, **where))
        elif name in columns:
            notices.append(Problem(f"与「{columns[name].header}」列重复，已忽略", text,
                                   severity=Severity.NOTICE, **where))
        else:
            columns[name] = Column(name, index, text)
    data = []
    for i in range(h + 1, len(rows)):
        if not _is_blank_row(rows[i]):
            data.append(SheetRow(i + 1, rows[i]))
    data = _drop_note_rows(file, sheet, data, {c.index for c in columns.values()}, notices)
    table = SheetTable(file, sheet, h + 1, header, columns, data, notices)
    _refuse_control_characters(table)
    return table


def shown_controls(text: str) -> str:
    """The text with each control character written as an escape (\\x1b), for messages."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _refuse_control_characters(table: SheetTable) -> None:
    """Rows holding a control character in a column that is read move from `rows` to `refused`."""
    strings = [c for row in table.rows for c in row.values if type(c) is str]
    if not _CONTROL.search("\n".join(strings)):
        return  # the common case: one search over all the text
    kept = []
    for row in table.rows:
        problems = []
        for column in sorted(table.columns.values(), key=lambda c: c.index):
            value = row.values[column.index] if column.index < len(row.values) else None
            if type(value) is str and _CONTROL.search(value):
                problems.append(Problem(CONTROL_EXPECTED, shown_controls(value)[:200], file=table.file,
                                        sheet=table.sheet, row=row.number,
                                        column=f"{column.letter}（{column.header}）"))
        if problems:
            table.refused.append((row, problems))
        else:
            kept.append(row)
    table.rows = kept


def _note_text(row: SheetRow, mapped: set[int], trailing: bool) -> str | None:
    """The remark a row holds, if it is a remark (注：…, 填表人…) rather than a short record."""
    if len(row.values) - row.values.count("") > 2:
        return None
    cells = [(i, c) for i, c in enumerate(row.values) if not (c is None or (isinstance(c, str) and not c.strip()))]
    if not cells or len(cells) > 2 or not isinstance(cells[0][1], str):
        return None
    index, text = cells[0][0], cells[0][1].strip()
    if text.startswith(_NOTE_START) and (trailing or len(cells) == 1):
        return text
    if trailing and len(cells) == 1 and (index not in mapped or len(text) > 40 or "：" in text or ":" in text):
        return text
    return None


def _drop_note_rows(file: str, sheet: str, rows: list[SheetRow], mapped: set[int],
                    notices: list[Problem]) -> list[SheetRow]:
    """Remarks below or between the data rows are reported as notices, not imported."""
    kept = []
    for row in rows:
        note = _note_text(row, mapped, trailing=False)
        if note is None:
            kept.append(row)
        else:
            notices.append(Problem("说明行，未导入", shown_controls(note[:60]), file=file, sheet=sheet,
                                   row=row.number, severity=Severity.NOTICE))
    while kept:
        note = _note_text(kept[-1], mapped, trailing=True)
        if note is None:
            break
        notices.append(Problem("表格下方的说明行，未导入", shown_controls(note[:60]), file=file, sheet=sheet,
                               row=kept.pop().number, severity=Severity.NOTICE))
    notices.sort(key=lambda p: (p.row or 0))
    return kept


def read_tables(
    path: Path,
    spec: HeaderSpec,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[SheetTable]:
    """Every sheet of the workbook that has a recognisable header row and data below it, read whole."""
    from python_calamine import CalamineError, CalamineWorkbook

    from app.exchange.xlsx_guard import check_workbook

    name = Path(path).name
    with ThreadPoolExecutor(1) as pool:  # the reader releases the GIL: it opens the workbook while sheets are checked
        opening = []
        check_workbook(Path(path), lambda: opening.append(pool.submit(CalamineWorkbook.from_path, str(path))))
        try:
            workbook = opening[0].result() if opening else CalamineWorkbook.from_path(str(path))
        except (CalamineError, OSError, ValueError) as exc:
            raise InputRefused(
                f"无法读取 {name}：不是有效的 Excel 工作簿（.xlsx）或文件已损坏。",
                [Problem("可读取的 .xlsx 工作簿", str(exc)[:200], file=name)],
            ) from exc
    return _read_sheets(name, workbook, spec, progress)


def _read_sheets(name: str, workbook, spec: HeaderSpec, progress) -> list[SheetTable]:
    from python_calamine import CalamineError

    tables = []
    sheets = workbook.sheet_names
    for n, sheet_name in enumerate(sheets):
        if progress:
            progress(n, len(sheets), f"读取工作表 {sheet_name}")
        try:
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except (CalamineError, ValueError, OverflowError) as exc:  # a date beyond datetime's range is a ValueError
            raise InputRefused(f"无法读取 {name} 的工作表 {sheet_name}：{exc}",
                               [Problem("可读取的工作表", str(exc)[:200], file=name, sheet=sheet_name)]) from exc
        table = _table_from_rows(name, sheet_name, rows, spec)
        if table is not None:
            tables.append(table)
    workbook.close()
    if not tables:
        wanted = "、".join(spec.canonical(f) for f in spec.required)
        raise InputRefused(
            f"{name} 中没有找到表头：至少需要「{wanted}」等列。",
            [Problem(f"含有「{wanted}」等列名的表头行", None, file=name)],
        )
    return _without_empty_tables(name, tables)


def _without_empty_tables(name: str, tables: list[SheetTable]) -> list[SheetTable]:
    """Sheets with a header and nothing below it: a notice beside others with data, a refusal when all are so."""
    empty = [t for t in tables if not t.rows and not t.refused]
    if len(empty) == len(tables):
        raise InputRefused(
            f"{name} 只有表头，没有数据行，未导入。",
            [Problem(f"表头（第 {t.header_row} 行）下方至少一行数据", None, file=name, sheet=t.sheet,
                     row=t.header_row) for t in tables])
    kept = [t for t in tables if t.rows or t.refused]
    for t in empty:
        kept[0].notices.append(Problem("表头下方没有数据行，此工作表未导入", None, file=name, sheet=t.sheet,
                                       row=t.header_row, severity=Severity.NOTICE))
    return kept
