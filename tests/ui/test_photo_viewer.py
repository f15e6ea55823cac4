"""Issue 13, item 4: a photo opens large (double-click, Enter, 查看大图) in a viewer that steps through all of the
task's photos (←/→, PgUp/PgDn, Home/End; Esc closes), shows n / N with the caption and time, and fits the
screen; 删除照片 is disabled with no photo selected."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services import recording
from app.store.database import connect
from tests.ui.workspace_helpers import new_task, open_task

PHOTOS = [(1, "仪器设备档案", (2400, 1600)), (1, "样品流转单", (800, 1200)), (4, "盲样原始记录", (640, 480))]


@pytest.fixture
def task_with_photos(db_path, tmp_path):
    task_id = new_task(db_path)
    db = connect(db_path)
    try:
        for n, (item, caption, size) in enumerate(PHOTOS):
            path = tmp_path / f"photo{n}.jpg"
            Image.new("RGB", size, (40 * n, 120, 200)).save(path)
            recording.add_photo(db, db_path, task_id, path, item, caption)
    finally:
        db.close()
    return task_id


def _strip(window, task_id):
    ws = open_task(window, task_id)
    ws.tabs.setCurrentWidget(ws.items_tab)
    ws.items_tab.items.setCurrentRow(0)  # item 1: two of the task's three photos
    return ws, ws.items_tab.photos


def _key(qtbot, viewer, key):
    QTest.keyClick(viewer, key)
    return viewer.position.text()


def test_a_double_click_opens_the_photo_large_and_the_keys_step_through_every_photo(qtbot, window, task_with_photos):
    ws, strip = _strip(window, task_with_photos)
    assert strip.list.count() == 2
    where = strip.list.visualItemRect(strip.list.item(1)).center()
    for click in (QTest.mouseClick, QTest.mouseDClick):  # a double-click begins with a click, as a mouse's does
        click(strip.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    viewer = strip.viewer
    assert viewer is not None and viewer.isVisible()
    qtbot.waitUntil(viewer.isActiveWindow, timeout=2000)
    assert viewer.position.text() == "2 / 3"  # the photo double-clicked, among all three of the task
    assert "样品流转单" in viewer.caption.text() and "第 1 项" in viewer.caption.text()
    assert _key(qtbot, viewer, Qt.Key.Key_Right) == "3 / 3"
    assert "盲样原始记录" in viewer.caption.text() and "第 4 项" in viewer.caption.text()
    assert _key(qtbot, viewer, Qt.Key.Key_PageDown) == "3 / 3"  # the last stays the last
    assert _key(qtbot, viewer, Qt.Key.Key_Home) == "1 / 3"
    assert _key(qtbot, viewer, Qt.Key.Key_Left) == "1 / 3"
    assert _key(qtbot, viewer, Qt.Key.Key_PageDown) == "2 / 3"
    assert _key(qtbot, viewer, Qt.Key.Key_End) == "3 / 3"
    assert _key(qtbot, viewer, Qt.Key.Key_PageUp) == "2 / 3"
    assert strip.list.item(1).text() == "样品流转单"  # a double-click opens; it does not edit the caption
    QTest.keyClick(viewer, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not viewer.isVisible(), timeout=2000)


def test_the_photo_is_scaled_to_fit_a_window_that_fits_the_screen(qtbot, window, task_with_photos):
    ws, strip = _strip(window, task_with_photos)
    viewer = strip.view(strip.list.item(0))  # 2400 × 1600
    screen = viewer.screen().availableGeometry()
    assert viewer.width() <= screen.width() and viewer.height() <= screen.height()
    assert viewer.width() > screen.width() // 2  # large: most of the screen
    shown = viewer.picture.pixmap()
    ratio = shown.devicePixelRatio()
    width, height = shown.width() / ratio, shown.height() / ratio
    assert width <= viewer.picture.width() + 1 and height <= viewer.picture.height() + 1
    assert max(width / viewer.picture.width(), height / viewer.picture.height()) > 0.98  # fills one side
    assert abs(width / height - 1.5) < 0.02  # the photo's own proportions


def test_enter_and_the_view_button_open_the_viewer(qtbot, window, task_with_photos):
    ws, strip = _strip(window, task_with_photos)
    strip.list.setFocus()
    strip.list.setCurrentRow(0)
    QTest.keyClick(strip.list, Qt.Key.Key_Return)
    assert strip.viewer is not None and strip.viewer.position.text() == "1 / 3"
    strip.viewer.close()
    strip.list.setCurrentRow(1)
    strip.view_button.click()
    assert strip.viewer.isVisible() and strip.viewer.position.text() == "2 / 3"
    strip.viewer.close()


def test_delete_is_enabled_only_with_a_photo_selected(qtbot, window, task_with_photos):
    ws, strip = _strip(window, task_with_photos)
    strip.list.clearSelection()
    assert not strip.remove_button.isEnabled() and strip.view_button.isEnabled()
    strip.list.item(0).setSelected(True)
    assert strip.remove_button.isEnabled()
    ws.items_tab.items.setCurrentRow(1)  # item 2 has no photo: nothing to delete or to view
    assert strip.list.count() == 0
    assert not strip.remove_button.isEnabled() and not strip.view_button.isEnabled()


def test_a_photo_taken_turned_is_shown_upright(qtbot, window, db_path, tmp_path):
    """A camera held upright writes a landscape picture with EXIF orientation 6: the viewer shows it portrait."""
    task_id = new_task(db_path)
    path = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    Image.new("RGB", (1200, 800), (90, 90, 90)).save(path, exif=exif)
    db = connect(db_path)
    try:
        recording.add_photo(db, db_path, task_id, path, 1, "竖拍的照片")
    finally:
        db.close()
    ws, strip = _strip(window, task_id)
    viewer = strip.view(strip.list.item(0))
    shown = viewer.picture.pixmap()
    assert shown.height() > shown.width()
    assert abs(shown.width() / shown.height() - 800 / 1200) < 0.02
