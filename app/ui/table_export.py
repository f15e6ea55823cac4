"""Every table of the window can be written to Excel as it is shown: its current filter, visible columns and order.

One event filter on the application adds 导出到 Excel… to the context menu of any table or tree (right click, the
Menu key or Shift+F10); the rows are read from the view on the UI thread (what the user sees) and written by a job
off it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QTableView, QTableWidget, QTreeView

from app.ui.file_dialogs import document_name, save_dialog
from app.ui.jobs import start_job


def shown_rows(view: QAbstractItemView) -> tuple[list[str], list[list]]:
    """Headers and rows of the view as shown: hidden rows and columns left out, columns in their visual order."""
    model = view.model()
    if model is None:
        return [], []
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    columns = [header.logicalIndex(v) for v in range(header.count())]
    columns = [c for c in columns if not header.isSectionHidden(c)]
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "") for c in columns]
    rows = []
    for r in range(model.rowCount()):
        if isinstance(view, QTableView) and view.isRowHidden(r):
            continue
        if isinstance(view, QTreeView) and view.isRowHidden(r, view.rootIndex()):
            continue
        row = []
        for c in columns:
            value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            if value is None and isinstance(view, QTableWidget):
                widget = view.cellWidget(r, c)
                value = _widget_text(widget) if widget is not None else None
            row.append(value if isinstance(value, (int, float, str)) or value is None else str(value))
        rows.append(row)
    return titles, rows


def _widget_text(widget) -> str | None:
    for name in ("text", "format"):
        getter = getattr(widget, name, None)
        if callable(getter):
            try:
                text = getter()
            except TypeError:
                continue
            if isinstance(text, str) and text:
                if name == "format" and hasattr(widget, "value"):
                    return text.replace("%v", str(widget.value())).replace("%m", str(widget.maximum()))
                return text
    return None


def _title(view: QAbstractItemView) -> str:
    window = view.window()
    fallback = QCoreApplication.translate("TableExport", "表格")
    title = view.accessibleName() or (window.windowTitle() if window is not None else "") or fallback
    return title.split(" — ")[0].strip() or fallback


class TableExport(QObject):
    """Adds the export to the context menu of every table (install once on the application)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.last_dialog = None
        self.last_menu = None
        self.job = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ContextMenu:
            return False
        view = watched.parent() if watched is not None else None
        if not isinstance(view, (QTableView, QTreeView)) or watched is not view.viewport():
            return False
        if view.contextMenuPolicy() != Qt.ContextMenuPolicy.DefaultContextMenu:
            return False  # a view with a menu of its own keeps it
        self.last_menu = self.menu_for(view)
        self.last_menu.popup(event.globalPos())  # not modal: the window goes on while it is open
        return True

    def menu_for(self, view: QAbstractItemView) -> QMenu:
        menu = QMenu(view)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if view.actions():  # the view's own actions (e.g. the task list's open and cancel) come first
            menu.addActions(view.actions())
            menu.addSeparator()
        action = menu.addAction(self.tr("导出到 Excel(&X)…"))
        action.triggered.connect(lambda: self.ask(view))
        return menu

    def ask(self, view: QAbstractItemView):
        headers, rows = shown_rows(view)
        title = _title(view)
        self.last_dialog = save_dialog(view.window(), self.tr("导出到 Excel"), document_name(title, suffix=".xlsx"),
                                       self.tr("Excel 工作簿 (*.xlsx)"), "xlsx",
                                       lambda path: self.write(view, path, title, headers, rows))
        return self.last_dialog

    def write(self, view, path: Path, title: str, headers: list[str], rows: list[list]):
        from app.ui.problem_dialogs import show_error

        def work(progress, cancelled):
            from app.services.tables import export_rows

            return export_rows(path, title, headers, rows, progress=progress, cancelled=cancelled)

        def finished(result, error, cancelled):
            if error is not None:
                self.last_dialog = show_error(view.window(), self.tr("导出到 Excel"), error)
            elif not cancelled:
                window = view.window()
                bar = getattr(window, "statusBar", None)
                if callable(bar):
                    bar().showMessage(self.tr("已导出 {0} 行到 {1}").format(result, path), 8000)

        self.job = start_job(view.window(), self.tr("导出到 Excel"), work, finished)
        return self.job


def install(app: QApplication) -> TableExport:
    existing = getattr(app, "_table_export", None)
    if existing is not None:
        return existing
    export = TableExport(app)
    app.installEventFilter(export)
    app._table_export = export
    return export
