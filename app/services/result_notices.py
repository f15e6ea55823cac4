"""The result notice (检查结果告知书) of a concluded task: its number and the document.

`issue` gives the notice its number the first time it is issued — the organ's result-notice prefix, the year of
the conclusion, the next serial of that prefix and year, in the write transaction, with the day — and never
again: every later print shows the same number and date, with the case as it stands then. `export` writes the
notice as PDF or Word (by the file's extension), with the proof of service (送达回证) on a page of its own.
Refused in words without a conclusion (nothing to tell the institution yet) or without the organ's prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.domain.cases import Case, Conclusion
from app.domain.checklist import Verdict
from app.domain.organ import DEFAULT_BASIS, document_number
from app.domain.problems import InputRefused, Problem
from app.files import write_atomically
from app.reports.result_notice import NOT_LISTED, ProblemLine, ResultNotice
from app.reports.times import day_text
from app.services.profile import organ as organ_of
from app.services.profile import require_numbering
from app.services.task_view import task_record
from app.services.tasks import edit, task_row
from app.store import cases as case_store

FORMATS = {".pdf": "pdf", ".docx": "docx"}


@dataclass(frozen=True)
class Issued:
    prefix: str
    year: int
    serial: int
    issued_on: date

    @property
    def number(self) -> str:
        return document_number(self.prefix, self.year, self.serial)


def _stored(conn, task_id: str) -> Issued | None:
    row = conn.execute("SELECT prefix, year, serial, issued_on FROM result_notices WHERE task_id = ?",
                       [task_id]).fetchone()
    return Issued(row[0], row[1], row[2], date.fromisoformat(row[3])) if row else None


def _case(db, task_id: str) -> Case:
    case = case_store.get_case(db.conn, task_id)
    if case is None:
        raise InputRefused("检查任务还没有处理结论，不能出具检查结果告知书：请先作出结论（spotcheck case conclude --task ID"
                           " --conclusion …）。", [Problem("已作出处理结论的检查任务", task_id, column="--task")])
    return case


def issue(db, task_id: str, today: date | None = None) -> tuple[Issued, bool]:
    """The notice's number (given now if it had none) and whether it was given now."""
    task_id = task_row(db, task_id)["id"]
    case = _case(db, task_id)
    stored = _stored(db.conn, task_id)
    if stored is not None:
        return stored, False
    organ = organ_of(db)
    require_numbering(organ, "result_prefix", "检查结果告知书", "同市监检果", "--result-prefix", " ")
    year, day = case.decided_on.year, today or date.today()
    with edit(db) as e:
        again = _stored(e.conn, task_id)
        if again is not None:
            return again, False  # numbered meanwhile by another writer: kept
        serial = e.conn.execute("SELECT coalesce(max(serial), 0) + 1 FROM result_notices WHERE prefix = ? AND year = ?",
                                [organ.result_prefix, year]).fetchone()[0]
        issued = Issued(organ.result_prefix, year, serial, day)
        e.conn.execute("INSERT INTO result_notices (task_id, prefix, year, serial, issued_on, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)", [task_id, issued.prefix, year, serial, day.isoformat(), e.at])
        e.log("issue", "case", task_id, None, "result_notice", None, issued.number)
    return issued, True


def _checked_on(record) -> str:
    visit = record.visit
    if not visit.started_at:
        return day_text(visit.planned_date) if visit.planned_date else ""
    start = day_text(visit.started_at)
    end = day_text(visit.ended_at) if visit.ended_at else start
    return start if end == start else f"{start}至{end}"


def basis_text(item) -> str:
    """The legal basis the checklist gives for an item (law and article; the checklist's notes are for its
    editors): 《…》第十四条；《…》第二十六条, or NOT_LISTED."""
    return "；".join(f"{b.law}{b.article}" for b in item.legal_basis) or NOT_LISTED


def _rectification(case: Case) -> list[str]:
    out = []
    if case.rectify_by is not None or case.conclusion is Conclusion.RECTIFY:
        deadline = day_text(case.rectify_by.isoformat()) if case.rectify_by else "____年__月__日"
        out.append(f"请你单位对上述问题认真整改，于{deadline}前完成整改，并将整改报告及有关证明材料报送本机关。逾期不整改或者"
                   "整改不到位的，本机关将依法处理。")
    if case.referrals:
        out.append("对检查中发现的问题线索，本机关已依法移交有关部门处理，请你单位配合。")
    elif case.conclusion is Conclusion.REFER:
        out.append("对检查中发现的问题线索，本机关将依法移交有关部门处理。")
    if case.conclusion is Conclusion.INVESTIGATE:
        out.append("对检查中发现的违法行为，本机关将依法立案调查，另行作出处理决定。")
    if case.conclusion is Conclusion.OBSTRUCTED:
        out.append("你单位不配合检查，情节严重，本机关将依法处理。")
    if case.penalty_decision and case.penalty_on:
        out.append(f"本机关已于{day_text(case.penalty_on.isoformat())}作出行政处罚决定（{case.penalty_decision}）"
                   + (f"：{case.penalty_text}" if case.penalty_text else "")
                   + ("，撤销你单位的资质认定证书" if case.revoked else "") + "。")
    return out


def _follow_up(case: Case) -> list[str]:
    if case.rectify_by is None and case.conclusion is not Conclusion.RECTIFY:
        return []
    out = ["整改期限届满后，本机关将对你单位的整改情况进行跟踪检查（复查）。"]
    if case.rectification_received_on:
        out.append(f"本机关已于{day_text(case.rectification_received_on.isoformat())}收到你单位的整改报告。")
    if case.rectification_checked_on and case.rectification_accepted is not None:
        result = "整改到位" if case.rectification_accepted else "整改不到位，本机关将依法处理"
        out.append(f"本机关已于{day_text(case.rectification_checked_on.isoformat())}复查：{result}。")
    return out


def build(db, task_id: str) -> tuple[ResultNotice, Issued, bool]:
    """The notice as a report model (numbered now if it was not yet), its number, and whether given now."""
    issued, given = issue(db, task_id)
    task_id = task_row(db, task_id)["id"]
    case = _case(db, task_id)
    record = task_record(db, task_id)
    organ = organ_of(db)
    inst = record.institution
    problems = [ProblemLine(n, record.checklist.item(n).content, f.description.strip(),
                            basis_text(record.checklist.item(n)))
                for n, f in sorted(record.findings.items()) if f.verdict is Verdict.PROBLEM]
    notice = ResultNotice(
        task_id=task_id, number=issued.number, organ=organ.name, institution_name=inst.name,
        credit_code=inst.credit_code, cma_cert_no=inst.cma_cert_no, address=inst.address,
        checked_on=_checked_on(record), regulations=organ.legal_basis or DEFAULT_BASIS, source=organ.plan_notice,
        basis=organ.basis, checklist=record.checklist.title, items=len(record.checklist.items),
        record_number=record.document_number or "", inspection_notice=record.notice_number or "",
        conclusion=case.conclusion.label, problems=problems, rectification=_rectification(case),
        follow_up=_follow_up(case), issued_on=day_text(issued.issued_on.isoformat()))
    return notice, issued, given


def export(db, task_id: str, out: Path) -> dict:
    """Write the task's result notice to `out`, PDF or Word by its extension; numbered the first time."""
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputRefused(f"检查结果告知书只能导出为 PDF 或 Word：输出文件名应以 .pdf 或 .docx 结尾（{out.name}）。",
                           [Problem("*.pdf 或 *.docx", str(out), column="--out")])
    if not out.parent.is_dir():
        raise InputRefused(f"文件夹 {out.parent} 不存在。", [Problem("已存在的文件夹", str(out.parent), column="--out")])
    if out.is_dir():
        raise InputRefused(f"{out} 是一个文件夹。", [Problem("文件名", str(out), column="--out")])
    notice, issued, given = build(db, task_id)
    pages = None
    if fmt == "pdf":
        from app.reports.notice_pdf import render_notice_pdf

        data, pages = render_notice_pdf(notice)
    else:
        from app.reports.notice_word import render_notice_docx

        data = render_notice_docx(notice)
    write_atomically(out, data)
    return {"task": notice.task_id, "file": str(out), "format": fmt, "bytes": len(data), "pages": pages,
            "number": issued.number, "result_notice": {"prefix": issued.prefix, "year": issued.year,
                                                       "serial": issued.serial,
                                                       "issued_on": issued.issued_on.isoformat()},
            "issued": given, "conclusion": notice.conclusion, "problems": [p.item for p in notice.problems]}
