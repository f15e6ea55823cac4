"""What every page of the record PDF carries, drawn by the page templates rather than the flowing content.

The inspected party's signature line with date, "第 X 页 共 Y 页", the task id, the start of the record hash and
a QR code of `report.qr_text`; on a draft, 草稿 in the header and a translucent diagonal watermark. Also the page
geometry the content is laid out in.

The page total and the party's line are written when the document is saved (the NumberedCanvas pattern, one
pass): by then the total is known, and so is the page where a refusal to sign was printed (`sink["refusal"]`,
set by a `PageMark` in section 九). The line is blank on a draft, to sign on paper; on a signed record it
carries the representative's handwriting and the date; when the party refused, it says 拒签，见第 N 页
(app/reports/tables.py `footer_mode`).
"""

from __future__ import annotations

import functools

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from app.reports import tables
from app.reports.fonts import CJK
from app.reports.model import Report

PAGE_W, PAGE_H = A4
MARGIN_LEFT = 24 * mm  # the binding side
MARGIN_RIGHT = 18 * mm
CONTENT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
FRAME_TOP = PAGE_H - 19 * mm
FRAME_BOTTOM = 39 * mm  # room for the party's signature line, the page number and the QR code
FRAME_H = FRAME_TOP - FRAME_BOTTOM

QR_SIZE = 52.0  # ~1.25 pt a module: decodes from a 200 dpi scan
PARTY_LINE = "被检查单位代表签名：________________　　日期：________________"
PARTY_Y = 33 * mm  # the baseline of the party's line
HANDWRITING = (7.5 * mm, 40 * mm)  # the representative's handwriting at most this high and wide, on the rule


@functools.lru_cache(maxsize=16)
def _qr_modules(value: str) -> tuple[tuple[float, float, float, float], ...]:
    """The dark runs of the QR code as rectangles in a QR_SIZE square (encoding takes ~40 ms: kept)."""
    group = QrCodeWidget(value, barLevel="M", barBorder=0, barWidth=QR_SIZE, barHeight=QR_SIZE).draw()
    return tuple((r.x, r.y, r.width, r.height) for r in group.contents if r.fillColor is not None)


# --- the canvas: page total at save time -----------------------------------------------------------

def canvas_class(report: Report, sink: dict):
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
                _party_line(self, report, sink.get("refusal"))
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


def _handwriting(path) -> tuple[float, float] | None:
    """The picture's size in points at the footer's height, or None when it cannot be read."""
    try:
        width, height = ImageReader(str(path)).getSize()
    except (OSError, ValueError):  # also PIL's UnidentifiedImageError
        return None
    scale = min(HANDWRITING[0] / height, HANDWRITING[1] / width)
    return width * scale, height * scale


def _party_line(canvas, report: Report, refusal_page: int | None) -> None:
    """The party's line at the foot of the page: blank lines on a draft, the representative's handwriting and the
    date on a signed record, or 拒签，见第 N 页."""
    left = MARGIN_LEFT
    canvas.setFont(CJK, 10)
    mode = tables.footer_mode(report)
    if mode == "blank":
        canvas.drawString(left, PARTY_Y, PARTY_LINE)
        return
    canvas.drawString(left, PARTY_Y, tables.PARTY_SIGN)
    x = left + canvas.stringWidth(tables.PARTY_SIGN, CJK, 10) + 2
    party = report.party
    if mode == "refused":
        where = tables.REFUSAL_NOTE.format(refusal_page) if refusal_page else tables.REFUSED
        canvas.drawString(x, PARTY_Y, where)
        return
    picture = _handwriting(party.image) if party.image is not None else None
    if picture is None:
        shown = "（签名图像缺失）"
        canvas.drawString(x, PARTY_Y, shown)
        x += canvas.stringWidth(shown, CJK, 10)
    else:
        width, height = picture
        # by its path, as section 九 draws it: one image in the file, shown on every page
        canvas.drawImage(str(party.image), x, 30 * mm + 0.6, width, height)  # standing on the rule
        x += width
    canvas.drawString(x + 12, PARTY_Y, tables.DATE + tables.value(party.signed_at))


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
        # the party signs every page: its line is written at save time (_party_line), above this rule
        canvas.setLineWidth(0.5)
        canvas.line(left, 30 * mm, right, 30 * mm)
        # the task, the record's hash and its QR code (its quiet zone kept clear, 9 mm above the paper's edge)
        canvas.setFont(CJK, 7.5)
        canvas.drawString(left, 24 * mm, f"检查任务：{report.task_id}")
        canvas.drawString(left, 20.5 * mm, f"记录哈希 SHA-256：{report.record_hash[:16]}…")
        canvas.draw_qr(right - QR_SIZE, 30 * mm - 6 - QR_SIZE)
        canvas.restoreState()

    return on_page


@functools.lru_cache(maxsize=1)
def _watermark_image():
    """草稿, 150 pt, turned 45°, translucent black on transparent: a picture, so that the text of the record read
    out of the PDF (search, copy, pdftotext) is not interleaved with the watermark's two characters."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    from app.reports.fonts import find_cjk_font

    scale = 2  # pixels a point
    font = ImageFont.truetype(str(find_cjk_font()), 150 * scale, index=0)
    left, top, right, bottom = font.getbbox("草稿")
    image = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((-left, -top), "草稿", font=font, fill=(0, 0, 0, 36))  # 14 % black
    turned = image.rotate(45, expand=True, resample=Image.BICUBIC)
    return ImageReader(turned), turned.size[0] / scale, turned.size[1] / scale


def _watermark(report: Report):
    """On a draft, 草稿 across the page, over everything (photos too) but translucent: light grey on paper."""

    def on_page_end(canvas, doc):
        if not report.draft:
            return
        image, width, height = _watermark_image()
        canvas.drawImage(image, (PAGE_W - width) / 2, (PAGE_H - height) / 2, width, height, mask="auto")

    return on_page_end


class RecordTemplate(BaseDocTemplate):
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
