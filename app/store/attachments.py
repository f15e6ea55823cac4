"""Attachment files (photos, scans, documents), stored by their SHA-256.

Layout: the profile's attachments live in a folder beside its database
(`app.paths.attachments_dir`: `<db stem>-attachments`). A file whose content
hashes to `ab12…` is kept at `<folder>/ab/ab12…` — the first two hex digits
as a sub-folder (so no folder grows to tens of thousands of entries), the full
lower-case hash as the name, and no extension: the name says nothing but what
the bytes are. The media type, the original name and which record a file
belongs to are kept by the database, not here; this module does no database
access and knows nothing of Qt.

Atomic writes: new content is copied in chunks into a temporary file in the
store's folder (`.incoming-*.tmp`, on the same file system), hashed while it
is copied, flushed and fsync'ed, and only then moved under its final name
with `os.replace`, after which the sub-folder is fsync'ed too. A crash, a full
disk or an exception at any point leaves either no file or the whole file
under the final name, never a half one; a failed write removes its temporary
file (a killed process may leave one behind, which
`discard_stale_temporaries` clears).

De-duplication: because the name is the content's hash, the same photo added
twice (or arriving again in another package) is stored once; the second add
writes nothing and reports `already_stored=True`. If the copy already there
no longer matches its name (a changed byte on disk), the new, correct copy
replaces it.

Images: `reduced_copy` makes the JPEG that goes into reports — upright (EXIF
orientation applied), RGB (transparency flattened onto white), at most
`max_side` pixels on the longer side, converted to sRGB, with EXIF, XMP and
comments removed (no GPS position or camera serial in a report) — and stores
it like any other file, so the same reduced copy is stored once as well.
`thumbnail` returns small JPEG bytes for the window and stores nothing.
Everything that decodes images goes through Pillow; a file that cannot be
decoded, or has more than `MAX_PHOTO_PIXELS` (see `app.store.pictures`), is
refused with `InputRefused`.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import re
import struct
import tempfile
import time
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from app.domain.problems import InputRefused, NotFound, Problem
from app.paths import attachments_dir
from app.store.pictures import MAX_PHOTO_PIXELS, open_image, too_many_pixels, unreadable

MiB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MiB
CHUNK = 1024 * 1024
TEMP_PREFIX = ".incoming-"
TEMP_SUFFIX = ".tmp"
OCTET_STREAM = "application/octet-stream"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# Pillow format name → media type, for the image formats we accept as photos.
# Only these plugins are tried when recognising content, so that a loosely
# identified format (TGA, MPEG, …) never claims an arbitrary file.
IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # JPEG with a multi-picture extension (many cameras/phones)
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
    "HEIF": "image/heic",  # only when pillow-heif is installed
    "AVIF": "image/avif",  # only when Pillow was built with libavif
}

# Types the standard library's built-in table lacks (or that differ between
# platforms); the built-in table is used rather than the system's so the
# result does not depend on /etc/mime.types or the Windows registry.
_EXTRA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".heif": "image/heif",
    ".avif": "image/avif",
    ".scpkg": "application/zip",
}

_mime_table: mimetypes.MimeTypes | None = None
_heif_registered = False


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str
    original_name: str = ""
    already_stored: bool = False


def media_type_from_name(name: str) -> str:
    """The media type a file name suggests (platform-independent), or application/octet-stream."""
    global _mime_table
    suffix = Path(name).suffix.lower()
    if suffix in _EXTRA_TYPES:
        return _EXTRA_TYPES[suffix]
    if _mime_table is None:
        _mime_table = mimetypes.MimeTypes()  # the built-in table only, not the system's files
    guessed, _ = _mime_table.guess_type("x" + suffix, strict=False) if suffix else (None, None)
    return guessed or OCTET_STREAM


def _pillow():
    """Pillow's Image module, with the HEIF opener registered if pillow-heif is installed."""
    global _heif_registered
    from PIL import Image

    if not _heif_registered:
        _heif_registered = True
        try:
            from pillow_heif import register_heif_opener  # optional
        except ImportError:
            pass
        else:
            register_heif_opener()
    return Image


def _image_formats() -> list[str]:
    Image = _pillow()
    Image.init()
    return [f for f in IMAGE_FORMATS if f in Image.OPEN]


def _is_decode_error(exc: BaseException) -> bool:
    # Pillow reports damaged or foreign data with many exception types.
    return isinstance(exc, (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError,
                            KeyError, AttributeError, ZeroDivisionError, OverflowError, struct.error))


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mib(n: int) -> str:
    return f"{n / MiB:.1f}".rstrip("0").rstrip(".")


class AttachmentStore:
    """Files stored by SHA-256 under one folder; see the module docstring."""

    def __init__(self, folder: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES):
        self.folder = Path(folder)
        self.max_bytes = max_bytes

    @classmethod
    def for_database(cls, database: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> "AttachmentStore":
        return cls(attachments_dir(Path(database)), max_bytes=max_bytes)

    # --- where files are --------------------------------------------------------------------

    @staticmethod
    def normalize(sha256: str) -> str:
        """The hash in lower case; refuses anything that is not 64 hex digits (so no path can escape)."""
        value = str(sha256).strip().lower()
        if not _SHA256.match(value):
            raise InputRefused(f"“{sha256}”不是有效的 SHA-256 值",
                               [Problem(expected="64 位十六进制 SHA-256 值", value=sha256)])
        return value

    def path_of(self, sha256: str) -> Path:
        sha256 = self.normalize(sha256)
        return self.folder / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """The stored file, opened for binary reading (the caller closes it)."""
        path = self.path_of(sha256)
        try:
            return open(path, "rb")
        except FileNotFoundError:
            raise NotFound(f"附件 {self.normalize(sha256)} 不存在（{path}）") from None

    def verify(self, sha256: str) -> bool:
        """Whether the stored file is there and its content still hashes to its name."""
        path = self.path_of(sha256)
        try:
            with open(path, "rb") as f:
                digest = hashlib.file_digest(f, "sha256").hexdigest()
        except FileNotFoundError:
            return False
        return digest == self.normalize(sha256)

    # --- adding -----------------------------------------------------------------------------

    def add_file(self, path: Path | str, *, name: str | None = None) -> StoredFile:
        """Store a copy of the file at `path` (its name, or `name`, is kept as the original name)."""
        path = Path(path)
        shown = name if name is not None else path.name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise NotFound(f"找不到文件 {path}") from None
        if not path.is_file():
            raise InputRefused(f"{path} 不是文件", [Problem(expected="一个文件", value=str(path), file=shown)])
        self._check_size(size, shown)
        with open(path, "rb") as source:
            return self._store(source, shown)

    def add_bytes(self, data: bytes, name: str = "") -> StoredFile:
        self._check_size(len(data), name)
        return self._store(io.BytesIO(data), name)

    def _check_size(self, size: int, name: str) -> None:
        if size > self.max_bytes:
            raise InputRefused(
                f"文件 {name or '（未命名）'} 大小为 {_mib(size)} MiB，超过附件上限 {_mib(self.max_bytes)} MiB",
                [Problem(expected=f"不超过 {_mib(self.max_bytes)} MiB 的文件", value=f"{_mib(size)} MiB",
                         file=name or None)])

    def require_folder(self) -> None:
        """The attachments folder, made if missing; a file in its place is refused in words (bad_path)."""
        import errno

        from app.environment import bad_path

        if self.folder.exists() and not self.folder.is_dir():
            raise bad_path(self.folder, errno.ENOTDIR)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _store(self, source: BinaryIO, name: str) -> StoredFile:
        self.require_folder()
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=self.folder)
        temp = Path(temp_name)
        try:
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:  # the file grew while it was copied
                        self._check_size(size, name)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            final = self.path_of(sha256)
            media_type = self._media_type(temp, name)
            if final.is_file() and final.stat().st_size == size and self.verify(sha256):
                temp.unlink()
                return StoredFile(sha256, size, media_type, name, already_stored=True)
            final.parent.mkdir(exist_ok=True)
            os.replace(temp, final)
            _fsync_dir(final.parent)
            return StoredFile(sha256, size, media_type, name, already_stored=False)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    def media_type(self, path: Path) -> str:
        """The media type of the file at `path`, from its content (an image Pillow recognises) only."""
        return self._media_type(path, "")

    def _media_type(self, path: Path, name: str) -> str:
        """From the content if Pillow recognises an image, else from the name."""
        Image = _pillow()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # only the format is read here
                with Image.open(path, formats=_image_formats()) as im:
                    detected = IMAGE_FORMATS.get(im.format or "")
        except Exception:  # noqa: BLE001 — not an image Pillow recognises, whatever the reason
            detected = None
        return detected or media_type_from_name(name)

    def discard_stale_temporaries(self, older_than_seconds: float = 24 * 3600) -> int:
        """Remove temporary files a killed process left behind; returns how many."""
        if not self.folder.is_dir():
            return 0
        limit = time.time() - older_than_seconds
        removed = 0
        for temp in self.folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            try:
                if temp.stat().st_mtime < limit:
                    temp.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed

    # --- images -----------------------------------------------------------------------------

    def _open_image(self, sha256: str, name: str | None):
        """The stored file opened by Pillow (lazily), or InputRefused naming the file (unreadable, too many pixels)."""
        path = self.path_of(sha256)
        shown = name or self.normalize(sha256)
        if not path.is_file():
            raise NotFound(f"附件 {shown} 不存在（{path}）")
        return open_image(_pillow(), path, shown, MAX_PHOTO_PIXELS, _image_formats())

    @staticmethod
    def _unreadable(shown: str) -> InputRefused:
        return unreadable(shown)

    @staticmethod
    def _too_many_pixels(shown: str) -> InputRefused:
        return too_many_pixels(shown, MAX_PHOTO_PIXELS)

    def _upright_rgb(self, sha256: str, name: str | None, box: int):
        """Decoded, EXIF-oriented, sRGB image; JPEGs are decoded at a reduced scale when `box` allows."""
        from PIL import ImageOps

        Image = _pillow()
        shown = name or self.normalize(sha256)
        with self._open_image(sha256, name) as im:
            try:
                if im.format in ("JPEG", "MPO"):
                    im.draft("RGB", (box, box))  # DCT scaling: never smaller than box × box
                im.load()
                upright = ImageOps.exif_transpose(im)
                return _to_srgb(upright, Image)
            except Image.DecompressionBombError:
                raise self._too_many_pixels(shown) from None
            except Exception as exc:  # noqa: BLE001
                if _is_decode_error(exc):
                    raise self._unreadable(shown) from exc
                raise

    def reduced_copy(self, sha256: str, max_side: int = 1600, quality: int = 85, *,
                     name: str | None = None) -> StoredFile:
        """A JPEG for reports, upright, longer side ≤ max_side (never enlarged), without EXIF; stored by its hash.

        `name` (the original file name) is used in messages and to name the copy.
        """
        Image = _pillow()
        im = self._upright_rgb(sha256, name, max_side)
        if max(im.size) > max_side:
            im.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        im.info = {}  # no EXIF, XMP, comment or ICC profile travels into the copy
        buffer = io.BytesIO()
        im.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        copy_name = f"{Path(name).stem}.jpg" if name else ""
        stored = self.add_bytes(buffer.getvalue(), copy_name)
        if stored.media_type != "image/jpeg":  # always JPEG; keep the record honest regardless
            stored = StoredFile(stored.sha256, stored.size, "image/jpeg", copy_name, stored.already_stored)
        return stored

    def thumbnail(self, sha256: str, size: int = 256, *, name: str | None = None) -> bytes:
        """JPEG bytes of an upright thumbnail whose longer side is ≤ size; nothing is stored."""
        Image = _pillow()
        im = self._upright_rgb(sha256, name, size)
        im.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
        im.info = {}
        buffer = io.BytesIO()
        im.save(buffer, "JPEG", quality=80)
        return buffer.getvalue()

    def image_info(self, sha256: str, *, name: str | None = None) -> dict:
        """{'width', 'height'} as displayed (after EXIF orientation) and 'taken_at' (EXIF DateTimeOriginal, ISO) or None.

        Reads only the header and metadata; the pixels are not decoded.
        """
        from PIL import ExifTags

        shown = name or self.normalize(sha256)
        with self._open_image(sha256, name) as im:
            try:
                width, height = im.size
                exif = im.getexif()
                if exif.get(ExifTags.Base.Orientation) in (5, 6, 7, 8):  # turned by 90°
                    width, height = height, width
                details = exif.get_ifd(ExifTags.IFD.Exif)
            except Exception as exc:  # noqa: BLE001
                if _is_decode_error(exc):
                    raise self._unreadable(shown) from exc
                raise
        taken_at = _exif_datetime(details.get(ExifTags.Base.DateTimeOriginal),
                                  details.get(ExifTags.Base.OffsetTimeOriginal))
        return {"width": width, "height": height, "taken_at": taken_at}


def _to_srgb(im, Image):
    """RGB pixels in sRGB: transparency flattened onto white, an embedded ICC profile converted."""
    icc = im.info.get("icc_profile")
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info) \
            or (im.mode in ("RGB", "L") and "transparency" in im.info):
        rgba = im.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(background, rgba).convert("RGB")
    elif im.mode.startswith("I;16") or im.mode == "I":
        im = im.convert("I").point(lambda v: v / 256).convert("RGB")  # 16-bit grey → 8-bit, not clipped
    elif im.mode != "RGB":
        im = im.convert("RGB") if im.mode != "CMYK" or not icc else im
    if icc:
        try:
            from PIL import ImageCms

            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if converted is not None:
                im = converted
        except Exception:  # noqa: BLE001 — a broken or unusual profile: keep the pixels as they are
            pass
    if im.mode != "RGB":
        im = im.convert("RGB")
    return im


def _exif_datetime(value, offset=None) -> str | None:
    """EXIF 'YYYY:MM:DD HH:MM:SS' (with an optional '+08:00' offset) as ISO 8601, or None if absent or invalid."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    value = value.strip().rstrip("\x00").strip()
    try:
        moment = datetime.strptime(value[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    iso = moment.isoformat()
    if isinstance(offset, bytes):
        offset = offset.decode("ascii", "replace")
    if isinstance(offset, str) and re.fullmatch(r"[+-]\d\d:\d\d", offset.strip().rstrip("\x00")):
        iso += offset.strip().rstrip("\x00")
    return iso
