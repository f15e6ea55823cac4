"""The one CJK font of the printed record, registered once for reportlab, and the paragraph styles using it.

WenQuanYi Micro Hei (app/resources/fonts/wqy-microhei.ttc, face 0, Apache-2.0) is
embedded as a subset in every PDF. It has a single weight, so bold, italic and
bold italic map to the same face (else `<b>` raises); the renderer emboldens
headings by stroking the glyphs instead. Every style here names the font, so
nothing falls back to reportlab's default Helvetica (which would be referenced
without being embedded).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resource

CJK = "WQYMicroHei"

_lock = threading.Lock()
_styles: dict[str, ParagraphStyle] | None = None


def find_cjk_font() -> Path:
    """The bundled TrueType collection (source tree or frozen bundle)."""
    return resource("fonts", "wqy-microhei.ttc")


def register_cjk_font() -> str:
    """Register the font with reportlab (once per process) and return its name."""
    with _lock:
        if CJK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(CJK, str(find_cjk_font()), subfontIndex=0))
            pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
    return CJK


def styles() -> dict[str, ParagraphStyle]:
    """The record's paragraph styles by name; all in the CJK font with CJK line breaking (the record's own
    rules: app/reports/pdf_lines.py). Body text 五号 (10.5 pt), tables 9.5 pt, dense tables and notes 9 pt."""
    global _styles
    register_cjk_font()
    if _styles is None:
        base = ParagraphStyle("base", fontName=CJK, fontSize=10.5, leading=16, wordWrap="CJK",
                              textColor=colors.black, alignment=TA_LEFT)

        def style(name: str, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, parent=base, **kw)

        _styles = {
            "organ": style("organ", fontSize=15, leading=22, alignment=TA_CENTER, spaceAfter=4),
            "title": style("title", fontSize=20, leading=28, alignment=TA_CENTER, spaceAfter=6),
            "document_no": style("document_no", fontSize=11, leading=16, alignment=TA_CENTER),
            "heading": style("heading", fontSize=12, leading=18, spaceBefore=10, spaceAfter=5),
            "subheading": style("subheading", fontSize=10.5, leading=16, spaceBefore=4, spaceAfter=3),
            "body": style("body", firstLineIndent=21),
            "body_flush": style("body_flush"),
            "meta": style("meta", fontSize=9.5, leading=14),
            "meta_right": style("meta_right", fontSize=9.5, leading=14, alignment=TA_RIGHT),
            "small": style("small", fontSize=9, leading=12.5, textColor=colors.Color(0.25, 0.25, 0.25)),
            "cell": style("cell", fontSize=9.5, leading=13.5),
            "cell_center": style("cell_center", fontSize=9.5, leading=13.5, alignment=TA_CENTER),
            "cell_head": style("cell_head", fontSize=9.5, leading=13.5, alignment=TA_CENTER),
            "cell_head_small": style("cell_head_small", fontSize=9, leading=12.5, alignment=TA_CENTER),
            "cell_small": style("cell_small", fontSize=9, leading=12.5),
            "cell_small_center": style("cell_small_center", fontSize=9, leading=12.5, alignment=TA_CENTER),
            "caption": style("caption", fontSize=10, leading=14, alignment=TA_CENTER, spaceBefore=4),
            "closing": style("closing", fontSize=10.5, leading=16),
        }
    return _styles
