"""The 汇总与公示 page (issue 12 item 6): for the chosen plan (newest first) its tasks by status, problems per
checklist item, blind-sample and exam outcomes, conclusions and referrals — the counts of the year's summary
report (app/services/dashboard.py) — and its deadlines with what is overdue today said in words. It reads again
when shown and when packages are merged; the year's summary is written from here as DOCX, off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.registry import Category
from app.services.browse import Registry
from app.ui import draw_views as views
from app.ui.dashboard_charts import BarChart
from app.ui.file_dialogs import document_name, safe_name, save_dialog
from app.ui.jobs import on_own_connection, start_job
from app.ui.labels import label_text, short_category
from app.ui.plan_dialog import ERROR_STYLE
from app.ui.problem_dialogs import show_error

SHORT_ITEM = 20  # characters of an item's text beside its number in the chart
MAX_OVERDUE = 4  # overdue items written out; the rest are counted (all in the tooltip)


def _short(category_label: str) -> str:
    return next((short_category(c) for c in Category if c.label == category_label), category_label)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


class DashboardPage(QWidget):
    def __init__(self, registry: Registry, db_path: Path, parent=None, today=date.today):
        super().__init__(parent)
        self.registry, self.db_path, self.today = registry, db_path, today
        self.shown = None  # the Dashboard on screen
        self.file_dialog = self.last_dialog = self.job = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        heading = QLabel(self.tr("汇总与公示"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        row.addWidget(heading)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("抽查计划：")))
        self.plan_box = QComboBox()
        self.plan_box.setMinimumContentsLength(16)  # a long plan title is cut, not the window made wider than the screen
        self.plan_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan_box.currentIndexChanged.connect(lambda _: self.refresh())
        row.addWidget(self.plan_box, 1)
        self.summary_button = QPushButton(self.tr("写出年度工作总结(&S)…"))
        self.summary_button.clicked.connect(self.ask_summary)
        row.addWidget(self.summary_button)
        self.publish_button = QPushButton(self.tr("公示与移交(&P)"))
        self.publish_menu = QMenu(self.publish_button)
        for text, kind in ((self.tr("抽查结果公示（Excel 和 PDF 公告）…"), "results"),
                           (self.tr("移交公安机关的问题线索（清单和移送函）…"), "police"),
                           (self.tr("移交生态环境部门的问题线索（清单和移送函）…"), "eco"),
                           (self.tr("移送司法机关的案件线索（清单和移送函）…"), "judicial"),
                           (self.tr("信用记录（Excel）…"), "credit")):
            self.publish_menu.addAction(text).triggered.connect(lambda _=False, k=kind: self.ask_publication(k))
        self.publish_button.setMenu(self.publish_menu)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        self.deadlines = QLabel()
        self.deadlines.setWordWrap(True)
        layout.addWidget(self.deadlines)
        self.overdue = QLabel()
        self.overdue.setWordWrap(True)
        self.overdue.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.overdue)
        self.tabs = QTabWidget()
        self.status_chart = BarChart(self.tr("任务进度（按状态）"), horizontal=True)
        self.blind_chart = BarChart(self.tr("盲样考核结果"))
        self.exam_chart = BarChart(self.tr("授权签字人考核结果"))
        self.problem_chart = BarChart(self.tr("发现问题的检查项目（已签署记录数，横轴为项目序号）"))
        for chart in (self.status_chart, self.blind_chart, self.exam_chart, self.problem_chart):
            chart.setMinimumHeight(130)  # two stacked still fit 1366×768 at 125 % (usable ≈ 580 px)
        progress = QWidget()
        grid = QGridLayout(progress)
        grid.addWidget(self.status_chart, 0, 0, 2, 1)
        grid.addWidget(self.blind_chart, 0, 1)
        grid.addWidget(self.exam_chart, 1, 1)
        self.tabs.addTab(progress, self.tr("进度与考核"))
        problems = QWidget()
        row = QHBoxLayout(problems)
        row.addWidget(self.problem_chart, 3)
        self.items = QLabel()  # the items' numbers and texts beside the chart
        self.items.setWordWrap(True)
        self.items.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.items, 2)
        self.tabs.addTab(problems, self.tr("检查项目问题"))
        handling = QWidget()
        column = QVBoxLayout(handling)
        self.conclusions = views.table([self.tr("处理结论")], 0)
        self.handling = QLabel()
        self.handling.setWordWrap(True)
        column.addWidget(self.conclusions, 1)
        column.addWidget(self.handling)
        self.tabs.addTab(handling, self.tr("结论与移交"))
        layout.addWidget(self.tabs, 1)
        self.reload_plans()

    # --- reading -------------------------------------------------------------------------------------

    def reload_plans(self) -> None:
        from app.services.dashboard import plans_newest_first

        current = self.plan_box.currentData()
        plans = plans_newest_first(self.registry.db)
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for plan in plans:
            self.plan_box.addItem(self.tr("{0}年 {1}").format(plan.year, plan.title or self.tr("（无标题）")), plan.id)
        ids = [p.id for p in plans]
        self.plan_box.setCurrentIndex(ids.index(current) if current in ids else 0 if ids else -1)
        self.plan_box.blockSignals(False)
        self.refresh()

    def showEvent(self, event) -> None:  # tasks change elsewhere (records signed, cases concluded): read again
        super().showEvent(event)
        self.reload_plans()

    def refresh(self) -> None:
        from app.services.dashboard import dashboard

        plan_id = self.plan_box.currentData()
        self.summary_button.setEnabled(plan_id is not None)
        if plan_id is None:
            self.shown = None
            self.deadlines.setText(self.tr("还没有抽查计划：请先在“抽查计划”页新建计划并抽取。"))
            self.overdue.setText("")
            for chart in (self.status_chart, self.blind_chart, self.exam_chart, self.problem_chart):
                chart.show_counts([], "")
            self.items.setText("")
            self.conclusions.setRowCount(0)
            self.handling.setText("")
            return
        shown = self.shown = dashboard(self.registry.db, plan_id, self.today())
        s = shown.summary
        self.deadlines.setText(self.tr(
            "自查截止 {0} · 现场检查 {1} 至 {2} · 总结上报截止 {3}（按 {4} 计）· 共 {5} 项任务，已签署 {6} 项").format(
            _day(shown.self_check_by), _day(s.on_site_from), _day(s.on_site_by), _day(s.summary_by),
            s.as_of.isoformat(), s.task_total, s.signed_total))
        lines = [self.tr("{0} — {1}，期限 {2}").format(o.institution, self._late(o), o.due.isoformat())
                 for o in shown.overdue]
        text = self.tr("逾期 {0} 项：").format(len(lines)) + self.tr("；").join(lines[:MAX_OVERDUE]) if lines else ""
        if len(lines) > MAX_OVERDUE:
            text += self.tr("；另有 {0} 项（悬停可见全部）").format(len(lines) - MAX_OVERDUE)
        self.overdue.setText(text)
        self.overdue.setToolTip("\n".join(lines))
        self.status_chart.show_counts([(label_text(label), n) for _, label, n in s.tasks_by_status], self.tr("任务数"))
        self.problem_chart.show_counts([(str(i.number), i.count) for i in s.problems], self.tr("记录数"))
        self.items.setText("\n".join(self.tr("{0}. {1}：{2}").format(i.number, self._short_item(i.title), i.count)
                                      for i in s.problems))
        self.blind_chart.show_counts([(label_text(k), n) for k, n in s.blind_samples.items()], self.tr("盲样数"))
        self.exam_chart.show_counts([(label_text(k), n) for k, n in s.exams.items()], self.tr("考核人数"))
        outcomes = list(s.conclusions[0].counts) if s.conclusions else []
        self.conclusions.setColumnCount(1 + len(s.conclusions))
        self.conclusions.setHorizontalHeaderLabels([self.tr("处理结论（已签署记录）")]
                                                   + [_short(c.category) for c in s.conclusions])
        views.fill(self.conclusions, [(label_text(o), *(c.counts[o] for c in s.conclusions)) for o in outcomes])
        p = s.penalties
        referrals = self.tr("；").join(self.tr("{0} {1} 件（{2} 家机构）").format(r.recipient, r.referrals, r.institutions)
                                      for r in s.referrals) or self.tr("无")
        self.handling.setText(self.tr(
            "移交：{0}\n责令整改 {1} 家，已验收 {2} 家，逾期未整改 {3} 家；行政处罚 {4} 件，撤销资质 {5} 家，"
            "列入严重违法失信名单 {6} 家；典型案例 {7} 件").format(
            referrals, p.rectify_ordered, p.rectify_accepted, p.rectify_overdue, p.decisions, p.revoked, p.listed,
            len(s.typical_cases)))

    def _late(self, overdue) -> str:
        """What is late, in the window's language."""
        if overdue.kind == "on_site":
            return self.tr("现场检查逾期未完成（{0}）").format(label_text(overdue.status))
        return self.tr("整改逾期未收到整改材料")

    @staticmethod
    def _short_item(title: str) -> str:
        return title if len(title) <= SHORT_ITEM else title[:SHORT_ITEM] + "…"

    # --- the year's summary --------------------------------------------------------------------------

    def ask_summary(self) -> QFileDialog:
        year = self.shown.summary.year if self.shown else ""
        name = safe_name(self.tr("{0}年度监督抽查工作总结").format(year)) + ".docx"  # the year says which
        self.file_dialog = save_dialog(self, self.tr("写出年度工作总结"), name, self.tr("Word 文档 (*.docx)"), "docx",
                                       self.write_summary)
        return self.file_dialog

    PUBLICATION_NAMES = {"results": QT_TRANSLATE_NOOP("DashboardPage", "抽查结果公示"),
                         "police": QT_TRANSLATE_NOOP("DashboardPage", "问题线索移交清单（公安机关）"),
                         "eco": QT_TRANSLATE_NOOP("DashboardPage", "问题线索移交清单（生态环境部门）"),
                         "judicial": QT_TRANSLATE_NOOP("DashboardPage", "案件线索移送清单（司法机关）"),
                         "credit": QT_TRANSLATE_NOOP("DashboardPage", "信用记录")}

    def ask_publication(self, kind: str) -> QFileDialog:
        """The public results, one department's referral list, or the credit records of the chosen plan, as Excel
        (with the announcement PDF, or the transfer letter, written beside it under the same name)."""
        plan = self.plan_box.currentText() if self.plan_box.currentData() else ""
        name = document_name(plan, self.tr(self.PUBLICATION_NAMES[kind]), suffix=".xlsx")
        self.file_dialog = save_dialog(self, self.tr(self.PUBLICATION_NAMES[kind]), name,
                                       self.tr("Excel 工作簿 (*.xlsx)"), "xlsx",
                                       lambda path: self.write_publication(kind, path))
        return self.file_dialog

    def write_publication(self, kind: str, path: Path):
        from app.domain.cases import Recipient
        from app.services import publication_export as exports

        plan_id, path = self.plan_box.currentData(), Path(path)
        if kind == "results":
            def use(db):
                return exports.export_results(db, path, path.with_suffix(".pdf"), plan_id)
        elif kind == "credit":
            def use(db):
                return exports.export_credit(db, path, plan_id)
        else:
            def use(db):
                return exports.export_referrals(db, Recipient(kind), path, path.with_suffix(".docx"), plan_id)
        self.job = start_job(self, self.tr(self.PUBLICATION_NAMES[kind]), on_own_connection(self.db_path, use),
                             lambda result, error, cancelled: self._published(kind, path, result, error))
        return self.job

    def _published(self, kind: str, path: Path, result, error) -> None:
        title = self.tr(self.PUBLICATION_NAMES[kind])
        if error is not None:
            self.last_dialog = show_error(self, title, error)
            return
        if result is None:
            return
        box = QMessageBox(QMessageBox.Icon.Information, title, self.tr("已写出：{0}").format(path),
                          QMessageBox.StandardButton.Ok, self)
        box.open()
        self.last_dialog = box

    def write_summary(self, path: Path):
        from app.services.summary import export

        plan_id, as_of = self.plan_box.currentData(), self.today()
        work = on_own_connection(self.db_path, lambda db: export(db, plan_id, Path(path), as_of))
        self.job = start_job(self, self.tr("写出年度工作总结"), work, self._written)
        return self.job

    def _written(self, result, error, cancelled) -> None:
        title = self.tr("写出年度工作总结")
        if error is not None:
            self.last_dialog = show_error(self, title, error)
            return
        if result is None:
            return
        box = QMessageBox(QMessageBox.Icon.Information, title,
                          self.tr("年度工作总结已写出：{0}").format(result["file"]), QMessageBox.StandardButton.Ok, self)
        box.open()
        self.last_dialog = box
