"""The unified social credit code (统一社会信用代码, GB 32100-2015) and its check digit.

`check_credit_code` takes what a user typed or a sheet held and says whether
it is a well-formed code, with the normalised form, the reasons it is refused
and any warnings (e.g. the embedded GB 11714 organisation code's own check
character is wrong, which real registries sometimes contain).

Beyond the check character, the structure GB 32100-2015 gives the first
eight characters is checked: characters 3–8 (the registering authority's
administrative division, GB/T 2260) must be six digits, or the code is
refused. A pair of registration-authority and type codes (characters 1 and 2)
that the standard's table does not list, or a division whose first two digits
are no province's (nor 10, the national level), is a warning only: codes
issued under older rules are still in use.

A valid check character only shows the code is well formed; it does not
prove the code belongs to the named institution.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from operator import mul

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]
FORBIDDEN = {"I": "1", "O": "0", "S": "5", "V": "U", "Z": "2"}
LENGTH = 18

ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

# Characters 1–2: registration authority (登记管理部门码) and type (机构类别码), as GB 32100-2015 with its
# amendment No. 1 (2016) lists them. 1 机构编制: 1 机关, 2 事业单位, 3 中央编办直接管理机构编制的群众团体,
# 9 其他; 2 外交; 3 司法行政; 4 文化; 5 民政: 1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他; 6 旅游;
# 7 宗教; 8; 9 工商: 1 企业, 2 个体工商户, 3 农民专业合作社; A; N; Y 其他.
AUTHORITY_TYPES = frozenset((
    "11 12 13 19 21 29 31 32 33 34 35 39 41 49 51 52 53 59 61 62 69 71 72 79 81 89 91 92 93 "
    "A1 A9 N1 N2 N3 N9 Y1").split())
# Characters 3–4: a province-level division of GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54, 61–65,
# 71 台湾, 81 香港, 82 澳门), or 10 for an entity registered at the national level (100000).
PROVINCES = frozenset(
    [str(n) for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
                      *range(61, 66), 71, 81, 82)] + ["10"])


def check_character(first17: str) -> str:
    """The 18th character for the given first 17 (which must be in the alphabet)."""
    total = sum(map(mul, map(VALUE.__getitem__, first17[:17]), WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


_ORG_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def org_code_check_character(body8: str) -> str | None:
    """GB 11714 check character over the 8 body characters; None if a character is not 0-9/A-Z."""
    try:
        total = sum(map(mul, map(_ORG_VALUE.__getitem__, body8), ORG_WEIGHTS))
    except KeyError:
        return None
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


_ALLOWED = frozenset(ALPHABET)


def is_valid(code: str) -> bool:
    return len(code) == LENGTH and _ALLOWED.issuperset(code) and check_character(code) == code[17]


@dataclass
class CreditCodeCheck:
    """The verdict on one input. `code` is the normalised text (upper case, no spaces)."""

    raw: str
    code: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    expected_check: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_json(self) -> dict:
        return {
            "input": self.raw,
            "code": self.code,
            "valid": self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "notes": self.notes,
            "expected_check_character": self.expected_check,
        }


def normalise(raw: str) -> tuple[str, list[str]]:
    """Full-width to half-width, spaces removed, upper case; with notes of what changed.

    Dashes are kept (and refused later): only a 9-character organisation code is written with one.
    """
    notes = []
    text = unicodedata.normalize("NFKC", raw)
    if text != raw:
        notes.append("全角字符已转换为半角")
    stripped = "".join(text.split())
    if stripped != text.strip():
        notes.append("已去除代码中的空格")
    text = stripped
    if text != text.upper():
        notes.append("小写字母已转换为大写")
        text = text.upper()
    return text, notes


def check_credit_code(raw: str) -> CreditCodeCheck:
    text, notes = normalise(raw)
    result = CreditCodeCheck(raw=raw, code=text, notes=notes)
    if not text:
        result.errors.append("统一社会信用代码为空（应为18位）")
        return result
    compact = text.replace("-", "")
    if len(compact) == 9 and len(text) in (9, 10):
        result.errors.append(
            "这是9位组织机构代码（GB 11714），不是18位统一社会信用代码；请填写机构现在的统一社会信用代码"
        )
        return result
    bad = sorted({c for c in text if c in FORBIDDEN})
    if bad:
        hints = "，".join(f"{c} 可能应为 {FORBIDDEN[c]}" for c in bad)
        result.errors.append(f"统一社会信用代码不使用字母 I、O、S、V、Z（{hints}）")
    others = sorted({c for c in text if c not in VALUE and c not in FORBIDDEN})
    if others:
        result.errors.append(
            "含有统一社会信用代码不允许的字符：" + " ".join(others) + "（只允许数字和除 I、O、S、V、Z 外的大写字母）"
        )
    if len(text) != LENGTH:
        result.errors.append(f"统一社会信用代码应为18位，这里是{len(text)}位")
    if result.errors:
        return result
    expected = check_character(text[:17])
    result.expected_check = expected
    if expected != text[17]:
        result.errors.append(
            f"校验码（第18位）不符：按前17位计算应为 {expected}，这里是 {text[17]}；请核对代码是否抄错"
        )
        return result
    region = text[2:8]
    if not region.isdigit():
        result.errors.append(f"第3–8位登记管理机关行政区划码应为6位数字，这里是「{region}」")
        return result
    result.warnings += structure_warnings(text)
    warning = org_code_warning(text)
    if warning:
        result.warnings.append(warning)
    return result


def structure_warnings(code: str) -> list[str]:
    """What is unusual in a well-formed code's first eight characters (see the module's docstring)."""
    warnings = []
    if code[:2] not in AUTHORITY_TYPES:
        warnings.append(f"第1–2位「{code[:2]}」不是 GB 32100 所列的登记管理部门码与机构类别码组合（可能是旧代码）；"
                        "代码仍然有效，请与营业执照或登记证书核对")
    if code[2:4] not in PROVINCES:
        warnings.append(f"第3–8位登记管理机关行政区划码「{code[2:8]}」的前两位不是省级行政区划代码（11–82）或全国（10）；"
                        "代码仍然有效，请与营业执照核对")
    return warnings


def is_plain(code: str) -> bool:
    """A valid code with nothing to remark on: the common case, checked without building a report."""
    return (is_valid(code) and code[:2] in AUTHORITY_TYPES and code[2:4] in PROVINCES
            and code[2:8].isdigit() and not org_code_warning(code))


def org_code_warning(code: str) -> str | None:
    """Why the organisation code embedded in a valid credit code fails its own GB 11714 check, if it does."""
    org = org_code_check_character(code[8:16])
    if org is not None and org != code[16]:
        return (f"内嵌的组织机构代码 {code[8:16]}-{code[16]} 校验不符（按 GB 11714 应为 {org}）；"
                "代码仍然有效，请与营业执照核对")
    return None


def complete(first17: str) -> str:
    """A full code from its first 17 characters (used to generate demo and test data)."""
    return first17 + check_character(first17)
