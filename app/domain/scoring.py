"""Proficiency and blind-sample scores (ISO 13528 / GB/T 28043-2019, CNAS-GL002), docs/rules.md.

`score` computes z, z′, ζ or En for one quantitative result and judges it;
`judge_qualitative` judges a detected / not detected, pass / fail or identity
result against the expected one and names the kind of error.

Every number is a `Decimal` (floats are read through their shortest text,
`Decimal(str(x))`, so 0.1 stays 0.1). The judgement is made on the unrounded
score with exact comparisons and inclusive bounds: |z| = 2 is 满意, |z| = 3 is
不满意, |En| = 1 is 满意. The shown score (`rounded`) is the score as printed: two decimals, half away
from zero (`ROUND_HALF_UP`: 2.005 → 2.01, −2.005 → −2.01), but never a number that would be judged
otherwise than the score itself: within 0.005 of a limit, as many more decimals as that takes (z = 2.004
is 有问题 and prints 2.004, not 2.00; En = 1.0000001 prints 1.0000001), and zero is never printed −0.00.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import Enum
from typing import NoReturn

from app.domain.problems import InputRefused, Problem
from app.domain.values import BadValue, parse_number

ROUNDING = "保留两位小数，四舍五入；修约后会越过判定界限时多保留小数位，使显示值与判定一致（判定用未修约值）"
PRECISION = 28  # significant digits for division and square roots
Number = Decimal | str | int | float | None  # what a sample may hold; `to_decimal` reads it


class Statistic(str, Enum):
    Z = "z"
    Z_PRIME = "z_prime"
    ZETA = "zeta"
    EN = "En"  # the CLI's spelling

    @property
    def label(self) -> str:
        return {"z": "z 值", "z_prime": "z′ 值", "zeta": "ζ 值", "En": "En 值"}[self.value]

    @property
    def formula(self) -> str:
        return {
            "z": "z = (x − X) / σpt",
            "z_prime": "z′ = (x − X) / √(σpt² + u(X)²)",
            "zeta": "ζ = (x − X) / √(u(x)² + u(X)²)",
            "En": "En = (x − X) / √(U(x)² + U(X)²)",
        }[self.value]


class Judgement(str, Enum):
    SATISFACTORY = "satisfactory"
    QUESTIONABLE = "questionable"
    UNSATISFACTORY = "unsatisfactory"

    @property
    def label(self) -> str:
        return {"satisfactory": "满意", "questionable": "有问题", "unsatisfactory": "不满意"}[self.value]


FIELD_LABELS = {
    "statistic": "统计量",
    "assigned": "指定值 X",
    "sigma_pt": "能力评定标准差 σpt",
    "u_assigned": "指定值的标准不确定度 u(X)",
    "U_assigned": "指定值的扩展不确定度 U(X)",
    "result": "实验室结果 x",
    "u_result": "结果的标准不确定度 u(x)",
    "U_result": "结果的扩展不确定度 U(x)",
    # the same numbers under the names they are stored with, and an exam's
    "uncertainty_assigned": "指定值的标准不确定度 u(X)",
    "expanded_assigned": "指定值的扩展不确定度 U(X)",
    "uncertainty_result": "结果的标准不确定度 u(x)",
    "expanded_result": "结果的扩展不确定度 U(x)",
    "score": "成绩",
    "pass_mark": "合格线",
}


@dataclass(frozen=True)
class QuantitativeSample:
    """One result to score. Numbers may be Decimal, int, float or text; `score` reads and checks them.

    Uncertainties: u = standard, U = expanded (k = 2).
    """

    statistic: Statistic | str
    assigned: Number = None  # X
    sigma_pt: Number = None
    u_assigned: Number = None
    U_assigned: Number = None
    result: Number = None  # x
    u_result: Number = None
    U_result: Number = None


@dataclass(frozen=True)
class ScoreResult:
    statistic: Statistic
    score: Decimal  # full precision; the judgement uses this
    rounded: Decimal  # as printed: two decimals, more near a limit (`round_score`)
    judgement: Judgement
    formula: str
    inputs: dict[str, str]  # field name -> value used (derived uncertainties included, see notes)
    rounding: str = ROUNDING
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "statistic": self.statistic.value,
            "score": format(self.score, "f"),
            "rounded": format(self.rounded, "f"),
            "judgement": self.judgement.value,
            "judgement_label": self.judgement.label,
            "formula": self.formula,
            "inputs": dict(self.inputs),
            "rounding": self.rounding,
            "notes": list(self.notes),
        }


def _refuse(message: str, column: str, value: object, expected: str) -> NoReturn:
    raise InputRefused(message, [Problem(expected=expected, value=value, column=column)])


def to_decimal(raw: object, column: str) -> Decimal | None:
    """The number in `raw` (None or blank text → None), read by `values.parse_number`; refuses anything else,
    naming the field and saying why (a comma, a space, out of bounds, not a number)."""
    try:
        return parse_number(raw)
    except BadValue as bad:
        shown = raw if not isinstance(raw, str) or len(raw) <= 40 else raw[:40] + "…"
        _refuse(f"{FIELD_LABELS.get(column, column)}不是数字（应为{bad.expected}）", column, shown, bad.expected)


def _required(sample: QuantitativeSample, column: str, statistic: Statistic) -> Decimal:
    number = to_decimal(getattr(sample, column), column)
    if number is None:
        _refuse(f"计算{statistic.label}需要{FIELD_LABELS[column]}", column, None, "一个数字")
    return number


def _sigma(sample: QuantitativeSample, statistic: Statistic, inputs: dict) -> Decimal:
    sigma = _required(sample, "sigma_pt", statistic)
    if sigma <= 0:
        _refuse("能力评定标准差 σpt 必须大于 0", "sigma_pt", sample.sigma_pt, "大于 0 的数")
    inputs["sigma_pt"] = sigma
    return sigma


def _uncertainty(sample, of: str, expanded: bool, statistic: Statistic, inputs: dict, notes: list) -> Decimal:
    """u(of) (or U(of) when `expanded`), derived from the other kind with k = 2 if only that is given."""
    wanted, other = (f"U_{of}", f"u_{of}") if expanded else (f"u_{of}", f"U_{of}")
    for column in (wanted, other):
        value = to_decimal(getattr(sample, column), column)
        if value is None:
            continue
        if value < 0:
            _refuse(f"{FIELD_LABELS[column]}不能为负", column, getattr(sample, column), "不小于 0 的数")
        inputs[column] = value
        if column == other:
            value = value * 2 if expanded else value / 2
            inputs[wanted] = value
            symbol = "x" if of == "result" else "X"
            rule = f"U({symbol}) = 2·u({symbol})" if expanded else f"u({symbol}) = U({symbol}) / 2"
            notes.append(f"{rule}（k = 2）")
        return value
    _refuse(f"计算{statistic.label}需要{FIELD_LABELS[wanted]}或{FIELD_LABELS[other]}", wanted, None, "一个数字")


# ISO 13528 / CNAS-GL002 bands (docs/rules.md): inclusive at each limit as written
WARNING_LIMIT = Decimal(2)  # |z|, |z′|, |ζ| ≤ 2 satisfactory
ACTION_LIMIT = Decimal(3)  # 2 < |score| < 3 questionable, ≥ 3 unsatisfactory
EN_LIMIT = Decimal(1)  # |En| ≤ 1 satisfactory, > 1 unsatisfactory


def judge(statistic: Statistic, value: Decimal) -> Judgement:
    """The verdict for an unrounded score: En ≤ 1 / > 1; others ≤ 2 / (2, 3) / ≥ 3, on |score|."""
    size = abs(value)
    if statistic is Statistic.EN:
        return Judgement.SATISFACTORY if size <= EN_LIMIT else Judgement.UNSATISFACTORY
    if size <= WARNING_LIMIT:
        return Judgement.SATISFACTORY
    return Judgement.QUESTIONABLE if size < ACTION_LIMIT else Judgement.UNSATISFACTORY


def round_score(value: Decimal, statistic: Statistic | None = None) -> Decimal:
    """The score as printed: two decimals, half away from zero (2.005 → 2.01, −2.005 → −2.01), never −0.00.

    With the statistic: where two decimals would print a number judged otherwise than `value` (only within
    0.005 of a limit: z = 2.004 → 2.00 is 满意, the score 有问题), one more decimal at a time until the
    printed number is judged as the score is (2.004; 2.9999 rather than 3.000). The score itself is finite,
    so this ends at its own digits at the latest."""
    verdict = None if statistic is None else judge(statistic, value)
    places = 2
    with localcontext() as ctx:
        while True:
            ctx.prec = max(PRECISION, value.adjusted() + places + 2)
            shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            if verdict is None or judge(statistic, shown) is verdict or shown == value:
                break
            places += 1
    return abs(shown) if shown.is_zero() else shown


def printed_score(statistic: Statistic | str, score_text: str) -> str:
    """The text a record prints for a stored score (`ScoreResult.score` as text), by `round_score`:
    records scored before the rule get it too."""
    return format(round_score(Decimal(score_text), Statistic(statistic)), "f")


def score(sample: QuantitativeSample) -> ScoreResult:
    """Compute and judge the sample's statistic; raises `InputRefused` naming the field at fault."""
    try:
        statistic = Statistic(sample.statistic)
    except ValueError:
        _refuse("未知的统计量", "statistic", sample.statistic, "z、z_prime、zeta 或 En")
    x = _required(sample, "result", statistic)
    assigned = _required(sample, "assigned", statistic)
    inputs: dict[str, Decimal] = {"result": x, "assigned": assigned}
    notes: list[str] = []
    with localcontext() as ctx:
        ctx.prec = PRECISION
        if statistic is Statistic.Z:
            denominator = _sigma(sample, statistic, inputs)
            if _advice(denominator, sample.u_assigned) is Statistic.Z_PRIME:
                notes.append("u(X) > 0.3 σpt，宜改用 z′ 值")
        elif statistic is Statistic.Z_PRIME:
            sigma = _sigma(sample, statistic, inputs)
            u_assigned = _uncertainty(sample, "assigned", False, statistic, inputs, notes)
            denominator = (sigma * sigma + u_assigned * u_assigned).sqrt()
        else:
            expanded = statistic is Statistic.EN
            mine = _uncertainty(sample, "result", expanded, statistic, inputs, notes)
            theirs = _uncertainty(sample, "assigned", expanded, statistic, inputs, notes)
            denominator = (mine * mine + theirs * theirs).sqrt()
            if denominator == 0:
                column = "U_result" if expanded else "u_result"
                _refuse(f"{statistic.label}的分母为 0：实验室结果与指定值的不确定度不能同时为 0",
                        column, getattr(sample, column), "大于 0 的不确定度")
        value = (x - assigned) / denominator
    return ScoreResult(
        statistic=statistic,
        score=value,
        rounded=round_score(value, statistic),
        judgement=judge(statistic, value),
        formula=statistic.formula,
        inputs={k: format(v, "f") for k, v in inputs.items()},
        notes=tuple(notes),
    )


def suggest_statistic(sigma_pt: object, u_assigned: object) -> Statistic:
    """Advice only ([mem] rule of thumb): z′ when u(X) > 0.3 σpt, otherwise z. The user decides."""
    sigma = to_decimal(sigma_pt, "sigma_pt")
    u = to_decimal(u_assigned, "u_assigned")
    if sigma is None or u is None:
        return Statistic.Z
    return Statistic.Z_PRIME if u > Decimal("0.3") * sigma else Statistic.Z


def _advice(sigma: Decimal, u_assigned: object) -> Statistic:
    """`suggest_statistic` for a note only: an unreadable u(X) gives no advice rather than a refusal."""
    try:
        return suggest_statistic(sigma, u_assigned)
    except InputRefused:
        return Statistic.Z


# --- qualitative samples ----------------------------------------------------------------


class ErrorType(str, Enum):
    FALSE_POSITIVE = "false_positive"
    FALSE_NEGATIVE = "false_negative"
    MISMATCH = "mismatch"

    @property
    def label(self) -> str:
        return {"false_positive": "假阳性", "false_negative": "假阴性", "mismatch": "结果不符"}[self.value]


_WORDS = {
    "positive": ("检出", "阳性", "positive", "+"),
    "negative": ("未检出", "阴性", "negative", "-", "−"),
    "pass": ("合格", "符合"),
    "fail": ("不合格", "不符合"),
}
_CANONICAL = {word: meaning for meaning, words in _WORDS.items() for word in words}


def normalise_outcome(text: str) -> str:
    """NFKC, no white space, Latin case folded; the usual words become positive/negative/pass/fail."""
    folded = "".join(unicodedata.normalize("NFKC", text).split()).casefold()
    return _CANONICAL.get(folded, folded)


@dataclass(frozen=True)
class QualitativeSample:
    expected: str
    result: str


@dataclass(frozen=True)
class QualitativeResult:
    expected: str
    result: str
    judgement: Judgement  # SATISFACTORY or UNSATISFACTORY
    error_type: ErrorType | None = None
    compared: tuple[str, str] = ("", "")  # the normalised (expected, result)

    def to_json(self) -> dict:
        return {
            "expected": self.expected,
            "result": self.result,
            "judgement": self.judgement.value,
            "judgement_label": self.judgement.label,
            "error_type": self.error_type.value if self.error_type else None,
            "error_label": self.error_type.label if self.error_type else None,
            "compared": list(self.compared),
        }


def judge_qualitative(sample: QualitativeSample) -> QualitativeResult:
    """满意 when the normalised result equals the expected one; otherwise 不满意 with the error type."""
    texts = {}
    for column, label in (("expected", "预期结果"), ("result", "实验室结果")):
        raw = getattr(sample, column)
        texts[column] = "" if raw is None else str(raw)
        if not texts[column].strip():
            _refuse(f"缺少{label}", column, raw, "如 检出、未检出、合格、不合格")
    expected, result = normalise_outcome(texts["expected"]), normalise_outcome(texts["result"])
    error = None
    if expected != result:
        error = {("negative", "positive"): ErrorType.FALSE_POSITIVE,
                 ("positive", "negative"): ErrorType.FALSE_NEGATIVE}.get((expected, result), ErrorType.MISMATCH)
    return QualitativeResult(
        expected=texts["expected"],
        result=texts["result"],
        judgement=Judgement.UNSATISFACTORY if error else Judgement.SATISFACTORY,
        error_type=error,
        compared=(expected, result),
    )
