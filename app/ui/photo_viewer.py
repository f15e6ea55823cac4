"""One photo at a time, large: a task's evidence photos in a window sized to the screen, stepped through with
←/→, PgUp/PgDn, Home/End (Esc closes), with "n / N", the caption, the time taken and the item it belongs to.

Each picture is read upright (EXIF orientation applied) at about the screen's size, not at the original's: a
12-megapixel photo costs no more memory than the screen. Qt's reader decodes a JPEG straight at the reduced
size (about twice as fast as decoding it whole and scaling: 89 against 145 ms for 12 MP at 1256 px here); a
format Qt does not read goes through the store's Pillow thumbnail.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.record import Photo
from app.services import storage

SCREEN_SHARE = 0.92  # of the available screen, so the window's frame and the taskbar stay visible
LARGEST = 4096  # pixels on the longer side read from the original, however large the screen


def read_photo(db_path: Path, sha256: str, side: int) -> QImage:
    """The stored photo upright, its longer side at most `side` pixels (a null image if nothing can read it)."""
    data = QByteArray(storage.picture(db_path, sha256))
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # EXIF orientation
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > side:
        size.scale(side, side, Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(size)
    image = reader.read()
    if image.isNull():  # not a format Qt reads here (HEIC …), or larger than Qt allows: Pillow, through the store
        image = QImage.fromData(storage.thumbnail(db_path, sha256, side))
    return image


class PhotoViewer(QDialog):
    """Shows `photos[index]`; `step(+1/-1)`, `show_photo(n)` move. Non-modal: open it with `open()`."""

    def __init__(self, parent: QWidget | None, db_path: Path, photos: list[Photo], index: int = 0):
        super().__init__(parent)
        self.db_path, self.photos = db_path, list(photos)
        self.index = -1
        self.pixmap = QPixmap()
        self.setWindowTitle(self.tr("查看照片"))
        layout = QVBoxLayout(self)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # follows the window
        self.picture.setMinimumSize(200, 150)
        self.picture.setAccessibleName(self.tr("照片"))
        self.picture.setStyleSheet("background: #202124; color: #e8eaed;")
        layout.addWidget(self.picture, 1)
        row = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("‹ 上一张"))
        self.previous_button.setToolTip(self.tr("← 或 PgUp；Home 第一张"))
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.position = QLabel()
        self.caption = QLabel(wordWrap=True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.next_button = QPushButton(self.tr("下一张 ›"))
        self.next_button.setToolTip(self.tr("→ 或 PgDn；End 最后一张"))
        self.next_button.clicked.connect(lambda: self.step(1))
        close = QPushButton(self.tr("关闭"))
        close.setToolTip(self.tr("Esc"))
        close.clicked.connect(self.reject)
        for button in (self.previous_button, self.next_button, close):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys step through the photos
        row.addWidget(self.previous_button)
        row.addWidget(self.position)
        row.addWidget(self.caption, 1)
        row.addWidget(self.next_button)
        row.addWidget(close)
        layout.addLayout(row)
        keys = ((Qt.Key.Key_Left, lambda: self.step(-1)), (Qt.Key.Key_PageUp, lambda: self.step(-1)),
                (Qt.Key.Key_Right, lambda: self.step(1)), (Qt.Key.Key_PageDown, lambda: self.step(1)),
                (Qt.Key.Key_Home, lambda: self.show_photo(0)),
                (Qt.Key.Key_End, lambda: self.show_photo(len(self.photos) - 1)))
        for key, slot in keys:
            QShortcut(QKeySequence(key), self, activated=slot)
        self._fit_screen()
        self.show_photo(index)

    def _fit_screen(self) -> None:
        screen = (self.parentWidget() or self).screen()
        area = screen.availableGeometry()
        size = QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))
        self.resize(size)
        self.move(area.center() - self.rect().center())
        side = max(size.width(), size.height()) * screen.devicePixelRatio()
        self.read_size = int(min(LARGEST, max(side, 256)))

    def step(self, by: int) -> None:
        self.show_photo(min(max(self.index + by, 0), len(self.photos) - 1))

    def show_photo(self, index: int) -> None:
        if not self.photos:
            self.picture.setText(self.tr("没有照片。"))
            self.position.setText("0 / 0")
            return
        index = min(max(index, 0), len(self.photos) - 1)
        if index == self.index:
            return
        self.index = index
        photo = self.photos[index]
        self.position.setText(self.tr("{0} / {1}").format(index + 1, len(self.photos)))
        details = [photo.caption or self.tr("（无说明）")]
        if photo.taken_at:
            details.append(self.tr("拍摄于 {0}").format(photo.taken_at.replace("T", " ")[:16]))
        if photo.item:
            details.append(self.tr("第 {0} 项的证据").format(photo.item))
        self.caption.setText("  ·  ".join(details))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.photos) - 1)
        try:
            image = read_photo(self.db_path, photo.sha256, self.read_size)
        except Exception as error:  # a missing or damaged file is said, never a traceback  # noqa: BLE001
            image, why = QImage(), str(getattr(error, "message", "") or error)
        else:
            why = ""
        self.pixmap = QPixmap.fromImage(image)
        if self.pixmap.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.tr("无法显示这张照片。{0}").format(why))
        else:
            self._scale()

    def _scale(self) -> None:
        if self.pixmap.isNull():
            return
        ratio = self.devicePixelRatioF()
        shown = self.pixmap.scaled(self.picture.size() * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        shown.setDevicePixelRatio(ratio)
        self.picture.setPixmap(shown)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scale()
