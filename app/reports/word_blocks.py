"""Small building blocks of the Word record over python-docx: paragraphs, fixed-width tables, cell shading,
borders and pictures, with the OOXML python-docx has no property for inserted in schema order."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image

EMPTY = "/"  # what an official form writes in an empty field
HEADER_FILL = "D9D9D9"

# Successors of elements python-docx has no property for, so they go in schema order.
_PBDR_NEXT = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
              "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
              "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
              "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_SHD_NEXT = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
             "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
_TBLBORDERS_NEXT = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                    "w:tblPrChange")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text) -> str:
    """Text Word can hold: no control characters XML forbids, newlines as \\n."""
    return _NOT_XML.sub("", str(text or "").replace("\r\n", "\n").replace("\r", "\n"))


def lines(text: str) -> str:
    """"X = 10.0；σpt = 0.5" as one value a line."""
    return text.replace("；", "\n")


def text(doc, style, text: str):
    """One paragraph a line; the last one."""
    for line in clean(text).split("\n"):
        last = add(doc, style, line)
    return last


def add(container, style, text: str = ""):
    """A new paragraph of the style at the end of the document, cell, header or footer."""
    paragraph = container.add_paragraph()
    restyle(paragraph, style)
    if text:
        paragraph.add_run(text)
    return paragraph


def restyle(paragraph, style) -> None:
    # by id: python-docx's `paragraph.style = style` scans every style of the template, each time
    paragraph._p.style = style.style_id


def put(cell, text: str, style, bold=False, align=None, append=False) -> None:
    """Write text (one paragraph per line) into a cell; an empty value prints ／."""
    lines = clean(text).split("\n") if str(text or "").strip() else [EMPTY]
    for n, line in enumerate(lines):
        paragraph = cell.add_paragraph() if append or n else cell.paragraphs[0]
        restyle(paragraph, style)
        if align is not None:
            paragraph.alignment = align
        if line:
            run = paragraph.add_run(line)
            if bold:
                run.bold = True


def table(doc, widths, headers=None, style=None, compact=False):
    """A bordered (Table Grid) table of fixed column widths in cm; its header row repeats on every page
    (w:tblHeader), never splits (w:cantSplit) and is kept with the first row (keep with next).

    `compact`: narrower cell padding left and right, for tables of many columns."""
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid(table, widths)
    padding(table, top=70, side=60 if compact else 80)  # the PDF's cell padding: 3.5 pt above and below, 4 pt
    # at the sides (3 pt in a compact table)
    if headers:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, text in zip(row.cells, headers):
            put(cell, text, style, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            shade(cell, HEADER_FILL)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            for paragraph in cell.paragraphs:  # never alone at the foot of a page (LibreOffice lost a row so)
                paragraph.paragraph_format.keep_with_next = True
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def grid(table, widths) -> None:
    table.autofit = False  # fixed layout
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        column.w = Cm(width)
    total = table._tbl.tblPr.find(qn("w:tblW"))
    if total is not None:
        total.set(qn("w:type"), "dxa")
        total.set(qn("w:w"), str(round(sum(widths) / 2.54 * 1440)))


def row(table):
    """The cells of a new last row, which never breaks across pages."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return row.cells


def padding(table, top: int, side: int) -> None:
    """Cell margins of the whole table, in twips (1/1440 in)."""
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("w:top", top), ("w:left", side), ("w:bottom", top), ("w:right", side)):
        margin = OxmlElement(edge)
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                           "w:tblPrChange")


def shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_SHD_NEXT)


def rule(kind: str, side: str, style: str = "single", eighths: int = 4):
    """A w:pBdr or w:tblBorders holding one line (width in eighths of a point) on one side."""
    borders, line = OxmlElement(kind), OxmlElement(side)
    for attr, value in (("w:val", style), ("w:sz", str(eighths)), ("w:space", "1"), ("w:color", "auto")):
        line.set(qn(attr), value)
    borders.append(line)
    return borders


def border(paragraph, side: str, style: str = "single", eighths: int = 4) -> None:
    line = rule("w:pBdr", side, style, eighths)
    paragraph._p.get_or_add_pPr().insert_element_before(line, *_PBDR_NEXT)


def table_border(table, side: str) -> None:
    table._tbl.tblPr.insert_element_before(rule("w:tblBorders", side), *_TBLBORDERS_NEXT)


def picture(paragraph, path: Path | None, max_width: float, max_height: float) -> bool:
    """Add the picture as large as fits the box (cm), in proportion; False when missing or unreadable."""
    if path is None:
        return False
    try:
        with Image.open(path) as image:
            width, height = image.size
        scale = min(max_width / width, max_height / height)
        # From a stream, not the path: python-docx names the part after the file's extension, and attachments
        # are stored without one ("image1." is a part name the Office format forbids); a stream is named by
        # the image's type (image1.jpeg, image2.png).
        stream = io.BytesIO(Path(path).read_bytes())
        paragraph.add_run().add_picture(stream, width=Cm(width * scale), height=Cm(height * scale))
    except (OSError, ValueError, UnrecognizedImageError):
        return False
    return True


def field(paragraph, instruction: str, shown: str = "1", dirty: bool = False) -> None:
    """A complex field (begin, instruction, separate, shown value, end): Word and LibreOffice update it. `dirty`
    marks the shown value stale, so that Word computes it on opening (a PAGEREF whose page only the layout knows)."""
    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if dirty and kind == "begin":
            element.set(qn("w:dirty"), "true")
        paragraph.add_run()._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def bookmark(paragraph, name: str, number: int) -> None:
    """A bookmark around the paragraph's content (a PAGEREF field names the page it is on)."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    first_run = next(iter(p.xpath("./w:r")), None)
    if first_run is not None:
        first_run.addprevious(start)
    else:
        p.append(start)
    p.append(end)


# Word's own watermark: a VML WordArt shape (text path) in the header, behind the text of every page.
_WATERMARK = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:rPr><w:noProof/></w:rPr>
<w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>
<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>
<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight"
 xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="SpotcheckDraftWatermark" o:spid="_x0000_s1025" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:420pt;height:210pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#d9d9d9" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/></v:shape></w:pict></w:r>"""


def watermark(paragraph, text: str, font: str) -> None:
    """`text` across every page of the section whose header holds `paragraph` (e.g. 草稿), light grey, diagonal."""
    from xml.sax.saxutils import quoteattr

    from lxml import etree

    xml = _WATERMARK.replace("{font}", font).replace('"{text}"', quoteattr(text))
    paragraph._p.append(etree.fromstring(xml))
