"""What is recorded for one inspection task, as typed values: the visit, the findings of the checklist items,
the institution's details corrected on site, blind samples, signatory exams, photos and signatures, and the
`TaskRecord` made of them.

These are what the services hand to the window, the command line and the reports. The store builds them from
its rows (app/store/record_rows.py); no caller decodes a JSON column or names a table. Numbers of blind samples
and exams stay the exact decimal text they were stored as (the record's hash is computed over that text, see
docs/record-hash.md); times are stored ISO 8601 text, local time as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from app.domain.checklist import Checklist, Verdict
from app.domain.registry import Category, Inspector, Institution
from app.domain.scoring import Judgement
from app.domain.tasks import TaskStatus

# The visit's fields in the order the record shows them, with their names in the record's language.
VISIT_FIELDS = {
    "planned_date": "计划日期", "notified_at": "告知时间", "notice_method": "告知方式", "started_at": "现场检查开始时间",
    "ended_at": "现场检查结束时间", "place": "检查地点", "credentials_shown": "出示执法证件",
    "recusal_answer": "回避申请的答复", "party_statement": "被检查单位意见", "notes": "备注",
    "recorder_id": "记录人",
}
EXAM_FORMS = {"written": "笔试", "oral": "口试", "practical": "现场操作"}
EXAM_RESULTS = {"pass": "合格", "fail": "不合格"}


@dataclass(frozen=True)
class Attendee:
    """One of the institution's people present at the visit (现场负责人、陪同人员)."""

    id: str
    name: str
    title: str = ""
    phone: str = ""
    position: int = 0

    def value(self, name: str):
        return getattr(self, name)


@dataclass(frozen=True)
class Visit:
    """The visit (现场检查): when it was planned and announced, when and where it took place, what was said."""

    planned_date: str | None = None  # YYYY-MM-DD
    notified_at: str | None = None  # YYYY-MM-DDTHH:MM[±HH:MM]
    started_at: str | None = None
    ended_at: str | None = None
    place: str = ""
    credentials_shown: bool = False
    recusal_answer: str = ""
    party_statement: str = ""
    notes: str = ""
    signed_at: str | None = None  # when the record was signed
    recorder_id: str | None = None  # who writes the record (记录人): one of the team
    attendees: tuple[Attendee, ...] = ()
    notice_method: str = ""  # how the notice was given (app/domain/notices.py NoticeMethod); '' = not said

    def value(self, name: str):
        """One of VISIT_FIELDS by name (the window edits them one at a time)."""
        if name not in VISIT_FIELDS:
            raise KeyError(name)
        return getattr(self, name)


@dataclass(frozen=True)
class Member:
    """A member of the inspection team: the registry's inspector and their role in this team."""

    inspector: Inspector
    role: str  # leader | member
    credentials_shown: bool = False  # showed their enforcement certificate on site

    @property
    def officer(self) -> bool:
        """An enforcement officer (holds a certificate); technical experts are not."""
        return self.inspector.enforcement_officer

    @property
    def organ_officer(self) -> bool:
        """One of the organ's own officers: the two a record needs (others are joint members)."""
        from app.domain.organ import organ_officer

        return organ_officer(self.inspector)

    @property
    def leader(self) -> bool:
        return self.role == "leader"


@dataclass(frozen=True)
class Finding:
    """The verdict on one checklist item and, for a problem, what was found."""

    id: str
    item: int
    verdict: Verdict
    description: str = ""


@dataclass(frozen=True)
class InstitutionCorrection:
    """One of the institution's details as found on site; `original` is the registry's value at that time.
    Both as stored text (a list of names as JSON text, dates as YYYY-MM-DD)."""

    field: str
    original: str | None
    value: str | None


@dataclass(frozen=True)
class BlindSample:
    """A blind sample (盲样考核): what was tested, the values, and the score and judgement the domain gave."""

    id: str
    code: str = ""
    matrix: str = ""
    parameter: str = ""
    method: str = ""
    unit: str = ""
    statistic: str | None = None  # z | z_prime | zeta | En | qualitative
    assigned: str | None = None
    sigma_pt: str | None = None
    uncertainty_assigned: str | None = None
    expanded_assigned: str | None = None
    result: str | None = None
    uncertainty_result: str | None = None
    expanded_result: str | None = None
    expected_text: str = ""
    result_text: str = ""
    score: str | None = None  # the exact score
    judgement: Judgement | None = None
    details: dict = field(default_factory=dict)  # how it was scored: formula, inputs, rounding
    position: int = 0

    @property
    def qualitative(self) -> bool:
        return self.statistic == "qualitative"

    @property
    def rounded(self) -> str | None:
        """The score as printed, by the domain's rule from the exact score (so that the printed score and its
        judgement never disagree, whenever it was stored), or None while there is none."""
        if self.qualitative or not self.score or not self.statistic:
            return None
        from app.domain.scoring import printed_score

        return printed_score(self.statistic, self.score)

    @property
    def judgement_label(self) -> str:
        return self.details.get("judgement_label") or (self.judgement.label if self.judgement else "")

    def value(self, name: str):
        return getattr(self, name)


@dataclass(frozen=True)
class SignatoryExam:
    """An authorized signatory's exam (授权签字人考试); `result` follows from score and pass mark."""

    id: str
    signatory: str = ""
    field: str = ""
    form: str | None = None  # written | oral | practical
    score: str | None = None
    pass_mark: str | None = None
    result: str | None = None  # pass | fail
    examiner_id: str | None = None
    notes: str = ""
    position: int = 0

    @property
    def failed(self) -> bool:
        return self.result == "fail"

    @property
    def form_label(self) -> str:
        return EXAM_FORMS.get(self.form or "", "")

    @property
    def result_label(self) -> str:
        return EXAM_RESULTS.get(self.result or "", "")

    def value(self, name: str):
        return getattr(self, name)


@dataclass(frozen=True)
class Photo:
    """Evidence: the original picture and its reduced copy (by SHA-256), for an item or the record as a whole."""

    id: str
    sha256: str
    reduced_sha256: str | None = None
    item: int | None = None
    caption: str = ""
    taken_at: str | None = None
    position: int = 0

    @property
    def shown_sha256(self) -> str:
        """The picture a report or the window shows: the reduced copy where there is one."""
        return self.reduced_sha256 or self.sha256


@dataclass(frozen=True)
class Signature:
    """A team member's or the representative's handwritten signature, or the representative's refusal."""

    id: str
    signer: str  # inspector | representative
    name: str
    signed_at: str
    inspector_id: str | None = None
    role: str = ""  # in the record's language: a member's from the registry, the representative's as given
    png_sha256: str | None = None
    strokes: str | None = None  # the pad's JSON, as stored
    refused: bool = False
    refusal_reason: str = ""
    witnesses: tuple[str, ...] = ()

    @property
    def representative(self) -> bool:
        return self.signer == "representative"


@dataclass(frozen=True)
class TaskSummary:
    """One line of the task list: the task, its institution and leader, and how far the checklist is."""

    id: str
    status: TaskStatus
    institution: str  # the institution's name in the registry
    credit_code: str
    category: Category
    district: str
    leader: str | None
    checklist_version: str
    planned_date: str | None = None
    notified_at: str | None = None
    started_at: str | None = None
    signed_at: str | None = None
    checked: int = 0  # items with a verdict
    problems: int = 0
    items: int = 0
    team: tuple[str, ...] = ()  # every member's name, the leader among them, in the team's order
    notice_number: str | None = None  # the notice of inspection's, once issued
    document_number: str | None = None  # the record's
    cancelled_at: str | None = None  # when it was cancelled (the status stays as it was)
    cancel_reason: str = ""
    created_at: str = ""

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def open(self) -> bool:
        """Neither closed (办结) nor cancelled: a second task for the institution would duplicate it."""
        return not self.cancelled and self.status is not TaskStatus.CLOSED

    def to_json(self) -> dict:
        return {"id": self.id, "status": self.status.value, "planned_date": self.planned_date,
                "notified_at": self.notified_at, "started_at": self.started_at, "signed_at": self.signed_at,
                "checklist_version": self.checklist_version, "institution": self.institution,
                "credit_code": self.credit_code, "category": self.category.value, "district": self.district,
                "leader": self.leader, "checked": self.checked, "problems": self.problems, "items": self.items,
                "team": list(self.team), "notice_number": self.notice_number,
                "document_number": self.document_number, "cancelled": self.cancelled,
                "cancelled_at": self.cancelled_at, "cancel_reason": self.cancel_reason}


class Part(Enum):
    """The parts of a task's record that an edit can change (what `Changes` names)."""

    STATUS = "status"
    VISIT = "visit"
    TEAM = "team"
    INSTITUTION = "institution"
    FINDINGS = "findings"
    BLIND_SAMPLES = "blind_samples"
    EXAMS = "exams"
    PHOTOS = "photos"
    SIGNATURES = "signatures"


@dataclass(frozen=True)
class Changes:
    """What one edit changed, in the spirit of Anki's OpChanges: the parts of which task's record, the fields of
    the one row it changed ({field: (old, new)}) and that row's id (the id of a row it created). False when
    nothing changed."""

    task_id: str | None = None
    parts: frozenset[Part] = frozenset()
    fields: dict = field(default_factory=dict)
    id: str | None = None

    def __bool__(self) -> bool:
        return bool(self.parts)

    def touches(self, *parts: Part) -> bool:
        return bool(self.parts & set(parts))


@dataclass
class TaskRecord:
    """One task's whole record: what the workspace shows, `task show` prints and the report renders."""

    id: str
    status: TaskStatus
    institution_id: str
    visit: Visit
    institution: Institution  # as corrected on site
    corrections: dict[str, InstitutionCorrection]
    members: list[Member]
    checklist: Checklist
    findings: dict[int, Finding]
    blind_samples: list[BlindSample]
    exams: list[SignatoryExam]
    photos: list[Photo]
    signatures: list[Signature]  # valid ones (not void), oldest first
    created_at: str = ""  # when the task was created (not part of the record's content)
    document_year: int | None = None  # the record's number (文书编号), given when the task was created
    document_serial: int | None = None
    document_prefix: str = ""  # the organ's prefix then: the number travels whole with the task
    notice_year: int | None = None  # the notice of inspection's number, given when it is first issued
    notice_serial: int | None = None
    notice_prefix: str = ""
    organs: tuple[str, ...] = ()  # the organs the team's officers come from (the recusal notice names them)

    @property
    def document_number(self) -> str | None:
        from app.domain.organ import document_number

        if self.document_serial is None or self.document_year is None:
            return None
        return document_number(self.document_prefix, self.document_year, self.document_serial)

    @property
    def notice_number(self) -> str | None:
        """The notice of inspection's number (同市监检通〔2025〕第 3 号), or None while none was issued."""
        from app.domain.organ import document_number

        if self.notice_serial is None or self.notice_year is None:
            return None
        return document_number(self.notice_prefix, self.notice_year, self.notice_serial)
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what stops finishing or signing

    @property
    def leader(self) -> Member | None:
        return next((m for m in self.members if m.leader), self.members[0] if self.members else None)

    def verdict(self, item: int) -> Verdict:
        return self.findings[item].verdict

    def signature_of(self, inspector_id: str) -> Signature | None:
        return next((s for s in self.signatures if s.signer == "inspector" and s.inspector_id == inspector_id), None)

    @property
    def representative_signature(self) -> Signature | None:
        return next((s for s in self.signatures if s.representative), None)

    def to_json(self) -> dict:
        """The record as JSON, for `task show --json` and the record's hash (docs/record-hash.md): its keys and
        values are a published format, and must not change."""
        inst, visit = self.institution, self.visit
        return {
            "id": self.id,
            "status": self.status.value,
            "checklist_version": self.checklist.version,
            "institution": {"id": inst.id, "name": inst.name, "credit_code": inst.credit_code,
                            "corrections": {k: {"original": c.original, "value": c.value}
                                            for k, c in self.corrections.items()}},
            "team": [{"id": m.inspector.id, "name": m.inspector.name, "role": m.role, "officer": m.officer}
                     | ({"credentials_shown": True} if m.credentials_shown else {}) for m in self.members],
            "session": {k: getattr(visit, k) for k in ("planned_date", "notified_at", "started_at", "ended_at",
                                                        "place", "recusal_answer", "party_statement", "notes",
                                                        "signed_at")}
                       | {"credentials_shown": visit.credentials_shown}
                       | ({"recorder": visit.recorder_id} if visit.recorder_id else {})
                       | ({"notice_method": visit.notice_method} if visit.notice_method else {})
                       | ({"attendees": [{"name": a.name, "title": a.title, "phone": a.phone}
                                         for a in visit.attendees]} if visit.attendees else {}),
            "findings": [{"item": n, "verdict": f.verdict.value, "description": f.description}
                         for n, f in sorted(self.findings.items())],
            "blind_samples": [_sample_json(s) for s in self.blind_samples],
            "exams": [{k: getattr(e, k) for k in ("id", "signatory", "field", "form", "score", "pass_mark",
                                                  "result", "examiner_id", "notes")} for e in self.exams],
            "photos": [{k: getattr(p, k) for k in ("id", "item", "sha256", "reduced_sha256", "caption", "taken_at")}
                       for p in self.photos],
            "signatures": [{k: getattr(s, k) for k in ("id", "signer", "inspector_id", "name", "role", "signed_at",
                                                       "png_sha256", "refusal_reason")}
                           | {"refused": s.refused, "witnesses": list(s.witnesses)}
                           for s in self.signatures],
            "warnings": self.warnings,
            "missing": self.missing,
        } | ({"document": {"prefix": self.document_prefix, "year": self.document_year,
                           "serial": self.document_serial}} if self.document_serial is not None else {}) | (
            {"notice": {"prefix": self.notice_prefix, "year": self.notice_year, "serial": self.notice_serial}}
            if self.notice_serial is not None else {})


def _sample_json(s: BlindSample) -> dict:
    keys = ("id", "code", "matrix", "parameter", "method", "unit", "statistic", "assigned", "sigma_pt",
            "uncertainty_assigned", "expanded_assigned", "result", "uncertainty_result", "expanded_result",
            "expected_text", "result_text", "score")
    return {k: getattr(s, k) for k in keys} | {"judgement": s.judgement.value if s.judgement else None,
                                               "details": s.details}
