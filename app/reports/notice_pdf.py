"""The notice of inspection (检查通知书) as a PDF, laid out from its model (app/reports/notice.py).

The record's page (A4, its margins and text width: app/reports/pdf_page.py), font, paragraph styles, tables
and line breaking (避头尾, values kept whole: app/reports/pdf_lines.py through app/reports/pdf.py); the
notice on the first pages, the proof of service (送达回证) on a page of its own. Every page's foot says
"第 X 页 共 Y 页" and the notice's number: the document is built twice, the first time to count its pages.

Any notice shaped like app/reports/notice.py's `Notice` (its `title`, `blocks()`, `receipt_rows()` …) is laid out
the same way: the result notice (检查结果告知书) too.
"""

from __future__ import annotations

import io
from functools import partial

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.reports import tables
from app.reports.fonts import CJK, register_cjk_font, styles
from app.reports.model import Row
from app.reports.notice import RECEIPT, SEAL, Notice
from app.reports.pdf import GRID, _grid, _markup, _p, _rows_table
from app.reports.pdf_flowables import Rule
from app.reports.pdf_lines import RecordParagraph
from app.reports.pdf_page import CONTENT_W, FRAME_TOP, MARGIN_LEFT, MARGIN_RIGHT, PAGE_H, PAGE_W

FRAME_BOTTOM = 22 * mm  # no signature line or QR code at the foot: only the page number
LABEL_W = 110.0
SIGN_ROOM = 42.0  # points of blank to sign in, in the proof of service


def _right(text: str) -> RecordParagraph:
    """A line set flush right in body text (the organ's name, the seal, the date)."""
    return RecordParagraph(_markup(text), ParagraphStyle("notice_right", parent=styles()["body_flush"],
                                                         alignment=TA_RIGHT))


def _title(notice: Notice) -> list:
    return [_p(notice.organ, "organ"), _p(notice.title, "title", bold=True), _p(notice.number, "document_no"),
            Spacer(1, 4), Rule(CONTENT_W, 1.2), Spacer(1, 1.5), Rule(CONTENT_W, 0.4), Spacer(1, 8)]


def _body(notice: Notice) -> list:
    story = [_p(notice.addressee, "body_flush"), _p(notice.opening, "body")]
    for n, block in enumerate(notice.blocks(), start=1):
        section = [_p(tables.numbered(n, block.title), "subheading", bold=True)]
        if block.rows:
            section.append(_rows_table([Row(label, value) for label, value in block.rows], LABEL_W))
        section += [_p(text, "body") for text in block.paragraphs]
        if block.grid is not None:
            section.append(_grid(block.grid))
        # a heading never stands alone at the foot of a page: it stays with what it heads (a long list of
        # items with its first two lines)
        story += [KeepTogether(section[:3])] + section[3:]
    story.append(KeepTogether([Spacer(1, 24), _right(notice.organ), _right(SEAL), _right(notice.issued_on)]))
    return story


def _receipt(notice: Notice) -> list:
    data, heights = [], []
    for label, value in notice.receipt_rows():
        data.append([_p(label, "cell"), _p(value, "cell") if value else ""])
        heights.append(SIGN_ROOM if label.startswith("送达人") or label.startswith("受送达人签收") else None)
    table = Table(data, colWidths=[LABEL_W, CONTENT_W - LABEL_W], rowHeights=heights)
    table.setStyle(TableStyle(GRID))
    return [PageBreak(), _p(notice.organ, "organ"), _p(RECEIPT, "title", bold=True), Spacer(1, 8), table]


def _foot(notice: Notice, total: int | None):
    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(CJK, 9)
        page = canvas.getPageNumber()
        canvas.drawCentredString(PAGE_W / 2, 12 * mm, f"第 {page} 页 共 {total or '?'} 页")
        canvas.setFont(CJK, 7.5)
        canvas.drawString(MARGIN_LEFT, 16 * mm, f"{notice.title} {notice.number}")
        canvas.restoreState()

    return on_page


def _build(notice: Notice, total: int | None) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                          topMargin=PAGE_H - FRAME_TOP, bottomMargin=FRAME_BOTTOM,
                          title=f"{notice.title} {notice.number}", author=notice.organ, subject=notice.institution_name,
                          creator="Spotcheck", initialFontName=CJK, initialFontSize=10.5)
    frame = Frame(MARGIN_LEFT, FRAME_BOTTOM, CONTENT_W, FRAME_TOP - FRAME_BOTTOM, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("notice", [frame], onPage=_foot(notice, total))])
    # the canvas's own initial font is ours too: else it references a Helvetica it does not embed
    doc.build(_title(notice) + _body(notice) + _receipt(notice), canvasmaker=partial(Canvas, initialFontName=CJK))
    return buffer.getvalue(), doc.page


def render_notice_pdf(notice: Notice) -> tuple[bytes, int]:
    """The notice as the bytes of an A4 PDF, and its number of pages."""
    register_cjk_font()
    _, pages = _build(notice, None)
    return _build(notice, pages)
