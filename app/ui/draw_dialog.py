"""The announce-and-draw dialog (issue 11): RFC 3797's discipline in three steps.

1. **Announce** — each category's pool as it would be frozen now (count, stages and how many each selects, the
   pool's SHA-256, the excluded with reasons), and the named future public source of the seed; announcing
   freezes them and offers the announcement for publication.
2. **Seed** — later, when the numbers exist: typed as the source publishes them (a Chinese input method's
   full-width digits and separators are read the same), the RFC 3797 key shown as it is typed, then the draw.
3. **Result** — per category the institutions in draw order, how each was selected, who is handed on, the
   shortfall, every step; the record re-checked by `draw_record.verify` on its own content (复核通过 or the
   problems); the record exported. A re-draw goes back to step 1 and requires a reason.

Announcing and drawing read the whole registry: they run off the UI thread with progress (app/ui/jobs.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import Cancelled
from app.ui import draw_views as views
from app.ui.jobs import on_own_connection, start_job
from app.ui.plan_dialog import ERROR_STYLE
from app.ui.problem_dialogs import show_error

OK_STYLE = "color: #1a6b1a; font-weight: bold;"


def _error_label() -> QLabel:
    out = QLabel()
    out.setStyleSheet(ERROR_STYLE)
    out.setWordWrap(True)
    return out


class DrawDialog(QDialog):
    """The plan's draw of one kind ('institutions'); `changed(plan_id)` after an announcement or a draw."""

    changed = Signal(str)

    def __init__(self, parent, db_path: Path, plan_id: str, kind: str = "institutions"):
        super().__init__(parent)
        self.db_path, self.plan_id, self.kind = db_path, plan_id, kind
        self.draw = None  # the current draw of this kind (announced or done), or None
        self.problems: list[str] | None = None  # the verification of a done draw
        self.job = None
        self.last_dialog = None
        self.setWindowTitle(self.tr("公告与抽取：检查对象（机构）"))
        self.resize(1000, 560)
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.announce_page = self._announce_page()
        self.seed_page = self._seed_page()
        self.result_page = self._result_page()
        for page in (self.announce_page, self.seed_page, self.result_page):
            self.pages.addWidget(page)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        row.addWidget(close)
        layout.addLayout(row)
        self.load()

    # --- the three pages ---------------------------------------------------------------------------

    def _announce_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.announce_intro = QLabel(self.tr(
            "第一步：公告。下列名单按统一社会信用代码升序冻结，记录各名单的 SHA-256 和将来公开的随机数来源；"
            "随机数公开后再抽取，任何人都可以按公告复核。"))
        self.announce_intro.setWordWrap(True)
        layout.addWidget(self.announce_intro)
        tabs = QTabWidget()
        self.pools = views.pools_table()
        tabs.addTab(self.pools, self.tr("各领域名单(&L)"))
        self.marked = views.marked_table()
        tabs.addTab(self.marked, self.tr("排除和仍列入的机构(&E)"))
        layout.addWidget(tabs, 1)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        layout.addWidget(self.preview_note)
        grid = QGridLayout()
        self.reason_caption = QLabel(self.tr("重新抽取的理由(&R)："))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("必填：原记录将保留，理由随新记录公布"))
        self.reason_caption.setBuddy(self.reason)
        self.reason_error = _error_label()
        grid.addWidget(self.reason_caption, 0, 0)
        grid.addWidget(self.reason, 0, 1)
        grid.addWidget(self.reason_error, 1, 1)
        source_caption = QLabel(self.tr("随机数来源(&S)："))
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("公告时尚未产生的公开数字，如“2025年9月20日中国体育彩票排列5开奖号码”"))
        source_caption.setBuddy(self.source)
        self.source_error = _error_label()
        grid.addWidget(source_caption, 2, 0)
        grid.addWidget(self.source, 2, 1)
        grid.addWidget(self.source_error, 3, 1)
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addStretch(1)
        self.announce_button = QPushButton(self.tr("公告(&A)"))
        self.announce_button.clicked.connect(self.announce)
        self.source.returnPressed.connect(self.announce)
        row.addWidget(self.announce_button)
        layout.addLayout(row)
        return page

    def _seed_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.seed_intro = QLabel()
        self.seed_intro.setWordWrap(True)
        layout.addWidget(self.seed_intro)
        self.seed_pools = views.pools_table()
        layout.addWidget(self.seed_pools, 1)
        publish = QHBoxLayout()
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        publish.addWidget(self.saved_note, 1)
        save = QPushButton(self.tr("保存公告以便公布(&P)…"))
        save.clicked.connect(self.ask_export)
        publish.addWidget(save)
        again = QPushButton(self.tr("重新公告(&R)…"))
        again.clicked.connect(self.redo)
        publish.addWidget(again)
        layout.addLayout(publish)
        grid = QGridLayout()
        caption = QLabel(self.tr("随机数(&N)："))
        self.seed = QLineEdit()
        self.seed.setPlaceholderText(self.tr("各组用“/”分隔，组内用空格或逗号分隔，如 9319 / 2 5 12 8 10 / 9 18 26 34 41 45"))
        caption.setBuddy(self.seed)
        self.seed.textChanged.connect(self._seed_changed)
        self.seed.returnPressed.connect(self.run_draw)
        grid.addWidget(caption, 0, 0)
        grid.addWidget(self.seed, 0, 1)
        self.key = QLabel()
        self.key.setWordWrap(True)
        grid.addWidget(self.key, 1, 1)
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addStretch(1)
        self.draw_button = QPushButton(self.tr("抽取(&D)"))
        self.draw_button.clicked.connect(self.run_draw)
        row.addWidget(self.draw_button)
        layout.addLayout(row)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        tabs = QTabWidget()
        self.selected = views.selected_table()
        tabs.addTab(self.selected, self.tr("抽中的机构(&L)"))
        self.steps = views.steps_table()
        tabs.addTab(self.steps, self.tr("每一步(&T)"))
        self.result_pools = views.pools_table()
        tabs.addTab(self.result_pools, self.tr("公告的名单(&O)"))
        layout.addWidget(tabs, 1)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        row = QHBoxLayout()
        row.addStretch(1)
        export = QPushButton(self.tr("导出抽取记录(&E)…"))
        export.clicked.connect(self.ask_export)
        row.addWidget(export)
        self.redo_button = QPushButton(self.tr("重新抽取(&R)…"))
        self.redo_button.clicked.connect(self.redo)
        row.addWidget(self.redo_button)
        layout.addLayout(row)
        return page

    # --- state ---------------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the step the plan's draw is at."""
        from app.services.draws import get_draw
        from app.services.plans import overview
        from app.services.storage import connect

        db = connect(self.db_path)
        try:
            shown = overview(db, self.plan_id)
            current = shown.current(self.kind)
            self.draw = None if current is None else get_draw(db, current.id)
        finally:
            db.close()
        self.has_tasks = bool(shown.tasks)
        if self.draw is None:
            self.show_announce(redo=False)
        elif not self.draw.done:
            self.show_seed()
        else:
            self.show_result()

    def show_announce(self, redo: bool) -> None:
        self.redoing = redo
        for widget in (self.reason_caption, self.reason, self.reason_error):
            widget.setVisible(redo)
        self.reason_error.setText("")
        self.source_error.setText("")
        self.pages.setCurrentWidget(self.announce_page)
        self.preview_note.setText(self.tr("正在按机构库和计划的排除名单整理各领域名单…"))
        self.announce_button.setEnabled(False)
        (self.reason if redo else self.source).setFocus()
        work = on_own_connection(self.db_path, self._preview_work())
        self.job = start_job(self, self.tr("整理抽取名单"), work, self._previewed)

    def _preview_work(self):
        from app.services.draws import preview_institutions

        def use(db):
            return preview_institutions(db, self.plan_id)
        return use

    def _previewed(self, announcement, error, cancelled) -> None:
        if error is not None:
            self.preview_note.setText(self.tr("名单无法整理，见错误说明。"))
            self.last_dialog = show_error(self, self.windowTitle(), error)
            return
        if cancelled or announcement is None:
            self.preview_note.setText(self.tr("已取消。"))
            return
        self.preview = announcement
        views.fill_pools(self.pools, announcement)
        views.fill_marked(self.marked, announcement)
        check = announcement.get("rate_check")
        text = self.tr("计划范围内机构库共 {0} 家；可抽取 {1} 家，不列入 {2} 家。").format(
            announcement["registry_count"], len(announcement["institutions"]), len(announcement["excluded"]))
        if check is not None:
            text += self.tr("按抽查比例核对：{0} 家（核对用，不折算为数量）。").format(check)
        self.preview_note.setText(text)
        self.announce_button.setEnabled(True)

    def show_seed(self) -> None:
        draw = self.draw
        self.pages.setCurrentWidget(self.seed_page)
        self.seed_intro.setText(self.tr(
            "第二步：抽取。已于 {0} 公告，随机数来源：{1}。\n公告 SHA-256：{2}\n"
            "随机数公开后，照公布的数字输入（全角数字和标点也可以）。可以先关闭本窗口，以后从计划页继续。").format(
                views.local_time(draw.announced_at), draw.source, draw.announcement_sha256))
        views.fill_pools(self.seed_pools, draw.announcement)
        self._seed_changed(self.seed.text())
        self.seed.setFocus()

    def show_result(self, problems: list[str] | None = None) -> None:
        draw = self.draw
        self.pages.setCurrentWidget(self.result_page)
        self.summary.setText(self.tr("随机数来源：{0}\n随机数：{1}    密钥：{2}    抽取时间：{3}").format(
            draw.source, draw.seed, draw.key, views.local_time(draw.drawn_at)))
        views.fill_selected(self.selected, draw.announcement, draw.result)
        views.fill_steps(self.steps, draw.announcement, draw.result)
        views.fill_pools(self.result_pools, draw.announcement)
        self.outcome.setText("\n".join(views.outcome_lines(draw.announcement, draw.result)))
        self.redo_button.setEnabled(not self.has_tasks)
        self.redo_button.setToolTip(self.tr("已按结果建立检查任务，不能再重新抽取") if self.has_tasks else "")
        if problems is None:
            self.verdict.setText(self.tr("正在按记录本身复核…"))
            self.verdict.setStyleSheet("")
            self.job = start_job(self, self.tr("复核抽取记录"), self._verify_work(draw), self._verified)
        else:
            self._show_verdict(problems)

    def _verify_work(self, draw):
        def work(progress, cancelled):
            from app.domain import draw_record
            from app.services.draws import record_of

            progress(0, 0, self.tr("正在按记录本身复核…"))
            return draw_record.verify(record_of(draw))
        return work

    def _verified(self, problems, error, cancelled) -> None:
        if error is not None:
            self.last_dialog = show_error(self, self.windowTitle(), error)
            return
        if not cancelled:
            self._show_verdict(problems)

    def _show_verdict(self, problems: list[str]) -> None:
        self.problems = problems
        if not problems:
            self.verdict.setText(self.tr("复核通过：按记录本身（公告的名单、随机数）重算，结果完全一致。"))
            self.verdict.setStyleSheet(OK_STYLE)
        else:
            self.verdict.setText(self.tr("复核不通过：") + "\n".join(problems))
            self.verdict.setStyleSheet(ERROR_STYLE)

    # --- actions -------------------------------------------------------------------------------------

    def announce(self) -> None:
        from app.services.draws import announce_institutions

        self.source_error.setText("")
        self.reason_error.setText("")
        source, reason = self.source.text().strip(), self.reason.text().strip()
        if self.redoing and not reason:
            self.reason_error.setText(self.tr("重新抽取必须写明理由：原记录将保留，理由随新记录公布。"))
            self.reason.setFocus()
            return
        if not source:
            self.source_error.setText(self.tr("请写明随机数的来源：公告时尚未产生的公开数字。"))
            self.source.setFocus()
            return
        if not self.announce_button.isEnabled():
            return

        def work(progress, cancelled):
            progress(0, 0, self.tr("正在冻结名单并计算 SHA-256…"))
            if cancelled():
                raise Cancelled()
            return on_own_connection(self.db_path, lambda db: announce_institutions(
                db, self.plan_id, source, reason))(progress, cancelled)

        self.announce_button.setEnabled(False)
        self.job = start_job(self, self.tr("公告抽取"), work, self._announced)

    def _announced(self, draw, error, cancelled) -> None:
        self.announce_button.setEnabled(True)
        if error is not None:
            self.last_dialog = show_error(self, self.tr("公告抽取"), error)
            return
        if cancelled or draw is None:
            return
        self.draw = draw
        self.saved_note.setText(self.tr("已公告。请保存公告文件（JSON）并公布，随机数产生之前公布才可供复核。"))
        self.saved_note.setStyleSheet(OK_STYLE)
        self.changed.emit(self.plan_id)
        self.show_seed()

    def _seed_changed(self, text: str) -> None:
        from app.domain import draw_record
        from app.domain.draw import DrawError

        if not text.strip():
            self.key.setText(self.tr("密钥：（输入随机数后显示）"))
            self.key.setStyleSheet("")
            return
        try:
            key = draw_record.seed_json(text)["key"]
        except DrawError as exc:
            self.key.setText(str(exc))
            self.key.setStyleSheet(ERROR_STYLE)
            return
        self.key.setText(self.tr("密钥：{0}").format(key))
        self.key.setStyleSheet("")

    def run_draw(self) -> None:
        from app.domain import draw_record
        from app.services.draws import draw_institutions, record_of

        seed = self.seed.text()
        if not seed.strip():
            self._seed_changed(seed)
            self.key.setText(self.tr("请输入公布的随机数。"))
            self.key.setStyleSheet(ERROR_STYLE)
            return

        def use(db):
            draw = draw_institutions(db, self.plan_id, seed)
            return draw, draw_record.verify(record_of(draw))

        def work(progress, cancelled):
            progress(0, 0, self.tr("正在核对名单与公告是否一致并抽取…"))
            return on_own_connection(self.db_path, use)(progress, cancelled)

        self.draw_button.setEnabled(False)
        self.job = start_job(self, self.tr("抽取"), work, self._drawn)

    def _drawn(self, outcome, error, cancelled) -> None:
        self.draw_button.setEnabled(True)
        if error is not None:
            self.last_dialog = show_error(self, self.tr("抽取"), error)
            return
        if cancelled or outcome is None:
            return
        self.draw, problems = outcome
        self.changed.emit(self.plan_id)
        self.show_result(problems)

    def redo(self) -> None:
        self.reason.clear()
        self.show_announce(redo=True)

    def ask_export(self):
        if self.draw is None:
            return None
        name = self.tr("抽取记录-{0}.json").format(self.draw.id[:8]) if self.draw.done else \
            self.tr("抽取公告-{0}.json").format(self.draw.id[:8])
        dialog = QFileDialog(self, self.tr("保存抽取记录"), name, self.tr("抽取记录 (*.json)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def export_to(self, path: Path) -> bool:
        from app.services.draws import export_record
        from app.services.storage import connect

        db = connect(self.db_path)
        try:
            export_record(db, self.draw.id, path)
        except Exception as error:  # noqa: BLE001 — shown in words (a full disk, a read-only folder, …)
            self.last_dialog = show_error(self, self.tr("保存抽取记录"), error)
            return False
        finally:
            db.close()
        self.status.setText(self.tr("已保存：{0}").format(path))
        return True
