"""The year's summary (工作总结) as a Word document in the GB/T 9704-2012 layout (党政机关公文格式), from the blocks of
app/reports/summary_text.py.

What GB/T 9704-2012 sets, and what is applied here:

- paper A4 (210 × 297 mm); 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, text area 156 × 225 mm, so the
  right margin is 26 mm and the bottom 35 mm (§5.2.1);
- elements in 3号 (16 pt) 仿宋 unless said otherwise (§5.2.2); 22 lines of 28 characters a page (§5.2.3): the
  line pitch is 225 mm / 22 = 28.95 pt (exact line spacing, 579 twips, and the section's line grid), and the
  characters are condensed by 0.25 pt so that 28 of them (28 × 15.75 pt = 441 pt) fit the 156 mm (442.2 pt);
- the title in 2号 (22 pt) 小标宋体, centred, a blank line below it (§7.3.1); headings of the first level in
  黑体, of the second in 楷体, of the third in 仿宋 (§7.3.3), all 3号;
- page numbers (§7.5) in 4号 (14 pt) half-width 宋体 Arabic numerals with a 一字线 (em dash) either side,
  "— 1 —", below the text area with the dash about 7 mm beneath it; odd pages on the right and even pages on the
  left, each one character in from the edge of the text area (odd and even footers);
- the date in Arabic numerals, right-aligned with four characters of space after it (§7.3.5).

Fonts are named, not embedded, as Chinese offices install them: 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体,
宋体 (w:eastAsia), Times New Roman for Latin letters and digits in the text. The font table gives each its
alternative names (w:altName, comma-separated as ECMA-376 §17.8.3.1 allows) — 仿宋 / FangSong,
楷体 / KaiTi, 华文中宋 / 宋体 for the title — which Word and LibreOffice use to find a face where the first is
missing. Charts are PNG at 300 dpi, 15.6 cm wide (the text area).
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from app.paths import resource
from app.reports import summary_text
from app.reports import word_blocks as blocks
from app.reports.summary_model import Summary
from app.reports.word_template import TEMPLATE

PAGE_WIDTH, PAGE_HEIGHT = 210, 297  # mm, A4
MARGIN_TOP, MARGIN_LEFT = 37, 28  # mm: 天头, 订口
TEXT_WIDTH, TEXT_HEIGHT = 156, 225  # mm: 版心
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH  # 26 mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT  # 35 mm
LINES, CHARS = 22, 28
LINE_PITCH_TWIPS = 579  # 28.95 pt: 22 lines fill 224.7 mm of the 225
BODY, TITLE, FOLIO = 16, 22, 14  # pt: 3号, 2号, 4号
CONDENSE_TWENTIETHS = -5  # −0.25 pt a character: 28 × 15.75 pt = 441 pt ≤ 156 mm (442.2 pt)
CHAR = BODY + CONDENSE_TWENTIETHS / 20  # 15.75 pt, one character's width in the text
FOOTER_DISTANCE = 25  # mm from the page's foot to the page number's line: its dashes come 7 mm below the text area

XIAOBIAOSONG, FANGSONG, KAITI, HEITI, SONGTI, LATIN = \
    "方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "Times New Roman"
# (name, alternative names, panose, charset, family, pitch)
FONTS = (
    (XIAOBIAOSONG, "方正小标宋_GBK,FZXiaoBiaoSong-B05S,华文中宋,STZhongsong,宋体,SimSun", "02000000000000000000",
     "86", "script", "variable"),
    (FANGSONG, "仿宋,FangSong,FangSong_GB2312,STFangsong", "02010609030101010101", "86", "modern", "fixed"),
    (KAITI, "楷体,KaiTi,KaiTi_GB2312,STKaiti", "02010609030101010101", "86", "modern", "fixed"),
)
STYLES = {  # name: (east-Asian font, Latin font, size pt, bold, alignment, first-line indent in characters)
    "GW Title": (XIAOBIAOSONG, XIAOBIAOSONG, TITLE, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "GW Body": (FANGSONG, LATIN, BODY, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "GW Heading 1": (HEITI, LATIN, BODY, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "GW Heading 2": (KAITI, LATIN, BODY, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "GW Heading 3": (FANGSONG, LATIN, BODY, True, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "GW Caption": (FANGSONG, LATIN, FOLIO, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "GW Closing": (FANGSONG, LATIN, BODY, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    "GW Table": (FANGSONG, LATIN, 12, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "GW Folio": (SONGTI, SONGTI, FOLIO, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
}
KINDS = {"title": "GW Title", "p": "GW Body", "h1": "GW Heading 1", "h2": "GW Heading 2", "h3": "GW Heading 3",
         "caption": "GW Caption", "closing": "GW Closing"}
TITLE_DOC = "检验检测机构“双随机、一公开”监督抽查工作总结"


def fonts(rpr, east_asia: str, latin: str) -> None:
    """Name the run properties' fonts explicitly: east-Asian text in `east_asia`, Latin letters and digits in
    `latin` (no theme fonts)."""
    element = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        element.attrib.pop(qn(theme), None)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        element.set(qn(attr), name)


def _condense(rpr, twentieths: int) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                              "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
                              "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _off_grid(style) -> None:
    """Lines of this style keep their own height instead of snapping to the section's 22-line grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().insert_element_before(
        snap, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange")


def width_in_characters(text: str) -> float:
    """How many 3号 characters wide a line is: full-width characters count one, half-width ones a half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def _styles(doc) -> dict:
    out = {}
    for name, (east_asia, latin, size, bold, align, indent) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = None
        style.font.size = Pt(size)
        style.font.bold = bold
        rpr = style.element.get_or_add_rPr()
        fonts(rpr, east_asia, latin)
        pf = style.paragraph_format
        pf.alignment = align
        pf.space_before = pf.space_after = Pt(0)
        pf.widow_control = True
        if size == BODY:
            _condense(rpr, CONDENSE_TWENTIETHS)
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
            pf.first_line_indent = Pt(indent * CHAR)
        elif name == "GW Title":
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(LINE_PITCH_TWIPS / 20 * 1.25)
        else:
            pf.line_spacing = 1.0
            _off_grid(style)
        if name.startswith("GW Heading"):
            pf.keep_with_next = True
        out[name] = style
    out["GW Closing"].paragraph_format.right_indent = Pt(4 * CHAR)  # 右空四字
    out["GW Caption"].paragraph_format.space_after = Pt(LINE_PITCH_TWIPS / 20 / 2)
    return out


def _font_table(doc) -> None:
    """Add the GB/T 9704 faces, with their alternative names, to the template's font table."""
    for rel in doc.part.rels.values():
        if rel.reltype != RT.FONT_TABLE:
            continue
        table = parse_xml(rel.target_part.blob)
        for name, alt, panose, charset, family, pitch in FONTS:
            entry = parse_xml(
                f'<w:font xmlns:w="{table.nsmap["w"]}" w:name="{name}"><w:altName w:val="{alt}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
                f'<w:pitch w:val="{pitch}"/></w:font>')
            table.append(entry)
        from lxml import etree

        rel.target_part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc, styles) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    section.footer_distance = Mm(FOOTER_DISTANCE)
    section.header_distance = Mm(15)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                        WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        line = footer.paragraphs[0]
        blocks.restyle(line, styles["GW Folio"])
        line.alignment = align
        if align is WD_ALIGN_PARAGRAPH.RIGHT:
            line.paragraph_format.right_indent = Pt(FOLIO)  # 单页码居右空一字
        else:
            line.paragraph_format.left_indent = Pt(FOLIO)  # 双页码居左空一字
        line.add_run("— ")
        blocks.field(line, "PAGE")
        line.add_run(" —")


def _table(doc, styles, block) -> None:
    style = styles["GW Table"]
    table = blocks.table(doc, [Cm(w).cm for w in block.widths], block.headers, style, compact=True)
    for row in block.rows:
        cells = blocks.row(table)
        for cell, text in zip(cells, row):
            numeric = text.isdigit() or text == "—"
            blocks.put(cell, text, style, align=WD_ALIGN_PARAGRAPH.CENTER if numeric else None)
    doc.add_paragraph().style = styles["GW Caption"]  # a little air below the table


def _chart(doc, styles, png: bytes) -> None:
    paragraph = doc.add_paragraph()
    blocks.restyle(paragraph, styles["GW Caption"])
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(TEXT_WIDTH))


def render_summary_docx(summary: Summary) -> bytes:
    doc = Document(str(resource(*TEMPLATE)))
    body = doc.element.body
    for paragraph in list(doc.paragraphs):
        body.remove(paragraph._p)
    styles = _styles(doc)
    _font_table(doc)
    closing = True
    for block in summary_text.blocks(summary):
        if block.kind == "table":
            _table(doc, styles, block)
        elif block.kind == "chart":
            _chart(doc, styles, block.png)
        elif block.kind == "title":
            paragraph = blocks.add(doc, styles["GW Title"])
            for n, line in enumerate(block.text.split("\n")):
                run = paragraph.add_run(blocks.clean(line))
                if n < len(block.text.split("\n")) - 1:
                    run.add_break(WD_BREAK.LINE)
            paragraph.paragraph_format.space_after = Pt(LINE_PITCH_TWIPS / 20)  # 空一行
        else:
            paragraph = blocks.add(doc, styles[KINDS[block.kind]], blocks.clean(block.text))
            if block.kind == "closing" and closing:  # the organ: two blank lines above, centred over the date
                paragraph.paragraph_format.space_before = Pt(2 * LINE_PITCH_TWIPS / 20)
                date_width = width_in_characters(summary_text.day(summary.as_of))
                shift = 4 + (date_width - width_in_characters(block.text)) / 2
                paragraph.paragraph_format.right_indent = Pt(max(shift, 0) * CHAR)
                closing = False
    _page(doc, styles)
    props = doc.core_properties
    props.title = blocks.clean(f"{summary.organ}{summary.year}年度{TITLE_DOC}")
    props.subject, props.author = blocks.clean(summary.title), blocks.clean(summary.organ or "Spotcheck")
    props.keywords, props.last_modified_by, props.revision = "工作总结", "Spotcheck", 1
    props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
