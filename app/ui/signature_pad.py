"""Handwritten signatures: a pad for mouse, pen and finger, and the dialog that records who signed and when.

Strokes are kept in a fixed logical canvas of 600 × 200 (independent of the widget's size, which only
scales the drawing), each stroke a list of points ``(x, y, t_ms, pressure)``: ``t_ms`` counts from the
first point of the signature, ``pressure`` is 0–1 (0.5 for a mouse) and sets the stroke's width.
Their JSON form, stored with the record::

    {"version": 1, "width": 600, "height": 200, "strokes": [[[x, y, t_ms, pressure], ...], ...]}

The institution's representative may refuse to sign: the dialog then asks, inline, for the reason and
up to two witnesses, and emits ``refused`` instead of ``signed``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QElapsedTimer,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QInputDevice, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.handwriting import CANVAS_H, CANVAS_W, pen_width, strokes_json, strokes_on_canvas
from app.domain.problems import InputRefused

WIDTH, HEIGHT = CANVAS_W, CANVAS_H  # the logical canvas
BASELINE = 150
MOUSE_PRESSURE = 0.5
INK = QColor(0, 0, 0)
Point = tuple[float, float, int, float]


def fit(width: float, height: float) -> tuple[float, float, float]:
    """Scale and offsets that fit the canvas, centred and undistorted, into width × height."""
    scale = min(width / WIDTH, height / HEIGHT) or 1.0  # a widget not laid out yet may have no size
    return scale, (width - WIDTH * scale) / 2, (height - HEIGHT * scale) / 2


def _pieces(stroke: list[Point]) -> list[tuple[float, QPainterPath]]:
    """The stroke as quadratic curves through the midpoints of its points, grouped by pen width."""
    points = [QPointF(x, y) for x, y, _, _ in stroke]
    middles = [(a + b) / 2 for a, b in zip(points, points[1:])]
    width = pen_width(stroke[0][3])
    path = QPainterPath(points[0])
    path.lineTo(middles[0])
    pieces = []
    for i in range(1, len(points) - 1):
        w = pen_width(stroke[i][3])
        if abs(w - width) > 0.2:
            pieces.append((width, path))
            path, width = QPainterPath(path.currentPosition()), w
        path.quadTo(points[i], middles[i])
    path.lineTo(points[-1])
    return pieces + [(width, path)]


def paint_strokes(painter: QPainter, strokes: list[list[Point]]) -> None:
    """Draw strokes in canvas coordinates (the painter already maps the canvas to its device)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for stroke in strokes:
        if len(stroke) == 1:
            x, y, _, pressure = stroke[0]
            painter.setPen(QPen(INK, pen_width(pressure), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPoint(QPointF(x, y))
            continue
        for width, path in _pieces(stroke):
            painter.setPen(QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.drawPath(path)


class SignaturePad(QWidget):
    """A white sheet with a baseline to sign on; Ctrl+Z undoes a stroke, Ctrl+Shift+Z / Ctrl+Y redoes, Delete clears."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._strokes: list[list[Point]] = []
        self._redo: list[list[Point]] = []
        self._current: list[Point] | None = None
        self._clock = QElapsedTimer()
        self._clock.start()
        self._t0 = 0  # t of the clock's start, so strokes added to loaded ones keep counting
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setMinimumSize(480, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("签名板"))
        self.setAccessibleDescription(self.tr("用鼠标、手写笔或手指在此书写签名。Ctrl+Z 撤销一笔，Ctrl+Y 重做，Delete 清除。"))

    def sizeHint(self):
        return QSize(WIDTH, HEIGHT)

    # --- the public API ---------------------------------------------------------------------------

    def strokes(self) -> list[list[Point]]:
        return [list(stroke) for stroke in self._strokes]

    def set_strokes(self, strokes) -> None:
        self._strokes = [[(float(x), float(y), int(t), float(p)) for x, y, t, p in s] for s in strokes if s]
        self._redo, self._current = [], None
        self._t0 = max((s[-1][2] for s in self._strokes), default=0)
        self._clock.restart()
        self._changed()

    def is_empty(self) -> bool:
        return not self._strokes

    def can_redo(self) -> bool:
        return bool(self._redo)

    def clear(self) -> None:
        """Start again: the strokes and the redo list are dropped (clearing cannot be undone)."""
        if self._strokes or self._redo or self._current:
            self._strokes, self._redo, self._current = [], [], None
            self._changed()

    def undo_stroke(self) -> None:
        if self._strokes:
            self._redo.append(self._strokes.pop())
            self._changed()

    def redo_stroke(self) -> None:
        if self._redo:
            self._strokes.append(self._redo.pop())
            self._changed()

    def draw_stroke(self, points) -> None:
        """Draw one stroke through canvas points (x, y) or (x, y, pressure), as a pointer would."""
        scale, dx, dy = fit(self.width(), self.height())
        at = [(QPointF(p[0] * scale + dx, p[1] * scale + dy), p[2] if len(p) > 2 else MOUSE_PRESSURE) for p in points]
        if at:
            self._begin(*at[0])
            for pos, pressure in at[1:]:
                self._extend(pos, pressure)
            self._end()

    def to_png(self, width: int = WIDTH, height: int = HEIGHT) -> bytes:
        """The signature on white, the canvas scaled to fit width × height (no baseline, no hint)."""
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        scale, dx, dy = fit(width, height)
        painter.translate(dx, dy)
        painter.scale(scale, scale)
        paint_strokes(painter, self._strokes)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())

    def strokes_json(self) -> str:
        return strokes_json(self._strokes)  # the domain's format, which the services read back

    def from_json(self, text: str) -> None:
        """Load strokes_json() output; a canvas of another size is scaled to ours. Raises ValueError if malformed."""
        try:
            strokes = strokes_on_canvas(text)
        except InputRefused as refused:
            raise ValueError(f"not a signature: {refused.message}") from None
        self.set_strokes(strokes)

    # --- input: mouse, pen and touch all go through _begin / _extend / _end --------------------------

    def _point(self, pos: QPointF, pressure: float) -> Point:
        scale, dx, dy = fit(self.width(), self.height())
        x = min(max((pos.x() - dx) / scale, 0.0), WIDTH)
        y = min(max((pos.y() - dy) / scale, 0.0), HEIGHT)
        return round(x, 2), round(y, 2), self._t0 + self._clock.elapsed(), round(pressure, 3)

    def _begin(self, pos: QPointF, pressure: float) -> None:
        if not self._strokes:
            self._t0 = 0
            self._clock.restart()
        self._current = [self._point(pos, pressure)]
        self.update()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._current is None:
            return
        point = self._point(pos, pressure)
        last = self._current[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= 0.3:  # ignore jitter and repeats
            self._current.append(point)
            self.update()

    def _end(self) -> None:
        if self._current:
            self._strokes.append(self._current)
            self._redo = []
            self._current = None
            self._changed()

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton and self._current is None:  # not during a pen or touch stroke
            self._begin(event.position(), MOUSE_PRESSURE)

    def mouseMoveEvent(self, event):
        self._extend(event.position(), MOUSE_PRESSURE)

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), MOUSE_PRESSURE)
            self._end()

    def tabletEvent(self, event):
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no mouse event is synthesised for an accepted tablet event

    def event(self, event):
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            points = event.points()
            if points:  # one finger signs; the others are ignored
                touch = points[0]
                sensing = event.device().capabilities() & QInputDevice.Capability.Pressure
                pressure = touch.pressure() if sensing else MOUSE_PRESSURE
                if kind == QEvent.Type.TouchBegin:
                    self._begin(touch.position(), pressure)
                else:
                    self._extend(touch.position(), pressure)
            if kind == QEvent.Type.TouchEnd:
                self._end()
            elif kind == QEvent.Type.TouchCancel:
                self._current = None
                self.update()
            event.accept()
            return True
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()  # the border shows the focus
        return super().event(event)

    def keyPressEvent(self, event):
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        key = event.key()
        if ctrl and key == Qt.Key.Key_Z:
            self.redo_stroke() if shift else self.undo_stroke()
        elif ctrl and key == Qt.Key.Key_Y:
            self.redo_stroke()
        elif key == Qt.Key.Key_Delete and not ctrl:
            self.clear()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # --- drawing ----------------------------------------------------------------------------------

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        scale, dx, dy = fit(self.width(), self.height())
        painter.translate(dx, dy)
        painter.scale(scale, scale)
        sheet = QRectF(0, 0, WIDTH, HEIGHT)
        painter.fillRect(sheet, QColor(255, 255, 255) if self.isEnabled() else QColor(240, 240, 240))
        border = QPen(self.palette().highlight().color() if self.hasFocus() else QColor(190, 190, 190), 0)
        painter.setPen(border)
        painter.drawRect(sheet.adjusted(0.5 / scale, 0.5 / scale, -0.5 / scale, -0.5 / scale))
        painter.setPen(QPen(QColor(170, 170, 170), 0))
        painter.drawLine(QPointF(40, BASELINE), QPointF(WIDTH - 40, BASELINE))
        font = self.font()
        font.setPixelSize(22)
        painter.setFont(font)
        painter.drawText(QRectF(20, BASELINE - 34, 30, 30), Qt.AlignmentFlag.AlignCenter, "×")
        if not self._strokes and not self._current:
            painter.setPen(QColor(160, 160, 160))
            painter.drawText(QRectF(0, 0, WIDTH, BASELINE - 10), Qt.AlignmentFlag.AlignCenter, self.tr("请在此签名"))
        paint_strokes(painter, self._strokes + ([self._current] if self._current else []))

    def _changed(self) -> None:
        self.update()
        self.changed.emit()


def _now() -> datetime:
    return datetime.now().astimezone()


class SignatureDialog(QDialog):
    """Who signs, as what, and when, above the pad; open it with open(), listen to `signed` / `refused`.

    The dialog closes after emitting either signal. Times are ISO 8601 with the local offset, in seconds.
    """

    signed = Signal(dict)
    refused = Signal(dict)

    def __init__(self, parent: QWidget | None, name: str, role: str, allow_refusal: bool = False,
                 clock: Callable[[], datetime] = _now):
        super().__init__(parent)
        self.name, self.role, self.clock = name, role, clock
        self.setWindowTitle(self.tr("签名"))
        layout = QVBoxLayout(self)
        info = QFormLayout()
        self.time_label = QLabel()
        for label, value in ((self.tr("签名人："), QLabel(name)), (self.tr("身份："), QLabel(role)),
                             (self.tr("时间："), self.time_label)):
            value.setTextFormat(Qt.TextFormat.PlainText)
            info.addRow(label, value)
        layout.addLayout(info)
        self.pad = SignaturePad()
        layout.addWidget(self.pad, 1)
        tools = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("清除(&C)"), clicked=self.pad.clear)
        self.undo_button = QPushButton(self.tr("撤销(&U)"), clicked=self.pad.undo_stroke)
        self.redo_button = QPushButton(self.tr("重做(&R)"), clicked=self.pad.redo_stroke)
        for button in (self.clear_button, self.undo_button, self.redo_button):
            button.setAutoDefault(False)
            tools.addWidget(button)
        tools.addStretch()
        layout.addLayout(tools)
        self.refusal_box = self._refusal_form()
        layout.addWidget(self.refusal_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.refuse_button = None
        if allow_refusal:
            self.refuse_button = QPushButton(self.tr("拒绝签名(&F)…"), clicked=lambda: self._show_refusal(True))
            self.refuse_button.setAutoDefault(False)
            self.buttons.addButton(self.refuse_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self._sign)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.pad.changed.connect(self._update_buttons)
        self._timer = QTimer(self, interval=1000, timeout=self._tick)
        self._timer.start()
        self._tick()
        self._update_buttons()
        self.pad.setFocus()

    def _refusal_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("拒绝签名"))
        form = QFormLayout(box)
        self.reason_edit = QLineEdit(placeholderText=self.tr("必填，例如：负责人拒绝在检查记录上签名"))
        self.witness_edits = [QLineEdit(placeholderText=self.tr("姓名（可不填）")) for _ in range(2)]
        self.refusal_error = QLabel(self.tr("请填写拒绝签名的理由。"), visible=False)
        self.refusal_error.setStyleSheet("color: #b00020")
        form.addRow(self.tr("理由(&Y)："), self.reason_edit)
        form.addRow(self.tr("见证人 1："), self.witness_edits[0])
        form.addRow(self.tr("见证人 2："), self.witness_edits[1])
        form.addRow(self.refusal_error)
        row = QHBoxLayout()
        self.confirm_refusal_button = QPushButton(self.tr("确认拒绝签名(&J)"), clicked=self._refuse)
        self.back_button = QPushButton(self.tr("返回签名(&B)"), clicked=lambda: self._show_refusal(False))
        row.addStretch()
        row.addWidget(self.confirm_refusal_button)
        row.addWidget(self.back_button)
        form.addRow(row)
        box.setVisible(False)
        return box

    def _tick(self) -> None:
        self.time_label.setText(self.clock().isoformat(sep=" ", timespec="seconds"))

    def _update_buttons(self) -> None:
        refusing = self.refusal_box.isVisibleTo(self)
        self.pad.setEnabled(not refusing)
        for button in (self.ok_button, self.clear_button, self.undo_button):
            button.setEnabled(not refusing and not self.pad.is_empty())
        self.redo_button.setEnabled(not refusing and self.pad.can_redo())
        if self.refuse_button is not None:
            self.refuse_button.setEnabled(not refusing)

    def _show_refusal(self, show: bool) -> None:
        self.refusal_box.setVisible(show)
        self.refusal_error.hide()
        self.confirm_refusal_button.setDefault(show)
        self._update_buttons()
        (self.reason_edit if show else self.pad).setFocus()

    def _sign(self) -> None:
        if self.pad.is_empty():
            return
        self.signed.emit({"name": self.name, "role": self.role,
                          "signed_at": self.clock().isoformat(timespec="seconds"),
                          "strokes_json": self.pad.strokes_json(), "png": self.pad.to_png()})
        self.accept()

    def _refuse(self) -> None:
        reason = self.reason_edit.text().strip()
        if not reason:
            self.refusal_error.show()
            self.reason_edit.setFocus()
            return
        witnesses = [w for w in (edit.text().strip() for edit in self.witness_edits) if w]
        self.refused.emit({"name": self.name, "role": self.role,
                           "refused_at": self.clock().isoformat(timespec="seconds"),
                           "reason": reason, "witnesses": witnesses})
        self.accept()
