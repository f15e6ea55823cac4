"""The self-check table (自查表) as versioned data, and the verdict an inspector gives per item.

A `Checklist` is built from the dict stored in `app/resources/checklists/<version>.json`
(`Checklist.from_dict`), which it validates, and turns back into that dict
(`Checklist.to_json`). Items carry their text exactly as published; legal bases
are listed only where confirmed. Pure Python: no Qt, no file I/O (see
`app.services.checklist` for loading).

Caution: in the table's column 是否发现问题, 是 means a problem WAS found.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.domain.problems import InputRefused

ANSWER_CODES = ("problem", "no_problem", "na")
FIELD_TYPES = ("text", "date", "phone", "list", "credit_code")


class Verdict(str, Enum):
    """The inspector's finding on one item; NOT_CHECKED is the state before any answer."""

    PROBLEM = "problem"
    NO_PROBLEM = "no_problem"
    NA = "na"
    NOT_CHECKED = "not_checked"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.PROBLEM: "发现问题",
    Verdict.NO_PROBLEM: "未发现问题",
    Verdict.NA: "不适用",
    Verdict.NOT_CHECKED: "未检查",
}


@dataclass(frozen=True)
class Answer:
    """One option of 是否发现问题: `code` is stable, `label` is what the table prints."""

    code: str
    label: str
    meaning: str

    def to_json(self) -> dict:
        return {"code": self.code, "label": self.label, "meaning": self.meaning}


@dataclass(frozen=True)
class LegalBasis:
    law: str
    article: str
    note: str = ""

    def to_json(self) -> dict:
        return {"law": self.law, "article": self.article, "note": self.note}


@dataclass(frozen=True)
class InfoField:
    """A basic-information field; `key` names the matching `Institution` attribute."""

    key: str
    label: str
    type: str = "text"
    note: str = ""

    def to_json(self) -> dict:
        data = {"key": self.key, "label": self.label}
        if self.note:
            data["note"] = self.note
        data["type"] = self.type
        return data


@dataclass(frozen=True)
class ChecklistItem:
    number: int
    content: str
    method: str  # sub-points joined with "\n", as published
    answers_printed: bool = True
    legal_basis: tuple[LegalBasis, ...] = ()

    @property
    def method_lines(self) -> list[str]:
        return self.method.split("\n")

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "content": self.content,
            "method": self.method,
            "answers_printed": self.answers_printed,
            "legal_basis": [b.to_json() for b in self.legal_basis],
        }


@dataclass(frozen=True)
class Source:
    """Where the table was published."""

    notice: str
    date: str  # ISO date of the notice
    attachment: str = ""
    notice_title: str = ""

    def to_json(self) -> dict:
        return {
            "notice": self.notice,
            "notice_title": self.notice_title,
            "attachment": self.attachment,
            "date": self.date,
        }


@dataclass(frozen=True)
class Checklist:
    version: str
    title: str
    source: Source
    question: str
    answers: tuple[Answer, ...]
    basic_info: tuple[InfoField, ...]
    cma_info: tuple[InfoField, ...]
    items: tuple[ChecklistItem, ...]
    notes: tuple[str, ...] = ()
    answers_text: str = ""
    basic_info_title: str = ""
    cma_info_title: str = ""

    def item(self, number: int) -> ChecklistItem:
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(number)

    def answer(self, code: str) -> Answer:
        for answer in self.answers:
            if answer.code == code:
                return answer
        raise KeyError(code)

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "title": self.title,
            "source": self.source.to_json(),
            "question": self.question,
            "answers_text": self.answers_text,
            "answers": [a.to_json() for a in self.answers],
            "basic_info_title": self.basic_info_title,
            "basic_info": [f.to_json() for f in self.basic_info],
            "cma_info_title": self.cma_info_title,
            "cma_info": [f.to_json() for f in self.cma_info],
            "items": [i.to_json() for i in self.items],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: object) -> "Checklist":
        """Validate and build; raises `InputRefused` naming the first missing or invalid key."""
        data = _mapping(data, "自查表数据")
        source = _mapping(_get(data, "source", dict, "自查表"), "source")
        answers = tuple(_answer(a, n) for n, a in enumerate(_get(data, "answers", list, "自查表"), 1))
        codes = tuple(a.code for a in answers)
        if codes != ANSWER_CODES:
            raise InputRefused(f"自查表「answers」的代码应依次为 {'、'.join(ANSWER_CODES)}，实际为 {'、'.join(codes) or '空'}")
        basic_info = _fields(data, "basic_info")
        cma_info = _fields(data, "cma_info")
        keys = [f.key for f in basic_info + cma_info]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise InputRefused(f"自查表信息字段「key」重复：{'、'.join(duplicates)}")
        raw_items = _get(data, "items", list, "自查表")
        if not raw_items:
            raise InputRefused("自查表「items」为空，至少应有一项")
        items = tuple(_item(raw, position) for position, raw in enumerate(raw_items, 1))
        notes = _get(data, "notes", list, "自查表", required=False) or []
        if not all(isinstance(n, str) for n in notes):
            raise InputRefused("自查表「notes」应为文字列表")
        return cls(
            version=_text(data, "version", "自查表"),
            title=_text(data, "title", "自查表"),
            source=Source(
                notice=_text(source, "notice", "自查表「source」"),
                date=_text(source, "date", "自查表「source」"),
                attachment=_get(source, "attachment", str, "自查表「source」", required=False) or "",
                notice_title=_get(source, "notice_title", str, "自查表「source」", required=False) or "",
            ),
            question=_text(data, "question", "自查表"),
            answers=answers,
            basic_info=basic_info,
            cma_info=cma_info,
            items=items,
            notes=tuple(notes),
            answers_text=_get(data, "answers_text", str, "自查表", required=False) or "",
            basic_info_title=_get(data, "basic_info_title", str, "自查表", required=False) or "",
            cma_info_title=_get(data, "cma_info_title", str, "自查表", required=False) or "",
        )


_TYPE_NAMES = {str: "文字", list: "列表", dict: "对象", bool: "是/否（true/false）", int: "整数"}


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise InputRefused(f"{where}应为对象（JSON object）")
    return value


def _get(data: dict, key: str, kind: type, where: str, required: bool = True):
    if key not in data:
        if required:
            raise InputRefused(f"{where}缺少「{key}」")
        return None
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InputRefused(f"{where}的「{key}」应为{_TYPE_NAMES[kind]}")
    return value


def _text(data: dict, key: str, where: str) -> str:
    value = _get(data, key, str, where)
    if not value.strip():
        raise InputRefused(f"{where}的「{key}」不能为空")
    return value


def _answer(raw: object, position: int) -> Answer:
    where = f"自查表「answers」第 {position} 个"
    raw = _mapping(raw, where)
    return Answer(
        code=_text(raw, "code", where),
        label=_text(raw, "label", where),
        meaning=_text(raw, "meaning", where),
    )


def _fields(data: dict, key: str) -> tuple[InfoField, ...]:
    result = []
    for position, raw in enumerate(_get(data, key, list, "自查表"), 1):
        where = f"自查表「{key}」第 {position} 个字段"
        raw = _mapping(raw, where)
        kind = _get(raw, "type", str, where, required=False) or "text"
        if kind not in FIELD_TYPES:
            raise InputRefused(f"{where}的「type」应为 {'、'.join(FIELD_TYPES)} 之一，实际为 {kind!r}")
        result.append(
            InfoField(
                key=_text(raw, "key", where),
                label=_text(raw, "label", where),
                type=kind,
                note=_get(raw, "note", str, where, required=False) or "",
            )
        )
    return tuple(result)


def _item(raw: object, position: int) -> ChecklistItem:
    raw = _mapping(raw, f"自查表「items」第 {position} 项")
    number = _get(raw, "number", int, f"自查表「items」第 {position} 项")
    if number != position:
        raise InputRefused(f"自查表「items」应从 1 起连续编号：第 {position} 项的「number」为 {number}")
    where = f"自查表第 {number} 项"
    bases = []
    for index, basis in enumerate(_get(raw, "legal_basis", list, where, required=False) or [], 1):
        basis_where = f"{where}「legal_basis」第 {index} 条"
        basis = _mapping(basis, basis_where)
        bases.append(
            LegalBasis(
                law=_text(basis, "law", basis_where),
                article=_text(basis, "article", basis_where),
                note=_get(basis, "note", str, basis_where, required=False) or "",
            )
        )
    printed = _get(raw, "answers_printed", bool, where, required=False)
    return ChecklistItem(
        number=number,
        content=_text(raw, "content", where),
        method=_text(raw, "method", where),
        answers_printed=True if printed is None else printed,
        legal_basis=tuple(bases),
    )
