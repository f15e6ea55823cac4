"""The unified social credit code check (GB 32100-2015), as a user typing or pasting codes sees it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import credit_code
from app.domain.credit_code import (
    check_character,
    check_credit_code,
    complete,
    is_plain,
    is_valid,
    org_code_check_character,
)

# Real published codes (docs/rules.md, unified social credit code) and the GB 32100 worked example.
REAL_CODES = [
    "914403001922038216",
    "9144030071526726XG",
    "91330100716105852F",
    "91110108551385082Q",
    "91520000214434146R",
    "91350100M000100Y43",
]
FORBIDDEN_LETTERS = "IOSVZ"
# GB 32100-2015 §4.3 and appendix: the 31 characters (no I, O, S, V, Z), each worth its position, and the
# weights of characters 1–17 (3^(i-1) mod 31), written out here rather than read from the module.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # GB 11714-1997

alphabet_char = st.sampled_from(ALPHABET)
body17 = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


# --- the standard's tables, as the module holds them -------------------------------------------


def test_the_character_set_and_weights_are_gb_32100s():
    assert credit_code.ALPHABET == ALPHABET and len(ALPHABET) == 31
    assert list(credit_code.WEIGHTS) == WEIGHTS
    assert list(credit_code.ORG_WEIGHTS) == ORG_WEIGHTS


@pytest.mark.parametrize("code", REAL_CODES)
def test_check_character_by_the_standards_formula(code):
    """C18 = 31 − (Σ value(Ci) × Wi mod 31), 31 read as 0: computed here with the literal tables."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(code[:17], WEIGHTS))
    assert ALPHABET[(31 - total % 31) % 31] == code[17]


@pytest.mark.parametrize("first17, check", [
    ("91350100M000100Y4", "3"),  # the standard's worked example
    ("91440300192203821", "6"),  # 华为
    ("00000000000000000", "0"),  # a sum of 0: 31 − 0 is read as 0
    ("10000000000000000", "Y"),  # value 1 × weight 1: 31 − 1 = 30 → Y
    ("01000000000000000", "W"),  # value 1 × weight 3: 31 − 3 = 28 → W
])
def test_known_check_characters(first17, check):
    assert check_character(first17) == check
    assert complete(first17) == first17 + check


@pytest.mark.parametrize("body8, check", [("19220382", "1"), ("71526726", "X"), ("71610585", "2"),
                                          ("00000000", "0")])
def test_organisation_code_check_characters(body8, check):
    assert org_code_check_character(body8) == check


# --- accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_accepted_without_errors_warnings_or_notes(code):
    result = check_credit_code(code)
    assert result.valid
    assert result.errors == []
    assert result.warnings == []
    assert result.notes == []
    assert result.code == code
    assert result.expected_check == code[-1]
    assert is_valid(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_check_character_of_real_codes(code):
    assert check_character(code[:17]) == code[17]
    assert complete(code[:17]) == code


def test_worked_example_with_bad_last_character_is_refused():
    result = check_credit_code("91350100M000100Y4Z")
    assert not result.valid
    assert result.errors
    assert not is_valid("91350100M000100Y4Z")


# --- every single-character substitution is refused --------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_every_single_character_substitution_is_refused(code):
    accepted = []
    for pos in range(18):
        for ch in ALPHABET + FORBIDDEN_LETTERS:
            if ch == code[pos]:
                continue
            changed = code[:pos] + ch + code[pos + 1:]
            result = check_credit_code(changed)
            if result.valid or not result.errors:
                accepted.append(changed)
    assert accepted == []


@pytest.mark.parametrize("code", REAL_CODES)
def test_substituted_check_character_names_the_expected_one(code):
    wrong = next(c for c in ALPHABET if c != code[17])
    result = check_credit_code(code[:17] + wrong)
    assert not result.valid
    assert result.expected_check == code[17]
    assert any(code[17] in e and "校验" in e for e in result.errors)


# --- refused with a helpful message -------------------------------------------------------


@pytest.mark.parametrize("raw", ["91440300192203821", "9144030019220382166"])
def test_wrong_length_is_refused_mentioning_18_characters(raw):
    result = check_credit_code(raw)
    assert not result.valid
    assert any("18位" in e for e in result.errors)


@pytest.mark.parametrize("raw", ["", "   "])
def test_empty_is_refused_mentioning_18_characters(raw):
    result = check_credit_code(raw)
    assert not result.valid
    assert any("18位" in e for e in result.errors)


@pytest.mark.parametrize("raw", ["", "   "])
def test_empty_is_refused(raw):
    result = check_credit_code(raw)
    assert not result.valid
    assert result.errors


@pytest.mark.parametrize("code", [c for c in REAL_CODES if not c.isdigit()])
def test_lower_case_is_accepted_upper_cased_with_a_note(code):
    result = check_credit_code(code.lower())
    assert result.valid
    assert result.code == code
    assert result.notes  # the user is told the letters were upper-cased
    assert any("大写" in n for n in result.notes)
    assert result.warnings == []


@pytest.mark.parametrize("letter, looks_like", [("I", "1"), ("O", "0"), ("S", "5"), ("V", "U"), ("Z", "2")])
def test_forbidden_letter_is_refused_with_a_hint_naming_it(letter, looks_like):
    code = "914403001922038216"
    raw = code[:8] + letter + code[9:]
    result = check_credit_code(raw)
    assert not result.valid
    message = " ".join(result.errors)
    assert letter in message
    assert looks_like in message


def test_forbidden_letter_in_lower_case_is_still_refused():
    result = check_credit_code("91440300i92203821" + "6")
    assert not result.valid
    assert any("I" in e for e in result.errors)


@pytest.mark.parametrize("raw", ["192203821", "19220382-1", "71526726X", "71526726-X", "M000100Y-4"])
def test_nine_character_organisation_code_is_refused_as_such(raw):
    result = check_credit_code(raw)
    assert not result.valid
    assert any("组织机构代码" in e for e in result.errors)


def test_failed_embedded_organisation_code_check_is_accepted_with_a_warning():
    body = "9144030019220382"  # 华为's code up to the organisation code's body
    right = org_code_check_character(body[8:16])
    assert right == "1"
    wrong17 = next(c for c in "0123456789" if c != right)
    code = complete(body + wrong17)
    result = check_credit_code(code)
    assert result.valid
    assert result.errors == []
    assert result.warnings
    assert any("组织机构代码" in w for w in result.warnings)
    assert result.code == code


def test_full_width_digits_are_normalised_with_a_note():
    full = "".join(chr(ord(c) + 0xFEE0) for c in "914403001922038216")
    result = check_credit_code(full)
    assert result.valid
    assert result.code == "914403001922038216"
    assert any("全角" in n for n in result.notes)


def test_full_width_letters_are_normalised():
    full = "".join(chr(ord(c) + 0xFEE0) for c in "9144030071526726XG")
    result = check_credit_code(full)
    assert result.valid
    assert result.code == "9144030071526726XG"


def test_surrounding_spaces_are_tolerated():
    result = check_credit_code("  91330100716105852F \n")
    assert result.valid
    assert result.code == "91330100716105852F"


# --- properties ---------------------------------------------------------------------------


well_formed17 = st.builds(lambda a, region, b: a + region + b, st.text(alphabet=ALPHABET, min_size=2, max_size=2),
                          st.text(alphabet="0123456789", min_size=6, max_size=6),
                          st.text(alphabet=ALPHABET, min_size=9, max_size=9))


@given(well_formed17)
def test_any_17_characters_with_a_six_digit_region_plus_check_character_is_valid(first17):
    code = first17 + check_character(first17)
    result = check_credit_code(code)
    assert result.valid, result.errors
    assert result.errors == []
    assert result.code == code
    assert is_valid(code)


@given(body17, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET + FORBIDDEN_LETTERS))
def test_any_single_substitution_of_a_valid_code_is_invalid(first17, pos, ch):
    code = complete(first17)
    if code[pos] == ch:
        ch = ALPHABET[(ALPHABET.index(ch) + 1) % len(ALPHABET)]
    changed = code[:pos] + ch + code[pos + 1:]
    assert not check_credit_code(changed).valid
    assert not is_valid(changed)


@given(st.text())
def test_check_credit_code_never_raises(raw):
    result = check_credit_code(raw)
    assert isinstance(result.valid, bool)
    assert result.valid == (not result.errors)
    result.to_json()
    if result.valid:
        assert is_valid(result.code)


@given(st.text(alphabet=ALPHABET + FORBIDDEN_LETTERS + "abcxyz-— 　０１２", max_size=25))
def test_check_credit_code_never_raises_on_code_like_text(raw):
    result = check_credit_code(raw)
    if result.valid:
        assert len(result.code) == 18 and is_valid(result.code)


def test_institution_ids_are_uuid5_of_the_credit_code():
    """The same institution has the same id in every database: uuid5 over a fixed namespace, written here."""
    import uuid

    from app.domain.registry import inspector_id, institution_id

    namespace = uuid.UUID("6f1c2a3e-5b8d-4e0f-9a7c-2d4b6e8f0a13")  # ids in existing databases depend on it
    for code in REAL_CODES:
        assert institution_id(code) == str(uuid.uuid5(namespace, "institution:" + code))
    assert institution_id("914403001922038216") == "14f8445d-1ec1-5bcf-8f12-2f274b4c13d9"
    assert institution_id("91350100M000100Y43") == "8addb88a-6cf3-5c99-b02b-bc113079de95"
    assert inspector_id("14020008369") == "17d4e2a5-5826-5d0c-b41f-9ed4a2dd00dc"


# --- the structure of GB 32100: who registered it, what kind, where ------------------------------------------


@pytest.mark.parametrize("first17", [
    "11100000000013127",  # 机构编制 · 机关, national
    "12140200MB0T51234",  # 机构编制 · 事业单位, 山西大同
    "13100000500000402",  # 机构编制 · 群众团体
    "19650100MB1234562",  # 机构编制 · 其他
    "51440300MJL123454",  # 民政 · 社会团体
    "52140200MJY123458",  # 民政 · 民办非企业单位
    "53100000500021676",  # 民政 · 基金会
    "59110000MJ000000X",  # 民政 · 其他
    "92820000MA0000007",  # 工商 · 个体工商户, 澳门 prefix
    "93710000MA0000007",  # 工商 · 农民专业合作社, 台湾 prefix
    "Y1540000MB0000000",  # 其他
    "N2330100MA0000007",  # 农业 (N) · 2
    "A1110000MB0000000",  # A · 1
])
def test_known_authority_type_and_region_give_no_warning(first17):
    result = check_credit_code(complete(first17))
    assert result.valid and result.errors == [] and result.warnings == []


@pytest.mark.parametrize("first17, pair", [
    ("94440300192203821", "94"),  # 工商 has no type 4
    ("15440300192203821", "15"),
    ("Y2440300192203821", "Y2"),  # 其他 has only type 1
    ("B1440300192203821", "B1"),  # no such registration authority
    ("55440300192203821", "55"),  # an old 民政 type (居民委员会) no longer in the table
])
def test_an_unknown_authority_and_type_pair_is_a_warning_not_a_refusal(first17, pair):
    code = complete(first17)
    result = check_credit_code(code)
    assert result.valid and result.errors == []
    assert result.warnings == [
        f"第1–2位「{pair}」不是 GB 32100 所列的登记管理部门码与机构类别码组合（可能是旧代码）；代码仍然有效，请与营业执照或登记证书核对"]
    assert not is_plain(code)


@pytest.mark.parametrize("first17, region", [
    ("91990000192203821", "990000"),
    ("91000000192203821", "000000"),
    ("91160000192203821", "160000"),
    ("91720000192203821", "720000"),
])
def test_a_region_without_a_province_prefix_is_a_warning(first17, region):
    code = complete(first17)
    result = check_credit_code(code)
    assert result.valid and result.errors == []
    assert result.warnings == [
        f"第3–8位登记管理机关行政区划码「{region}」的前两位不是省级行政区划代码（11–82）或全国（10）；"
        "代码仍然有效，请与营业执照核对"]
    assert not is_plain(code)


@pytest.mark.parametrize("first17, region", [("9144A300192203821", "44A300"), ("91MA0000192203821", "MA0000")])
def test_a_region_that_is_not_six_digits_is_refused(first17, region):
    result = check_credit_code(complete(first17))
    assert not result.valid
    assert result.errors == [f"第3–8位登记管理机关行政区划码应为6位数字，这里是「{region}」"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_plain(code):
    assert is_plain(code)


def test_an_unusual_code_is_imported_with_its_warning(tmp_path):
    """The import's fast path leaves such a code to the careful reader, which reports the warning."""
    from app.domain.problems import Severity
    from app.services.registry import import_institutions
    from app.store.database import open_database
    from tests.xlsx_helpers import write_xlsx

    odd = complete("94440300192203821")
    path = write_xlsx(tmp_path / "odd.xlsx", [["机构名称", "统一社会信用代码", "机构类别"], ["甲公司", odd, "其他"],
                                              ["乙公司", REAL_CODES[0], "其他"]], text_columns={1})
    db = open_database(tmp_path / "db.sqlite")
    try:
        report = import_institutions(db, path)
    finally:
        db.conn.close()
    assert report.inserted == 2
    assert [(w.row, w.column, w.severity) for w in report.warnings] == [(2, "B（统一社会信用代码）", Severity.WARNING)]
    assert report.warnings[0].expected.startswith("第1–2位「94」")
