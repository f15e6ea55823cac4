"""The public list of a draw (抽查名单公示) and the team assignment sheet (检查组分配表) as PDFs.

A4 portrait in the record's geometry, font and tables (app/reports/pdf.py's paragraphs and ruled grids, whose
header row repeats on every page). Every page carries, drawn by the page template: the list's title and the
draw's id in the header after the first page, 第 X 页 共 Y 页 and the start of the record file's SHA-256 at the
foot. What is printed, in which order, comes from app/reports/draw_list.py (and team_sheet.py); nothing here
decides content.
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Frame, PageTemplate, Spacer, Table, TableStyle

from app.reports import tables
from app.reports.fonts import CJK, register_cjk_font
from app.reports.pdf import GRID, _building, _grid, _p
from app.reports.pdf_flowables import Rule
from app.reports.pdf_page import CONTENT_W, MARGIN_LEFT, MARGIN_RIGHT, PAGE_H, PAGE_W

POOL_PAGES_LIMIT = 3000  # institutions: above this the PDF names the pools' hashes and refers to the workbook
FRAME_TOP = PAGE_H - 19 * mm
FRAME_BOTTOM = 22 * mm
HASH_LABEL_W = 136  # a SHA-256 (64 hex digits at 9.5 pt) on one line beside it


def _canvas(header: str, footer: str):
    class NumberedCanvas(Canvas):
        """Keeps every page until save, then writes 第 X 页 共 Y 页 on each with the total known."""

        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = CJK
            super().__init__(*args, **kwargs)
            self._kept: list[dict] = []

        def showPage(self):
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._kept)
            for state in self._kept:
                self.__dict__.update(state)
                self.saveState()
                self.setFillColor(colors.black)
                self.setStrokeColor(colors.black)
                left, right = MARGIN_LEFT, PAGE_W - MARGIN_RIGHT
                if self._pageNumber > 1:
                    y = PAGE_H - 13 * mm
                    self.setFont(CJK, 8)
                    self.drawString(left, y, header)
                    self.setLineWidth(0.5)
                    self.line(left, y - 4, right, y - 4)
                self.setLineWidth(0.5)
                self.line(left, 17 * mm, right, 17 * mm)
                self.setFont(CJK, 7.5)
                self.drawString(left, 13 * mm, footer)
                self.setFont(CJK, 9)
                self.drawRightString(right, 12.5 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
                self.restoreState()
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _document(buffer, title: str, author: str, subject: str) -> BaseDocTemplate:
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                          topMargin=PAGE_H - FRAME_TOP, bottomMargin=FRAME_BOTTOM, title=title, author=author,
                          subject=subject, creator="Spotcheck", initialFontName=CJK, initialFontSize=10.5)
    frame = Frame(MARGIN_LEFT, FRAME_BOTTOM, CONTENT_W, FRAME_TOP - FRAME_BOTTOM, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    return doc


def _build(story: list, *, title: str, author: str, subject: str, header: str, footer: str) -> tuple[bytes, int]:
    register_cjk_font()
    buffer = io.BytesIO()
    pages = {}
    with _building:
        a85, rl_config.useA85 = rl_config.useA85, 0
        try:
            doc = _document(buffer, title, author, subject)
            doc.build(story, canvasmaker=_canvas(header, footer))
            pages["n"] = doc.page
        finally:
            rl_config.useA85 = a85
    return buffer.getvalue(), pages["n"]


def _title_block(organs: str, title: str, subtitle: str, number: str) -> list:
    story = []
    if organs:
        story.append(_p(organs, "organ"))
    story += [_p(title, "title", bold=True), _p(subtitle, "document_no")]
    if number:
        story.append(_p(number, "document_no"))
    return story + [Spacer(1, 4), Rule(CONTENT_W, 1.2), Spacer(1, 1.5), Rule(CONTENT_W, 0.4), Spacer(1, 6)]


def _facts(rows: list[tuple[str, str]], label_width: float = 118) -> Table:
    table = Table([[_p(label, "cell"), _p(value or tables.EMPTY, "cell")] for label, value in rows],
                  colWidths=[label_width, CONTENT_W - label_width])
    table.setStyle(TableStyle(GRID))
    return table


def _heading(text: str, room: float = 80) -> list:
    return [CondPageBreak(room), _p(text, "heading", bold=True)]


def _table(columns, rows, dense: bool = True):
    if not rows:
        return _p(tables.NONE, "body")
    return _grid(tables.Grid(columns, [[tables.Cell(str(v) if v not in (None, "") else tables.EMPTY, center=c.center)
                                        for c, v in zip(columns, row)] for row in rows], dense=dense))


# --- 抽查名单公示 -----------------------------------------------------------------------------------

def public_list_pdf(pl) -> tuple[bytes, int]:
    """The public list (a `draw_list.PublicList`) as a PDF: (bytes, pages)."""
    from app.reports import draw_list as d

    story = _title_block(pl.organs, pl.title, pl.plan_title, pl.notice_number)
    story.append(_facts(pl.facts()))
    story += _heading(tables.numbered(1, "抽取规则"))
    story += [_p(line, "body") for line in pl.interpretation()]
    summary = pl.summary_rows()
    story += [Spacer(1, 4), _table(d.SUMMARY_COLUMNS[:5], [row[:5] for row in summary]), Spacer(1, 3),
              _p(pl.rate_line(), "small"), Spacer(1, 4),
              _facts([(f"{row[0]}名单 SHA-256", row[5]) for row in summary], label_width=HASH_LABEL_W)]
    parts = pl.categories()
    if pl.drawn:
        story += _heading(tables.numbered(2, "抽中的机构"))
        for n, part in enumerate(parts, start=1):
            story += [CondPageBreak(70), _p(f"（{tables.NUMERALS[n - 1]}）{part.label}：抽查数量 {part.quota} 家，"
                                          f"名单 {part.pool_size} 家，抽中 {len(part.selected)} 家", "subheading")]
            story += [_table(d.SELECTED_COLUMNS, part.selected), Spacer(1, 4)]
            if part.handed_on:
                story += [_p(f"上级分配而未抽中的机构 {len(part.handed_on)} 家，移交所在地县级局：", "body_flush"),
                          _table(d.HANDED_ON_COLUMNS, part.handed_on), Spacer(1, 4)]
            if part.shortfall:
                story += [_p(part.shortfall_text, "body_flush"), Spacer(1, 4)]
    else:
        story += _heading(tables.numbered(2, "将要抽取的分层"))
        stages = pl.stage_rows()
        story += [_p("各领域名单按下列分层依次抽取，每层抽取的数量已按计划规则确定：", "body"),
                  _table(d.STAGE_COLUMNS[:4], [row[:4] for row in stages]), Spacer(1, 4),
                  _facts([(f"{row[0]}·{row[1]}名单 SHA-256", row[4]) for row in stages], label_width=HASH_LABEL_W)]
    story += _heading(tables.numbered(3, "不列入名单的机构"))
    story.append(_table(d.REASON_COLUMNS, pl.excluded_rows()))
    if pl.included_rows():
        story += [Spacer(1, 4), _p("上级已抽取、经说明理由仍列入本级名单的机构：", "body_flush"),
                  _table(d.REASON_COLUMNS, pl.included_rows())]
    story += _heading(tables.numbered(4, "如何复核"))
    story += [_p(line, "body_flush") for line in pl.verification()]
    if pl.drawn:
        for label, rows in pl.steps():
            story += [CondPageBreak(90), _p(f"{label}（计数 i = k − 1，从 0 开始）", "subheading")]
            story += [_table(d.STEP_COLUMNS, rows) if rows else _p("本领域没有随机抽取的步骤。", "body_flush")]
    story += _pools(pl)
    footer = f"抽取记录 {pl.draw['id']}  记录文件 SHA-256 {pl.record_file_sha256[:16]}…"
    return _build(story, title=f"{pl.title} {pl.plan_title}", author=pl.organs, subject=pl.notice_number,
                  header=f"{pl.plan_title}  {pl.title}", footer=footer)


def _pools(pl) -> list:
    from app.reports import draw_list as d

    story = _heading(tables.numbered(5, "附：各领域名单（按统一社会信用代码升序，即计算 SHA-256 的顺序）"))
    count = pl.pool_count()
    if count > POOL_PAGES_LIMIT:
        return story + [_p(f"各领域名单共 {count} 家，篇幅所限不在此列出：完整名单（编号与公布的相同）见同时公布的"
                           f"电子表格（第三张表“名单”）和抽取记录 {d.RECORD_FILE}，其 SHA-256 见上。", "body")]
    story.append(_p("分层序号即抽取步骤中的“抽中序号”；分层为“/”的机构本次不参与随机抽取（该领域的数量已由前面的分层"
                    "抽满，或按计划不抽取）。", "small"))
    for label, rows in pl.pools():
        story += [CondPageBreak(90), _p(f"{label}：{len(rows)} 家", "subheading")]
        story.append(_table(d.POOL_COLUMNS, rows))
    return story


# --- 检查组分配表 -----------------------------------------------------------------------------------

def team_sheet_pdf(sheet) -> tuple[bytes, int]:
    """The team assignment sheet (a `team_sheet.TeamSheet`) as a PDF: (bytes, pages)."""
    from app.reports import team_sheet as t

    story = _title_block(sheet.organs, t.TITLE, sheet.plan_title, sheet.notice_number)
    story.append(_facts(sheet.facts()))
    story += _heading(tables.numbered(1, "组队规则"))
    story += [_p(line, "body") for line in sheet.rules()]
    story += _heading(tables.numbered(2, "各检查组"))
    for team in sheet.teams():
        story += [CondPageBreak(90),
                  _p(f"（{team['n']}）{team['name']}（{team['credit_code']}）", "subheading", bold=True),
                  _p(f"{team['category']}，{team['district']}；计划检查日期：{team['planned']}；检查任务：{team['task']}",
                     "body_flush"),
                  _table(t.TEAM_COLUMNS, team["rows"]), Spacer(1, 4)]
    story += _heading(tables.numbered(3, "抽取步骤"))
    story += [_p(line, "body_flush") for line in sheet.verification()]
    for label, rows in sheet.steps():
        story += [CondPageBreak(90), _p(label, "subheading"), _table(t.STEP_COLUMNS, rows)]
    story += _heading(tables.numbered(4, "人员名单（公布顺序）"))
    story.append(_table(t.ROSTER_COLUMNS[:6], [row[:6] for row in sheet.roster_rows()]))
    footer = f"检查人员抽取 {sheet.draw['id']}  记录文件 SHA-256 {sheet.record_file_sha256[:16]}…"
    return _build(story, title=f"{t.TITLE} {sheet.plan_title}", author=sheet.organs, subject=sheet.notice_number,
                  header=f"{sheet.plan_title}  {t.TITLE}", footer=footer)
