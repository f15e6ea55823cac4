"""Numbers typed on site (issue 7, item 14): one domain rule, `app.domain.values.parse_number`, read by the
scoring, the services, the command line and the window alike.

Accepted: plain decimals and exponents, a leading sign, full-width digits, point and signs as a Chinese input
method types them. Refused with a message that says why: a comma (decimal comma or thousands separator: which
one is ambiguous), a space inside the number, more than 28 significant digits, a magnitude outside
1E-30 … 1E+30, anything that is not a number. A value that does not parse is never stored.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain import scoring
from app.domain.problems import InputRefused
from app.domain.values import BadValue, parse_number
from app.services import recording
from app.store import rows as stored
from tests.recording_helpers import audit_count

D = Decimal


@pytest.mark.parametrize("text,expected", [
    ("12.5", D("12.5")),
    ("  12.5 ", D("12.5")),
    ("-1.2E-3", D("-0.0012")),
    ("1e3", D("1000")),
    ("+5", D("5")),
    (".5", D("0.5")),
    ("5.", D("5")),
    ("１２．５", D("12.5")),  # full-width digits and point, as a Chinese input method types them
    ("－３", D("-3")),  # full-width minus
    ("−3", D("-3")),  # U+2212 MINUS SIGN
    ("0", D("0")),
    ("1E30", D("1E30")),
    ("1E-30", D("1E-30")),
    ("1234567890123456789012345678", D("1234567890123456789012345678")),  # 28 significant digits
    ("0.000", D("0")),
])
def test_numbers_that_are_read(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("value,expected", [(3, D("3")), (0.1, D("0.1")), (D("2.50"), D("2.50")), (None, None),
                                            ("", None), ("  ", None)])
def test_numbers_that_are_already_numbers_or_blank(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("text,words", [
    ("12,5", "逗号"),  # decimal comma or thousands separator?
    ("1,234.5", "逗号"),
    ("１２，５", "逗号"),  # the full-width comma too
    ("0 5", "空格"),  # not 5, not 0.5, not 05
    ("1 234", "空格"),
    ("1_000", "数字"),  # Python's Decimal would read 1000
    ("1E999999999", "1E-30"),  # Decimal would overflow in the arithmetic
    ("1E100000000", "1E-30"),  # its plain form has 100 million digits
    ("-1E31", "1E-30"),
    ("1E-31", "1E-30"),
    ("12345678901234567890123456789", "28"),  # 29 significant digits
    ("NaN", "数字"), ("Infinity", "数字"), ("-inf", "数字"), ("sNaN", "数字"),
    ("0x10", "数字"), ("十二", "数字"), ("12.5.1", "数字"), ("1e", "数字"), ("-", "数字"), (".", "数字"),
    ("12。5", "数字"),
    ("1" * 10_000, "28"),
])
def test_numbers_that_are_refused_say_why(text, words):
    with pytest.raises(BadValue) as caught:
        parse_number(text)
    assert words in caught.value.expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, 1e40, D("1E+999999")])
def test_values_that_are_no_usable_number_are_refused(value):
    with pytest.raises(BadValue):
        parse_number(value)


def test_a_huge_text_is_refused_without_reading_it_all():
    with pytest.raises(BadValue):
        parse_number("9" * 100_000_000)


def test_the_scoring_reads_numbers_through_the_same_rule_and_names_the_field():
    with pytest.raises(InputRefused) as caught:
        scoring.score(scoring.QuantitativeSample("z", assigned="10", sigma_pt="0,5", result="10.5"))
    problem = caught.value.problems[0]
    assert problem.column == "sigma_pt" and problem.value == "0,5" and "逗号" in problem.expected
    assert "σpt" in caught.value.message and "逗号" in caught.value.message
    assert scoring.score(scoring.QuantitativeSample("z", assigned="１０", sigma_pt="０．５",
                                                    result="－9.4")).rounded == D("-38.80")


# --- the service: a value is stored only when it parses ---------------------------------------------


@pytest.mark.parametrize("typed", ["abc", "12,5", "0 5", "1E100000000", "1E999999999"])
def test_a_half_filled_sample_never_stores_a_value_that_does_not_parse(rec, typed):
    sample_id = recording.save_blind_sample(rec.db, rec.task, {"code": "BS-1", "statistic": "z",
                                                                  "assigned": "10"}, strict=False).id
    before = audit_count(rec.db)
    with pytest.raises(InputRefused) as caught:
        recording.save_blind_sample(rec.db, rec.task, {"assigned": typed}, sample_id, strict=False)
    assert caught.value.problems[0].column == "assigned"
    assert "指定值" in caught.value.message
    row = stored.fetch(rec.db.conn, "blind_samples", {"id": sample_id})
    assert row["assigned"] == "10"  # the previous value is kept
    assert audit_count(rec.db) == before


def test_a_full_width_number_is_stored_as_its_plain_form(rec):
    sample_id = recording.save_blind_sample(rec.db, rec.task, {
        "code": "BS-2", "statistic": "z", "assigned": "１０", "sigma_pt": "０．５", "result": "1.12E1"}).id
    row = stored.fetch(rec.db.conn, "blind_samples", {"id": sample_id})
    assert (row["assigned"], row["sigma_pt"], row["result"], row["score"], row["judgement"]) == (
        "10", "0.5", "11.2", "2.4", "questionable")


@pytest.mark.parametrize("values,column", [({"score": "8,5"}, "score"), ({"pass_mark": "1E100000000"}, "pass_mark"),
                                           ({"score": "6 0"}, "score")])
def test_an_exam_score_that_does_not_parse_is_refused(rec, values, column):
    before = audit_count(rec.db)
    with pytest.raises(InputRefused) as caught:
        recording.save_exam(rec.db, rec.task, {"signatory": "赵工", "form": "written", "score": "85",
                                               "pass_mark": "60", **values})
    assert caught.value.problems[0].column == column
    assert audit_count(rec.db) == before
