"""Inspection tasks (检查任务): their statuses, the 24-hour notice rule, and when a record may be signed.

A task is one institution to inspect, by a team of inspectors from the
registry. It moves planned → notified → on_site → recorded → signed (later:
merged → closed). The on-site record is complete, and may be signed, when
every checklist item has a verdict, every problem is described, every blind
sample is judged, at least two enforcement officers have signed and the
institution's representative has signed or refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from app.domain.checklist import Verdict

NOTICE_WINDOW = timedelta(hours=24)
MIN_OFFICERS = 2  # 行政处罚法: at least two officers, credentials shown


class TaskStatus(str, Enum):
    PLANNED = "planned"
    NOTIFIED = "notified"
    ON_SITE = "on_site"
    RECORDED = "recorded"
    SIGNED = "signed"
    MERGED = "merged"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def editable(self) -> bool:
        """Whether the record's content may still change (signed records are read-only)."""
        return self in (TaskStatus.PLANNED, TaskStatus.NOTIFIED, TaskStatus.ON_SITE)


STATUS_LABELS = {
    TaskStatus.PLANNED: "已计划",
    TaskStatus.NOTIFIED: "已告知",
    TaskStatus.ON_SITE: "现场检查中",
    TaskStatus.RECORDED: "记录完成，待签名",
    TaskStatus.SIGNED: "已签署",
    TaskStatus.MERGED: "已汇总",
    TaskStatus.CLOSED: "已办结",
}
ORDER = list(TaskStatus)
CANCELLED_LABEL = "已取消"  # not a status: a task at any editable status can be cancelled (see `cancel_refusal`)


def cancel_refusal(status: TaskStatus, cancelled: bool, recorded: int, reason: str) -> tuple[str, str] | None:
    """Why a task may not be cancelled, as (message, what would be accepted), or None when it may. A record that
    is closed (recorded, signed, merged, closed) is kept as it is: only a task still being prepared or recorded
    can be cancelled, and one with anything recorded on site (`recorded`: verdicts, samples, exams, photos) only
    with a reason."""
    if cancelled:
        return "检查任务已取消。", "未取消的检查任务"
    if status is TaskStatus.RECORDED:
        return ("检查记录已结束（记录完成，待签名），不能取消；如确需取消，请先“重新打开”记录（将留下记录）。",
                "已计划、已告知或现场检查中的检查任务")
    if not status.editable:
        return (f"检查任务{status.label}，记录须保留，不能取消。", "已计划、已告知或现场检查中的检查任务")
    if recorded and not reason.strip():
        return (f"该检查任务已有 {recorded} 项检查记录，取消须写明原因。", "取消的原因")
    return None


def advanced(current: TaskStatus, to: TaskStatus) -> TaskStatus:
    """The status after an event that implies `to`: statuses only move forward this way."""
    return to if ORDER.index(to) > ORDER.index(current) else current


def notice_warning(notified_at: datetime | None, started_at: datetime | None) -> str | None:
    """Why the notice time and the start of the visit do not fit "在现场检查前24小时内告知", if they don't;
    a visit that has started with no notice time recorded is warned about too."""
    if started_at is None:
        return None
    if notified_at is None:
        return "现场检查已开始，但未记录告知时间：应在现场检查前24小时内告知被检查机构，请补记告知时间"
    gap = started_at.astimezone() - notified_at.astimezone()  # a time without offset is local time
    if gap <= timedelta(0):
        return "现场检查开始时间早于（或等于）告知时间：应在现场检查前告知被检查机构"
    if gap > NOTICE_WINDOW:
        hours = gap.total_seconds() / 3600
        return f"告知时间距现场检查开始已 {hours:.1f} 小时，超过24小时（应在现场检查前24小时内告知）"
    return None


# --- completeness -------------------------------------------------------------------------------

def signer_role(cert_no: str, officer: bool) -> str:
    """How the record names a team member who signs: an enforcement officer with the certificate number, or the
    technical expert. The record's language (Chinese), whichever front end asked."""
    return f"检查人员（执法证号 {cert_no}）" if officer else "技术专家"


@dataclass
class SignatureState:
    """Who has signed the record: officers by inspector id; the representative signed or refused."""

    officers_signed: set[str] = field(default_factory=set)  # inspector ids with a valid signature
    representative_signed: bool = False
    representative_refused: bool = False


@dataclass
class RecordState:
    """What completeness looks at, gathered from a task's record."""

    verdicts: dict[int, tuple[Verdict, str]]  # item number -> (verdict, description)
    items: list[int]  # every item number of the checklist version
    blind_samples: list[tuple[str, str | None]]  # (sample code, judgement or None)
    officers: set[str]  # team members who are the organ's enforcement officers (the two a record needs)
    signatures: SignatureState = field(default_factory=SignatureState)
    session: dict = field(default_factory=dict)  # started_at, ended_at, place, credentials_shown, recusal_answer
    credentials: set[str] = field(default_factory=set)  # officers recorded as having shown their credentials


# What makes the record lawful (docs/rules.md), each with what to say when it is missing.
LAWFUL = (
    ("started_at", "没有填写现场检查开始时间"),
    ("ended_at", "没有填写现场检查结束时间"),
    ("place", "没有填写检查地点"),
    ("credentials_shown", "没有记录已告知检查依据、范围和被检查单位配合检查、如实提供材料的义务"),
    ("recusal_answer", "没有记录被检查单位对回避告知的答复"),
)


def content_problems(state: RecordState) -> list[str]:
    """What is missing from the recorded content itself (before anyone signs)."""
    return [text for _, text in content_gaps(state)]


def signing_problems(state: RecordState) -> list[str]:
    """Everything that stops the record being signed; empty when it may be signed."""
    return [text for _, text in signing_gaps(state)]


def content_gaps(state: RecordState) -> list[tuple[str, str]]:
    """`content_problems`, each with where it is in the record: a visit field (`started_at` …), `credentials`
    (the officers' credentials), `item.N` (item N) or `sample.CODE` (a blind sample)."""
    gaps = [(name, text) for name, text in LAWFUL if not state.session.get(name)]
    shown = state.credentials & state.officers
    if len(shown) < MIN_OFFICERS:
        gaps.append(("credentials",
                     f"出示执法证件的执法人员少于 {MIN_OFFICERS} 名（现有 {len(shown)} 名）：请在现场情况中逐人记录"))
    for number in state.items:
        verdict, description = state.verdicts.get(number, (Verdict.NOT_CHECKED, ""))
        if verdict is Verdict.NOT_CHECKED:
            gaps.append((f"item.{number}", f"第 {number} 项尚未检查（请选择 发现问题 / 未发现问题 / 不适用）"))
        elif verdict is Verdict.PROBLEM and not description.strip():
            gaps.append((f"item.{number}", f"第 {number} 项发现问题，但没有填写问题描述"))
    for code, judgement in state.blind_samples:
        if not judgement:
            gaps.append((f"sample.{code or ''}", f"盲样 {code or '（未编号）'} 没有判定结果"))
    return gaps


def signing_gaps(state: RecordState) -> list[tuple[str, str]]:
    """`signing_problems`, each with where it is: as `content_gaps`, or `signature.inspector` /
    `signature.representative`."""
    gaps = content_gaps(state)
    signed = state.signatures.officers_signed & state.officers
    if len(signed) < MIN_OFFICERS:
        gaps.append(("signature.inspector", f"至少需要 {MIN_OFFICERS} 名执法人员签名，现有 {len(signed)} 名"))
    if not (state.signatures.representative_signed or state.signatures.representative_refused):
        gaps.append(("signature.representative", "被检查单位代表尚未签名，也未记录拒绝签名"))
    return gaps
