"""Looking inside an .xlsx before the reader does: sizes, the grid a sheet spans, shared strings.

python-calamine aborts the whole process (a Rust allocation failure, no Python
exception) on a tiny file with a cell in the grid's far corner, expands shared
strings without a bound (one long string referenced by many cells), and reads
a shared-string index it cannot parse ("-1", "abc") as 0, silently putting the
wrong text in the cell. `check_workbook` refuses such files first, in words:

- the name: .xlsx (or .xlsm), since the reader chooses its format by it;
- the zip: a readable archive, every part no larger than `PART_LIMIT` once
  inflated, the whole no larger than `TOTAL_LIMIT`, no part inflating more than
  `RATIO_LIMIT` times, and every XML part inflating to exactly the size its
  directory declares (read with that size + 1 as the bound, so a lying header
  cannot make us read more);
- each worksheet: the grid from A1 to its last cell at most `GRID_LIMIT` cells,
  inside Excel's own 1,048,576 rows × 16,384 columns; all the sheets read at
  most `TOTAL_GRID_LIMIT` (the reader reads a part again for every sheet that
  names it) and `MAX_SHEETS`;
- shared strings: every index a whole number naming an existing string, and
  the text the cells would expand to at most `TEXT_LIMIT` characters.

A registry of 55,000 rows × 25 columns (about 7 MB; 104 MB of sheet XML when
written by openpyxl) passes with room to spare. Sheets written the usual way
(`<c r="A1" …>`, every row and cell numbered) are checked with a few scans at
C speed; anything else is walked cell by cell (slower, but exact).
"""

from __future__ import annotations

import copy
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.problems import InputRefused, Problem

PART_LIMIT = 400 * 1024 * 1024  # bytes of one part once inflated
TOTAL_LIMIT = 1024 * 1024 * 1024  # bytes of all parts once inflated
RATIO_LIMIT = 100  # inflated size ÷ compressed size, for parts over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
GRID_LIMIT = 10_000_000  # cells from A1 to a sheet's last cell
TOTAL_GRID_LIMIT = 30_000_000  # cells of all the sheets read (a part named by several sheets counts each time)
MAX_SHEETS = 1000
TEXT_LIMIT = 200_000_000  # characters the shared-string cells of one sheet expand to
SHARED_LIMIT = 5_000_000  # distinct shared strings (55,000 rows × 25 columns have at most 1,375,000)
MAX_PARTS = 10_000
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData[\s/>]")  # a worksheet, wherever it stands
_SST = re.compile(rb"<(?:[\w.-]+:)?sst[\s>]")
_SI_END = re.compile(rb"</(?:[\w.-]+:)?si\s*>")
_TAG = re.compile(rb"<(?:[\w.-]+:)?(c|row)(?=[\s/>])([^>]*)>")
_ATTR = re.compile(rb"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUE = re.compile(rb"\s*(?:<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>[^<]*</(?:[\w.-]+:)?f\s*>)\s*)?<(?:[\w.-]+:)?v\s*>([^<]*)<")
_REF = re.compile(rb"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
_ROW_TAG = re.compile(rb'<row r="(\d+)"')
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_SHARED_VALUE = re.compile(rb't="s"[^>]*?>\s*<v>(\d+)</v>')


def column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def column_name(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class _Where:
    file: str
    sheet: str | None = None

    def refuse(self, message: str, expected: str, value=None, row: int | None = None,
               column: str | None = None) -> InputRefused:
        return InputRefused(message, [Problem(expected, value, file=self.file, sheet=self.sheet, row=row,
                                              column=column)])


def check_workbook(path: Path, parts_checked: Callable[[], None] | None = None) -> None:
    """Refuse (`InputRefused`) a workbook the reader cannot be trusted with; return quietly otherwise.

    `parts_checked()` is called once every part but the worksheets named in the workbook has passed: the
    reader may open the workbook then (it reads the shared strings and styles, not the sheets), while
    the sheets are still being checked.
    """
    path = Path(path)
    where = _Where(path.name)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:  # the reader picks its format by the name: keep it to ours
        raise where.refuse(f"只能导入 Excel 工作簿（.xlsx）：{path.name}。如果它是别的格式（.xls、.ods、.xlsb），"
                           "请在 Excel 或 WPS 中另存为 .xlsx 后再导入。", "扩展名为 .xlsx 的 Excel 工作簿", path.suffix)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise where.refuse(f"无法读取 {path.name}：不是有效的 Excel 工作簿（.xlsx）或文件已损坏。",
                           "可读取的 .xlsx 工作簿（zip 格式）", str(exc)[:200]) from exc
    with archive:
        infos = archive.infolist()
        _check_directory(where, infos)
        # Every part, whatever its name or first bytes: the reader follows the relationships, and reads a
        # worksheet even with text before its first tag. One inflated part in memory at a time.
        files = [info for info in infos if not info.is_dir()]
        names, shared_targets, uses = _workbook_map(archive, where)
        shared = [info for info in files if info.filename in shared_targets
                  or _SST.search(_head(archive, info, where))]
        lengths = None
        for info in shared:  # first: a sheet's check needs the shared strings' lengths
            lengths = _string_lengths(_read_part(archive, info, where), where, info.filename)
        rest = [info for info in files if info not in shared]
        grids: dict[str, int] = {}
        for phase in ([i for i in rest if i.filename not in names], [i for i in rest if i.filename in names]):
            for info in phase:
                data = _read_part(archive, info, where)
                if _SHEET_DATA.search(data):
                    grids[info.filename] = _check_sheet(
                        _Where(path.name, names.get(info.filename, info.filename)), data, lengths)
                del data
            if parts_checked is not None:
                parts_checked()
                parts_checked = None
    _check_total(where, grids, uses)


def _check_total(where: _Where, grids: dict[str, int], uses: dict[str, int]) -> None:
    """The reader reads a part once for every sheet that names it: bound the cells of all the sheets read."""
    if uses:
        total = sum(grids.get(part, 0) * n for part, n in uses.items())
        sheets = sum(uses.values())
    else:  # the workbook could not be mapped: as if every sheet were the largest
        sheets = max(len(grids), 1)
        total = max(grids.values(), default=0) * sheets
    if sheets > MAX_SHEETS or total > TOTAL_GRID_LIMIT:
        raise where.refuse(
            f"{where.file} 的 {sheets} 个工作表合计约 {total} 个单元格，超出了可导入的大小，未读取。",
            f"不超过 {MAX_SHEETS} 个工作表、合计不超过 {TOTAL_GRID_LIMIT} 个单元格的工作簿", total)


def _string_lengths(data: bytes, where: _Where, part: str) -> list[int]:
    """An upper bound of each shared string's length: the bytes of its <si> element (bytes ≥ characters)."""
    if data.count(b"<si") > SHARED_LIMIT:
        raise where.refuse(f"{where.file} 的共享文字超过 {SHARED_LIMIT} 条，超出了可导入的大小，未读取。",
                           f"不超过 {SHARED_LIMIT} 条共享文字的工作簿", part)
    return list(map(len, _SI_END.split(data)[:-1]))


def _head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: _Where) -> bytes:
    """The first few kilobytes of a part (to tell what it is)."""
    try:
        with archive.open(info) as stream:
            return stream.read(4096)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError,
            ValueError) as exc:
        raise _unreadable(where, exc, info.filename) from exc


def _unreadable(where: _Where, exc: Exception, part: str) -> InputRefused:
    return where.refuse(f"无法读取 {where.file}：工作簿的部件 {part} 已损坏或使用了不支持的压缩方式。",
                        "可读取的 .xlsx 工作簿部件", part)


def _check_directory(where: _Where, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise where.refuse(f"{where.file} 含有 {len(infos)} 个部件，不像是 Excel 工作簿。",
                           f"不超过 {MAX_PARTS} 个部件的 .xlsx 工作簿", len(infos))
    total = 0
    for info in infos:
        if info.file_size > PART_LIMIT:
            raise where.refuse(
                f"{where.file} 的部件 {info.filename} 解压后有 {info.file_size // 2**20} MB，超出了可导入的大小。",
                f"解压后不超过 {PART_LIMIT // 2**20} MB 的工作簿部件", info.filename)
        if info.file_size > RATIO_FLOOR and info.file_size > RATIO_LIMIT * max(info.compress_size, 1):
            raise where.refuse(
                f"{where.file} 的部件 {info.filename} 压缩了 {info.file_size // max(info.compress_size, 1)} 倍，"
                "像是刻意构造的“压缩炸弹”，未读取。",
                f"压缩比不超过 {RATIO_LIMIT} 倍的工作簿部件（这里 {info.compress_size} 字节解压为 {info.file_size} 字节）",
                info.filename)
        total += info.file_size
    if total > TOTAL_LIMIT:
        raise where.refuse(f"{where.file} 解压后共有 {total // 2**20} MB，超出了可导入的大小。",
                           f"解压后共不超过 {TOTAL_LIMIT // 2**20} MB 的工作簿", total)


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: _Where) -> bytes:
    """The part inflated, refusing one that inflates to more (or less) than its directory says."""
    bounded = copy.copy(info)
    bounded.file_size = info.file_size + 1  # one byte more than declared: a lie shows, and reading stops there
    try:
        with archive.open(bounded) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError,
            ValueError) as exc:
        if len(exc.args) and "CRC" in str(exc.args[0]):
            raise where.refuse(f"{where.file} 的部件 {info.filename} 与其声明的大小或校验值不符，文件已损坏或被改动。",
                               f"与声明大小（{info.file_size} 字节）一致的工作簿部件", info.filename) from exc
        raise _unreadable(where, exc, info.filename) from exc
    if len(data) != info.file_size:
        raise where.refuse(f"{where.file} 的部件 {info.filename} 与其声明的大小不符，文件已损坏或被改动。",
                           f"与声明大小（{info.file_size} 字节）一致的工作簿部件", info.filename)
    return data


def _workbook_map(archive: zipfile.ZipFile, where: _Where) -> tuple[dict[str, str], set[str], dict[str, int]]:
    """From xl/workbook.xml and its relationships: worksheet part → sheet name, the shared-strings parts,
    and how many sheets name each part.

    Empty when they cannot be read (then every part is checked before the reader opens the workbook).
    """
    import xml.etree.ElementTree as ET

    shared = {"xl/sharedStrings.xml"}
    try:
        parts = [_read_part(archive, archive.getinfo(name), where)
                 for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
        workbook, rels = (ET.fromstring(part) for part in parts)
    except (KeyError, ET.ParseError, LookupError, ValueError):  # LookupError: an unknown encoding declared
        return {}, shared, {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if rel.get("Type", "").endswith("/sharedStrings"):
            shared.add(target)
    names: dict[str, str] = {}
    uses: dict[str, int] = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, f"?{rid}")
            uses[target] = uses.get(target, 0) + 1
            if rid in targets and element.get("name"):
                names.setdefault(target, element.get("name"))
    return names, shared, uses


# --- one worksheet -------------------------------------------------------------------------------

def _check_sheet(where: _Where, data: bytes, lengths: list[int] | None) -> int:
    """Refuse the sheet if the reader cannot be trusted with it; else the cells of its grid (a bound)."""
    grid = _regular_grid(data)
    # Without a shared-strings part the reader refuses every shared-string cell itself.
    values = _regular_shared(data) if grid is not None and lengths is not None else []
    digits = grid is not None and values is not None
    if not digits:
        grid, shared = _walk(where, data)
        values = [value for value, _ in shared]
        offset = lambda k: shared[k][1]  # noqa: E731
    else:
        offset = lambda k: _nth_shared(data, k)  # noqa: E731
    rows, columns = grid
    if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS or rows * columns > GRID_LIMIT:
        raise where.refuse(
            f"{where.file} 的工作表 {where.sheet} 用到了第 {rows} 行、第 {columns} 列，区域太大，未读取。"
            "请删除多余的空行、空列（或把数据复制到新的工作表）后再导入。",
            f"工作表的已用区域不超过 {GRID_LIMIT} 个单元格（这里用到第 {rows} 行、第 {columns} 列）",
            row=rows, column=column_name(columns))
    _check_shared(where, data, values, offset, lengths or [], digits)
    return rows * columns


def _regular_grid(data: bytes) -> tuple[int, int] | None:
    """(last row, last column) bounds of a sheet written the usual way, or None to walk it cell by cell.

    Usual: inside <sheetData>, every <c> unprefixed and numbered with r="…" first (the reader places cells
    by their own reference). The last row tag gives a number of digits; one search shows that no cell has
    more, or a column beyond Z (a second one, beyond ZZZ). Each is a scan at C speed: 0.1 s for 104 MB.
    """
    start, end = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
    if start < 0 or end < 0 or _PREFIXED_CELL.search(data, start, end):
        return None
    last = _ROW_TAG.match(data, max(data.rfind(b'<row r="', start, end), 0))
    digits = len(last.group(1)) if last else 1
    columns = 26
    if _irregular(1, digits).search(data, start, end):
        if _irregular(3, digits).search(data, start, end):
            return None  # a cell's row has more digits than the last row's, no r="…": count exactly
        wide = set(re.findall(rb'<c r="([A-Z]{2,3})\d', data[start:end]))
        columns = max(map(column_number, wide), default=26)
    rows = 10 ** digits - 1
    if rows * columns > GRID_LIMIT:
        return None  # the bound is too loose to decide: count exactly
    return rows, columns


def _irregular(letters: int, digits: int) -> re.Pattern:
    """A cell tag in <sheetData> not written <c r="A1" s="…" t="…">, as spreadsheet programs write it.

    The reference comes first (up to `letters` letters and `digits` digits), then only the attributes a
    cell may have, double-quoted, one space apart: a second r="…" (the reader takes the last), t = "s"
    or t='s' (the reader reads them as t="s") all count as unusual, and the sheet is walked exactly.
    """
    return re.compile(rb'<c(?! r="[A-Z]{1,%d}\d{1,%d}"(?: (?:s|t|cm|vm|ph)="[^"]*")*/?>)' % (letters, digits))


def _regular_shared(data: bytes) -> list[bytes] | None:
    """The index text of every shared-string cell of a usually written sheet; None if some cell is unusual.

    Called for sheets whose cell tags `_regular_grid` found usual, so every shared-string cell says t="s".
    """
    values = _SHARED_VALUE.findall(data)  # plain digits only: any other index makes the counts differ
    return values if len(values) == data.count(b't="s"') else None


def _nth_shared(data: bytes, k: int) -> int:
    """Where the k-th shared-string cell found by `_regular_shared` starts."""
    for n, match in enumerate(_SHARED_VALUE.finditer(data)):
        if n == k:
            return match.start()
    return 0


def _walk(where: _Where, data: bytes) -> tuple[tuple[int, int], list[tuple[bytes, int]]]:
    """Every row and cell, numbered as the reader numbers them: exact, for any way of writing the sheet."""
    last_row = last_column = 0
    row = 0
    column = 0
    shared = []
    tags = 0
    for match in _TAG.finditer(data):
        tags += 1
        if tags > 2 * GRID_LIMIT:  # more cells than any grid we accept could hold: stop counting
            raise where.refuse(f"{where.file} 的工作表 {where.sheet} 的单元格太多，超出了可导入的大小，未读取。",
                               f"工作表的已用区域不超过 {GRID_LIMIT} 个单元格", tags)
        kind, attrs = match.group(1), match.group(2)
        values = {m.group(1).split(b":")[-1]: (m.group(2) if m.group(2) is not None else m.group(3))
                  for m in _ATTR.finditer(attrs)}
        ref = values.get(b"r")
        if kind == b"row":
            row = int(ref) if ref is not None and ref.isdigit() else row + 1
            column = 0
            if ref is not None and not ref.isdigit():
                raise where.refuse(f"{where.file} 的工作表 {where.sheet} 有无法识别的行号。",
                                   "行号（正整数）", ref.decode("utf-8", "replace")[:40])
            last_row = max(last_row, row)
            continue
        if ref is None:
            column += 1
        else:
            parsed = _REF.fullmatch(ref)
            if parsed is None:
                raise where.refuse(f"{where.file} 的工作表 {where.sheet} 有无法识别的单元格位置。",
                                   "形如 A1 的单元格位置", ref.decode("utf-8", "replace")[:40], row=row or None)
            column, row = column_number(parsed.group(1)), int(parsed.group(2))
        last_row, last_column = max(last_row, row), max(last_column, column)
        if values.get(b"t") == b"s" and not attrs.rstrip().endswith(b"/"):
            value = _VALUE.match(data, match.end())
            shared.append((value.group(1) if value else b"", match.start()))
    return (last_row, last_column), shared


def _cell_at(data: bytes, offset: int) -> tuple[int | None, str | None]:
    """The row and column letters of the cell whose tag starts at or before `offset`."""
    start = data.rfind(b"<", 0, offset + 1)
    tag = _TAG.match(data, start)
    if tag:
        ref = {m.group(1): (m.group(2) or m.group(3)) for m in _ATTR.finditer(tag.group(2))}.get(b"r")
        parsed = _REF.fullmatch(ref) if ref else None
        if parsed:
            return int(parsed.group(2)), parsed.group(1).decode()
    return None, None


def _check_shared(where: _Where, data: bytes, values: list[bytes], offset, lengths: list[int],
                  digits: bool = False) -> None:
    """Every index a whole number naming a string; the text they expand to within TEXT_LIMIT.

    `offset(k)` tells where the k-th cell is, to name it in a refusal. The reader takes " 1", "-1" or
    "1.5" for 0: only plain digits are accepted (`digits`: the values are known to be digits).
    """
    if not values:
        return
    count = len(lengths)
    if not digits and (b"" in values or not b"".join(values).isdigit()):
        bad = next(k for k, text in enumerate(values) if not text.isdigit())
        _refuse_index(where, data, values[bad], offset(bad), count)
    indexes = list(map(int, values))
    top = max(indexes)
    if top >= count:
        k = indexes.index(top)
        _refuse_index(where, data, values[k], offset(k), count)
    expanded = sum(map(lengths.__getitem__, indexes))
    if expanded > TEXT_LIMIT:
        raise where.refuse(
            f"{where.file} 的工作表 {where.sheet} 的共享文字展开后约有 {expanded} 个字符，超出了可导入的大小，未读取。",
            f"工作表的文字总量不超过 {TEXT_LIMIT} 个字符", expanded)


def _refuse_index(where: _Where, data: bytes, value: bytes, offset: int, count: int) -> None:
    row, column = _cell_at(data, offset)
    raise InputRefused(
        f"{where.file} 的工作表 {where.sheet} 有单元格指向不存在的共享文字，文件已损坏或被改动。",
        [Problem(f"共享字符串的编号（0 至 {count - 1}）" if count else "共享字符串的编号（此工作簿没有共享字符串）",
                 value.decode("utf-8", "replace")[:40], file=where.file, sheet=where.sheet,
                 row=row, column=column)])
