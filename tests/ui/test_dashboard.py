"""The 汇总与公示 page (issue 12 item 6): the figures its charts show are the database's, counted here with SQL (tasks
by status, problems per item over signed records, blind-sample and exam outcomes); after a colleague's package is
merged and the record signed the figures move accordingly; what is overdue is listed in words after a deadline and
not on it; the summary button writes a DOCX; the window's start does not load QtCharts."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from app.store.database import open_database
from tests.ui.test_ui_inbox import COLLEAGUE, LEAD  # the inbox tests' package helpers use these passphrases

STATUS_LABELS = {"planned": "已计划", "notified": "已告知", "on_site": "现场检查中", "recorded": "记录完成，待签名",
                 "signed": "已签署", "merged": "已汇总", "closed": "已办结"}
BLIND_LABELS = {"satisfactory": "满意", "questionable": "有问题", "unsatisfactory": "不满意", None: "未判定"}
EXAM_LABELS = {"pass": "合格", "fail": "不合格", None: "未判定"}
SIGNED = "('signed', 'merged', 'closed')"
PLAN_TASKS = "SELECT task_id FROM draw_tasks WHERE plan_id = ?"


@pytest.fixture
def db_path(tmp_path):
    """The demo with its 2025 plan, drawn tasks and recorded ones (conftest's `window` opens it)."""
    from app.demo.data import build_demo

    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=60, db_path=path)
    db.close()
    return path


def _newest_plan(conn) -> str:
    return conn.execute("SELECT id FROM plans ORDER BY year DESC LIMIT 1").fetchone()[0]


def _counted(path, plan: str | None = None) -> dict:
    """The page's figures for the plan (the newest by default), counted with SQL."""
    db = open_database(path)
    try:
        conn = db.conn
        plan = plan or _newest_plan(conn)
        status = dict.fromkeys(STATUS_LABELS.values(), 0)
        for value, n in conn.execute(f"SELECT status, count(*) FROM tasks WHERE id IN ({PLAN_TASKS}) GROUP BY status",
                                     [plan]):
            status[STATUS_LABELS[value]] = n
        problems = {str(n): 0 for n in range(1, 19)}
        for item, n in conn.execute(f"SELECT item, count(*) FROM findings WHERE verdict = 'problem' AND task_id IN"
                                    f" (SELECT id FROM tasks WHERE status IN {SIGNED} AND id IN ({PLAN_TASKS}))"
                                    " GROUP BY item", [plan]):
            problems[str(item)] = n
        out = {"plan": plan, "status": status, "problems": problems}
        for key, table, column, labels in (("blind", "blind_samples", "judgement", BLIND_LABELS),
                                           ("exams", "signatory_exams", "result", EXAM_LABELS)):
            counts = dict.fromkeys(labels.values(), 0)
            for value, n in conn.execute(f"SELECT {column}, count(*) FROM {table} WHERE deleted = 0 AND task_id IN"
                                         f" (SELECT id FROM tasks WHERE status IN {SIGNED} AND id IN ({PLAN_TASKS}))"
                                         f" GROUP BY {column}", [plan]):
                counts[labels[value]] = n
            out[key] = counts
        return out
    finally:
        db.close()


def _shown(page) -> dict:
    return {"plan": page.plan_box.currentData(), "status": page.status_chart.values(),
            "problems": page.problem_chart.values(), "blind": page.blind_chart.values(),
            "exams": page.exam_chart.values()}


def test_the_figures_shown_are_the_databases(qtbot, window, db_path):
    window.show_page(5)
    page = window.dashboard
    assert window.ui.pages.currentWidget() is page and window.ui.navigation.currentItem().text() == "汇总与公示"
    expected = _counted(db_path)
    assert _shown(page) == expected
    # the demo's plan has drawn tasks, a signed record with problems, a judged blind sample and an exam
    assert sum(expected["status"].values()) > 0 and sum(expected["problems"].values()) > 0
    assert sum(expected["blind"].values()) > 0 and sum(expected["exams"].values()) > 0
    assert page.plan_box.itemText(0).startswith("2025年")
    assert "尚在开发中" not in " ".join(w.text() for w in page.findChildren(type(page.deadlines)))


def test_the_plans_are_offered_newest_first(qtbot, window, db_path):
    from app.domain.plan import Plan
    from app.services.plans import create_plan

    db = open_database(db_path)
    try:
        create_plan(db, Plan(2024, "2024年度旧计划", id="old-2024"))
        create_plan(db, Plan(2026, "2026年度新计划", id="new-2026"))
    finally:
        db.close()
    window.show_page(5)
    page = window.dashboard
    years = [page.plan_box.itemText(i)[:4] for i in range(page.plan_box.count())]
    assert years == sorted(years, reverse=True) and years[0] == "2026"
    assert page.status_chart.values() == dict.fromkeys(STATUS_LABELS.values(), 0)  # a plan with no draw yet
    page.plan_box.setCurrentIndex(years.index("2025"))
    plan_2025 = page.plan_box.currentData()
    assert plan_2025 not in ("old-2024", "new-2026")
    assert _shown(page) == _counted(db_path, plan_2025)


# --- after a merge ----------------------------------------------------------------------------------------------



@pytest.fixture
def pair(tmp_path):
    from tests.recording_helpers import lead_and_laptop

    lead_path, laptop_path, task, colleague = lead_and_laptop(tmp_path, LEAD, COLLEAGUE)
    return lead_path, laptop_path, task.id


def _sign_as_lead(path, task_id: str, out) -> None:
    """The lead completes the record the colleague's findings were merged into, signs it with the team and exports
    it signed: the task becomes 已汇总 (merged)."""
    from app.services import recording, tasks
    from app.services.checklist import load_checklist
    from app.services.reporting import export
    from app.services.task_view import task_record
    from tests.recording_helpers import lawful_visit, signature_of

    db = open_database(path)
    try:
        lawful_visit(db, task_id)
        for item in load_checklist().items:
            if task_record(db, task_id).verdict(item.number).value == "not_checked":
                recording.set_verdict(db, task_id, item.number, "no_problem")
        tasks.finish(db, task_id)
        officers = [m.inspector for m in task_record(db, task_id).members if m.officer]
        for n, who in enumerate(officers[:2]):
            png, strokes = signature_of(n)
            recording.add_signature(db, path, task_id, signer="inspector", name=who.name, inspector_id=who.id,
                                    png=png, strokes_json=strokes)
        png, strokes = signature_of(7)
        recording.add_signature(db, path, task_id, signer="representative", name="王经理", role="质量负责人",
                                png=png, strokes_json=strokes)
        tasks.sign(db, task_id)
        export(db, path, task_id, out, "pdf", LEAD)
        assert task_record(db, task_id).status.value == "merged"
    finally:
        db.close()


def test_the_figures_follow_a_merged_package_and_the_signed_record(qtbot, pair, tmp_path):
    from app.ui.application import create_application, open_main_window
    from tests.ui.test_ui_inbox import _accept, _colleague_package, _confirm

    lead_path, laptop_path, task_id = pair
    db = open_database(lead_path)
    try:
        plan = _newest_plan(db.conn)
        assert db.conn.execute(PLAN_TASKS + " AND task_id = ?", [plan, task_id]).fetchone()  # the plan's task
        assert db.conn.execute("SELECT verdict FROM findings WHERE task_id = ? AND item = 12",
                               [task_id]).fetchone()[0] != "problem"
    finally:
        db.close()
    create_application()
    window = open_main_window(lead_path)
    qtbot.addWidget(window)
    try:
        window.show_page(5)
        page = window.dashboard
        before = _shown(page)
        assert before == _counted(lead_path)

        package = _colleague_package(laptop_path, task_id, tmp_path / "colleague.scpkg", item=12)
        window.show_page(6)
        shown_before = page.shown
        _accept(qtbot, window.inbox, _confirm(qtbot, window.inbox, [package]))
        assert page.shown is not shown_before  # read again when the package was merged, while not on screen
        assert _shown(page) == _counted(lead_path) == before  # the record is not signed yet: nothing counted

        _sign_as_lead(lead_path, task_id, tmp_path / "signed.pdf")
        window.show_page(5)  # shown again: read again
        after = _shown(page)
        assert after == _counted(lead_path)
        assert after["status"]["现场检查中"] == before["status"]["现场检查中"] - 1
        assert after["status"]["已汇总"] == before["status"]["已汇总"] + 1
        assert after["problems"]["12"] == before["problems"]["12"] + 1
        assert {k: v for k, v in after["problems"].items() if k != "12"} == \
            {k: v for k, v in before["problems"].items() if k != "12"}
    finally:
        window.shutdown()


# --- deadlines and what is overdue ------------------------------------------------------------------------------

def _page(qtbot, db_path, day: date):
    from app.services.browse import Registry
    from app.ui.application import create_application
    from app.ui.dashboard_page import DashboardPage

    create_application()
    registry = Registry.open(db_path)
    page = DashboardPage(registry, db_path, today=lambda: day)
    qtbot.addWidget(page)
    return page, registry


def test_overdue_tasks_and_rectifications_are_listed_in_words_after_their_deadlines(qtbot, db_path):
    from app.domain.cases import Conclusion
    from app.services.cases import conclude

    db = open_database(db_path)
    try:
        plan = _newest_plan(db.conn)
        on_site_by = date.fromisoformat(db.conn.execute("SELECT json_extract(settings, '$.on_site_by') FROM plans WHERE id = ?",
                                                        [plan]).fetchone()[0])
        rows = db.conn.execute(
            "SELECT t.id, t.status, i.name FROM tasks t JOIN institutions i ON i.id = t.institution_id"
            f" WHERE t.id IN ({PLAN_TASKS})", [plan]).fetchall()
        open_names = {name for _, status, name in rows if status not in ("signed", "merged", "closed")}
        signed_id, signed_name = next((i, name) for i, status, name in rows if status == "signed")
        conclude(db, signed_id, Conclusion.RECTIFY, decided_on=date(2025, 11, 20), rectify_by=date(2025, 12, 20))
    finally:
        db.close()
    assert on_site_by == date(2025, 11, 15) and open_names

    page, registry = _page(qtbot, db_path, on_site_by)
    try:
        assert page.overdue.text() == "" and page.shown.overdue == []
        assert "现场检查 2025-09-16 至 2025-11-15" in page.deadlines.text()
        assert "总结上报截止 2025-11-25" in page.deadlines.text() and "自查截止 2025-09-15" in page.deadlines.text()
    finally:
        registry.close()

    page, registry = _page(qtbot, db_path, date(2025, 11, 16))
    try:
        text = page.overdue.text()
        assert text.startswith(f"逾期 {len(open_names)} 项：")  # said in words, not by colour alone
        assert all(f"{name} — 现场检查逾期未完成" in text for name in open_names)
        assert signed_name not in text
        assert "color" in page.overdue.styleSheet()
    finally:
        registry.close()

    page, registry = _page(qtbot, db_path, date(2025, 12, 21))
    try:
        assert f"{signed_name} — 整改逾期未收到整改材料，期限 2025-12-20" in page.overdue.toolTip()
        assert page.shown.summary.penalties.rectify_overdue == 1
        assert "逾期未整改 1 家" in page.handling.text()
    finally:
        registry.close()


def test_with_no_plan_the_page_says_what_to_do(qtbot, tmp_path):
    from app.demo.data import build_demo

    path = tmp_path / "registry-only.sqlite"
    db = open_database(path)
    build_demo(db, seed=7, institutions=30)  # registries only: no plan
    db.close()
    page, registry = _page(qtbot, path, date(2025, 11, 16))
    try:
        assert page.plan_box.count() == 0 and not page.summary_button.isEnabled()
        assert "还没有抽查计划" in page.deadlines.text() and page.overdue.text() == ""
        assert page.status_chart.values() == {}
    finally:
        registry.close()


# --- the year's summary ---------------------------------------------------------------------------------------

def test_the_summary_button_writes_the_years_summary_as_docx(qtbot, window, db_path, tmp_path):
    import docx

    window.show_page(5)
    page = window.dashboard
    dialog = page.ask_summary()
    assert dialog.isVisible() and dialog.selectedFiles()[0].endswith("2025年度监督抽查工作总结.docx")
    out = tmp_path / "总结.docx"
    dialog.fileSelected.emit(str(out))
    dialog.close()
    qtbot.waitUntil(lambda: page.last_dialog is not None, timeout=60_000)
    assert str(out) in page.last_dialog.text()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "2025" in text and "工作总结" in text


def test_the_window_starts_without_loading_qtcharts(tmp_path, db_path):
    script = (
        "import sys; from pathlib import Path\n"
        "from app.ui.application import create_application, open_main_window\n"
        "create_application(); w = open_main_window(Path(sys.argv[1]))\n"
        "print('PySide6.QtCharts' in sys.modules); w.show_page(5); print('PySide6.QtCharts' in sys.modules)\n"
        "w.shutdown()\n")
    done = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_the_public_results_and_a_referral_list_are_written_from_the_page(qtbot, window, db_path, tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from app.domain.cases import Conclusion, Recipient
    from app.services.cases import conclude, refer
    from app.store.database import connect

    db = connect(db_path)
    try:
        task, items = next((t, [r[0] for r in db.conn.execute(
            "SELECT item FROM findings WHERE task_id = ? AND verdict = 'problem' ORDER BY item", [t])])
            for (t,) in db.conn.execute("SELECT id FROM tasks WHERE status = 'signed' ORDER BY id")
            if db.conn.execute("SELECT 1 FROM findings WHERE task_id = ? AND verdict = 'problem'", [t]).fetchone())
        code = db.conn.execute("SELECT i.credit_code FROM tasks t JOIN institutions i ON i.id = t.institution_id"
                               " WHERE t.id = ?", [task]).fetchone()[0]
        conclude(db, task, Conclusion.REFER, date(2025, 10, 20))
        refer(db, task, Recipient.POLICE, items, "疑似出具虚假检验报告", date(2025, 10, 21))
    finally:
        db.close()
    window.show_page(5)
    page = window.dashboard
    page.plan_box.setCurrentIndex(-1)  # every plan's, and tasks handed down without a draw
    assert [a.text() for a in page.publish_menu.actions()][0].startswith("抽查结果公示")
    for kind, out, beside in (("results", tmp_path / "公示.xlsx", tmp_path / "公示.pdf"),
                              ("police", tmp_path / "移交.xlsx", tmp_path / "移交.docx")):
        page.last_dialog = None
        dialog = page.ask_publication(kind)
        dialog.fileSelected.emit(str(out))
        dialog.close()
        qtbot.waitUntil(lambda: page.last_dialog is not None, timeout=60_000)
        assert str(out) in page.last_dialog.text(), page.last_dialog.text()
        assert beside.exists()
        cells = [str(v) for row in load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True)
                 for v in row if v is not None]
        assert code in cells
    page.last_dialog = None
    dialog = page.ask_publication("eco")  # nothing was referred to the eco department: refused in words
    dialog.fileSelected.emit(str(tmp_path / "eco.xlsx"))
    dialog.close()
    qtbot.waitUntil(lambda: page.last_dialog is not None, timeout=60_000)
    assert not (tmp_path / "eco.xlsx").exists()
