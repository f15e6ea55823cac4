"""The new / edit plan dialog (issue 11): every setting of a plan, checked field by field, the reason for a
refusal written next to the field; and the dialog that leaves an institution out of a plan's pools (or puts a
higher level's pick back) with the reason it requires.

A plan whose draw has been announced is shown read-only, with the reason (the announcement froze it).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.plan import LEVELS, Plan, PlanError, Priority, parse_rate
from app.domain.problems import SpotcheckError
from app.domain.registry import Category, Level, RiskClass
from app.ui.labels import label, short_category
from app.ui.problem_dialogs import show_error
from app.ui.screen_fit import resize_within_screen

ERROR_STYLE = "color: #a40000;"


def rate_check_text(rate, count: int) -> str:
    """“4% × 99 = 3.96”: the rate over the registry in scope, unrounded (shown beside the quotas)."""
    percent = f"{(rate * 100).normalize():f}%"
    return f"{percent} × {count} = {(rate * count).normalize():f}"


def _normal(text: str) -> str:
    """What a Chinese input method types (full-width digits, ％, －) read as the ASCII it stands for."""
    return unicodedata.normalize("NFKC", text).strip()


class _Field(QWidget):
    """An input with its error shown beside it (hidden while there is none)."""

    def __init__(self, editor: QWidget, note: str = ""):
        super().__init__()
        self.editor = editor
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor, 1)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note, 1)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error, 2)

    def set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.note.setVisible(not text and bool(self.note.text()))


class PlanDialog(QDialog):
    """New plan (`plan` None) or a plan's settings. Emits `saved(plan_id)` once stored."""

    saved = Signal(str)

    def __init__(self, parent, db_path: Path, districts: list[str], registry_count, plan: Plan | None = None,
                 frozen: bool = False):
        super().__init__(parent)
        self.db_path, self.plan, self.registry_count = db_path, plan, registry_count
        self.setWindowTitle(self.tr("修改抽查计划") if plan else self.tr("新建抽查计划"))
        resize_within_screen(self, 860, 520)
        outer = QVBoxLayout(self)
        self.frozen_label = QLabel(self.tr(
            "此计划已公告抽取，设置不能再改：公告已按当时的设置冻结。如需按新设置抽取，请新建计划。"))
        self.frozen_label.setStyleSheet(ERROR_STYLE)
        self.frozen_label.setWordWrap(True)
        self.frozen_label.setVisible(frozen)
        outer.addWidget(self.frozen_label)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.fields: dict[str, _Field] = {}
        self._basics()
        self._scope(districts)
        self._notice()
        self._teams()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存(&S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        if plan is not None:
            self._show(plan)
        self._rate_changed()
        if frozen:  # every setting stays readable: the tabs can be switched, their fields cannot be changed
            for index in range(self.tabs.count()):
                self.tabs.widget(index).setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(self.frozen_label.text())

    # --- the tabs ----------------------------------------------------------------------------------

    def _field(self, form: QFormLayout, name: str, caption: str, editor: QWidget, note: str = "") -> QWidget:
        field = _Field(editor, note)
        self.fields[name] = field
        caption_label = QLabel(caption)
        caption_label.setBuddy(editor)
        form.addRow(caption_label, field)
        return editor

    def _page(self, title: str, stretch: bool = True) -> QFormLayout:
        page = QWidget()
        column = QVBoxLayout(page)
        form = QFormLayout()
        column.addLayout(form, 0 if stretch else 1)
        if stretch:  # the rows keep their height; the space left stays below them
            column.addStretch(1)
        self.tabs.addTab(page, title)
        return form

    def _basics(self) -> None:
        form = self._page(self.tr("计划与数量(&1)"))
        self.year = self._field(form, "year", self.tr("年度(&Y)："), QSpinBox())
        self.year.setRange(2000, 2100)
        self.year.setValue(2025)
        self.title = self._field(form, "title", self.tr("标题(&T)："), QLineEdit())
        self.title.setPlaceholderText(self.tr("如：2025年度检验检测机构“双随机、一公开”监督抽查"))
        self.level = self._field(form, "level", self.tr("组织层级(&L)："), QComboBox())
        for level in Level:
            self.level.addItem(label(level), level.value)
        self.level.setCurrentIndex(self.level.findData(Level.CITY.value))
        quotas = QWidget()
        row = QHBoxLayout(quotas)
        row.setContentsMargins(0, 0, 0, 0)
        self.quotas: dict[Category, QSpinBox] = {}
        for category in Category:
            spin = QSpinBox()
            spin.setRange(0, 65535)
            spin.setAccessibleName(short_category(category))
            caption = QLabel(short_category(category))
            caption.setBuddy(spin)
            row.addWidget(caption)
            row.addWidget(spin)
            self.quotas[category] = spin
        self._field(form, "quotas", self.tr("抽查数量(&Q)："), quotas, self.tr("未填的领域不抽取"))
        self.rate = self._field(form, "rate", self.tr("抽查比例(&R)："), QLineEdit(),
                                self.tr("核对用，不折算为数量"))
        self.rate.setPlaceholderText(self.tr("如 4% 或 0.04"))
        self.rate.textChanged.connect(self._rate_changed)
        self.rate_check = QLabel()
        form.addRow(QLabel(self.tr("比例核对：")), self.rate_check)
        self.priority = self._field(form, "priority", self.tr("重点抽查对象(&P)："), QComboBox())
        for priority in Priority:
            self.priority.addItem(label(priority), priority.value)
        risks = QWidget()
        grid = QHBoxLayout(risks)
        grid.setContentsMargins(0, 0, 0, 0)
        self.risk_rates: dict[RiskClass, QLineEdit] = {}
        for risk in RiskClass:
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("不抽"))
            edit.setMaximumWidth(80)
            caption = QLabel(self.tr("{0}类").format(risk.value))
            caption.setBuddy(edit)
            grid.addWidget(caption)
            grid.addWidget(edit)
            self.risk_rates[risk] = edit
        self._field(form, "risk_rates", self.tr("信用风险分层(&K)："), risks,
                    self.tr("全部留空：不分层（差异化监管时填各类比例）"))

    def _scope(self, districts: list[str]) -> None:
        form = self._page(self.tr("范围(&2)"), stretch=False)
        self.districts = QListWidget()
        for name in districts:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.districts.addItem(item)
        self._field(form, "districts", self.tr("区县(&D)："), self.districts,
                    self.tr("勾选计划范围内的区县；都不勾选即全部机构（空格键勾选）"))
        self.districts.itemChanged.connect(lambda _: self._rate_changed())

    def _notice(self) -> None:
        form = self._page(self.tr("通知与期限(&3)"))
        self.organs = self._field(form, "organs", self.tr("发文机关(&O)："), QPlainTextEdit(),
                                  self.tr("每行一个，组织单位在前"))
        self.organs.setTabChangesFocus(True)
        self.fields["organs"].setMaximumHeight(90)
        self.notice_number = self._field(form, "notice_number", self.tr("通知文号(&N)："), QLineEdit())
        self.notice_number.setPlaceholderText(self.tr("如：同市监认证〔2025〕92号"))
        self.dates: dict[str, QLineEdit] = {}
        for name, caption in (("self_check_by", self.tr("自查截止(&S)：")), ("on_site_from", self.tr("现场检查开始(&F)：")),
                              ("on_site_by", self.tr("现场检查截止(&B)：")), ("summary_by", self.tr("总结上报截止(&U)："))):
            edit = self._field(form, name, caption, QLineEdit())
            edit.setPlaceholderText("YYYY-MM-DD")
            self.dates[name] = edit

    def _teams(self) -> None:
        form = self._page(self.tr("检查组(&4)"))
        self.helper_level = self._field(form, "helper_level", self.tr("协助人员来自(&H)："), QComboBox())
        self.helper_level.addItem(self.tr("组织层级的下一级（默认）"), None)
        for level in Level:
            self.helper_level.addItem(label(level), level.value)
        self.helpers = self._field(form, "helpers", self.tr("协助人员(&A)："), QCheckBox(self.tr("由下级派人协助")),
                                   self.tr("不勾选：全部由组织层级的人员组成"))
        self.helpers.setChecked(True)
        self.helpers_from_district = self._field(
            form, "helpers_from_district", self.tr("协助人员区县(&W)："),
            QCheckBox(self.tr("须服务被检查机构所在区县")), self.tr("不勾选：不限区县"))
        self.helpers_from_district.setChecked(True)
        self.market_officers = self._field(form, "market_officers", self.tr("每组市场监管执法人员(&M)："), QSpinBox(),
                                           self.tr("含组长，至少 2 名"))
        self.market_officers.setRange(2, 20)
        experts = QWidget()
        row = QHBoxLayout(experts)
        row.setContentsMargins(0, 0, 0, 0)
        self.experts: dict[Category, QSpinBox] = {}
        for category in Category:
            spin = QSpinBox()
            spin.setRange(0, 20)
            caption = QLabel(short_category(category))
            caption.setBuddy(spin)
            row.addWidget(caption)
            row.addWidget(spin)
            self.experts[category] = spin
        self._field(form, "experts", self.tr("每组专家(&E)："), experts, self.tr("按需添加，不计为执法人员"))

    # --- values ------------------------------------------------------------------------------------

    def _show(self, plan: Plan) -> None:
        self.year.setValue(plan.year)
        self.title.setText(plan.title)
        self.level.setCurrentIndex(self.level.findData(plan.level.value))
        for category, spin in self.quotas.items():
            spin.setValue(plan.quota(category))
        self.rate.setText("" if plan.rate is None else f"{(plan.rate * 100).normalize():f}%")
        self.priority.setCurrentIndex(self.priority.findData(plan.priority.value))
        for risk, edit in self.risk_rates.items():
            rate = plan.risk_rates.get(risk)
            edit.setText("" if rate is None else f"{(rate * 100).normalize():f}%")
        for i in range(self.districts.count()):
            item = self.districts.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in plan.districts else Qt.CheckState.Unchecked)
        self.organs.setPlainText("\n".join(plan.organs))
        self.notice_number.setText(plan.notice_number)
        for name, edit in self.dates.items():
            value = getattr(plan, name)
            edit.setText(value.isoformat() if value else "")
        self.helper_level.setCurrentIndex(self.helper_level.findData(
            plan.helper_level.value if plan.helper_level else None))
        self.helpers.setChecked(plan.helpers)
        self.helpers_from_district.setChecked(plan.helpers_from_district)
        self.market_officers.setValue(plan.market_officers)
        for category, spin in self.experts.items():
            spin.setValue(plan.experts.get(category, 0))

    def chosen_districts(self) -> list[str]:
        return [self.districts.item(i).text() for i in range(self.districts.count())
                if self.districts.item(i).checkState() == Qt.CheckState.Checked]

    def _rate_changed(self) -> None:
        try:
            rate = parse_rate(_normal(self.rate.text()))
        except PlanError:
            self.rate_check.setText(self.tr("—"))
            return
        if rate is None:
            self.rate_check.setText(self.tr("未填抽查比例"))
            return
        count = self.registry_count(self.chosen_districts())
        self.rate_check.setText(self.tr("{0}（机构库中范围内 {1} 家，按比例应抽约此数；抽查数量以上面所填为准）").format(
            rate_check_text(rate, count), count))

    def settings(self) -> dict | None:
        """The settings as Plan.from_json reads them, or None when a field is refused (its error shown)."""
        for field in self.fields.values():
            field.set_error("")
        errors: dict[str, str] = {}
        out: dict = {"year": self.year.value(), "title": self.title.text().strip(), "level": self.level.currentData(),
                     "quotas": {c.value: s.value() for c, s in self.quotas.items() if s.value()},
                     "priority": self.priority.currentData()}
        try:
            rate = parse_rate(_normal(self.rate.text()))
            out["rate"] = None if rate is None else f"{rate:f}"
        except PlanError as exc:
            errors["rate"] = str(exc)
        risks = {}
        for risk, edit in self.risk_rates.items():
            try:
                rate = parse_rate(_normal(edit.text()))
            except PlanError as exc:
                errors["risk_rates"] = self.tr("{0}类：{1}").format(risk.value, exc)
                continue
            if rate is not None:
                risks[risk.value] = f"{rate:f}"
        out["risk_rates"] = risks
        out["districts"] = self.chosen_districts()
        out["organs"] = [line.strip() for line in self.organs.toPlainText().splitlines() if line.strip()]
        out["notice_number"] = self.notice_number.text().strip()
        for name, edit in self.dates.items():
            text = _normal(edit.text())
            try:
                Plan.from_json({"year": 2025, name: text})
            except PlanError as exc:
                errors[name] = str(exc)
            out[name] = text or None
        out["helper_level"] = self.helper_level.currentData()
        out["helpers"] = self.helpers.isChecked()
        out["helpers_from_district"] = self.helpers_from_district.isChecked()
        out["market_officers"] = self.market_officers.value()
        out["experts"] = {c.value: s.value() for c, s in self.experts.items() if s.value()}
        if not errors:
            try:
                Plan.from_json(out)
            except PlanError as exc:
                errors[self._field_of(out)] = str(exc)
        if errors:
            for name, text in errors.items():
                self.fields[name].set_error(text)
            first = next(name for name in self.fields if name in errors)
            field = self.fields[first]
            self.tabs.setCurrentWidget(self._tab_of(field))
            field.editor.setFocus()
            return None
        return out

    @staticmethod
    def _field_of(out: dict) -> str:
        """Which field a refusal of the settings as a whole belongs beside (rules across fields)."""
        if out["on_site_from"] and out["on_site_by"] and (
                date.fromisoformat(out["on_site_from"]) > date.fromisoformat(out["on_site_by"])):
            return "on_site_by"
        if out["helper_level"] and LEVELS.index(Level(out["helper_level"])) <= LEVELS.index(Level(out["level"])):
            return "helper_level"
        return "quotas"

    def _tab_of(self, widget: QWidget) -> QWidget:
        while widget.parentWidget() is not None and self.tabs.indexOf(widget) < 0:
            widget = widget.parentWidget()
        return widget

    def accept(self) -> None:
        from app.services.plans import create_plan, update_plan
        from app.services.storage import connect

        settings = self.settings()
        if settings is None:
            return
        db = connect(self.db_path)
        try:
            if self.plan is None:
                plan = create_plan(db, Plan.from_json(settings))
            else:
                plan = update_plan(db, self.plan.id, **settings)
        except SpotcheckError as error:
            show_error(self, self.windowTitle(), error)
            return
        finally:
            db.close()
        super().accept()
        self.saved.emit(plan.id)


class ExclusionDialog(QDialog):
    """Find an institution by name or credit code; leave it out of the plan (排除), put a higher level's pick
    back in (列入), or clear what was set — with the reason, which is required and published with the draw."""

    saved = Signal(str)

    def __init__(self, parent, registry, db_path: Path, plan: Plan):
        super().__init__(parent)
        self.registry, self.db_path, self.plan = registry, db_path, plan
        self.setWindowTitle(self.tr("排除或列入机构"))
        resize_within_screen(self, 760, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("计划：{0}").format(plan.title or plan.year)))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("输入机构名称或统一社会信用代码的一部分"))
        self.search.textChanged.connect(self._search)
        caption = QLabel(self.tr("查找机构(&F)："))
        caption.setBuddy(self.search)
        layout.addWidget(caption)
        layout.addWidget(self.search)
        self.results = QListWidget()
        layout.addWidget(self.results, 1)
        self.found = QLabel()
        layout.addWidget(self.found)
        kinds = QHBoxLayout()
        self.kind = QButtonGroup(self)
        for n, (kind, text) in enumerate((("exclude", self.tr("排除：不列入抽取名单(&X)")),
                                          ("include", self.tr("列入：上级已抽取的仍列入本级名单(&I)")),
                                          (None, self.tr("取消已设的排除或列入(&C)")))):
            button = QRadioButton(text)
            button.setProperty("kind", kind)
            self.kind.addButton(button, n)
            kinds.addWidget(button)
        self.kind.button(0).setChecked(True)
        layout.addLayout(kinds)
        grid = QGridLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("如：正在立案调查；省局同意本级再次检查"))
        caption = QLabel(self.tr("理由(&R)："))
        caption.setBuddy(self.reason)
        grid.addWidget(caption, 0, 0)
        grid.addWidget(self.reason, 0, 1)
        self.reason_error = QLabel()
        self.reason_error.setStyleSheet(ERROR_STYLE)
        self.reason_error.setWordWrap(True)
        grid.addWidget(self.reason_error, 1, 1)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定(&O)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.setFocus()

    def _search(self, text: str) -> None:
        from app.services.browse import InstitutionFilter

        self.results.clear()
        text = _normal(text)
        if not text:
            self.found.setText("")
            return
        ids = self.registry.institution_ids(InstitutionFilter(text=text))
        rows = self.registry.institution_rows(ids[:200])
        for rowid in ids[:200]:
            row = rows[rowid]
            item = QListWidgetItem(self.tr("{0}  {1}（{2}）").format(row[2], row[1], row[4] or self.tr("区县未填")))
            item.setData(Qt.ItemDataRole.UserRole, row[2])
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.found.setText(self.tr("找到 {0} 家").format(len(ids)) if len(ids) <= 200
                           else self.tr("找到 {0} 家，只列出前 200 家：请输入更多字").format(len(ids)))

    def accept(self) -> None:
        from app.services.plans import set_exclusion
        from app.services.storage import connect

        item = self.results.currentItem()
        kind = self.kind.checkedButton().property("kind")
        self.reason_error.setText("")
        if item is None:
            self.reason_error.setText(self.tr("请先查找并选中一家机构。"))
            self.search.setFocus()
            return
        if kind and not self.reason.text().strip():
            self.reason_error.setText(self.tr("排除或列入一家机构必须写明理由（将随抽取记录公布）。"))
            self.reason.setFocus()
            return
        db = connect(self.db_path)
        try:
            set_exclusion(db, self.plan.id, item.data(Qt.ItemDataRole.UserRole), kind, self.reason.text())
        except SpotcheckError as error:
            show_error(self, self.windowTitle(), error)
            return
        finally:
            db.close()
        super().accept()
        self.saved.emit(self.plan.id)
