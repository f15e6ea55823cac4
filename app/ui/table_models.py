"""Qt table models over the registries that hold row ids and load rows on demand.

The institution model keeps only the ordered rowids of the current query;
`data()` fetches the page of rows around the one asked for and caches it, so
a 55,000-row registry costs one id query to show and a page query per scroll.
Sorting and filtering re-run the id query in the database.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor

from app.domain.problems import SpotcheckError
from app.domain.registry import Category, Department, Level, RiskClass
from app.services.browse import INSTITUTION_COLUMNS, InspectorFilter, InstitutionFilter, Registry
from app.ui.labels import join_names, label, short_category

PAGE = 200
_BLANK = (None,) * len(INSTITUTION_COLUMNS)
DISPLAY = Qt.ItemDataRole.DisplayRole
EXPIRED = QBrush(QColor("#b00020"))
EXPIRING = QBrush(QColor("#a15c00"))
_ROLE_AT = {DISPLAY: 0, Qt.ItemDataRole.ToolTipRole: 1, Qt.ItemDataRole.ForegroundRole: 2}  # in `_show`'s tuple

# (header, column in INSTITUTION_COLUMNS, sort key)
INSTITUTION_VIEW = [
    (QT_TRANSLATE_NOOP("InstitutionTableModel", "机构名称"), "name", "name"),
    (QT_TRANSLATE_NOOP("InstitutionTableModel", "统一社会信用代码"), "credit_code", "credit_code"),
    (QT_TRANSLATE_NOOP("InstitutionTableModel", "类别"), "category", "category"),
    (QT_TRANSLATE_NOOP("InstitutionTableModel", "区县"), "district", "district"),
    (QT_TRANSLATE_NOOP("InstitutionTableModel", "证书编号"), "cma_cert_no", "cma_cert_no"),
    (QT_TRANSLATE_NOOP("InstitutionTableModel", "有效日期"), "cma_expires_on", "cma_expires_on"),
    (QT_TRANSLATE_NOOP("InstitutionTableModel", "风险"), "risk_class", "risk_class"),
    (QT_TRANSLATE_NOOP("InstitutionTableModel", "重点标记"), "flags", "priority"),
]
_INDEX = {name: i for i, name in enumerate(INSTITUTION_COLUMNS)}
FLAG_SHORT = (
    ("flag_complaint", QT_TRANSLATE_NOOP("InstitutionTableModel", "投诉")),
    ("flag_pt_no_show", QT_TRANSLATE_NOOP("InstitutionTableModel", "能力验证")),
    ("flag_stats_missed", QT_TRANSLATE_NOOP("InstitutionTableModel", "统计直报")),
)


class InstitutionTableModel(QAbstractTableModel):
    """Emits `readFailed(error)` once if reading rows fails (a damaged database); shows blanks then."""

    readFailed = Signal(object)

    def __init__(self, registry: Registry, parent=None):
        super().__init__(parent)
        self.registry = registry
        self.filter = InstitutionFilter()
        self.sort_key, self.descending = "name", False
        self.rowids: list[int] = []
        self.total = 0  # rows shown; more than len(rowids) while only the first page's ids are known
        self.hold_completion = False  # the page sets it until the table is first painted
        self.failure: SpotcheckError | None = None
        self._cache: dict[int, tuple] = {}  # rowid -> the row's stored values
        self._shown: dict[int, tuple] = {}  # rowid -> what `_show` made of them
        self.today = date.today().isoformat()
        self.soon = date.fromordinal(date.today().toordinal() + 90).isoformat()

    # queries
    def set_filter(self, flt: InstitutionFilter) -> None:
        self.filter = flt
        self.requery()

    def requery(self) -> None:
        """Run the query. The first time the whole registry is shown, only the first page's ids are read:
        the window paints at once, and the rest are read right after (or as soon as a row beyond is asked for)."""
        self.beginResetModel()
        self._cache.clear()
        self._shown.clear()
        head = self.registry.institution_ids_head(self.filter, self.sort_key, self.descending, PAGE)
        if head is None:
            self.rowids = self.registry.institution_ids(self.filter, self.sort_key, self.descending)
            self.total = len(self.rowids)
        else:
            self.rowids, self.total = head
            if not self.hold_completion:
                QTimer.singleShot(0, self, self.complete)
        self.endResetModel()

    def complete(self) -> None:
        """Read the ids beyond the first page, if only those were read."""
        if len(self.rowids) == self.total or self.registry.closed:
            return
        self.rowids = self.registry.institution_ids(self.filter, self.sort_key, self.descending)
        if len(self.rowids) != self.total:  # written to in between
            self.beginResetModel()
            self.total = len(self.rowids)
            self._cache.clear()
            self._shown.clear()
            self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = INSTITUTION_VIEW[column][2]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.requery()

    def rowid_at(self, row: int) -> int | None:
        if row >= len(self.rowids):
            self.complete()
        return self.rowids[row] if 0 <= row < len(self.rowids) else None

    def _row(self, row: int) -> tuple:
        if row >= len(self.rowids):
            self.complete()
        rowid = self.rowids[row]
        cached = self._cache.get(rowid)
        if cached is None:
            start = max(0, row - PAGE // 4)
            page = self.rowids[start:start + PAGE]
            if len(self._cache) > 20 * PAGE:
                self._cache.clear()
            try:
                self._cache.update(self.registry.institution_rows(page))
            except SpotcheckError as error:
                if self.failure is None:
                    self.failure = error
                    self.readFailed.emit(error)
                return _BLANK
            cached = self._cache[rowid]
        return cached

    # Qt model interface
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(INSTITUTION_VIEW)

    def headerData(self, section, orientation, role=DISPLAY):
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("InstitutionTableModel", INSTITUTION_VIEW[section][0])
        return None

    def data(self, index, role=DISPLAY):
        """Qt asks for about ten roles of each visible cell on every paint: each row's texts are worked out
        once (`_shown`) and a call is then two look-ups."""
        at = _ROLE_AT.get(role)
        if at is None or not index.isValid():
            return None
        row = index.row()
        if row >= len(self.rowids):
            self.complete()
        shown = self._shown.get(self.rowids[row]) if row < len(self.rowids) else None
        if shown is None:
            shown = self._show(row)
        return shown[at][index.column()]

    def _show(self, row: int) -> tuple[tuple, tuple, tuple]:
        """Row `row` as (texts shown, tooltips, foreground brushes), one of each per column of INSTITUTION_VIEW."""
        values = self._row(row)
        texts, tips, brushes = [], [], []
        for _header, column, _sort in INSTITUTION_VIEW:
            brush = None
            if column == "flags":
                text = tip = join_names(QCoreApplication.translate("InstitutionTableModel", short)
                                        for flag, short in FLAG_SHORT if values[_INDEX[flag]])
            else:
                value = values[_INDEX[column]]
                text = tip = value or ""
                if column == "category" and value:
                    text, tip = short_category(Category(value)), label(Category(value))
                elif column == "risk_class" and value:
                    tip = label(RiskClass(value))
                elif column == "cma_expires_on" and value:
                    brush = EXPIRED if value < self.today else EXPIRING if value < self.soon else None
            texts.append(text)
            tips.append(tip)
            brushes.append(brush)
        shown = (tuple(texts), tuple(tips), tuple(brushes))
        if values is not _BLANK:
            if len(self._shown) > 20 * PAGE:
                self._shown.clear()
            self._shown[self.rowids[row]] = shown
        return shown


INSPECTOR_VIEW = [
    (QT_TRANSLATE_NOOP("InspectorTableModel", "姓名"), "name"),
    (QT_TRANSLATE_NOOP("InspectorTableModel", "所属部门"), "department"),
    (QT_TRANSLATE_NOOP("InspectorTableModel", "层级"), "level"),
    (QT_TRANSLATE_NOOP("InspectorTableModel", "工作单位"), "unit"),
    (QT_TRANSLATE_NOOP("InspectorTableModel", "执法证号"), "cert_no"),
    (QT_TRANSLATE_NOOP("InspectorTableModel", "负责区县"), "districts"),
    (QT_TRANSLATE_NOOP("InspectorTableModel", "专业领域"), "expertise"),
]


class InspectorTableModel(QAbstractTableModel):
    """The roster is small (hundreds at most), so it is read whole for each query."""

    def __init__(self, registry: Registry, parent=None):
        super().__init__(parent)
        self.registry = registry
        self.filter = InspectorFilter()
        self.sort_key, self.descending = "name", False
        self.rowids: list[int] = []
        self.rows: dict[int, dict] = {}

    def set_filter(self, flt: InspectorFilter) -> None:
        self.filter = flt
        self.requery()

    def requery(self) -> None:
        self.beginResetModel()
        self.rowids = self.registry.inspector_ids(self.filter, self.sort_key, self.descending)
        self.rows = self.registry.inspector_rows(self.rowids)
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = INSPECTOR_VIEW[column][1]
        self.sort_key = key if key in ("name", "department", "level", "unit", "cert_no") else "name"
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.requery()

    def rowid_at(self, row: int) -> int | None:
        return self.rowids[row] if 0 <= row < len(self.rowids) else None

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rowids)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(INSPECTOR_VIEW)

    def headerData(self, section, orientation, role=DISPLAY):
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("InspectorTableModel", INSPECTOR_VIEW[section][0])
        return None

    def data(self, index, role=DISPLAY):
        if not index.isValid() or role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.rows[self.rowids[index.row()]]
        column = INSPECTOR_VIEW[index.column()][1]
        value = row[column]
        if column == "department":
            return label(Department(value))
        if column == "level":
            return label(Level(value)) if value else ""
        if isinstance(value, list):
            return join_names(value)
        return value or ""
