"""Importing and exporting the two registries, the way a user does it (app.services.registry)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.domain.credit_code import complete
from app.domain.problems import InputRefused, Severity
from app.domain.registry import Category, Department, Institution, Level, RiskClass
from app.exchange.registry_headers import INSTITUTION_HEADERS
from app.services.registry import (
    ImportOptions,
    export_inspectors,
    export_institutions,
    import_inspectors,
    import_institutions,
)
from app.store.database import open_database
from app.store.registry import all_inspectors, all_institutions, changes_of, get_inspector, get_institution
from tests.xlsx_helpers import read_cells, read_xlsx, write_xlsx

HUAWEI = "914403001922038216"
TENCENT = "9144030071526726XG"
ALIBABA = "91330100716105852F"
XIAOMI = "91110108551385082Q"
MOUTAI = "91520000214434146R"
EXAMPLE = "91350100M000100Y43"
# A well-formed code whose embedded GB 11714 organisation code has the wrong check character.
ORG_BAD = complete("9144030019220382" + "2")

BASIC = ["机构名称", "统一社会信用代码", "机构类别"]

SEED_HEADERS = [
    "法人单位名称（必须与营业执照\n或法人证书一致）", "单位地址", "组织机构代码\n/社会信用代码", "法定代表人",
    "法定代表人\n联系电话", "联系人", "联系电话", "被授权机构名称", "证书\n编号", "发证机关\n名称", "批准\n日期",
    "有效\n日期", "最高\n管理者", "最高管理者\n联系电话", "技术\n负责人", "授权\n签字人",
]


def sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def db_fingerprint(db, tmp_path: Path) -> tuple:
    main = tmp_path / "db.sqlite"
    wal = tmp_path / "db.sqlite-wal"
    return sha(main), sha(wal), "\n".join(db.conn.iterdump())


def institutions_by_code(db) -> dict[str, Institution]:
    return {i.credit_code: i for i in all_institutions(db)}


def count(db, table: str) -> int:
    return db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- header variants --------------------------------------------------------------------


def test_seed_table_headers_import_with_a_file_wide_category(db, tmp_path):
    rows = [
        ["2025年检验检测机构自查表——基本信息"],
        SEED_HEADERS,
        ["深圳华测检测有限公司", "深圳市龙岗区坂田", HUAWEI, "任某", "13800000001", "张联系", "0755-12345678",
         "华测实验室", "191912050001", "广东省市场监督管理局", "2019-05-01", "2025年4月30日", "李最高",
         "13900000002", "王技术", "张三、李四，王五"],
        [None] * 16,
        ["杭州某检测有限公司", "杭州市西湖区", ALIBABA, "马某", "", "", "", "", "111112050002", "浙江省市场监督管理局",
         date(2020, 1, 2), date(2026, 1, 1), "", "", "", "赵六"],
        ["注：本表由机构填写，信息须与营业执照一致。"],
    ]
    path = write_xlsx(tmp_path / "自查表.xlsx", rows, text_columns={2, 4, 6, 8, 13})
    report = import_institutions(db, path, ImportOptions(category=Category.OTHER))
    assert (report.rows, report.inserted, report.refused) == (2, 2, 0)

    stored = institutions_by_code(db)
    a = stored[HUAWEI]
    assert a.name == "深圳华测检测有限公司"
    assert a.category is Category.OTHER
    assert a.address == "深圳市龙岗区坂田"
    assert a.legal_rep == "任某"
    assert a.legal_rep_phone == "13800000001"
    assert a.contact == "张联系"
    assert a.contact_phone == "0755-12345678"
    assert a.authorized_name == "华测实验室"
    assert a.cma_cert_no == "191912050001"
    assert a.cma_issuer == "广东省市场监督管理局"
    assert a.cma_approved_on == date(2019, 5, 1)
    assert a.cma_expires_on == date(2025, 4, 30)
    assert a.top_manager == "李最高"
    assert a.top_manager_phone == "13900000002"
    assert a.tech_lead == "王技术"
    assert a.signatories == ["张三", "李四", "王五"]
    b = stored[ALIBABA]
    assert b.cma_approved_on == date(2020, 1, 2)
    assert b.cma_expires_on == date(2026, 1, 1)
    assert b.signatories == ["赵六"]
    # the notes row below the data is reported, not imported
    assert any(p.row == 6 and p.severity is Severity.NOTICE for p in report.warnings)


HEADER_VARIANTS = [
    ("name", ["机构名称", "单位名称", "法人单位名称"], "某检测公司", "某检测公司"),
    ("credit_code", ["统一社会信用代码", "社会信用代码"], XIAOMI, XIAOMI),
    ("address", ["单位地址", "地址"], "北京市海淀区", "北京市海淀区"),
    ("district", ["所属区县", "区县"], "海淀区", "海淀区"),
    ("cma_expires_on", ["有效日期", "有效期至"], "2027-06-30", date(2027, 6, 30)),
]


@pytest.mark.parametrize("field, header, cell, expected", [
    (field, header, cell, expected) for field, headers, cell, expected in HEADER_VARIANTS for header in headers
])
def test_header_variants_map_to_the_same_field(db, tmp_path, field, header, cell, expected):
    names = {"name": "机构名称", "credit_code": "统一社会信用代码", "category": "机构类别"}
    base = {"name": "某检测公司", "credit_code": XIAOMI, "category": "其他"}
    columns = [header if f == field else names[f] for f in names]
    values = [cell if f == field else base[f] for f in names]
    if field not in names:
        columns.append(header)
        values.append(cell)
    report = import_institutions(db, write_xlsx(tmp_path / "v.xlsx", [columns, values]))
    assert report.inserted == 1
    assert not [p for p in report.warnings if p.severity is Severity.NOTICE and p.value == header]
    assert getattr(get_institution(db, XIAOMI), field) == expected


def test_title_row_blank_rows_and_notes_row_are_handled(db, tmp_path):
    rows = [
        ["2025年度检验检测机构名录"],
        [],
        BASIC + ["单位地址"],
        ["甲", HUAWEI, "其他", "地址甲"],
        [],
        [None, None, None, None],
        ["乙", TENCENT, "其他", "地址乙"],
        [],
        ["注：本名录截至2025年6月30日。"],
    ]
    report = import_institutions(db, write_xlsx(tmp_path / "名录.xlsx", rows))
    assert (report.rows, report.inserted, report.refused) == (2, 2, 0)
    assert set(institutions_by_code(db)) == {HUAWEI, TENCENT}
    assert all(i.name in ("甲", "乙") for i in all_institutions(db))
    notes = [p for p in report.warnings if p.row == 9]
    assert notes and notes[0].severity is Severity.NOTICE


def test_table_not_starting_at_a1_keeps_sheet_row_numbers_and_column_letters(db, tmp_path):
    rows = [[], [], [None] + BASIC, [None, "甲", HUAWEI, "其他"], [None, "乙", "91330100716105852E", "其他"]]
    with pytest.raises(InputRefused) as info:
        import_institutions(db, write_xlsx(tmp_path / "b.xlsx", rows))
    (problem,) = info.value.problems
    assert problem.row == 5
    assert problem.column.startswith("C")
    assert "统一社会信用代码" in problem.column


def test_unknown_columns_are_ignored_with_a_notice_naming_them(db, tmp_path):
    rows = [BASIC + ["经营范围", "单位地址"], ["甲", HUAWEI, "其他", "检测服务", "地址"]]
    report = import_institutions(db, write_xlsx(tmp_path / "u.xlsx", rows))
    assert report.inserted == 1
    notices = [p for p in report.warnings if p.severity is Severity.NOTICE]
    assert any(p.value == "经营范围" or "经营范围" in (p.column or "") for p in notices)
    assert get_institution(db, HUAWEI).address == "地址"


def test_category_column_wins_over_the_file_wide_category(db, tmp_path):
    rows = [BASIC, ["甲", HUAWEI, "机动车检验机构"], ["乙", TENCENT, ""]]
    import_institutions(db, write_xlsx(tmp_path / "c.xlsx", rows), ImportOptions(category=Category.ECO_ENV))
    stored = institutions_by_code(db)
    assert stored[HUAWEI].category is Category.VEHICLE
    assert stored[TENCENT].category is Category.ECO_ENV


# --- required columns -------------------------------------------------------------------


def test_missing_category_without_a_file_wide_category_is_refused(db, tmp_path):
    rows = [["机构名称", "统一社会信用代码"], ["甲", HUAWEI]]
    path = write_xlsx(tmp_path / "nocat.xlsx", rows)
    with pytest.raises(InputRefused) as info:
        import_institutions(db, path)
    assert info.value.problems
    assert all(p.row == 2 for p in info.value.problems)
    assert any("类别" in p.expected for p in info.value.problems)
    assert count(db, "institutions") == 0
    # the same file with a category for the whole file is fine
    assert import_institutions(db, path, ImportOptions(category=Category.OTHER)).inserted == 1


def test_blank_name_is_refused_with_the_row_number(db, tmp_path):
    rows = [["名录"], BASIC, ["甲", HUAWEI, "其他"], ["  ", TENCENT, "其他"]]
    with pytest.raises(InputRefused) as info:
        import_institutions(db, write_xlsx(tmp_path / "n.xlsx", rows))
    (problem,) = info.value.problems
    assert problem.row == 4
    assert "名称" in problem.expected
    assert problem.column.startswith("A")


# --- credit codes -----------------------------------------------------------------------


def test_credit_code_stored_as_a_number_is_refused(db, tmp_path):
    rows = [BASIC, ["甲", int(HUAWEI), "其他"]]
    with pytest.raises(InputRefused) as info:
        import_institutions(db, write_xlsx(tmp_path / "num.xlsx", rows))
    (problem,) = info.value.problems
    assert "数字格式" in problem.expected and "文本格式" in problem.expected
    assert problem.row == 2
    assert count(db, "institutions") == 0


def test_lower_case_credit_code_is_imported_upper_cased_with_a_notice(db, tmp_path):
    rows = [BASIC, ["腾讯", TENCENT.lower(), "其他"]]
    report = import_institutions(db, write_xlsx(tmp_path / "lc.xlsx", rows))
    assert report.inserted == 1
    assert get_institution(db, TENCENT).credit_code == TENCENT
    notices = [p for p in report.warnings if p.severity is Severity.NOTICE and p.row == 2]
    assert notices and notices[0].column.startswith("B")


def test_wrong_check_digit_is_refused_naming_the_expected_character(db, tmp_path):
    rows = [BASIC, ["阿里", ALIBABA[:17] + "E", "其他"]]
    with pytest.raises(InputRefused) as info:
        import_institutions(db, write_xlsx(tmp_path / "chk.xlsx", rows))
    (problem,) = info.value.problems
    assert "F" in problem.expected
    assert problem.value == ALIBABA[:17] + "E"


def test_org_code_failure_and_expiry_before_approval_are_imported_with_warnings(db, tmp_path):
    rows = [BASIC + ["批准日期", "有效日期"], ["丙", ORG_BAD, "其他", "2025-01-01", "2020-01-01"]]
    report = import_institutions(db, write_xlsx(tmp_path / "w.xlsx", rows))
    assert report.inserted == 1 and report.refused == 0
    warnings = [p for p in report.warnings if p.severity is Severity.WARNING]
    assert any("组织机构代码" in p.expected and p.column.startswith("B") for p in warnings)
    assert any("有效日期" in p.expected and p.column.startswith("E") for p in warnings)
    stored = get_institution(db, ORG_BAD)
    assert stored.cma_approved_on == date(2025, 1, 1)
    assert stored.cma_expires_on == date(2020, 1, 1)


def test_duplicate_credit_code_within_a_file_is_refused(db, tmp_path):
    rows = [BASIC, ["甲", HUAWEI, "其他"], ["甲二", HUAWEI.lower(), "其他"]]
    with pytest.raises(InputRefused) as info:
        import_institutions(db, write_xlsx(tmp_path / "dup.xlsx", rows))
    (problem,) = info.value.problems
    assert problem.row == 3
    assert "2" in problem.expected  # names the first row


# --- a file with invalid rows is refused as a whole -------------------------------------


def test_file_with_invalid_rows_is_refused_whole_listing_every_problem_and_db_unchanged(db, tmp_path):
    import_institutions(db, write_xlsx(tmp_path / "first.xlsx", [BASIC, ["旧", MOUTAI, "其他"]]))
    rows = [
        ["检验检测机构名录（2025）"],  # row 1
        BASIC + ["批准日期", "信用风险分类"],  # row 2
        ["好一", HUAWEI, "其他", "2020-01-01", "A"],  # row 3
        ["坏一", int(TENCENT[:16] + "00"), "其他", "", ""],  # row 4: number cell
        [],  # row 5
        ["", ALIBABA, "其他", "", ""],  # row 6: no name
        ["好二", XIAOMI, "其他", "", "B"],  # row 7
        ["坏三", EXAMPLE[:17] + "4", "其他", "", ""],  # row 8: check digit
        ["坏四", ORG_BAD, "其他", "2025-13-01", ""],  # row 9: bad date
        ["坏五", MOUTAI, "其他", "", "E类"],  # row 10: bad risk class (and would update 旧)
    ]
    path = write_xlsx(tmp_path / "名录.xlsx", rows)
    before = db_fingerprint(db, tmp_path)
    with pytest.raises(InputRefused) as info:
        import_institutions(db, path)
    after = db_fingerprint(db, tmp_path)
    assert after == before

    problems = info.value.problems
    assert {p.row for p in problems} == {4, 6, 8, 9, 10}
    assert all(p.file == "名录.xlsx" and p.sheet == "Sheet1" for p in problems)
    assert all(p.severity is Severity.ERROR and p.expected for p in problems)
    by_row = {p.row: p for p in problems}
    assert by_row[4].column.startswith("B") and "统一社会信用代码" in by_row[4].column
    assert by_row[4].value  # the value as it was read
    assert by_row[6].column.startswith("A")
    assert by_row[8].column.startswith("B") and by_row[8].value == EXAMPLE[:17] + "4"
    assert "3" in by_row[8].expected
    assert by_row[9].column.startswith("D") and by_row[9].value == "2025-13-01"
    assert by_row[10].column.startswith("E") and by_row[10].value == "E类"
    assert "5" in info.value.message  # how many rows
    assert {i.credit_code for i in all_institutions(db)} == {MOUTAI}
    assert count(db, "imports") == 1
    # each problem can be told to the user in one line
    assert "第 8 行" in by_row[8].describe() and "名录.xlsx" in by_row[8].describe()


def test_skip_invalid_imports_good_rows_and_writes_refused_rows_beside_the_input(db, tmp_path):
    rows = [
        ["检验检测机构名录"],  # 1
        BASIC + ["单位地址", "批准日期"],  # 2
        ["好一", HUAWEI, "其他", "地址一", date(2020, 1, 2)],  # 3
        ["坏一", TENCENT[:17] + "0", "其他", "地址二", "2020-01-02"],  # 4
        ["好二", XIAOMI, "其他", "地址三", None],  # 5
        ["", ALIBABA, "机动车检验机构", "地址四", "2021/3/4"],  # 6
    ]
    path = write_xlsx(tmp_path / "名录.xlsx", rows)
    report = import_institutions(db, path, ImportOptions(skip_invalid=True))
    assert (report.rows, report.inserted, report.refused) == (4, 2, 2)
    assert set(institutions_by_code(db)) == {HUAWEI, XIAOMI}
    assert {p.row for p in report.refused_problems} == {4, 6}

    out = report.refused_file
    assert out is not None and out.exists() and out.parent == path.parent and out.suffix == ".xlsx"
    assert out != path
    table = read_xlsx(out)
    header = table[0]
    assert header[:3] == ["工作表", "原行号", "未导入原因"]
    body = [r for r in table[1:] if any(c is not None for c in r)]
    assert [r[1] for r in body] == [4, 6]
    assert all(r[0] == "Sheet1" for r in body)
    name_col = header.index("机构名称")
    code_col = header.index("统一社会信用代码")
    addr_col = header.index("单位地址")
    first, second = body
    assert first[code_col] == TENCENT[:17] + "0"
    assert first[name_col] == "坏一"
    assert first[addr_col] == "地址二"
    assert "校验码" in first[2] and TENCENT[17] in first[2]
    assert second[name_col] in (None, "")
    assert second[code_col] == ALIBABA
    assert "名称" in second[2]
    # the input itself is untouched
    assert read_xlsx(path)[3][1] == TENCENT[:17] + "0"


def test_refused_rows_file_keeps_numeric_cells_as_they_were(db, tmp_path):
    rows = [BASIC + ["联系电话"], ["坏", int(HUAWEI), "其他", 13800000000]]
    report = import_institutions(db, write_xlsx(tmp_path / "n.xlsx", rows), ImportOptions(skip_invalid=True))
    table = read_xlsx(report.refused_file)
    phone = table[1][table[0].index("联系电话")]
    assert phone in (13800000000, "13800000000")


def test_refused_rows_from_two_sheets_keep_their_columns(db, tmp_path):
    rows = [BASIC, ["坏一", HUAWEI[:17] + "0", "其他"]]
    other = [["统一社会信用代码", "机构名称", "机构类别", "单位地址"], [TENCENT[:17] + "0", "坏二", "其他", "深圳"]]
    path = write_xlsx(tmp_path / "two.xlsx", rows, more_sheets={"第二表": other})
    report = import_institutions(db, path, ImportOptions(skip_invalid=True))
    assert report.refused == 2
    found = {}  # name -> credit code, as the refused-rows workbook shows them (on whatever sheets it uses)
    wb = load_workbook(report.refused_file)
    for ws in wb.worksheets:
        values = [list(r) for r in ws.iter_rows(values_only=True)]
        header = values[0]
        for r in values[1:]:
            found[r[header.index("机构名称")]] = r[header.index("统一社会信用代码")]
    assert found.get("坏二") == TENCENT[:17] + "0"
    assert found.get("坏一") == HUAWEI[:17] + "0"


def test_skip_invalid_with_no_refused_rows_writes_no_file(db, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", [BASIC, ["甲", HUAWEI, "其他"]])
    report = import_institutions(db, path, ImportOptions(skip_invalid=True))
    assert report.refused_file is None
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["ok.xlsx"]


# --- re-import --------------------------------------------------------------------------


def _three(address_of_huawei="深圳市龙岗区"):
    return [
        BASIC + ["单位地址", "授权签字人", "批准日期"],
        ["华", HUAWEI, "其他", address_of_huawei, "张三、李四", "2020-01-01"],
        ["腾", TENCENT, "机动车检验机构", "深圳市南山区", "", ""],
        ["阿", ALIBABA, "环境监测", "杭州", "王五", date(2021, 5, 6)],
    ]


def test_reimporting_the_same_file_changes_nothing(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", _three())
    first = import_institutions(db, path)
    assert first.inserted == 3
    before = sorted(db.conn.execute("SELECT * FROM institutions").fetchall())
    again = import_institutions(db, path)
    assert (again.inserted, again.updated, again.unchanged, again.changes) == (0, 0, 3, 0)
    assert sorted(db.conn.execute("SELECT * FROM institutions").fetchall()) == before
    assert count(db, "institutions") == 3
    assert count(db, "registry_changes") == 0


def test_reimport_with_a_changed_address_updates_and_records_the_change(db, tmp_path):
    import_institutions(db, write_xlsx(tmp_path / "v1.xlsx", _three()))
    old = get_institution(db, HUAWEI)
    report = import_institutions(db, write_xlsx(tmp_path / "名录v2.xlsx", _three("深圳市龙岗区坂田街道")))
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 2)
    new = get_institution(db, HUAWEI)
    assert new.id == old.id
    assert new.address == "深圳市龙岗区坂田街道"
    assert count(db, "institutions") == 3
    history = changes_of(db, "institution", old.id)
    assert len(history) == 1
    (change,) = history
    assert change["field"] == "address"
    assert change["old_value"] == "深圳市龙岗区"
    assert change["new_value"] == "深圳市龙岗区坂田街道"
    assert change["file"] == "名录v2.xlsx"
    assert changes_of(db, "institution", get_institution(db, TENCENT).id) == []


def test_reimport_of_a_file_without_some_columns_keeps_the_stored_values(db, tmp_path):
    import_institutions(db, write_xlsx(tmp_path / "v1.xlsx", _three()))
    rows = [BASIC + ["信用风险分类"], ["华", HUAWEI, "其他", "B"]]
    report = import_institutions(db, write_xlsx(tmp_path / "风险分类.xlsx", rows))
    assert report.updated == 1
    stored = get_institution(db, HUAWEI)
    assert stored.risk_class is RiskClass.B
    assert stored.address == "深圳市龙岗区"
    assert stored.signatories == ["张三", "李四"]
    assert stored.cma_approved_on == date(2020, 1, 1)


def test_dry_run_reports_counts_and_writes_nothing(db, tmp_path):
    import_institutions(db, write_xlsx(tmp_path / "v1.xlsx", _three()))
    rows = _three("新地址") + [["小", XIAOMI, "其他", "北京", "", ""]]
    path = write_xlsx(tmp_path / "v2.xlsx", rows)
    before = db_fingerprint(db, tmp_path)
    report = import_institutions(db, path, ImportOptions(dry_run=True))
    assert report.dry_run
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 2)
    assert report.import_id is None
    assert db_fingerprint(db, tmp_path) == before
    assert get_institution(db, XIAOMI) is None
    assert get_institution(db, HUAWEI).address == "深圳市龙岗区"
    assert count(db, "imports") == 1
    # and the real import afterwards does the same thing
    real = import_institutions(db, path)
    assert (real.inserted, real.updated, real.unchanged) == (1, 1, 2)


def test_dry_run_with_skip_invalid_writes_no_refused_file(db, tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", [BASIC, ["甲", HUAWEI, "其他"], ["乙", HUAWEI[:17] + "0", "其他"]])
    report = import_institutions(db, path, ImportOptions(dry_run=True, skip_invalid=True))
    assert (report.inserted, report.refused) == (1, 1)
    assert report.refused_file is None
    assert count(db, "institutions") == 0
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["d.xlsx"]


# --- export and re-import ---------------------------------------------------------------


FULL_HEADERS = [
    "机构名称", "统一社会信用代码", "机构类别", "所属区县", "单位地址", "证书编号", "发证机关", "批准日期", "有效日期",
    "被授权机构名称", "法定代表人", "法定代表人联系电话", "联系人", "联系电话", "最高管理者", "最高管理者联系电话",
    "技术负责人", "授权签字人", "信用风险分类", "涉投诉举报", "无故不参加能力验证", "未按时完成统计直报",
    "生态环境部门所属", "上级分配年度", "备注",
]


def _full_rows():
    return [
        FULL_HEADERS,
        ["深圳某机动车检测站", HUAWEI, "机动车检验机构", "龙岗区", "深圳市龙岗区1号", "191912050001", "广东省市场监督管理局",
         date(2019, 5, 1), "2025/4/30", "某检测站二部", "任某", "13800000000", "张某", "0755-12345678", "李某",
         "13900000000", "王某", "张三、李四、王五", "A", "是", "否", "√", "否", 2024, "重点 关注"],
        ["某生态环境监测站", TENCENT.lower(), "生态环境监测机构", "南山区", "深圳市南山区", "040012050001", "山西省局",
         None, None, "", "", "", "", "", "", "", "", "", "较高", "", "Y", "", "是", None, ""],
        ["某食品检测所", ORG_BAD, "食品检测", "", "", "", "", "2025-01-01", "2020-01-01", "", "", "", "", "", "",
         "", "", "赵六", "d类", "N", "", "", "", "2025年", ""],
        ["某综合检测院", EXAMPLE, "其他", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
         "", "", ""],
    ]


def test_full_row_is_read_field_by_field(db, tmp_path):
    import_institutions(db, write_xlsx(tmp_path / "full.xlsx", _full_rows(), text_columns=set(range(25))))
    a = get_institution(db, HUAWEI)
    assert a.category is Category.VEHICLE
    assert (a.district, a.address, a.cma_cert_no) == ("龙岗区", "深圳市龙岗区1号", "191912050001")
    assert (a.cma_approved_on, a.cma_expires_on) == (date(2019, 5, 1), date(2025, 4, 30))
    assert a.signatories == ["张三", "李四", "王五"]
    assert a.risk_class is RiskClass.A
    assert (a.flag_complaint, a.flag_pt_no_show, a.flag_stats_missed, a.eco_owned) == (True, False, True, False)
    assert a.allocated_year == 2024
    assert a.notes == "重点 关注"
    assert a.priority
    b = get_institution(db, TENCENT)
    assert b.category is Category.ECO_ENV and b.risk_class is RiskClass.C
    assert (b.flag_pt_no_show, b.eco_owned, b.cma_cert_no) == (True, True, "040012050001")
    c = get_institution(db, ORG_BAD)
    assert c.category is Category.OTHER and c.risk_class is RiskClass.D and c.allocated_year == 2025
    d = get_institution(db, EXAMPLE)
    assert d.risk_class is None and d.signatories == [] and not d.priority


def test_export_then_reimport_round_trips_every_field(db, tmp_path):
    import_institutions(db, write_xlsx(tmp_path / "full.xlsx", _full_rows(), text_columns=set(range(25))))
    before = sorted(all_institutions(db), key=lambda i: i.credit_code)
    out = tmp_path / "导出.xlsx"
    assert export_institutions(db, out) == 4

    report = import_institutions(db, out)
    assert (report.inserted, report.updated, report.unchanged, report.changes, report.refused) == (0, 0, 4, 0, 0)
    assert sorted(all_institutions(db), key=lambda i: i.credit_code) == before

    # into an empty database, the export gives the very same records (ids included)
    other = open_database(tmp_path / "other.sqlite")
    try:
        assert import_institutions(other, out).inserted == 4
        assert sorted(all_institutions(other), key=lambda i: i.credit_code) == before
    finally:
        other.conn.close()


def test_exported_codes_and_certificate_numbers_are_text_cells(db, tmp_path):
    import_institutions(db, write_xlsx(tmp_path / "full.xlsx", _full_rows(), text_columns=set(range(25))))
    out = tmp_path / "导出.xlsx"
    export_institutions(db, out)
    cells = read_cells(out)
    header = [c.value for c in cells[0]]
    code_col, cert_col = header.index("统一社会信用代码"), header.index("证书编号")
    codes = {}
    for row in cells[1:]:
        code = row[code_col]
        assert code.data_type == "s" and code.number_format == "@"
        codes[code.value] = row[cert_col]
    assert set(codes) == {HUAWEI, TENCENT, ORG_BAD, EXAMPLE}
    assert codes[TENCENT].value == "040012050001"
    assert codes[TENCENT].data_type == "s" and codes[TENCENT].number_format == "@"
    assert codes[HUAWEI].value == "191912050001" and codes[HUAWEI].data_type == "s"


def test_export_of_an_empty_registry_has_the_header_only(db, tmp_path):
    out = tmp_path / "空.xlsx"
    assert export_institutions(db, out) == 0
    table = read_xlsx(out)
    assert table[0][:3] == ["机构名称", "统一社会信用代码", "机构类别"]
    assert len(table) == 1


# --- inspectors -------------------------------------------------------------------------


ROSTER_HEADERS = ["姓名", "所属部门", "层级", "工作单位", "执法证号", "负责区县", "专业领域"]


def _roster():
    return [
        ["执法检查人员名录"],
        ROSTER_HEADERS,
        ["张三", "市场监管局", "市级", "市市场监督管理局", "A0001", "龙岗区、南山区", "机动车，食品"],
        ["李四", "公安", "县级", "交警大队", "B0002", "龙岗区", ""],
        ["王五", "生态环境局", "省级", "省生态环境厅", "C0003", "", "环境监测"],
        ["赵六", "专家", "", "某大学", "", "", "化学、环境监测"],
    ]


def test_inspector_roster_is_imported(db, tmp_path):
    report = import_inspectors(db, write_xlsx(tmp_path / "人员.xlsx", _roster()))
    assert (report.rows, report.inserted, report.refused) == (4, 4, 0)
    people = {p.name: p for p in all_inspectors(db)}
    assert people["张三"].department is Department.MARKET
    assert people["张三"].level is Level.CITY
    assert people["张三"].unit == "市市场监督管理局"
    assert people["张三"].cert_no == "A0001"
    assert people["张三"].districts == ["龙岗区", "南山区"]
    assert people["张三"].expertise == ["机动车", "食品"]
    assert people["张三"].active and people["张三"].enforcement_officer
    assert people["李四"].department is Department.POLICE and people["李四"].level is Level.COUNTY
    assert people["王五"].department is Department.ECO and people["王五"].level is Level.PROVINCE
    assert people["赵六"].department is Department.EXPERT and people["赵六"].level is None
    assert not people["赵六"].enforcement_officer
    assert get_inspector(db, "B0002").name == "李四"


@pytest.mark.parametrize("cell, department", [
    ("市场监管局", Department.MARKET), ("市场监督管理局", Department.MARKET), ("公安", Department.POLICE),
    ("公安局", Department.POLICE), ("生态环境局", Department.ECO), ("专家", Department.EXPERT),
    ("技术专家", Department.EXPERT),
])
def test_department_variants(db, tmp_path, cell, department):
    rows = [["姓名", "所属部门", "执法证号"], ["某人", cell, "X1"]]
    import_inspectors(db, write_xlsx(tmp_path / "d.xlsx", rows))
    assert get_inspector(db, "X1").department is department


def test_unknown_or_blank_department_is_refused(db, tmp_path):
    rows = [["姓名", "所属部门", "执法证号"], ["甲", "财政局", "X1"], ["乙", "", "X2"]]
    with pytest.raises(InputRefused) as info:
        import_inspectors(db, write_xlsx(tmp_path / "d.xlsx", rows))
    assert {p.row for p in info.value.problems} == {2, 3}
    assert count(db, "inspectors") == 0


def test_inspector_reimport_matches_by_certificate_number(db, tmp_path):
    path = write_xlsx(tmp_path / "人员.xlsx", _roster())
    import_inspectors(db, path)
    ids = {p.cert_no or p.name: p.id for p in all_inspectors(db)}
    again = import_inspectors(db, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)
    assert count(db, "inspectors") == 4

    changed = _roster()
    changed[2][0] = "张叁"  # renamed
    changed[2][3] = "区市场监督管理局"  # moved
    report = import_inspectors(db, write_xlsx(tmp_path / "人员2.xlsx", changed))
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 3)
    assert count(db, "inspectors") == 4
    person = get_inspector(db, "A0001")
    assert person.name == "张叁" and person.unit == "区市场监督管理局"
    assert person.id == ids["A0001"]
    fields = {c["field"] for c in changes_of(db, "inspector", person.id)}
    assert fields == {"name", "unit"}
    # the expert without a certificate number is not duplicated either
    assert {p.id for p in all_inspectors(db) if p.name == "赵六"} == {ids["赵六"]}


def test_duplicate_enforcement_certificate_in_a_roster_is_refused(db, tmp_path):
    rows = [ROSTER_HEADERS, ["甲", "公安", "", "", "A1", "", ""], ["乙", "公安", "", "", "A1", "", ""]]
    with pytest.raises(InputRefused) as info:
        import_inspectors(db, write_xlsx(tmp_path / "dup.xlsx", rows))
    assert [p.row for p in info.value.problems] == [3]


def test_inspector_export_then_reimport_round_trips(db, tmp_path):
    rows = _roster()
    rows[1] = ROSTER_HEADERS + ["联系电话", "回避机构", "在岗", "备注"]
    rows[2] += ["13800000000", f"{HUAWEI}、{TENCENT}", "是", "组长"]
    rows[3] += ["", "", "否", ""]
    rows[4] += ["", "", "", ""]
    rows[5] += ["", "", "", ""]
    import_inspectors(db, write_xlsx(tmp_path / "人员.xlsx", rows, text_columns={7}))
    before = sorted(all_inspectors(db), key=lambda p: p.name)
    assert next(p for p in before if p.name == "张三").avoid == [HUAWEI, TENCENT]
    assert next(p for p in before if p.name == "李四").active is False
    out = tmp_path / "人员导出.xlsx"
    assert export_inspectors(db, out) == 4
    report = import_inspectors(db, out)
    assert (report.inserted, report.updated, report.unchanged, report.changes) == (0, 0, 4, 0)
    assert sorted(all_inspectors(db), key=lambda p: p.name) == before
    cells = read_cells(out)
    header = [c.value for c in cells[0]]
    certs = [row[header.index("执法证号")] for row in cells[1:]]
    assert all(c.data_type == "s" for c in certs if c.value is not None)


# --- files that are not registry workbooks ----------------------------------------------


def test_text_file_renamed_xlsx_is_refused(db, tmp_path):
    path = tmp_path / "名录.xlsx"
    path.write_text("机构名称,统一社会信用代码\n甲,914403001922038216\n", encoding="utf-8")
    before = db_fingerprint(db, tmp_path)
    with pytest.raises(InputRefused) as info:
        import_institutions(db, path)
    assert "名录.xlsx" in info.value.message
    assert "xlsx" in info.value.message.lower() or "Excel" in info.value.message
    assert db_fingerprint(db, tmp_path) == before


def test_missing_file_is_refused(db, tmp_path):
    with pytest.raises(InputRefused):
        import_institutions(db, tmp_path / "nothing.xlsx")


def test_workbook_without_a_recognisable_header_is_refused(db, tmp_path):
    rows = [["销售报表"], ["月份", "金额"], ["1月", 100], ["2月", 200]]
    path = write_xlsx(tmp_path / "其他.xlsx", rows)
    with pytest.raises(InputRefused) as info:
        import_institutions(db, path)
    assert "表头" in info.value.message
    assert "机构名称" in info.value.message
    assert count(db, "institutions") == 0
    with pytest.raises(InputRefused):
        import_inspectors(db, path)


def test_empty_workbook_is_refused(db, tmp_path):
    with pytest.raises(InputRefused):
        import_institutions(db, write_xlsx(tmp_path / "空.xlsx", []))


# --- everything exported is data; a --skip-invalid import is one transaction --------------------


def _store_directly(db, *institutions: Institution) -> None:
    """Records as an older version (or another program) may have stored them, bypassing the import's checks."""
    from app.store.registry_upsert import upsert_institutions

    with db.atomic():
        upsert_institutions(db, institutions)


FORMULAS = {"name": '=HYPERLINK("http://example.invalid/x","点此查看")', "address": "+86 平城区",
            "district": "-1", "notes": "@SUM(A1:A2)"}


def test_export_writes_text_that_looks_like_a_formula_as_text(db, tmp_path):
    _store_directly(db, Institution(credit_code=HUAWEI, category=Category.OTHER, **FORMULAS))
    out = tmp_path / "导出.xlsx"
    export_institutions(db, out)
    cells = read_cells(out)
    header = [c.value for c in cells[0]]
    row = cells[1]
    for field, text in FORMULAS.items():
        cell = row[header.index(INSTITUTION_HEADERS.canonical(field))]
        assert (cell.value, cell.data_type) == (text, "s"), field


def test_export_of_stored_control_characters_does_not_fail(db, tmp_path):
    _store_directly(db, Institution(name="甲\x1b[31m检测\x00公司", credit_code=HUAWEI, category=Category.OTHER,
                                    notes="第一行\n第二行\t\x07"))
    out = tmp_path / "导出.xlsx"
    assert export_institutions(db, out) == 1
    table = read_xlsx(out)
    header = table[0]
    assert table[1][header.index("机构名称")] == "甲␛[31m检测␀公司"
    assert table[1][header.index("备注")] == "第一行\n第二行\t␇"


def test_the_refused_rows_file_writes_formulas_as_text(db, tmp_path):
    from tests.xlsx_helpers import inline_row, raw_sheet, write_raw_xlsx

    rows = (inline_row(1, BASIC + ["=备注"]) + inline_row(2, ["甲公司", HUAWEI, "其他", "ok"])
            + inline_row(3, ["=1+1", "BAD", "其他", '=HYPERLINK("http://example.invalid")']))
    path = write_raw_xlsx(tmp_path / "f.xlsx", {"Sheet1": raw_sheet(rows)})
    report = import_institutions(db, path, ImportOptions(skip_invalid=True))
    assert (report.inserted, report.refused) == (1, 1)
    cells = read_cells(report.refused_file)
    assert [(c.value, c.data_type) for c in cells[0][3:]] == [
        ("机构名称", "s"), ("统一社会信用代码", "s"), ("机构类别", "s"), ("=备注", "s")]
    assert [(c.value, c.data_type) for c in cells[1][3:]] == [
        ("=1+1", "s"), ("BAD", "s"), ("其他", "s"), ('=HYPERLINK("http://example.invalid")', "s")]


def test_skip_invalid_that_cannot_write_the_refused_rows_leaves_the_database_unchanged(db, tmp_path, monkeypatch):
    import errno

    import app.services.registry as service

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    rows = [BASIC, ["甲公司", HUAWEI, "其他"], ["乙公司", "BAD", "其他"]]
    path = write_xlsx(tmp_path / "部分.xlsx", rows, text_columns={1})
    fingerprint = db_fingerprint(db, tmp_path)
    monkeypatch.setattr(service, "write_workbook", disk_full)
    with pytest.raises(OSError):
        import_institutions(db, path, ImportOptions(skip_invalid=True))
    assert db_fingerprint(db, tmp_path) == fingerprint
    assert count(db, "institutions") == 0 and count(db, "imports") == 0
    assert not [p for p in tmp_path.iterdir() if "未导入" in p.name]
