"""The year's summary report (issue 12 item 5): its numbers are the database's, counted here independently with
SQL; the DOCX opens with python-docx and has the GB/T 9704 page (A4, 37 / 28 mm margins, 156 × 225 mm text area,
22 lines of 28 characters, 3号 仿宋 body, 2号 小标宋 title, page numbers "— 1 —" right on odd pages and left on
even ones) and its charts; an unknown plan is refused; a plan with no task yet says so."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from datetime import date

import pytest

from app.domain.cases import Conclusion, Recipient
from app.domain.plan import Plan
from app.domain.registry import Category, Level
from app.store.database import open_database
from tests.cli_helpers import call_main, run_qt_free
from tests.recording_helpers import signature_of

AS_OF = date(2025, 11, 24)
SIGNED = ("signed", "merged", "closed")


def _record(db, path, task_id: str, problems: dict[int, str], samples=(), exams=(), n: int = 0) -> None:
    """Record a task on site through the services and sign it: verdicts, blind samples (z scores), exams."""
    from app.services import recording
    from app.services import tasks as ts
    from app.services.task_view import task_record

    ts.set_visit(db, task_id, notified_at="2025-10-09T15:00", notice_method="phone")
    ts.set_visit(db, task_id, started_at="2025-10-10T09:00", ended_at="2025-10-10T11:30", place="检测大楼",
                 credentials_shown=True, recusal_answer="不申请回避", party_statement="以上记录已阅，与事实相符")
    officers = [m.inspector for m in task_record(db, task_id).members if m.officer]
    for person in officers:
        ts.show_credentials(db, task_id, person.id)
    for item in range(1, 19):
        recording.set_verdict(db, task_id, item, "problem" if item in problems else "no_problem", problems.get(item))
    for k, result in enumerate(samples):
        recording.save_blind_sample(db, task_id, {"code": f"MY-{k}", "matrix": "大米", "parameter": "铅",
                                                  "unit": "mg/kg", "statistic": "z", "assigned": "0.200",
                                                  "sigma_pt": "0.020", "result": result})
    for k, score in enumerate(exams):
        recording.save_exam(db, task_id, {"signatory": f"签字人{k}", "field": "食品", "form": "written",
                                          "score": str(score), "pass_mark": "60"})
    ts.finish(db, task_id)
    for k, person in enumerate(officers[:2]):
        png, strokes = signature_of(10 * n + k)
        recording.add_signature(db, path, task_id, signer="inspector", name=person.name, inspector_id=person.id,
                                png=png, strokes_json=strokes)
    png, strokes = signature_of(10 * n + 9)
    recording.add_signature(db, path, task_id, signer="representative", name="代表", role="最高管理者", png=png,
                            strokes_json=strokes)
    ts.sign(db, task_id)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """The demo (with its own tasks, outside any plan), a 2025 plan drawn and teamed, four of its six tasks signed
    with problems, blind samples and exams, their cases decided (a rectification marked typical, a referral to the
    police, an investigation with a penalty), a fifth task with a problem recorded but not signed; and a second
    plan with no draw."""
    from app.demo.data import build_demo
    from app.services.cases import conclude, follow_up, refer
    from app.services.draws import announce_inspectors, announce_institutions, draw_inspectors, draw_institutions
    from app.services.plans import create_plan, set_higher_level
    from app.services.recording import set_verdict
    from app.services.tasks import set_visit
    from app.store.plans import plan_tasks

    folder = tmp_path_factory.mktemp("summary")
    path = folder / "year.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=60, db_path=path)
    others = [r[0] for r in db.conn.execute("SELECT credit_code FROM institutions WHERE category = 'other'"
                                            " AND id NOT IN (SELECT institution_id FROM tasks) ORDER BY credit_code")]
    set_higher_level(db, others[:3], 2025, Level.PROVINCE, "allocated")  # three allocated, two drawn: one handed on
    plan = create_plan(db, Plan(2025, "2025年度检验检测机构双随机抽查", id="plan-2025",
                                quotas={Category.VEHICLE: 2, Category.ECO_ENV: 1, Category.OTHER: 2}, rate="4%",
                                notice_number="同市监认证〔2025〕92号", on_site_from=date(2025, 10, 8),
                                on_site_by=date(2025, 11, 14), summary_by=date(2025, 11, 25)))
    announce_institutions(db, plan.id, "2025年9月20日体彩排列五")
    draw_institutions(db, plan.id, "9319 / 2 5 12 8 10")
    announce_inspectors(db, plan.id, "2025年9月21日体彩排列五")
    draw_inspectors(db, plan.id, "1 2 3")
    ids = [t for t, _ in plan_tasks(db.conn, plan.id)]
    assert len(ids) == 5
    _record(db, path, ids[0], {12: "专用章与备案印章不一致", 13: "设备无校准记录"}, ["0.205", "0.262", "0.290"],
            [80, 50], n=1)
    _record(db, path, ids[1], {13: "原始记录不全", 14: "疑似未经检验出具报告"}, ["0.199"], [70], n=2)
    _record(db, path, ids[2], {}, n=3)
    _record(db, path, ids[3], {14: "伪造原始记录"}, ["0.150"], n=4)
    set_visit(db, ids[4], started_at="2025-10-12T09:00")
    set_verdict(db, ids[4], 6, "problem", "超范围出具报告（记录尚未签署）")
    conclude(db, ids[0], Conclusion.RECTIFY, date(2025, 10, 20), rectify_by=date(2025, 11, 20))
    follow_up(db, ids[0], typical_case=True, typical_summary="检验检测专用章与备案印章不一致，旧章未收回。")
    conclude(db, ids[1], Conclusion.REFER, date(2025, 10, 20))
    refer(db, ids[1], Recipient.POLICE, [14], "疑似出具虚假检验报告", date(2025, 10, 21), "大同市公安局交通警察支队")
    conclude(db, ids[2], Conclusion.NO_PROBLEM, date(2025, 10, 20))
    conclude(db, ids[3], Conclusion.INVESTIGATE, date(2025, 10, 22))
    follow_up(db, ids[3], penalty_decision="同市监罚〔2025〕7号", penalty_on=date(2025, 11, 10),
              penalty_text="罚款三万元", revoked=True, typical_case=True, typical_summary="伪造原始记录，出具虚假报告。")
    create_plan(db, Plan(2025, "2025年度补充抽查", id="plan-empty", quotas={Category.OTHER: 1}))
    db.conn.close()
    return path


@pytest.fixture
def db(year, tmp_path):
    path = tmp_path / "copy.sqlite"
    shutil.copy(year, path)
    database = open_database(path)
    yield database
    database.conn.close()


def rows(db, sql: str, params=("plan-2025",)) -> list[tuple]:
    return db.conn.execute(sql, list(params)).fetchall()


PLAN_SIGNED = ("FROM draw_tasks d JOIN tasks t ON t.id = d.task_id JOIN institutions i ON i.id = t.institution_id"
               " WHERE d.plan_id = ? AND t.status IN ('signed', 'merged', 'closed')")


def test_the_numbers_are_the_databases(db):
    from app.services.summary import build

    s = build(db, "plan-2025", AS_OF)
    statuses = dict(rows(db, "SELECT t.status, count(*) FROM draw_tasks d JOIN tasks t ON t.id = d.task_id"
                             " WHERE d.plan_id = ? GROUP BY t.status"))
    assert {v: n for v, _, n in s.tasks_by_status if n} == statuses
    assert s.signed_total == sum(n for status, n in statuses.items() if status in SIGNED) == 4
    per_item = dict(rows(db, f"SELECT f.item, count(*) FROM findings f JOIN ({'SELECT t.id ' + PLAN_SIGNED}) x"
                             " ON x.id = f.task_id WHERE f.verdict = 'problem' GROUP BY f.item"))
    assert {i.number: i.count for i in s.problems if i.count} == per_item == {12: 1, 13: 2, 14: 2}
    assert len(s.problems) == 18 and s.problems[5].count == 0  # item 6 is a problem only in an unsigned record
    assert s.records_with_problems == rows(db, "SELECT count(DISTINCT f.task_id) FROM findings f JOIN"
                                               f" ({'SELECT t.id ' + PLAN_SIGNED}) x ON x.id = f.task_id"
                                               " WHERE f.verdict = 'problem'")[0][0]
    blind = dict(rows(db, f"SELECT b.judgement, count(*) FROM blind_samples b JOIN ({'SELECT t.id ' + PLAN_SIGNED})"
                          " x ON x.id = b.task_id WHERE b.deleted = 0 GROUP BY b.judgement"))
    labels = {"satisfactory": "满意", "questionable": "有问题", "unsatisfactory": "不满意"}
    assert {labels[k]: n for k, n in blind.items()} == {k: n for k, n in s.blind_samples.items() if n}
    exams = dict(rows(db, f"SELECT e.result, count(*) FROM signatory_exams e JOIN ({'SELECT t.id ' + PLAN_SIGNED})"
                          " x ON x.id = e.task_id WHERE e.deleted = 0 GROUP BY e.result"))
    assert exams == {"pass": 2, "fail": 1} and {"合格": 2, "不合格": 1} == {k: n for k, n in s.exams.items() if n}
    with_cases = PLAN_SIGNED.replace("WHERE", "LEFT JOIN cases c ON c.task_id = t.id WHERE")
    by_category = rows(db, f"SELECT i.category, coalesce(c.conclusion, 'none'), count(*) {with_cases} GROUP BY 1, 2")
    names = {"vehicle": "机动车检验机构", "eco_env": "生态环境监测机构", "other": "其他检验检测机构"}
    conclusion = {c.value: c.label for c in Conclusion} | {"none": "尚未作出结论"}
    assert {(names[c], conclusion[k]): n for c, k, n in by_category} == {
        (row.category, label): n for row in s.conclusions for label, n in row.counts.items() if n}
    referrals = rows(db, "SELECT r.recipient, count(*), count(DISTINCT r.task_id) FROM referrals r"
                         " JOIN draw_tasks d ON d.task_id = r.task_id WHERE d.plan_id = ? GROUP BY r.recipient")
    assert [(Recipient(r).label, n, k) for r, n, k in referrals] == [
        (r.recipient, r.referrals, r.institutions) for r in s.referrals] == [("公安机关", 1, 1)]
    [(decisions, revoked, rectify)] = rows(db, "SELECT sum(c.penalty_decision != ''), sum(c.revoked),"
                                               " sum(c.conclusion = 'rectify') FROM cases c JOIN draw_tasks d"
                                               " ON d.task_id = c.task_id WHERE d.plan_id = ?")
    p = s.penalties
    assert (p.decisions, p.revoked, p.rectify_ordered, p.rectify_accepted, p.rectify_overdue) == (
        decisions, revoked, rectify, 0, 1)  # the deadline 2025-11-20 passed on the 24th with nothing received
    typical = rows(db, "SELECT i.name, c.typical_summary FROM cases c JOIN draw_tasks d ON d.task_id = c.task_id"
                       " JOIN tasks t ON t.id = c.task_id JOIN institutions i ON i.id = t.institution_id"
                       " WHERE d.plan_id = ? AND c.typical_case = 1 ORDER BY i.name")
    assert sorted((t.institution, t.summary) for t in s.typical_cases) == typical and len(typical) == 2
    not_closed = rows(db, "SELECT count(*) FROM draw_tasks d JOIN tasks t ON t.id = d.task_id"
                          " WHERE d.plan_id = ? AND t.status != 'closed'")[0][0]
    assert len(s.open_tasks) == not_closed == 2


def test_the_draw_per_category_is_the_published_draws(db):
    from app.services.summary import build

    s = build(db, "plan-2025", AS_OF)
    [(announcement, result)] = rows(db, "SELECT announcement, result FROM draws WHERE plan_id = ?"
                                        " AND kind = 'institutions' AND seed IS NOT NULL")
    announced, drawn = json.loads(announcement), json.loads(result)
    expected = [(c["quota"], len(c["pool"]), len(r["selected"]), len(r["handed_on"]), r["shortfall"])
                for c, r in zip(announced["categories"], drawn["categories"])]
    assert [(r.quota, r.pool, r.selected, r.handed_on, r.shortfall) for r in s.draw_rows] == expected
    other = s.draw_rows[2]  # three allocated here and some by the demo, a quota of two: the rest handed on
    assert other.handed_on == other.allocated - 2 > 0 and other.selected == 2
    assert (s.registry_count, s.rate_check, s.rate) == (announced["registry_count"], announced["rate_check"], "4%")


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += ["|".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


@pytest.fixture
def exported(db, tmp_path, capsys):
    from docx import Document

    out = tmp_path / "总结.docx"
    run = call_main(capsys, ["--db", tmp_path / "copy.sqlite", "--json",
                             "summary", "--plan", "plan-2025", "--out", out, "--date", "2025-11-24"])
    assert run.status == 0, run
    return Document(str(out)), run.json, out


def test_the_document_prints_the_counts(exported, db):
    document, data, _ = exported
    text = docx_text(document)
    counted = dict(rows(db, f"SELECT f.item, count(*) FROM findings f JOIN ({'SELECT t.id ' + PLAN_SIGNED}) x"
                            " ON x.id = f.task_id WHERE f.verdict = 'problem' GROUP BY f.item"))
    for item, n in counted.items():
        assert any(line.startswith(f"{item}|") and line.endswith(f"|{n}") for line in text.split("\n")), item
    assert "公安机关|1|1" in text and "其中移交公安机关1件（涉及1家机构）" in text
    assert "结论为“发现问题，责令整改”的1家" in text
    assert "已签署现场检查记录4份" in text and "考核结果满意2份、有问题1份、不满意2份" in text
    assert "2025年度检验检测机构“双随机、一公开”" in text and "2025年11月24日" in text
    assert "伪造原始记录，出具虚假报告。" in text and "撤销资质认定证书" in text
    assert data["summary"]["signed_total"] == 4 and data["file"].endswith("总结.docx")


def mm(length) -> float:
    return length.emu / 36000


def test_the_docx_has_the_gbt_9704_page(exported):
    from docx.oxml.ns import qn

    document, _, _ = exported
    [section] = document.sections
    assert (round(mm(section.page_width)), round(mm(section.page_height))) == (210, 297)
    assert abs(mm(section.top_margin) - 37) <= 1 and abs(mm(section.left_margin) - 28) <= 1
    text_width = mm(section.page_width) - mm(section.left_margin) - mm(section.right_margin)
    text_height = mm(section.page_height) - mm(section.top_margin) - mm(section.bottom_margin)
    assert abs(text_width - 156) <= 0.5 and abs(text_height - 225) <= 0.5
    styles = document.styles

    def east_asia(name):
        return styles[name].element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asia("GW Title") == "方正小标宋简体" and styles["GW Title"].font.size.pt == 22  # 2号
    assert east_asia("GW Body") == "仿宋_GB2312" and styles["GW Body"].font.size.pt == 16  # 3号
    assert (east_asia("GW Heading 1"), east_asia("GW Heading 2")) == ("黑体", "楷体_GB2312")
    body = styles["GW Body"]
    pitch = body.paragraph_format.line_spacing.pt * 25.4 / 72
    assert 22 * pitch <= 225 < 23 * pitch  # 22 lines a page
    condensed = int(body.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    char = (16 + condensed) * 25.4 / 72
    assert 28 * char <= 156 < 29 * char  # 28 characters a line
    assert body.paragraph_format.first_line_indent.pt == pytest.approx(2 * (16 + condensed))
    # fallbacks named in the font table
    fonts = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable").blob.decode("utf-8")
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋,FangSong' in fonts and 'w:altName w:val="楷体,KaiTi' in fonts
    # page numbers: odd and even footers, — PAGE —, 4号 宋体, odd on the right and even on the left
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer, side in ((odd, "right"), (even, "left")):
        xml = footer._p.xml
        assert "PAGE" in xml and footer.text.startswith("— ") and footer.text.endswith(" —")
        assert footer.style.font.size.pt == 14 and footer.style.element.rPr.rFonts.get(qn("w:ascii")) == "宋体"
        assert footer.alignment.name == side.upper()


def test_the_charts_are_print_resolution_pngs_across_the_text_area(exported):
    from PIL import Image

    document, _, _ = exported
    shapes = list(document.inline_shapes)
    assert len(shapes) == 3  # problems per item, blind samples and conclusions per category
    for shape in shapes:
        assert abs(mm(shape.width) - 156) < 0.5
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        part = document.part.related_parts[blip.embed]
        assert part.content_type == "image/png"
        with Image.open(io.BytesIO(part.blob)) as image:
            assert image.mode == "RGB" and round(image.info["dpi"][0]) == 300
            assert image.width >= 156 / 25.4 * 300 - 2


def test_an_unknown_plan_is_refused_and_nothing_is_written(db, tmp_path, capsys):
    out = tmp_path / "x.docx"
    run = call_main(capsys, ["--db", tmp_path / "copy.sqlite", "--json", "summary", "--plan", "no-such-plan",
                             "--out", out])
    assert run.status == 1 and run.json["error"]["code"] == "not_found" and "没有抽查计划" in run.stdout
    assert not out.exists()
    run = call_main(capsys, ["--db", tmp_path / "copy.sqlite", "summary", "--plan", "plan-2025", "--out",
                             tmp_path / "x.pdf"])
    assert run.status == 1 and ".docx" in run.stderr + run.stdout


def test_a_plan_with_no_tasks_says_so(db, tmp_path):
    from docx import Document

    from app.services.summary import export

    out = tmp_path / "empty.docx"
    data = export(db, "plan-empty", out, AS_OF)
    assert data["summary"]["task_total"] == 0 and data["summary"]["draw_rows"] == []
    text = docx_text(Document(str(out)))
    assert "本计划尚未公告抽取检查对象。" in text and "本计划尚未建立检查任务，尚无检查结果。" in text
    assert "尚无已签署的现场检查记录，暂无统计。" in text
    assert not list(Document(str(out)).inline_shapes)  # nothing to chart


def test_the_summary_and_its_charts_are_made_without_qt(db, tmp_path):
    out = tmp_path / "无Qt.docx"
    run = run_qt_free(["--db", tmp_path / "copy.sqlite", "summary", "--plan", "plan-2025", "--out", out],
                      tmp_path / "data")
    assert run.status == 0, run
    with zipfile.ZipFile(out) as package:
        assert len([n for n in package.namelist() if n.startswith("word/media/") and n.endswith(".png")]) == 3


def test_the_command_line_starts_without_matplotlib():
    import subprocess
    import sys

    from tests.cli_helpers import REPO_ROOT

    code = ("import sys, argparse\nfrom app.commands import register\np = argparse.ArgumentParser()\n"
            "register(p.add_subparsers(), argparse.ArgumentParser(add_help=False))\n"
            "print(sorted(m for m in ('matplotlib', 'numpy', 'docx') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
