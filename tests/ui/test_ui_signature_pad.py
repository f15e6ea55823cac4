"""The signature pad and dialog driven as a signer would: mouse, pen and touch strokes, keys, buttons."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.signature_pad import HEIGHT, WIDTH, SignatureDialog, SignaturePad

SIGNED_AT = datetime(2025, 5, 14, 10, 32, 5, 123456, tzinfo=timezone(timedelta(hours=8)))
ZIGZAG = [(60 + 20 * i, 120 - 40 * (i % 2)) for i in range(12)]


@pytest.fixture
def pad(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(WIDTH, HEIGHT)  # widget pixels are canvas units
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def open_dialog(qtbot, **kwargs) -> SignatureDialog:
    dialog = SignatureDialog(None, "王琳", "检查人员（执法证号 14020007074）", clock=lambda: SIGNED_AT, **kwargs)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def is_dark(image: QImage, x: int, y: int) -> bool:
    return image.pixelColor(x, y).lightness() < 100


def is_white(image: QImage, x: int, y: int) -> bool:
    return image.pixelColor(x, y).lightness() > 250


def test_a_mouse_stroke_becomes_one_stroke_of_several_points(qtbot, pad):
    with qtbot.waitSignal(pad.changed):
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(100, 120))
        for x in range(110, 300, 15):
            QTest.mouseMove(pad, QPoint(x, 120 - (x - 100) // 4))
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 70))
    (stroke,) = pad.strokes()
    assert len(stroke) >= 10
    assert stroke[0][:2] == (100.0, 120.0) and stroke[-1][:2] == (300.0, 70.0)
    assert all(p == 0.5 for *_, p in stroke)  # a mouse has no pressure
    times = [t for _, _, t, _ in stroke]
    assert times == sorted(times) and times[0] >= 0
    assert not pad.is_empty()


def test_strokes_are_in_canvas_units_whatever_the_widget_size(qtbot, pad):
    pad.resize(3 * WIDTH // 2, 3 * HEIGHT // 2)
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(150, 150))
    QTest.mouseMove(pad, QPoint(450, 150))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(750, 150))
    assert [p[:2] for p in pad.strokes()[0]] == [(100.0, 100.0), (300.0, 100.0), (500.0, 100.0)]
    pad.resize(WIDTH, HEIGHT)  # smaller again: the drawing is scaled, not cut
    shown = pad.grab().toImage()
    ratio = shown.width() / WIDTH  # grab() is in device pixels
    assert is_dark(shown, int(300 * ratio), int(100 * ratio))
    assert is_white(shown, int(300 * ratio), int(30 * ratio))


def test_pen_pressure_is_kept_and_draw_stroke_follows_the_pointer_path(qtbot, pad):
    with qtbot.waitSignal(pad.changed):
        pad.draw_stroke([(50, 100, 0.1), (150, 110, 0.6), (250, 105, 1.0)])
    assert [(x, y, p) for x, y, _, p in pad.strokes()[0]] == [(50, 100, 0.1), (150, 110, 0.6), (250, 105, 1.0)]


def test_a_real_tablet_event_stroke(qtbot, pad):
    pen = QPointingDevice("test pen", 1001, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)

    def send(kind, x, pressure, button=Qt.MouseButton.LeftButton):
        pos = QPointF(x, 90)
        event = QTabletEvent(kind, pen, pos, pad.mapToGlobal(pos), pressure, 0, 0, 0, 0, 0,
                             Qt.KeyboardModifier.NoModifier, button, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(pad, event)
        assert event.isAccepted()

    with qtbot.waitSignal(pad.changed):
        send(QEvent.Type.TabletPress, 100, 0.2)
        send(QEvent.Type.TabletMove, 200, 0.7)
        send(QEvent.Type.TabletRelease, 300, 0.0)
    assert [(x, p) for x, _, _, p in pad.strokes()[0]] == [(100, 0.2), (200, 0.7)]


def test_a_finger_draws_too(qtbot, pad):
    finger = QTest.createTouchDevice()
    with qtbot.waitSignal(pad.changed):
        QTest.touchEvent(pad, finger).press(0, QPoint(100, 100)).commit()
        QTest.touchEvent(pad, finger).move(0, QPoint(200, 120)).commit()
        QTest.touchEvent(pad, finger).release(0, QPoint(200, 120)).commit()
    (start, end) = pad.strokes()[0]
    # QTest places offscreen touches off by the window frame (2 px): check the stroke's path, not its origin
    assert abs(start[0] - 100) <= 3 and abs(start[1] - 100) <= 3
    assert (end[0] - start[0], end[1] - start[1]) == (100, 20)
    assert start[3] == end[3] == 0.5  # a touch screen without pressure draws like a mouse


def test_undo_redo_and_clear(qtbot, pad):
    changes = []
    pad.changed.connect(lambda: changes.append(len(pad.strokes())))
    first, second, third = [(100, 100), (200, 100)], [(100, 150), (200, 150)], [(300, 50), (400, 60)]
    pad.draw_stroke(first)
    pad.draw_stroke(second)
    a, b = pad.strokes()
    pad.undo_stroke()
    assert pad.strokes() == [a] and pad.can_redo()
    pad.redo_stroke()
    assert pad.strokes() == [a, b] and not pad.can_redo()
    pad.undo_stroke()
    pad.draw_stroke(third)  # a new stroke forgets what was undone
    assert not pad.can_redo()
    pad.redo_stroke()
    assert len(pad.strokes()) == 2 and pad.strokes()[0] == a and pad.strokes()[1][0][:2] == (300, 50)
    pad.clear()
    assert pad.is_empty() and pad.strokes() == [] and not pad.can_redo()
    pad.undo_stroke()  # nothing to undo: no change
    assert changes == [1, 2, 1, 2, 1, 2, 0]


def test_keyboard_undo_redo_and_clear(qtbot, pad):
    pad.draw_stroke([(100, 100), (200, 100)])
    pad.draw_stroke([(100, 150), (200, 150)])
    pad.setFocus()
    control = Qt.KeyboardModifier.ControlModifier
    for key, modifiers, strokes in ((Qt.Key.Key_Z, control, 1),
                                    (Qt.Key.Key_Z, control | Qt.KeyboardModifier.ShiftModifier, 2),
                                    (Qt.Key.Key_Z, control, 1),
                                    (Qt.Key.Key_Y, control, 2),
                                    (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier, 0)):
        with qtbot.waitSignal(pad.changed):
            QTest.keyClick(pad, key, modifiers)
        assert len(pad.strokes()) == strokes


def test_json_round_trip(qtbot, pad):
    pad.draw_stroke([(50.5, 100.25, 0.3), (150, 110, 0.6), (250, 105, 0.9)])
    pad.draw_stroke([(400, 60)])
    text = pad.strokes_json()
    data = json.loads(text)
    assert data["version"] == 1 and (data["width"], data["height"]) == (600, 200)
    assert data["strokes"][0][0][:2] == [50.5, 100.25] and len(data["strokes"][0][0]) == 4
    other = SignaturePad()
    qtbot.addWidget(other)
    other.from_json(text)
    assert other.strokes() == pad.strokes()
    bigger = dict(data, width=1200, height=400)  # another canvas is scaled to ours
    other.from_json(json.dumps(bigger))
    assert other.strokes()[0][0][:2] == (25.25, 50.125)
    for bad in ('{"version": 2, "width": 600, "height": 200, "strokes": []}', '{"strokes": 1}', "[]", "{",
                '{"version": 1, "width": 600, "height": 200, "strokes": [[[1, null, 0, 0.5]]]}'):
        with pytest.raises(ValueError):
            other.from_json(bad)
    assert other.strokes()[0][0][:2] == (25.25, 50.125)  # a refused text changes nothing


def test_png_of_the_signature(qtbot, pad):
    pad.draw_stroke([(100, 100, 1.0), (300, 100, 1.0), (500, 100, 1.0)])
    png = pad.to_png(300, 100)
    assert png.startswith(b"\x89PNG")
    image = QImage.fromData(png)
    assert not image.isNull() and (image.width(), image.height()) == (300, 100)
    assert is_dark(image, 150, 50) and is_dark(image, 60, 50)
    assert is_white(image, 150, 20) and is_white(image, 10, 50) and is_white(image, 0, 0)
    default = QImage.fromData(pad.to_png())
    assert (default.width(), default.height()) == (600, 200)


def test_ok_only_with_a_signature_and_signing_emits_the_record(qtbot):
    dialog = open_dialog(qtbot)
    assert dialog.isVisible() and dialog.windowTitle() == "签名"
    assert dialog.refuse_button is None
    assert dialog.time_label.text() == "2025-05-14 10:32:05+08:00"
    assert not dialog.ok_button.isEnabled() and not dialog.undo_button.isEnabled()
    dialog.pad.draw_stroke(ZIGZAG)
    assert dialog.ok_button.isEnabled() and dialog.undo_button.isEnabled() and not dialog.redo_button.isEnabled()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert not dialog.ok_button.isEnabled() and dialog.redo_button.isEnabled()
    qtbot.mouseClick(dialog.redo_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.signed) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    record = blocker.args[0]
    assert set(record) == {"name", "role", "signed_at", "strokes_json", "png"}
    assert record["name"] == "王琳" and record["role"] == "检查人员（执法证号 14020007074）"
    assert record["signed_at"] == "2025-05-14T10:32:05+08:00"
    assert json.loads(record["strokes_json"])["strokes"] == [[list(p) for p in dialog.pad.strokes()[0]]]
    assert not QImage.fromData(record["png"]).isNull()
    assert not dialog.isVisible()


def test_the_real_clock_gives_local_time_with_offset_in_seconds(qtbot):
    dialog = SignatureDialog(None, "王琳", "检查人员")
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.pad.draw_stroke(ZIGZAG)
    with qtbot.waitSignal(dialog.signed) as blocker:
        dialog.buttons.accepted.emit()
    signed_at = datetime.fromisoformat(blocker.args[0]["signed_at"])
    assert signed_at.tzinfo is not None and signed_at.microsecond == 0
    assert abs(signed_at - datetime.now().astimezone()) < timedelta(minutes=1)


def test_refusal_needs_a_reason_and_records_the_witnesses(qtbot):
    dialog = open_dialog(qtbot, allow_refusal=True)
    qtbot.mouseClick(dialog.refuse_button, Qt.MouseButton.LeftButton)
    assert dialog.refusal_box.isVisible() and not dialog.pad.isEnabled() and not dialog.ok_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.refused):
        qtbot.mouseClick(dialog.confirm_refusal_button, Qt.MouseButton.LeftButton)
        dialog.reason_edit.setText("   ")
        qtbot.mouseClick(dialog.confirm_refusal_button, Qt.MouseButton.LeftButton)
    assert dialog.refusal_error.isVisible() and dialog.isVisible()
    dialog.reason_edit.setText("负责人拒绝在检查记录上签名")
    dialog.witness_edits[0].setText(" 张三 ")
    with qtbot.waitSignal(dialog.refused) as blocker:
        qtbot.mouseClick(dialog.confirm_refusal_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == {"name": "王琳", "role": "检查人员（执法证号 14020007074）",
                               "refused_at": "2025-05-14T10:32:05+08:00",
                               "reason": "负责人拒绝在检查记录上签名", "witnesses": ["张三"]}
    assert not dialog.isVisible()


def test_back_from_refusal_to_signing(qtbot):
    dialog = open_dialog(qtbot, allow_refusal=True)
    dialog.pad.draw_stroke(ZIGZAG)
    qtbot.mouseClick(dialog.refuse_button, Qt.MouseButton.LeftButton)
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert not dialog.refusal_box.isVisible() and dialog.pad.isEnabled() and dialog.ok_button.isEnabled()


def test_the_pad_is_named_for_assistive_technology(pad):
    assert pad.accessibleName() and pad.minimumSize().width() >= 480
