"""The typed parts of a task's record (app/domain/record.py) read from their tables.

The one place that knows how a recorded row is stored: which columns are JSON
text (a blind sample's scoring details, a refusal's witnesses), which are 0/1
flags, which rows are removed or void. Everyone else gets the dataclasses.
"""

from __future__ import annotations

import json

from app.domain.checklist import Verdict
from app.domain.problems import IntegrityFailure
from app.domain.record import (
    Attendee,
    BlindSample,
    Finding,
    InstitutionCorrection,
    Photo,
    SignatoryExam,
    Signature,
    Visit,
)
from app.domain.scoring import Judgement
from app.store import rows

# rows added on two devices can share a position (each gave it the next one): the id settles their order the same
# way everywhere, so every device shows, prints and hashes one record
BY_POSITION = "position, id"


def visit(conn, task: dict) -> Visit:
    return Visit(planned_date=task["planned_date"], notified_at=task["notified_at"], started_at=task["started_at"],
                 ended_at=task["ended_at"], place=task["place"], credentials_shown=bool(task["credentials_shown"]),
                 recusal_answer=task["recusal_answer"], party_statement=task["party_statement"],
                 notes=task["notes"], signed_at=task["signed_at"], recorder_id=task["recorder_id"],
                 attendees=tuple(attendees(conn, task["id"])), notice_method=task["notice_method"] or "")


def attendee(row: dict) -> Attendee:
    return Attendee(row["id"], row["name"], row["title"], row["phone"], row["position"])


def attendees(conn, task_id: str) -> list[Attendee]:
    return [attendee(r) for r in rows.rows(conn, "visit_attendees", task_id, order=BY_POSITION)]


def findings(conn, task_id: str) -> dict[int, Finding]:
    return {r["item"]: Finding(r["id"], r["item"], Verdict(r["verdict"]), r["description"])
            for r in rows.rows(conn, "findings", task_id, order="item")}


def corrections(conn, task_id: str) -> dict[str, InstitutionCorrection]:
    return {r["field"]: InstitutionCorrection(r["field"], r["original"], r["value"])
            for r in rows.rows(conn, "institution_corrections", task_id, order="field")}


def members(conn, task_id: str) -> list[tuple[str, str, bool]]:
    """(inspector id, role, credentials shown) of the team, in order."""
    return [(r["inspector_id"], r["role"], bool(r["credentials_shown"]))
            for r in rows.rows(conn, "task_members", task_id, order="position, inspector_id")]


def _json(text: str | None, default, what: str):
    try:
        value = json.loads(text) if text else default
    except (ValueError, RecursionError):
        value = None
    if not isinstance(value, type(default)):
        raise IntegrityFailure(f"数据库中{what}的内容无法读取（{str(text)[:40]}）：数据库可能在 Spotcheck 之外被改动，"
                               "请运行 spotcheck audit verify 查看，并从备份或签署的记录中恢复。")
    return value


def blind_sample(row: dict) -> BlindSample:
    names = ("code", "matrix", "parameter", "method", "unit", "statistic", "assigned", "sigma_pt",
             "uncertainty_assigned", "expanded_assigned", "result", "uncertainty_result", "expanded_result",
             "expected_text", "result_text", "score", "position")
    return BlindSample(id=row["id"], **{n: row[n] for n in names},
                       judgement=Judgement(row["judgement"]) if row["judgement"] else None,
                       details=_json(row["details"], {}, "盲样的评分过程"))


def blind_samples(conn, task_id: str) -> list[BlindSample]:
    return [blind_sample(r) for r in rows.rows(conn, "blind_samples", task_id, order=BY_POSITION)]


def exam(row: dict) -> SignatoryExam:
    names = ("signatory", "field", "form", "score", "pass_mark", "result", "examiner_id", "notes", "position")
    return SignatoryExam(id=row["id"], **{n: row[n] for n in names})


def exams(conn, task_id: str) -> list[SignatoryExam]:
    return [exam(r) for r in rows.rows(conn, "signatory_exams", task_id, order=BY_POSITION)]


def photo(row: dict) -> Photo:
    names = ("sha256", "reduced_sha256", "item", "caption", "taken_at", "position")
    return Photo(id=row["id"], **{n: row[n] for n in names})


def photos(conn, task_id: str) -> list[Photo]:
    return [photo(r) for r in rows.rows(conn, "photos", task_id, order=BY_POSITION)]


def signature(row: dict) -> Signature:
    witnesses = _json(row["witnesses"], [], "拒绝签名的见证人")
    return Signature(id=row["id"], signer=row["signer"], name=row["name"], signed_at=row["signed_at"],
                     inspector_id=row["inspector_id"], role=row["role"], png_sha256=row["png_sha256"],
                     strokes=row["strokes"], refused=bool(row["refused"]), refusal_reason=row["refusal_reason"],
                     witnesses=tuple(str(w) for w in witnesses))


def signatures(conn, task_id: str) -> list[Signature]:
    """The valid signatures (not void), oldest first."""
    return [signature(r) for r in rows.rows(conn, "signatures", task_id, order="rowid") if not r["void"]]
