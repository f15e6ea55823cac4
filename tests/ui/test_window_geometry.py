"""The window fits the screen it opens on, remembers its size, place, columns and splitters, and shows names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication

from app.domain.problems import Problem
from app.ui import settings
from app.ui.screen_fit import default_rect, fit_rect

LAPTOP = QRect(0, 0, 1093, 580)  # 1366×768 at 125 % less the taskbar, in device-independent pixels
FRAME = QSize(16, 40)


def _outer(rect: QRect, extra: QSize) -> QRect:
    """The frame around a window's inner rect: borders of extra.width()/2, the title above."""
    side = extra.width() // 2
    return QRect(rect.x() - side, rect.y() - (extra.height() - side), rect.width() + extra.width(),
                 rect.height() + extra.height())


# --- the arithmetic -------------------------------------------------------------------------------------


def test_a_geometry_from_a_larger_monitor_comes_back_smaller_and_on_the_screen():
    saved = QRect(2000, 1200, 2400, 1300)  # lower right of a 4K monitor that is no longer there
    fitted = fit_rect(saved, LAPTOP, FRAME)
    assert LAPTOP.contains(_outer(fitted, FRAME))
    assert (fitted.width(), fitted.height()) == (1093 - 16, 580 - 40)


def test_a_geometry_left_of_the_screen_is_moved_onto_it_keeping_its_size():
    fitted = fit_rect(QRect(-1500, -20, 800, 500), LAPTOP, FRAME)
    assert LAPTOP.contains(_outer(fitted, FRAME))
    assert (fitted.width(), fitted.height()) == (800, 500)
    assert fitted.x() == 8 and fitted.y() == 32  # at the left edge, the title bar below the top edge


def test_a_geometry_that_fits_is_kept():
    inside = QRect(100, 80, 800, 450)
    assert fit_rect(inside, LAPTOP, FRAME) == inside


def test_a_first_window_takes_ninety_percent_of_the_screen_centred():
    rect = default_rect(LAPTOP)
    assert (rect.width(), rect.height()) == (983, 522)
    assert abs(rect.center().x() - LAPTOP.center().x()) <= 1
    assert abs(rect.center().y() - LAPTOP.center().y()) <= 1


# --- the window -----------------------------------------------------------------------------------------


def _reopen(qtbot, window, db_path):
    """Close `window` as the user does (it saves its layout) and open a new one on the same database."""
    from app.ui.application import open_main_window

    window.close()
    again = open_main_window(db_path)
    qtbot.addWidget(again)
    QApplication.processEvents()
    return again


def _done(window) -> None:
    window.close()  # nothing is painted from a closed database
    window.shutdown()


def _available(window) -> QRect:
    return window.screen().availableGeometry()


def test_a_new_window_fits_the_screen(window):
    area = _available(window)
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
    assert window.width() >= 0.8 * area.width()


def test_the_geometry_is_restored_on_a_new_window(qtbot, window, db_path):
    area = _available(window)
    chosen = QRect(area.x() + 20, area.y() + 30, area.width() - 40, area.height() - 90)
    assert chosen.width() >= window.minimumSizeHint().width()
    window.setGeometry(chosen)
    again = _reopen(qtbot, window, db_path)
    try:
        assert again.geometry() == chosen
    finally:
        _done(again)


def test_a_saved_geometry_larger_than_the_screen_is_clamped(qtbot, window, db_path):
    area = _available(window)
    window.setGeometry(QRect(area.right() - 300, area.bottom() - 200, area.width() * 3, area.height() * 2))
    again = _reopen(qtbot, window, db_path)
    try:
        assert area.contains(again.frameGeometry()), (again.frameGeometry(), area)
        assert again.width() < area.width() and again.height() < area.height()
    finally:
        _done(again)


def test_a_damaged_saved_geometry_gives_the_default(qtbot, db_path):
    from app.ui.application import create_application, open_main_window

    create_application()
    settings.set_value(settings.MAIN_GEOMETRY, b"not a geometry")
    win = open_main_window(db_path)
    qtbot.addWidget(win)
    try:
        assert _available(win).contains(win.frameGeometry())
    finally:
        _done(win)


def test_column_widths_order_and_sort_are_restored(qtbot, window, db_path):
    header = window.institutions.ui.table.horizontalHeader()
    header.resizeSection(1, 301)
    header.moveSection(header.visualIndex(2), header.count() - 1)  # 类别 dragged to the end
    header.setSortIndicator(3, Qt.SortOrder.DescendingOrder)
    people = window.inspectors.ui.table.horizontalHeader()
    people.resizeSection(4, 177)
    again = _reopen(qtbot, window, db_path)
    try:
        header = again.institutions.ui.table.horizontalHeader()
        assert header.sectionSize(1) == 301
        assert header.visualIndex(2) == header.count() - 1
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (3, Qt.SortOrder.DescendingOrder)
        assert again.institutions.model.sort_key == "district" and again.institutions.model.descending
        assert again.inspectors.ui.table.horizontalHeader().sectionSize(4) == 177
    finally:
        _done(again)


def test_splitter_positions_are_restored(qtbot, window, db_path):
    splitter = window.institutions.ui.splitter
    QApplication.processEvents()
    total = sum(splitter.sizes())
    splitter.setSizes([total - 250, 250])
    chosen = splitter.sizes()
    again = _reopen(qtbot, window, db_path)
    try:
        QApplication.processEvents()
        assert again.institutions.ui.splitter.sizes() == chosen
    finally:
        _done(again)


def test_the_name_column_is_the_widest_and_shows_sixteen_characters(window):
    table = window.institutions.ui.table
    QApplication.processEvents()
    widths = [table.columnWidth(c) for c in range(table.model().columnCount())]
    assert widths[0] > max(widths[1:]), widths
    assert widths[0] >= table.fontMetrics().horizontalAdvance("国" * 16), widths


def test_codes_fit_their_column(window):
    table = window.institutions.ui.table
    model = table.model()
    metrics = table.fontMetrics()
    for column in (1, 4, 5):  # credit code, certificate number, expiry date
        longest = max(metrics.horizontalAdvance(str(model.index(r, column).data() or "")) for r in range(50))
        assert table.columnWidth(column) >= longest + 6, (column, table.columnWidth(column), longest)


def test_the_name_stretches_in_a_wide_window_and_keeps_its_minimum_in_a_narrow_one(qtbot, window):
    table = window.institutions.ui.table
    minimum = table.fontMetrics().horizontalAdvance("国" * 16)
    window.resize(window.minimumSizeHint())
    QApplication.processEvents()
    assert table.columnWidth(0) >= minimum
    assert table.horizontalScrollBar().maximum() > 0  # the other columns are reached by scrolling
    window.institutions.ui.splitter.setSizes([4000, 0])
    window.resize(3000, window.height())  # wider than any column set: the name takes the rest
    QApplication.processEvents()
    others = sum(table.columnWidth(c) for c in range(1, table.model().columnCount()))
    assert table.columnWidth(0) == table.viewport().width() - others
    assert table.columnWidth(0) > minimum


def test_the_inspectors_unit_column_is_the_widest(window):
    table = window.inspectors.ui.table
    QApplication.processEvents()
    widths = [table.columnWidth(c) for c in range(table.model().columnCount())]
    assert widths[3] == max(widths), widths  # 工作单位
    assert widths[0] >= table.fontMetrics().horizontalAdvance("欧阳某某"), widths


def test_dialogs_are_no_larger_than_the_screen(window):
    from app.ui.problem_dialogs import ProblemsDialog

    area = _available(window)
    problems = ProblemsDialog(window, "导入", "有问题", [Problem("a.xlsx", "Sheet1", 2, "A", "x", "y")])
    keys = window.ask_keys()
    try:
        for dialog in (problems, keys):
            assert dialog.width() <= area.width() and dialog.height() <= area.height(), (dialog, dialog.size())
    finally:
        keys.close()
        problems.close()


# --- real screen sizes, each in a child process with its own (offscreen) screen --------------------------

SCREENS = {  # physical size less the taskbar, scale
    "1024x700 at 100 %": (1024, 660, 1.0),
    "1366x768 at 125 %": (1366, 725, 1.25),
    "1920x1080 at 150 %": (1920, 1040, 1.5),
}


@pytest.mark.parametrize("name", SCREENS)
def test_every_page_and_the_workspace_fit_the_screen(tmp_path, name):
    from app.ui.screen_fit import FRAME_GUESS

    width, height, scale = SCREENS[name]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=str(scale),
               SPOTCHECK_SETTINGS_DIR=str(tmp_path / "settings"), SPOTCHECK_DATA_DIR=str(tmp_path / "data"))
    probe = Path(__file__).with_name("screen_probe.py")
    done = subprocess.run([sys.executable, str(probe)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    x, y, w, h = found["available"]
    assert (w, h) == (round(width / scale), round(height / scale))
    area = QRect(x, y, w, h)
    assert area.contains(QRect(*found["frame"])), found
    room = QSize(w - FRAME_GUESS.width(), h - FRAME_GUESS.height())
    minimums = {**found["pages"], **{f"workspace {k}": v for k, v in found["workspace"].items() if k != "frame"}}
    for page, (min_w, min_h) in minimums.items():
        assert min_w <= room.width() and min_h <= room.height(), (page, (min_w, min_h), room)
    assert area.contains(QRect(*found["workspace"]["frame"])), found
    for dialog, shown in found["dialogs"].items():  # 记录文书, 处理, 签名密钥, 新建计划
        for key in ("size", "minimum"):
            assert shown[key][0] <= w and shown[key][1] <= h, (dialog, key, shown, (w, h))


def test_the_plans_and_checklist_splitters_are_restored(qtbot, window, db_path):
    chosen = {}
    for index in (2, 3):  # built first: the window may widen to a page's minimum
        window.show_page(index)
    for index, name in ((2, "checklist"), (3, "plans")):
        window.show_page(index)
        qtbot.wait(20)  # laid out at the window's size
        splitter = _splitter_of(getattr(window, name))
        total = sum(splitter.sizes())
        splitter.setSizes([total // 3, total - total // 3])
        qtbot.wait(20)
        chosen[name] = splitter.sizes()
    again = _reopen(qtbot, window, db_path)
    try:
        for index, name in ((2, "checklist"), (3, "plans")):
            again.show_page(index)
            qtbot.wait(20)
            assert _splitter_of(getattr(again, name)).sizes() == chosen[name], name
    finally:
        _done(again)


def _splitter_of(page):
    from PySide6.QtWidgets import QSplitter

    found = page.findChildren(QSplitter)
    assert len(found) == 1
    return found[0]


def test_a_header_saved_with_other_columns_is_ignored(qtbot, window, db_path):
    """Qt would restore it and show an eighth column the inspectors' model does not have."""
    from PySide6.QtWidgets import QTableWidget

    from app.ui.application import open_main_window

    window.close()  # saves the real layout: replaced below
    other = QTableWidget(1, 8)
    other.horizontalHeader().resizeSection(3, 444)
    settings.set_value(settings.INSPECTORS_HEADER, b"8:" + bytes(other.horizontalHeader().saveState()))
    again = open_main_window(db_path)
    qtbot.addWidget(again)
    try:
        header = again.inspectors.ui.table.horizontalHeader()
        assert header.count() == again.inspectors.model.columnCount() == 7
        assert header.sectionSize(3) != 444
    finally:
        _done(again)
