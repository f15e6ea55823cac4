"""Workbooks that are broken, odd or hostile: each is refused in words (file, sheet, row, column, what was
expected), exit 1, the database unchanged — never a traceback, exit 4 or an abort of the process.

The reader (python-calamine) aborts the whole process on a cell in the grid's far corner and expands shared
strings without a bound, so the workbook is inspected before it is handed over (app/exchange/xlsx_guard.py).
Tests that could kill or swamp the process if the guard failed run in a subprocess, under a memory limit.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from app.domain.problems import InputRefused
from app.services.registry import ImportOptions, import_institutions
from tests.cli_helpers import REPO_ROOT, call_main, cli_env
from tests.xlsx_helpers import inline_row, raw_shared_strings, raw_sheet, read_xlsx, write_raw_xlsx, write_xlsx

HUAWEI = "914403001922038216"
ALIBABA = "91330100716105852F"
XIAOMI = "91110108551385082Q"
HEADER = ["机构名称", "统一社会信用代码", "机构类别"]
ROW_2 = ["甲检测有限公司", HUAWEI, "其他"]
ROW_3 = ["乙检测有限公司", ALIBABA, "机动车"]


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def dump(db) -> str:
    return "\n".join(db.conn.iterdump())


def refusal(db, path: Path, **options) -> InputRefused:
    """Import `path`, expect a refusal, and check that the database did not change."""
    before = dump(db)
    with pytest.raises(InputRefused) as caught:
        import_institutions(db, path, ImportOptions(**options))
    assert dump(db) == before
    return caught.value


def good_rows_xml() -> str:
    return inline_row(1, HEADER) + inline_row(2, ROW_2) + inline_row(3, ROW_3)


# --- a sheet with only its header row ----------------------------------------------------------


def test_a_sheet_with_only_a_header_row_is_refused_naming_the_sheet_and_row(db, tmp_path):
    path = write_xlsx(tmp_path / "只有表头.xlsx", [["机构名录"], HEADER], sheet="名录")
    error = refusal(db, path)
    assert "只有表头" in error.message and "只有表头.xlsx" in error.message
    [problem] = error.problems
    assert (problem.file, problem.sheet, problem.row) == ("只有表头.xlsx", "名录", 2)
    assert problem.expected == "表头（第 2 行）下方至少一行数据"


def test_a_header_only_sheet_beside_a_sheet_with_data_is_a_notice(db, tmp_path):
    path = write_xlsx(tmp_path / "两表.xlsx", [HEADER, ROW_2], sheet="名录", more_sheets={"空表": [HEADER]})
    report = import_institutions(db, path)
    assert (report.rows, report.inserted) == (1, 1)
    assert [(p.sheet, p.row, p.expected) for p in report.warnings] == [
        ("空表", 1, "表头下方没有数据行，此工作表未导入")]


def test_a_header_only_workbook_exits_1_through_the_command_line(capsys, tmp_path):
    database = tmp_path / "db.sqlite"
    assert call_main(capsys, ["--db", database, "institutions", "import",
                              write_xlsx(tmp_path / "good.xlsx", [HEADER, ROW_2])]).status == 0
    before = sha(database)
    run = call_main(capsys, ["--db", database, "institutions", "import",
                             write_xlsx(tmp_path / "h.xlsx", [HEADER]), "--json"])
    assert run.status == 1, run
    assert run.json["error"]["code"] == "input_refused"
    assert sha(database) == before


# --- control characters ----------------------------------------------------------------------


@pytest.mark.parametrize("escape, shown", [("_x0000_", "\\x00"), ("_x001B_", "\\x1b"), ("_x0001_", "\\x01"),
                                           ("_x001F_", "\\x1f"), ("_x000B_", "\\x0b")])
def test_a_control_character_in_a_cell_is_refused_naming_the_cell(db, tmp_path, escape, shown):
    rows = inline_row(1, HEADER) + inline_row(2, ROW_2) + inline_row(3, [f"乙检测{escape}有限公司", ALIBABA, "机动车"])
    path = write_raw_xlsx(tmp_path / "ctrl.xlsx", {"名录": raw_sheet(rows)})
    error = refusal(db, path)
    [problem] = error.problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("ctrl.xlsx", "名录", 3, "A（机构名称）")
    assert problem.value == f"乙检测{shown}有限公司"
    assert problem.expected == "不含控制字符的文本（制表符、换行除外）"


def test_tabs_and_line_breaks_in_cells_are_not_control_characters(db, tmp_path):
    rows = inline_row(1, HEADER + ["地址"]) + inline_row(2, ROW_2 + ["平城区_x000A_1号&#9;楼"])
    report = import_institutions(db, write_raw_xlsx(tmp_path / "ok.xlsx", {"名录": raw_sheet(rows)}))
    assert report.inserted == 1


def test_skip_invalid_refuses_only_the_row_with_a_control_character_and_writes_it_out(db, tmp_path):
    rows = inline_row(1, HEADER) + inline_row(2, ROW_2) + inline_row(3, ["乙检测_x001B_[31m有限公司", ALIBABA, "机动车"])
    path = write_raw_xlsx(tmp_path / "ctrl.xlsx", {"名录": raw_sheet(rows)})
    report = import_institutions(db, path, ImportOptions(skip_invalid=True))
    assert (report.inserted, report.refused) == (1, 1)
    written = read_xlsx(report.refused_file)
    assert written[1][:4] == ["名录", 3, "「A（机构名称）」不含控制字符的文本（制表符、换行除外）", "乙检测␛[31m有限公司"]


# --- the grid's far corner, and dimensions ---------------------------------------------------------


def run_import_in_subprocess(tmp_path: Path, workbook: Path, memory_mb: int = 1500) -> subprocess.CompletedProcess:
    """`institutions import` in a child process limited to `memory_mb` of address space (POSIX)."""
    script = textwrap.dedent(f"""
        import resource, sys
        limit = {memory_mb} * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from app.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
    return subprocess.run([sys.executable, "-c", script, "--db", str(tmp_path / "db.sqlite"), "institutions",
                           "import", str(workbook), "--json"], cwd=REPO_ROOT, env=cli_env(tmp_path / "data"),
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="resource.setrlimit is POSIX")


@posix_only
def test_a_cell_in_the_grids_far_corner_is_refused_before_reading(tmp_path):
    rows = good_rows_xml() + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = write_raw_xlsx(tmp_path / "far.xlsx", {"名录": raw_sheet(rows)})
    assert path.stat().st_size < 2000
    done = run_import_in_subprocess(tmp_path, path)
    assert done.returncode == 1, done
    import json

    error = json.loads(done.stdout)["error"]
    [problem] = error["problems"]
    assert (problem["file"], problem["sheet"], problem["row"], problem["column"]) == (
        "far.xlsx", "名录", 1048576, "XFD")
    assert problem["expected"] == "工作表的已用区域不超过 10000000 个单元格（这里用到第 1048576 行、第 16384 列）"


def test_a_far_cell_is_refused_in_process_too(db, tmp_path):
    rows = good_rows_xml() + '<row r="4"><c r="ZZZ900000" t="inlineStr"><is><t>x</t></is></c></row>'
    error = refusal(db, write_raw_xlsx(tmp_path / "far.xlsx", {"名录": raw_sheet(rows)}))
    [problem] = error.problems
    assert (problem.sheet, problem.row, problem.column) == ("名录", 900000, "ZZZ")


def test_a_huge_declared_dimension_with_a_small_grid_is_read(db, tmp_path):
    """The reader sizes the grid by the cells, not by <dimension>; a wrong dimension alone is harmless."""
    path = write_raw_xlsx(tmp_path / "dim.xlsx", {"名录": raw_sheet(good_rows_xml(), dimension="A1:XFD1048576")})
    assert import_institutions(db, path).inserted == 2


def test_a_wide_but_legitimate_sheet_is_read(db, tmp_path):
    """Columns beyond Z (a registry of 40 columns) are fine."""
    header = HEADER + [f"备注{i}" for i in range(37)]
    path = write_xlsx(tmp_path / "wide.xlsx", [header, ROW_2 + ["x"] * 37], text_columns={1})
    assert import_institutions(db, path).inserted == 1


# --- shared strings ---------------------------------------------------------------------------------


def shared_cell(ref: str, index: str) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


@pytest.mark.parametrize("index", ["-1", "3", "99", "abc", "1.5", "", " 1", "1 "])
def test_a_bad_shared_string_index_is_refused_naming_the_cell(db, tmp_path, index):
    strings = raw_shared_strings(HEADER)
    rows = (f'<row r="1">{shared_cell("A1", "0")}{shared_cell("B1", "1")}{shared_cell("C1", "2")}</row>'
            f'<row r="2"><c r="A2" t="inlineStr"><is><t>甲检测有限公司</t></is></c>'
            f'<c r="B2" t="inlineStr"><is><t>{HUAWEI}</t></is></c>{shared_cell("C2", index)}</row>')
    path = write_raw_xlsx(tmp_path / "sst.xlsx", {"名录": raw_sheet(rows)}, shared_strings=strings)
    error = refusal(db, path)
    [problem] = error.problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("sst.xlsx", "名录", 2, "C")
    assert problem.value == index
    assert problem.expected == "共享字符串的编号（0 至 2）"


def test_shared_strings_used_correctly_are_read(db, tmp_path):
    strings = raw_shared_strings(HEADER + ["甲检测有限公司", HUAWEI, "其他"])
    rows = (f'<row r="1">{shared_cell("A1", "0")}{shared_cell("B1", "1")}{shared_cell("C1", "2")}</row>'
            f'<row r="2">{shared_cell("A2", "3")}{shared_cell("B2", "4")}{shared_cell("C2", "5")}</row>')
    path = write_raw_xlsx(tmp_path / "sst.xlsx", {"名录": raw_sheet(rows)}, shared_strings=strings)
    assert import_institutions(db, path).inserted == 1


def shared_string_bomb(path: Path, length: int = 1_000_000, cells: int = 20_000) -> Path:
    """One shared string of `length` characters, referenced by `cells` cells: tiny on disk, `length × cells` read."""
    strings = raw_shared_strings(HEADER + ["A" * length])
    rows = [f'<row r="1">{shared_cell("A1", "0")}{shared_cell("B1", "1")}{shared_cell("C1", "2")}</row>']
    for r in range(2, cells // 10 + 2):
        rows.append(f'<row r="{r}">' + "".join(shared_cell(f"{chr(68 + c)}{r}", "3") for c in range(10)) + "</row>")
    return write_raw_xlsx(path, {"名录": raw_sheet("".join(rows))}, shared_strings=strings)


def test_a_shared_string_bomb_is_refused_before_reading(db, tmp_path):
    path = shared_string_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 200_000
    error = refusal(db, path)
    [problem] = error.problems
    assert (problem.file, problem.sheet) == ("bomb.xlsx", "名录")
    assert problem.expected == "工作表的文字总量不超过 200000000 个字符"
    assert problem.value >= 20_000 * 1_000_000  # characters the cells would expand to (an upper bound)


@posix_only
def test_a_shared_string_bomb_is_refused_in_a_process_with_little_memory(tmp_path):
    path = shared_string_bomb(tmp_path / "bomb.xlsx")
    done = run_import_in_subprocess(tmp_path, path, memory_mb=1000)
    assert done.returncode == 1, done
    assert "bomb.xlsx" in done.stdout and "Traceback" not in done.stderr


def test_a_part_that_inflates_a_thousandfold_is_refused_before_reading(db, tmp_path):
    path = write_raw_xlsx(tmp_path / "zipbomb.xlsx", {"名录": raw_sheet(good_rows_xml())},
                          extra_parts={"xl/styles.xml": b"<styleSheet>" + b" " * 50_000_000 + b"</styleSheet>"})
    assert path.stat().st_size < 200_000
    error = refusal(db, path)
    [problem] = error.problems
    assert (problem.file, problem.sheet) == ("zipbomb.xlsx", None)
    assert problem.value == "xl/styles.xml"
    assert problem.expected.startswith("压缩比不超过 100 倍的工作簿部件")


def test_a_part_whose_declared_size_lies_is_refused(db, tmp_path):
    """The zip's directory says 1000 bytes; the data inflates to megabytes."""
    import struct

    path = write_raw_xlsx(tmp_path / "lie.xlsx", {"名录": raw_sheet(good_rows_xml() + " " * 3_000_000)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # the local header's uncompressed size
    at = data.find(b"PK\x01\x02")
    while at >= 0:  # and the central directory's
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, at + 24, 1000)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    error = refusal(db, path)
    [problem] = error.problems
    assert (problem.file, problem.value) == ("lie.xlsx", "xl/worksheets/sheet1.xml")


# --- broken zips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "no_workbook"])
def test_a_broken_zip_is_refused(db, tmp_path, damage):
    path = write_raw_xlsx(tmp_path / "broken.xlsx", {"名录": raw_sheet(good_rows_xml())})
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(data[:200] + bytes(range(256)) * 4 + data[1224:])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "no workbook here")
    error = refusal(db, path)
    assert error.problems[0].file == "broken.xlsx"


@pytest.mark.parametrize("name", ["名录.xls", "名录.ods", "名录.xlsb", "名录"])
def test_only_xlsx_workbooks_are_handed_to_the_reader(db, tmp_path, name):
    """The reader picks its format by the file's name; other formats are not inspected, so not read."""
    path = write_xlsx(tmp_path / "名录.xlsx", [HEADER, ROW_2]).rename(tmp_path / name)
    error = refusal(db, path)
    [problem] = error.problems
    assert (problem.file, problem.expected) == (name, "扩展名为 .xlsx 的 Excel 工作簿")


def test_upper_case_xlsx_is_read(db, tmp_path):
    path = write_xlsx(tmp_path / "名录.xlsx", [HEADER, ROW_2]).rename(tmp_path / "名录.XLSX")
    assert import_institutions(db, path).inserted == 1


@posix_only
def test_a_far_cell_in_a_part_not_named_xml_is_refused(tmp_path):
    """The reader follows the workbook's relationships to a worksheet part with any name."""
    rows = good_rows_xml() + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = write_raw_xlsx(tmp_path / "odd.xlsx", {"名录": raw_sheet(good_rows_xml())},
                          extra_parts={"xl/worksheets/data.bin": raw_sheet(rows)})
    import shutil

    # point the workbook's relationship at the oddly named part
    rebuilt = tmp_path / "rebuilt.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet1.xml", b"worksheets/data.bin")
            out.writestr(info.filename, data)
    shutil.move(rebuilt, path)
    done = run_import_in_subprocess(tmp_path, path)
    assert done.returncode == 1, done
    assert '"row": 1048576' in done.stdout


def test_control_characters_outside_the_read_columns_are_shown_escaped_never_raw(db, tmp_path):
    """An ignored column's header and a remark below the table are reported, with ESC written as \\x1b."""
    rows = (inline_row(1, HEADER + ["备_x001B_[2J注"]) + inline_row(2, ROW_2 + ["x_x001B_y"])
            + inline_row(4, ["注：_x001B_[31m 以上信息由机构填写"]))
    report = import_institutions(db, write_raw_xlsx(tmp_path / "n.xlsx", {"名录": raw_sheet(rows)}))
    assert report.inserted == 1
    shown = [(p.row, p.column, p.value) for p in report.warnings]
    assert shown == [(1, "D（备\\x1b[2J注）", "备\\x1b[2J注"), (4, None, "注：\\x1b[31m 以上信息由机构填写")]
    assert not any("\x1b" in p.describe() for p in report.warnings)


@posix_only
def test_a_far_cell_in_a_worksheet_with_text_before_its_first_tag_is_refused(tmp_path):
    """The reader skips text before the root element; the check must not take such a part for non-XML."""
    rows = good_rows_xml() + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = write_raw_xlsx(tmp_path / "junk.xlsx", {"名录": "<x/>"})
    rebuilt = tmp_path / "rebuilt.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b"hello " + raw_sheet(rows).encode()
            out.writestr(info.filename, data)
    done = run_import_in_subprocess(tmp_path, rebuilt)
    assert done.returncode == 1, done
    assert '"row": 1048576' in done.stdout


def test_many_sheets_naming_the_same_worksheet_part_are_refused(db, tmp_path):
    """Each sheet that names a part is read again: 40 sheets × one 1,000,000-cell part would be 40 million."""
    big = good_rows_xml() + '<row r="40000"><c r="Y40000" t="inlineStr"><is><t>x</t></is></c></row>'
    path = write_raw_xlsx(tmp_path / "many.xlsx", {"名录": raw_sheet(big)})
    rebuilt = tmp_path / "rebuilt.xlsx"
    sheets = "".join(f'<sheet name="表{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, 41))
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'<sheet name="\xe5\x90\x8d\xe5\xbd\x95" sheetId="1" r:id="rId1"/>', sheets.encode())
            out.writestr(info.filename, data)
    rebuilt.replace(path)
    error = refusal(db, path)
    [problem] = error.problems
    assert (problem.file, problem.sheet) == ("many.xlsx", None)
    assert problem.expected == "不超过 1000 个工作表、合计不超过 30000000 个单元格的工作簿"


@pytest.mark.parametrize("declaration", [b'<?xml version="1.0" encoding="foo"?>', b"junk"])
def test_a_workbook_part_in_an_unknown_encoding_is_refused_in_words(db, tmp_path, declaration):
    path = write_raw_xlsx(tmp_path / "enc.xlsx", {"名录": raw_sheet(good_rows_xml())})
    rebuilt = tmp_path / "rebuilt.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = declaration + data[data.index(b"?>") + 2:]
            out.writestr(info.filename, data)
    rebuilt.replace(path)
    try:
        report = import_institutions(db, path)
    except InputRefused as error:
        assert error.problems[0].file == "enc.xlsx"
    else:
        assert report.inserted == 2


@pytest.mark.parametrize("attribute", ['t = "s"', "t='s'", 't=\n"s"'])
def test_a_shared_string_bomb_written_with_unusual_attribute_syntax_is_refused(db, tmp_path, attribute):
    """Just over the bound (2010 cells × 100,000 characters), so that a miss costs little memory."""
    strings = raw_shared_strings(HEADER + ["A" * 100_000])
    rows = [f'<row r="1">{shared_cell("A1", "0")}{shared_cell("B1", "1")}{shared_cell("C1", "2")}</row>']
    for r in range(2, 203):
        rows.append(f'<row r="{r}">' + "".join(f'<c r="{chr(68 + c)}{r}" {attribute}><v>3</v></c>'
                                               for c in range(10)) + "</row>")
    path = write_raw_xlsx(tmp_path / "bomb2.xlsx", {"名录": raw_sheet("".join(rows))}, shared_strings=strings)
    error = refusal(db, path)
    assert error.problems[0].expected == "工作表的文字总量不超过 200000000 个字符"


@posix_only
@pytest.mark.parametrize("attributes", ['r="A2" r="XFD1048576"', 'r="A2" s="0"\nr="XFD1048576"',
                                        'r="A2" r = "XFD1048576"', "r=\"A2\" r='XFD1048576'"])
def test_a_second_cell_reference_in_the_same_tag_is_seen(tmp_path, attributes):
    """The reader places a cell by its last r="…"."""
    rows = good_rows_xml() + f'<row r="4"><c {attributes} t="inlineStr"><is><t>x</t></is></c></row>'
    path = write_raw_xlsx(tmp_path / "dup.xlsx", {"名录": raw_sheet(rows)})
    done = run_import_in_subprocess(tmp_path, path)
    assert done.returncode == 1, done
    assert '"row": 1048576' in done.stdout or "形如 A1" in done.stdout
