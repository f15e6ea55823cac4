"""Reading one cell's value the way real registry sheets write it (app.domain.values)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import values as v
from app.domain.registry import (
    CATEGORY_LABELS,
    DEPARTMENT_LABELS,
    LEVEL_LABELS,
    RISK_LABELS,
    Category,
    Department,
    Level,
    RiskClass,
)
from app.domain.values import BadValue

D = date(2025, 9, 9)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", [
    date(2025, 9, 9),
    datetime(2025, 9, 9),
    datetime(2025, 9, 9, 0, 0, 0),
    "2025-09-09",
    "2025-9-9",
    "2025/9/9",
    "2025/09/09",
    "2025.9.9",
    "2025年9月9日",
    "2025年09月09日",
    "20250909",
    20250909,
    " 2025-09-09 ",
    full_width("2025-09-09"),
    full_width("2025年9月9日"),
    full_width("20250909"),
])
def test_date_forms_are_read(cell):
    parsed, note = v.parse_date(cell)
    assert parsed == D
    assert note is None


@pytest.mark.parametrize("cell", [45909.0, 45909])
def test_excel_serial_number_is_read_as_a_date_with_a_note(cell):
    parsed, note = v.parse_date(cell)
    assert parsed == D
    assert note and "45909" in note and "2025-09-09" in note


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_blank_date_is_none(cell):
    assert v.parse_date(cell) == (None, None)


@pytest.mark.parametrize("cell", [
    "2025-13-01", "2025-02-30", "9/9/2025", "09/09/2025", "明天", "2025", "2025-09", "abc",
    "20251301", 45909.5, 123.0, 99999999.0, True,
])
def test_invalid_dates_are_refused(cell):
    with pytest.raises(BadValue) as info:
        v.parse_date(cell)
    assert info.value.expected


def test_impossible_date_message_says_why():
    with pytest.raises(BadValue) as info:
        v.parse_date("2025-02-30")
    assert "2月30日" in info.value.expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_every_written_form_reads_back_to_the_same_date(day):
    forms = [
        day,
        datetime(day.year, day.month, day.day),
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}-{day.month}-{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
        int(day.strftime("%Y%m%d")),
        full_width(day.isoformat()),
        full_width(f"{day.year}年{day.month}月{day.day}日"),
    ]
    for form in forms:
        assert v.parse_date(form) == (day, None), form
    serial = (day - date(1899, 12, 30)).days
    for number in (serial, float(serial)):
        parsed, note = v.parse_date(number)
        assert parsed == day
        assert note


@given(st.text(max_size=20))
def test_parse_date_gives_a_date_or_bad_value(text):
    try:
        parsed, _ = v.parse_date(text)
    except BadValue:
        return
    assert parsed is None or isinstance(parsed, date)


# --- flags ------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["是", "Y", "y", "yes", "√", "✓", True, "True", "TRUE", "true", 1, 1.0, "1", " 是 "])
def test_true_flags(cell):
    assert v.parse_flag(cell) is True


@pytest.mark.parametrize("cell", ["否", "N", "n", "no", "×", False, "False", "false", 0, 0.0, "0", None, "", "  "])
def test_false_flags(cell):
    assert v.parse_flag(cell) is False


@pytest.mark.parametrize("cell", ["也许", "maybe", "2", 2, 0.5, "是否"])
def test_garbage_flag_is_refused(cell):
    with pytest.raises(BadValue) as info:
        v.parse_flag(cell)
    assert "是" in info.value.expected


# --- categories -------------------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    ("机动车检验机构", Category.VEHICLE),
    ("机动车安全技术检验", Category.VEHICLE),
    ("机动车安全技术检验机构", Category.VEHICLE),
    ("生态环境监测机构", Category.ECO_ENV),
    ("环境监测", Category.ECO_ENV),
    ("食品检测", Category.OTHER),
    ("其他", Category.OTHER),
    ("vehicle", Category.VEHICLE),
    ("VEHICLE", Category.VEHICLE),
    ("eco_env", Category.ECO_ENV),
    ("other", Category.OTHER),
    (None, None),
    ("", None),
    ("  ", None),
])
def test_categories(cell, expected):
    assert v.parse_category(cell) == expected


@pytest.mark.parametrize("category", list(Category))
def test_category_labels_read_back(category):
    assert v.parse_category(CATEGORY_LABELS[category]) is category


# --- risk class -------------------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    ("A", RiskClass.A), ("b", RiskClass.B), ("C类", RiskClass.C), ("D", RiskClass.D),
    ("d类", RiskClass.D), ("B级", RiskClass.B), (" a ", RiskClass.A), ("Ｃ", RiskClass.C),
    ("较高", RiskClass.C), ("低", RiskClass.A), ("一般", RiskClass.B), ("高", RiskClass.D),
    ("高风险", RiskClass.D), ("低风险", RiskClass.A), ("较高风险", RiskClass.C),
    (None, None), ("", None),
])
def test_risk_classes(cell, expected):
    assert v.parse_risk_class(cell) == expected


@pytest.mark.parametrize("cell", ["E", "AB", "很高", "5", 3])
def test_bad_risk_class_is_refused(cell):
    with pytest.raises(BadValue):
        v.parse_risk_class(cell)


@pytest.mark.parametrize("risk", list(RiskClass))
def test_risk_labels_read_back(risk):
    assert v.parse_risk_class(RISK_LABELS[risk]) is risk


# --- departments and levels -------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    ("市场监管局", Department.MARKET), ("市场监督管理局", Department.MARKET), ("公安", Department.POLICE),
    ("公安交管", Department.POLICE), ("生态环境局", Department.ECO), ("专家", Department.EXPERT),
    ("技术专家", Department.EXPERT), ("market", Department.MARKET), (None, None),
])
def test_departments(cell, expected):
    assert v.parse_department(cell) == expected


@pytest.mark.parametrize("department", list(Department))
def test_department_labels_read_back(department):
    assert v.parse_department(DEPARTMENT_LABELS[department]) is department


def test_unknown_department_is_refused():
    with pytest.raises(BadValue):
        v.parse_department("财政局")


@pytest.mark.parametrize("level", list(Level))
def test_level_labels_read_back(level):
    assert v.parse_level(LEVEL_LABELS[level]) is level


# --- lists ------------------------------------------------------------------------------


def test_list_split_on_every_separator_in_order_without_duplicates():
    cell = "张三、李四，王五,赵六；钱七;孙八\n周九 吴十  张三、李四"
    assert v.parse_list(cell) == ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"]


@pytest.mark.parametrize("cell, expected", [
    (None, []), ("", []), ("  ", []), ("张三", ["张三"]), ("张三、、李四", ["张三", "李四"]),
    ("张三\r\n李四", ["张三", "李四"]), ("张三　李四", ["张三", "李四"]),
])
def test_list_edge_cases(cell, expected):
    assert v.parse_list(cell) == expected


@given(st.lists(st.text(alphabet="张王李赵刘陈杨黄周吴三四五六七", min_size=1, max_size=4), max_size=8),
       st.sampled_from(["、", "，", ",", "；", ";", "\n", " "]))
def test_list_round_trip(names, sep):
    expected = list(dict.fromkeys(names))
    assert v.parse_list(sep.join(names)) == expected


# --- certificate numbers ----------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    ("210412050123", "210412050123"),
    ("040012050001", "040012050001"),
    (" 2104 1205 0123 ", "210412050123"),
    (full_width("210412050123"), "210412050123"),
    (210412050123, "210412050123"),
    (210412050123.0, "210412050123"),
    (None, ""),
    ("", ""),
])
def test_certificate_numbers(cell, expected):
    assert v.parse_cert_no(cell) == expected


@pytest.mark.parametrize("cell", [40012050001, 40012050001.0])
def test_certificate_number_cell_that_lost_its_leading_zero_is_refused(cell):
    with pytest.raises(BadValue) as info:
        v.parse_cert_no(cell)
    assert "文本格式" in info.value.expected
    assert "12" in info.value.expected


@pytest.mark.parametrize("cell", [2104120501234, 2104120501.5])
def test_other_numeric_certificate_numbers_are_refused(cell):
    with pytest.raises(BadValue):
        v.parse_cert_no(cell)


# --- years ------------------------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [("2025", 2025), (2025, 2025), (2025.0, 2025), ("2025年", 2025),
                                            ("2025年度", 2025), (None, None)])
def test_years(cell, expected):
    assert v.parse_year(cell) == expected


@pytest.mark.parametrize("cell", ["25", "1999", "明年", 20251])
def test_bad_years_are_refused(cell):
    with pytest.raises(BadValue):
        v.parse_year(cell)


def test_excel_serial_range_boundaries():
    assert v.parse_date(32874)[0] == date(1990, 1, 1)
    assert v.parse_date(73050)[0] == date(2099, 12, 31)
    assert date(1899, 12, 30) + timedelta(days=45909) == D
    with pytest.raises(BadValue):
        v.parse_date(32873)
