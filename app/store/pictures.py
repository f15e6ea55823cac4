"""Checking a picture before anything is stored or decoded: a regular file, an image Pillow reads, not too many
pixels, and — for a signature — something drawn on it.

Regular files only: a folder, a device or a FIFO named as a photo is refused from its `stat`, before it is
opened (opening a FIFO blocks until something writes to it, for ever if nothing does); the file is then opened
without blocking and checked again, in case it was swapped in between.

Pixels are counted from the header, before any decoding. Pillow itself only warns above
`Image.MAX_IMAGE_PIXELS` (about 89 M) and raises `DecompressionBombError` above twice that; both are caught
here, and our own, lower limits refuse first:

- a photo: `MAX_PHOTO_PIXELS` = 72 M pixels. A 64 MP phone camera (9248 × 6936) passes; a 108 MP full-sensor
  mode does not (the camera's default 12 MP or 50 MP pictures do). Decoded as RGBA that is at most ~290 MB;
  JPEGs, most photos, are decoded at a reduced scale anyway.
- a signature: `MAX_SIGNATURE_PIXELS` = 16 M pixels (the pad draws 600 × 200 and exports a few times that).
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from app.domain.problems import InputRefused, Problem
from app.files import require_regular_file

MAX_PHOTO_PIXELS = 72_000_000
MAX_SIGNATURE_PIXELS = 16_000_000
BLANK_CONTRAST = 32  # grey levels: a picture whose darkest and lightest pixels differ less has nothing drawn


def _megapixels(n: int) -> str:
    return f"{n / 1_000_000:.0f}"


def too_many_pixels(shown: str, limit: int, size: tuple[int, int] | None = None, column: str | None = None
                    ) -> InputRefused:
    told = f"（{size[0]} × {size[1]}）" if size else ""
    return InputRefused(f"图片 {shown}{told}像素过多（上限约 {_megapixels(limit)} 百万像素），不予处理；"
                        "请用相机的常规分辨率重新拍摄，或缩小后再添加。",
                        [Problem(f"像素数不超过 {limit} 的图片", f"{size[0]} × {size[1]}" if size else None,
                                 file=shown, column=column)])


def unreadable(shown: str, column: str | None = None) -> InputRefused:
    return InputRefused(f"无法读取图片 {shown}，文件可能已损坏或不是图片",
                        [Problem("可以读取的图片（JPEG、PNG、WebP 等）", shown, file=shown, column=column)])


def open_image(Image, source, shown: str, max_pixels: int, formats: list[str] | None = None, *,
               column: str | None = None):
    """The image opened by Pillow (header only, not decoded) if it has at most `max_pixels`; InputRefused if it
    has more (whatever Pillow's own limits say) or cannot be read. The caller closes it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # Pillow only warns below 2 × its limit
            im = Image.open(source, formats=formats)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels(shown, max_pixels, column=column) from None
    except Exception as exc:  # noqa: BLE001 — Pillow reports foreign or damaged data with many exception types
        raise unreadable(shown, column) from exc
    width, height = im.size
    if width * height > max_pixels:
        im.close()
        raise too_many_pixels(shown, max_pixels, (width, height), column)
    return im


def check_photo(path: Path) -> None:
    """Refuse, before anything is stored, a photo that is no regular file, no readable image or too large."""
    from app.store.attachments import _image_formats, _pillow

    path = Path(path)
    require_regular_file(path, "照片文件")
    Image = _pillow()
    with open(path, "rb") as source:  # a regular file: opening cannot block
        im = open_image(Image, source, path.name, MAX_PHOTO_PIXELS, _image_formats())
        try:
            im.verify()
        except Exception as exc:  # noqa: BLE001
            raise unreadable(path.name) from exc
        finally:
            im.close()


def check_signature_png(png: bytes, shown: str) -> None:
    """A signature's picture: a PNG Pillow decodes, of at most MAX_SIGNATURE_PIXELS, with something drawn."""
    from PIL import Image

    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InputRefused("签名图片不是 PNG 文件。", [Problem("PNG 图片", None, file=shown, column="image")])
    im = open_image(Image, io.BytesIO(png), shown, MAX_SIGNATURE_PIXELS, ["PNG"], column="image")
    try:
        im.load()
        rgba = im.convert("RGBA")
    except Exception as exc:  # noqa: BLE001
        raise unreadable(shown, "image") from exc
    finally:
        im.close()
    flat = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("L")
    darkest, lightest = flat.getextrema()
    if lightest - darkest < BLANK_CONTRAST:
        raise InputRefused("签名图片是空白的（只有一种颜色，没有写下任何笔画），不能作为签名。",
                           [Problem("写有签名的图片", None, file=shown, column="image")])
