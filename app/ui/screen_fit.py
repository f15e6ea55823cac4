"""Windows that fit the screen they open on: the main window's first size, a restored size, every dialog's size.

Sizes are in Qt's device-independent pixels, so a 1366×768 screen at 125 % is
about 1093×614 here (less the taskbar). The available geometry of the screen
(`QScreen.availableGeometry`) is the limit; a window frame the platform adds
around it is allowed for when it is known (after the window is shown) and
guessed before.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

DEFAULT_SHARE = 0.9  # a new main window takes 90 % of the available width and height
FRAME_GUESS = QSize(16, 40)  # title bar and borders, until the platform says (frameGeometry after show)


def screen_of(widget: QWidget | None) -> QScreen:
    """The screen `widget`'s window is on: the one under its centre, else its own, else the primary screen."""
    if widget is not None:
        window = widget.window()
        return QGuiApplication.screenAt(window.geometry().center()) or window.screen() or QGuiApplication.primaryScreen()
    return QGuiApplication.primaryScreen()


def available(widget: QWidget | None = None) -> QRect:
    return screen_of(widget).availableGeometry()


def frame_extra(window: QWidget) -> QSize:
    """What the frame adds to the window's size: measured once shown, guessed before."""
    frame, inner = window.frameGeometry(), window.geometry()
    if window.isVisible() and frame != inner:
        return QSize(frame.width() - inner.width(), frame.height() - inner.height())
    return QSize(FRAME_GUESS)


def fit_size(width: int, height: int, area: QRect, extra: QSize = QSize(0, 0)) -> QSize:
    """(width, height), made no larger than `area` can hold with the frame `extra` around it."""
    return QSize(max(1, min(width, area.width() - extra.width())), max(1, min(height, area.height() - extra.height())))


def fit_rect(rect: QRect, area: QRect, extra: QSize = QSize(0, 0)) -> QRect:
    """`rect` (a window's inner geometry) made to fit in `area` and moved inside it, frame included."""
    size = fit_size(rect.width(), rect.height(), area, extra)
    left_frame, top_frame = extra.width() // 2, extra.height() - extra.width() // 2  # borders; the title on top
    x = min(max(rect.x(), area.left() + left_frame), area.right() + 1 - (size.width() + extra.width() - left_frame))
    y = min(max(rect.y(), area.top() + top_frame), area.bottom() + 1 - (size.height() + extra.height() - top_frame))
    return QRect(QPoint(x, y), size)


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """`widget.resize(width, height)`, but never larger than the screen it opens on (its parent's)."""
    parent = widget.parentWidget()
    area = available(parent if parent is not None else widget)
    widget.resize(fit_size(width, height, area, frame_extra(widget)))


def default_rect(area: QRect, share: float = DEFAULT_SHARE) -> QRect:
    """A new main window: `share` of the available area, centred in it."""
    size = QSize(int(area.width() * share), int(area.height() * share))
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(area.center())
    return rect


def keep_on_screen(window: QWidget, extra: QSize | None = None) -> None:
    """Bring `window` wholly onto the available area of a screen: the one under its centre, else the primary.

    A geometry saved on a larger monitor, or on one no longer connected, comes back smaller and visible.
    A maximised or full-screen window is left to the platform. `extra` is the frame (measured if not given).
    """
    if window.isMaximized() or window.isFullScreen():
        return
    screen = QGuiApplication.screenAt(window.geometry().center()) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    fitted = fit_rect(window.geometry(), area, frame_extra(window) if extra is None else extra)
    if fitted != window.geometry():
        window.setGeometry(fitted)


def place_main_window(window: QWidget, saved: QByteArray | bytes | None) -> None:
    """Restore `saved` (from `saveGeometry`) and bring it onto the screen; without it, 90 % of the screen."""
    restored = False
    if saved is not None:
        try:
            restored = window.restoreGeometry(QByteArray(saved))
        except (TypeError, ValueError):  # not a geometry (a settings file edited by hand)
            restored = False
    if restored:  # the saved geometry places the frame itself: only a guess would be added here before show
        keep_on_screen(window, None if window.isVisible() else QSize(0, 0))
    else:
        area = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()  # where it will open
        window.setGeometry(fit_rect(default_rect(area), area, FRAME_GUESS))
        keep_on_screen(window)  # a minimum size larger than 90 % of a small screen
