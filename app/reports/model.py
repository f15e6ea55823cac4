"""The on-site inspection record as one report model, rendered as PDF and as DOCX from the same data.

Everything here is plain text and numbers ready to print (labels already in
Chinese, dates already formatted), plus the paths of the pictures (reduced
photos, signature images) — the renderers only lay it out. `record_hash` is
the SHA-256 of the record's canonical JSON (see `canonical_record` in
app/services/reporting.py and docs/record-hash.md), printed with a QR code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.reports.times import zone_label

TITLE = "检验检测机构监督检查现场检查记录"


@dataclass(frozen=True)
class Row:
    """One labelled value of a block (基本信息, 检查情况 …); `note` e.g. an on-site correction."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class ItemRow:
    number: int
    content: str
    verdict: str  # 发现问题 / 未发现问题 / 不适用 / 未检查
    description: str
    problem: bool


@dataclass(frozen=True)
class SampleRow:
    code: str
    matrix: str
    parameter: str
    method: str
    unit: str
    statistic: str  # z 值 / z′ 值 / ζ 值 / En 值 / 定性
    assigned: str  # "X = 10.0；σpt = 0.5" or "预期：检出"
    result: str  # "x = 11.2" or "结果：未检出"
    score: str  # rounded, e.g. "2.40", or "—"
    judgement: str  # 满意 / 有问题 / 不满意
    flagged: bool = False  # not judged satisfactory (the renderers set it in bold): decided from the judgement


@dataclass(frozen=True)
class ExamRow:
    signatory: str
    field: str
    form: str
    score: str
    pass_mark: str
    result: str
    examiner: str
    notes: str
    failed: bool = False  # the exam was failed (set in bold)


@dataclass(frozen=True)
class Photo:
    path: Path  # the reduced JPEG
    caption: str
    item: int | None
    taken_at: str


@dataclass(frozen=True)
class Signature:
    """A signature line: who (name, role), when, and the handwriting — or the recorded refusal."""

    party: str  # 检查人员 / 被检查单位代表
    name: str
    role: str
    signed_at: str
    image: Path | None
    refusal: str = ""  # the reason, with witnesses, when the representative refused


@dataclass
class Report:
    task_id: str
    document_no: str
    organ: str
    institution_name: str
    draft: bool  # not signed yet: every page says 草稿
    status: str
    checklist: str  # the self-check table's title and version
    institution: list[Row]
    certificate: list[Row]
    visit: list[Row]
    team: list[Row]
    items: list[ItemRow]
    samples: list[SampleRow]
    exams: list[ExamRow]
    notes: str
    party_statement: str
    photos: list[Photo]
    signatures: list[Signature]
    record_hash: str
    generated_at: str
    title: str = TITLE
    warnings: list[str] = field(default_factory=list)
    # the one time zone every time on the record is written in, stated once (app/reports/times.py)
    time_zone: str = field(default_factory=zone_label)

    @property
    def qr_text(self) -> str:
        """What the QR code carries: the task and the SHA-256 of the record's canonical JSON."""
        return f"spotcheck:task={self.task_id};sha256={self.record_hash}"
