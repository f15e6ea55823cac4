"""Reading a task whole: what the workspace shows, `task show` prints, and (later) the report renders.

`task_record` gathers one task's record into plain data: the task, the
institution as corrected on site, the team, the checklist with each item's
verdict, blind samples, exams, photos and signatures, plus the warnings and
what still stops it being signed. `list_tasks` is the overview.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.checklist import Checklist, Verdict
from app.domain.registry import Inspector, Institution
from app.domain.tasks import TaskStatus, content_problems, notice_warning, signing_problems
from app.services.checklist import load_checklist
from app.services.recording import institution_of
from app.services.tasks import record_state, task_row
from app.store import records
from app.store.registry import get_inspector


@dataclass
class Member:
    inspector: Inspector
    role: str  # leader | member

    @property
    def officer(self) -> bool:
        return self.inspector.enforcement_officer


@dataclass
class TaskRecord:
    task: dict
    status: TaskStatus
    institution: Institution
    corrections: dict[str, dict]
    members: list[Member]
    checklist: Checklist
    findings: dict[int, dict]  # item -> row (verdict, description, …)
    blind_samples: list[dict]
    exams: list[dict]
    photos: list[dict]
    signatures: list[dict]  # valid ones (not void), oldest first
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what stops signing

    @property
    def id(self) -> str:
        return self.task["id"]

    def verdict(self, item: int) -> Verdict:
        return Verdict(self.findings[item]["verdict"])

    def to_json(self) -> dict:
        inst = self.institution
        return {
            "id": self.id,
            "status": self.status.value,
            "checklist_version": self.checklist.version,
            "institution": {"id": inst.id, "name": inst.name, "credit_code": inst.credit_code,
                            "corrections": {k: {"original": c["original"], "value": c["value"]}
                                            for k, c in self.corrections.items()}},
            "team": [{"id": m.inspector.id, "name": m.inspector.name, "role": m.role, "officer": m.officer}
                     for m in self.members],
            "session": {k: self.task[k] for k in ("planned_date", "notified_at", "started_at", "ended_at", "place",
                                                   "recusal_answer", "party_statement", "notes", "signed_at")}
                       | {"credentials_shown": bool(self.task["credentials_shown"])},
            "findings": [{"item": n, "verdict": f["verdict"], "description": f["description"]}
                         for n, f in sorted(self.findings.items())],
            "blind_samples": [_sample_json(s) for s in self.blind_samples],
            "exams": [{k: e[k] for k in ("id", "signatory", "field", "form", "score", "pass_mark", "result",
                                         "examiner_id", "notes")} for e in self.exams],
            "photos": [{k: p[k] for k in ("id", "item", "sha256", "reduced_sha256", "caption", "taken_at")}
                       for p in self.photos],
            "signatures": [{k: s[k] for k in ("id", "signer", "inspector_id", "name", "role", "signed_at",
                                              "png_sha256", "refusal_reason")}
                           | {"refused": bool(s["refused"]), "witnesses": json.loads(s["witnesses"])}
                           for s in self.signatures],
            "warnings": self.warnings,
            "missing": self.missing,
        }


def _sample_json(s: dict) -> dict:
    keys = ("id", "code", "matrix", "parameter", "method", "unit", "statistic", "assigned", "sigma_pt",
            "uncertainty_assigned", "expanded_assigned", "result", "uncertainty_result", "expanded_result",
            "expected_text", "result_text", "score", "judgement")
    return {k: s[k] for k in keys} | {"details": json.loads(s["details"] or "{}")}


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def task_record(db, task_id: str) -> TaskRecord:
    task = task_row(db, task_id)
    institution, corrections = institution_of(db, task_id)
    members = []
    for m in records.rows(db.conn, "task_members", task_id):
        person = get_inspector(db, m["inspector_id"])
        if person is not None:
            members.append(Member(person, m["role"]))
    checklist = load_checklist(task["checklist_version"])
    findings = {f["item"]: f for f in records.rows(db.conn, "findings", task_id, order="item")}
    signatures = [s for s in records.rows(db.conn, "signatures", task_id, order="rowid") if not s["void"]]
    record = TaskRecord(
        task=task, status=TaskStatus(task["status"]), institution=institution, corrections=corrections,
        members=members, checklist=checklist, findings=findings,
        blind_samples=records.rows(db.conn, "blind_samples", task_id),
        exams=records.rows(db.conn, "signatory_exams", task_id),
        photos=records.rows(db.conn, "photos", task_id), signatures=signatures,
    )
    warning = notice_warning(_when(task["notified_at"]), _when(task["started_at"]))
    if warning:
        record.warnings.append(warning)
    if len([m for m in members if m.officer]) < 2:
        record.warnings.append("检查组中持执法证的执法人员少于2名")
    state = record_state(db, task_id)
    record.missing = signing_problems(state) if record.status is TaskStatus.RECORDED else content_problems(state)
    return record


def list_tasks(db) -> list[dict]:
    """Every task with its institution, team leader, dates and status, newest first."""
    cursor = db.conn.execute(
        "SELECT t.id, t.status, t.planned_date, t.notified_at, t.started_at, t.signed_at, t.checklist_version,"
        " i.name AS institution, i.credit_code, i.category, i.district,"
        " (SELECT p.name FROM task_members m JOIN inspectors p ON p.id = m.inspector_id"
        "   WHERE m.task_id = t.id AND m.role = 'leader') AS leader,"
        " (SELECT count(*) FROM findings f WHERE f.task_id = t.id AND f.verdict != 'not_checked') AS checked,"
        " (SELECT count(*) FROM findings f WHERE f.task_id = t.id AND f.verdict = 'problem') AS problems,"
        " (SELECT count(*) FROM findings f WHERE f.task_id = t.id) AS items"
        " FROM tasks t JOIN institutions i ON i.id = t.institution_id"
        " ORDER BY coalesce(t.planned_date, '') DESC, t.created_at DESC")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]
