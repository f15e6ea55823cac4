"""The command line through its real entry point: `app.cli.main` in-process, and `python -m app` in a subprocess.

What is checked is what a script sees: the exit status (0 success, 1 input refused, 2 usage error,
3 integrity), the one JSON object printed with --json (shapes in docs/cli.md) and that nothing is
written when input is refused. Databases are small demo databases (`demo --institutions 40`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app import __version__
from app.cli import main
from tests.cli_helpers import Run, call_main, run_cli, run_qt_free
from tests.xlsx_helpers import read_xlsx, write_xlsx

HUAWEI = "914403001922038216"
ALIBABA = "91330100716105852F"
XIAOMI = "91110108551385082Q"
TENCENT = "9144030071526726XG"
BAD_CHECK = "914403001922038217"  # HUAWEI with the wrong check character (should be 6)

PROBLEM_KEYS = {"file", "sheet", "row", "column", "value", "expected"}
IMPORT_KEYS = {"kind", "file", "rows", "inserted", "updated", "unchanged", "refused", "changes", "dry_run",
               "import_id", "refused_file", "warnings", "refused_problems"}
CREDIT_CODE_KEYS = {"input", "code", "valid", "errors", "warnings", "notes", "expected_check_character"}
FLAGS = ("flag_complaint", "flag_pt_no_show", "flag_stats_missed")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Every test gets its own user data folder, so nothing touches the real profile."""
    folder = tmp_path / "data"
    monkeypatch.setenv("SPOTCHECK_DATA_DIR", str(folder))
    monkeypatch.delenv("SPOTCHECK_PROFILE", raising=False)
    return folder


def _quiet_json(args: list) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([str(a) for a in args]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One demo database for the module, with its institutions and inspectors as `list --json` prints them."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    created = _quiet_json(["--db", path, "demo", "--institutions", "40", "--json"])
    institutions = _quiet_json(["--db", path, "institutions", "list", "--json"])["items"]
    inspectors = _quiet_json(["--db", path, "inspectors", "list", "--json"])["items"]
    return {"path": path, "created": created, "institutions": institutions, "inspectors": inspectors}


@pytest.fixture
def demo_db(template, tmp_path) -> Path:
    """A private copy of the module's demo database."""
    target = tmp_path / "demo.sqlite"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(template["path"]) + suffix)
        if source.exists():
            shutil.copyfile(source, str(target) + suffix)
    return target


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def assert_error(run: Run, status: int, code: str) -> dict:
    """The run failed with `status` and printed the error JSON with `code`; returns the error object."""
    assert run.status == status, run
    data = run.json
    assert set(data) == {"error"}, data
    error = data["error"]
    assert set(error) >= {"code", "message", "problems"}
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    for problem in error["problems"]:
        assert set(problem) >= PROBLEM_KEYS
    assert "Traceback" not in run.stderr
    return error


def a_market_officer(template) -> dict:
    return next(p for p in template["inspectors"] if p["department"] == "market" and p["cert_no"])


# --- workbooks ----------------------------------------------------------------------------

HEADER = ["机构名称", "统一社会信用代码", "机构类别", "所属区县"]


def good_workbook(folder: Path) -> Path:
    rows = [
        ["检验检测机构名录（2025）"],
        HEADER,
        ["大同市甲检测有限公司", HUAWEI, "其他", "平城区"],
        ["大同市乙机动车检测有限公司", ALIBABA, "机动车", "云冈区"],
        ["大同市丙环境监测有限公司", XIAOMI, "生态环境监测机构", "云州区"],
    ]
    return write_xlsx(folder / "good.xlsx", rows, sheet="名录", text_columns={1})


def bad_workbook(folder: Path) -> Path:
    """Rows 4 (wrong check character) and 6 (no name) are bad; the sheet has a title row and a blank row."""
    rows = [
        ["检验检测机构名录（2025）"],  # row 1
        HEADER,  # row 2
        ["大同市甲检测有限公司", HUAWEI, "其他", "平城区"],  # row 3
        ["大同市乙检测有限公司", BAD_CHECK, "其他", "平城区"],  # row 4
        [],  # row 5
        [None, TENCENT, "机动车", "云冈区"],  # row 6
        ["大同市丙检测有限公司", XIAOMI, "机动车检验机构", "云冈区"],  # row 7
    ]
    return write_xlsx(folder / "bad.xlsx", rows, sheet="名录", text_columns={1})


ROSTER = [
    ["执法检查人员名录"],
    ["姓名", "所属部门", "层级", "工作单位", "执法证号", "负责区县", "专业领域"],
    ["张三", "市场监管局", "市级", "市市场监督管理局", "A0001", "平城区、云冈区", "机动车，食品"],
    ["李四", "公安", "县级", "交警大队", "B0002", "云冈区", ""],
    ["王五", "生态环境局", "省级", "省生态环境厅", "C0003", "", "环境监测"],
    ["赵六", "专家", "", "某大学", "", "", "化学、环境监测"],
]


def roster_workbook(folder: Path) -> Path:
    return write_xlsx(folder / "人员.xlsx", ROSTER, text_columns={4})


# --- global options, default database --------------------------------------------------------


def test_version_prints_the_package_version(capsys):
    run = call_main(capsys, ["--version"])
    assert run.status == 0
    assert run.stdout.strip() == f"spotcheck {__version__}"


def test_default_database_is_the_profile_folder_under_the_data_dir(capsys, data_dir, monkeypatch):
    from app.store.database import open_database

    def expected(profile):
        return data_dir / "profiles" / profile / "spotcheck.sqlite"

    # A command that only reads does not create a database: it says where it looked.
    run = call_main(capsys, ["profile", "show", "--json"])
    assert run.status == 1 and run.json["error"]["code"] == "missing_database"
    assert str(expected("default")) in run.json["error"]["message"]
    assert not expected("default").exists()
    for profile in ("default", "kept", "other"):
        open_database(expected(profile)).close()
    assert Path(call_main(capsys, ["profile", "show", "--json"]).json["db"]) == expected("default")
    monkeypatch.setenv("SPOTCHECK_PROFILE", "kept")
    assert Path(call_main(capsys, ["profile", "show", "--json"]).json["db"]) == expected("kept")
    # --profile wins over the environment variable
    assert Path(call_main(capsys, ["--profile", "other", "profile", "show", "--json"]).json["db"]) == \
        expected("other")


def test_demo_without_db_writes_the_demo_profile_in_a_subprocess(tmp_path):
    data = tmp_path / "sub-data"
    run = run_cli(["demo", "--institutions", "5", "--json"], data)
    assert run.status == 0, run
    expected = data / "profiles" / "demo" / "spotcheck.sqlite"
    assert Path(run.json["db"]) == expected and expected.is_file()
    # the steps are told on standard error as they start (it takes 10–30 s); standard output stays one JSON document
    steps = run.stderr.splitlines()
    assert len(steps) >= 4 and all(line.startswith("[") and " s] " in line for line in steps), run.stderr
    assert any("写入机构库和人员库" in line for line in steps) and any("检查任务 1/" in line for line in steps)
    listed = run_cli(["--profile", "demo", "institutions", "list", "--json"], data)
    assert listed.status == 0 and len(listed.json["items"]) == 5


def test_json_may_come_before_or_after_the_subcommand_options(capsys, demo_db, tmp_path):
    book = good_workbook(tmp_path)
    before = call_main(capsys, ["--db", demo_db, "institutions", "import", "--json", book, "--dry-run"])
    after = call_main(capsys, ["--db", demo_db, "institutions", "import", book, "--dry-run", "--json"])
    assert before.status == after.status == 0
    assert before.json == after.json
    assert before.json["dry_run"] is True


def test_json_before_the_command_prints_json(capsys):
    run = call_main(capsys, ["--json", "credit-code", HUAWEI])
    assert run.status == 0
    assert run.json["valid"] is True


# --- credit-code -----------------------------------------------------------------------------


def test_credit_code_valid_codes_exit_0(capsys):
    run = call_main(capsys, ["credit-code", HUAWEI, ALIBABA, "--json"])
    assert run.status == 0, run
    data = run.json
    assert data["valid"] is True
    assert [i["code"] for i in data["items"]] == [HUAWEI, ALIBABA]
    for item in data["items"]:
        assert set(item) == CREDIT_CODE_KEYS
        assert item["valid"] is True and item["errors"] == []
    text = call_main(capsys, ["credit-code", HUAWEI])
    assert text.status == 0 and HUAWEI in text.stdout and "有效" in text.stdout


def test_credit_code_any_invalid_exits_1_and_says_which(capsys):
    full_width = "９１４４０３００１９２２０３８２１６"
    run = call_main(capsys, ["credit-code", full_width, BAD_CHECK, "12345678-9", "--json"])
    assert run.status == 1, run
    data = run.json
    assert data["valid"] is False
    normalised, wrong_check, org_code = data["items"]
    assert normalised["valid"] is True and normalised["code"] == HUAWEI and normalised["input"] == full_width
    assert normalised["notes"]  # says the full-width characters were converted
    assert wrong_check["valid"] is False and wrong_check["expected_check_character"] == "6"
    assert any("6" in e for e in wrong_check["errors"])
    assert org_code["valid"] is False and org_code["errors"]
    text = call_main(capsys, ["credit-code", HUAWEI, BAD_CHECK])
    assert text.status == 1 and "无效" in text.stdout


def test_credit_code_in_a_subprocess(tmp_path):
    good = run_cli(["credit-code", HUAWEI, "--json"], tmp_path / "d")
    assert good.status == 0 and good.json["items"][0]["valid"] is True
    bad = run_cli(["credit-code", HUAWEI, "91350100M000100Y4O", "--json"], tmp_path / "d")
    assert bad.status == 1 and [i["valid"] for i in bad.json["items"]] == [True, False]


# --- demo ------------------------------------------------------------------------------------


def test_demo_creates_a_database_and_refuses_to_overwrite_it(capsys, tmp_path):
    db = tmp_path / "new.sqlite"
    run = call_main(capsys, ["--db", db, "demo", "--institutions", "40", "--json"])
    assert run.status == 0, run
    data = run.json
    assert Path(data["db"]) == db and db.is_file()
    assert data["institutions"] == 40 and data["inspectors"] >= 2
    assert data["role"] == "lead" and data["profile_inspector_id"]
    assert len(call_main(capsys, ["--db", db, "institutions", "list", "--json"]).json["items"]) == 40

    before = sha(db)
    refused = call_main(capsys, ["--db", db, "demo", "--institutions", "10", "--json"])
    error = assert_error(refused, 1, "input_refused")
    assert "--force" in error["message"]
    assert sha(db) == before
    text = call_main(capsys, ["--db", db, "demo"])
    assert text.status == 1 and text.stdout == "" and "--force" in text.stderr

    forced = call_main(capsys, ["--db", db, "demo", "--institutions", "10", "--force", "--json"])
    assert forced.status == 0, forced
    assert len(call_main(capsys, ["--db", db, "institutions", "list", "--json"]).json["items"]) == 10


# --- institutions import ------------------------------------------------------------------------


def test_import_of_a_good_workbook_prints_the_counts(capsys, demo_db, tmp_path):
    run = call_main(capsys, ["--db", demo_db, "institutions", "import", good_workbook(tmp_path), "--json"])
    assert run.status == 0, run
    data = run.json
    assert set(data) == IMPORT_KEYS
    assert data["kind"] == "institutions" and data["file"] == "good.xlsx"
    assert (data["rows"], data["inserted"], data["updated"], data["unchanged"], data["refused"]) == (3, 3, 0, 0, 0)
    assert data["dry_run"] is False and isinstance(data["import_id"], int) and data["refused_file"] is None
    listed = call_main(capsys, ["--db", demo_db, "institutions", "list", "--json"]).json["items"]
    assert len(listed) == 43
    by_code = {i["credit_code"]: i for i in listed}
    assert by_code[ALIBABA]["category"] == "vehicle" and by_code[XIAOMI]["category"] == "eco_env"

    again = call_main(capsys, ["--db", demo_db, "institutions", "import", good_workbook(tmp_path)])
    assert again.status == 0 and "未变 3" in again.stdout


def test_import_of_a_bad_workbook_is_refused_naming_each_cell(capsys, demo_db, tmp_path):
    before = sha(demo_db)
    run = call_main(capsys, ["--db", demo_db, "institutions", "import", bad_workbook(tmp_path), "--json"])
    error = assert_error(run, 1, "input_refused")
    assert "bad.xlsx" in error["message"]
    problems = {p["row"]: p for p in error["problems"]}
    assert set(problems) == {4, 6}  # the sheet's own row numbers (title row 1, header row 2)
    for p in problems.values():
        assert p["file"] == "bad.xlsx" and p["sheet"] == "名录" and p["expected"]
    assert problems[4]["column"].startswith("B") and "统一社会信用代码" in problems[4]["column"]
    assert problems[4]["value"] == BAD_CHECK and "6" in problems[4]["expected"]
    assert problems[6]["column"].startswith("A") and "机构名称" in problems[6]["column"]
    # nothing written, not even the good rows
    assert sha(demo_db) == before
    codes = {i["credit_code"] for i in call_main(capsys, ["--db", demo_db, "institutions", "list", "--json"]).json["items"]}
    assert HUAWEI not in codes and XIAOMI not in codes
    assert not [p for p in tmp_path.iterdir() if "未导入" in p.name]

    text = call_main(capsys, ["--db", demo_db, "institutions", "import", bad_workbook(tmp_path)])
    assert text.status == 1 and text.stdout == ""
    assert "第 4 行" in text.stderr and "第 6 行" in text.stderr and "bad.xlsx" in text.stderr


def test_import_of_a_missing_or_unreadable_file_is_refused(capsys, demo_db, tmp_path):
    assert_error(call_main(capsys, ["--db", demo_db, "institutions", "import", tmp_path / "无.xlsx", "--json"]),
                 1, "input_refused")
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    error = assert_error(call_main(capsys, ["--db", demo_db, "institutions", "import", junk, "--json"]),
                         1, "input_refused")
    assert error["problems"][0]["file"] == "junk.xlsx"


def test_dry_run_counts_and_writes_nothing(capsys, demo_db, tmp_path):
    before = sha(demo_db)
    run = call_main(capsys, ["--db", demo_db, "institutions", "import", good_workbook(tmp_path), "--dry-run", "--json"])
    assert run.status == 0, run
    data = run.json
    assert data["dry_run"] is True and data["inserted"] == 3 and data["import_id"] is None
    assert sha(demo_db) == before
    assert len(call_main(capsys, ["--db", demo_db, "institutions", "list", "--json"]).json["items"]) == 40
    text = call_main(capsys, ["--db", demo_db, "institutions", "import", good_workbook(tmp_path), "--dry-run"])
    assert text.status == 0 and "未写入" in text.stdout


def test_skip_invalid_imports_the_good_rows_and_writes_the_refused_ones(capsys, demo_db, tmp_path):
    run = call_main(capsys, ["--db", demo_db, "institutions", "import", bad_workbook(tmp_path), "--skip-invalid",
                             "--json"])
    assert run.status == 0, run
    data = run.json
    assert (data["rows"], data["inserted"], data["refused"]) == (4, 2, 2)
    assert {p["row"] for p in data["refused_problems"]} == {4, 6}
    assert all(set(p) >= PROBLEM_KEYS for p in data["refused_problems"])
    refused = Path(data["refused_file"])
    assert refused.is_file() and refused.parent == tmp_path and refused.suffix == ".xlsx"
    rows = read_xlsx(refused)
    assert rows[0][:3] == ["工作表", "原行号", "未导入原因"]
    assert sorted(r[1] for r in rows[1:]) == [4, 6]
    codes = {i["credit_code"] for i in call_main(capsys, ["--db", demo_db, "institutions", "list", "--json"]).json["items"]}
    assert {HUAWEI, XIAOMI} <= codes and TENCENT not in codes


def test_skip_invalid_with_dry_run_writes_no_refused_file(capsys, demo_db, tmp_path):
    run = call_main(capsys, ["--db", demo_db, "institutions", "import", bad_workbook(tmp_path), "--skip-invalid",
                             "--dry-run", "--json"])
    assert run.status == 0 and run.json["refused"] == 2 and run.json["refused_file"] is None
    assert not [p for p in tmp_path.iterdir() if "未导入" in p.name]


@pytest.mark.parametrize("json_flag", [True, False])
def test_dry_run_of_a_bad_workbook_is_refused_naming_each_cell_and_writes_nothing(capsys, demo_db, tmp_path,
                                                                                 json_flag):
    """--dry-run checks like a real import: the same refusal (exit 1, every bad cell), and nothing written."""
    before, files = sha(demo_db), sorted(p.name for p in tmp_path.iterdir())
    args = ["--db", demo_db, "institutions", "import", bad_workbook(tmp_path), "--dry-run"]
    run = call_main(capsys, args + (["--json"] if json_flag else []))
    if json_flag:
        error = assert_error(run, 1, "input_refused")
        assert [(p["file"], p["sheet"], p["row"], p["column"], p["value"]) for p in error["problems"]] == [
            ("bad.xlsx", "名录", 4, "B（统一社会信用代码）", BAD_CHECK),
            ("bad.xlsx", "名录", 6, "A（机构名称）", None),
        ]
        assert "6" in error["problems"][0]["expected"]  # the right check character
    else:
        assert run.status == 1 and run.stdout == "" and "Traceback" not in run.stderr
        assert "第 4 行" in run.stderr and "第 6 行" in run.stderr and BAD_CHECK in run.stderr
        assert "未写入" not in run.stderr
    assert sha(demo_db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files + ["bad.xlsx"])  # no refused-rows file
    codes = {i["credit_code"] for i in call_main(capsys, ["--db", demo_db, "institutions", "list", "--json"]).json["items"]}
    assert HUAWEI not in codes and XIAOMI not in codes and len(codes) == 40


def test_dry_run_of_a_bad_roster_is_refused_and_writes_nothing(capsys, demo_db, tmp_path):
    rows = [ROSTER[1], ["甲", "公安", "", "", "A1", "", ""], ["乙", "公安", "", "", "A1", "", ""]]
    book = write_xlsx(tmp_path / "dup.xlsx", rows, text_columns={4})
    before = sha(demo_db)
    error = assert_error(call_main(capsys, ["--db", demo_db, "inspectors", "import", book, "--dry-run", "--json"]),
                         1, "input_refused")
    assert [(p["file"], p["row"]) for p in error["problems"]] == [("dup.xlsx", 3)]
    assert sha(demo_db) == before


def test_file_wide_category_for_a_sheet_without_a_category_column(capsys, demo_db, tmp_path):
    book = write_xlsx(tmp_path / "无类别.xlsx", [["机构名称", "统一社会信用代码"], ["大同市甲检测有限公司", HUAWEI]],
                      text_columns={1})
    refused = call_main(capsys, ["--db", demo_db, "institutions", "import", book, "--json"])
    assert_error(refused, 1, "input_refused")
    run = call_main(capsys, ["--db", demo_db, "institutions", "import", book, "--category", "vehicle", "--json"])
    assert run.status == 0 and run.json["inserted"] == 1
    shown = call_main(capsys, ["--db", demo_db, "institutions", "show", HUAWEI, "--json"]).json
    assert shown["category"] == "vehicle"


# --- institutions export, round trip -------------------------------------------------------------


def test_export_then_reimport_changes_nothing(capsys, demo_db, tmp_path):
    """Once a registry has come in through a workbook, exporting and re-importing it is a no-op."""
    first = tmp_path / "first.xlsx"
    assert call_main(capsys, ["--db", demo_db, "institutions", "export", first]).status == 0
    assert call_main(capsys, ["--db", demo_db, "institutions", "import", first]).status == 0
    out = tmp_path / "机构库.xlsx"
    run = call_main(capsys, ["--db", demo_db, "institutions", "export", out, "--json"])
    assert run.status == 0, run
    assert run.json == {"file": str(out), "rows": 40}
    back = call_main(capsys, ["--db", demo_db, "institutions", "import", out, "--json"]).json
    assert (back["rows"], back["unchanged"], back["inserted"], back["updated"], back["changes"]) == (40, 40, 0, 0, 0)


def test_export_of_the_demo_registry_reimports_unchanged(capsys, demo_db, tmp_path):
    out = tmp_path / "机构库.xlsx"
    assert call_main(capsys, ["--db", demo_db, "institutions", "export", out]).status == 0
    back = call_main(capsys, ["--db", demo_db, "institutions", "import", out, "--json"]).json
    assert (back["unchanged"], back["updated"]) == (40, 0)


def test_chinese_punctuation_in_notes_is_kept(capsys, demo_db, tmp_path):
    note = "甲，乙；丙（丁）"
    book = write_xlsx(tmp_path / "备注.xlsx", [HEADER + ["备注"], ["大同市甲检测有限公司", HUAWEI, "其他", "平城区", note]],
                      text_columns={1})
    assert call_main(capsys, ["--db", demo_db, "institutions", "import", book]).status == 0
    assert call_main(capsys, ["--db", demo_db, "institutions", "show", HUAWEI, "--json"]).json["notes"] == note


def test_export_into_a_missing_folder_is_not_a_traceback(capsys, demo_db, tmp_path):
    target = tmp_path / "没有的文件夹" / "机构库.xlsx"
    try:
        run = call_main(capsys, ["--db", demo_db, "institutions", "export", target, "--json"])
    except Exception as exc:  # what the console script would show as a traceback
        pytest.fail(f"traceback: {exc!r}")
    if run.status == 0:
        assert target.is_file()
    else:
        assert_error(run, 1, "input_refused")


# --- institutions list / show ----------------------------------------------------------------------


def _some_but_not_all(names: list[str], size: int) -> str:
    """A substring of `size` characters found in some names but not all (first such, in name order)."""
    for name in names:
        for start in range(len(name) - size + 1):
            query = name[start:start + size]
            if 0 < sum(query in n for n in names) < len(names):
                return query
    raise AssertionError(f"no {size}-character query narrows the list")


def test_list_items_each_have_an_id(template, capsys, demo_db):
    run = call_main(capsys, ["--db", demo_db, "institutions", "list", "--json"])
    assert run.status == 0 and set(run.json) == {"items"}
    items = run.json["items"]
    assert len(items) == 40
    assert all(i["id"] for i in items) and len({i["id"] for i in items}) == 40
    for item in items:
        assert set(item) >= {"id", "name", "credit_code", "category", "district", "cma_cert_no", "cma_expires_on",
                             "risk_class", *FLAGS}
        assert all(isinstance(item[f], bool) for f in FLAGS)
    text = call_main(capsys, ["--db", demo_db, "institutions", "list"])
    assert text.status == 0 and "共 40 个机构" in text.stdout


@pytest.mark.parametrize("size", [1, 2])
def test_search_with_one_and_two_chinese_characters(template, capsys, demo_db, size):
    names = [i["name"] for i in template["institutions"]]
    query = _some_but_not_all(names, size)
    assert all("\u4e00" <= c <= "\u9fff" for c in query), query
    run = call_main(capsys, ["--db", demo_db, "institutions", "list", "--search", query, "--json"])
    assert run.status == 0
    found = [i["name"] for i in run.json["items"]]
    assert sorted(found) == sorted(n for n in names if query in n)


def test_search_by_part_of_a_credit_code_ignores_case(template, capsys, demo_db):
    code = template["institutions"][0]["credit_code"]
    run = call_main(capsys, ["--db", demo_db, "institutions", "list", "--search", code[-6:].lower(), "--json"])
    assert code in {i["credit_code"] for i in run.json["items"]}


@pytest.mark.parametrize("option, value, keep", [
    ("--category", "vehicle", lambda i: i["category"] == "vehicle"),
    ("--category", "eco_env", lambda i: i["category"] == "eco_env"),
    ("--priority", None, lambda i: any(i[f] for f in FLAGS)),
    ("--risk-class", "A", lambda i: i["risk_class"] == "A"),
    ("--risk-class", "none", lambda i: i["risk_class"] is None),
])
def test_filters_narrow_the_list(template, capsys, demo_db, option, value, keep):
    everything = template["institutions"]
    expected = [i["id"] for i in everything if keep(i)]
    assert 0 < len(expected) < len(everything)
    args = ["--db", demo_db, "institutions", "list", option] + ([value] if value else []) + ["--json"]
    run = call_main(capsys, args)
    assert run.status == 0
    assert sorted(i["id"] for i in run.json["items"]) == sorted(expected)


def test_district_filter_and_combined_filters(template, capsys, demo_db):
    everything = template["institutions"]
    district = everything[0]["district"]
    in_district = sorted(i["id"] for i in everything if i["district"] == district)
    assert 0 < len(in_district) < len(everything)
    run = call_main(capsys, ["--db", demo_db, "institutions", "list", "--district", district, "--json"])
    assert sorted(i["id"] for i in run.json["items"]) == in_district
    both = call_main(capsys, ["--db", demo_db, "institutions", "list", "--district", district, "--category", "other",
                              "--json"])
    assert sorted(i["id"] for i in both.json["items"]) == sorted(
        i["id"] for i in everything if i["district"] == district and i["category"] == "other")
    limited = call_main(capsys, ["--db", demo_db, "institutions", "list", "--limit", "3", "--json"])
    assert [i["id"] for i in limited.json["items"]] == [i["id"] for i in everything[:3]]


def test_show_by_credit_code_and_by_id(template, capsys, demo_db):
    first = template["institutions"][0]
    by_code = call_main(capsys, ["--db", demo_db, "institutions", "show", first["credit_code"], "--json"])
    assert by_code.status == 0, by_code
    data = by_code.json
    assert data["id"] == first["id"] and data["name"] == first["name"] and data["changes"] == []
    assert isinstance(data["signatories"], list)
    by_id = call_main(capsys, ["--db", demo_db, "institutions", "show", first["id"], "--json"])
    assert by_id.json == data
    text = call_main(capsys, ["--db", demo_db, "institutions", "show", first["credit_code"]])
    assert text.status == 0 and first["name"] in text.stdout


def test_show_lists_the_changes_made_by_an_import(capsys, demo_db, tmp_path):
    book = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["大同市甲检测有限公司", HUAWEI, "其他", "平城区"]], text_columns={1})
    assert call_main(capsys, ["--db", demo_db, "institutions", "import", book]).status == 0
    book = write_xlsx(tmp_path / "b.xlsx", [HEADER, ["大同市甲检测有限公司", HUAWEI, "其他", "云冈区"]], text_columns={1})
    assert call_main(capsys, ["--db", demo_db, "institutions", "import", book]).status == 0
    changes = call_main(capsys, ["--db", demo_db, "institutions", "show", HUAWEI, "--json"]).json["changes"]
    assert [(c["field"], c["old_value"], c["new_value"], c["file"]) for c in changes] == \
        [("district", "平城区", "云冈区", "b.xlsx")]
    assert set(changes[0]) == {"at", "field", "old_value", "new_value", "file"}


@pytest.mark.parametrize("limit", ["-1", "-40"])
def test_a_negative_limit_is_a_usage_error(capsys, demo_db, limit):
    run = call_main(capsys, ["--db", demo_db, "institutions", "list", "--limit", limit])
    assert run.status == 2, run
    assert "--limit" in run.stderr and "0 或正整数" in run.stderr
    assert_error(call_main(capsys, ["--db", demo_db, "institutions", "list", "--limit", limit, "--json"]), 2, "usage")


def test_limit_zero_lists_everything(template, capsys, demo_db):
    run = call_main(capsys, ["--db", demo_db, "institutions", "list", "--limit", "0", "--json"])
    assert len(run.json["items"]) == 40


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_show_finds_a_credit_code_typed_in_full_width_or_lower_case(template, capsys, demo_db):
    first = template["institutions"][0]
    code = first["credit_code"]
    for typed in (full_width(code), code.lower(), f" {code[:9]} {code[9:]} ", full_width(code.lower())):
        run = call_main(capsys, ["--db", demo_db, "institutions", "show", typed, "--json"])
        assert run.status == 0, (typed, run)
        assert run.json["id"] == first["id"]


def test_skip_invalid_on_a_full_disk_exits_1_and_imports_nothing(capsys, demo_db, tmp_path, monkeypatch):
    import errno

    import app.services.registry as service

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    before = sha(demo_db)
    monkeypatch.setattr(service, "write_workbook", disk_full)
    run = call_main(capsys, ["--db", demo_db, "institutions", "import", bad_workbook(tmp_path), "--skip-invalid",
                             "--json"])
    assert_error(run, 1, "disk_full")
    assert sha(demo_db) == before
    codes = {i["credit_code"] for i in call_main(capsys, ["--db", demo_db, "institutions", "list", "--json"]).json["items"]}
    assert HUAWEI not in codes and XIAOMI not in codes


def test_show_of_an_unknown_institution_is_not_found(capsys, demo_db):
    error = assert_error(call_main(capsys, ["--db", demo_db, "institutions", "show", HUAWEI, "--json"]),
                         1, "not_found")
    assert HUAWEI in error["message"]


# --- inspectors ---------------------------------------------------------------------------------


def test_inspectors_import_list_show(capsys, tmp_path):
    db = tmp_path / "people.sqlite"
    book = roster_workbook(tmp_path)
    run = call_main(capsys, ["--db", db, "inspectors", "import", book, "--json"])
    assert run.status == 0, run
    data = run.json
    assert set(data) == IMPORT_KEYS and data["kind"] == "inspectors"
    assert (data["rows"], data["inserted"], data["refused"]) == (4, 4, 0)

    items = call_main(capsys, ["--db", db, "inspectors", "list", "--json"]).json["items"]
    assert sorted(i["name"] for i in items) == ["张三", "李四", "王五", "赵六"]
    assert all(i["id"] for i in items)
    by_name = {i["name"]: i for i in items}
    assert by_name["张三"]["department"] == "market" and by_name["张三"]["level"] == "city"
    assert by_name["张三"]["districts"] == ["平城区", "云冈区"] and by_name["赵六"]["department"] == "expert"
    police = call_main(capsys, ["--db", db, "inspectors", "list", "--department", "police", "--json"]).json["items"]
    assert [i["name"] for i in police] == ["李四"]
    found = call_main(capsys, ["--db", db, "inspectors", "list", "--search", "生态", "--json"]).json["items"]
    assert [i["name"] for i in found] == ["王五"]

    shown = call_main(capsys, ["--db", db, "inspectors", "show", "A0001", "--json"])
    assert shown.status == 0 and shown.json["name"] == "张三" and shown.json["id"] == by_name["张三"]["id"]
    assert shown.json["changes"] == []
    assert call_main(capsys, ["--db", db, "inspectors", "show", by_name["赵六"]["id"], "--json"]).json["name"] == "赵六"
    assert_error(call_main(capsys, ["--db", db, "inspectors", "show", "Z9999", "--json"]), 1, "not_found")

    again = call_main(capsys, ["--db", db, "inspectors", "import", book, "--json"]).json
    assert (again["unchanged"], again["inserted"]) == (4, 0)


def test_inspectors_import_refuses_an_unknown_department(capsys, tmp_path):
    db = tmp_path / "people.sqlite"
    rows = [ROSTER[1], ["张三", "市场监管局", "市级", "某局", "A0001", "", ""], ["李四", "海关", "", "某关", "B2", "", ""]]
    error = assert_error(call_main(capsys, ["--db", db, "inspectors", "import", write_xlsx(tmp_path / "r.xlsx", rows),
                                            "--json"]), 1, "input_refused")
    assert [(p["row"], p["column"][0], p["value"]) for p in error["problems"]] == [(3, "B", "海关")]


def test_inspectors_export_then_reimport(capsys, demo_db, tmp_path):
    first, out = tmp_path / "first.xlsx", tmp_path / "人员库.xlsx"
    assert call_main(capsys, ["--db", demo_db, "inspectors", "export", first]).status == 0
    assert call_main(capsys, ["--db", demo_db, "inspectors", "import", first]).status == 0
    run = call_main(capsys, ["--db", demo_db, "inspectors", "export", out, "--json"])
    assert run.status == 0 and run.json["file"] == str(out) and run.json["rows"] >= 2
    back = call_main(capsys, ["--db", demo_db, "inspectors", "import", out, "--json"]).json
    assert back["unchanged"] == run.json["rows"] and back["updated"] == 0


# --- profile ------------------------------------------------------------------------------------


def test_profile_set_then_show(template, capsys, demo_db):
    officer = a_market_officer(template)
    run = call_main(capsys, ["--db", demo_db, "profile", "set", "--inspector", officer["cert_no"], "--role", "lead",
                             "--json"])
    assert run.status == 0, run
    assert run.json["inspector"]["id"] == officer["id"] and run.json["role"] == "lead"
    shown = call_main(capsys, ["--db", demo_db, "profile", "show", "--json"])
    assert shown.status == 0
    data = shown.json
    assert set(data) == {"db", "device_id", "role", "inspector"}
    assert Path(data["db"]) == demo_db and data["device_id"]
    assert data["role"] == "lead"
    assert data["inspector"]["id"] == officer["id"] and data["inspector"]["cert_no"] == officer["cert_no"]
    assert call_main(capsys, ["--db", demo_db, "profile", "set", "--inspector", officer["id"], "--role",
                              "inspector", "--json"]).json["role"] == "inspector"
    text = call_main(capsys, ["--db", demo_db, "profile", "show"])
    assert officer["name"] in text.stdout and "检查人员" in text.stdout


def test_profile_of_a_fresh_database_has_no_inspector(capsys, tmp_path):
    from app.store.database import open_database

    open_database(tmp_path / "fresh.sqlite").close()
    data = call_main(capsys, ["--db", tmp_path / "fresh.sqlite", "profile", "show", "--json"]).json
    assert data["inspector"] is None and data["role"] == "inspector"


def test_profile_set_unknown_inspector_is_refused(capsys, demo_db):
    before = sha(demo_db)
    error = assert_error(call_main(capsys, ["--db", demo_db, "profile", "set", "--inspector", "NO-SUCH", "--json"]),
                         1, "input_refused")
    assert error["problems"][0]["value"] == "NO-SUCH"
    assert sha(demo_db) == before


# --- checklist ----------------------------------------------------------------------------------


def test_checklist_show_json_has_the_18_items_with_their_methods(capsys):
    run = call_main(capsys, ["checklist", "show", "--json"])
    assert run.status == 0, run
    data = run.json
    assert data["version"] == "2025" and data["title"]
    items = data["items"]
    assert [i["number"] for i in items] == list(range(1, 19))
    for item in items:
        assert set(item) == {"number", "content", "method", "answers_printed", "legal_basis"}
        assert item["content"].strip() and item["method"].strip()
    assert [a["code"] for a in data["answers"]] == ["problem", "no_problem", "na"]
    assert call_main(capsys, ["checklist", "show", "--version", "2025", "--json"]).json == data
    text = call_main(capsys, ["checklist", "show"])
    assert text.status == 0 and "共 18 项" in text.stdout


def test_checklist_of_an_unknown_version_exits_1(capsys):
    error = assert_error(call_main(capsys, ["checklist", "show", "--version", "1999", "--json"]), 1, "not_found")
    assert "1999" in error["message"] and "2025" in error["message"]
    text = call_main(capsys, ["checklist", "show", "--version", "1999"])
    assert text.status == 1 and "1999" in text.stderr


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["no-such-command"],
    ["institutions"],
    ["institutions", "show"],
    ["credit-code"],
    ["profile", "set"],
    ["institutions", "list", "--category", "food"],
    ["demo", "--institutions", "many"],
])
def test_usage_errors_exit_2(capsys, args):
    run = call_main(capsys, args)
    assert run.status == 2, run
    assert "usage" in run.stderr


def test_usage_error_with_json_prints_the_error_json_in_a_subprocess(tmp_path):
    unknown = run_cli(["no-such-command", "--json"], tmp_path / "d")
    error = assert_error(unknown, 2, "usage")
    assert "no-such-command" in error["message"]
    missing = run_cli(["institutions", "show", "--json"], tmp_path / "d")
    assert_error(missing, 2, "usage")
    plain = run_cli(["no-such-command"], tmp_path / "d")
    assert plain.status == 2 and plain.stdout == "" and "usage" in plain.stderr


def test_usage_error_with_json_in_process(capsys):
    run = call_main(capsys, ["no-such-command", "--json"])
    assert run.status == 2
    assert run.json["error"]["code"] == "usage"


# --- integrity: files that are not (usable) databases ------------------------------------------------


def test_a_file_that_is_not_a_database_exits_3(capsys, tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库\n", encoding="utf-8")
    before = sha(path)
    error = assert_error(call_main(capsys, ["--db", path, "institutions", "list", "--json"]), 3, "not_a_database")
    assert str(path) in error["message"]
    assert sha(path) == before
    text = call_main(capsys, ["--db", path, "institutions", "list"])
    assert text.status == 3 and text.stdout == "" and text.stderr.strip()


def test_a_workbook_passed_as_the_database_exits_3_in_a_subprocess(tmp_path):
    book = good_workbook(tmp_path)
    before = sha(book)
    run = run_cli(["--db", book, "profile", "show", "--json"], tmp_path / "d")
    assert_error(run, 3, "not_a_database")
    assert sha(book) == before


def test_a_newer_database_exits_3_unchanged(capsys, demo_db):
    conn = sqlite3.connect(demo_db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
                 ("spotcheck", "m999_from_the_future", "2030-01-01 00:00:00"))
    conn.commit()
    conn.close()
    before = sha(demo_db)
    error = assert_error(call_main(capsys, ["--db", demo_db, "institutions", "list", "--json"]), 3, "newer_database")
    assert "m999_from_the_future" in error["message"]
    assert sha(demo_db) == before


def test_a_folder_passed_as_the_database_exits_3(tmp_path):
    run = run_cli(["--db", tmp_path, "institutions", "list", "--json"], tmp_path / "d")
    assert run.status == 3, run
    assert run.json["error"]["code"]


# --- never imports Qt ---------------------------------------------------------------------------


QT_FREE_COMMANDS = [
    (["institutions", "list", "--json"], 0),
    (["institutions", "list", "--search", "检测", "--priority", "--json"], 0),
    (["institutions", "show", "{code}", "--json"], 0),
    (["institutions", "export", "{tmp}/out.xlsx", "--json"], 0),
    (["institutions", "import", "{good}", "--dry-run", "--json"], 0),
    (["institutions", "import", "{good}", "--json"], 0),
    (["institutions", "import", "{bad}", "--json"], 1),
    (["institutions", "import", "{bad}", "--skip-invalid", "--json"], 0),
    (["inspectors", "list", "--json"], 0),
    (["inspectors", "show", "{cert}", "--json"], 0),
    (["inspectors", "export", "{tmp}/people.xlsx", "--json"], 0),
    (["inspectors", "import", "{roster}", "--json"], 0),
    (["profile", "show", "--json"], 0),
    (["profile", "set", "--inspector", "{cert}", "--role", "lead", "--json"], 0),
    (["checklist", "show", "--json"], 0),
    (["credit-code", HUAWEI, "--json"], 0),
    (["credit-code", BAD_CHECK, "--json"], 1),
    (["demo", "--json"], 1),  # refuses to overwrite the database
    (["no-such-command", "--json"], 2),
]


@pytest.mark.parametrize("args, status", QT_FREE_COMMANDS, ids=lambda a: " ".join(a) if isinstance(a, list) else None)
def test_the_cli_never_imports_qt(template, demo_db, tmp_path, args, status):
    facts = {"code": template["institutions"][0]["credit_code"], "cert": a_market_officer(template)["cert_no"],
             "tmp": str(tmp_path), "good": "", "bad": "", "roster": ""}
    if "{good}" in args:
        facts["good"] = str(good_workbook(tmp_path))
    if "{bad}" in args:
        facts["bad"] = str(bad_workbook(tmp_path))
    if "{roster}" in args:
        facts["roster"] = str(roster_workbook(tmp_path))
    argv = ["--db", str(demo_db)] + [a.format(**facts) for a in args]
    run = run_qt_free(argv, tmp_path / "d")
    assert run.status == status, run
    assert "Traceback" not in run.stderr
    json.loads(run.stdout)  # one JSON object, success or error


def test_demo_never_imports_qt(tmp_path):
    run = run_qt_free(["--db", tmp_path / "new.sqlite", "demo", "--institutions", "5", "--json"], tmp_path / "d")
    assert run.status == 0, run
    assert run.json["institutions"] == 5


def test_a_defect_still_prints_one_json_object_and_exits_4(capsys, monkeypatch):
    from app.cli import build_parser

    def broken(ctx):
        raise RuntimeError("boom")

    real = build_parser

    def patched():
        parser = real()
        for action in parser._subparsers._group_actions:
            action.choices["checklist"]._subparsers._group_actions[0].choices["show"].set_defaults(handler=broken)
        return parser

    monkeypatch.setattr("app.cli.build_parser", patched)
    run = call_main(capsys, ["checklist", "show", "--json"])
    assert run.status == 4
    assert run.json["error"]["code"] == "internal" and "RuntimeError: boom" in run.json["error"]["message"]
    text = call_main(capsys, ["checklist", "show"])
    assert text.status == 4 and text.stderr.startswith("出现了意外错误") and "Traceback" in text.stderr


def test_an_inspector_is_found_by_a_certificate_number_typed_in_full_width(tmp_path, capsys):
    # found by attack: a Chinese input method types full-width digits
    from app.cli import main

    db = tmp_path / "demo.sqlite"
    assert main(["--db", str(db), "demo", "--institutions", "20", "--json"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "inspectors", "list", "--json"]) == 0
    person = next(p for p in json.loads(capsys.readouterr().out)["items"] if p["cert_no"])
    typed = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in person["cert_no"])
    assert typed != person["cert_no"]
    assert main(["--db", str(db), "inspectors", "show", f" {typed} ", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == person["id"]


@pytest.mark.parametrize("name", ["../../etc", "a/b", "..", "con", "名" * 65])
def test_a_profile_name_that_is_not_one_folder_name_is_a_usage_error(tmp_path, monkeypatch, capsys, name):
    # found by attack: --profile ../../etc resolved outside the profiles folder
    from app.cli import main

    monkeypatch.setenv("SPOTCHECK_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(SystemExit) as exit_:
        main(["--profile", name, "demo", "--json"])
    assert exit_.value.code == 2
    assert "配置名" in json.loads(capsys.readouterr().out)["error"]["message"]
    assert not (tmp_path / "data").exists() and not (tmp_path / "etc").exists()


@pytest.mark.parametrize("column,value", [("signatories", "["), ("signatories", '{"a": 1}'),
                                          ("cma_expires_on", "x")])
def test_a_registry_value_spotcheck_never_writes_is_an_integrity_failure(tmp_path, capsys, column, value):
    # found by attack: a '[' planted in a list column made `institutions show` and `task show` exit 4
    import sqlite3

    from app.cli import main

    db = tmp_path / "demo.sqlite"
    assert main(["--db", str(db), "demo", "--institutions", "20"]) == 0
    conn = sqlite3.connect(db, isolation_level=None)
    code = conn.execute("SELECT credit_code FROM institutions LIMIT 1").fetchone()[0]
    conn.execute(f"UPDATE institutions SET {column} = ? WHERE credit_code = ?", [value, code])
    conn.close()
    capsys.readouterr()
    assert main(["--db", str(db), "institutions", "show", code, "--json"]) == 3
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["problems"][0]["column"] == column
