"""What went wrong with the user's input, as facts the UI and CLI can word.

A `Problem` names where (file, sheet, row as the sheet numbers it, column),
what was there and what was expected. Errors refuse the input; warnings and
notices are reported beside a successful import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # refuses the row (and the file, unless invalid rows are skipped)
    WARNING = "warning"  # imported, but someone should look at it
    NOTICE = "notice"  # something was adjusted or ignored; nothing is wrong


@dataclass(frozen=True)
class Problem:
    expected: str
    value: object = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: Severity = Severity.ERROR

    def at(self, **where) -> "Problem":
        """The same problem, placed (file, sheet, row, column filled in)."""
        return Problem(**{**asdict(self), **where})

    def to_json(self) -> dict:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "expected": self.expected,
            "severity": self.severity.value,
        }

    def describe(self) -> str:
        """One line for a log or a terminal: 文件 名单.xlsx，工作表 Sheet1，第 5 行，B 列（统一社会信用代码）：“…”——…"""
        parts = []
        if self.file:
            parts.append(f"文件 {self.file}")
        if self.sheet:
            parts.append(f"工作表 {self.sheet}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            letter, _, header = self.column.partition("（")
            parts.append(f"{letter} 列（{header}" if header else self.column)
        where = "，".join(parts)
        shown = "" if self.value in (None, "") else f"“{self.value}”——"
        return f"{where}：{shown}{self.expected}" if where else f"{shown}{self.expected}"


class SpotcheckError(Exception):
    """Base of the errors the core raises with facts; `code` is stable for JSON."""

    code = "error"
    exit_status = 1

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def to_json(self) -> dict:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "problems": [p.to_json() for p in self.problems],
            }
        }


class InputRefused(SpotcheckError):
    """The input was refused as a whole; nothing was written."""

    code = "input_refused"


class NotFound(SpotcheckError):
    code = "not_found"


class IntegrityFailure(SpotcheckError):
    """A file or database failed an integrity check (exit status 3)."""

    code = "integrity"
    exit_status = 3


class Cancelled(Exception):
    """The user cancelled a long operation; whatever it wrote was rolled back."""


@dataclass
class ProblemList:
    """Collects problems while parsing; knows whether any refuses the input."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.items)
