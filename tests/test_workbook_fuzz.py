"""Generated workbooks, broken and odd ones among them: every import exits 0 or 1, and a refusal leaves the
database file byte for byte as it was.

Cells of every kind (inline and shared strings, numbers, booleans, errors, formulas, dates, empty cells),
text with control characters and XML escapes, cell references anywhere up to the grid's far corner,
declared dimensions of any size, shared-string bombs and bad shared-string indexes, and zips truncated,
overwritten or missing parts. Run in this process through `app.cli.main`, and a few in a subprocess (an
abort would kill this one). `SPOTCHECK_FUZZ_EXAMPLES` sets how many (default 300).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.cli_helpers import REPO_ROOT, cli_env
from tests.xlsx_helpers import raw_sheet, write_raw_xlsx, write_xlsx

EXAMPLES = int(os.environ.get("SPOTCHECK_FUZZ_EXAMPLES", "300"))
HEADER = ["机构名称", "统一社会信用代码", "机构类别", "地址", "批准日期"]
INSPECTOR_HEADER = ["姓名", "所属部门", "执法证号", "层级", "在岗"]
# Written between r=" and ": some make a second reference in the same tag.
ODD_REFERENCES = ["a1", "$B$2", "1A", "", "A0", "AAAA1", "A99999999999",
                  'A1" r="XFD1048576', "A1' r='XFD1048576", 'A1" r ="B9']
CODES = ["914403001922038216", "91330100716105852F", "91110108551385082Q", "9144030071526726XG"]
STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


# --- strategies -------------------------------------------------------------------------------------

control_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), min_size=1, max_size=3)
plain_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
texts = st.one_of(
    plain_text,
    st.sampled_from(CODES + ["其他", "机动车", "甲检测有限公司", "=HYPERLINK(\"http://x\")", "+1", "-1", "@A1", ""]),
    st.builds(lambda a, c, b: a + c + b, plain_text, control_text, plain_text),
)


def xml_text(text: str, raw_controls: bool) -> str:
    """Text for an XML <t>: controls as Excel's _x00HH_ escapes, or (broken XML) as they are."""
    out = escape(text)
    if not raw_controls:
        out = "".join(f"_x{ord(ch):04X}_" if ord(ch) < 0x20 else ch for ch in out)
    return out


def plausible(column: int, row: int, kind: str) -> str:
    """What a registry's column usually holds, as inline-string text."""
    from app.domain.credit_code import complete

    if kind == "inspectors":
        return ["检查员" + str(row), "市场监管局", f"A{row:04d}", "市级", "是"][(column - 1) % 5]
    return [f"检测公司{row}", complete(f"911402{row:011d}"), "其他", "平城区", "2020-01-02"][(column - 1) % 5]


@st.composite
def cells(draw, shared_count: int, wild: bool, column: int, row: int, kind: str):
    """The inside of one <c …> element: (attributes, content). Not `wild`: values a spreadsheet program writes."""
    if not wild:
        what = draw(st.sampled_from(["plausible"] * 30 + ["inline", "number", "date", "empty"]
                                    + (["good shared"] if shared_count else [])))
        if what == "plausible":
            return ' t="inlineStr"', f"<is><t>{plausible(column, row, kind)}</t></is>"
        if what == "good shared":
            return ' t="s"', f"<v>{draw(st.integers(0, shared_count - 1))}</v>"
        if what == "number":
            return "", f"<v>{draw(st.integers(-10**9, 10**9))}</v>"
        if what == "date":
            return ' s="1"', f"<v>{draw(st.integers(1, 60000))}</v>"
        if what == "empty":
            return "", None
        kind = "inline"
    else:
        kind = draw(st.sampled_from(["inline", "rich", "shared", "number", "bool", "error", "formula", "str",
                                     "date", "isodate", "empty"]))
    if kind == "inline":
        return ' t="inlineStr"', f"<is><t>{xml_text(draw(texts), wild and draw(st.booleans()))}</t></is>"
    if kind == "rich":
        runs = draw(st.lists(texts, min_size=1, max_size=3))
        return ' t="inlineStr"', "<is>" + "".join(f"<r><rPr><b/></rPr><t>{xml_text(t, False)}</t></r>"
                                                  for t in runs) + "</is>"
    if kind == "isodate":
        value = draw(st.one_of(st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()),
                               st.sampled_from(["2024-13-45", "junk", "", "99999-01-01T00:00:00"])))
        return ' t="d"', f"<v>{value}</v>"
    if kind == "shared":
        index = draw(st.one_of(st.integers(0, max(shared_count - 1, 0)).map(str),
                               st.sampled_from(["-1", "abc", "1.5", "", " 1", str(shared_count), "99999999999"])))
        attrs = draw(st.sampled_from([' t="s"', ' t="s"', ' t = "s"', " t='s'", ' t\n="s"']))
        return attrs, f"<v>{index}</v>"
    if kind == "number":
        value = draw(st.one_of(st.integers(-10**20, 10**20).map(str), st.floats(allow_nan=True).map(repr),
                               st.sampled_from(["1e400", "-0", "abc", "", "0x10"])))
        return "", f"<v>{value}</v>"
    if kind == "bool":
        return ' t="b"', f"<v>{draw(st.sampled_from(['0', '1', '2', 'x', '']))}</v>"
    if kind == "error":
        return ' t="e"', f"<v>{draw(st.sampled_from(['#N/A', '#DIV/0!', '#REF!', 'junk']))}</v>"
    if kind == "formula":
        return "", "<f>1+1</f><v>2</v>"
    if kind == "str":
        return ' t="str"', f"<f>A1</f><v>{xml_text(draw(texts), False)}</v>"
    if kind == "date":
        value = draw(st.one_of(st.integers(-1000, 3_000_000).map(str), st.floats(-1e6, 1e12).map(repr)))
        return ' s="1"', f"<v>{value}</v>"
    return "", None


@st.composite
def workbooks(draw):
    """(sheet XML, shared strings or None, damage) for one workbook."""
    strings = draw(st.lists(texts, max_size=6))
    bomb = draw(st.integers(0, 10)) == 10
    if bomb:
        strings = strings + ["A" * draw(st.integers(10_000, 2_000_000))]
    use_shared = bomb or draw(st.booleans())
    shared_count = len(strings) if use_shared else 0
    rows_xml = []
    command = draw(st.sampled_from(["institutions", "institutions", "inspectors"]))
    header = draw(st.sampled_from(["good"] * 4 + ["some", "none"]))
    first = 1
    if header != "none":
        known = HEADER if command == "institutions" else INSPECTOR_HEADER
        names = known if header == "good" else draw(st.lists(st.sampled_from(known + ["序号", "备注"]), max_size=6))
        rows_xml.append('<row r="1">' + "".join(
            f'<c r="{column_letters(i + 1)}1" t="inlineStr"><is><t>{n}</t></is></c>' for i, n in enumerate(names))
                        + "</row>")
        first = 2
    n_rows = draw(st.integers(0, 8))
    hostile = draw(st.integers(0, 3)) == 3  # a quarter of the workbooks place rows and cells anywhere
    for r in range(first, first + n_rows):
        row_number = draw(st.one_of(st.just(r), st.integers(1, 1_048_576), st.just(1_048_577))) if hostile else r
        written = []
        wild_row = hostile or draw(st.integers(0, 7)) == 7
        for c in range(1, draw(st.integers(0, 6) if hostile else st.sampled_from([0, 3, 5, 5, 5, 6])) + 1):
            attrs, content = draw(cells(shared_count, wild_row and draw(st.booleans()), c, r, command))
            where = draw(st.sampled_from(["normal", "normal", "far", "none", "odd"])) if hostile else "normal"
            if where == "normal":
                ref = f' r="{column_letters(c)}{row_number}"'
            elif where == "far":
                ref = f' r="{column_letters(draw(st.integers(1, 16_385)))}{draw(st.integers(1, 1_048_577))}"'
            elif where == "none":
                ref = ""
            else:
                odd = draw(st.sampled_from(ODD_REFERENCES))
                ref = f' r="{odd}"'
            written.append(f"<c{ref}{attrs}/>" if content is None else f"<c{ref}{attrs}>{content}</c>")
        if bomb:
            written += [f'<c t="s"><v>{shared_count - 1}</v></c>'] * draw(st.integers(0, 3000))
        rows_xml.append(f'<row r="{row_number}">' + "".join(written) + "</row>")
    dimension = draw(st.sampled_from([None, "A1:E10", "A1:XFD1048576", "A1"] + (["junk", "A0:B"] if hostile else [])))
    sheet = raw_sheet("".join(rows_xml), dimension=dimension)
    shared = None
    if use_shared:
        items = "".join(f"<si><t>{xml_text(s, False)}</t></si>" for s in strings)
        shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                  f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
    damage = None if draw(st.integers(0, 5)) < 5 else draw(st.tuples(
        st.sampled_from(["truncate", "overwrite", "drop", "mangle", "mangle"]), st.floats(0, 1),
        st.one_of(st.binary(min_size=1, max_size=8),
                  st.sampled_from([b'<?xml version="1.0" encoding="foo"?>', b"<!DOCTYPE x [<!ENTITY a 'a'>]>",
                                   b"&a;", b"<", b"\x00", b"\xff\xfe", b"]]>", b'r="XFD1048576"']))))
    options = draw(st.sampled_from([[], [], ["--skip-invalid"], ["--dry-run"]]
                                   + ([["--category", "other"]] if command == "institutions" else [])))
    options = [command] + options
    return sheet, shared, damage, options


def build(path: Path, sheet: str, shared: str | None, damage) -> Path:
    write_raw_xlsx(path, {"名录": sheet}, shared_strings=shared, extra_parts={"xl/styles.xml": STYLES})
    if damage is None:
        return path
    how, where, junk = damage
    data = path.read_bytes()
    at = int(where * (len(data) - 1))
    if how == "truncate":
        path.write_bytes(data[:at])
    elif how == "overwrite":
        path.write_bytes(data[:at] + junk + data[at + len(junk):])
    else:  # drop a part, or mangle one's XML before it is compressed
        with zipfile.ZipFile(path) as z:
            parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        chosen = sorted(parts)[int(where * (len(parts) - 1))]
        if how == "mangle":
            content = parts[chosen]
            cut = int(where * 7919) % (len(content) + 1)
            parts[chosen] = content[:cut] + junk + content[cut + len(junk) // 2:]
        with zipfile.ZipFile(path, "w") as z:
            for name, content in parts.items():
                if how == "mangle" or name != chosen:
                    z.writestr(name, content)
    return path


# --- the database every example starts from ------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A database holding two institutions (closed, so its file is all there is)."""
    from app.cli import main

    folder = tmp_path_factory.mktemp("seed")
    source = write_xlsx(folder / "seed.xlsx", [HEADER[:3], ["甲检测有限公司", CODES[0], "其他"],
                                               ["乙检测有限公司", CODES[1], "机动车"]], text_columns={1})
    database = folder / "seed.sqlite"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--db", str(database), "institutions", "import", str(source)]) == 0
    assert not Path(str(database) + "-wal").exists() or Path(str(database) + "-wal").stat().st_size == 0
    return database


def files_of(database: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in database.parent.iterdir() if p.name.startswith(database.name)}


def import_in_process(database: Path, workbook: Path, options: list[str]) -> tuple[int, str, str]:
    from app.cli import main

    kind, *rest = options
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--db", str(database), kind, "import", str(workbook), "--json", *rest])
    return status, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _case_files(seeded, case):
    """A copy of the seeded database and the generated workbook in a folder of their own; the database's files
    as they were before the import."""
    sheet, shared, damage, _ = case
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = folder / "db.sqlite"
        shutil.copyfile(seeded, database)
        workbook = build(folder / "fuzz.xlsx", sheet, shared, damage)
        yield folder, database, workbook, files_of(database)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large])
@given(workbooks())
def test_every_generated_workbook_is_imported_or_refused_in_words(seeded, case):
    options = case[3]
    with _case_files(seeded, case) as (folder, database, workbook, before):
        status, out, err = import_in_process(database, workbook, options)
        assert status in (0, 1), (status, out, err[-3000:])
        assert "Traceback" not in err
        result = json.loads(out)
        event(f"exit {status}" + (f" {result['error']['problems'][0]['expected'][:12]} {str(result['error']['problems'][0]['value'])[:50]}" if status else ""))
        if status == 1:
            assert result["error"]["code"] == "input_refused", result
            assert result["error"]["problems"] and all(p["file"] for p in result["error"]["problems"]), result
            assert files_of(database) == before
        elif "--dry-run" in options:
            assert files_of(database) == before


@settings(max_examples=max(EXAMPLES // 30, 5), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(workbooks())
def test_generated_workbooks_in_a_subprocess_never_abort(seeded, case):
    options = case[3]
    with _case_files(seeded, case) as (folder, database, workbook, before):
        kind, *rest = options
        done = subprocess.run([sys.executable, "-m", "app", "--db", str(database), kind, "import",
                               str(workbook), "--json", *rest], cwd=REPO_ROOT, env=cli_env(folder / "data"),
                              capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert done.returncode in (0, 1), done
        if done.returncode == 1:
            assert files_of(database) == before
