"""The inspector registry page (人员库): the enforcement roster with search, department filter and details."""

from __future__ import annotations

from html import escape
from pathlib import Path

from app.domain.registry import Department, Inspector, Level
from app.services.browse import InspectorFilter, Registry
from app.ui import settings
from app.ui.forms.ui_inspectors_page import Ui_InspectorsPage
from app.ui.labels import join_names, label
from app.ui.registry_page import RegistryPage, reading
from app.ui.table_layout import StretchAtLeast, fit_columns, ideographs, remember, remember_splitter
from app.ui.table_models import InspectorTableModel

DETAIL_WIDTH = 300  # the detail pane at first: its labels and a short value side by side


class InspectorsPage(RegistryPage):
    kind = "inspectors"

    def __init__(self, registry: Registry, db_path: Path, parent=None):
        super().__init__(db_path, parent)
        self.ui = Ui_InspectorsPage()
        self.ui.setupUi(self)
        self.registry = registry
        self.model = InspectorTableModel(registry, self)
        self.ui.department.addItem(self.tr("全部部门"), None)
        for member in Department:
            self.ui.department.addItem(label(member), member)
        table = self.ui.table
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        fit_columns(table, {  # a four-character name, two districts, two fields of expertise
            0: ideographs(table, 4), 1: max((label(member) for member in Department), key=len),
            2: max((label(member) for member in Level), key=len), 4: "14020001352",
            5: ideographs(table, 7), 6: ideographs(table, 11),
        })
        self.ui.splitter.setStretchFactor(0, 1)  # a wider window widens the table; the details keep their width
        self.ui.splitter.setStretchFactor(1, 0)
        remember_splitter(self.ui.splitter, settings.INSPECTORS_SPLITTER, DETAIL_WIDTH)
        remember(header, settings.INSPECTORS_HEADER)
        # the unit (工作单位) is the long text: it takes the room the others leave, never fewer than 12 characters
        self.unit_column = StretchAtLeast(table, 3, ideographs(table, 12))
        table.selectionModel().selectionChanged.connect(self._on_selection)
        self.ui.search.textChanged.connect(self.apply_filter)
        self.ui.department.currentIndexChanged.connect(self.apply_filter)
        self.connect_common()
        self.apply_filter()

    @reading
    def apply_filter(self, *_) -> None:
        self.model.set_filter(InspectorFilter(text=self.ui.search.text(),
                                              department=self.ui.department.currentData()))
        self.ui.count.setText(self.tr("共 %n 人", "", self.model.rowCount()))
        if self.model.rowCount():
            self.ui.table.selectRow(0)
        else:
            self.ui.detail.clear()


    @reading
    def _on_selection(self, selected, _deselected) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        rowid = self.model.rowid_at(indexes[0].row())
        row = self.model.rows.get(rowid)
        if row is not None:
            self.ui.detail.setHtml(self.detail_html(self.registry.inspector(row["id"])))

    def detail_html(self, person: Inspector) -> str:
        rows = [
            (self.tr("所属部门"), label(person.department)),
            (self.tr("层级"), label(person.level) if person.level else ""),
            (self.tr("工作单位"), person.unit),
            (self.tr("执法证号"), person.cert_no or self.tr("无（不能单独执法）")),
            (self.tr("联系电话"), person.phone),
            (self.tr("负责区县"), join_names(person.districts)),
            (self.tr("专业领域"), join_names(person.expertise)),
            (self.tr("回避机构"), join_names(person.avoid)),
            (self.tr("在岗"), self.tr("是") if person.active else self.tr("否")),
            (self.tr("备注"), person.notes),
        ]
        html = [f"<h3>{escape(person.name)}</h3><table cellspacing='2' cellpadding='2'>"]
        for name, value in rows:
            html.append(f"<tr><td style='color:#555'>{escape(name)}</td><td>{escape(value or '—')}</td></tr>")
        html.append("</table>")
        return "".join(html)
