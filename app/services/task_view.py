"""Reading a task whole: what the workspace shows, `task show` prints, and (later) the report renders.

`task_record` gathers one task's record into plain data: the task, the
institution as corrected on site, the team, the checklist with each item's
verdict, blind samples, exams, photos and signatures, plus the warnings and
what still stops it being signed. `list_tasks` is the overview.
"""

from __future__ import annotations

import json
from datetime import datetime

from app.domain.organ import team_organs
from app.domain.record import Member, TaskRecord, TaskSummary
from app.domain.registry import Category
from app.domain.tasks import MIN_OFFICERS, TaskStatus, content_problems, notice_warning, signing_problems
from app.services.checklist import load_checklist
from app.services.profile import organ
from app.services.recording import institution_of
from app.services.tasks import record_state, task_row
from app.store import record_rows
from app.store.registry import get_inspector


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def task_record(db, task_id: str) -> TaskRecord:
    task = task_row(db, task_id)
    institution, corrections = institution_of(db, task_id)
    members = []
    for inspector_id, role, shown in record_rows.members(db.conn, task_id):
        person = get_inspector(db, inspector_id)
        if person is not None:
            members.append(Member(person, role, shown))
    record = TaskRecord(
        id=task["id"], status=TaskStatus(task["status"]), institution_id=task["institution_id"],
        visit=record_rows.visit(db.conn, task), institution=institution, corrections=corrections, members=members,
        checklist=load_checklist(task["checklist_version"]), findings=record_rows.findings(db.conn, task_id),
        blind_samples=record_rows.blind_samples(db.conn, task_id), exams=record_rows.exams(db.conn, task_id),
        photos=record_rows.photos(db.conn, task_id), signatures=record_rows.signatures(db.conn, task_id),
        created_at=task["created_at"], document_year=task["document_year"], document_serial=task["document_serial"],
        document_prefix=task["document_prefix"], notice_year=task["notice_year"],
        notice_serial=task["notice_serial"], notice_prefix=task["notice_prefix"],
        organs=tuple(team_organs(organ(db), members)),
    )
    warning = notice_warning(_when(task["notified_at"]), _when(task["started_at"]))
    if warning:
        record.warnings.append(warning)
    if len([m for m in members if m.organ_officer]) < MIN_OFFICERS:
        record.warnings.append(f"检查组中本机关的执法人员少于 {MIN_OFFICERS} 名（联合检查单位的人员和技术专家不计在内）")
    state = record_state(db, task_id)
    record.missing = signing_problems(state) if record.status is TaskStatus.RECORDED else content_problems(state)
    return record


def list_tasks(db, ids: list[str] | None = None) -> list[TaskSummary]:
    """Every task (or those of `ids`) with its institution, team, numbers, dates, status and whether it was
    cancelled, newest first."""
    from app.domain.organ import document_number

    where, params = ("WHERE t.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]) if ids is not None \
        else ("", [])
    cursor = db.conn.execute(
        "SELECT t.id, t.status, t.planned_date, t.notified_at, t.started_at, t.signed_at, t.checklist_version,"
        " t.cancelled_at, t.cancel_reason, t.created_at, i.name AS institution, i.credit_code, i.category, i.district,"
        " (SELECT p.name FROM task_members m JOIN inspectors p ON p.id = m.inspector_id"
        "   WHERE m.task_id = t.id AND m.role = 'leader') AS leader,"
        " (SELECT json_group_array(name) FROM (SELECT p.name FROM task_members m JOIN inspectors p"
        "   ON p.id = m.inspector_id WHERE m.task_id = t.id ORDER BY m.position)) AS team,"
        " t.notice_prefix, t.notice_year, t.notice_serial, t.document_prefix, t.document_year, t.document_serial,"
        " (SELECT count(*) FROM findings f WHERE f.task_id = t.id AND f.verdict != 'not_checked') AS checked,"
        " (SELECT count(*) FROM findings f WHERE f.task_id = t.id AND f.verdict = 'problem') AS problems,"
        " (SELECT count(*) FROM findings f WHERE f.task_id = t.id) AS items"
        f" FROM tasks t JOIN institutions i ON i.id = t.institution_id {where}"
        " ORDER BY coalesce(t.planned_date, '') DESC, t.created_at DESC", params)
    names = [d[0] for d in cursor.description]
    tasks = []
    for row in cursor:
        values = dict(zip(names, row))
        values["status"], values["category"] = TaskStatus(values["status"]), Category(values["category"])
        values["team"] = tuple(json.loads(values["team"] or "[]"))
        for kind in ("notice", "document"):
            prefix, year, serial = (values.pop(f"{kind}_{part}") for part in ("prefix", "year", "serial"))
            values[f"{kind}_number"] = document_number(prefix, year, serial) if year and serial else None
        tasks.append(TaskSummary(**values))
    return tasks


def open_tasks_of(db, institution_key: str) -> list[TaskSummary]:
    """The institution's open tasks (neither closed nor cancelled): what a new task for it would duplicate. By
    the institution's id or credit code; none for an institution not in the registry."""
    from app.store.registry import get_institution

    institution = get_institution(db, institution_key) if institution_key else None
    if institution is None:
        return []
    ids = [r[0] for r in db.conn.execute("SELECT id FROM tasks WHERE institution_id = ?", [institution.id])]
    return [t for t in list_tasks(db, ids) if t.open] if ids else []


def duplicate_text(task: TaskSummary) -> str:
    """One open task as the duplicate warning names it: status, team (leader first named), planned date."""
    team = "、".join(task.team) or "—"
    return f"{task.status.label}，检查组 {team}（组长 {task.leader or '—'}），计划日期 {task.planned_date or '未定'}"
