"""Issue 13 in the window: the registry table in pinyin order, search as before, and what start leaves for later."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from app.domain.collation import sort_key


def _column(model, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_the_institution_table_is_in_pinyin_order_and_search_keeps_it(window):
    page = window.institutions
    names = _column(page.model, 0)
    assert len(names) == 120 and names == sorted(names, key=sort_key)
    stored = window.registry.db.conn.execute("SELECT name, credit_code, cma_cert_no FROM institutions").fetchall()
    for query in ["检", "检测", "机动车检", "大同"]:
        page.ui.search.clear()
        event = QInputMethodEvent()
        event.setCommitString(query)
        QApplication.sendEvent(page.ui.search, event)
        expected = sorted((name for name, code, cert in stored if query in f"{name} {code} {cert}".lower()),
                          key=sort_key)
        assert _column(page.model, 0) == expected, query


def test_rows_show_the_same_texts_for_every_role_asked(window):
    from PySide6.QtCore import Qt

    model = window.institutions.model
    db = window.registry.db.conn
    for row in range(0, model.rowCount(), 17):
        rowid = model.rowid_at(row)
        name, category, risk, expires = db.execute(
            "SELECT name, category, risk_class, cma_expires_on FROM institutions WHERE rowid = ?", [rowid]).fetchone()
        assert model.data(model.index(row, 0)) == name
        assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) == name
        assert model.data(model.index(row, 2), Qt.ItemDataRole.ToolTipRole) != ""  # the category's full label
        assert model.data(model.index(row, 6)) == (risk or "")
        assert model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole) is None
        assert model.data(model.index(row, 5)) == (expires or "")


def test_the_tables_export_menu_is_installed_once_the_window_is_painted(qtbot, db_path):
    from app.ui import application

    app = QApplication.instance()
    earlier = getattr(app, "_table_export", None)
    if earlier is not None:  # another test of this session installed it
        app.removeEventFilter(earlier)
        del app._table_export
    app, window = application.start(db_path)
    qtbot.addWidget(window)
    try:
        assert getattr(app, "_table_export", None) is None  # not yet: the window has not been painted
        qtbot.waitUntil(lambda: getattr(app, "_table_export", None) is not None, timeout=10_000)
    finally:
        window.shutdown()
