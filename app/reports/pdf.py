"""The on-site inspection record (现场检查笔录) as a PDF, laid out from the report model.

A4 portrait, one embedded CJK font (app/reports/fonts.py), black text and thin rules. What docs/rules.md
asks of every page (the party's signature line, 第 X 页 共 Y 页, the task id, the QR code of the record hash,
草稿 on a draft) is drawn by the page templates in app/reports/pdf_page.py, not by the flowing content here.

The sections and tables are those of app/reports/tables.py (the Word record prints the same): the evidence
list (七、证据清单) among them, the party's acknowledgement with its signature or refusal (九), the team's
signatures (十); the photo appendix labels each photo with its evidence number. Paragraphs
break lines by app/reports/pdf_lines.py (避头尾, values kept whole). `render_pdf` also returns where it left
room for the visible digital signature (`signature_box`: 0-based page, x1, y1, x2, y2 in PDF points), beside
the closing 以下空白, for a later PAdES signature field: nothing is drawn there, so a record not signed
digitally shows no empty box.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.reports import tables
from app.reports.fonts import CJK, register_cjk_font, styles
from app.reports.model import Report
from app.reports.pdf_flowables import BoldParagraph, EndsWith, PageMark, Rule, SignatureBox, picture
from app.reports.pdf_lines import RecordParagraph
from app.reports.pdf_page import (  # noqa: F401 - the geometry is part of this module's interface
    CONTENT_W,
    FRAME_BOTTOM,
    FRAME_H,
    PAGE_H,
    PAGE_W,
    QR_SIZE,
    RecordTemplate,
    canvas_class,
)

SIGNATURE_BOX_W, SIGNATURE_BOX_H = 220.0, 60.0
HANDWRITING_H = 40.0

RULE = 0.5  # table rules
BLANK = tables.EMPTY  # what an official form writes in an empty field
GRID = [
    ("GRID", (0, 0), (-1, -1), RULE, colors.black),
    ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("FONTNAME", (0, 0), (-1, -1), CJK),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


_building = threading.Lock()  # reportlab's configuration is global: one build at a time


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    signature_box: tuple[int, float, float, float, float]  # (page index from 0, x1, y1, x2, y2) in points


# --- the content -----------------------------------------------------------------------------------

_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾", "0123456789+-=()")
_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()")
_SCRIPTS = re.compile("([⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾]+)|([₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎]+)")


def _markup(text: str) -> str:
    """Plain text as paragraph markup: escaped, lines kept, and superscript / subscript characters
    (10⁻⁶, H₂O) raised or lowered as ordinary digits — the font lacks several of them (⁻⁰⁵⁶⁷⁸⁹₀)."""
    def script(match: re.Match) -> str:
        if match[1]:
            return f"<super>{match[1].translate(_SUPER)}</super>"
        return f"<sub>{match[2].translate(_SUB)}</sub>"
    return _SCRIPTS.sub(script, escape(text)).replace("\n", "<br/>")


def _p(text: str, style: str, bold: bool = False) -> Paragraph:
    """A paragraph of plain text, broken into lines by the record's rules (app/reports/pdf_lines.py)."""
    return (BoldParagraph if bold else RecordParagraph)(_markup(text), styles()[style])


def _value(text: str) -> str:
    return text if text and text.strip() else BLANK


def _heading(title: str, room: float = 60) -> list:
    """The numbered heading, on a new page unless `room` points are left for it and what follows (a heading
    never stands alone at the foot of a page)."""
    return [CondPageBreak(room), _p(tables.heading(title), "heading", bold=True)]


def _rows_table(rows, label_width: float = 132) -> Table:
    data = []
    for row in rows:
        value = [_p(_value(row.value), "cell")] + ([_p(f"※ {row.note}", "small")] if row.note else [])
        data.append([_p(row.label, "cell"), value[0] if len(value) == 1 else value])
    widths = [label_width, CONTENT_W - label_width]
    table = Table(_page_high_rows(data, widths), colWidths=widths)
    table.setStyle(TableStyle(GRID))
    return table


ROW_MAX_H = FRAME_H * 0.6  # a table row is at most this high; a longer text runs on in the rows below it


def _page_high_rows(data: list[list], widths: list[float]) -> list[list]:
    """`data` with every row that would be taller than a page cut into rows no taller than `ROW_MAX_H`: a
    paragraph that long (a 3,000-character description) goes on in the same column of the rows that follow it, the
    other cells empty. A table cannot split a row over two pages; without this such a record could not be made."""
    out = []
    for row in data:
        pieces = [_pieces(cell, width - 8) for cell, width in zip(row, widths)]  # 8: the cell's side paddings
        if all(len(p) == 1 for p in pieces):
            out.append(row)
            continue
        out += [[p[k] if k < len(p) else "" for p in pieces] for k in range(max(len(p) for p in pieces))]
    return out


def _pieces(cell, width: float) -> list:
    """A cell's content as the pieces it takes, each at most `ROW_MAX_H` high (a paragraph split by its lines;
    anything else whole)."""
    if not isinstance(cell, Paragraph):
        return [cell]
    pieces, rest = [], cell
    while rest.wrap(width, ROW_MAX_H * 100)[1] > ROW_MAX_H:
        parts = rest.split(width, ROW_MAX_H)
        if len(parts) < 2:
            break  # one line taller than the limit: left to the table
        pieces.append(parts[0])
        rest = parts[1]
    return pieces + [rest]


def _widths(columns, width: float = CONTENT_W) -> list[float]:
    total = sum(c.width for c in columns)
    return [c.width * width / total for c in columns]


def _grid(grid: tables.Grid, extra: list | None = None, width: float = CONTENT_W) -> Table:
    """A ruled table `width` points wide (the record's text width unless said) with a bold header row repeated
    on every page it runs over; the header never stands alone at the foot of a page (it stays with the first
    row)."""
    small = "_small" if grid.dense else ""
    data = [[_p(c.header, f"cell_head{small}", bold=True) for c in grid.columns]]
    for row in grid.rows:
        data.append([_p(cell.text, f"cell{small}_center" if cell.center else f"cell{small}", bold=cell.bold)
                     for cell in row])
    for n, cells in enumerate(extra or [], start=1):
        for column, flowable in cells.items():
            data[n][column] = flowable
    widths = _widths(grid.columns, width)
    table = Table(data[:1] + _page_high_rows(data[1:], widths), colWidths=widths, repeatRows=1)
    dense = [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)] if grid.dense else []
    table.setStyle(TableStyle(GRID + dense + [("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
                                              ("NOSPLIT", (0, 0), (-1, min(1, len(data) - 1)))]))
    return table


def _title_block(report: Report) -> list:
    return [
        _p(report.organ, "organ"),
        _p(report.title, "title", bold=True),
        _p(report.document_no, "document_no"),
        Spacer(1, 4),
        Rule(CONTENT_W, 1.2),
        Spacer(1, 1.5),
        Rule(CONTENT_W, 0.4),
        Spacer(1, 5),
        Table([[_p(f"检查用表：{report.checklist}", "meta"),
                RecordParagraph(f"记录状态：{escape(report.status)}<br/>生成时间：{escape(report.generated_at)}"
                                f"<br/>本记录时间均为{escape(report.time_zone)}", styles()["meta_right"])]],
              colWidths=[CONTENT_W * 0.52, CONTENT_W * 0.48],
              style=TableStyle([("FONTNAME", (0, 0), (-1, -1), CJK), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                ("VALIGN", (0, 0), (-1, -1), "TOP")])),
        Spacer(1, 2),
    ]


def _section(title: str, grid: tables.Grid) -> list:
    """A numbered section with its table, or 无 when it has no rows (the number stays)."""
    if not grid.rows:
        return _heading(title, 50) + [_p(tables.NONE, "body")]
    return _heading(title, 100) + [_grid(grid)]


def _text_section(title: str, text: str) -> list:
    return _heading(title) + [_p(text if (text or "").strip() else tables.NONE, "body")]


def _mark(sig, width: float, sink: dict):
    """What stands in a signature's place: the handwriting, the refusal (its page remembered for every page's
    foot), a blank to sign on paper (a draft), or a note that the picture is missing."""
    if sig.refusal:
        return [_p(sig.refusal, "cell_small"), PageMark(sink, "refusal")]
    if not sig.signed:
        return Spacer(1, HANDWRITING_H)  # room to sign by hand
    if sig.image is not None:
        return picture(sig.image, width, HANDWRITING_H) or _p("（签名图像缺失）", "cell_small")
    return _p(BLANK, "cell_center")


def _signature_grid(report: Report, sink: dict) -> Table | Paragraph:
    """十、签名: the team's signatures; on a draft a blank line for each member still to sign."""
    ordered = tables.team_signatures(report)
    if not ordered:
        return _p(tables.NONE, "body")
    widths = _widths(tables.SIGNATURE_COLUMNS)
    rows, marks = [], []
    for sig in ordered:
        rows.append([tables.Cell(sig.party), tables.Cell(sig.name), tables.Cell(sig.role), tables.Cell(""),
                     tables.Cell(tables.value(sig.signed_at) if sig.signed else "")])
        marks.append({3: _mark(sig, widths[3] - 8, sink)})
    return _grid(tables.Grid(tables.SIGNATURE_COLUMNS, rows), marks)


PARTY_LABEL_W, PARTY_VALUE_W = 112.0, 220.0


def _acknowledgement(report: Report, sink: dict) -> list:
    """九、被检查单位意见: the party's words (or 以上记录已阅，与事实相符), then, to the right, its signature — or its
    refusal with the reason — its name and the date; blank lines on a draft."""
    party = report.party
    rows = [[_p(tables.PARTY_SIGN, "body_flush"), _mark(party, PARTY_VALUE_W - 8, sink) if party is not None
             else _p(tables.SIGN_HERE, "body_flush")],
            [_p(tables.PARTY_NAME, "body_flush"), _p(tables.party_name(party), "body_flush")],
            [_p(tables.DATE, "body_flush"), _p(tables.party_date(party), "body_flush")]]
    blank = party is None or not party.signed
    if blank:
        rows[0][1] = _p(tables.SIGN_HERE, "body_flush")
    block = Table([[""] + row for row in rows], colWidths=[CONTENT_W - PARTY_LABEL_W - PARTY_VALUE_W, PARTY_LABEL_W,
                                                          PARTY_VALUE_W],
                  style=TableStyle([("FONTNAME", (0, 0), (-1, -1), CJK), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                    # a blank line at the foot of its room; a refusal read from its first line
                                    ("VALIGN", (0, 0), (-1, 0), "BOTTOM" if blank else
                                     "TOP" if party.refusal else "MIDDLE"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                                    # room above the blank line to sign by hand
                                    ("TOPPADDING", (0, 0), (-1, 0), HANDWRITING_H - 16 if blank else 2)]))
    return [_p(report.acknowledgement or tables.NONE, "body"), Spacer(1, 4), block]


def _closing(report: Report, sink: dict) -> list:
    """备注, the party's acknowledgement and signature, the team's signatures, then 以下空白: the acknowledgement
    starts on the page where the team's signatures start (a CondPageBreak asks for room for it and the first
    signature row), and otherwise the block flows like the rest, so no page is left gaping. Beside 以下空白 is
    the room kept for the digital signature's stamp: nothing is drawn there unless the record is signed
    digitally."""
    block = _acknowledgement(report, sink)
    acknowledgement = _heading("被检查单位意见")[1:] + [KeepTogether(block)]
    signatures = _heading("签名")[1:] + [_signature_grid(report, sink)]
    together = acknowledgement[:1] + block + signatures[:1]
    need = sum(f.wrap(CONTENT_W, FRAME_H)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in together)
    table = signatures[1]
    height = table.wrap(CONTENT_W, FRAME_H)[1]
    need += sum(table._rowHeights[:2]) if isinstance(table, Table) else height
    end = Table([[_p(tables.CLOSING, "closing"), SignatureBox(SIGNATURE_BOX_W, SIGNATURE_BOX_H, sink)]],
                colWidths=[CONTENT_W - SIGNATURE_BOX_W, SIGNATURE_BOX_W],
                style=TableStyle([("FONTNAME", (0, 0), (-1, -1), CJK), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    # at most a quarter of a page left blank for it: a statement longer than that flows like any text
    closing = [EndsWith(table, end)] if isinstance(table, Table) else [table, end]  # never 以下空白 alone
    return (_text_section("备注", report.notes) + [CondPageBreak(min(need + 4, FRAME_H / 4))] + acknowledgement
            + signatures[:1] + closing)


def _photos(report: Report) -> list:
    """附件：证据照片, each photo labelled with its number in the evidence list (证据 3)."""
    if not report.photos:
        return []
    story = [NextPageTemplate("later"), PageBreak(), _p("附件：证据照片", "heading", bold=True)]
    max_h = FRAME_H / 2 - 50
    for n, photo in enumerate(report.photos, start=1):
        shown = picture(photo.path, CONTENT_W, max_h) or _p(f"（照片文件缺失：{photo.path.name}）", "caption")
        story.append(KeepTogether([shown, _p(tables.photo_caption(photo, n), "caption"), Spacer(1, 12)]))
    return story


def _story(report: Report, sink: dict) -> list:
    story = _title_block(report) + [NextPageTemplate("later")]
    story += _heading("被检查单位基本信息") + [_rows_table(report.institution)]
    story += _heading("资质认定情况") + [_rows_table(report.certificate)]
    story += _heading("检查情况", 80) + [_p("（一）检查时间、地点及告知", "subheading"), _rows_table(report.visit),
                                      CondPageBreak(50), _p("（二）检查组成员", "subheading"),
                                      _rows_table(report.team, label_width=tables.TEAM_LABEL_WIDTH)]
    story += _section("检查事项", tables.items(report))
    story += _section("盲样考核", tables.samples(report))
    story += _section("授权签字人考试", tables.exams(report))
    story += _section("证据清单", tables.evidence(report))
    story += _closing(report, sink)
    story += _photos(report)
    return story


def render_pdf(report: Report) -> RenderedPdf:
    """Lay the report out as an A4 PDF; see the module's docstring for what every page carries."""
    register_cjk_font()
    buffer = io.BytesIO()
    sink: dict = {}
    with _building:
        # Binary streams: reportlab's default ASCII85 encoding of images and pages runs in pure Python
        # without its C accelerator (200 ms for four photos) and makes the file 25 % larger.
        a85, rl_config.useA85 = rl_config.useA85, 0
        try:
            doc = RecordTemplate(buffer, report)
            doc.build(_story(report, sink), canvasmaker=canvas_class(report, sink))
        finally:
            rl_config.useA85 = a85
    return RenderedPdf(data=buffer.getvalue(), pages=sink["pages"], signature_box=sink["box"])
