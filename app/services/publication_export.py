"""The files of publication (issue 12, items 3 and 4): the public results as XLSX (and the announcement as PDF),
a receiving department's referral list as XLSX (and the transfer letter as Word), the credit records as XLSX.

The rows are app/services/public_results.py's; the workbooks are written by app/exchange/xlsx_write.py (data, never
formulas; codes as text), every file beside its final name and moved into place when complete. Each export is
refused in words, before anything is written, when its target cannot be written or it has nothing to list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.domain.cases import Recipient
from app.domain.problems import InputRefused, Problem
from app.exchange.xlsx_write import SheetSpec, check_target, write_workbook
from app.files import write_atomically
from app.reports import tables
from app.reports.times import day_text
from app.services import public_results as pub
from app.services.profile import organ as organ_of

ANNOUNCEMENT_TITLE = "检验检测机构“双随机、一公开”监督抽查结果公示"
ANNOUNCEMENT_COLUMNS = (22, 84, 102, 72, 40, 86, 86, 60, 64, 106, 36)  # relative widths of the PDF's columns


def _check_file(path: Path | None, suffix: str, option: str) -> None:
    if path is None:
        return
    if path.suffix.lower() != suffix:
        raise InputRefused(f"{option} 的文件名应以 {suffix} 结尾：{path.name}",
                           [Problem(f"以 {suffix} 结尾的文件名", str(path), column=option)])
    if not path.parent.is_dir():
        raise InputRefused(f"文件夹 {path.parent} 不存在，未导出。", [Problem("已存在的文件夹", str(path.parent),
                                                                        column=option)])
    if path.is_dir():
        raise InputRefused(f"{path} 是一个文件夹，未导出。", [Problem("文件名", str(path), column=option)])


def _cell(value) -> str:
    if value is None or value == "":
        return tables.EMPTY
    return value.isoformat() if isinstance(value, date) else str(value)


def export_results(db, out: Path, pdf: Path | None = None, plan_id: str | None = None,
                   closed_only: bool = False) -> dict:
    """The public results (一公开): one row per concluded task (closed only, if asked)."""
    out = Path(out)
    check_target(out)
    _check_file(pdf and Path(pdf), ".pdf", "--pdf")
    items, waiting = pub.concluded(db, plan_id)
    if closed_only:
        items = [i for i in items if i.closed]
    if not items:
        what = "已办结" if closed_only else "已作出处理结论"
        later = f"（另有 {waiting} 项已签署的任务尚无处理结论）" if waiting else ""
        raise InputRefused(f"没有{what}的检查任务，无可公示的抽查结果{later}。",
                           [Problem(f"{what}的检查任务", None)])
    rows = pub.public_rows(db, items)
    write_workbook(out, [(SheetSpec("抽查结果公示", pub.PUBLIC_HEADERS, pub.PUBLIC_WIDTHS, pub.PUBLIC_TEXT), rows)])
    pages = None
    if pdf is not None:
        from app.reports.announcement_pdf import Announcement, render_announcement_pdf

        organ = organ_of(db)
        columns = tuple(tables.Column(h, w, center=h in ("序号", "检查类型", "检查日期", "办理状态"))
                        for h, w in zip(pub.PUBLIC_HEADERS, ANNOUNCEMENT_COLUMNS))
        grid = tables.Grid(columns, [[tables.Cell(_cell(v), center=c.center) for v, c in zip(row, columns)]
                                     for row in rows], dense=True)
        tasks = "、".join(dict.fromkeys(row[5] for row in rows))
        announcement = Announcement(
            organ=organ.name, title=ANNOUNCEMENT_TITLE,
            opening=f"根据《检验检测机构监督管理办法》等规定，{organ.name or '本机关'}开展了{tasks}，对 {len(rows)} 家检验检测机构"
                    "进行了现场检查。现将抽查结果公示如下：",
            grid=grid, closing=["特此公示。"], dated=day_text(date.today().isoformat()))
        data, pages = render_announcement_pdf(announcement)
        write_atomically(Path(pdf), data)
    return {"file": str(out), "pdf": str(pdf) if pdf else None, "pages": pages, "rows": len(rows),
            "closed": sum(1 for i in items if i.closed), "open": sum(1 for i in items if not i.closed),
            "waiting": waiting, "tasks": [i.record.id for i in items]}


def export_referrals(db, to: Recipient, out: Path, docx: Path | None = None, plan_id: str | None = None) -> dict:
    """One receiving department's referral list, and its transfer letter (移送函)."""
    out = Path(out)
    check_target(out)
    _check_file(docx and Path(docx), ".docx", "--docx")
    lines = pub.referral_lines(db, to, plan_id)
    if not lines:
        raise InputRefused(f"没有移交{to.label}的问题线索（spotcheck case refer --to {to.value} 记录移交）。",
                           [Problem(f"移交{to.label}的问题线索", None, column="--to")])
    rows = pub.referral_rows(lines)
    write_workbook(out, [(SheetSpec(f"移交{pub.PUBLIC_RECIPIENTS[to]}", pub.REFERRAL_HEADERS, pub.REFERRAL_WIDTHS,
                                    pub.REFERRAL_TEXT), rows)])
    if docx is not None:
        from app.reports.notice_word import render_notice_docx
        from app.reports.referral_letter import Lead, ReferralLetter

        organ = organ_of(db)
        numbers = {line.referral.document_number for line in lines}
        departments = list(dict.fromkeys(line.referral.department for line in lines if line.referral.department))
        letter = ReferralLetter(
            organ=organ.name, number=numbers.pop() if len(numbers) == 1 else "",
            department="、".join(departments) or pub.PUBLIC_RECIPIENTS[to], source=organ.plan_notice,
            leads=[Lead(line.record.institution.name, line.record.institution.credit_code, line.items,
                        line.referral.text, line.referral.referred_on.isoformat(), line.record.document_number or "")
                   for line in lines],
            issued_on=day_text(max(line.referral.referred_on for line in lines).isoformat()),
            judicial=to is Recipient.JUDICIAL)
        write_atomically(Path(docx), render_notice_docx(letter))
    return {"to": to.value, "to_label": to.label, "file": str(out), "docx": str(docx) if docx else None,
            "rows": len(rows), "referrals": [line.referral.id for line in lines],
            "tasks": list(dict.fromkeys(line.record.id for line in lines))}


def export_credit(db, out: Path, plan_id: str | None = None) -> dict:
    """The credit records: one row per institution with a concluded case (docs/credit-records.md)."""
    out = Path(out)
    check_target(out)
    items, waiting = pub.concluded(db, plan_id)
    if not items:
        raise InputRefused("没有已作出处理结论的检查任务，无信用记录可导出。", [Problem("已作出处理结论的检查任务", None)])
    rows = pub.credit_rows(db, items)
    write_workbook(out, [(SheetSpec("信用记录", pub.CREDIT_HEADERS, pub.CREDIT_WIDTHS, pub.CREDIT_TEXT), rows)])
    return {"file": str(out), "rows": len(rows), "institutions": [row[0] for row in rows], "waiting": waiting}
