"""The record's own flowables: stroked bold for a single-weight font, the room kept for the digital signature,
a mark remembering the page it lands on, a table kept with the closing line after it, pictures embedded upright,
and a horizontal rule."""

from __future__ import annotations

import io

from reportlab.platypus import Flowable

from app.reports.pdf_lines import RecordParagraph


class BoldParagraph(RecordParagraph):
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
    """Room kept for the visible digital signature: draws nothing (an unsigned record shows no empty box),
    remembers where it is for the stamp a signature draws there (app/reports/signing.py)."""

    def __init__(self, width: float, height: float, sink: dict):
        super().__init__()
        self.width, self.height = width, height
        self._sink = sink

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        x1, y1 = canvas.absolutePosition(0, 0)
        x2, y2 = canvas.absolutePosition(self.width, self.height)
        self._sink["box"] = (canvas.getPageNumber() - 1, round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2))


class PageMark(Flowable):
    """Takes no room and draws nothing; remembers in `sink[key]` the page (from 1) it is drawn on — e.g. where the
    party's refusal is printed, which every page's foot then names (拒签，见第 N 页)."""

    def __init__(self, sink: dict, key: str):
        super().__init__()
        self.width = self.height = 0
        self._sink, self._key = sink, key

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self._sink[self._key] = self.canv.getPageNumber()


class EndsWith(Flowable):
    """A table and the line after it (以下空白), which never stands alone at the top of a page: where the two do not
    fit, the table splits and at least its last row comes along with the line."""

    def __init__(self, table, end):
        super().__init__()
        self.table, self.end = table, end

    def wrap(self, available_width, available_height):
        width, table_h = self.table.wrap(available_width, available_height)
        end_w, end_h = self.end.wrap(available_width, available_height)
        self._table_h = table_h
        self.width, self.height = max(width, end_w), table_h + end_h
        return self.width, self.height

    def draw(self):
        self.table.drawOn(self.canv, 0, self.height - self._table_h)
        self.end.drawOn(self.canv, 0, 0)

    def split(self, available_width, available_height):
        table_h = self.table.wrap(available_width, available_height)[1]
        # the whole table fits but not the line: split before the last row (the table's own rules keep its header
        # with a row); else wherever the table splits
        room = table_h - 1 if table_h <= available_height else available_height
        parts = self.table.split(available_width, room)
        if len(parts) < 2:
            return []  # all of it on the next page
        return [*parts[:-1], EndsWith(parts[-1], self.end)]


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


def picture(path, max_width: float, max_height: float) -> Picture | None:
    """The picture, or None when its file is missing or not an image (the record still prints)."""
    try:
        return Picture(path, max_width, max_height)
    except OSError:  # also PIL's UnidentifiedImageError
        return None


class Rule(Flowable):
    """A horizontal line `thickness` points thick across `width`."""

    def __init__(self, width: float, thickness: float):
        super().__init__()
        self.width, self.height, self.thickness = width, thickness, thickness

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)
