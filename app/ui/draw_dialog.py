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
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from app.domain.problems import Cancelled
from app.ui import draw_views as views
from app.ui.draw_pages import OK_STYLE, DrawPages
from app.ui.file_dialogs import save_dialog
from app.ui.jobs import on_own_connection, start_job
from app.ui.plan_dialog import ERROR_STYLE
from app.ui.problem_dialogs import show_error
from app.ui.screen_fit import resize_within_screen


class DrawDialog(DrawPages, QDialog):
    """The plan's draw of one kind ('institutions'); `changed(plan_id)` after an announcement or a draw."""

    changed = Signal(str)

    def __init__(self, parent, db_path: Path, plan_id: str, kind: str = "institutions"):
        super().__init__(parent)
        self.db_path, self.plan_id, self.kind = db_path, plan_id, kind
        self.draw = None  # the current draw of this kind (announced or done), or None
        self.problems: list[str] | None = None  # the verification of a done draw
        self.job = None
        self.last_dialog = None
        self.teams = kind == "inspectors"
        self.setWindowTitle(self.tr("公告与抽取：检查人员（检查组）") if self.teams
                            else self.tr("公告与抽取：检查对象（机构）"))
        resize_within_screen(self, 1000, 560)
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
        self.task_count = shown.task_count
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
        from app.services.draws import preview_inspectors, preview_institutions

        def use(db):
            return (preview_inspectors if self.teams else preview_institutions)(db, self.plan_id)
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
        if self.teams:
            self._previewed_teams(announcement)
            return
        views.fill_pools(self.pools, announcement)
        views.fill_marked(self.marked, announcement)
        check = announcement.get("rate_check")
        text = self.tr("计划范围内机构库共 {0} 家；可抽取 {1} 家，不列入 {2} 家。").format(
            announcement["registry_count"], len(announcement["institutions"]), len(announcement["excluded"]))
        if check is not None:
            text += self.tr("按抽查比例核对：{0} 家（核对用，不折算为数量）。").format(check)
        self.preview_note.setText(text)
        self.announce_button.setEnabled(True)

    def _previewed_teams(self, preview: dict) -> None:
        views.fill_targets(self.targets, preview["targets"])
        views.fill_roster(self.roster, preview["roster"])
        self.preview_note.setText(self.tr("{0} 家机构，人员名单 {1} 人。{2}").format(
            len(preview["targets"]), len(preview["roster"]), views.rules_text(preview["rules"])))
        unmet = preview["unmet"]
        self.unmet.setText(self.tr("按计划的规则组不成检查组，不能公告：\n") + "\n".join(unmet) if unmet else "")
        self.unmet.setVisible(bool(unmet))
        self.announce_button.setEnabled(not unmet)
        self.announce_button.setToolTip(self.unmet.text())

    def show_seed(self) -> None:
        draw = self.draw
        self.pages.setCurrentWidget(self.seed_page)
        self.seed_intro.setText(self.tr(
            "第二步：抽取。已于 {0} 公告，随机数来源：{1}。\n公告 SHA-256：{2}\n"
            "随机数公开后，照公布的数字输入（全角数字和标点也可以）。可以先关闭本窗口，以后从计划页继续。").format(
                views.local_time(draw.announced_at), draw.source, draw.announcement_sha256))
        if self.teams:
            views.fill_targets(self.seed_pools, draw.announcement["targets"])
        else:
            views.fill_pools(self.seed_pools, draw.announcement)
        self._seed_changed(self.seed.text())
        self.seed.setFocus()

    def show_result(self, problems: list[str] | None = None) -> None:
        draw = self.draw
        self.pages.setCurrentWidget(self.result_page)
        self.summary.setText(self.tr("随机数来源：{0}\n随机数：{1}    密钥：{2}    抽取时间：{3}").format(
            draw.source, draw.seed, draw.key, views.local_time(draw.drawn_at)))
        if self.teams:
            views.fill_teams(self.selected, draw.announcement, draw.result)
            views.fill_team_steps(self.steps, draw.announcement, draw.result)
            views.fill_roster(self.result_pools, draw.announcement["roster"])
            self.outcome.setText(self.tr("{0} 个检查组；{1}").format(len(draw.result["teams"]), views.rules_text(
                draw.announcement["rules"])) + ("\n" + self.tr("已建立检查任务 {0} 项。").format(self.task_count)
                                               if self.task_count else ""))
            self.tasks_button.setEnabled(self.task_count < len(draw.result["teams"]))
        else:
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
        from app.services.draws import announce_inspectors, announce_institutions

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
            announce = announce_inspectors if self.teams else announce_institutions
            return on_own_connection(self.db_path, lambda db: announce(db, self.plan_id, source, reason))(
                progress, cancelled)

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
        from app.services.draws import draw_inspectors, draw_institutions, record_of
        from app.services.plans import overview

        seed = self.seed.text()
        if not seed.strip():
            self._seed_changed(seed)
            self.key.setText(self.tr("请输入公布的随机数。"))
            self.key.setStyleSheet(ERROR_STYLE)
            return

        def use(db):  # the teams' tasks are made with their draw (draw_inspectors)
            draw = (draw_inspectors if self.teams else draw_institutions)(db, self.plan_id, seed)
            return draw, draw_record.verify(record_of(draw)), overview(db, self.plan_id).task_count

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
        self.draw, problems, self.task_count = outcome
        self.has_tasks = bool(self.task_count)
        self.changed.emit(self.plan_id)
        self.show_result(problems)

    def make_tasks(self) -> None:
        """Create the tasks of teams that have none yet (after an interrupted run)."""
        from app.services.draws import create_tasks
        from app.services.plans import overview
        from app.services.storage import connect

        db = connect(self.db_path)
        try:
            made = create_tasks(db, self.plan_id)
            self.task_count = overview(db, self.plan_id).task_count
        except Exception as error:  # noqa: BLE001 — shown in words
            self.last_dialog = show_error(self, self.tr("建立检查任务"), error)
            return
        finally:
            db.close()
        self.has_tasks = bool(self.task_count)
        self.status.setText(self.tr("已建立 {0} 项检查任务。").format(len(made)))
        self.changed.emit(self.plan_id)
        self.show_result(self.problems)

    def redo(self) -> None:
        self.reason.clear()
        self.show_announce(redo=True)

    def ask_export(self):
        if self.draw is None:
            return None
        name = self.tr("抽取记录-{0}.json").format(self.draw.id[:8]) if self.draw.done else \
            self.tr("抽取公告-{0}.json").format(self.draw.id[:8])
        self.last_dialog = save_dialog(self, self.tr("保存抽取记录"), name, self.tr("抽取记录 (*.json)"), "json",
                                       self.export_to)
        return self.last_dialog

    def ask_publish(self):
        """The public list of a draw of institutions, or the team sheet of a draw of teams, as PDF or XLSX."""
        if self.draw is None or not self.draw.done:
            return None
        what = self.tr("检查组分配表") if self.teams else self.tr("抽查名单公示")
        self.last_dialog = save_dialog(self, what, f"{what}-{self.draw.id[:8]}.pdf",
                                       self.tr("PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)"), "pdf", self.publish_to)
        return self.last_dialog

    def publish_to(self, path: Path):
        """Write it off the UI thread (a 55,000-institution workbook takes seconds)."""
        draw_id, teams = self.draw.id, self.teams

        def use(db, progress, cancelled):
            from app.services import publication

            if teams:
                return publication.team_sheet(db, draw_id, path)
            return publication.publish(db, draw_id, path, progress, cancelled)

        def work(progress, cancelled):
            from app.services.storage import connect

            db = connect(self.db_path)
            try:
                return use(db, progress, cancelled)
            finally:
                db.close()

        self.status.setText(self.tr("正在写出 {0}…").format(path.name))
        self.job = start_job(self, self.tr("写出 {0}").format(path.name), work, self._published)
        return self.job

    def _published(self, result, error, cancelled) -> None:
        if error is not None:
            self.status.setText("")
            self.last_dialog = show_error(self, self.tr("写出文件"), error)
        elif cancelled:
            self.status.setText(self.tr("已取消，未写出文件。"))
        else:
            self.status.setText(self.tr("已写出：{0}").format(result["file"]))

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
