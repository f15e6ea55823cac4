"""Inspection tasks: creating them, the team, the visit's times and place, and the status of the record.

Every change is one audited edit (`store.audit_log.Edit`) by the profile's
inspector on this device: written at once, in its own transaction, with an
audit entry. A task's content can change only while it is editable
(planned, notified, on site); `finish` closes the recording, `sign` signs it
when it is complete, `reopen` is the explicit, logged way back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.checklist import Verdict
from app.domain.organ import organ_officer
from app.domain.problems import InputRefused, NotFound, Problem
from app.domain.record import VISIT_FIELDS, Changes
from app.domain.tasks import (
    CANCELLED_LABEL,
    MIN_OFFICERS,
    RecordState,
    SignatureState,
    TaskStatus,
    advanced,
    cancel_refusal,
    content_gaps,
    signing_gaps,
)
from app.services.checklist import load_checklist
from app.store import profile, record_rows, rows
from app.store.audit_log import Edit
from app.store.registry import get_inspector, get_institution, inspector_exists


@dataclass(frozen=True)
class Actor:
    """Who makes an edit, on which device (from the profile)."""

    author: str
    device: str


def actor(db) -> Actor:
    values = profile.all_values(db)
    inspector = values.get("inspector_id")
    if not inspector:
        raise InputRefused("请先设置本数据库的使用人（spotcheck profile set --inspector ID，或在窗口的“文件”菜单中），"
                           "检查记录要写明是谁记录的。",
                           [Problem("本数据库的使用人（人员库中的一名检查人员）", None)])
    if not inspector_exists(db, inspector):
        raise InputRefused(f"本数据库的使用人（记录ID {inspector}）不在执法检查人员名录库中，不能以不明身份记录。"
                           "请用 spotcheck profile set --inspector ID（人员库中的记录ID或执法证号）重新选择使用人，"
                           "或在窗口的“文件 › 使用人和角色”中选择。",
                           [Problem("人员库中已有的一名检查人员", inspector, column="使用人")])
    return Actor(inspector, values.get("device_id") or "")


def edit(db) -> Edit:
    who = actor(db)
    return Edit(db, who.author, who.device)


def task_row(db, task_id: str) -> dict:
    row = rows.fetch(db.conn, "tasks", {"id": task_id})
    if row is None:
        raise NotFound(f"没有检查任务 {task_id}。")
    return row


def require_not_cancelled(row: dict) -> dict:
    if row.get("cancelled_at"):
        raise InputRefused(f"检查任务已取消（{row['cancel_reason'] or '未写原因'}），记录不能再修改。",
                           [Problem("未取消的检查任务", CANCELLED_LABEL)])
    return row


def require_editable(db, task_id: str) -> dict:
    row = require_not_cancelled(task_row(db, task_id))
    status = TaskStatus(row["status"])
    if not status.editable:
        now = status.label if status.label.startswith("已") else f"已{status.label}"  # 已签署, not 已已签署
        raise InputRefused(f"检查任务{now}，记录不能再修改；如确需修改，请先“重新打开”（将留下记录）。",
                           [Problem("可修改的检查任务（已计划、已告知或现场检查中）", status.label)])
    return row


# --- creating ----------------------------------------------------------------------------------

def create_task(db, institution_key: str, inspector_keys: list[str], leader_key: str | None = None,
                planned_date: date | None = None, checklist_version: str | None = None,
                allow_duplicate: bool = True) -> str:
    """`allow_duplicate=False`: refuse, naming it, when the institution already has an open task (`task create
    --no-duplicate`; by default the command line warns, and the window asks first, with `open_tasks_of`)."""
    from app.services.task_view import duplicate_text, open_tasks_of

    institution = get_institution(db, institution_key)
    if institution is None:
        raise InputRefused(f"机构库中没有 {institution_key}。", [Problem("机构库中机构的统一社会信用代码或记录ID",
                                                                         institution_key)])
    others = [] if allow_duplicate else open_tasks_of(db, institution.id)
    if others:
        raise InputRefused(f"{institution.name} 已有未办结的检查任务：{duplicate_text(others[0])}"
                           f"{'等 %d 项' % len(others) if len(others) > 1 else ''}。确需再建一项，请去掉 --no-duplicate 再执行。",
                           [Problem("没有未办结检查任务的机构", t.id, column="institution")
                            for t in others])
    people = []
    for key in dict.fromkeys(inspector_keys):
        person = get_inspector(db, key)
        if person is None:
            raise InputRefused(f"人员库中没有 {key}。", [Problem("人员库中人员的记录ID或执法证号", key)])
        if person.id in {p.id for p in people}:
            continue  # the same person named twice (by id and by certificate number)
        if not person.active:
            raise InputRefused(f"{person.name} 在人员库中已停用，不能参加检查。",
                               [Problem("人员库中在用的检查人员", person.name)])
        if _must_avoid(person, institution):
            raise InputRefused(f"{person.name} 须回避 {institution.name}，不能参加此次检查。",
                               [Problem("不须回避该机构的检查人员", person.name)])
        people.append(person)
    if not people:
        raise InputRefused("检查组至少要有一名检查人员。", [Problem("至少一名检查人员", None)])
    if sum(1 for p in people if organ_officer(p)) < MIN_OFFICERS:
        raise InputRefused(f"检查组至少需要 {MIN_OFFICERS} 名本机关（市场监管部门）持执法证的执法人员；"
                           "公安、生态环境等联合检查单位的人员和技术专家不计在内。",
                           [Problem(f"至少 {MIN_OFFICERS} 名市场监管执法人员", "、".join(p.name for p in people))])
    leader = get_inspector(db, leader_key) if leader_key else people[0]
    if leader is None or leader.id not in {p.id for p in people}:
        raise InputRefused("组长必须是检查组成员。", [Problem("检查组中的一名成员", leader_key)])
    checklist = load_checklist(checklist_version)
    task_id = str(uuid.uuid4())
    with edit(db) as e:
        year = (planned_date or date.fromisoformat(e.at[:10])).year
        prefix = profile.get(db, "document_prefix") or ""  # the organ's, now: the number never changes after
        serial = e.conn.execute("SELECT coalesce(max(document_serial), 0) + 1 FROM tasks WHERE document_prefix = ?"
                                " AND document_year = ?", [prefix, year]).fetchone()[0]  # in the write transaction
        rows.insert(e, "tasks", {
            "id": task_id, "institution_id": institution.id, "checklist_version": checklist.version,
            "status": TaskStatus.PLANNED.value, "planned_date": planned_date.isoformat() if planned_date else None,
            "document_prefix": prefix, "document_year": year, "document_serial": serial,
        }, task_id, task_id)
        for position, person in enumerate(people, start=1):
            role = "leader" if person.id == leader.id else "member"
            rows.insert(e, "task_members", {"task_id": task_id, "inspector_id": person.id, "role": role,
                                               "position": position}, person.id, task_id)
        for item in checklist.items:
            finding_id = str(uuid.uuid4())
            rows.insert(e, "findings", {"id": finding_id, "task_id": task_id, "item": item.number,
                                           "verdict": Verdict.NOT_CHECKED.value}, finding_id, task_id)
    return task_id


def _must_avoid(person, institution) -> bool:
    """Whether the inspector's avoid list names the institution: by its credit code written in any form the
    registry reads (lower case, full width, spaces — folded as on import), or by its name."""
    from app.domain.credit_code import normalise

    codes = {normalise(entry)[0] for entry in person.avoid}
    return institution.credit_code in codes or institution.name in person.avoid


# --- the visit ----------------------------------------------------------------------------------

def set_visit(db, task_id: str, **values) -> Changes:
    """Times, place, what the party was told, recusal answer, the party's statement, notes, the recorder; moves
    the status on."""
    unknown = set(values) - set(VISIT_FIELDS)
    if unknown:
        raise ValueError(f"unknown task fields {unknown}")
    row = require_editable(db, task_id)
    changes = {k: _stored(v) for k, v in values.items()}
    if "recorder_id" in changes:
        key = changes["recorder_id"]
        changes["recorder_id"] = _team_member(db, task_id, key, "记录人").id if key else None
    if "planned_date" in changes:
        changes["planned_date"] = _planned_date(changes["planned_date"])
    if "notice_method" in changes:  # phone or 电话; refused in words when it is no way of giving notice
        from app.domain.notices import notice_method

        changes["notice_method"] = notice_method(changes["notice_method"])
    for column in ("notified_at", "started_at", "ended_at"):
        if changes.get(column):  # a time that does not read is refused, never stored as typed
            changes[column] = _read_moment(changes[column], column).isoformat(timespec="minutes")
    _check_visit_times({**{k: row[k] for k in ("started_at", "ended_at")}, **changes})
    status = TaskStatus(row["status"])
    if changes.get("notified_at") or row["notified_at"]:
        status = advanced(status, TaskStatus.NOTIFIED)
    if changes.get("started_at") or row["started_at"]:
        status = advanced(status, TaskStatus.ON_SITE)
    changes["status"] = status.value
    with edit(db) as e:
        changed = rows.update(e, "tasks", {"id": task_id}, changes, task_id, task_id)
        return rows.changes(e, task_id, changed, task_id)


def _team_member(db, task_id: str, key: str, what: str):
    """The team member named by record id or certificate number, or a refusal naming `what` they were to be."""
    person = get_inspector(db, key)
    team = {inspector_id for inspector_id, _, _ in record_rows.members(db.conn, task_id)}
    if person is None or person.id not in team:
        raise InputRefused(f"{what}须是本检查组的成员：{key} 不是。", [Problem("检查组成员的记录ID或执法证号", key,
                                                                              column=what)])
    return person


def show_credentials(db, task_id: str, inspector_key: str, shown: bool = True) -> Changes:
    """Record that a team member showed (or, correcting, did not show) their enforcement certificate on site.
    Technical experts hold none."""
    require_editable(db, task_id)
    person = _team_member(db, task_id, inspector_key, "出示执法证件的人员")
    if shown and not person.enforcement_officer:
        raise InputRefused(f"{person.name} 是技术专家，没有执法证件可出示。",
                           [Problem("持执法证的检查组成员", person.name, column="credentials")])
    with edit(db) as e:
        changed = rows.update(e, "task_members", {"task_id": task_id, "inspector_id": person.id},
                              {"credentials_shown": int(shown)}, person.id, task_id)
        return rows.changes(e, task_id, changed, person.id)


# --- the institution's people present ------------------------------------------------------------

ATTENDEE_FIELDS = {"name": "姓名", "title": "职务", "phone": "电话"}


def add_attendee(db, task_id: str, name: str, title: str = "", phone: str = "", *, strict: bool = True) -> Changes:
    """One of the institution's people present at the visit (现场负责人、陪同人员): name, title, phone. `strict`:
    refuse a blank name; otherwise (the window adds a row, then its cells are typed) keep it, and the record
    leaves a row without a name out."""
    require_editable(db, task_id)
    values = _attendee_values({"name": name, "title": title, "phone": phone})
    if strict and not values["name"]:
        raise InputRefused("在场人员的姓名不能为空。", [Problem("姓名", name, column="name")])
    attendee_id = str(uuid.uuid4())
    with edit(db) as e:
        rows.insert(e, "visit_attendees", {"id": attendee_id, "task_id": task_id,
                                           "position": rows.next_position(e.conn, "visit_attendees", task_id),
                                           **values}, attendee_id, task_id)
        return rows.changes(e, task_id, {k: (None, v) for k, v in values.items()}, attendee_id)


def set_attendee(db, attendee_id: str, **values) -> Changes:
    unknown = set(values) - set(ATTENDEE_FIELDS)
    if unknown:
        raise ValueError(f"unknown attendee fields {unknown}")
    row = _attendee_row(db, attendee_id)
    require_editable(db, row["task_id"])
    values = _attendee_values(values)
    with edit(db) as e:
        changed = rows.update(e, "visit_attendees", {"id": attendee_id}, values, attendee_id, row["task_id"])
        return rows.changes(e, row["task_id"], changed, attendee_id)


def remove_attendee(db, attendee_id: str) -> Changes:
    return _mark_attendee(db, attendee_id, 1, "delete")


def restore_attendee(db, attendee_id: str) -> Changes:
    return _mark_attendee(db, attendee_id, 0, "restore")


def _mark_attendee(db, attendee_id: str, deleted: int, action: str) -> Changes:
    row = _attendee_row(db, attendee_id)
    require_editable(db, row["task_id"])
    with edit(db) as e:
        changed = rows.update(e, "visit_attendees", {"id": attendee_id}, {"deleted": deleted}, attendee_id,
                              row["task_id"], action=action)
        return rows.changes(e, row["task_id"], changed, attendee_id)


def _attendee_row(db, attendee_id: str) -> dict:
    row = rows.fetch(db.conn, "visit_attendees", {"id": attendee_id})
    if row is None:
        raise NotFound(f"没有在场人员记录 {attendee_id}。")
    return row


def _attendee_values(values: dict) -> dict:
    return {k: " ".join(str(v or "").split()) for k, v in values.items()}


def _planned_date(value) -> str | None:
    from app.domain.values import BadValue, parse_iso_date

    try:
        day = parse_iso_date(value)
    except BadValue as exc:
        raise InputRefused(f"计划日期 {value} 不是有效的日期。",
                           [Problem(str(exc), value, column="planned_date")]) from None
    return day.isoformat() if day else None


def _read_moment(value, column: str) -> datetime:
    """A time as typed (2025-10-20 09:30, with T, full-width, with an offset) or given; refused in words."""
    from app.domain.values import BadValue, parse_moment

    try:
        moment = parse_moment(value)
        if moment is not None:
            moment.astimezone()  # a time without offset is local time: it must be one
    except (BadValue, OverflowError, ValueError):
        moment = None
    if moment is None:
        raise InputRefused(f"{VISIT_FIELDS[column]} {value} 格式不对。",
                           [Problem("YYYY-MM-DD HH:MM，例如 2025-10-20 09:30", value, column=column)])
    return moment


def _moment(value: str | None, column: str) -> datetime | None:
    return _read_moment(value, column).astimezone() if value else None


def _check_visit_times(session: dict) -> None:
    """The visit cannot end before it started (ending when it starts is allowed: the times are to the minute)."""
    started, ended = _moment(session.get("started_at"), "started_at"), _moment(session.get("ended_at"), "ended_at")
    if started and ended and ended < started:
        raise InputRefused(f"现场检查结束时间（{session['ended_at']}）早于开始时间（{session['started_at']}）。",
                           [Problem(f"不早于开始时间 {session['started_at']} 的结束时间", session["ended_at"],
                                    column="ended_at")])


def _stored(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


# --- status ---------------------------------------------------------------------------------------

def record_state(db, task_id: str) -> RecordState:
    row = task_row(db, task_id)
    checklist = load_checklist(row["checklist_version"])
    verdicts = {n: (f.verdict, f.description) for n, f in record_rows.findings(db.conn, task_id).items()}
    samples = [(s.code, s.judgement.value if s.judgement else None)
               for s in record_rows.blind_samples(db.conn, task_id)]
    officers, credentials = set(), set()
    for inspector_id, _, shown in record_rows.members(db.conn, task_id):
        person = get_inspector(db, inspector_id)
        if person is not None and organ_officer(person):
            officers.add(person.id)
        if shown:
            credentials.add(inspector_id)
    signed = SignatureState()
    for s in record_rows.signatures(db.conn, task_id):
        if s.signer == "inspector" and not s.refused:
            signed.officers_signed.add(s.inspector_id)
        elif s.representative:
            signed.representative_refused |= s.refused
            signed.representative_signed |= not s.refused
    session = {k: row[k] for k in ("started_at", "ended_at", "place", "credentials_shown", "recusal_answer")}
    return RecordState(verdicts, [i.number for i in checklist.items], samples, officers, signed, session,
                       credentials)


def finish(db, task_id: str) -> Changes:
    """Recording done: the record waits for signatures and can no longer be edited."""
    require_editable(db, task_id)
    gaps = content_gaps(record_state(db, task_id))
    if gaps:  # each problem says where it is (column): the window goes there
        raise InputRefused("记录还不完整，不能结束记录：" + "；".join(text for _, text in gaps[:5]),
                           [Problem(text, None, column=where) for where, text in gaps])
    with edit(db) as e:
        changed = rows.update(e, "tasks", {"id": task_id}, {"status": TaskStatus.RECORDED.value}, task_id, task_id)
        return rows.changes(e, task_id, changed, task_id)


def sign(db, task_id: str, signed_at: str | None = None) -> Changes:
    """Sign the record: refused, with every reason, unless it is complete. `signed_at` defaults to now."""
    row = require_not_cancelled(task_row(db, task_id))
    if TaskStatus(row["status"]) not in (TaskStatus.RECORDED,):
        raise InputRefused("请先结束记录（确认记录完整），再签署。",
                           [Problem("记录完成、待签名的检查任务", TaskStatus(row["status"]).label)])
    gaps = signing_gaps(record_state(db, task_id))
    if gaps:
        raise InputRefused("记录还不能签署：" + "；".join(text for _, text in gaps[:5]),
                           [Problem(text, None, column=where) for where, text in gaps])
    with edit(db) as e:
        rows.update(e, "tasks", {"id": task_id},
                       {"status": TaskStatus.SIGNED.value, "signed_at": signed_at or e.at}, task_id, task_id,
                       action="sign")
        return rows.changes(e, task_id, row_id=task_id)


def reopen(db, task_id: str, reason: str) -> Changes:
    """The explicit, logged way to change a finished or signed record: its signatures become void."""
    if not reason.strip():
        raise InputRefused("重新打开记录必须写明原因。", [Problem("重新打开的原因", reason)])
    row = require_not_cancelled(task_row(db, task_id))
    status = TaskStatus(row["status"])
    if status not in (TaskStatus.RECORDED, TaskStatus.SIGNED):
        raise InputRefused(f"检查任务{status.label}，无须重新打开。", [Problem("已记录或已签署的检查任务", status.label)])
    with edit(db) as e:
        e.log("reopen", "task", task_id, task_id, "reason", None, reason.strip())
        rows.update(e, "tasks", {"id": task_id}, {"status": TaskStatus.ON_SITE.value, "signed_at": None},
                       task_id, task_id, action="reopen")
        for s in record_rows.signatures(e.conn, task_id):
            rows.update(e, "signatures", {"id": s.id}, {"void": 1}, s.id, task_id, action="reopen")
        return rows.changes(e, task_id, row_id=task_id)


def merged_when_settled(db, task_id: str) -> Changes:
    """After the lead digitally signs a record that holds findings from other devices: the task is `merged` once
    its record is signed and no conflict is open (nothing changes otherwise)."""
    from app.services import merge as merge_service

    row = task_row(db, task_id)
    if profile.get(db, "role") != "lead" or TaskStatus(row["status"]) is not TaskStatus.SIGNED:
        return Changes(task_id)
    received = db.conn.execute("SELECT 1 FROM field_edits WHERE task_id = ? AND source IS NOT NULL LIMIT 1",
                               [task_id]).fetchone()
    if received is None or merge_service.conflict_count(db, task_id):
        return Changes(task_id)
    with edit(db) as e:
        changed = rows.update(e, "tasks", {"id": task_id}, {"status": TaskStatus.MERGED.value}, task_id, task_id,
                              action="merge")
        return rows.changes(e, task_id, changed, task_id)


def recorded_count(db, task_id: str) -> int:
    """How much was recorded on site: items with a verdict, blind samples, exams and photos kept."""
    return db.conn.execute(
        "SELECT (SELECT count(*) FROM findings WHERE task_id = :t AND verdict != 'not_checked')"
        " + (SELECT count(*) FROM blind_samples WHERE task_id = :t AND deleted = 0)"
        " + (SELECT count(*) FROM signatory_exams WHERE task_id = :t AND deleted = 0)"
        " + (SELECT count(*) FROM photos WHERE task_id = :t AND deleted = 0)", {"t": task_id}).fetchone()[0]


def cancel(db, task_id: str, reason: str = "") -> Changes:
    """Cancel a task that is still being prepared or recorded (app/domain/tasks.py `cancel_refusal`): when and why
    are recorded fields of the task, audited with who cancelled it; its record is kept, and no longer editable."""
    row = task_row(db, task_id)
    refusal = cancel_refusal(TaskStatus(row["status"]), bool(row["cancelled_at"]), recorded_count(db, task_id),
                             reason)
    if refusal is not None:
        status = CANCELLED_LABEL if row["cancelled_at"] else TaskStatus(row["status"]).label
        raise InputRefused(refusal[0], [Problem(refusal[1], reason.strip() if "原因" in refusal[1] else status)])
    with edit(db) as e:
        changed = rows.update(e, "tasks", {"id": task_id}, {"cancelled_at": e.at, "cancel_reason": reason.strip()},
                              task_id, task_id, action="cancel")
        return rows.changes(e, task_id, changed, task_id)
