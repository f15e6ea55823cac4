"""The party's signature in the Word record (issue 9, item 5), as in the PDF (app/reports/tables.py):

- section 九: the party's words, or 以上记录已阅，与事实相符, then to the right its signature (or its refusal with
  the reason, or a blank line on a draft), its name and the date;
- the line in the footer, on every page: blank lines on a draft, the representative's handwriting and the date
  on a signed record, or 拒签，见第 N 页 when the party refused — N a PAGEREF field to the bookmark at the
  refusal, computed by Word and LibreOffice from their own pagination.
"""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Pt

from app.reports import tables
from app.reports import word_blocks as blocks
from app.reports.model import Report

REFUSAL_BOOKMARK = "_SpotcheckRefusal"  # hidden (a leading underscore): not in Word's list of bookmarks
PARTY_WIDTHS = (4.4, 7.8)  # cm: the label and the value, at the right of the text
HANDWRITING_H = 1.5  # cm, in section 九
FOOTER_HANDWRITING = (0.75, 4.0)  # cm: height and width at most, on the footer's line
ROOM_TO_SIGN = Pt(26)  # above a blank line, to sign by hand


def acknowledgement(doc, styles, report: Report, text_width: float) -> None:
    """Section 九's body (after its heading)."""
    words = blocks.text(doc, styles.body, report.acknowledgement or tables.NONE)
    words.paragraph_format.keep_with_next = True
    words.paragraph_format.space_after = Pt(4)
    party = report.party
    blank = party is None or not party.signed
    table = doc.add_table(rows=0, cols=3)  # no style: no borders
    blocks.grid(table, (text_width - sum(PARTY_WIDTHS), *PARTY_WIDTHS))
    rows = ((tables.PARTY_SIGN, None), (tables.PARTY_NAME, tables.party_name(party)),
            (tables.DATE, tables.party_date(party)))
    for n, (label, value) in enumerate(rows):
        _, left, right = blocks.row(table)
        blocks.put(left, label, styles.body_flush)
        left.vertical_alignment = right.vertical_alignment = (  # a refusal is read from its first line
            WD_CELL_VERTICAL_ALIGNMENT.BOTTOM if blank else
            WD_CELL_VERTICAL_ALIGNMENT.TOP if party.refusal and n == 0 else WD_CELL_VERTICAL_ALIGNMENT.CENTER)
        for paragraph in left.paragraphs:
            paragraph.paragraph_format.keep_with_next = n < len(rows) - 1
        if value is not None:
            blocks.put(right, value, styles.body_flush)
        elif blank:
            blocks.put(right, tables.SIGN_HERE, styles.body_flush)
            right.paragraphs[0].paragraph_format.space_before = ROOM_TO_SIGN
        elif party.refusal:
            blocks.put(right, party.refusal, styles.small)
            blocks.bookmark(right.paragraphs[0], REFUSAL_BOOKMARK, 1)
        else:
            paragraph = right.paragraphs[0]
            blocks.restyle(paragraph, styles.body_flush)
            paragraph.paragraph_format.line_spacing = 1.0  # not the exact leading: it would crop the picture
            if not blocks.picture(paragraph, party.image, PARTY_WIDTHS[1] - 0.3, HANDWRITING_H):
                blocks.put(right, "（签名图像缺失）", styles.small)
        for paragraph in right.paragraphs:
            paragraph.paragraph_format.keep_with_next = n < len(rows) - 1


def blank_rows(table, signatures) -> None:
    """On a draft, the team's rows still to sign: their 签名 and 签名时间 cells empty and high enough to sign."""
    for row, sig in zip(table.rows[1:], signatures):
        if sig.signed:
            continue
        row.height, row.height_rule = Cm(1.4), WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell in row.cells[3:]:
            for run in cell.paragraphs[0].runs:  # the "/" of an empty value: here a line to write on
                run._r.getparent().remove(run._r)


def footer_line(paragraph, report: Report, blank_line: str) -> None:
    """The party's line in the footer (see the module's docstring)."""
    mode = tables.footer_mode(report)
    if mode == "blank":
        paragraph.add_run(blank_line).font.size = Pt(10)
        return
    paragraph.add_run(tables.PARTY_SIGN).font.size = Pt(10)
    party = report.party
    if mode == "refused":
        before, after = tables.REFUSAL_NOTE.split("{}")
        paragraph.add_run(before).font.size = Pt(10)
        blocks.field(paragraph, f"PAGEREF {REFUSAL_BOOKMARK} \\h", shown="?", dirty=True)
        paragraph.add_run(after).font.size = Pt(10)
        for run in paragraph.runs:
            run.font.size = Pt(10)
        return
    if not blocks.picture(paragraph, party.image, FOOTER_HANDWRITING[1], FOOTER_HANDWRITING[0]):
        paragraph.add_run("（签名图像缺失）").font.size = Pt(10)
    paragraph.add_run("　　" + tables.DATE + tables.value(party.signed_at)).font.size = Pt(10)
