"""The plans page (抽查计划, issue 11): the year's plans with their quotas, the rate check beside them and the
progress of the tasks they made; for the chosen plan its settings, exclusions with reasons, its draws (replaced
ones shown as replaced, with the reason) and its tasks by status. New / edit plan, exclusions and the
announce-and-draw dialog open from here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.registry import Category
from app.domain.tasks import TaskStatus
from app.services.browse import Registry
from app.ui import draw_views as views
from app.ui import settings as layout_settings
from app.ui.labels import join_names, label, short_category
from app.ui.plan_dialog import ERROR_STYLE, rate_check_text
from app.ui.table_layout import remember

KINDS = ("institutions", "inspectors")


def teams_available() -> bool:
    """Whether this build draws inspector teams (app/domain/teams.py)."""
    import importlib.util

    return importlib.util.find_spec("app.domain.teams") is not None


class PlansPage(QWidget):
    def __init__(self, registry: Registry, db_path: Path, parent=None):
        super().__init__(parent)
        self.registry, self.db_path = registry, db_path
        self.views: list = []
        self.last_dialog = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        heading = QLabel(self.tr("抽查计划"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        row.addWidget(heading)
        row.addStretch(1)
        self.new_button = self._button(row, self.tr("新建计划(&N)…"), self.ask_new)
        self.edit_button = self._button(row, self.tr("计划设置(&E)…"), self.ask_edit)
        self.exclude_button = self._button(row, self.tr("排除或列入机构(&X)…"), self.ask_exclusion)
        self.draw_button = self._button(row, self.tr("机构抽取(&D)…"), lambda: self.ask_draw("institutions"))
        self.teams_button = self._button(row, self.tr("检查人员抽取(&I)…"), lambda: self.ask_draw("inspectors"))
        self.teams_button.setVisible(teams_available())
        layout.addLayout(row)
        self.frozen = QLabel()
        self.frozen.setStyleSheet(ERROR_STYLE)
        self.frozen.setWordWrap(True)
        layout.addWidget(self.frozen)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = views.table([self.tr("年度"), self.tr("标题"), self.tr("抽查数量"), self.tr("比例核对"),
                                  self.tr("抽取"), self.tr("任务进度")], 1)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self.show_current)
        self.table.activated.connect(lambda _: self.ask_edit())
        splitter.addWidget(self.table)
        self.details = QTabWidget()
        self.settings = views.table([self.tr("项目"), self.tr("设置")])
        self.details.addTab(self.settings, self.tr("设置"))
        self.marks = views.table([self.tr("处理"), self.tr("机构"), self.tr("统一社会信用代码"), self.tr("理由")])
        self.details.addTab(self.marks, self.tr("排除与列入"))
        self.draws = views.table([self.tr("抽取"), self.tr("状态"), self.tr("公告时间"), self.tr("抽取时间"),
                                  self.tr("随机数"), self.tr("公告 SHA-256"), self.tr("随机数来源")], 6)
        self.draws.activated.connect(lambda index: self.open_draw_row(index.row()))
        self.details.addTab(self.draws, self.tr("抽取记录"))
        self.tasks = views.table([self.tr("任务状态"), self.tr("数量")])
        self.details.addTab(self.tasks, self.tr("任务"))
        splitter.addWidget(self.details)
        splitter.setSizes([220, 380])
        remember(splitter, layout_settings.PLANS_SPLITTER)  # where the user left it
        layout.addWidget(splitter, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.refresh()

    def _button(self, row: QHBoxLayout, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # --- reading -------------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        from app.services.plans import list_plans, overview, scope_count

        db = self.registry.db
        current = select or (self.current().plan.id if self.current() else None)
        self.views = [overview(db, p.id) for p in list_plans(db)]
        self.table.setRowCount(len(self.views))
        for r, shown in enumerate(self.views):
            plan = shown.plan
            quotas = self.tr(" · ").join(self.tr("{0} {1}").format(short_category(c), plan.quota(c))
                                         for c in Category)
            check = self.tr("未填比例") if plan.rate is None else rate_check_text(plan.rate, scope_count(
                db, plan.districts))
            views.fill_row(self.table, r, (plan.year, plan.title or self.tr("（无标题）"), quotas, check,
                                           self._draw_state(shown)))
            bar = QProgressBar()
            bar.setRange(0, max(shown.task_count, 1))
            bar.setValue(shown.done_count)
            bar.setFormat(self.tr("已完成 {0} / {1}").format(shown.done_count, shown.task_count))
            bar.setAccessibleName(bar.format())
            self.table.setCellWidget(r, 5, bar)
        self.count.setText(self.tr("共 %n 个抽查计划", "", len(self.views)))
        rows = [r for r, v in enumerate(self.views) if v.plan.id == current]
        if rows or self.views:
            self.table.selectRow(rows[0] if rows else 0)
        self.show_current()

    def _draw_state(self, shown) -> str:
        parts = []
        for kind in KINDS:
            draw = shown.current(kind)
            what = self.tr("机构") if kind == "institutions" else self.tr("检查人员")
            if draw is None:
                if kind == "institutions":
                    parts.append(self.tr("{0}：未公告").format(what))
            elif draw.done:
                parts.append(self.tr("{0}：已抽取").format(what))
            else:
                parts.append(self.tr("{0}：已公告，待随机数").format(what))
        return self.tr("；").join(parts)

    def current(self):
        row = self.table.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def show_current(self) -> None:
        shown = self.current()
        frozen = bool(shown and shown.draws)
        for button in (self.edit_button, self.exclude_button, self.draw_button, self.teams_button):
            button.setEnabled(shown is not None)
        self.exclude_button.setEnabled(shown is not None and not frozen)
        reason = self.tr("此计划已公告抽取：设置和排除名单已按公告冻结，不能再改（计划设置只能查看）。") if frozen else ""
        self.frozen.setText(reason)
        self.frozen.setVisible(frozen)
        self.exclude_button.setToolTip(reason)
        self.edit_button.setText(self.tr("查看计划设置(&E)…") if frozen else self.tr("计划设置(&E)…"))
        self.teams_button.setEnabled(bool(shown and shown.current("institutions") and shown.current("institutions").done))
        if shown is None:
            for table in (self.settings, self.marks, self.draws, self.tasks):
                table.setRowCount(0)
            return
        views.fill(self.settings, self.settings_rows(shown.plan))
        views.fill(self.marks, [(self.tr("不列入") if x.kind == "exclude" else self.tr("仍列入"), x.name,
                                 x.credit_code, x.reason) for x in shown.exclusions])
        self.fill_draws(shown)
        rows = [(label(TaskStatus(status)), n) for status, n in sorted(
            shown.tasks.items(), key=lambda kv: list(TaskStatus).index(TaskStatus(kv[0])))]
        rows.append((self.tr("合计（已完成 {0}）").format(shown.done_count), shown.task_count))
        views.fill(self.tasks, rows)

    def fill_draws(self, shown) -> None:
        replaced_by = {d.replaces: d for d in shown.draws if d.replaces}
        rows = []
        for d in shown.draws:
            what = self.tr("机构") if d.kind == "institutions" else self.tr("检查人员")
            later = replaced_by.get(d.id)
            if later is not None:
                state = self.tr("已被重新抽取取代（理由：{0}）").format(later.reason)
            else:
                state = self.tr("已抽取") if d.done else self.tr("已公告，待随机数")
            if d.replaces:
                state += self.tr("；重新抽取，理由：{0}").format(d.reason)
            rows.append((what, state, views.local_time(d.announced_at), views.local_time(d.drawn_at), d.seed or "",
                         d.announcement_sha256[:16] + "…", d.source))
        views.fill(self.draws, rows)
        for r, d in enumerate(shown.draws):  # the whole hash where the short one is shown
            self.draws.item(r, 5).setToolTip(d.announcement_sha256)

    def settings_rows(self, plan) -> list[tuple]:
        def day(value):
            return value.isoformat() if value else self.tr("未定")

        risk = join_names(self.tr("{0}类 {1}%").format(k.value, f"{(v * 100).normalize():f}")
                          for k, v in sorted(plan.risk_rates.items()))
        helper = plan.team_helper_level
        experts = join_names(self.tr("{0} {1} 名").format(short_category(c), n) for c, n in plan.experts.items() if n)
        return [
            (self.tr("年度"), plan.year), (self.tr("组织层级"), label(plan.level)),
            (self.tr("抽查数量"), join_names(self.tr("{0} {1} 家").format(short_category(c), plan.quota(c))
                                          for c in Category)),
            (self.tr("抽查比例"), self.tr("未填") if plan.rate is None
             else self.tr("{0}%（核对用，不折算为数量）").format(f"{(plan.rate * 100).normalize():f}")),
            (self.tr("重点抽查对象"), label(plan.priority)),
            (self.tr("信用风险分层"), risk or self.tr("不分层")),
            (self.tr("区县"), join_names(plan.districts) or self.tr("全部机构")),
            (self.tr("发文机关"), join_names(plan.organs) or self.tr("未填")),
            (self.tr("通知文号"), plan.notice_number or self.tr("未填")),
            (self.tr("自查截止"), day(plan.self_check_by)),
            (self.tr("现场检查"), self.tr("{0} 至 {1}").format(day(plan.on_site_from), day(plan.on_site_by))),
            (self.tr("总结上报截止"), day(plan.summary_by)),
            (self.tr("检查组"), self.tr("每组市场监管执法人员 {0} 名（含组长）；协助人员：{1}；专家：{2}").format(
                plan.market_officers, label(helper) if helper else self.tr("无下级"), experts or self.tr("无"))),
            (self.tr("计划ID"), plan.id),
        ]

    # --- dialogs -------------------------------------------------------------------------------------

    def _count(self, districts) -> int:
        from app.services.plans import scope_count

        return scope_count(self.registry.db, districts)

    def ask_new(self):
        from app.ui.plan_dialog import PlanDialog

        dialog = PlanDialog(self, self.db_path, self.registry.districts(), self._count)
        dialog.saved.connect(self.refresh)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def ask_edit(self):
        from app.ui.plan_dialog import PlanDialog

        shown = self.current()
        if shown is None:
            return None
        dialog = PlanDialog(self, self.db_path, self.registry.districts(), self._count, shown.plan,
                            frozen=bool(shown.draws))
        dialog.saved.connect(self.refresh)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def ask_exclusion(self):
        from app.ui.plan_dialog import ExclusionDialog

        shown = self.current()
        if shown is None or shown.draws:
            return None
        dialog = ExclusionDialog(self, self.registry, self.db_path, shown.plan)
        dialog.saved.connect(self.refresh)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def ask_draw(self, kind: str):
        from app.ui.draw_dialog import DrawDialog

        shown = self.current()
        if shown is None:
            return None
        dialog = DrawDialog(self, self.db_path, shown.plan.id, kind)
        dialog.changed.connect(self.refresh)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def open_draw_row(self, row: int):
        shown = self.current()
        if shown is None or not 0 <= row < len(shown.draws):
            return None
        return self.ask_draw(shown.draws[row].kind)
