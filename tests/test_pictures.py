"""Pictures that must not crash or hang the program (issue 7, item 13): photos and signature images that are
decompression bombs, not images at all, or no regular file (a folder, a device, a FIFO); signature strokes that
are deeply nested, not numbers, NaN or infinite; a blank signature; the same signature given for two people.

Each is refused with `InputRefused` naming the file or field and what was expected, and nothing is written.
"""

from __future__ import annotations

import os
import threading

import pytest
from PIL import Image

from app.domain.handwriting import parse_strokes
from app.domain.problems import InputRefused
from app.services import recording, tasks
from app.store.attachments import MAX_PHOTO_PIXELS, AttachmentStore
from tests.recording_helpers import (
    answer_all,
    audit_count,
    jpeg_file,
    png_header_only,
    signature_of,
)

# width × height of a header that claims: over Pillow's error limit (2 × 89 M), between its warning limit and
# the error, and over our own photo limit but under Pillow's warning
BOMBS = {"pillow-error": (20_000, 20_000), "pillow-warning": (10_000, 10_000), "over-our-limit": (9_000, 9_000)}


def test_our_photo_limit_is_well_under_pillows_and_lets_a_64_megapixel_camera_through():
    assert 9248 * 6936 <= MAX_PHOTO_PIXELS < 81_000_000 < Image.MAX_IMAGE_PIXELS


def written(rec) -> tuple[int, list]:
    """The audit entries and the attachment files: what a refusal must leave as it was."""
    store = AttachmentStore.for_database(rec.path)
    files = sorted(p for p in store.folder.rglob("*") if p.is_file()) if store.folder.exists() else []
    return audit_count(rec.db), files


def refused(call, *args, **kwargs) -> InputRefused:
    with pytest.raises(InputRefused) as caught:
        call(*args, **kwargs)
    return caught.value


# --- photos --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(BOMBS))
def test_a_decompression_bomb_photo_is_refused_naming_the_file(rec, kind, recwarn):
    bomb = rec.tmp / "炸弹.png"
    bomb.write_bytes(png_header_only(*BOMBS[kind]))
    before = written(rec)
    error = refused(recording.add_photo, rec.db, rec.path, rec.task, bomb)
    assert "炸弹.png" in error.message and "像素" in error.message
    assert error.problems[0].file == "炸弹.png" and "像素" in error.problems[0].expected
    assert written(rec) == before
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


@pytest.mark.parametrize("kind", list(BOMBS))
def test_stored_bombs_are_refused_by_every_image_operation(tmp_path, kind):
    store = AttachmentStore.for_database(tmp_path / "d.sqlite")
    stored = store.add_bytes(png_header_only(*BOMBS[kind]), "bomb.png")
    for operation in (store.reduced_copy, store.thumbnail, store.image_info):
        error = refused(operation, stored.sha256, name="bomb.png")
        assert "bomb.png" in error.message and "像素" in error.message


def test_a_photo_just_inside_the_limit_is_not_called_a_bomb():
    import io

    from app.store.pictures import open_image

    with open_image(Image, io.BytesIO(png_header_only(8000, 8000)), "big.png", MAX_PHOTO_PIXELS) as im:
        assert im.size == (8000, 8000)  # 64 M pixels: opened (only the header is read)


def test_a_photo_that_is_not_an_image_is_refused(rec):
    fake = rec.tmp / "照片.jpg"
    fake.write_bytes(b"%PDF-1.7 not a picture")
    before = written(rec)
    error = refused(recording.add_photo, rec.db, rec.path, rec.task, fake)
    assert error.problems[0].file == "照片.jpg" and "图片" in error.problems[0].expected
    assert written(rec) == before


def test_a_folder_given_as_a_photo_is_refused(rec):
    folder = rec.tmp / "photos"
    folder.mkdir()
    error = refused(recording.add_photo, rec.db, rec.path, rec.task, folder)
    assert "photos" in error.message and "文件夹" in error.message
    assert error.problems[0].file == "photos"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_given_as_a_photo_is_refused_at_once(rec):
    fifo = rec.tmp / "pipe.jpg"
    os.mkfifo(fifo)
    outcome = []
    worker = threading.Thread(target=lambda: _in_thread(rec, fifo, outcome), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # it blocks in open(): let it go by opening the other end
        with open(fifo, "wb"):
            pass
        worker.join(5)
        pytest.fail("opening a FIFO as a photo blocked")
    assert outcome and isinstance(outcome[0], InputRefused), outcome
    assert "pipe.jpg" in outcome[0].message


def _in_thread(rec, fifo, outcome):
    from app.store.database import connect

    db = connect(rec.path)
    try:
        recording.add_photo(db, rec.path, rec.task, fifo)
        outcome.append("stored")
    except Exception as error:  # noqa: BLE001 - the test inspects what came out
        outcome.append(error)
    finally:
        db.close()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="a POSIX device")
def test_a_device_given_as_a_photo_is_refused(rec):
    error = refused(recording.add_photo, rec.db, rec.path, rec.task, "/dev/zero")
    assert "zero" in error.message


# --- signature strokes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text,words", [
    ('{"strokes": ' + "[" * 100_000 + "]" * 100_000 + "}", "嵌套"),
    ('{"width": 600, "height": 200, "strokes": [[[NaN, 1, 0, 0.5]]]}', "NaN"),
    ('{"width": 600, "height": 200, "strokes": [[[Infinity, 1, 0, 0.5]]]}', "NaN"),
    ('{"width": 600, "height": 200, "strokes": [[[1e400, 1, 0, 0.5]]]}', "有限"),
    ('{"width": 600, "height": 200, "strokes": [[[' + "1" * 400 + ', 1, 0, 0.5]]]}', "有限"),  # too big for a float
    ('{"width": 600, "height": 200, "strokes": [[[-' + "9" * 400 + ', 1, 0, 0.5]]]}', "有限"),
    ('{"width": 600, "height": 200, "strokes": [[[' + "1" * 5000 + ', 1, 0, 0.5]]]}', "JSON"),  # over int's limit
    ('{"width": ' + "1" * 400 + ', "height": 200, "strokes": [[[1, 1, 0, 0.5]]]}', "width"),
    ('{"width": 600, "height": 200, "strokes": [[["a", 1, 0, 0.5]]]}', "数"),
    ('{"width": 600, "height": 200, "strokes": [[[true, 1, 0, 0.5]]]}', "数"),
    ('{"width": 600, "height": 200, "strokes": [[[1, 1, 0]]]}', "x, y"),
    ('{"width": 600, "height": 200, "strokes": [[[[1], 1, 0, 0.5]]]}', "数"),
    ('{"width": "wide", "height": 200, "strokes": [[[1, 1, 0, 0.5]]]}', "width"),
    ('{"width": 600, "height": 200, "strokes": []}', "空"),
    ('{"width": 600, "height": 200, "strokes": [[]]}', "空"),
    ('[1, 2]', "JSON"),
    ('not json', "JSON"),
])
def test_strokes_that_are_not_the_pads_shape_are_refused_saying_why(text, words):
    with pytest.raises(InputRefused) as caught:
        parse_strokes(text)
    assert caught.value.problems[0].column == "strokes"
    assert words in caught.value.message + caught.value.problems[0].expected


def test_the_pads_own_strokes_are_read():
    _, text = signature_of(1)
    assert parse_strokes(text) == [[(6.0, 35.0, 0.0, 0.5), (40.0, 6.0, 40.0, 0.5), (115.0, 20.0, 80.0, 0.5)]]


# --- signatures through the service ---------------------------------------------------------------------


@pytest.fixture
def recorded(rec):
    answer_all(rec.db, rec.task)
    tasks.finish(rec.db, rec.task)
    return rec


def sign(rec, n: int, **kwargs):
    png, strokes = signature_of(n)
    values = {"signer": "inspector", "name": f"检查人员{n}", "inspector_id": [rec.cast.lead, rec.cast.officers[0]][n],
              "png": png, "strokes_json": strokes, **kwargs}
    return recording.add_signature(rec.db, rec.path, rec.task, **values)


def png_of(im: Image.Image) -> bytes:
    import io

    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("picture", [
    png_of(Image.new("RGB", (600, 200), "white")),
    png_of(Image.new("RGBA", (600, 200), (0, 0, 0, 0))),  # fully transparent: nothing drawn
    png_of(Image.new("L", (600, 200), 30)),  # all one colour
])
def test_a_blank_signature_picture_is_refused(recorded, picture):
    before = written(recorded)
    error = refused(sign, recorded, 0, png=picture)
    assert "空白" in error.message and error.problems[0].column == "image"
    assert written(recorded) == before


@pytest.mark.parametrize("kind", list(BOMBS))
def test_a_decompression_bomb_signature_is_refused(recorded, kind):
    before = written(recorded)
    error = refused(sign, recorded, 0, png=png_header_only(*BOMBS[kind]))
    assert "像素" in error.message and error.problems[0].column == "image"
    assert written(recorded) == before


def test_a_signature_that_only_starts_like_a_png_is_refused(recorded):
    before = written(recorded)
    error = refused(sign, recorded, 0, png=b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    assert error.problems[0].column == "image"
    assert written(recorded) == before


@pytest.mark.parametrize("strokes", [
    '{"width": 600, "height": 200, "strokes": [[[NaN, 1, 0, 0.5]]]}',
    '{"strokes": ' + "[" * 50_000 + "]" * 50_000 + "}",
])
def test_signature_strokes_that_are_refused_write_nothing(recorded, strokes):
    before = written(recorded)
    refused(sign, recorded, 0, strokes_json=strokes)
    assert written(recorded) == before


def test_the_same_picture_for_two_people_is_refused(recorded):
    sign(recorded, 0)
    before = written(recorded)
    png, _ = signature_of(0)
    error = refused(sign, recorded, 1, png=png)
    assert "检查人员0" in error.message and error.problems[0].column == "image"
    assert written(recorded) == before


def test_the_same_strokes_for_two_people_are_refused(recorded):
    sign(recorded, 0)
    before = written(recorded)
    _, strokes = signature_of(0)
    error = refused(sign, recorded, 1, strokes_json=strokes)
    assert "检查人员0" in error.message and error.problems[0].column == "strokes"
    assert written(recorded) == before


def test_the_same_person_signing_again_with_the_same_picture_replaces_the_signature(recorded):
    first = sign(recorded, 0)
    second = sign(recorded, 0)
    assert first != second


def test_the_representative_may_not_reuse_an_inspectors_signature(recorded):
    sign(recorded, 0)
    png, strokes = signature_of(0)
    refused(recording.add_signature, recorded.db, recorded.path, recorded.task, signer="representative",
            name="王经理", png=png, strokes_json=strokes)


def test_distinct_signatures_of_two_people_are_taken(recorded):
    sign(recorded, 0)
    sign(recorded, 1)
    rows = recorded.db.conn.execute("SELECT count(DISTINCT png_sha256) FROM signatures WHERE void = 0").fetchone()
    assert rows[0] == 2


def test_a_photo_of_a_normal_size_is_still_taken(rec):
    photo = jpeg_file(rec.tmp / "ok.jpg", size=(1200, 900))
    assert recording.add_photo(rec.db, rec.path, rec.task, photo)

