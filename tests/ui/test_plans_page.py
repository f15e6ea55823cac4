"""The plan page and the announce-and-draw dialog in the window (issue 11): a plan made through the dialog,
refused input said next to its field, exclusions with a required reason, announce and draw on a small registry
with the result and 复核通过 shown, the draw saved and exported, editing refused after the announcement, a
re-draw that asks for its reason, and the task list grouped by plan."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.domain.registry import Category
from app.store.database import open_database

SEED_TYPED = "９３１９／２　５　１２　８　１０／９，１８，２６，３４，４１，４５"  # as a Chinese IME types it
KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"


@pytest.fixture
def db_path(tmp_path):
    """The demo registry of tests/recording_helpers.py (20 institutions, the profile set)."""
    from tests.recording_helpers import demo_database

    path = tmp_path / "plans.sqlite"
    db, _ = demo_database(path)
    db.close()
    return path


def _db(path):
    return open_database(path)


def _plans_page(window):
    window.show_page(3)
    return window.plans


def _make_plan(qtbot, page, **quotas):
    dialog = page.ask_new()
    dialog.title.setText("2025年度检验检测机构双随机抽查")
    for category, n in (quotas or {"vehicle": 1, "eco_env": 1, "other": 2}).items():
        dialog.quotas[Category(category)].setValue(n)
    dialog.rate.setText("４％")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    return page.current().plan


def test_page_four_is_the_plan_page_and_a_plan_is_made_through_the_dialog(qtbot, window, db_path):
    from app.services.plans import list_plans

    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.pages.currentWidget() is window.plans
    page = window.plans
    plan = _make_plan(qtbot, page)
    db = _db(db_path)
    try:
        [stored] = list_plans(db)
    finally:
        db.close()
    assert stored.id == plan.id and stored.title == "2025年度检验检测机构双随机抽查"
    assert {c.value: stored.quota(c) for c in Category} == {"vehicle": 1, "eco_env": 1, "other": 2}
    assert str(stored.rate) == "0.04"
    # the rate check beside the quotas, unrounded: 4 % of the 20 institutions of the registry
    assert page.table.item(0, 3).text() == "4% × 20 = 0.8"
    assert page.table.item(0, 2).text() == "机动车 1 · 生态环境 1 · 其他 2"


def test_refused_input_is_said_next_to_its_field_and_nothing_is_stored(qtbot, window, db_path):
    from app.services.plans import list_plans

    page = _plans_page(window)
    dialog = page.ask_new()
    dialog.rate.setText("百分之四")
    dialog.dates["self_check_by"].setText("2025-13-01")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible()
    assert dialog.fields["rate"].error.isVisibleTo(dialog) and "无法识别" in dialog.fields["rate"].error.text()
    assert "YYYY-MM-DD" in dialog.fields["self_check_by"].error.text()
    assert dialog.tabs.currentIndex() == 0 and dialog.rate.hasFocus() or dialog.focusWidget() is dialog.rate
    # the rate corrected; the on-site window the wrong way round: said beside its end
    dialog.rate.setText("4%")
    dialog.dates["self_check_by"].setText("２０２５－０９－３０")  # full-width, as an IME types it
    dialog.dates["on_site_from"].setText("2025-10-31")
    dialog.dates["on_site_by"].setText("2025-10-01")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and not dialog.fields["rate"].error.isVisibleTo(dialog)
    assert "晚于截止日期" in dialog.fields["on_site_by"].error.text()
    assert dialog.tabs.currentIndex() == 2
    db = _db(db_path)
    try:
        assert list_plans(db) == []
    finally:
        db.close()
    dialog.dates["on_site_by"].setText("2025-11-28")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    db = _db(db_path)
    try:
        [plan] = list_plans(db)
    finally:
        db.close()
    assert plan.self_check_by.isoformat() == "2025-09-30" and plan.on_site_by.isoformat() == "2025-11-28"


def test_every_setting_is_kept_and_districts_are_chosen_from_the_registry(qtbot, window, db_path):
    from app.services.plans import get_plan, scope_count

    page = _plans_page(window)
    dialog = page.ask_new()
    district = dialog.districts.item(0).text()
    dialog.districts.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.year.setValue(2026)
    dialog.level.setCurrentIndex(dialog.level.findData("city"))
    dialog.quotas[Category.OTHER].setValue(3)
    dialog.rate.setText("0.05")
    dialog.priority.setCurrentIndex(dialog.priority.findData("always"))
    dialog.risk_rates[list(dialog.risk_rates)[3]].setText("20%")
    dialog.organs.setPlainText("同城市市场监督管理局\n同城市生态环境局\n")
    dialog.notice_number.setText("同市监认证〔2026〕12号")
    dialog.helper_level.setCurrentIndex(dialog.helper_level.findData("city"))  # not below the organiser: refused
    dialog.helpers_from_district.setChecked(False)
    dialog.market_officers.setValue(3)
    dialog.experts[Category.VEHICLE].setValue(1)
    db = _db(db_path)
    try:
        in_scope = scope_count(db, [district])
    finally:
        db.close()
    assert dialog.rate_check.text().startswith(f"5% × {in_scope} = ")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "协助人员应来自市级以下" in dialog.fields["helper_level"].error.text()
    assert dialog.tabs.currentIndex() == 3
    dialog.helper_level.setCurrentIndex(dialog.helper_level.findData("county"))
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    db = _db(db_path)
    try:
        plan = get_plan(db, page.current().plan.id)
    finally:
        db.close()
    assert plan.to_json() | {"id": ""} == {
        "id": "", "year": 2026, "title": "", "level": "city", "quotas": {"other": 3}, "rate": "0.05",
        "priority": "always", "risk_rates": {"D": "0.2"}, "districts": [district],
        "organs": ["同城市市场监督管理局", "同城市生态环境局"], "notice_number": "同市监认证〔2026〕12号",
        "self_check_by": None, "on_site_from": None, "on_site_by": None, "summary_by": None,
        "helper_level": "county", "helpers": True, "helpers_from_district": False, "market_officers": 3,
        "experts": {"vehicle": 1}}
    # shown again as it was kept
    again = page.ask_edit()
    assert again.year.value() == 2026 and again.rate.text() == "5%" and again.chosen_districts() == [district]
    assert again.risk_rates[list(again.risk_rates)[3]].text() == "20%"
    assert again.helpers.isChecked() and not again.helpers_from_district.isChecked()


def test_an_exclusion_needs_its_reason_and_is_shown_with_it(qtbot, window, db_path):
    from app.store.registry import all_institutions

    page = _plans_page(window)
    _make_plan(qtbot, page)
    db = _db(db_path)
    try:
        target = all_institutions(db)[0]
    finally:
        db.close()
    dialog = page.ask_exclusion()
    qtbot.keyClicks(dialog.search, target.credit_code[-8:])
    assert dialog.results.count() == 1
    dialog.accept()
    assert dialog.isVisible() and "必须写明理由" in dialog.reason_error.text()
    dialog.reason.setText("正在立案调查")  # QTest.keyClicks aborts on characters outside Latin-1
    dialog.accept()
    assert not dialog.isVisible()
    page.details.setCurrentWidget(page.marks)
    assert [page.marks.item(0, c).text() for c in range(4)] == ["不列入", target.name, target.credit_code, "正在立案调查"]


def _announce(qtbot, page, source="2025年9月20日中国体育彩票排列5开奖号码", reason=None):
    dialog = page.ask_draw("institutions")
    qtbot.waitUntil(lambda: dialog.announce_button.isEnabled(), timeout=30_000)
    if reason is not None:
        dialog.reason.setText(reason)
    dialog.source.setText(source)
    dialog.announce_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.seed_page, timeout=30_000)
    return dialog


def _draw(qtbot, dialog, seed=SEED_TYPED):
    dialog.seed.setText(seed)
    dialog.draw_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page and dialog.problems is not None,
                    timeout=30_000)


def _stored_draws(db_path, plan_id):
    from app.services.plans import view

    db = _db(db_path)
    try:
        return view(db, plan_id).draws
    finally:
        db.close()


def test_announce_then_draw_shows_the_pools_the_key_the_result_and_its_verification(qtbot, window, db_path,
                                                                                    tmp_path):
    from app.services.draws import verify_record

    page = _plans_page(window)
    plan = _make_plan(qtbot, page)
    dialog = page.ask_draw("institutions")
    qtbot.waitUntil(lambda: dialog.announce_button.isEnabled(), timeout=30_000)
    # step 1: the pools as they would be frozen, each with its hash; nothing stored yet
    assert dialog.pools.rowCount() == 3
    assert [dialog.pools.item(r, 0).text() for r in range(3)] == ["机动车", "生态环境", "其他"]
    assert all(len(dialog.pools.item(r, 5).text()) == 64 for r in range(3))
    assert _stored_draws(db_path, plan.id) == []
    dialog.announce_button.click()  # no source named: refused beside the field
    assert "随机数的来源" in dialog.source_error.text() and _stored_draws(db_path, plan.id) == []
    dialog.close()
    dialog = _announce(qtbot, page)
    [announced] = _stored_draws(db_path, plan.id)
    assert not announced.done and announced.source == "2025年9月20日中国体育彩票排列5开奖号码"
    assert [dialog.seed_pools.item(r, 5).text() for r in range(3)] == [
        c["pool_sha256"] for c in announced.announcement["categories"]]
    # the announcement offered for publication, and it checks out as an announcement
    published = tmp_path / "公告.json"
    assert dialog.export_to(published)
    assert verify_record(published)["ok"] and json.loads(published.read_text("utf-8"))["seed"] is None
    # step 2: the key shown as the seed is typed (full-width digits and separators), a bad seed said in words
    qtbot.keyClicks(dialog.seed, "12 / x")
    assert "不是非负整数" in dialog.key.text()
    dialog.seed.clear()
    dialog.seed.setText(SEED_TYPED)
    assert dialog.key.text() == f"密钥：{KEY}"
    _draw(qtbot, dialog)
    assert dialog.verdict.text().startswith("复核通过")
    [drawn] = _stored_draws(db_path, plan.id)
    assert drawn.done and drawn.key == KEY and drawn.seed == SEED_TYPED
    shown = [(dialog.selected.item(r, 0).text(), dialog.selected.item(r, 3).text())
             for r in range(dialog.selected.rowCount())]
    saved = [(c["category"], s["credit_code"]) for c in drawn.result["categories"] for s in c["selected"]]
    assert [code for _, code in shown] == [code for _, code in saved]
    assert len(shown) == sum(min(c["selects"], len(c["pool"])) for c in drawn.announcement["categories"])
    assert dialog.steps.rowCount() == sum(len(c["steps"]) for c in drawn.result["categories"])
    assert dialog.steps.item(0, 3).text() == drawn.result["categories"][0]["steps"][0]["digest"]
    # the record exported and verified with no database
    record = tmp_path / "record.json"
    assert dialog.export_to(record)
    report = verify_record(record)
    assert report["ok"] and not report["announcement_only"]
    # the public list, as PDF, written off the UI thread
    public = tmp_path / "公示.pdf"
    dialog.publish_to(public)
    qtbot.waitUntil(lambda: "已写出" in dialog.status.text(), timeout=30_000)
    assert public.read_bytes().startswith(b"%PDF") and drawn.key in _pdf_text(public)
    # the page shows the draw
    page.details.setCurrentWidget(page.draws)
    assert page.draws.item(0, 1).text() == "已抽取" and page.draws.item(0, 4).text() == SEED_TYPED
    assert page.draws.item(0, 5).toolTip() == drawn.announcement_sha256
    assert "机构：已抽取" in page.table.item(0, 4).text()


def test_a_tampered_draw_is_shown_as_failing_its_verification(qtbot, window, db_path):
    page = _plans_page(window)
    _make_plan(qtbot, page)
    dialog = _announce(qtbot, page)
    _draw(qtbot, dialog, "1 2 3")
    assert dialog.verdict.text().startswith("复核通过")
    # the same dialog's check over a record whose seed was changed afterwards
    from dataclasses import replace

    dialog.draw = replace(dialog.draw, key="1.2.4./")
    dialog.problems = None
    dialog.show_result()
    qtbot.waitUntil(lambda: dialog.problems is not None, timeout=30_000)
    assert dialog.verdict.text().startswith("复核不通过") and "密钥应为 1.2.3./" in dialog.verdict.text()


def test_settings_and_exclusions_are_frozen_once_a_draw_is_announced(qtbot, window, db_path):
    page = _plans_page(window)
    _make_plan(qtbot, page)
    assert page.exclude_button.isEnabled() and not page.frozen.isVisibleTo(page)
    _announce(qtbot, page).close()
    assert not page.exclude_button.isEnabled()
    assert page.frozen.isVisibleTo(page) and "已公告抽取" in page.frozen.text()
    dialog = page.ask_edit()
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled() and dialog.tabs.tabBar().isEnabled()  # every tab can still be read
    assert not any(dialog.tabs.widget(i).isEnabled() for i in range(dialog.tabs.count()))
    assert not dialog.year.isEnabled() and not dialog.dates["on_site_by"].isEnabled()
    assert dialog.frozen_label.isVisibleTo(dialog) and "设置不能再改" in dialog.frozen_label.text()


def test_a_redraw_asks_for_its_reason_and_keeps_the_old_draw(qtbot, window, db_path):
    page = _plans_page(window)
    plan = _make_plan(qtbot, page)
    dialog = _announce(qtbot, page)
    _draw(qtbot, dialog)
    first = _stored_draws(db_path, plan.id)[0]
    dialog.redo_button.click()
    assert dialog.pages.currentWidget() is dialog.announce_page and dialog.reason.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: dialog.announce_button.isEnabled(), timeout=30_000)
    dialog.source.setText("2025年9月27日中国体育彩票排列5开奖号码")
    dialog.announce_button.click()
    assert "必须写明理由" in dialog.reason_error.text()
    assert len(_stored_draws(db_path, plan.id)) == 1
    dialog.reason.setText("公告的随机数来源当日停开")
    dialog.announce_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.seed_page, timeout=30_000)
    old, new = _stored_draws(db_path, plan.id)
    assert old == first and new.replaces == first.id and new.reason == "公告的随机数来源当日停开"
    page.details.setCurrentWidget(page.draws)
    assert page.draws.item(0, 1).text() == "已被重新抽取取代（理由：公告的随机数来源当日停开）"
    assert page.draws.item(1, 1).text() == "已公告，待随机数；重新抽取，理由：公告的随机数来源当日停开"


def _task_of_draw(db_path, plan_id: str, draw_id: str, credit_code: str) -> str:
    """A task for a drawn institution, linked to its plan as `create_tasks` links the tasks of a team draw (the
    team draw itself is not needed for what the window shows)."""
    from app.services.tasks import create_task
    from app.store.plans import link_task
    from tests.recording_helpers import cast_of

    db = _db(db_path)
    try:
        cast = cast_of(db)
        task_id = create_task(db, credit_code, [cast.lead, cast.officers[0]], cast.lead)
        with db.atomic():
            link_task(db.conn, task_id, plan_id, draw_id, None)
        return task_id
    finally:
        db.close()


def test_the_task_list_groups_tasks_by_plan_and_the_plan_shows_their_progress(qtbot, window, db_path):
    from tests.recording_helpers import cast_of, new_task

    page = _plans_page(window)
    plan = _make_plan(qtbot, page)
    dialog = _announce(qtbot, page)
    _draw(qtbot, dialog)
    drawn = dialog.draw
    codes = [s["credit_code"] for c in drawn.result["categories"] for s in c["selected"]][:2]
    from_plan = [_task_of_draw(db_path, plan.id, drawn.id, code) for code in codes]
    db = _db(db_path)
    try:
        by_hand = new_task(db, cast_of(db))
    finally:
        db.close()
    page.refresh()
    bar = page.table.cellWidget(0, 5)
    assert (bar.value(), bar.maximum(), bar.text()) == (0, 2, "已完成 0 / 2")
    page.details.setCurrentWidget(page.tasks)
    assert [page.tasks.item(r, 0).text() for r in range(page.tasks.rowCount())] == ["已计划", "合计（已完成 0）"]
    window.show_page(4)
    tasks = window.tasks
    tasks.refresh()
    column = tasks.COLUMNS.index("plan")
    rows = {t.id: tasks.table.item(r, column).text() for r, t in enumerate(tasks.tasks)}
    assert rows == {from_plan[0]: plan.title, from_plan[1]: plan.title, by_hand: "（无）"}
    choices = [tasks.plan_filter.itemText(i) for i in range(tasks.plan_filter.count())]
    assert choices == ["全部任务", plan.title, "不属于抽查计划的任务"]
    tasks.plan_filter.setCurrentIndex(1)
    assert sorted(t.id for t in tasks.tasks) == sorted(from_plan) and tasks.table.rowCount() == 2
    tasks.plan_filter.setCurrentIndex(2)
    assert [t.id for t in tasks.tasks] == [by_hand]
    tasks.refresh()  # the choice is kept
    assert tasks.plan_filter.currentIndex() == 2 and [t.id for t in tasks.tasks] == [by_hand]


def test_announce_and_draw_by_keyboard_alone(qtbot, window, db_path):
    page = _plans_page(window)
    plan = _make_plan(qtbot, page)
    qtbot.keyClick(page.draw_button, Qt.Key.Key_Space)  # 机构抽取(&D)
    dialog = page.last_dialog
    qtbot.waitUntil(lambda: dialog.announce_button.isEnabled(), timeout=30_000)
    assert dialog.source.hasFocus() or dialog.focusWidget() is dialog.source
    qtbot.keyClicks(dialog.source, "lottery 2025-09-20")
    qtbot.keyClick(dialog.source, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.seed_page, timeout=30_000)
    assert dialog.isVisible() and len(_stored_draws(db_path, plan.id)) == 1
    qtbot.keyClicks(dialog.seed, "1 2 3")
    qtbot.keyClick(dialog.seed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problems is not None, timeout=30_000)
    assert dialog.isVisible() and dialog.verdict.text().startswith("复核通过")
    assert _stored_draws(db_path, plan.id)[0].key == "1.2.3./"


def test_the_pages_overview_reads_the_draws_without_their_pools(qtbot, window, db_path):
    from dataclasses import replace

    from app.services.plans import overview, view

    page = _plans_page(window)
    plan = _make_plan(qtbot, page)
    _draw(qtbot, _announce(qtbot, page))
    db = _db(db_path)
    try:
        full, light = view(db, plan.id), overview(db, plan.id)
    finally:
        db.close()
    [drawn] = full.draws
    assert light.draws == [replace(drawn, announcement={}, result=None)]
    assert (light.plan, light.exclusions, light.tasks) == (full.plan, full.exclusions, full.tasks)


def _team_dialog(qtbot, page):
    dialog = page.ask_draw("inspectors")
    qtbot.waitUntil(lambda: dialog.preview_note.text().startswith(("1", "2", "3", "4")), timeout=30_000)
    return dialog


def test_inspector_teams_announced_drawn_verified_and_their_tasks_grouped_by_plan(qtbot, window, db_path):
    from app.services.plans import view

    page = _plans_page(window)
    plan = _make_plan(qtbot, page, other=2)
    window.show_page(4)  # the task list, built before the draw, shows the tasks the draw makes when shown again
    window.show_page(3)
    assert not page.teams_button.isEnabled()  # the institutions first
    _draw(qtbot, _announce(qtbot, page))
    assert page.teams_button.isEnabled()
    dialog = _team_dialog(qtbot, page)
    drawn = [s["credit_code"] for c in _stored_draws(db_path, plan.id)[0].result["categories"] for s in c["selected"]]
    assert [dialog.targets.item(r, 2).text() for r in range(dialog.targets.rowCount())] == drawn
    assert dialog.roster.rowCount() > 0 and not dialog.unmet.isVisibleTo(dialog)
    assert dialog.announce_button.isEnabled()
    dialog.source.setText("2025年9月27日中国体育彩票排列5开奖号码")
    dialog.announce_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.seed_page, timeout=30_000)
    dialog.seed.setText("４　５　６")
    assert dialog.key.text() == "密钥：4.5.6./"
    dialog.draw_button.click()
    qtbot.waitUntil(lambda: dialog.problems is not None, timeout=30_000)
    assert dialog.verdict.text().startswith("复核通过")
    db = _db(db_path)
    try:
        shown = view(db, plan.id)
    finally:
        db.close()
    teams = shown.current("inspectors").result["teams"]
    assert [dialog.selected.item(r, 1).text() for r in range(dialog.selected.rowCount())] == [
        t["credit_code"] for t in teams] == drawn
    for r, team in enumerate(teams):  # every member named with their role
        assert all(m["name"] in dialog.selected.item(r, 2).text() for m in team["members"])
        assert dialog.selected.item(r, 2).text().startswith("组长：")
    assert dialog.steps.rowCount() == len(shown.current("inspectors").result["steps"])
    assert shown.task_count == 2 and "已建立检查任务 2 项" in dialog.outcome.text()
    assert not dialog.tasks_button.isEnabled()
    bar = page.table.cellWidget(0, 5)
    assert (bar.value(), bar.maximum()) == (0, 2) and "检查人员：已抽取" in page.table.item(0, 4).text()
    window.show_page(4)
    tasks = window.tasks
    assert tasks.table.rowCount() == 2 and tasks.plan_filter.findData(plan.id) == 1
    tasks.plan_filter.setCurrentIndex(tasks.plan_filter.findData(plan.id))
    assert len(tasks.tasks) == 2 and {t.credit_code for t in tasks.tasks} == set(drawn)


def test_team_rules_that_cannot_be_met_are_said_before_the_announcement(qtbot, window, db_path):
    page = _plans_page(window)
    plan = _make_plan(qtbot, page, vehicle=1, other=1)
    _draw(qtbot, _announce(qtbot, page))
    db = _db(db_path)
    try:  # no county officer is on duty this year: no team can have its helper
        with db.atomic():
            db.conn.execute("UPDATE inspectors SET active = 0 WHERE level = 'county'")
    finally:
        db.close()
    dialog = _team_dialog(qtbot, page)
    assert dialog.unmet.isVisibleTo(dialog) and "县级市场监管执法人员" in dialog.unmet.text()
    assert not dialog.announce_button.isEnabled()
    assert [d.kind for d in _stored_draws(db_path, plan.id)] == ["institutions"]


def test_a_draw_refused_because_the_registry_changed_is_said_in_words_and_nothing_is_drawn(qtbot, window, db_path):
    from app.domain.registry import Institution
    from app.store.registry_upsert import upsert_institutions

    page = _plans_page(window)
    plan = _make_plan(qtbot, page)
    dialog = _announce(qtbot, page)
    db = _db(db_path)
    try:
        with db.atomic():
            upsert_institutions(db, [Institution("新成立的检测公司", "91140200MA0NEW0001", Category.OTHER)])
    finally:
        db.close()
    dialog.seed.setText("1 2 3")
    dialog.draw_button.click()
    qtbot.waitUntil(lambda: dialog.last_dialog is not None and dialog.last_dialog.isVisible(), timeout=30_000)
    assert "公告后机构库或计划的排除名单有变化" in dialog.last_dialog.message.text()
    assert "其他检验检测机构" in dialog.last_dialog.message.text()
    assert dialog.pages.currentWidget() is dialog.seed_page and dialog.draw_button.isEnabled()
    assert not _stored_draws(db_path, plan.id)[0].done


def _pdf_text(path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
