"""Evidence photos: thumbnails of a task's photos (all, or one item's), added from files or by drag-and-drop,
opened large (double-click, Enter or 查看大图) in a viewer that steps through all of the task's photos.

Originals are stored once by SHA-256 and a reduced copy is made for reports;
that takes a moment for a large photo, so adding runs off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import storage
from app.ui.file_dialogs import open_dialog
from app.ui.jobs import start_job
from app.ui.workspace.placeholder import paint_placeholder

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif", ".heic"}
THUMB = 128


class PhotoList(QListWidget):
    """Thumbnails that accept image files dropped on them (emits `dropped(paths)`); says so while empty."""

    dropped = Signal(list)
    placeholder = ""

    def __init__(self):
        super().__init__()
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 24, THUMB + 40))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setWordWrap(True)
        self.setAcceptDrops(True)
        self.setMinimumHeight(THUMB + 56)
        # a double-click (or Enter) opens the photo large; F2 edits its caption
        self.setEditTriggers(QListWidget.EditTrigger.EditKeyPressed)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.count() == 0 and self.placeholder:
            paint_placeholder(self, self.placeholder)

    def setAcceptDrops(self, on: bool) -> None:
        """Drops land on the viewport of an item view: it must accept them too."""
        super().setAcceptDrops(on)
        self.viewport().setAcceptDrops(on)

    def _paths(self, event) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [Path(u.toLocalFile()) for u in urls
                if u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES]

    def dragEnterEvent(self, event) -> None:
        if self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        paths = self._paths(event)
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)


class PhotoStrip(QWidget):
    """The photos of a task (or of one checklist item: set `item`), with add and remove."""

    added = Signal()

    def __init__(self, workspace, item: int | None = None):
        super().__init__()
        self.workspace, self.item = workspace, item
        self._thumbs: dict[str, QIcon] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = PhotoList()
        self.list.setAccessibleName(self.tr("证据照片"))
        self.list.setToolTip(self.tr("双击或按 Enter 查看大图；F2 修改照片说明"))
        self.list.dropped.connect(self.add_files)
        self.list.itemChanged.connect(self._caption_changed)
        self.list.itemActivated.connect(self.view)
        self.list.itemSelectionChanged.connect(self._enable_buttons)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加照片(&A)…"))
        self.add_button.clicked.connect(self.ask_files)
        self.view_button = QPushButton(self.tr("查看大图(&K)"))
        self.view_button.clicked.connect(lambda: self.view())
        self.remove_button = QPushButton(self.tr("删除照片"))
        self.remove_button.setToolTip(self.tr("删除所选照片（可撤销）"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.last_job = None
        self.viewer = None

    def load(self, record) -> None:
        photos = [p for p in record.photos if self.item is None or p.item == self.item]
        self.list.blockSignals(True)
        self.list.clear()
        for photo in photos:
            entry = QListWidgetItem(self._icon(photo.sha256), photo.caption)
            entry.setData(Qt.ItemDataRole.UserRole, photo.id)
            entry.setToolTip(self.tr("第 {0} 项的证据").format(photo.item) if photo.item else photo.caption)
            if self.workspace.editable:
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(entry)
        self.list.blockSignals(False)
        editable = self.workspace.editable
        self.add_button.setEnabled(editable)
        self.list.setAcceptDrops(editable)
        self.list.placeholder = (self.tr("还没有照片。把图片拖到这里，或点击“添加照片”（Alt+A）。") if editable
                                 else self.tr("没有照片。"))
        self.list.viewport().update()
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        """删除照片 only with a photo selected (and the record editable); 查看大图 with any photo."""
        self.remove_button.setEnabled(self.workspace.editable and bool(self.list.selectedItems()))
        self.view_button.setEnabled(self.list.count() > 0)

    def view(self, entry: QListWidgetItem | None = None):
        """Open the photo (`entry`, else the current or the first one) large, among all of the task's photos."""
        from app.ui.photo_viewer import PhotoViewer

        entry = entry or self.list.currentItem() or self.list.item(0)
        if entry is None:
            return None
        photos = list(self.workspace.record.photos)
        photo_id = entry.data(Qt.ItemDataRole.UserRole)
        index = next((n for n, p in enumerate(photos) if p.id == photo_id), 0)
        self.viewer = PhotoViewer(self, self.workspace.db_path, photos, index)
        self.viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer.open()
        return self.viewer

    def _icon(self, sha256: str) -> QIcon:
        icon = self._thumbs.get(sha256)
        if icon is None:
            try:
                image = QImage.fromData(storage.thumbnail(self.workspace.db_path, sha256, THUMB))
            except Exception:  # a missing or unreadable file still gets a tile, never a traceback
                image = QImage()
            icon = self._thumbs[sha256] = QIcon(QPixmap.fromImage(image))
        return icon

    def ask_files(self) -> QFileDialog:
        return open_dialog(self, self.tr("选择照片"), self.tr("图片 (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)"),
                           self.add_files, many=True)

    def add_files(self, paths: list[Path]):
        """Store the photos off the UI thread, then show them."""
        from app.services.recording import add_photo

        db_path, task_id, item = self.workspace.db_path, self.workspace.task_id, self.item

        def work(progress, cancelled):
            db = storage.connect(db_path)
            try:
                for n, path in enumerate(paths):
                    if cancelled():
                        break
                    progress(n, len(paths), self.tr("保存照片 {0}").format(path.name))
                    add_photo(db, db_path, task_id, path, item)
            finally:
                db.close()

        def done(_result, error, _cancelled):
            if error is not None:
                from app.domain.problems import SpotcheckError

                if isinstance(error, SpotcheckError):
                    self.workspace.refused(error)
                else:
                    from app.ui.problem_dialogs import show_error

                    show_error(self, self.tr("保存照片"), error)
            elif not _cancelled:
                self.workspace.saved()
            self.workspace.refresh()
            self.added.emit()

        self.last_job = start_job(self, self.tr("保存照片"), work, done)
        return self.last_job

    def remove_selected(self) -> None:
        from app.services import recording

        for entry in self.list.selectedItems():
            photo_id = entry.data(Qt.ItemDataRole.UserRole)
            db = self.workspace.db
            self.workspace.push(self.tr("删除照片"),
                                lambda p=photo_id: recording.remove_photo(db, p),
                                lambda p=photo_id: recording.restore_photo(db, p))

    def _caption_changed(self, entry: QListWidgetItem) -> None:
        from app.services import recording

        photo_id = entry.data(Qt.ItemDataRole.UserRole)
        old = next((p.caption for p in self.workspace.record.photos if p.id == photo_id), "")
        new = entry.text().strip()
        if new and new != old:
            db = self.workspace.db
            self.workspace.push(self.tr("修改照片说明"), lambda: recording.set_photo(db, photo_id, caption=new),
                                lambda: recording.set_photo(db, photo_id, caption=old))
