"""Tables whose columns fit what they show, and layouts the window remembers.

- `fit_columns` gives each column the width of its header or of a typical value, whichever is wider, measured
  in the table's font (so it holds at any scaling and in any language).
- `StretchAtLeast` lets one column (the name) take the room the others leave, but never less than a minimum:
  below it the table scrolls sideways instead of cutting the name to a few characters.
- `remember` restores a header's state (widths, order, sort) or a splitter's positions from the settings;
  `save_all` stores every remembered one under a window (the main window calls it when it closes).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QWidget

from app.ui import settings

CELL_PADDING = 18  # the cell's margins and the focus frame on both sides


IDEOGRAPH = chr(0x4E00)  # every Chinese character is as wide as this one in a CJK font


def text_width(view: QWidget, sample: str) -> int:
    """A cell wide enough for `sample` (a typical value: a code, a date, a label)."""
    return view.fontMetrics().horizontalAdvance(sample) + CELL_PADDING


def ideographs(view: QWidget, count: int) -> int:
    """A cell wide enough for `count` Chinese characters (a name, a unit, a list of districts)."""
    return text_width(view, IDEOGRAPH * count)


def fit_columns(view: QAbstractItemView, widths: dict[int, str | int]) -> None:
    """Each column in `widths` as wide as its header (with the sort arrow) or its typical value, whichever is
    wider; the value is a sample text or a width in pixels (`ideographs`)."""
    header = view.horizontalHeader()
    for column, sample in widths.items():
        wanted = sample if isinstance(sample, int) else text_width(view, sample)
        view.setColumnWidth(column, max(header.sectionSizeHint(column), wanted))


class StretchAtLeast(QObject):
    """Column `column` of `view` stretches over the room the other columns leave, down to `minimum` pixels;
    with less room it keeps `minimum` (or the width the user gave it) and the table scrolls."""

    def __init__(self, view: QAbstractItemView, column: int, minimum: int):
        super().__init__(view)
        self.view, self.column, self.minimum = view, column, minimum
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        if header.sectionSize(column) < minimum:  # a width restored from the settings is kept if wider
            header.resizeSection(column, minimum)
        self.fit()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized(self, logical: int, _old: int, _new: int) -> None:
        if logical != self.column:
            self.fit()

    def room(self) -> int:
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i != self.column and not header.isSectionHidden(i))
        return self.view.viewport().width() - others

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        if self.column >= header.count():
            return
        stretching = header.sectionResizeMode(self.column) == QHeaderView.ResizeMode.Stretch
        room = self.room()
        if stretching and room < self.minimum:
            header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(self.column, self.minimum)
        elif not stretching and room >= max(self.minimum, header.sectionSize(self.column)):
            header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Stretch)


class Remembered(QObject):
    """The state of a header or a splitter, restored from `key` now and saved there by `save()`.

    A header's state is stored after its number of columns ("8:" + state): Qt restores a state saved with
    another number of columns without complaint and then shows columns the model does not have, so a state
    from a version with other columns is ignored.
    """

    def __init__(self, target: QHeaderView | QSplitter, key: tuple[str, object]):
        super().__init__(target)
        self.target, self.key = target, key
        self.restored = False
        saved = settings.value(key)
        if isinstance(saved, (QByteArray, bytes, bytearray)) and len(saved):
            state = self._unwrap(bytes(saved))
            self.restored = state is not None and bool(target.restoreState(QByteArray(state)))

    def _unwrap(self, saved: bytes) -> bytes | None:
        if not isinstance(self.target, QHeaderView):
            return saved
        count, _, state = saved.partition(b":")
        return state if count == str(self.target.count()).encode() and state else None

    def save(self) -> None:
        state = bytes(self.target.saveState())
        if isinstance(self.target, QHeaderView):
            state = str(self.target.count()).encode() + b":" + state
        settings.set_value(self.key, QByteArray(state))


def remember(target: QHeaderView | QSplitter, key: tuple[str, object]) -> Remembered:
    return Remembered(target, key)


class LastPaneWidth(QObject):
    """Once `splitter` has its first real size, its last pane gets `width` and the first pane the rest."""

    def __init__(self, splitter: QSplitter, width: int):
        super().__init__(splitter)
        self.splitter, self.width = splitter, width
        splitter.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched.width() > 0:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.apply)  # after the splitter has laid out its panes at this size
        return False

    def apply(self) -> None:
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if len(sizes) >= 2 and total > self.width:
            self.splitter.setSizes([total - self.width - sum(sizes[1:-1]), *sizes[1:-1], self.width])


def remember_splitter(splitter: QSplitter, key: tuple[str, object], last_pane: int) -> Remembered:
    """The splitter as the user left it; the first time, its last pane (the details) `last_pane` pixels wide."""
    remembered = Remembered(splitter, key)
    if not remembered.restored:
        LastPaneWidth(splitter, last_pane)
    return remembered


def save_all(root: QObject) -> None:
    """Store the layout of every remembered header and splitter under `root`."""
    for remembered in root.findChildren(Remembered):
        remembered.save()
