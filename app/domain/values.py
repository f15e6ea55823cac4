"""Reading one cell's value the way real registry sheets write it.

Each parser takes what a spreadsheet reader returns for a cell (str, float,
int, bool, date, datetime or None/"") and gives the domain value, or raises
`BadValue` saying what was expected. Notes about adjustments that were made
(e.g. an Excel date serial number read as a date) are returned beside the value.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from app.domain.registry import Category, Department, Level, RiskClass


class BadValue(ValueError):
    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """Any cell as text: whole-number floats lose their `.0`, whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def clean(value: str) -> str:
    """Free text as written, with runs of white space (full-width spaces and line breaks too) made one space.

    Full-width punctuation stays: it is how Chinese is written (，；（）).
    """
    return " ".join(value.split())


def fold(value: str) -> str:
    """Codes, numbers and labels: full-width letters, digits and signs to half-width (NFKC), then `clean`."""
    if not value.isascii() and not unicodedata.is_normalized("NFKC", value):
        value = unicodedata.normalize("NFKC", value)
    return " ".join(value.split())


# --- dates ------------------------------------------------------------------------------

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers of 1990-01-01 .. 2099-12-31; outside that a number is not a plausible date.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73050

DATE_EXPECTED = "日期，如 2025-09-09、2025/9/9、2025.9.9 或 2025年9月9日"


def parse_date(value) -> tuple[date | None, str | None]:
    """A date from a date cell or the usual written forms; (None, None) for a blank cell."""
    if type(value) is date:
        return value, None
    if is_blank(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer() and 19000101 <= number <= 20991231:
            return parse_date(str(int(number)))
        if number.is_integer() and _SERIAL_MIN <= number <= _SERIAL_MAX:
            day = _EXCEL_EPOCH + timedelta(days=int(number))
            return day, f"数字 {int(number)} 按 Excel 日期序号读作 {day.isoformat()}"
        raise BadValue(DATE_EXPECTED)
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(raw)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d), None
            except ValueError:
                raise BadValue(f"真实存在的日期（{y}年没有{mo}月{d}日）") from None
    raise BadValue(DATE_EXPECTED)


ISO_DATE_EXPECTED = "YYYY-MM-DD 格式的真实日期，如 2030-01-31"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def parse_iso_date(value) -> date | None:
    """A date typed as YYYY-MM-DD (full-width digits and dash allowed); None for blank. Stricter than
    `date.fromisoformat`, which from Python 3.11 also reads 20301010 and 2030-W01-1."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if is_blank(value):
        return None
    m = _ISO_DATE.fullmatch(unicodedata.normalize("NFKC", str(value)).strip())
    if not m:
        raise BadValue(ISO_DATE_EXPECTED)
    try:
        return date(*(int(g) for g in m.groups()))
    except ValueError:
        raise BadValue(ISO_DATE_EXPECTED) from None


MOMENT_EXPECTED = "YYYY-MM-DD HH:MM 格式的真实时间（1900–2999 年），如 2025-10-20 09:30"
FIRST_YEAR, LAST_YEAR = 1900, 2999  # far from the calendar's ends, where a time zone shift overflows


def parse_moment(value) -> datetime | None:
    """A time typed as 'YYYY-MM-DD HH:MM' (or with T, seconds, a UTC offset; full-width digits, colon and dash
    as a Chinese input method types them); None for blank. Raises BadValue for anything else, including years
    outside 1900–2999."""
    if isinstance(value, datetime):
        moment = value
    elif is_blank(value):
        return None
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not _MOMENT.fullmatch(text):
            raise BadValue(MOMENT_EXPECTED)
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            raise BadValue(MOMENT_EXPECTED) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise BadValue(MOMENT_EXPECTED)
    return moment


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII)


# --- yes/no flags -----------------------------------------------------------------------

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "☑", "有", "对", "t", "x"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "✘", "无", "不是", "f", "-", "—", "/"}
FLAG_EXPECTED = "是/否、Y/N 或 √（空白视为否）"


def parse_flag(value) -> bool:
    if value == "" or value is None:
        return False
    if value == "是" or value == "否":
        return value == "是"
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
        raise BadValue(FLAG_EXPECTED)
    key = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadValue(FLAG_EXPECTED)


# --- enumerations -----------------------------------------------------------------------

CATEGORY_EXPECTED = "机构类别，如 机动车检验机构、生态环境监测机构 或 其他"


def parse_category(value) -> Category | None:
    """Chinese labels as sheets write them: 机动车… → vehicle, (生态)环境监测… → eco_env, else other."""
    if is_blank(value):
        return None
    return _category(text(value))


@lru_cache(maxsize=256)  # a registry repeats a handful of labels thousands of times
def _category(value: str) -> Category:
    raw = fold(value)
    key = raw.lower()
    for member in Category:
        if key == member.value:
            return member
    if "机动车" in raw or "车检" in raw:
        return Category.VEHICLE
    if "环境监测" in raw or "生态环境" in raw or "环保" in raw or "环境检测" in raw:
        return Category.ECO_ENV
    return Category.OTHER


_RISK_WORDS = {"低": RiskClass.A, "一般": RiskClass.B, "较高": RiskClass.C, "高": RiskClass.D}
RISK_EXPECTED = "信用风险分类 A、B、C、D（或 低、一般、较高、高）"


def parse_risk_class(value) -> RiskClass | None:
    if is_blank(value):
        return None
    return _risk_class(text(value))


@lru_cache(maxsize=256)
def _risk_class(value: str) -> RiskClass:
    raw = fold(value).upper()
    raw = re.sub(r"[(（][^)）]*[)）]", "", raw).strip()  # "A类（低风险）", as the window shows it
    raw = raw.removesuffix("风险").removesuffix("类").removesuffix("级")
    raw = raw.removeprefix("风险").strip()
    if raw in RiskClass.__members__:
        return RiskClass[raw]
    for word, cls in _RISK_WORDS.items():
        if raw == word:
            return cls
    raise BadValue(RISK_EXPECTED)


DEPARTMENT_EXPECTED = "所属部门：市场监管、公安、生态环境 或 专家"


def parse_department(value) -> Department | None:
    if is_blank(value):
        return None
    raw = fold(text(value))
    key = raw.lower()
    for member in Department:
        if key == member.value:
            return member
    if "专家" in raw:
        return Department.EXPERT
    if "公安" in raw or "交管" in raw or "车管" in raw or "警" in raw:
        return Department.POLICE
    if "生态" in raw or "环境" in raw or "环保" in raw:
        return Department.ECO
    if "市场" in raw or "市监" in raw or "质监" in raw or "工商" in raw:
        return Department.MARKET
    raise BadValue(DEPARTMENT_EXPECTED)


LEVEL_EXPECTED = "层级：省级、市级 或 县级"


def parse_level(value) -> Level | None:
    if is_blank(value):
        return None
    raw = fold(text(value))
    key = raw.lower()
    for member in Level:
        if key == member.value:
            return member
    if raw.startswith("省"):
        return Level.PROVINCE
    if raw.startswith("市"):
        return Level.CITY
    if raw.startswith(("县", "区")):
        return Level.COUNTY
    raise BadValue(LEVEL_EXPECTED)


# --- measured numbers -------------------------------------------------------------------

# Bounds of a number typed on site (a result, an uncertainty, a score): at most MAX_DIGITS significant digits
# (Decimal's working precision, so every input is held exactly), and zero or a magnitude from 1E-30 to below
# 1E+31 (the decimal exponent of its first digit within ±MAX_EXPONENT). No measurement needs more; without a
# bound `1E999999999` overflows the arithmetic and `1E100000000` is stored as 100 million digits.
MAX_DIGITS = 28
MAX_EXPONENT = 30
_MAX_TEXT = 400  # characters: a longer text is not read at all (it cannot be a number within the bounds)
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
NUMBER_EXPECTED = "一个数字，如 10.5、-0.3 或 1.2E-3"
NUMBER_COMMA = ("不含逗号的数字：逗号有歧义，既可能是小数点（12,5 即 12.5），也可能是千位分隔符（12,500）；"
                "小数请用小数点“.”，不写千位分隔符")
NUMBER_SPACE = "中间没有空格的数字（“0 5”是 0.5、05 还是 5？），不写千位分隔符"
NUMBER_DIGITS = f"有效数字不超过 {MAX_DIGITS} 位的数字"
NUMBER_RANGE = f"0，或绝对值不小于 1E-{MAX_EXPONENT}、小于 1E+{MAX_EXPONENT + 1} 的数字"


def parse_number(value) -> Decimal | None:
    """A measured number as Decimal; None for a blank cell. Raises `BadValue` saying what was expected.

    Text is NFKC-folded first, so full-width digits, point and signs (１２．５, －３) read as typed; U+2212 is a
    minus. Refused: a comma (a decimal comma and a thousands separator cannot be told apart), white space
    inside the number, exponent-only or special forms (NaN, Infinity, 1_000), and anything beyond the bounds.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue(NUMBER_EXPECTED)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue(NUMBER_EXPECTED)
        number = Decimal(repr(value))
    else:
        number = _number_text(str(value))
        if number is None:
            return None
    return _bounded(number)


def _number_text(raw: str) -> Decimal | None:
    if len(raw) > _MAX_TEXT:  # never fold or scan a huge text
        raise BadValue(NUMBER_DIGITS)
    text = unicodedata.normalize("NFKC", raw).replace("\u2212", "-").strip()
    if not text:
        return None
    if "," in text:
        raise BadValue(NUMBER_COMMA)
    if any(c.isspace() for c in text):
        raise BadValue(NUMBER_SPACE)
    if not _NUMBER.fullmatch(text):
        raise BadValue(NUMBER_EXPECTED)
    exponent = text.lower().partition("e")[2]
    if exponent and len(exponent.lstrip("+-").lstrip("0")) > 3:  # |exponent| ≥ 1000: far out of bounds
        raise BadValue(NUMBER_RANGE)
    return Decimal(text)


def _bounded(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise BadValue(NUMBER_EXPECTED)
    if not number:
        return number
    if abs(number.adjusted()) > MAX_EXPONENT:
        raise BadValue(NUMBER_RANGE)
    if len(number.as_tuple().digits) > MAX_DIGITS:
        raise BadValue(NUMBER_DIGITS)
    return number


# --- lists, years, numbers kept as text -------------------------------------------------

def split_names(text_: str) -> list[str]:
    """Names separated by 、 , ， ; ； / or white space, in order, without duplicates."""
    # chained replace() is faster than str.translate with a table for CJK text
    spaced = text_.replace("、", " ").replace("，", " ").replace(",", " ").replace("；", " ")
    return list(dict.fromkeys(spaced.replace(";", " ").replace("/", " ").split()))


def parse_list(value) -> list[str]:
    """Names separated by 、 , ， ; ； / newlines or spaces, in order, without duplicates."""
    if value == "" or value is None:
        return []
    return split_names(value if type(value) is str else text(value))


YEAR_EXPECTED = "四位年份，如 2025"


def parse_year(value) -> int | None:
    if is_blank(value):
        return None
    raw = fold(text(value)).removesuffix("年度").removesuffix("年")
    if re.fullmatch(r"\d{4}", raw) and 2000 <= int(raw) <= 2100:
        return int(raw)
    raise BadValue(YEAR_EXPECTED)


def parse_phone(value) -> str:
    """Phone numbers come as text or (when typed into a number cell) as whole numbers."""
    return fold(text(value))


CERT_NO_NUMERIC = (
    "证书编号以数字格式保存在 Excel 中，前导零已丢失（应为12位）；请将该列设为文本格式后重新输入"
)


def parse_cert_no(value) -> str:
    """CMA certificate number as text; a number cell that lost leading zeros is refused."""
    if is_blank(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not float(value).is_integer():
            raise BadValue("12位资质认定证书编号")
        digits = str(int(value))
        if len(digits) == 12:
            return digits
        raise BadValue(CERT_NO_NUMERIC if len(digits) < 12 else "12位资质认定证书编号（请以文本格式填写）")
    return "".join(unicodedata.normalize("NFKC", str(value)).split())
