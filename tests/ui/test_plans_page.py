"""The plan page and the announce-and-draw dialog in the window (issue 11): a plan made through the dialog,
refused input said next to its field, exclusions with a required reason, announce and draw on a small registry
with the result and 复核通过 shown, the draw saved and exported, editing refused after the announcement, a
re-draw that asks for its reason, and the task list grouped by plan."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.domain.registry import Category
from app.store.database import open_database

SEED_TYPED = "９３１９／２　５　１２　８　１０／９，１８，２６，３４，４１，４５"  # as a Chinese IME types it
KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"


@pytest.fixture
def db_path(tmp_path):
    """The demo registry of tests/recording_helpers.py (20 institutions, the profile set)."""
    from tests.recording_helpers import demo_database

    path = tmp_path / "plans.sqlite"
    db, _ = demo_database(path)
    db.close()
    return path


def _db(path):
    return open_database(path)


def _plans_page(window):
    window.show_page(3)
    return window.plans


def _make_plan(qtbot, page, **quotas):
    dialog = page.ask_new()
    dialog.title.setText("2025年度检验检测机构双随机抽查")
    for category, n in (quotas or {"vehicle": 1, "eco_env": 1, "other": 2}).items():
        dialog.quotas[Category(category)].setValue(n)
    dialog.rate.setText("４％")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    return page.current().plan


def test_page_four_is_the_plan_page_and_a_plan_is_made_through_the_dialog(qtbot, window, db_path):
    from app.services.plans import list_plans

    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.pages.currentWidget() is window.plans
    page = window.plans
    plan = _make_plan(qtbot, page)
    db = _db(db_path)
    try:
        [stored] = list_plans(db)
    finally:
        db.close()
    assert stored.id == plan.id and stored.title == "2025年度检验检测机构双随机抽查"
    assert {c.value: stored.quota(c) for c in Category} == {"vehicle": 1, "eco_env": 1, "other": 2}
    assert str(stored.rate) == "0.04"
    # the rate check beside the quotas, unrounded: 4 % of the 20 institutions of the registry
    assert page.table.item(0, 3).text() == "4% × 20 = 0.8"
    assert page.table.item(0, 2).text() == "机动车 1 · 生态环境 1 · 其他 2"
