"""The on-site inspection record as a Word document (python-docx), laid out from the report model.

The same sections, tables and columns as the PDF record (app/reports/tables.py), on the same page (A4, the
PDF's margins, leading and cell padding, so lines and pages come out close): the title block (organ, title,
document number, checklist, the time zone stated once); the numbered sections, an empty one saying 无, the
evidence list among them; the party's acknowledgement with its signature or refusal and the team's signatures
(app/reports/word_party.py), then 以下空白; the evidence photos as an appendix, labelled 证据 N. Every page's
footer carries the party's signature line (docs/rules.md: blank, the representative's handwriting, or
拒签，见第 N 页 with a PAGEREF field), "第 X 页 共 Y 页" (PAGE / NUMPAGES fields), the task id and a QR code of
`report.qr_text`; while the record is unsigned every page's header says
草稿（未签署） and a 草稿 watermark crosses every page. Table header rows repeat on every page and stay with
the first row; no row splits.

Built on our own template (app/resources/templates/record.docx, app/reports/word_template.py). Fonts are named,
not embedded: 宋体 / 黑体 for Chinese (w:eastAsia), Times New Roman for Latin; Word and LibreOffice substitute
an installed Chinese font where these are missing. Empty cells print "/" so that nothing can be added to the
record by hand afterwards. Pictures are added from streams, so their parts are named by image type.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

import qrcode
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from app.paths import resource
from app.reports import tables
from app.reports import word_blocks as blocks
from app.reports import word_party as party
from app.reports.model import Report, Row
from app.reports.word_blocks import EMPTY  # noqa: F401 - what an empty field prints, for readers of the record
from app.reports.word_template import TEMPLATE

SONG, HEI, LATIN = "宋体", "黑体", "Times New Roman"
# The PDF's page (app/reports/pdf_page.py): A4, 2.4 cm binding margin, 1.8 cm right, the same text width
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 2.4, 1.8, 1.9, 3.9  # cm
TEXT_WIDTH = 21.0 - MARGIN_LEFT - MARGIN_RIGHT  # 16.8 cm
PHOTO_WIDTH, PHOTO_HEIGHT = 15.0, 9.5  # cm, at most: two photos and captions to a page
SIGNATURE_HEIGHT = 1.5  # cm
QR_SIZE = 1.8  # cm
DRAFT_MARK = "草稿（未签署）"
PARTY_LINE = "被检查单位代表签名：________　日期：________"
GREY, RED = RGBColor(0x59, 0x59, 0x59), RGBColor(0xC0, 0x00, 0x00)
LABEL_FILL = "F2F2F2"

INFO_WIDTHS = (132 / 476 * TEXT_WIDTH, (1 - 132 / 476) * TEXT_WIDTH)  # as the PDF's label and value columns
TEAM_WIDTHS = (tables.TEAM_LABEL_WIDTH / 476 * TEXT_WIDTH, (1 - tables.TEAM_LABEL_WIDTH / 476) * TEXT_WIDTH)
ITEM_HEADERS = tuple(c.header for c in tables.ITEM_COLUMNS)
FOOTER_WIDTHS = (TEXT_WIDTH - 2.4, 2.4)
WATERMARK = "草稿"


def render_docx(report: Report) -> bytes:
    """The record as the bytes of a .docx file (A4, Word tables, pictures, fields in the footer), from our own
    template (app/resources/templates/record.docx, made by app/reports/word_template.py)."""
    doc = Document(str(resource(*TEMPLATE)))
    styles = _Styles(doc)
    _title_block(doc, report, styles)

    def heading(title: str) -> None:
        blocks.add(doc, styles.heading, tables.heading(title))

    heading("被检查单位基本信息")
    _rows_table(doc, styles, report.institution)
    heading("资质认定情况")
    _rows_table(doc, styles, report.certificate)
    heading("检查情况")
    blocks.add(doc, styles.subheading, "（一）检查时间、地点及告知")
    _rows_table(doc, styles, report.visit)
    blocks.add(doc, styles.subheading, "（二）检查组成员")
    _rows_table(doc, styles, report.team, TEAM_WIDTHS)
    for title, grid in (("检查事项", tables.items(report)), ("盲样考核", tables.samples(report)),
                        ("授权签字人考试", tables.exams(report)), ("证据清单", tables.evidence(report))):
        heading(title)
        if grid.rows:
            _grid(doc, styles, grid)
        else:
            blocks.text(doc, styles.body, tables.NONE)
    heading("备注")
    blocks.text(doc, styles.body, report.notes if (report.notes or "").strip() else tables.NONE)
    heading("被检查单位意见")  # the party's words and signature, kept with the team's signatures
    party.acknowledgement(doc, styles, report, TEXT_WIDTH)
    heading("签名")
    _signatures(doc, styles, report)
    blocks.add(doc, styles.body_flush, tables.CLOSING)
    _photos(doc, styles, report)
    _page(doc, report, styles)  # after the body: the footer's picture takes the next free drawing id
    _properties(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- styles and page --------------------------------------------------------------------------------

def _fonts(rPr, east_asia: str, latin: str = LATIN) -> None:
    """Name the fonts explicitly in a w:rPr (theme fonts would win over them)."""
    fonts = rPr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), name)


class _Styles:
    """The paragraph styles of the record, made once per document."""

    def __init__(self, doc):
        defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(defaults, SONG)
        lang = defaults.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
        normal = doc.styles["Normal"]
        _fonts(normal.element.get_or_add_rPr(), SONG)
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = Pt(16)  # the PDF's leading: the same lines make the same pages
        heading = doc.styles["Heading 1"]
        _fonts(heading.element.get_or_add_rPr(), HEI)
        heading.font.size, heading.font.bold, heading.font.color.rgb = Pt(12), True, RGBColor(0, 0, 0)
        heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(10), Pt(5)
        heading.paragraph_format.keep_with_next = True
        self.heading = heading
        self.title = self._new(doc, "Record Title", Pt(18), HEI, center=True)
        self.subheading = self._new(doc, "Record Subheading", Pt(10.5))
        self.subheading.font.bold = True
        self.subheading.paragraph_format.keep_with_next = True
        self.subheading.paragraph_format.space_before, self.subheading.paragraph_format.space_after = Pt(4), Pt(3)
        self.meta = self._new(doc, "Record Meta", Pt(9.5), leading=Pt(14))
        self.body = self._new(doc, "Record Body", Pt(10.5))
        self.body.paragraph_format.first_line_indent = Pt(21)
        self.body_flush = self._new(doc, "Record Closing", Pt(10.5))
        self.cell = self._new(doc, "Record Cell", Pt(9.5), leading=Pt(13.5))
        self.small = self._new(doc, "Record Small Cell", Pt(9), leading=Pt(12.5))
        self.note = self._new(doc, "Record Note", Pt(9), leading=Pt(12.5), color=GREY)
        self.caption = self._new(doc, "Record Caption", Pt(10), center=True)
        self.caption.paragraph_format.space_after = Pt(12)
        self.footer = self._new(doc, "Record Footer", Pt(8), single=True)
        self.header = self._new(doc, "Record Header", Pt(8), single=True, color=GREY)

    @staticmethod
    def _new(doc, name, size, east_asia=SONG, center=False, single=False, color=None, leading=None):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        _fonts(style.element.get_or_add_rPr(), east_asia)
        style.font.size = size
        if color is not None:
            style.font.color.rgb = color
        if center:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if single:
            style.paragraph_format.line_spacing = 1.0
        if leading is not None:  # exactly the PDF's (app/reports/fonts.py)
            style.paragraph_format.line_spacing = leading
        return style


def _page(doc, report: Report, styles: _Styles) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT), Cm(MARGIN_RIGHT)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP), Cm(MARGIN_BOTTOM)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(0.7)
    _header(section.header, report, styles)
    _footer(section.footer, report, styles, doc.element.body)


def _header(header, report: Report, styles: _Styles) -> None:
    """One line above a rule, as on the PDF: the title, 草稿（未签署） in the middle while unsigned, the number."""
    line = header.paragraphs[0]
    blocks.restyle(line, styles.header)
    line.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH / 2), WD_TAB_ALIGNMENT.CENTER)
    line.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(blocks.clean(report.title))
    line.add_run("\t")
    if report.draft:
        run = line.add_run(DRAFT_MARK)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(10), RED
        blocks.watermark(line, WATERMARK, HEI)  # across every page, as on the PDF
    line.add_run("\t" + blocks.clean(report.document_no))
    blocks.border(line, "w:bottom")


def _footer(footer, report: Report, styles: _Styles, body_element) -> None:
    """A borderless table: the signature line, page numbers, task id, hash on the left; the QR code right."""
    table = footer.add_table(0, 2, Cm(TEXT_WIDTH))
    footer._element.remove(table._tbl)
    footer._element.insert(0, table._tbl)  # the footer's own empty paragraph stays last, as Word wants
    blocks.grid(table, FOOTER_WIDTHS)
    blocks.table_border(table, "w:top")
    text, code = blocks.row(table)
    text.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    sign = text.paragraphs[0]
    blocks.restyle(sign, styles.footer)
    sign.paragraph_format.space_before, sign.paragraph_format.space_after = Pt(2), Pt(4)
    party.footer_line(sign, report, PARTY_LINE)
    pages = blocks.add(text, styles.footer)
    pages.add_run("第 ")
    blocks.field(pages, "PAGE")
    pages.add_run(" 页 共 ")
    blocks.field(pages, "NUMPAGES")
    pages.add_run(" 页　　检查任务 " + blocks.clean(report.task_id))
    blocks.add(text, styles.footer, f"记录哈希 SHA-256：{report.record_hash[:16]}…")
    picture = code.paragraphs[0]
    blocks.restyle(picture, styles.footer)
    picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    picture.add_run().add_picture(io.BytesIO(_qr_png(report.qr_text)), width=Cm(QR_SIZE))
    # python-docx numbers drawings per part; Word wants wp:docPr ids unique across the whole document
    taken = max((int(n) for n in body_element.xpath(".//wp:docPr/@id")), default=0)
    for n, drawing in enumerate(footer._element.xpath(".//wp:docPr"), start=1):
        drawing.set("id", str(taken + n))
    last = footer.paragraphs[-1]
    blocks.restyle(last, styles.footer)
    last.paragraph_format.line_spacing = Pt(1)


def _qr_png(text: str) -> bytes:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, box_size=6, border=1)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def _properties(doc, report: Report) -> None:
    props = doc.core_properties
    props.title = blocks.clean(f"{report.title}（{report.institution_name}）")
    props.subject, props.author = blocks.clean(report.document_no), blocks.clean(report.organ)
    props.comments, props.keywords = report.qr_text, "现场检查记录"
    props.last_modified_by, props.revision = "Spotcheck", 1
    props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0)
    rels = doc.part.package.rels  # python-docx's template thumbnail would show a blank page in file managers
    for rId in [rId for rId, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rId]


# --- body -------------------------------------------------------------------------------------------

def _title_block(doc, report: Report, styles: _Styles) -> None:
    for run in blocks.add(doc, styles.title, blocks.clean(report.organ)).runs:
        run.font.size = Pt(14)
    blocks.add(doc, styles.title, blocks.clean(report.title)).paragraph_format.space_before = Pt(6)
    number = blocks.add(doc, styles.caption, blocks.clean(report.document_no))
    for run in number.runs:
        run.font.size = Pt(12)
    number.paragraph_format.space_before, number.paragraph_format.space_after = Pt(6), Pt(6)
    blocks.border(number, "w:bottom", "thickThinSmallGap", 12)  # the double rule under the title
    for left, right in ((f"检查用表：{report.checklist}", f"记录状态：{report.status}"),
                        ("", f"生成时间：{report.generated_at}"), ("", f"本记录时间均为{report.time_zone}")):
        meta = blocks.add(doc, styles.meta, blocks.clean(f"{left}\t{right}"))
        meta.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    meta.paragraph_format.space_after = Pt(4)


def _rows_table(doc, styles: _Styles, rows: list[Row], widths=INFO_WIDTHS) -> None:
    table = blocks.table(doc, widths)
    for row in rows:
        label, value = blocks.row(table)
        blocks.put(label, row.label, styles.cell)
        blocks.shade(label, LABEL_FILL)
        label.vertical_alignment = value.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        blocks.put(value, row.value, styles.cell)
        if row.note:
            blocks.put(value, row.note, styles.note, append=True)


def _grid(doc, styles: _Styles, grid: tables.Grid, pictures: list | None = None):
    """The table of `grid` (app/reports/tables.py), the PDF's columns and widths: header row repeated on every
    page and kept with the first row, no row split across pages."""
    style = styles.small if grid.dense else styles.cell
    total = sum(c.width for c in grid.columns)
    widths = [c.width / total * TEXT_WIDTH for c in grid.columns]
    table = blocks.table(doc, widths, grid.headers, style, compact=grid.dense)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for row in grid.rows:
        for cell, content in zip(blocks.row(table), row):
            blocks.put(cell, content.text, style, bold=content.bold, align=center if content.center else None)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return table


def _signatures(doc, styles: _Styles, report: Report) -> None:
    """十、签名: the team's signatures; on a draft a blank row for each member still to sign."""
    ordered = tables.team_signatures(report)
    if not ordered:
        blocks.text(doc, styles.body, tables.NONE)
        return
    rows = [[tables.Cell(s.party), tables.Cell(s.name), tables.Cell(s.role), tables.Cell(""),
             tables.Cell(tables.value(s.signed_at) if s.signed else "")] for s in ordered]
    table = _grid(doc, styles, tables.Grid(tables.SIGNATURE_COLUMNS, rows))
    room = tables.SIGNATURE_COLUMNS[3].width / sum(c.width for c in tables.SIGNATURE_COLUMNS) * TEXT_WIDTH
    for row, sig in zip(table.rows[1:], ordered):
        if not sig.signed:
            continue
        cell = row.cells[3]
        for run in cell.paragraphs[0].runs:  # the placeholder: the handwriting or the refusal goes here
            run._r.getparent().remove(run._r)
        _signature_picture(cell, sig, styles, room)
    party.blank_rows(table, ordered)
    for cell in table.rows[-1].cells:  # the last row stays with 以下空白: the closing line never stands alone
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _signature_picture(cell, sig, styles: _Styles, width: float) -> None:
    if sig.refusal:
        blocks.put(cell, sig.refusal, styles.small)
        return
    paragraph = cell.paragraphs[0]
    blocks.restyle(paragraph, styles.cell)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = 1.0  # not the cells' exact leading: it would crop the picture
    room = width - 0.3  # less the cell's padding
    if not blocks.picture(paragraph, sig.image, room, SIGNATURE_HEIGHT):
        blocks.put(cell, "（签名图像缺失）" if sig.image else "", styles.small)


def _photos(doc, styles: _Styles, report: Report) -> None:
    if not report.photos:
        return
    heading = blocks.add(doc, styles.heading, "附件：证据照片")
    heading.paragraph_format.page_break_before = True
    for n, photo in enumerate(report.photos, start=1):
        picture = blocks.add(doc, styles.caption)
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.space_before, picture.paragraph_format.space_after = Pt(6), Pt(3)
        picture.paragraph_format.line_spacing = 1.0  # not the exact leading of the styles: it crops the photo
        if not blocks.picture(picture, photo.path, PHOTO_WIDTH, PHOTO_HEIGHT):
            picture.add_run(blocks.clean(f"（照片文件缺失：{photo.path.name}）"))
        blocks.add(doc, styles.caption, blocks.clean(tables.photo_caption(photo, n)))  # 证据 3（第 9 项）：…
