"""What the lead decides after a record is signed (issue 12): the conclusion, the follow-up, referrals, penalties,
credit listings — and when a task's case is complete, so that the task is `closed` (已办结).

The conclusion says what the inspection found and what follows from it; each conclusion names the follow-up it
needs (a rectification received and checked; a referral made; a penalty decided), and the public result it
gives (DOMAIN §5.3's wording, what the credit publicity system shows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Conclusion(str, Enum):
    NO_PROBLEM = "no_problem"  # 未发现问题
    RECTIFY = "rectify"  # 发现问题，责令整改
    REFER = "refer"  # 发现问题线索，移交有关部门处理
    INVESTIGATE = "investigate"  # 发现违法行为，立案调查
    OBSTRUCTED = "obstructed"  # 不配合检查，情节严重

    @property
    def label(self) -> str:
        return CONCLUSION_LABELS[self]

    @property
    def public_result(self) -> str:
        """The result as the public announcement words it (抽查结果公示)."""
        return PUBLIC_RESULTS[self]


CONCLUSION_LABELS = {
    Conclusion.NO_PROBLEM: "未发现问题",
    Conclusion.RECTIFY: "发现问题，责令整改",
    Conclusion.REFER: "发现问题线索，移交有关部门处理",
    Conclusion.INVESTIGATE: "发现违法行为，立案调查",
    Conclusion.OBSTRUCTED: "不配合检查，情节严重",
}
PUBLIC_RESULTS = {
    Conclusion.NO_PROBLEM: "未发现问题",
    Conclusion.RECTIFY: "发现问题，已责令改正",
    Conclusion.REFER: "发现问题，待后续处理",
    Conclusion.INVESTIGATE: "发现问题，待后续处理",
    Conclusion.OBSTRUCTED: "不配合检查，情节严重",
}


class Recipient(str, Enum):
    POLICE = "police"  # 公安机关（交管）: fake vehicle-inspection reports
    ECO = "eco"  # 生态环境部门: emissions data, eco monitoring
    JUDICIAL = "judicial"  # 司法机关: suspected crimes (行刑衔接)
    OTHER = "other"

    @property
    def label(self) -> str:
        return RECIPIENT_LABELS[self]


RECIPIENT_LABELS = {
    Recipient.POLICE: "公安机关",
    Recipient.ECO: "生态环境部门",
    Recipient.JUDICIAL: "司法机关（涉嫌犯罪移送）",
    Recipient.OTHER: "其他部门",
}


@dataclass(frozen=True)
class Referral:
    """A problem lead (问题线索) sent to another department, with the checklist items it rests on."""

    id: str
    task_id: str
    to: Recipient
    items: tuple[int, ...]
    text: str
    referred_on: date
    department: str = ""  # the receiving body's name, e.g. 大同市公安局交通警察支队
    document_number: str = ""  # the transfer letter's number


@dataclass(frozen=True)
class Case:
    """The lead's handling of one inspected task. Dates are `date` or None."""

    task_id: str
    conclusion: Conclusion
    decided_on: date
    notes: str = ""
    rectify_by: date | None = None  # the deadline set for rectification
    rectification_received_on: date | None = None
    rectification_checked_on: date | None = None
    rectification_accepted: bool | None = None  # the check's result: None while not checked
    penalty_decision: str = ""  # 行政处罚决定书 number
    penalty_on: date | None = None
    penalty_text: str = ""  # what was decided (fine, confiscation, revocation …)
    revoked: bool = False  # the CMA qualification revoked (撤销资质认定证书)
    no_penalty_reason: str = ""  # an investigation closed without a penalty, and why
    dishonest_listed_on: date | None = None  # listed as 严重违法失信 on that day
    typical_case: bool = False  # marked for the summary's 典型案例
    typical_summary: str = ""
    referrals: tuple[Referral, ...] = field(default_factory=tuple)

    def missing(self) -> list[str]:
        """What the case still needs before the task is closed, in words (empty: complete)."""
        out = []
        if self.conclusion is Conclusion.RECTIFY:
            if self.rectify_by is None:
                out.append("整改期限")
            if self.rectification_received_on is None:
                out.append("收到整改报告的日期")
            if self.rectification_checked_on is None or self.rectification_accepted is None:
                out.append("整改情况的复查（日期和结论）")
            elif not self.rectification_accepted:
                out.append("复查未通过后的处理（再次整改或立案调查）")
        if self.conclusion is Conclusion.REFER and not self.referrals:
            out.append("移交记录（移交给哪个部门、依据哪些检查项目）")
        if self.conclusion in (Conclusion.INVESTIGATE, Conclusion.OBSTRUCTED):
            if not self.penalty_decision and not self.no_penalty_reason:
                out.append("处罚决定（文书编号、日期、内容）或不予处罚的理由")
            elif self.penalty_decision and self.penalty_on is None:
                out.append("处罚决定的日期")
        if self.typical_case and not self.typical_summary.strip():
            out.append("典型案例的简要案情")
        return out

    @property
    def complete(self) -> bool:
        return not self.missing()


def check_dates(case: Case) -> list[str]:
    """Dates that cannot be so (a rectification checked before it was received, …), in words."""
    out = []
    if case.rectify_by and case.rectify_by < case.decided_on:
        out.append("整改期限早于作出结论的日期")
    if case.rectification_received_on and case.rectification_received_on < case.decided_on:
        out.append("收到整改报告的日期早于作出结论的日期")
    if case.rectification_checked_on and case.rectification_received_on \
            and case.rectification_checked_on < case.rectification_received_on:
        out.append("复查日期早于收到整改报告的日期")
    if case.penalty_on and case.penalty_on < case.decided_on:
        out.append("处罚决定日期早于作出结论的日期")
    return out
