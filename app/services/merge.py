"""What merging needs of a database: its travelling edits and the state they give (app/domain/merge.py).

This release records every edit of a recorded field with the versions it replaced, and computes the
database's digest from them; importing other devices' findings packages builds on it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.domain import merge
from app.store import field_edits


@dataclass(frozen=True)
class Digest:
    sha256: str
    fields: int  # fields recorded (entity, UUID, field)
    edits: int  # edits received or made
    conflicts: int  # fields with more than one head

    def to_json(self) -> dict:
        return {"sha256": self.sha256, "fields": self.fields, "edits": self.edits, "conflicts": self.conflicts}


def digest(db, task_id: str | None = None) -> Digest:
    """SHA-256 over the state of every recorded field (of one task, or of all), keyed by UUID: two databases
    that hold the same edits have the same digest, whatever order they came in."""
    edits = field_edits.all_edits(db.conn, task_id)
    state = merge.merge(edits)
    return Digest(merge.digest(state), len(state), len(edits), len(merge.conflicts(state)))


# --- receiving other devices' edits --------------------------------------------------------------

@dataclass(frozen=True)
class Received:
    new: int  # edits not held before (0: the package was merged already)
    rows: int  # recorded rows created or changed here
    conflicts: tuple  # the fields left with more than one version (FieldState)


def receive(db, edits: list[merge.FieldEdit], source: str, before=None, author: str | None = None,
            before_commit=None) -> Received:
    """Merge edits made on other devices into this database, in one transaction: keep each new one, then
    write every field it touches as the set of all edits held gives it (app/domain/merge.py). Edits held
    already change nothing; an edit that claims a stamp held with other content is refused, writing nothing.
    `before(conn, at)` runs first in the transaction, `before_commit(conn, received)` last, with what this returns
    (both only when there is a transaction)."""
    from app.domain.problems import IntegrityFailure, Problem

    held = field_edits.held(db.conn, edits)
    forged = [e for e in edits if e.identity in held and held[e.identity] != e]
    forged += [b for a, b in merge.duplicates(edits)]
    if forged:
        first = forged[0]
        raise IntegrityFailure(
            f"收到的记录中有 {len(forged)} 处编辑与已有的同一编辑（同一时间戳）内容不同：同一次编辑不可能写下两个值，"
            "这份结果包被改动过或来自伪造的设备，未导入。",
            [Problem("与已收到的同一编辑相同的内容", f"{first.entity} {first.entity_id} {first.field} @ {first.hlc}",
                     column=first.field)])
    fresh = list({e.identity: e for e in edits if e.identity not in held}.values())
    _refuse_odd_stamps(fresh)
    _refuse_unknown_fields(db, fresh)
    if not fresh and before is None:
        return Received(0, 0, ())
    return _merge_in(db, fresh, source, before, author, before_commit)


def _merge_in(db, fresh: list[merge.FieldEdit], source: str, before, author: str | None,
              before_commit) -> Received:
    """`receive`'s transaction: the edits kept, the rows they touch written as the edits held give them."""
    from app.services.tasks import edit as local_edit

    with (local_edit(db) if author is None else _edit_as(db, author)) as e:
        if before is not None:  # what must be written in the same transaction first (attachments' rows)
            before(e.conn, e.at)
        field_edits.add_received(e.conn, fresh, source, e.at)
        touched = {(f.entity, f.entity_id, f.task_id) for f in fresh}
        signed = {task: _signed_content(db, task) for task in {f.task_id for f in fresh} if _signed(db, task)}
        rows = _materialize_all(e, sorted(touched, key=_parents_first))
        for task, content in signed.items():
            _refuse_changing_a_signed_record(db, task, content)
        if fresh:
            _advance_clock(e, fresh)
        keys = {f.key for f in fresh}
        state = merge.merge(x for task in {f.task_id for f in fresh} for x in field_edits.all_edits(e.conn, task))
        received = Received(len(fresh), rows, tuple(s for s in merge.conflicts(state) if s.key in keys))
        if before_commit is not None:
            before_commit(e.conn, received)
    return received


def unknown(db, edits: list[merge.FieldEdit]) -> list[merge.FieldEdit]:
    """The edits this database does not hold yet."""
    held = field_edits.held(db.conn, edits)
    return [e for e in edits if e.identity not in held]


def _edit_as(db, author: str):
    """An edit by `author` on this device: a first assignment arrives before this database has a user."""
    from app.store import profile
    from app.store.audit_log import Edit

    return Edit(db, author, profile.get(db, "device_id") or "")


def _parents_first(touched: tuple) -> tuple:
    entity, entity_id, _ = touched
    return (0 if entity == "task" else 1, entity, entity_id)


def _refuse_unknown_fields(db, edits: list[merge.FieldEdit]) -> None:
    from app.domain.problems import IntegrityFailure, Problem

    bad = [e for e in edits if not field_edits.travels(db.conn, e.entity, e.field) or not field_edits.fits(db.conn, e)]
    if bad:
        raise IntegrityFailure(f"收到的记录中有 {len(bad)} 处编辑写的不是可记录的字段或值（{bad[0].entity}.{bad[0].field}"
                               f" = {str(bad[0].value)[:20]!r}），未导入。",
                               [Problem("检查记录中的字段", f"{e.entity}.{e.field}", column=e.field) for e in bad[:20]])


def _signed(db, task_id: str | None) -> bool:
    """Whether the task's record is signed (or signatures are being collected on the finished record): what it
    shows then is what its signers signed."""
    from app.domain.tasks import TaskStatus

    row = db.conn.execute("SELECT status FROM tasks WHERE id = ?", [task_id]).fetchone() if task_id else None
    if row is None:
        return False
    if row[0] in (TaskStatus.SIGNED.value, TaskStatus.MERGED.value, TaskStatus.CLOSED.value):
        return True
    return row[0] == TaskStatus.RECORDED.value and db.conn.execute(
        "SELECT 1 FROM signatures WHERE task_id = ? AND void = 0 LIMIT 1", [task_id]).fetchone() is not None


def _signed_content(db, task_id: str) -> dict:
    """What the record's signatures cover: the canonical record (the record hash's content)."""
    from app.services.reporting import canonical_record
    from app.services.task_view import task_record

    return canonical_record(task_record(db, task_id))


def _refuse_changing_a_signed_record(db, task_id: str, before: dict) -> None:
    """In the merge's transaction: received edits may not change what a signed record shows (unless they reopen
    it, as the reopening device's edits do): its signers did not sign that."""
    from app.domain.problems import IntegrityFailure, Problem

    if not _signed(db, task_id):
        return  # reopened by what was received
    after = _signed_content(db, task_id)
    if after == before:
        return
    items = [f"第 {new['item']} 项" for old, new in zip(before["findings"], after["findings"]) if old != new]
    parts = items + [PART_WORDS.get(k, k) for k in sorted(set(before) | set(after))
                     if k != "findings" and before.get(k) != after.get(k)]
    raise IntegrityFailure(
        f"检查任务 {task_id[:8]} 的记录已签署，这份数据包会改动签署后的记录（{'、'.join(parts[:8])}），未导入：签名人没有签过这些"
        "内容。如确需并入，请先“重新打开”记录（签名作废，将留下记录），再导入这份数据包，然后重新签署。",
        [Problem("不改动已签署记录的编辑", "、".join(parts[:8]), column=None)])


PART_WORDS = {"institution": "机构信息更正", "team": "检查组", "session": "现场检查情况", "blind_samples": "盲样",
              "exams": "签字人考试", "photos": "照片", "signatures": "签名"}


def _refuse_odd_stamps(edits: list[merge.FieldEdit]) -> None:
    """Every received edit's stamp (and every stamp it replaced) must be a clock stamp as Spotcheck writes it."""
    from app.domain.hlc import well_formed
    from app.domain.problems import IntegrityFailure, Problem

    bad = [e for e in edits if not well_formed(e.hlc) or not all(well_formed(b) for b in e.bases)]
    if bad:
        raise IntegrityFailure(f"收到的记录中有 {len(bad)} 处编辑的时间戳不是 Spotcheck 写下的格式（{bad[0].hlc[:40]!r}），"
                               "这份数据包被改动过或来自有缺陷的程序，未导入。",
                               [Problem("时间戳：13 位毫秒-5 位计数-设备", e.hlc[:60], column=e.field) for e in bad[:20]])


def _materialize_all(edit, touched: list[tuple]) -> int:
    """Write every touched row as the edits held give it. A blind sample whose code another live sample holds
    still waits for the rows after it (that one may be removed or renamed further on: a sample removed and its code
    given to a new one); if it still collides when nothing else can move, two samples of the task would share a
    code (two laptops gave one code to two samples, or one brought back a sample whose code the other gave away):
    refused in words, naming the code (the transaction is rolled back)."""
    from app.domain.problems import IntegrityFailure, Problem

    rows, waiting = 0, list(touched)
    while waiting:
        blocked = []
        for entity, entity_id, task_id in waiting:
            try:
                rows += field_edits.materialize(edit, entity, entity_id, task_id)
            except sqlite3.IntegrityError as exc:  # the statement failed whole: nothing of the row was written
                if entity != "blind_sample" or "blind sample code already used" not in str(exc):
                    raise
                blocked.append((entity, entity_id, task_id))
        if len(blocked) == len(waiting):
            break
        waiting = blocked
    else:
        return rows
    entity, entity_id, _ = blocked[0]
    code = merge.merge(field_edits.edits_of(edit.conn, entity, entity_id))[(entity, entity_id, "code")].value
    raise IntegrityFailure(
        f"合并后本任务会有两个盲样使用编号 {code}：两台设备把同一编号给了不同的盲样，而一个编号只能指一个盲样。这份数据包"
        f"未导入。请在其中一台设备上把其中一个盲样 {code} 改用另一个编号（或删除重复记录的那一个），再导出数据包导入。",
        [Problem("本任务中尚未使用的盲样编号", code, column="code")])


def _advance_clock(edit, received: list[merge.FieldEdit]) -> None:
    """Our clock moves past what we received (within the skew the clock believes), so later local edits
    come after it."""
    import time

    from app.domain.hlc import Hlc
    from app.domain.hlc import receive as after
    from app.store import profile

    last = Hlc.parse(edit.hlc)
    for remote in {e.hlc for e in received}:
        last = after(last, Hlc.parse(remote), int(time.time() * 1000), edit.device)
    profile.set_value(edit.db, "hlc", str(last))


def resolve(db, entity: str, entity_id: str, field: str, value: str | None, reason: str) -> merge.FieldState:
    """Settle a field (a conflict, usually): one local edit on top of every version held, with the reason in the
    audit log. It supersedes both candidates wherever it travels."""
    from app.domain.problems import InputRefused, NotFound, Problem
    from app.services.tasks import edit as local_edit

    if not reason.strip():
        raise InputRefused("解决冲突须写明理由。", [Problem("理由", reason, column="reason")])
    key = (entity, entity_id, field)
    current = merge.merge(field_edits.edits_of(db.conn, entity, entity_id)).get(key)
    if current is None:
        raise NotFound(f"没有这个字段的记录：{entity} {entity_id} {field}。")
    task_id = current.heads[-1].task_id
    if task_id and value != current.value:  # a signed or cancelled record changes only by reopening it (which
        from app.services.tasks import require_editable  # voids its signatures); what it shows may be confirmed

        require_editable(db, task_id)
    if entity == "correction" and field == "value" and value is not None and value != current.value:
        from app.services.recording import correction_text  # checked as `record correct` checks it

        value = correction_text(entity_id.split("/", 1)[-1], value)
    settling = merge.FieldEdit(entity, entity_id, field, value, "", task_id=task_id)
    if not field_edits.fits(db.conn, settling):
        raise _cannot_hold(_label(db, entity, entity_id, field), entity, field, value)
    try:
        with local_edit(db) as e:
            # the reason is an event, not a value of the field (as reopening's is): the log replays to the tables
            e.log("resolve", entity, entity_id, task_id, f"{field}.reason", None, reason.strip())
            field_edits.record(e.conn, entity=entity, entity_id=entity_id, task_id=task_id, field=field, value=value,
                               hlc=e.hlc, author=e.author, device=e.device, at=e.at, settles=True)
            field_edits.materialize(e, entity, entity_id, task_id)
    except sqlite3.IntegrityError:  # the column's own rule (a verdict, a judgement, a result outside its list)
        raise _cannot_hold(_label(db, entity, entity_id, field), entity, field, value) from None
    return merge.merge(field_edits.edits_of(db.conn, entity, entity_id))[key]


def _cannot_hold(label: str, entity: str, field: str, value: str | None):
    """`value` refused for the field `label` names (第 5 项 结论), saying what may be written."""
    from app.domain.problems import InputRefused, Problem

    words = label or f"{ENTITY_WORDS.get(entity, entity)}的{FIELD_WORDS.get(field, field)}"
    expected = f"{words}可以保存的值"
    if entity == "finding" and field == "verdict":
        from app.domain.checklist import Verdict

        expected = "、".join(f"{v.label}（{v.value}）" for v in Verdict)
    return InputRefused(f"“{value}”不是{words}可以取的值，冲突未解决：请选定其中一个版本，或写出{expected}。",
                        [Problem(expected, value, column="value")])


def _in_the_records_words(entity: str, field: str, value: str | None) -> str | None:
    """A verdict may be written as the record shows it (发现问题 for `problem`), as the window and the list show it."""
    if entity == "finding" and field == "verdict" and value is not None:
        from app.domain.checklist import Verdict

        return next((v.value for v in Verdict if value.strip() in (v.label, v.value)), value)
    return value


# --- conflicts, as the lead sees them --------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    number: int  # 1, 2, … as listed (what --pick names)
    value: str | None
    author: str  # the inspector's name (or id when not in the registry)
    device: str
    hlc: str
    shown: str = ""  # the value in the record's words (发现问题 rather than problem)
    recorded_at: str = ""  # when, by the edit's clock (local time, to the minute)
    here: bool = False  # made on this device


@dataclass(frozen=True)
class Conflict:
    id: str  # entity:entity_id:field, stable in every database
    task_id: str | None
    entity: str
    entity_id: str
    field: str
    label: str  # what it is to a person: 第 7 项 结论, 盲样 B1 实测值 …
    candidates: tuple[Candidate, ...]

    def to_json(self) -> dict:
        return {"id": self.id, "task": self.task_id, "entity": self.entity, "entity_id": self.entity_id,
                "field": self.field, "label": self.label,
                "candidates": [{"number": c.number, "value": c.value, "shown": c.shown, "author": c.author,
                                "device": c.device, "here": c.here, "recorded_at": c.recorded_at, "hlc": c.hlc}
                               for c in self.candidates]}


FIELD_WORDS = {"verdict": "结论", "description": "问题描述", "value": "更正值", "result": "实测值", "score": "成绩",
               "code": "编号", "caption": "说明", "name": "姓名", "title": "职务", "phone": "电话"}
ENTITY_WORDS = {"finding": "检查事项", "blind_sample": "盲样", "exam": "签字人考试", "photo": "照片", "correction": "机构信息更正",
                "task": "检查任务", "member": "检查组成员", "attendee": "在场人员", "signature": "签名"}


def conflicts(db, task_id: str | None = None) -> list[Conflict]:
    """The fields with more than one version, oldest candidate first, with who recorded each."""
    from app.services.registry import get_inspector
    from app.store import profile

    device = profile.get(db, "device_id")
    state = merge.merge(field_edits.all_edits(db.conn, task_id))
    names: dict[str, str] = {}
    out = []
    for fs in merge.conflicts(state):
        entity, entity_id, field = fs.key
        candidates = []
        for n, head in enumerate(fs.heads, start=1):
            if head.author not in names:
                person = get_inspector(db, head.author) if head.author else None
                names[head.author] = person.name if person else head.author
            candidates.append(Candidate(n, head.value, names[head.author], head.device, head.hlc,
                                        _shown(entity, field, head.value), _clock_time(head.hlc),
                                        head.device == device))
        out.append(Conflict(f"{entity}:{entity_id}:{field}", fs.heads[-1].task_id, entity, entity_id, field,
                            _label(db, entity, entity_id, field), tuple(candidates)))
    return out


def _clock_time(hlc: str) -> str:
    """An edit's time by its clock stamp, in this computer's local time."""
    from datetime import datetime, timezone

    from app.domain.hlc import Hlc

    try:
        moment = datetime.fromtimestamp(Hlc.parse(hlc).wall_ms / 1000, timezone.utc).astimezone()
    except (ValueError, OverflowError, OSError):
        return ""
    return moment.strftime("%Y-%m-%d %H:%M")


def _shown(entity: str, field: str, value: str | None) -> str:
    if value in (None, ""):
        return "（空）"
    if entity == "finding" and field == "verdict":
        from app.domain.checklist import Verdict

        try:
            return Verdict(value).label
        except ValueError:
            return value
    return value


def _label(db, entity: str, entity_id: str, field: str) -> str:
    words = FIELD_WORDS.get(field, field)
    if entity == "finding":
        row = db.conn.execute("SELECT item FROM findings WHERE id = ?", [entity_id]).fetchone()
        return f"第 {row[0]} 项 {words}" if row else f"检查事项 {words}"
    if entity == "blind_sample":
        row = db.conn.execute("SELECT code FROM blind_samples WHERE id = ?", [entity_id]).fetchone()
        return f"盲样 {row[0]} {words}" if row and row[0] else f"盲样 {words}"
    if entity == "correction":
        return f"机构信息更正（{entity_id.split('/', 1)[-1]}）"
    return f"{ENTITY_WORDS.get(entity, entity)} {words}"


def resolve_conflict(db, conflict_id: str, *, pick: int | None = None, value: str | None = None,
                     reason: str) -> merge.FieldState:
    """Settle a listed conflict by picking candidate N or writing a combined value, with a reason."""
    from app.domain.problems import InputRefused, NotFound, Problem

    found = next((c for c in conflicts(db) if c.id == conflict_id), None)
    if found is None:
        raise NotFound(f"没有未解决的冲突 {conflict_id}（用 spotcheck conflict list 查看）。")
    if (pick is None) == (value is None):
        raise InputRefused("请选择一个版本（--pick N）或写出合并后的内容（--value TEXT），二者选一。",
                           [Problem("--pick N 或 --value TEXT", None)])
    if pick is not None:
        if not 1 <= pick <= len(found.candidates):
            raise InputRefused(f"冲突 {conflict_id} 只有 {len(found.candidates)} 个版本。",
                               [Problem(f"1 到 {len(found.candidates)}", pick, column="pick")])
        value = found.candidates[pick - 1].value
    else:
        value = _in_the_records_words(found.entity, found.field, value)
    return resolve(db, found.entity, found.entity_id, found.field, value, reason)


def conflict_count(db, task_id: str) -> int:
    """How many fields of the task have more than one version (cheap enough to ask after every edit)."""
    return len(merge.conflicts(merge.merge(field_edits.all_edits(db.conn, task_id))))
