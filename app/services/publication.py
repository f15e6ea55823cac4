"""What a plan's draws publish (issue 11, "What comes out"): the public list of the draw of institutions
(抽查名单公示) and the team assignment sheet of the draw of inspectors (检查组分配表), each as XLSX or PDF by the
file name's extension.

The public list is read from the draw record alone (`record_of`), with the SHA-256 of the record file exactly as
`draw export` writes it, so that what is printed is what `spotcheck draw verify` checks. A draw only announced
publishes its announcement: the pools with their hashes and the named seed source, before the seed exists
(RFC 3797's discipline), marked 抽取前公告.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.domain.problems import InputRefused, Problem
from app.services.draws import get_draw, record_bytes, record_of

FORMATS = {".xlsx": "xlsx", ".pdf": "pdf"}


def _format(out: Path) -> str:
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputRefused(f"文件名应以 .xlsx 或 .pdf 结尾（按扩展名决定格式）：{out.name}",
                           [Problem("以 .xlsx 或 .pdf 结尾的文件名", str(out), file=out.name)])
    if out.is_dir():
        raise InputRefused(f"{out} 是一个文件夹，不是文件名。", [Problem("文件名", str(out), file=out.name)])
    if not out.parent.is_dir():
        raise InputRefused(f"文件夹 {out.parent} 不存在，未写出。请先建立该文件夹，或另选保存位置。",
                           [Problem("已存在的文件夹", str(out.parent), file=out.name)])
    return fmt


def _kind(draw, kind: str) -> None:
    if draw.kind == kind:
        return
    if kind == "institutions":
        raise InputRefused(f"抽取 {draw.id[:8]} 是检查人员抽取：抽查名单公示针对机构抽取；检查组分配表请用 "
                           f"spotcheck draw sheet {draw.id}。", [Problem("机构抽取", "检查人员抽取")])
    raise InputRefused(f"抽取 {draw.id[:8]} 是机构抽取：检查组分配表针对检查人员抽取；机构抽取的公示请用 "
                       f"spotcheck draw publish {draw.id}。", [Problem("检查人员抽取", "机构抽取")])


def public_list(db, draw_id: str):
    """The public list of an institutions draw (`app.reports.draw_list.PublicList`), drawn or only announced."""
    from app.reports.draw_list import PublicList
    from app.store.plans import draws_of

    draw = get_draw(db, draw_id)
    _kind(draw, "institutions")
    record = record_of(draw)
    later = next(({"id": d.id, "reason": d.reason} for d in draws_of(db.conn, draw.plan_id, draw.kind)
                  if d.replaces == draw.id), None)
    return PublicList(record, hashlib.sha256(record_bytes(record)).hexdigest(), later)


def _write(out: Path, fmt: str, pdf, sheets, **workbook) -> int | None:
    """Write `out` as PDF (`pdf()` gives the bytes and the page count) or as a workbook (`sheets()`); the pages."""
    if fmt == "pdf":
        from app.files import write_atomically

        data, pages = pdf()
        write_atomically(out, data)
        return pages
    from app.exchange.xlsx_write import write_workbook

    write_workbook(out, list(sheets()), **workbook)
    return None


def publish(db, draw_id: str, out: Path, progress=None, cancelled=None) -> dict:
    """Write the public list of an institutions draw to `out` (.xlsx or .pdf)."""
    out = Path(out)
    fmt = _format(out)
    pl = public_list(db, draw_id)
    from app.reports.draw_pdf import public_list_pdf

    pages = _write(out, fmt, lambda: public_list_pdf(pl), lambda: public_list_sheets(pl), total=pl.pool_count(),
                   progress=progress, cancelled=cancelled)
    return {"draw": pl.draw["id"], "file": str(out), "format": fmt, "pages": pages, "drawn": pl.drawn,
            "announcement_sha256": pl.record["announcement_sha256"], "record_file_sha256": pl.record_file_sha256}


def _spec(title: str, columns, text_columns: set[int], preamble: list[list]):
    from app.exchange.xlsx_write import SheetSpec

    widths = [max(6, min(60, round(c.width / 5))) for c in columns]
    return SheetSpec(title, [c.header for c in columns], widths, text_columns, preamble)


LIST_COLUMNS = ("领域", "序号", "机构名称", "统一社会信用代码", "所在区县", "结果", "分层或理由")


def public_list_sheets(pl):
    """The workbook: 公示 (the particulars, the rules, the summary and the list), 抽取步骤 (every step, with the
    method in words above it), 名单 (every pool, numbered as published)."""
    from app.reports import draw_list as d
    from app.reports.tables import Column

    blank: list = []
    preamble = [[pl.title], [pl.plan_title], [pl.organs], [pl.notice_number], blank]
    preamble += [[label, value] for label, value in pl.facts()]
    preamble += [["复核方法", "见“抽取步骤”表（每一步的摘要、R、位置）；各领域名单见“名单”表"], blank,
                 ["抽取规则"]] + [[line] for line in pl.interpretation()]
    preamble += [blank, [c.header for c in d.SUMMARY_COLUMNS]] + pl.summary_rows() + [[pl.rate_line()], blank]
    rows = []
    for part in pl.categories():
        rows += [[part.label, *row] for row in part.selected]
        rows += [[part.label, *row[:4], d.HANDED_ON, ""] for row in part.handed_on]
        if part.shortfall:
            rows.append([part.label, "", "", "", "", f"缺额 {part.shortfall} 家", part.shortfall_text])
    rows += [["", *row[:3], "", "不列入名单", row[3]] for row in pl.excluded_rows()]
    rows += [["", *row[:3], "", "上级已抽取，仍列入名单", row[3]] for row in pl.included_rows()]
    if not pl.drawn:
        preamble += [["尚未抽取：下表只列出不列入名单的机构；各领域名单和分层见“名单”表。"], blank]
    columns = [Column(h, w) for h, w in zip(LIST_COLUMNS, (80, 30, 190, 100, 60, 70, 220))]
    yield _spec("抽查名单公示", columns, {3}, preamble), rows

    steps = [["如何复核"]] + [[line] for line in pl.verification()] + [blank]
    steps += [["各领域的分层（依次抽取）"], [c.header for c in d.STAGE_COLUMNS]] + pl.stage_rows() + [blank]
    yield _spec("抽取步骤", d.STEP_SHEET_COLUMNS, {3, 7}, steps), pl.step_rows()

    pools = [["各领域名单（按统一社会信用代码升序编号，即计算名单 SHA-256 的顺序；分层序号即抽取步骤中的“抽中序号”）"],
             [c.header for c in d.SUMMARY_COLUMNS]] + pl.summary_rows() + [blank]
    yield _spec("名单", d.POOL_SHEET_COLUMNS, {2}, pools), pl.pool_rows()


# --- 检查组分配表 -----------------------------------------------------------------------------------

def team_sheet_of(db, draw_id: str):
    """The team assignment sheet of a drawn inspectors draw (`app.reports.team_sheet.TeamSheet`)."""
    from app.reports.team_sheet import TeamSheet
    from app.store.plans import team_draw_tasks

    draw = get_draw(db, draw_id)
    _kind(draw, "inspectors")
    if not draw.done:
        raise InputRefused(f"检查人员抽取 {draw.id} 已公告、尚未抽取，还没有检查组：随机数公开后运行 spotcheck draw "
                           "inspectors，再写出分配表。", [Problem("已完成的检查人员抽取", "尚未抽取")])
    record = record_of(draw)
    return TeamSheet(record, hashlib.sha256(record_bytes(record)).hexdigest(), team_draw_tasks(db.conn, draw.id))


def team_sheet(db, draw_id: str, out: Path) -> dict:
    """Write the team assignment sheet of an inspectors draw to `out` (.xlsx or .pdf)."""
    out = Path(out)
    fmt = _format(out)
    sheet = team_sheet_of(db, draw_id)
    from app.reports.draw_pdf import team_sheet_pdf

    pages = _write(out, fmt, lambda: team_sheet_pdf(sheet), lambda: team_sheet_sheets(sheet))
    return {"draw": sheet.draw["id"], "file": str(out), "format": fmt, "pages": pages,
            "teams": len(sheet.result["teams"]), "record_file_sha256": sheet.record_file_sha256}


def team_sheet_sheets(sheet):
    """The workbook: 检查组分配表 (one row per member), 抽取步骤 (every step), 人员名单 (the roster as published)."""
    from app.reports import team_sheet as t

    blank: list = []
    preamble = [[t.TITLE], [sheet.plan_title], [sheet.organs], [sheet.notice_number], blank]
    preamble += [[label, value] for label, value in sheet.facts()] + [blank, ["组队规则"]]
    preamble += [[line] for line in sheet.rules()] + [blank]
    yield _spec(t.TITLE, t.MEMBER_SHEET_COLUMNS, {2, 13}, preamble), sheet.member_rows()
    steps = [["抽取步骤"]] + [[line] for line in sheet.verification()] + [blank]
    yield _spec("抽取步骤", t.STEP_SHEET_COLUMNS, {1, 6}, steps), sheet.step_rows()
    yield _spec("人员名单", t.ROSTER_COLUMNS, {4}, [["人员名单（公布顺序：执法证号，再按人员编号）"]]), sheet.roster_rows()
