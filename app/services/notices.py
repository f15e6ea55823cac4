"""The notice of inspection (检查通知书) of a task: when and how it was given, its number, and the document.

`notify` records when and how the institution was told (the task's `notified_at` and `notice_method`, edited
like every other visit field: audited, travelling with the task's edits). `issue` gives the notice its number
the first time it is issued — the organ's notice prefix, the planned date's year, the next serial of that
prefix and year, in the write transaction — and never again: every later print shows the same number.
`export` writes the notice as PDF or Word (by the file's extension).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.domain.organ import DEFAULT_BASIS
from app.domain.problems import InputRefused, Problem
from app.domain.record import Changes, TaskRecord
from app.files import write_atomically
from app.reports.notice import Member, Notice
from app.reports.times import day_text, time_text
from app.services.profile import organ as organ_of
from app.services.profile import require_numbering
from app.services.task_view import task_record
from app.services.tasks import edit, set_visit, task_row
from app.store import field_edits, rows

FORMATS = {".pdf": "pdf", ".docx": "docx"}


def notify(db, task_id: str, at=None, method=None) -> Changes:
    """Record when (`at`, as typed or a datetime) and how (`method`: phone or 电话 …) the notice was given; either
    may be left out (None), and a blank one clears it."""
    values = {}
    if at is not None:
        values["notified_at"] = at if not isinstance(at, str) else (at.strip() or None)
    if method is not None:
        values["notice_method"] = method
    if not values:
        raise InputRefused("请给出告知时间（--at）或告知方式（--method），或两者都给出。",
                           [Problem("告知时间或告知方式", None)])
    return set_visit(db, task_id, **values)


def issue(db, task_id: str) -> tuple[TaskRecord, bool]:
    """The task's record with its notice's number, given now if it had none; and whether it was given now.
    Refused, in words, when the organ has no notice prefix or name, the task no planned date, or the task's
    record is closed already (a notice comes before the visit)."""
    record = task_record(db, task_id)
    if record.notice_serial is not None:
        return record, False
    organ = organ_of(db)
    require_numbering(organ, "notice_prefix", "检查通知书", "同市监检通", "--notice-prefix",
                      "，或在窗口的“文件 › 使用人和角色”中")
    if not record.visit.planned_date:
        raise InputRefused("检查任务还没有计划日期：检查通知书要写明检查时间，请先填写计划日期（spotcheck task visit --task ID"
                           " --date YYYY-MM-DD，或在“现场情况”中）。", [Problem("计划日期 YYYY-MM-DD", None, column="planned_date")])
    if not record.status.editable:
        raise InputRefused(f"检查任务{record.status.label}，现场检查已经结束，不再发出检查通知书。",
                           [Problem("已计划、已告知或现场检查中的检查任务", record.status.label)])
    year = int(record.visit.planned_date[:4])
    with edit(db) as e:
        if e.conn.execute("SELECT notice_serial FROM tasks WHERE id = ?", [task_id]).fetchone()[0] is not None:
            return task_record(db, task_id), False  # numbered meanwhile (another window or command): kept
        serial = e.conn.execute("SELECT coalesce(max(notice_serial), 0) + 1 FROM tasks WHERE notice_prefix = ?"
                                " AND notice_year = ?", [organ.notice_prefix, year]).fetchone()[0]
        rows.update(e, "tasks", {"id": task_id}, {"notice_prefix": organ.notice_prefix, "notice_year": year,
                                                  "notice_serial": serial}, task_id, task_id)
    return task_record(db, task_id), True


def _issued_on(db, task_id: str) -> str:
    """The day the number was given: the wall clock of the edit that gave it (its stamp travels with it)."""
    from app.domain.hlc import Hlc

    stamps = field_edits.heads(db.conn, ("task", task_id, "notice_serial"))
    if not stamps:
        return day_text(datetime.now())
    return day_text(datetime.fromtimestamp(Hlc.parse(stamps[0]).wall_ms / 1000).astimezone())


def build_notice(db, task_id: str) -> tuple[Notice, bool]:
    """The notice as a report model (numbered now if it was not yet), and whether the number was given now."""
    from app.domain.notices import method_label

    record, given = issue(db, task_id)
    organ = organ_of(db)
    institution = record.institution
    team = [Member(m.inspector.name, m.inspector.unit,
                   f"执法证号 {m.inspector.cert_no}" if m.officer else "技术专家", m.leader) for m in record.members]
    leader = record.leader.inspector if record.leader else None
    contact = f"检查组组长 {leader.name}" + (f"，联系电话 {leader.phone}" if leader and leader.phone else "") if leader else ""
    notice = Notice(
        task_id=record.id, number=record.notice_number, organ=organ.issuer, institution_name=institution.name,
        credit_code=institution.credit_code, address=institution.address, basis=organ.basis,
        regulations=organ.legal_basis or DEFAULT_BASIS,
        source=organ.plan_notice, checklist=record.checklist.title,
        items=[f"{i.number}. {i.content}" for i in record.checklist.items],
        planned_date=day_text(record.visit.planned_date), team=team, contact=contact,
        issued_on=_issued_on(db, task_id),
        notified_at=time_text(record.visit.notified_at) if record.visit.notified_at else "",
        method=method_label(record.visit.notice_method),
    )
    return notice, given


def export(db, task_id: str, out: Path) -> dict:
    """Write the task's notice to `out`, PDF or Word by its extension; numbered the first time."""
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputRefused(f"检查通知书只能导出为 PDF 或 Word：输出文件名应以 .pdf 或 .docx 结尾（{out.name}）。",
                           [Problem("*.pdf 或 *.docx", str(out))])
    if not out.parent.is_dir():
        raise InputRefused(f"文件夹 {out.parent} 不存在。", [Problem("已存在的文件夹", str(out.parent))])
    task_row(db, task_id)  # an unknown task is said as such, before anything else
    notice, given = build_notice(db, task_id)
    pages = None
    if fmt == "pdf":
        from app.reports.notice_pdf import render_notice_pdf

        data, pages = render_notice_pdf(notice)
    else:
        from app.reports.notice_word import render_notice_docx

        data = render_notice_docx(notice)
    write_atomically(out, data)
    record = task_record(db, task_id)
    return {"task": task_id, "file": str(out), "format": fmt, "bytes": len(data), "pages": pages,
            "number": notice.number, "notice": {"prefix": record.notice_prefix, "year": record.notice_year,
                                                "serial": record.notice_serial},
            "issued": given, "notified_at": record.visit.notified_at, "notice_method": record.visit.notice_method,
            "status": record.status.value}
