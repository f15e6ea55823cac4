"""The on-site inspection record (现场检查笔录) as a PDF, laid out from the report model.

A4 portrait, one embedded CJK font (app/reports/fonts.py), black text and thin rules. What docs/rules.md
asks of every page (the party's signature line, 第 X 页 共 Y 页, the task id, the QR code of the record hash,
草稿 on a draft) is drawn by the page templates in app/reports/pdf_page.py, not by the flowing content here.

`render_pdf` also returns where it left room for the visible digital signature (`signature_box`: 0-based
page, x1, y1, x2, y2 in PDF points), an empty rectangle beside the signature block, for a later PAdES
signature field.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
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

from app.reports.fonts import CJK, register_cjk_font, styles
from app.reports.model import Report
from app.reports.pdf_flowables import BoldParagraph, Rule, SignatureBox, picture
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
BLANK = "/"  # what an official form writes in an empty field
NUMERALS = "一二三四五六七八九十"
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

_HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_latin_styles: dict[str, ParagraphStyle] = {}


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
    """A paragraph of plain text. Text without Chinese (codes, standards, numbers) breaks at spaces,
    not between any two characters as CJK wrapping would ("GB 5009.12-20" / "23")."""
    chosen = styles()[style]
    if not _HAN.search(text):
        if style not in _latin_styles:
            _latin_styles[style] = ParagraphStyle(f"{style}_latin", parent=chosen, wordWrap=None)
        chosen = _latin_styles[style]
    return (BoldParagraph if bold else Paragraph)(_markup(text), chosen)


def _lines(text: str, style: str) -> Paragraph:
    """"X = 0.502；U(X) = 0.015" as one line per part."""
    parts = [part.strip() for part in text.split("；") if part.strip()]
    return Paragraph("<br/>".join(_markup(part) for part in parts) or BLANK, styles()[style])


def _value(text: str) -> str:
    return text if text and text.strip() else BLANK


class _Sections:
    def __init__(self):
        self.n = 0

    def heading(self, text: str) -> Paragraph:
        self.n += 1
        return _p(f"{NUMERALS[self.n - 1] if self.n <= 10 else self.n}、{text}", "heading", bold=True)


def _rows_table(rows, label_width: float = 132) -> Table:
    data = []
    for row in rows:
        value = [_p(_value(row.value), "cell")]
        if row.note:
            value.append(_p(f"※ {row.note}", "small"))
        data.append([_p(row.label, "cell"), value])
    table = Table(data, colWidths=[label_width, CONTENT_W - label_width])
    table.setStyle(TableStyle(GRID))
    return table


def _grid(header: list[str], rows: list[list], widths: list[float], head: str = "cell_head") -> Table:
    """A ruled table with a bold header row repeated on every page it runs over."""
    widths = [w * CONTENT_W / sum(widths) for w in widths]
    data = [[_p(h, head, bold=True) for h in header]] + rows
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(GRID + [("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black)]))
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
        Table([[_p(f"检查依据：{report.checklist}", "meta"),
                Paragraph(f"记录状态：{escape(report.status)}<br/>生成时间：{escape(report.generated_at)}",
                          styles()["meta_right"])]],
              colWidths=[CONTENT_W * 0.52, CONTENT_W * 0.48],
              style=TableStyle([("FONTNAME", (0, 0), (-1, -1), CJK), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                ("VALIGN", (0, 0), (-1, -1), "TOP")])),
        Spacer(1, 2),
    ]


def _items(report: Report) -> Table:
    rows = []
    for item in report.items:
        rows.append([_p(str(item.number), "cell_center"), _p(item.content, "cell"),
                     _p(item.verdict, "cell_center", bold=item.problem), _p(_value(item.description), "cell")])
    return _grid(["序号", "检查内容", "是否发现问题", "问题描述"], rows, [30, 168, 72, 206])


def _samples(report: Report) -> Table:
    rows = []
    for s in report.samples:
        rows.append([_p(_value(v), "cell_small") for v in (s.code, s.matrix, s.parameter, s.method, s.unit)]
                    + [_p(_value(s.statistic), "cell_small_center"), _lines(s.assigned, "cell_small"),
                       _lines(s.result, "cell_small"),
                       _p(_value(s.score), "cell_small_center"),
                       _p(s.judgement, "cell_small_center", bold=s.flagged)])
    return _grid(["编号", "样品/基质", "检测项目", "方法", "单位", "统计量", "指定值", "结果", "得分", "判定"],
                 rows, [54, 58, 50, 58, 36, 34, 62, 56, 32, 30], head="cell_head_small")


def _exams(report: Report) -> Table:
    rows = []
    for e in report.exams:
        rows.append([_p(_value(v), "cell_small") for v in (e.signatory, e.field)]
                    + [_p(_value(v), "cell_small_center") for v in (e.form, e.score, e.pass_mark)]
                    + [_p(_value(e.result), "cell_small_center", bold=e.failed),
                       _p(_value(e.examiner), "cell_small_center"), _p(_value(e.notes), "cell_small")])
    return _grid(["签字人", "授权领域", "形式", "成绩", "合格线", "结果", "考官", "备注"],
                 rows, [44, 124, 30, 30, 36, 32, 42, 134], head="cell_head_small")


def _signatures(report: Report, sink: dict) -> list:
    widths = [55, 44, 150, 120, 107]
    widths = [w * CONTENT_W / sum(widths) for w in widths]
    rows = []
    for sig in report.signatures:
        if sig.refusal:
            mark = _p(sig.refusal, "cell_small")
        elif sig.image is not None:
            mark = picture(sig.image, widths[3] - 8, HANDWRITING_H) or _p("（签名图像缺失）", "cell_small")
        else:
            mark = _p(BLANK, "cell_center")
        rows.append([_p(sig.party, "cell"), _p(sig.name, "cell"), _p(sig.role, "cell_small"), mark,
                     _p(_value(sig.signed_at), "cell_small")])
    if rows:
        block = [_grid(["类别", "姓名", "身份", "签名", "签名时间"], rows, widths)]
    else:
        block = [_p("（尚未签名）", "body_flush")]
    box = Table([[_p("数字签名：", "meta"), SignatureBox(SIGNATURE_BOX_W, SIGNATURE_BOX_H, sink)]],
                colWidths=[60, SIGNATURE_BOX_W], hAlign="RIGHT",
                style=TableStyle([("FONTNAME", (0, 0), (-1, -1), CJK), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("ALIGN", (0, 0), (0, 0), "RIGHT"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return block + [Spacer(1, 8), box]


def _photos(report: Report) -> list:
    if not report.photos:
        return []
    story = [NextPageTemplate("later"), PageBreak(), _p("附件：证据照片", "heading", bold=True)]
    max_h = FRAME_H / 2 - 50
    for n, photo in enumerate(report.photos, start=1):
        where = f"（第 {photo.item} 项）" if photo.item is not None else ""
        caption = f"照片 {n}{where}：{photo.caption or '（无说明）'}"
        if photo.taken_at:
            caption += f"，拍摄时间 {photo.taken_at}"
        shown = picture(photo.path, CONTENT_W, max_h) or _p(f"（照片文件缺失：{photo.path.name}）", "caption")
        story.append(KeepTogether([shown, _p(caption, "caption"), Spacer(1, 12)]))
    return story


def _story(report: Report, sink: dict) -> list:
    sections = _Sections()
    story = _title_block(report) + [NextPageTemplate("later")]
    story += [sections.heading("被检查单位基本信息"), _rows_table(report.institution)]
    story += [sections.heading("资质认定情况"), _rows_table(report.certificate)]
    story += [sections.heading("检查情况"), _p("（一）检查时间、地点及告知", "subheading"), _rows_table(report.visit),
              _p("（二）检查组成员", "subheading"), _rows_table(report.team, label_width=60)]
    story += [CondPageBreak(120), sections.heading("检查事项"), _items(report)]
    if report.samples:
        story += [CondPageBreak(100), sections.heading("盲样考核"), _samples(report)]
    if report.exams:
        story += [CondPageBreak(100), sections.heading("授权签字人考试"), _exams(report)]
    if report.notes and report.notes.strip():
        story += [KeepTogether([sections.heading("备注"), _p(report.notes, "body")])]
    if report.party_statement and report.party_statement.strip():
        story += [KeepTogether([sections.heading("被检查单位意见"), _p(report.party_statement, "body")])]
    story += [KeepTogether([sections.heading("签名")] + _signatures(report, sink))]
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
