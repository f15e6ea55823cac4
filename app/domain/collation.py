"""How Chinese text sorts where people expect it: by pinyin (重庆 before 上海 before 浙江), with pypinyin.

`sort_key` is a plain string, so it can be stored in a column and used by `ORDER BY` as well as by
Python's `sorted`. Letters and digits in a name sort with the pinyin syllables (case-insensitive); two
names that read alike are ordered by their characters, so the order is total and stable.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

_SEPARATOR = "\x01"  # below every printable character: a shorter reading sorts first


def sort_key(text: str | None) -> str:
    if not text:
        return ""
    reading = " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)).lower()
    return f"{reading}{_SEPARATOR}{text}"


def sorted_by_pinyin(texts, key=lambda text: text):
    """The items ordered by the pinyin of `key(item)`."""
    return sorted(texts, key=lambda item: sort_key(key(item)))
