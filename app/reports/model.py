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
# The party's acknowledgement beside its signature, when the party said nothing else (issue 9, item 5).
ACKNOWLEDGEMENT = "以上记录已阅，与事实相符"
PARTY = "被检查单位代表"
TEAM = "检查人员"


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
    evidence: tuple[int, ...] = ()  # the numbers of the evidence (证据清单) about this item


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
    number: int = 0  # its number in the evidence list (证据 3); 0: not numbered


@dataclass(frozen=True)
class Evidence:
    """One line of the evidence list (证据清单): a photo, or a blind sample's result by its code."""

    number: int  # 证据 1, 2, … in the record's order
    content: str  # what it shows
    source: str  # 现场拍摄 / 盲样考核
    item: int | None  # the checklist item it is about
    time: str = ""  # when it was taken


@dataclass(frozen=True)
class Signature:
    """A signature line: who (name, role), when, and the handwriting — or the recorded refusal."""

    party: str  # 检查人员 / 被检查单位代表
    name: str
    role: str
    signed_at: str
    image: Path | None
    refusal: str = ""  # the reason, with witnesses, when the representative refused
    signed: bool = True  # False: a line left blank, to be signed on paper (a draft's missing signatures)


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
    signatures: list[Signature]  # the party's and the team's, with blank lines for those missing on a draft
    record_hash: str
    generated_at: str
    evidence: list[Evidence] = field(default_factory=list)
    title: str = TITLE
    warnings: list[str] = field(default_factory=list)
    # the one time zone every time on the record is written in, stated once (app/reports/times.py)
    time_zone: str = field(default_factory=zone_label)

    @property
    def party(self) -> Signature | None:
        """The representative's signature, refusal or blank line."""
        return next((s for s in self.signatures if s.party != TEAM), None)

    @property
    def team_signatures(self) -> list[Signature]:
        return [s for s in self.signatures if s.party == TEAM]

    @property
    def acknowledgement(self) -> str:
        """What the party writes beside its signature: its own words where it recorded any, else the fixed
        line; a party that refused and said nothing acknowledges nothing (empty)."""
        words = (self.party_statement or "").strip()
        if words:
            return words
        return "" if self.party is not None and self.party.refusal else ACKNOWLEDGEMENT

    @property
    def qr_text(self) -> str:
        """What the QR code carries: the task and the SHA-256 of the record's canonical JSON."""
        return f"spotcheck:task={self.task_id};sha256={self.record_hash}"
