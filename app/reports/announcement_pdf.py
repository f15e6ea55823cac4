"""The public announcement of the spot checks' results (抽查结果公示) as a PDF: A4 landscape, the record's font,
styles and ruled tables (app/reports/pdf.py), the organ and the title, a short opening, the table of results —
the same rows as the workbook — and the organ with the date. Every page's foot says "第 X 页 共 Y 页": the
document is built twice, the first time to count its pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer

from app.reports import tables
from app.reports.fonts import CJK, register_cjk_font, styles
from app.reports.pdf import _grid, _markup, _p
from app.reports.pdf_flowables import Rule
from app.reports.pdf_lines import RecordParagraph

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 15 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
FRAME_BOTTOM = 16 * mm


@dataclass
class Announcement:
    organ: str
    title: str  # 检验检测机构“双随机、一公开”监督抽查结果公示
    opening: str
    grid: tables.Grid
    closing: list[str]  # paragraphs after the table
    dated: str  # 2025年11月25日


def _right(text: str) -> RecordParagraph:
    return RecordParagraph(_markup(text), ParagraphStyle("announcement_right", parent=styles()["body_flush"],
                                                         alignment=TA_RIGHT))


def _story(a: Announcement) -> list:
    story = [_p(a.organ, "organ"), _p(a.title, "title", bold=True), Spacer(1, 2), Rule(CONTENT_W, 1.2),
             Spacer(1, 8), _p(a.opening, "body"), Spacer(1, 6), _grid(a.grid, width=CONTENT_W)]
    story += [Spacer(1, 6)] + [_p(text, "body") for text in a.closing]
    story.append(KeepTogether([Spacer(1, 18), _right(a.organ), _right(a.dated)]))
    return story


def _foot(a: Announcement, total: int | None):
    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(CJK, 9)
        canvas.drawCentredString(PAGE_W / 2, 8 * mm, f"第 {canvas.getPageNumber()} 页 共 {total or '?'} 页")
        canvas.restoreState()

    return on_page


def _build(a: Announcement, total: int | None) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=FRAME_BOTTOM, title=a.title, author=a.organ,
                          creator="Spotcheck", initialFontName=CJK, initialFontSize=10.5)
    frame = Frame(MARGIN, FRAME_BOTTOM, CONTENT_W, PAGE_H - MARGIN - FRAME_BOTTOM, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("announcement", [frame], onPage=_foot(a, total))])
    doc.build(_story(a), canvasmaker=partial(Canvas, initialFontName=CJK))  # nothing falls back to Helvetica
    return buffer.getvalue(), doc.page


def render_announcement_pdf(a: Announcement) -> tuple[bytes, int]:
    """The announcement as the bytes of an A4 landscape PDF, and its number of pages."""
    register_cjk_font()
    _, pages = _build(a, None)
    return _build(a, pages)
