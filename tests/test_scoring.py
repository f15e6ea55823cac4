"""Proficiency / blind-sample scores (docs/rules.md, blind-sample scores): worked examples, boundaries, rounding, refusals."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.problems import InputRefused
from app.domain.scoring import (
    ROUNDING,
    ErrorType,
    Judgement,
    QualitativeSample,
    QuantitativeSample,
    Statistic,
    judge,
    judge_qualitative,
    score,
    suggest_statistic,
)

SAT, QUE, UNS = Judgement.SATISFACTORY, Judgement.QUESTIONABLE, Judgement.UNSATISFACTORY


def z(x, assigned="10.0", sigma="0.50"):
    return score(QuantitativeSample(Statistic.Z, assigned=assigned, sigma_pt=sigma, result=x))


def three(value):
    return value.quantize(D("0.001"))


# --- worked examples (docs/rules.md) ----------------------------------------------------------


@pytest.mark.parametrize("x,rounded,judgement", [
    ("10.6", "1.20", SAT),
    ("11.2", "2.40", QUE),
    ("8.4", "-3.20", UNS),
])
def test_example_1_z(x, rounded, judgement):
    result = z(x)
    assert result.rounded == D(rounded) and format(result.rounded, "f") == rounded
    assert result.judgement is judgement
    assert result.formula == "z = (x − X) / σpt"
    assert result.inputs == {"result": x, "assigned": "10.0", "sigma_pt": "0.50"}
    assert result.rounding == ROUNDING


def test_example_2_z_questionable_but_z_prime_satisfactory():
    common = dict(assigned="50.0", sigma_pt="2.5", u_assigned="0.9", result="55.2")
    plain = score(QuantitativeSample(Statistic.Z, **common))
    assert three(plain.score) == D("2.080") and plain.judgement is QUE
    assert any("z′" in note for note in plain.notes)  # u/σ = 0.36 > 0.3
    prime = score(QuantitativeSample(Statistic.Z_PRIME, **common))
    assert three(prime.score) == D("1.957") and prime.rounded == D("1.96") and prime.judgement is SAT
    assert prime.inputs["u_assigned"] == "0.9"
    assert suggest_statistic("2.5", "0.9") is Statistic.Z_PRIME


def test_example_3_en_and_zeta():
    common = dict(assigned="100.0", U_assigned="1.0", result="102.5", U_result="2.0")
    en = score(QuantitativeSample("En", **common))
    assert en.statistic is Statistic.EN and three(en.score) == D("1.118") and en.judgement is UNS
    zeta = score(QuantitativeSample(Statistic.ZETA, **common))
    assert three(zeta.score) == D("2.236") and zeta.judgement is QUE
    assert zeta.inputs["u_result"] == "1.0" and zeta.inputs["u_assigned"] == "0.5"
    assert "u(x) = U(x) / 2（k = 2）" in zeta.notes and "u(X) = U(X) / 2（k = 2）" in zeta.notes
    closer = score(QuantitativeSample(Statistic.EN, **{**common, "result": "101.8"}))
    assert three(closer.score) == D("0.805") and closer.judgement is SAT


def test_en_from_standard_uncertainties_doubles_them():
    result = score(QuantitativeSample(Statistic.EN, assigned=100, u_assigned="0.5", result="102.5", u_result=1))
    assert three(result.score) == D("1.118")
    assert result.inputs["U_result"] == "2" and result.inputs["U_assigned"] == "1.0"
    assert "U(x) = 2·u(x)（k = 2）" in result.notes


# --- boundaries (inclusive, judged exactly) ----------------------------------------------


@pytest.mark.parametrize("x,judgement", [
    ("11.0", SAT), ("9.0", SAT),  # z = ±2
    ("11.5", UNS), ("8.5", UNS),  # z = ±3
    ("11.00000005", QUE), ("8.99999995", QUE),  # z = ±2.0000001
    ("11.49999995", QUE),  # z = 2.9999999
])
def test_z_boundaries(x, judgement):
    assert z(x).judgement is judgement


def test_en_boundary_exactly_one_is_satisfactory():
    exact = score(QuantitativeSample(Statistic.EN, assigned=100, U_assigned="0.8", result=101, U_result="0.6"))
    assert exact.score == 1 and exact.judgement is SAT
    above = score(QuantitativeSample(Statistic.EN, assigned=100, U_assigned="0.8", result="101.0000001",
                                     U_result="0.6"))
    # printed as judged: 1.00 would read as 满意 (issue 9, item 7)
    assert above.score > 1 and above.judgement is UNS and above.rounded == D("1.0000001")


def test_rounding_is_half_up_but_the_judgement_uses_the_unrounded_score():
    result = z("11.0025", assigned="10", sigma="0.5")
    assert result.score == D("2.005") and result.rounded == D("2.01") and result.judgement is QUE
    below = z("8.9975", assigned="10", sigma="0.5")
    assert below.rounded == D("-2.01")
    beyond_the_limit = z("11.0000002", assigned="10", sigma="0.5")  # z = 2.0000004: questionable
    assert beyond_the_limit.judgement is QUE and beyond_the_limit.rounded == D("2.0000004")


def test_floats_mean_their_decimal_text():
    assert z(10.6, 10.0, 0.5).score == z("10.6", "10.0", "0.5").score == D("1.2")
    # In binary, (0.7 − 0.1) / 0.2 is just under 3 and would be judged 有问题.
    result = z(0.7, 0.1, 0.2)
    assert result.score == 3 and result.judgement is UNS
    assert result.inputs == {"result": "0.7", "assigned": "0.1", "sigma_pt": "0.2"}


def test_text_numbers_may_be_full_width_or_use_the_minus_sign():
    assert z("１０．６").score == D("1.2")
    assert z("−9.4", assigned="-10").score == D("1.2")


def test_to_json_gives_strings_and_enum_values():
    data = z("11.2").to_json()
    assert data["statistic"] == "z" and data["judgement"] == "questionable" and data["judgement_label"] == "有问题"
    assert data["score"] == "2.4" and data["rounded"] == "2.40" and data["rounding"] == ROUNDING
    assert z("20", assigned="0", sigma="0.5").to_json()["score"] == "40"  # no exponent notation


def test_labels():
    assert [s.label for s in Statistic] == ["z 值", "z′ 值", "ζ 值", "En 值"]
    assert [j.label for j in Judgement] == ["满意", "有问题", "不满意"]
    assert Statistic("En") is Statistic.EN


def test_suggestion_is_z_unless_u_is_large():
    assert suggest_statistic("2.5", "0.75") is Statistic.Z  # exactly 0.3 σpt
    assert suggest_statistic(2.5, 0.76) is Statistic.Z_PRIME
    assert suggest_statistic("2.5", None) is Statistic.Z


# --- refusals ---------------------------------------------------------------------------


def refused(**kwargs) -> InputRefused:
    with pytest.raises(InputRefused) as caught:
        score(QuantitativeSample(**kwargs))
    return caught.value


@pytest.mark.parametrize("kwargs,column,words", [
    (dict(statistic="z", assigned=10, result=11), "sigma_pt", "σpt"),
    (dict(statistic="z", assigned=10, sigma_pt=0, result=11), "sigma_pt", "大于 0"),
    (dict(statistic="z", assigned=10, sigma_pt="-0.5", result=11), "sigma_pt", "大于 0"),
    (dict(statistic="z", assigned=10, sigma_pt="0.5", result="十一"), "result", "不是数字"),
    (dict(statistic="z", assigned=10, sigma_pt="0.5", result=" "), "result", "实验室结果"),
    (dict(statistic="z", assigned=float("nan"), sigma_pt="0.5", result=11), "assigned", "不是数字"),
    (dict(statistic="z_prime", assigned=10, sigma_pt="0.5", result=11), "u_assigned", "u(X)"),
    (dict(statistic="zeta", assigned=10, u_assigned="-0.1", result=11, u_result=1), "u_assigned", "不能为负"),
    (dict(statistic="En", assigned=10, U_assigned=0, result=11, U_result=0), "U_result", "分母为 0"),
    (dict(statistic="En", assigned=10, U_assigned=1, result=11), "U_result", "U(x)"),
    (dict(statistic="t", assigned=10, result=11), "statistic", "统计量"),
])
def test_refusals_name_the_field(kwargs, column, words):
    error = refused(**kwargs)
    assert error.problems[0].column == column
    assert words in error.message


def test_an_unreadable_u_is_no_reason_to_refuse_a_plain_z():
    assert score(QuantitativeSample("z", assigned=10, sigma_pt="0.5", u_assigned="?", result=11)).score == 2


# --- qualitative samples ----------------------------------------------------------------


@pytest.mark.parametrize("expected,result,judgement,error", [
    ("检出", "检出", SAT, None),
    ("阳性", "检出", SAT, None),
    ("未检出 ", "阴性", SAT, None),
    ("Negative", "－", SAT, None),
    ("合格", "符合", SAT, None),
    ("沙门氏菌", " 沙门氏菌", SAT, None),
    ("未检出", "阳性", UNS, ErrorType.FALSE_POSITIVE),
    ("+", "negative", UNS, ErrorType.FALSE_NEGATIVE),
    ("合格", "不合格", UNS, ErrorType.MISMATCH),
    ("沙门氏菌", "志贺氏菌", UNS, ErrorType.MISMATCH),
])
def test_qualitative(expected, result, judgement, error):
    verdict = judge_qualitative(QualitativeSample(expected, result))
    assert verdict.judgement is judgement and verdict.error_type is error
    assert verdict.expected == expected and verdict.result == result


def test_qualitative_labels_json_and_refusal():
    verdict = judge_qualitative(QualitativeSample("阴性", "检出"))
    assert verdict.error_type.label == "假阳性" and ErrorType.FALSE_NEGATIVE.label == "假阴性"
    assert verdict.to_json()["error_type"] == "false_positive" and verdict.to_json()["judgement"] == "unsatisfactory"
    with pytest.raises(InputRefused) as caught:
        judge_qualitative(QualitativeSample("检出", "  "))
    assert caught.value.problems[0].column == "result"


# --- properties -------------------------------------------------------------------------

deviations = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False)
sigmas = st.decimals(min_value=D("0.001"), max_value=1000, places=3)
factors = st.decimals(min_value=D("0.01"), max_value=100, places=2)
RANK = {SAT: 0, QUE: 1, UNS: 2}


@given(deviations, sigmas)
def test_judgement_is_symmetric_in_the_sign_of_the_deviation(d, sigma):
    assert z(100 + d, 100, sigma).judgement is z(100 - d, 100, sigma).judgement


@given(deviations, sigmas, factors)
def test_scaling_deviation_and_sigma_together_leaves_z_unchanged(d, sigma, k):
    assert z(100 + k * d, 100, k * sigma).score == z(100 + d, 100, sigma).score


@given(st.sampled_from(list(Statistic)), st.decimals(min_value=0, max_value=10, places=6),
       st.decimals(min_value=0, max_value=10, places=6))
def test_judgement_bands_are_monotone_in_the_size_of_the_score(statistic, a, b):
    low, high = sorted([a, b])
    assert RANK[judge(statistic, low)] <= RANK[judge(statistic, -high)]


# --- printed as judged (issue 9, item 7) ----------------------------------------------------

@pytest.mark.parametrize("statistic,exact,printed", [
    (Statistic.Z, "2.004", "2.004"),  # two decimals would be 2.00, which is 满意
    (Statistic.Z, "-2.004", "-2.004"),
    (Statistic.Z, "2.0049", "2.005"),  # three decimals are enough: 2.005 is 有问题
    (Statistic.Z, "2.0", "2.00"),  # on the limit itself: 满意, printed 2.00
    (Statistic.Z, "2.006", "2.01"),  # rounding away from the limit never crosses it
    (Statistic.Z, "2.9951", "2.995"),  # 3.00 would be 不满意, the score is 有问题
    (Statistic.Z, "2.99951", "2.9995"),
    (Statistic.Z, "3", "3.00"),
    (Statistic.Z_PRIME, "-2.995", "-2.995"),
    (Statistic.ZETA, "1.996", "2.00"),  # below the limit: 满意 either way
    (Statistic.EN, "1.004", "1.004"),
    (Statistic.EN, "0.996", "1.00"),  # |En| = 1 is 满意
    (Statistic.EN, "-1.00001", "-1.00001"),
    (Statistic.Z, "-0.001", "0.00"),  # never −0.00
    (Statistic.EN, "-0.004999", "0.00"),
    (Statistic.Z, "-0.005", "-0.01"),
])
def test_the_printed_score_is_judged_as_the_score_is(statistic, exact, printed):
    from app.domain.scoring import printed_score

    assert printed_score(statistic, exact) == printed
    assert printed_score(statistic.value, exact) == printed


def test_a_score_near_a_limit_is_stored_with_the_digits_it_is_printed_with():
    result = z("11.002", assigned="10", sigma="0.5")  # z = 2.004
    assert result.judgement is QUE and result.to_json()["rounded"] == "2.004"
    assert z("9.9995", assigned="10", sigma="0.5").to_json()["rounded"] == "0.00"  # z = −0.001


NEAR_LIMITS = st.sampled_from(["0", "1", "2", "3", "-1", "-2", "-3"]).flatmap(
    lambda limit: st.decimals(min_value=-D("0.02"), max_value=D("0.02"), places=9, allow_nan=False,
                              allow_infinity=False).map(lambda d: D(limit) + d))
ANY_SCORE = st.one_of(NEAR_LIMITS, st.decimals(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False))


@given(statistic=st.sampled_from(list(Statistic)), value=ANY_SCORE)
def test_any_printed_score_read_back_is_judged_the_same(statistic, value):
    from app.domain.scoring import printed_score, round_score

    text = printed_score(statistic, format(value, "f"))
    assert judge(statistic, D(text)) is judge(statistic, value), text
    assert not text.startswith("-") or D(text) != 0, text  # never −0.00
    assert len(text.split(".")[1]) >= 2  # at least two decimals
    two = value.quantize(D("0.01"), rounding="ROUND_HALF_UP")
    if judge(statistic, two) is judge(statistic, value):
        assert D(text) == two  # only where two decimals would mislead are there more
    assert round_score(value, statistic) == D(text)
