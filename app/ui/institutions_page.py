"""The institution registry page (机构库): search, filters, a fast sortable table and a detail pane.

Import and export run as jobs off the UI thread; a refused file opens the
list of refused rows, a successful one reports what changed.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, QTimer

from app.domain.registry import Category, Institution, RiskClass
from app.services.browse import NO_RISK_CLASS, InstitutionFilter, Registry
from app.ui import settings
from app.ui.first_paint import FirstPaint
from app.ui.forms.ui_institutions_page import Ui_InstitutionsPage
from app.ui.labels import field_label, join_names, label, short_category
from app.ui.registry_page import RegistryPage, reading
from app.ui.table_layout import StretchAtLeast, fit_columns, ideographs, remember, remember_splitter
from app.ui.table_models import InstitutionTableModel

PRIORITY_FLAGS = ("flag_complaint", "flag_pt_no_show", "flag_stats_missed")
NAME_CHARACTERS = 16  # most institution names have 12 to 20 characters
DETAIL_WIDTH = 300  # the detail pane at first: its labels and a short value side by side


class InstitutionsPage(RegistryPage):
    kind = "institutions"

    def __init__(self, registry: Registry, db_path: Path, parent=None):
        super().__init__(db_path, parent)
        self.ui = Ui_InstitutionsPage()
        self.ui.setupUi(self)
        self.registry = registry
        self.model = InstitutionTableModel(registry, self)
        self.model.hold_completion = True
        self.model.readFailed.connect(self.damaged)
        self._first_paint = FirstPaint(self.ui.table.viewport(), self._painted)  # reads the rest after
        self._fill_filters()
        table = self.ui.table
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        self._fit_columns()
        for combo in (self.ui.district, self.ui.category, self.ui.riskClass, self.ui.priority):
            combo.setMinimumContentsLength(4)  # the row gives way on a small screen; they are wider when it can
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header.setSortIndicator(0, header.sortIndicatorOrder())
        self.ui.splitter.setStretchFactor(0, 1)  # a wider window widens the table; the details keep their width
        self.ui.splitter.setStretchFactor(1, 0)
        remember_splitter(self.ui.splitter, settings.INSTITUTIONS_SPLITTER, DETAIL_WIDTH)
        remember(header, settings.INSTITUTIONS_HEADER)
        # the name takes the room the other columns leave, and never fewer than NAME_CHARACTERS characters
        self.name_column = StretchAtLeast(table, 0, ideographs(table, NAME_CHARACTERS))
        table.selectionModel().selectionChanged.connect(self._on_selection)
        self.ui.search.textChanged.connect(self.apply_filter)
        for combo in (self.ui.district, self.ui.category, self.ui.riskClass, self.ui.priority):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.connect_common()
        self.apply_filter()

    def _fit_columns(self) -> None:
        """Codes and dates as wide as they are, the short columns narrow (the header or a typical value)."""
        table = self.ui.table
        names = [self.ui.district.itemText(i) for i in range(1, self.ui.district.count())]  # filled already
        district = min(8, max(map(len, names), default=3))  # a longer one may be cut
        category = max((short_category(member) for member in Category), key=len)
        fit_columns(table, {
            1: "91140213MA0CBXY78W", 2: category, 3: ideographs(table, district),
            4: "000000000000", 5: "2030-12-31", 6: "A", 7: self.tr("能力验证"),
        })

    def _fill_filters(self) -> None:
        ui = self.ui
        ui.district.blockSignals(True)
        current = ui.district.currentData()
        ui.district.clear()
        ui.district.addItem(self.tr("全部区县"), None)
        for name in self.registry.districts():
            ui.district.addItem(name, name)
        ui.district.setCurrentIndex(max(0, ui.district.findData(current)))
        ui.district.blockSignals(False)
        if ui.category.count() == 0:
            ui.category.addItem(self.tr("全部类别"), None)
            for member in Category:
                ui.category.addItem(label(member), member)
            ui.riskClass.addItem(self.tr("全部风险分类"), None)
            for member in RiskClass:
                ui.riskClass.addItem(label(member), member)
            ui.riskClass.addItem(self.tr("未分类"), NO_RISK_CLASS)
            ui.priority.addItem(self.tr("全部机构"), None)
            ui.priority.addItem(self.tr("任一重点标记"), "any")
            ui.priority.addItem(self.tr("涉投诉举报"), "flag_complaint")
            ui.priority.addItem(self.tr("无故不参加能力验证"), "flag_pt_no_show")
            ui.priority.addItem(self.tr("未按时完成统计直报"), "flag_stats_missed")

    def current_filter(self) -> InstitutionFilter:
        ui = self.ui
        priority = ui.priority.currentData()
        return InstitutionFilter(
            text=ui.search.text(),
            district=ui.district.currentData(),
            category=ui.category.currentData(),
            risk_class=ui.riskClass.currentData(),
            flags=frozenset([priority]) if priority in PRIORITY_FLAGS else frozenset(),
            any_priority=priority == "any",
        )

    @reading
    def apply_filter(self, *_) -> None:
        self.model.set_filter(self.current_filter())
        total = self.registry.institution_count()
        shown = self.model.rowCount()
        if shown == total:
            self.ui.count.setText(self.tr("共 %n 个机构", "", total))
        else:
            self.ui.count.setText(self.tr("显示 {0} 个，共 {1} 个机构").format(shown, total))
        if shown:
            self.ui.table.selectRow(0)
        else:
            self.ui.detail.setHtml("<p>" + escape(self.tr("没有符合条件的机构。")) + "</p>")

    @reading
    def refresh(self) -> None:
        self._fill_filters()
        self.apply_filter()

    def _painted(self) -> None:
        """After the first paint, read the rest of the ids (the window has appeared by then)."""
        self.model.hold_completion = False
        QTimer.singleShot(0, self, self._after_first_paint)

    @reading
    def _after_first_paint(self) -> None:
        if not self.registry.closed:  # the window may have been shut in between
            self.model.complete()
            self.registry.warm_filters()

    @reading
    def _on_selection(self, selected: QItemSelection, _deselected) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        rowid = self.model.rowid_at(indexes[0].row())
        institution = self.registry.institution_by_rowid(rowid) if rowid is not None else None
        if institution is not None:
            self.ui.detail.setHtml(self.detail_html(institution))

    def detail_html(self, inst: Institution) -> str:
        flags = [self.tr("涉投诉举报") if inst.flag_complaint else "",
                 self.tr("无故不参加能力验证") if inst.flag_pt_no_show else "",
                 self.tr("未按时完成统计直报") if inst.flag_stats_missed else ""]
        rows = [
            (self.tr("统一社会信用代码"), inst.credit_code),
            (self.tr("机构类别"), label(inst.category)),
            (self.tr("所属区县"), inst.district),
            (self.tr("单位地址"), inst.address),
            (self.tr("法定代表人"), " ".join(filter(None, [inst.legal_rep, inst.legal_rep_phone]))),
            (self.tr("联系人"), " ".join(filter(None, [inst.contact, inst.contact_phone]))),
            (self.tr("被授权机构名称"), inst.authorized_name),
            (self.tr("证书编号"), inst.cma_cert_no),
            (self.tr("发证机关"), inst.cma_issuer),
            (self.tr("批准日期"), inst.cma_approved_on.isoformat() if inst.cma_approved_on else ""),
            (self.tr("有效日期"), inst.cma_expires_on.isoformat() if inst.cma_expires_on else ""),
            (self.tr("最高管理者"), " ".join(filter(None, [inst.top_manager, inst.top_manager_phone]))),
            (self.tr("技术负责人"), inst.tech_lead),
            (self.tr("授权签字人"), join_names(inst.signatories)),
            (self.tr("信用风险分类"), label(inst.risk_class) if inst.risk_class else self.tr("未分类")),
            (self.tr("重点抽查标记"), join_names(filter(None, flags)) or self.tr("无")),
            (self.tr("生态环境部门所属"), self.tr("是") if inst.eco_owned else self.tr("否")),
            (self.tr("上级分配年度"), str(inst.allocated_year or "")),
            (self.tr("备注"), inst.notes),
        ]
        html = [f"<h3>{escape(inst.name)}</h3><table cellspacing='2' cellpadding='2'>"]
        for name, value in rows:
            html.append(f"<tr><td style='color:#555'>{escape(name)}</td><td>{escape(value or '—')}</td></tr>")
        html.append("</table>")
        changes = self.registry.institution_changes(inst.id)
        if changes:
            html.append("<h4>" + escape(self.tr("变更记录")) + "</h4><ul>")
            for c in changes[-30:]:
                text = self.tr("{0} {1}：{2} → {3}").format(
                    c["at"][:10], field_label("institution", c["field"]), c["old_value"] or "—", c["new_value"] or "—")
                if c["file"]:
                    text += self.tr("（{0}）").format(c["file"])
                html.append(f"<li>{escape(text)}</li>")
            html.append("</ul>")
        return "".join(html)
