"""The on-site inspection record (现场检查笔录) as a PDF, laid out from the report model.

A4 portrait, one embedded CJK font (app/reports/fonts.py), black text and thin
rules. What DOMAIN.md §5.1 asks of every page is drawn by the page templates,
not by the flowing content: the inspected party's signature line with date,
"第 X 页 共 Y 页" (the total is filled in when the document is saved, the
NumberedCanvas pattern), the task id, and a QR code carrying
`report.qr_text` with the start of the record's SHA-256. A draft (not signed
yet) says 草稿 in every page's header and in a large diagonal watermark.

`render_pdf` also returns where it left room for the visible digital
signature (`signature_box`: 0-based page, x1, y1, x2, y2 in PDF points), an
empty rectangle beside the signature block, for a later PAdES signature
field.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.reports.fonts import CJK, register_cjk_font, styles
from app.reports.model import Report

PAGE_W, PAGE_H = A4
MARGIN_LEFT = 24 * mm  # the binding side
MARGIN_RIGHT = 18 * mm
CONTENT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
FRAME_TOP = PAGE_H - 19 * mm
FRAME_BOTTOM = 39 * mm  # room for the party's signature line, the page number and the QR code
FRAME_H = FRAME_TOP - FRAME_BOTTOM

SIGNATURE_BOX_W, SIGNATURE_BOX_H = 220.0, 60.0
HANDWRITING_H = 40.0
QR_SIZE = 52.0  # ~1.25 pt a module: decodes from a 200 dpi scan

RULE = 0.5  # table rules
BLANK = "/"  # what an official form writes in an empty field
NUMERALS = "一二三四五六七八九十"
PARTY_LINE = "被检查单位代表签名：________________　　日期：________________"

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


# --- flowables -------------------------------------------------------------------------------------

class BoldParagraph(Paragraph):
    """A paragraph drawn in fill-and-stroke mode: bold from the single-weight CJK font."""

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineWidth(self.style.fontSize * 0.035)
        canvas._code.append("2 Tr")  # text render mode: fill, then stroke; restored with the graphics state
        super().draw()
        canvas.restoreState()


class SignatureBox(Flowable):
    """An empty rectangle kept for the visible digital signature; remembers where it was drawn."""

    def __init__(self, width: float, height: float, sink: dict):
        super().__init__()
        self.width, self.height = width, height
        self._sink = sink

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()  # corner marks only: the signature's appearance goes inside
        canvas.setStrokeColor(colors.Color(0.55, 0.55, 0.55))
        canvas.setLineWidth(0.5)
        w, h, t = self.width, self.height, 8
        for x, y, dx, dy in ((0, 0, t, t), (w, 0, -t, t), (0, h, t, -t), (w, h, -t, -t)):
            canvas.lines([(x, y, x + dx, y), (x, y, x, y + dy)])
        canvas.restoreState()
        x1, y1 = canvas.absolutePosition(0, 0)
        x2, y2 = canvas.absolutePosition(self.width, self.height)
        self._sink["box"] = (canvas.getPageNumber() - 1, round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2))


class Picture(Flowable):
    """A JPEG or PNG from a path, scaled to fit a box keeping its aspect; JPEGs are embedded as they are."""

    def __init__(self, path, max_width: float, max_height: float):
        super().__init__()
        from PIL import Image, ImageOps

        self._source = str(path)
        with Image.open(path) as im:
            orientation = im.getexif().get(0x0112, 1)
            if orientation != 1:  # an original photo with an EXIF rotation: PDF viewers ignore the tag
                upright = ImageOps.exif_transpose(im).convert("RGB")
                buffer = io.BytesIO()
                upright.save(buffer, "JPEG", quality=85)
                from reportlab.lib.utils import ImageReader

                self._source = ImageReader(io.BytesIO(buffer.getvalue()))
                size = upright.size
            else:
                size = im.size
        scale = min(max_width / size[0], max_height / size[1])
        self.width, self.height = size[0] * scale, size[1] * scale

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.drawImage(self._source, 0, 0, self.width, self.height)


def _picture(path, max_width: float, max_height: float) -> Picture | None:
    """The picture, or None when its file is missing or not an image (the record still prints)."""
    try:
        return Picture(path, max_width, max_height)
    except OSError:  # also PIL's UnidentifiedImageError
        return None


@functools.lru_cache(maxsize=16)
def _qr_modules(value: str) -> tuple[tuple[float, float, float, float], ...]:
    """The dark runs of the QR code as rectangles in a QR_SIZE square (encoding takes ~40 ms: kept)."""
    group = QrCodeWidget(value, barLevel="M", barBorder=0, barWidth=QR_SIZE, barHeight=QR_SIZE).draw()
    return tuple((r.x, r.y, r.width, r.height) for r in group.contents if r.fillColor is not None)


# --- the canvas: page total at save time -----------------------------------------------------------

def _canvas_class(report: Report, sink: dict):
    qr_value = report.qr_text

    class NumberedCanvas(Canvas):
        """Keeps every page until save, then writes "第 X 页 共 Y 页" on each with the total known."""

        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = CJK
            super().__init__(*args, **kwargs)
            self._pages_kept: list[dict] = []
            self._qr_ready = False

        def showPage(self):
            self._pages_kept.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = sink["pages"] = len(self._pages_kept)
            for state in self._pages_kept:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(CJK, 9)
                self.setFillColor(colors.black)
                self.drawCentredString(PAGE_W / 2, 14 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
                self.restoreState()
                Canvas.showPage(self)
            Canvas.save(self)

        def draw_qr(self, x: float, y: float):
            """The QR code as a form XObject drawn once and placed on every page."""
            if not self._qr_ready:
                self.beginForm("record-qr", 0, 0, QR_SIZE, QR_SIZE)
                path = self.beginPath()
                for rect in _qr_modules(qr_value):
                    path.rect(*rect)
                self.setFillColor(colors.black)
                self.drawPath(path, stroke=0, fill=1)
                self.endForm()
                self._qr_ready = True
            self.saveState()
            self.translate(x, y)
            self.doForm("record-qr")
            self.restoreState()

    return NumberedCanvas


# --- the page templates ----------------------------------------------------------------------------

def _decorate(report: Report, first: bool):
    left, right = MARGIN_LEFT, PAGE_W - MARGIN_RIGHT

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.black)
        # header
        header_y = PAGE_H - 13 * mm
        if not first:
            canvas.setFont(CJK, 8)
            canvas.drawString(left, header_y, report.title)
            canvas.drawRightString(right, header_y, report.document_no)
            canvas.setLineWidth(0.5)
            canvas.line(left, header_y - 4, right, header_y - 4)
        if report.draft:
            canvas.setFont(CJK, 10)
            canvas.saveState()
            canvas.setLineWidth(0.25)
            canvas.setStrokeColor(colors.black)
            canvas._code.append("2 Tr")
            canvas.drawCentredString(PAGE_W / 2, header_y, "草稿（未签署）")
            canvas.restoreState()
        # the party signs every page
        canvas.setFont(CJK, 10)
        canvas.drawString(left, 33 * mm, PARTY_LINE)
        canvas.setLineWidth(0.5)
        canvas.line(left, 30 * mm, right, 30 * mm)
        # the task, the record's hash and its QR code (its quiet zone kept clear, 9 mm above the paper's edge)
        canvas.setFont(CJK, 7.5)
        canvas.drawString(left, 24 * mm, f"检查任务：{report.task_id}")
        canvas.drawString(left, 20.5 * mm, f"记录哈希 SHA-256：{report.record_hash[:16]}…")
        canvas.draw_qr(right - QR_SIZE, 30 * mm - 6 - QR_SIZE)
        canvas.restoreState()

    return on_page


def _watermark(report: Report):
    """On a draft, 草稿 across the page, over everything (photos too) but translucent: light grey on paper."""

    def on_page_end(canvas, doc):
        if not report.draft:
            return
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.setFillAlpha(0.14)
        canvas.translate(PAGE_W / 2, PAGE_H / 2)
        canvas.rotate(45)
        canvas.setFont(CJK, 150)
        canvas.drawCentredString(0, -50, "草稿")
        canvas.restoreState()

    return on_page_end


class _RecordTemplate(BaseDocTemplate):
    def __init__(self, buffer, report: Report):
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=PAGE_H - FRAME_TOP, bottomMargin=FRAME_BOTTOM,
                         title=f"{report.title} {report.document_no}", author=report.organ,
                         subject=report.institution_name, creator="Spotcheck", keywords=report.qr_text,
                         initialFontName=CJK, initialFontSize=10.5)
        frame = dict(x1=MARGIN_LEFT, y1=FRAME_BOTTOM, width=CONTENT_W, height=FRAME_H,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("first", [Frame(id="first", **frame)], onPage=_decorate(report, first=True),
                         onPageEnd=_watermark(report)),
            PageTemplate("later", [Frame(id="later", **frame)], onPage=_decorate(report, first=False),
                         onPageEnd=_watermark(report)),
        ])


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


class _Rule(Flowable):
    def __init__(self, width: float, thickness: float):
        super().__init__()
        self.width, self.height, self.thickness = width, thickness, thickness

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)


def _title_block(report: Report) -> list:
    return [
        _p(report.organ, "organ"),
        _p(report.title, "title", bold=True),
        _p(report.document_no, "document_no"),
        Spacer(1, 4),
        _Rule(CONTENT_W, 1.2),
        Spacer(1, 1.5),
        _Rule(CONTENT_W, 0.4),
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
                       _p(s.judgement, "cell_small_center", bold=s.judgement != "满意")])
    return _grid(["编号", "样品/基质", "检测项目", "方法", "单位", "统计量", "指定值", "结果", "得分", "判定"],
                 rows, [54, 58, 50, 58, 36, 34, 62, 56, 32, 30], head="cell_head_small")


def _exams(report: Report) -> Table:
    rows = []
    for e in report.exams:
        rows.append([_p(_value(v), "cell_small") for v in (e.signatory, e.field)]
                    + [_p(_value(v), "cell_small_center") for v in (e.form, e.score, e.pass_mark)]
                    + [_p(_value(e.result), "cell_small_center", bold=e.result == "不合格"),
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
            mark = _picture(sig.image, widths[3] - 8, HANDWRITING_H) or _p("（签名图像缺失）", "cell_small")
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
        picture = _picture(photo.path, CONTENT_W, max_h) or _p(f"（照片文件缺失：{photo.path.name}）", "caption")
        story.append(KeepTogether([picture, _p(caption, "caption"), Spacer(1, 12)]))
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
            doc = _RecordTemplate(buffer, report)
            doc.build(_story(report, sink), canvasmaker=_canvas_class(report, sink))
        finally:
            rl_config.useA85 = a85
    return RenderedPdf(data=buffer.getvalue(), pages=sink["pages"], signature_box=sink["box"])
