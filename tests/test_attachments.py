"""Attachments stored by SHA-256 beside the database: layout, atomic writes, de-duplication, images."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from app.domain.problems import InputRefused, NotFound
from app.paths import attachments_dir
from app.store import attachments as attachments_module
from app.store.attachments import AttachmentStore, StoredFile, media_type_from_name

# --- helpers ------------------------------------------------------------------------------


def jpeg_bytes(size=(400, 200), color=(200, 30, 30), *, orientation=None, taken_at=None, gps=False,
               quality=90) -> bytes:
    im = Image.new("RGB", size, color)
    # a marker in the top-left corner, so a rotation can be told from a mirror image
    im.paste((0, 0, 255), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if taken_at is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken_at
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (31.0, 14.0, 0.0)
    exif[ExifTags.Base.Make] = "TestCam"
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=quality, exif=exif.tobytes(), comment=b"private note")
    return buffer.getvalue()


def png_bytes(im: Image.Image) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return buffer.getvalue()


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def decoded(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


@pytest.fixture
def store(tmp_path):
    return AttachmentStore.for_database(tmp_path / "spotcheck.sqlite")


# --- layout -------------------------------------------------------------------------------


def test_store_lives_beside_the_database_and_is_created_on_first_write(tmp_path):
    store = AttachmentStore.for_database(tmp_path / "spotcheck.sqlite")
    assert store.folder == attachments_dir(tmp_path / "spotcheck.sqlite") == tmp_path / "spotcheck-attachments"
    assert not store.folder.exists()
    stored = store.add_bytes(b"hello", "note.txt")
    assert store.path_of(stored.sha256) == store.folder / stored.sha256[:2] / stored.sha256
    assert store.path_of(stored.sha256).read_bytes() == b"hello"


def test_sha256_is_hashlib_over_the_bytes(store, tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one chunk
    source = tmp_path / "scan.pdf"
    source.write_bytes(data)
    stored = store.add_file(source)
    assert stored == StoredFile(hashlib.sha256(data).hexdigest(), len(data), "application/pdf", "scan.pdf", False)
    with store.open(stored.sha256) as f:
        assert f.read() == data
    assert store.exists(stored.sha256) and store.verify(stored.sha256)


def test_hash_names_are_checked_so_no_path_escapes(store):
    with pytest.raises(InputRefused):
        store.path_of("../../etc/passwd")
    with pytest.raises(InputRefused):
        store.path_of("ab" * 31)
    sha = hashlib.sha256(b"x").hexdigest()
    assert store.path_of(sha.upper()) == store.path_of(sha)
    assert not store.exists(sha) and not store.verify(sha)
    with pytest.raises(NotFound):
        store.open(sha)


# --- de-duplication -----------------------------------------------------------------------


def test_the_same_photo_added_twice_is_stored_once(store, tmp_path):
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_bytes())
    first = store.add_file(photo)
    again = tmp_path / "copy of IMG_0001.jpg"
    again.write_bytes(photo.read_bytes())
    second = store.add_file(again)
    assert not first.already_stored and second.already_stored
    assert first.sha256 == second.sha256 and second.original_name == "copy of IMG_0001.jpg"
    assert stored_files(store.folder) == [store.path_of(first.sha256)]


def test_two_different_files_are_two_files(store):
    a = store.add_bytes(jpeg_bytes(color=(1, 2, 3)), "a.jpg")
    b = store.add_bytes(jpeg_bytes(color=(250, 250, 250)), "b.jpg")
    assert a.sha256 != b.sha256
    assert stored_files(store.folder) == sorted([store.path_of(a.sha256), store.path_of(b.sha256)])


def test_a_damaged_copy_is_replaced_by_adding_the_content_again(store):
    data = b"evidence" * 1000
    stored = store.add_bytes(data, "e.bin")
    path = store.path_of(stored.sha256)
    damaged = bytearray(data)
    damaged[10] ^= 0xFF
    path.write_bytes(bytes(damaged))
    assert not store.verify(stored.sha256)
    repaired = store.add_bytes(data, "e.bin")
    assert not repaired.already_stored and store.verify(stored.sha256)


# --- atomic writes ------------------------------------------------------------------------


def test_no_temporary_file_is_left_behind(store):
    for i in range(5):
        store.add_bytes(f"file {i}".encode(), f"{i}.txt")
    store.add_bytes(b"file 0", "again.txt")
    assert all(not p.name.startswith(".") for p in stored_files(store.folder))
    assert len(stored_files(store.folder)) == 5


def test_a_failure_while_writing_leaves_no_file(store, tmp_path, monkeypatch):
    data = jpeg_bytes()
    sha = hashlib.sha256(data).hexdigest()

    def crash(src, dst):
        raise OSError("disk pulled out")

    monkeypatch.setattr(attachments_module.os, "replace", crash)
    with pytest.raises(OSError, match="disk pulled out"):
        store.add_bytes(data, "photo.jpg")
    source = tmp_path / "photo.jpg"
    source.write_bytes(data)
    with pytest.raises(OSError, match="disk pulled out"):
        store.add_file(source)
    assert not store.path_of(sha).exists()
    assert stored_files(store.folder) == []  # no temporary file either
    monkeypatch.undo()
    assert not store.add_bytes(data, "photo.jpg").already_stored


def test_a_failure_while_copying_leaves_no_file(store, monkeypatch):
    class Exploding(io.BytesIO):
        def read(self, n=-1):
            if self.tell() > 0:
                raise OSError("USB stick removed")
            return super().read(1024 * 1024)

    with pytest.raises(OSError, match="USB stick removed"):
        store._store(Exploding(os.urandom(3 * 1024 * 1024)), "big.bin")
    assert stored_files(store.folder) == []


def test_stale_temporaries_of_a_killed_process_are_discarded(store):
    store.add_bytes(b"x", "x.txt")
    stale = store.folder / ".incoming-abc.tmp"
    stale.write_bytes(b"half a photo")
    os.utime(stale, (1_000_000, 1_000_000))
    fresh = store.folder / ".incoming-def.tmp"
    fresh.write_bytes(b"being written now")
    assert store.discard_stale_temporaries() == 1
    assert not stale.exists() and fresh.exists()


# --- size limit ---------------------------------------------------------------------------


def test_files_over_the_size_limit_are_refused(tmp_path):
    store = AttachmentStore(tmp_path / "att", max_bytes=1000)
    big = tmp_path / "大文件.pdf"
    big.write_bytes(b"\0" * 1001)
    with pytest.raises(InputRefused) as refused:
        store.add_file(big)
    assert "大文件.pdf" in refused.value.message and "超过" in refused.value.message
    with pytest.raises(InputRefused):
        store.add_bytes(b"\0" * 1001, "x.bin")
    assert store.add_bytes(b"\0" * 1000, "x.bin").size == 1000
    assert AttachmentStore(tmp_path / "other").max_bytes == 50 * 1024 * 1024


# --- media types --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,media_type", [
    ("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp"), ("GIF", "image/gif"),
    ("BMP", "image/bmp"), ("TIFF", "image/tiff"),
])
def test_media_type_comes_from_the_content_even_when_the_name_lies(store, fmt, media_type):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (10, 200, 10)).save(buffer, fmt)
    assert store.add_bytes(buffer.getvalue(), "report.pdf").media_type == media_type
    assert store.add_bytes(buffer.getvalue(), "no-name").media_type == media_type


def test_media_type_falls_back_to_the_name_then_octet_stream(store):
    assert store.add_bytes(b"%PDF-1.7 not really", "证据.PDF").media_type == "application/pdf"
    assert store.add_bytes(b"some text", "notes.txt").media_type == "text/plain"
    assert store.add_bytes(b"PK\x03\x04...", "记录.docx").media_type.endswith("wordprocessingml.document")
    assert store.add_bytes(b"\x00\x01\x02", "blob").media_type == "application/octet-stream"
    assert store.add_bytes(b"", "").media_type == "application/octet-stream"
    assert media_type_from_name("IMG_1234.HEIC") == "image/heic"


# --- reduced copies and thumbnails --------------------------------------------------------


def test_exif_orientation_is_honoured(store):
    # 400×200 landscape pixels, Orientation=6: shown turned 90° clockwise, i.e. portrait
    stored = store.add_bytes(jpeg_bytes((400, 200), orientation=6), "turned.jpg")
    assert store.image_info(stored.sha256) == {"width": 200, "height": 400, "taken_at": None}

    reduced = store.reduced_copy(stored.sha256)
    with store.open(reduced.sha256) as f:
        im = Image.open(f)
        im.load()
    assert im.size == (200, 400)
    assert not im.getexif()  # nothing left to turn it a second time
    # the blue marker was top-left in the pixels; turned 90° clockwise it is top-right
    r, g, b = im.getpixel((190, 10))
    assert b > 200 and r < 60
    assert decoded(store.thumbnail(stored.sha256, size=100)).size == (50, 100)


def test_reduced_copy_never_enlarges_and_caps_the_longer_side(store):
    small = store.add_bytes(jpeg_bytes((300, 120)), "small.jpg")
    reduced = store.reduced_copy(small.sha256)
    assert decoded(store.path_of(reduced.sha256).read_bytes()).size == (300, 120)

    large = store.add_bytes(jpeg_bytes((4000, 3000)), "large.jpg")
    reduced = store.reduced_copy(large.sha256, max_side=1600)
    assert decoded(store.path_of(reduced.sha256).read_bytes()).size == (1600, 1200)

    tall = store.add_bytes(png_bytes(Image.new("RGB", (500, 2500), "white")), "tall.png")
    reduced = store.reduced_copy(tall.sha256, max_side=1000)
    assert decoded(store.path_of(reduced.sha256).read_bytes()).size == (200, 1000)
    assert decoded(store.thumbnail(tall.sha256)).size == (51, 256)


def test_reduced_copy_is_a_stored_jpeg_without_exif_stored_once(store):
    original = store.add_bytes(jpeg_bytes((2400, 1800), taken_at="2025:06:03 09:15:00", gps=True), "IMG_7.jpg")
    reduced = store.reduced_copy(original.sha256, name="IMG_7.jpg")
    assert reduced.media_type == "image/jpeg" and reduced.original_name == "IMG_7.jpg"
    assert reduced.sha256 != original.sha256 and not reduced.already_stored
    data = store.path_of(reduced.sha256).read_bytes()
    assert reduced.sha256 == hashlib.sha256(data).hexdigest() and reduced.size == len(data)
    im = decoded(data)
    assert im.format == "JPEG" and im.info.get("progressive")
    assert not im.getexif() and "exif" not in im.info
    assert "comment" not in im.info and "xmp" not in im.info
    assert b"TestCam" not in data and b"private note" not in data
    assert store.image_info(reduced.sha256)["taken_at"] is None

    again = store.reduced_copy(original.sha256, name="IMG_7.jpg")
    assert again.sha256 == reduced.sha256 and again.already_stored
    assert len(stored_files(store.folder)) == 2


def test_png_with_alpha_is_flattened_onto_white(store):
    im = Image.new("RGBA", (40, 40), (0, 0, 0, 0))  # fully transparent black
    im.paste((255, 0, 0, 255), (0, 0, 20, 40))  # left half opaque red
    stored = store.add_bytes(png_bytes(im), "stamp.png")
    reduced = decoded(store.path_of(store.reduced_copy(stored.sha256).sha256).read_bytes())
    assert reduced.mode == "RGB"
    assert all(c > 245 for c in reduced.getpixel((35, 20)))  # white, not black
    r, g, b = reduced.getpixel((5, 20))
    assert r > 230 and g < 30 and b < 30
    thumb = decoded(store.thumbnail(stored.sha256))
    assert all(c > 245 for c in thumb.getpixel((35, 20)))

    palette = Image.new("P", (10, 10), 0)
    palette.putpalette([0, 0, 0, 255, 255, 255])
    palette.info["transparency"] = 0
    flat = store.reduced_copy(store.add_bytes(png_bytes(palette), "p.png").sha256)
    assert all(c > 245 for c in decoded(store.path_of(flat.sha256).read_bytes()).getpixel((5, 5)))


def test_sixteen_bit_grey_is_scaled_not_clipped(store):
    im = Image.new("I;16", (8, 8), 32768)
    stored = store.add_bytes(png_bytes(im), "scan16.png")
    value = decoded(store.path_of(store.reduced_copy(stored.sha256).sha256).read_bytes()).getpixel((4, 4))
    assert all(120 < c < 136 for c in value)


def test_a_corrupt_photo_is_refused_naming_the_file(store):
    stored = store.add_bytes(os.urandom(5000), "photo.jpg")
    with pytest.raises(InputRefused) as refused:
        store.reduced_copy(stored.sha256, name="photo.jpg")
    assert refused.value.message == "无法读取图片 photo.jpg，文件可能已损坏或不是图片"
    with pytest.raises(InputRefused):
        store.thumbnail(stored.sha256, name="photo.jpg")
    with pytest.raises(InputRefused):
        store.image_info(stored.sha256, name="photo.jpg")
    with pytest.raises(InputRefused) as refused:
        store.reduced_copy(stored.sha256)
    assert stored.sha256 in refused.value.message


def test_a_truncated_jpeg_is_refused(store):
    data = jpeg_bytes((800, 600), quality=95)
    stored = store.add_bytes(data[: len(data) // 2], "cut.jpg")
    assert stored.media_type == "image/jpeg"  # the header is fine …
    with pytest.raises(InputRefused, match="cut.jpg"):
        store.reduced_copy(stored.sha256, name="cut.jpg")  # … the pixels are not


def test_image_operations_on_a_missing_file_say_not_found(store):
    with pytest.raises(NotFound):
        store.reduced_copy(hashlib.sha256(b"nothing").hexdigest())


# --- image info ---------------------------------------------------------------------------


def test_image_info_reads_the_time_taken(store):
    stored = store.add_bytes(jpeg_bytes((640, 480), taken_at="2025:06:03 09:15:27"), "a.jpg")
    assert store.image_info(stored.sha256) == {"width": 640, "height": 480, "taken_at": "2025-06-03T09:15:27"}
    blank = store.add_bytes(jpeg_bytes((64, 48), taken_at="0000:00:00 00:00:00"), "b.jpg")
    assert store.image_info(blank.sha256)["taken_at"] is None
    plain = store.add_bytes(png_bytes(Image.new("RGB", (30, 20))), "c.png")
    assert store.image_info(plain.sha256) == {"width": 30, "height": 20, "taken_at": None}


def test_exif_datetime_with_offset():
    assert attachments_module._exif_datetime("2025:06:03 09:15:27", "+08:00") == "2025-06-03T09:15:27+08:00"
    assert attachments_module._exif_datetime(b"2025:06:03 09:15:27\x00") == "2025-06-03T09:15:27"
    assert attachments_module._exif_datetime("    :  :     :  :  ") is None
    assert attachments_module._exif_datetime(None) is None
