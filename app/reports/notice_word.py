"""The notice of inspection (检查通知书) as a Word document, laid out from its model (app/reports/notice.py).

The Word record's template, page, styles and tables (app/reports/word.py, word_blocks.py): the same sections
and texts as the PDF notice (app/reports/notice_pdf.py), the proof of service (送达回证) on a page of its own,
and every page's footer with the notice's number and "第 X 页 共 Y 页" (PAGE / NUMPAGES fields). As the PDF, any
notice shaped like `Notice` (the result notice too).
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from app.paths import resource
from app.reports import tables
from app.reports import word_blocks as blocks
from app.reports.model import Row
from app.reports.notice import RECEIPT, SEAL, Notice
from app.reports.word import MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, TEXT_WIDTH, _grid, _rows_table, _Styles
from app.reports.word_template import TEMPLATE

MARGIN_BOTTOM = 2.2  # cm: the footer holds only the page number
LABEL_WIDTH = 110 / 476 * TEXT_WIDTH  # as the PDF notice's label column
SIGN_ROOM = 1.5  # cm of blank to sign in, in the proof of service


def render_notice_docx(notice: Notice) -> bytes:
    """The notice as the bytes of a .docx file (A4), from the record's template."""
    doc = Document(str(resource(*TEMPLATE)))
    styles = _Styles(doc)
    _title(doc, styles, notice.organ, notice.title, notice.number)
    blocks.add(doc, styles.body_flush, blocks.clean(notice.addressee))
    blocks.add(doc, styles.body, blocks.clean(notice.opening))
    for n, block in enumerate(notice.blocks(), start=1):
        blocks.add(doc, styles.subheading, tables.numbered(n, block.title))
        if block.rows:
            _rows_table(doc, styles, [Row(label, value) for label, value in block.rows],
                        (LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH))
        for text in block.paragraphs:
            blocks.add(doc, styles.body, blocks.clean(text))
        if block.grid is not None:
            _grid(doc, styles, block.grid)
    first = True
    for line in (notice.organ, SEAL, notice.issued_on):
        paragraph = blocks.add(doc, styles.body_flush, blocks.clean(line))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if first:
            paragraph.paragraph_format.space_before = Pt(24)
            first = False
    _receipt(doc, styles, notice)
    _page(doc, styles, notice)
    props = doc.core_properties
    props.title = blocks.clean(f"{notice.title}（{notice.institution_name}）")
    props.subject, props.author = blocks.clean(notice.number), blocks.clean(notice.organ)
    props.keywords, props.last_modified_by, props.revision = notice.title, "Spotcheck", 1
    props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _title(doc, styles: _Styles, organ: str, title: str, number: str = "") -> None:
    for run in blocks.add(doc, styles.title, blocks.clean(organ)).runs:
        run.font.size = Pt(14)
    heading = blocks.add(doc, styles.title, title)
    heading.paragraph_format.space_before = Pt(6)
    if not number:
        heading.paragraph_format.space_after = Pt(8)
        return
    line = blocks.add(doc, styles.caption, blocks.clean(number))
    line.paragraph_format.space_before, line.paragraph_format.space_after = Pt(6), Pt(8)
    blocks.border(line, "w:bottom", "thickThinSmallGap", 12)  # the double rule under the title, as the record's


def _receipt(doc, styles: _Styles, notice: Notice) -> None:
    """送达回证 on a page of its own: what was served on whom, when, how, and room for both signatures."""
    heading = blocks.add(doc, styles.title, blocks.clean(notice.organ))
    heading.paragraph_format.page_break_before = True
    for run in heading.runs:
        run.font.size = Pt(14)
    _title_rest = blocks.add(doc, styles.title, RECEIPT)
    _title_rest.paragraph_format.space_before, _title_rest.paragraph_format.space_after = Pt(6), Pt(8)
    table = blocks.table(doc, (LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH))
    for label, value in notice.receipt_rows():
        name, cell = blocks.row(table)
        blocks.put(name, label, styles.cell)
        if value:
            blocks.put(cell, value, styles.cell)
        else:
            cell.paragraphs[0].paragraph_format.space_after = Cm(SIGN_ROOM)  # blank, to sign in


def _page(doc, styles: _Styles, notice: Notice) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT), Cm(MARGIN_RIGHT)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP), Cm(MARGIN_BOTTOM)
    section.footer_distance = Cm(0.8)
    line = section.footer.paragraphs[0]
    blocks.restyle(line, styles.footer)
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.add_run(blocks.clean(f"{notice.title} {notice.number}　　第 "))
    blocks.field(line, "PAGE")
    line.add_run(" 页 共 ")
    blocks.field(line, "NUMPAGES")
    line.add_run(" 页")
