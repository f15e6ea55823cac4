"""What an official on-site record needs besides the checklist (issue 9): the organ that issues it, a document
number given once, the recorder, the institution's people present, each officer's credentials, the legal basis
and the task source — through the services, the command line and the printed record."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from app.domain.organ import Organ
from app.domain.problems import InputRefused
from app.domain.record import Part
from app.services import profile, tasks
from app.services.task_view import task_record
from tests.recording_helpers import answer_all, new_task

DATONG = {"name": "大同市市场监督管理局", "short_name": "大同市市场监管局", "document_prefix": "同市监检记",
          "plan_notice": "同市监认证〔2025〕92号"}


@pytest.fixture
def rec(demo):
    return demo  # the demo registry with no task yet: the numbers below start at 1


# --- the organ ------------------------------------------------------------------------------------

def test_the_organ_is_kept_in_the_profile_and_read_back(rec):
    organ = profile.set_organ(rec.db, **DATONG, joint=["大同市公安局", "  ", "大同市生态环境局"])
    assert organ == Organ(name="大同市市场监督管理局", short_name="大同市市场监管局", document_prefix="同市监检记",
                          joint=("大同市公安局", "大同市生态环境局"), plan_notice="同市监认证〔2025〕92号",
                          notice_prefix="同市监检通", result_prefix="同市监检告")  # the demo's, left as they were
    assert organ.issuer == "大同市市场监督管理局、大同市公安局、大同市生态环境局"
    assert organ.document_number(2025, 12) == "同市监检记〔2025〕第 12 号"
    assert profile.organ(rec.db) == organ
    assert profile.set_organ(rec.db, joint="大同市公安局、大同市消防救援支队").joint == ("大同市公安局", "大同市消防救援支队")
    with pytest.raises(InputRefused, match="检查机关过长"):
        profile.set_organ(rec.db, name="局" * 501)


def test_the_basis_names_the_plan_notice_and_the_regulations():
    assert Organ(plan_notice="同市监认证〔2025〕92号").basis == (
        "《中华人民共和国行政处罚法》《检验检测机构资质认定管理办法》《检验检测机构监督管理办法》；同市监认证〔2025〕92号")
    assert Organ(legal_basis="《检验检测机构监督管理办法》").basis == "《检验检测机构监督管理办法》"


# --- the document number ---------------------------------------------------------------------------

def test_each_task_gets_the_next_number_of_its_year_once(rec):
    team = [rec.cast.lead, rec.cast.officers[0]]
    first = tasks.create_task(rec.db, rec.cast.institution, team, planned_date=date(2025, 10, 20))
    second = tasks.create_task(rec.db, rec.cast.institution, team, planned_date=date(2025, 11, 3))
    next_year = tasks.create_task(rec.db, rec.cast.institution, team, planned_date=date(2026, 1, 5))
    numbers = [(task_record(rec.db, t).document_year, task_record(rec.db, t).document_serial)
               for t in (first, second, next_year)]
    assert numbers == [(2025, 1), (2025, 2), (2026, 1)]
    tasks.set_visit(rec.db, first, planned_date="2026-02-01")  # given once: a later date does not renumber
    assert (task_record(rec.db, first).document_year, task_record(rec.db, first).document_serial) == (2025, 1)
    assert task_record(rec.db, first).to_json()["document"] == {"prefix": "同市监检记", "year": 2025, "serial": 1}


def test_the_database_refuses_a_second_task_with_the_same_number(rec):
    import sqlite3

    team = [rec.cast.lead, rec.cast.officers[0]]
    first = tasks.create_task(rec.db, rec.cast.institution, team, planned_date=date(2025, 10, 20))
    second = tasks.create_task(rec.db, rec.cast.institution, team, planned_date=date(2025, 10, 21))
    with pytest.raises(sqlite3.IntegrityError):
        rec.db.conn.execute("UPDATE tasks SET document_serial = 1 WHERE id = ?", [second])
    assert first != second


# --- the recorder, the credentials, the people present ---------------------------------------------

def test_the_recorder_is_one_of_the_team(rec):
    task = new_task(rec.db, rec.cast)
    changes = tasks.set_visit(rec.db, task, recorder_id=rec.cast.officers[0])
    assert changes.parts == {Part.VISIT} and task_record(rec.db, task).visit.recorder_id == rec.cast.officers[0]
    with pytest.raises(InputRefused, match="记录人须是本检查组的成员"):
        tasks.set_visit(rec.db, task, recorder_id=rec.cast.police)
    tasks.set_visit(rec.db, task, recorder_id="")
    assert task_record(rec.db, task).visit.recorder_id is None


def test_credentials_are_recorded_per_officer_and_two_are_needed(rec):
    task = new_task(rec.db, rec.cast, extra=[rec.cast.expert])
    answer_all(rec.db, task)  # shows every officer's credentials
    tasks.show_credentials(rec.db, task, rec.cast.officers[0], shown=False)
    record = task_record(rec.db, task)
    assert [(m.inspector.id, m.credentials_shown) for m in record.members] == [
        (rec.cast.lead, True), (rec.cast.officers[0], False), (rec.cast.expert, False)]
    assert "出示执法证件的执法人员少于 2 名（现有 1 名）：请在现场情况中逐人记录" in record.missing
    with pytest.raises(InputRefused, match="记录还不完整"):
        tasks.finish(rec.db, task)
    with pytest.raises(InputRefused, match="是技术专家，没有执法证件可出示"):
        tasks.show_credentials(rec.db, task, rec.cast.expert)
    changes = tasks.show_credentials(rec.db, task, rec.cast.officers[0])
    assert changes.parts == {Part.TEAM}
    assert task_record(rec.db, task).to_json()["team"][1] == {
        "id": rec.cast.officers[0], "name": task_record(rec.db, task).members[1].inspector.name, "role": "member",
        "officer": True, "credentials_shown": True}
    tasks.finish(rec.db, task)


def test_the_institutions_people_present_are_added_changed_and_removed(rec):
    task = new_task(rec.db, rec.cast)
    first = tasks.add_attendee(rec.db, task, " 张  敏 ", "质量负责人", "13800000001")
    second = tasks.add_attendee(rec.db, task, "李强", "技术负责人")
    assert first.parts == {Part.VISIT}
    tasks.set_attendee(rec.db, second.id, phone="0352-1234567")
    attendees = task_record(rec.db, task).visit.attendees
    assert [(a.name, a.title, a.phone) for a in attendees] == [("张 敏", "质量负责人", "13800000001"),
                                                             ("李强", "技术负责人", "0352-1234567")]
    tasks.remove_attendee(rec.db, first.id)
    assert [a.name for a in task_record(rec.db, task).visit.attendees] == ["李强"]
    tasks.restore_attendee(rec.db, first.id)
    assert task_record(rec.db, task).to_json()["session"]["attendees"] == [
        {"name": "张 敏", "title": "质量负责人", "phone": "13800000001"},
        {"name": "李强", "title": "技术负责人", "phone": "0352-1234567"}]
    with pytest.raises(InputRefused, match="姓名不能为空"):
        tasks.add_attendee(rec.db, task, "  ")


def test_a_record_without_the_new_details_keeps_its_json_and_hash(rec):
    # records made before these fields print and hash as they did: the keys appear only when there is something
    task = new_task(rec.db, rec.cast)
    data = task_record(rec.db, task).to_json()
    assert "recorder" not in data["session"] and "attendees" not in data["session"]
    assert all("credentials_shown" not in m for m in data["team"])
    rec.db.conn.execute("UPDATE tasks SET document_year = NULL, document_serial = NULL WHERE id = ?", [task])
    assert "document" not in task_record(rec.db, task).to_json()


def test_the_audit_log_replays_the_new_fields(rec):
    from app.services.audit import check

    task = new_task(rec.db, rec.cast)
    tasks.set_visit(rec.db, task, recorder_id=rec.cast.lead)
    tasks.show_credentials(rec.db, task, rec.cast.lead)
    attendee = tasks.add_attendee(rec.db, task, "张敏", "质量负责人")
    tasks.remove_attendee(rec.db, attendee.id)
    assert check(rec.db).ok
    rec.db.conn.execute("UPDATE visit_attendees SET name = '王五'")
    assert [(m.table, m.field) for m in check(rec.db).mismatches] == [("visit_attendees", "name")]


# --- the command line --------------------------------------------------------------------------------

def test_the_command_line_sets_the_organ_and_the_visits_people(rec, capsys):
    from tests.cli_helpers import call_main

    def _cli(db_path, *args):
        return call_main(capsys, ["--db", str(db_path), *args, "--json"])

    rec.db.conn.close()
    run = _cli(rec.path, "profile", "organ", "--name", "大同市市场监督管理局", "--prefix", "同市监检记",
               "--joint", "大同市公安局", "--plan-notice", "同市监认证〔2025〕92号")
    assert run.status == 0 and run.json["name"] == "大同市市场监督管理局" and run.json["joint"] == ["大同市公安局"]
    assert _cli(rec.path, "profile", "organ").json["document_prefix"] == "同市监检记"
    created = _cli(rec.path, "task", "create", "--institution", rec.cast.institution, "--inspector", rec.cast.lead,
                   "--inspector", rec.cast.officers[0], "--date", "2025-10-20")
    task = created.json["id"]
    assert created.json["document"] == {"prefix": "同市监检记", "year": 2025, "serial": 1}
    assert _cli(rec.path, "task", "visit", "--task", task, "--recorder", rec.cast.officers[0]).status == 0
    assert _cli(rec.path, "task", "credentials", "--task", task, "--inspector", rec.cast.lead).status == 0
    added = _cli(rec.path, "task", "attendee", "--task", task, "--name", "张敏", "--title", "质量负责人",
                 "--phone", "13800000001")
    assert added.status == 0
    shown = _cli(rec.path, "task", "show", task).json
    assert shown["session"]["recorder"] == rec.cast.officers[0]
    assert shown["session"]["attendees"] == [{"name": "张敏", "title": "质量负责人", "phone": "13800000001"}]
    assert shown["team"][0]["credentials_shown"] is True
    removed = _cli(rec.path, "task", "attendee", "--task", task, "--remove", added.json["id"])
    assert removed.status == 0 and "attendees" not in _cli(rec.path, "task", "show", task).json["session"]
    refused = _cli(rec.path, "task", "credentials", "--task", task, "--inspector", rec.cast.police)
    assert refused.status == 1 and "须是本检查组的成员" in refused.json["error"]["message"]


# --- the printed record --------------------------------------------------------------------------------

def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
                    reason="poppler-utils not installed")
def test_the_record_names_the_organ_number_people_basis_and_source(rec):
    from app.reports.pdf import render_pdf
    from app.services.reporting import build_report

    profile.set_organ(rec.db, **DATONG, joint=["大同市公安局"])
    task = tasks.create_task(rec.db, rec.cast.institution, [rec.cast.lead, rec.cast.officers[0], rec.cast.police,
                                                            rec.cast.expert], planned_date=date(2025, 10, 20))
    tasks.set_visit(rec.db, task, recorder_id=rec.cast.officers[0])
    tasks.show_credentials(rec.db, task, rec.cast.lead)
    tasks.add_attendee(rec.db, task, "张敏", "质量负责人", "13800000001")
    report = build_report(rec.db, rec.path, task)
    assert report.organ == "大同市市场监督管理局、大同市公安局"
    assert report.document_no == "同市监检记〔2025〕第 1 号"
    visit = {r.label: r.value for r in report.visit}
    assert visit["任务来源"] == "“双随机、一公开”监督抽查（同市监认证〔2025〕92号）"
    assert visit["检查依据"].endswith("；同市监认证〔2025〕92号")
    assert visit["被检查单位在场人员"] == "张敏（质量负责人，电话 13800000001）"
    names = {m.inspector.id: m.inspector for m in task_record(rec.db, task).members}
    assert visit["记录人"] == names[rec.cast.officers[0]].name
    team = [(r.label, r.value) for r in report.team]
    lead, officer, police, expert = (names[i] for i in (rec.cast.lead, rec.cast.officers[0], rec.cast.police,
                                                          rec.cast.expert))
    assert [label for label, _ in team] == ["检查人员", "检查人员", "联合检查人员", "技术专家"]
    assert team[2][1].startswith(f"{police.name}（公安，执法证号 {police.cert_no}，")
    assert team[0][1].startswith(f"{lead.name}（执法证号 {lead.cert_no}，已出示执法证件，组长")
    assert team[1][1].startswith(f"{officer.name}（执法证号 {officer.cert_no}，") and "已出示" not in team[1][1]
    assert team[3][1].startswith(expert.name) and "执法证号" not in team[3][1]
    for name in (lead.name, officer.name, police.name, expert.name):  # nobody is listed twice
        assert sum(value.count(name) for _, value in team) == 1
    target = rec.tmp / "r.pdf"
    target.write_bytes(render_pdf(report).data)
    text = re.sub(r"\s+", "", _pdf_text(target))
    for expected in ("大同市市场监督管理局", "同市监检记〔2025〕第1号", "记录人", "张敏", "联合检查人员",
                     "同市监认证〔2025〕92号"):
        assert expected in text, expected
    import io

    import docx

    from app.reports.word import render_docx

    document = docx.Document(io.BytesIO(render_docx(report)))
    words = "".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    words = re.sub(r"\s+", "", words)
    for expected in ("大同市市场监督管理局、大同市公安局", "同市监检记〔2025〕第1号", "记录人", "张敏（质量负责人，电话13800000001）",
                     "联合检查人员", "检查用表", "同市监认证〔2025〕92号"):
        assert expected in words, expected


@pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
                    reason="poppler-utils not installed")
def test_every_demo_record_names_the_organ_its_number_and_its_people(tmp_path):
    from app.demo.data import build_demo
    from app.reports.pdf import render_pdf
    from app.services.reporting import build_report
    from app.services.task_view import list_tasks
    from app.store.database import open_database

    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    try:
        build_demo(db, seed=2025, institutions=40, db_path=path)
        numbers = set()
        for task in list_tasks(db):
            report = build_report(db, path, task.id)
            target = tmp_path / f"{task.id}.pdf"
            target.write_bytes(render_pdf(report).data)
            first_page = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-l", "1", str(target), "-"],
                                                           capture_output=True, text=True, check=True).stdout)
            assert "大同市市场监督管理局" in first_page
            number = re.search(r"同市监检记〔(\d{4})〕第(\d+)号", first_page)
            assert number, first_page[:200]
            numbers.add(number.groups())
            text = re.sub(r"\s+", "", _pdf_text(target))
            if task.status.value != "planned" and task.status.value != "notified":
                assert "记录人" in text and "被检查单位在场人员" in text
                assert "（未记录）" not in text.split("记录人")[1][:6], "the demo names its recorder"
        assert len(numbers) == len(list_tasks(db))  # no two records share a number
    finally:
        db.close()


def test_a_number_is_given_with_the_organs_prefix_of_the_day_and_keeps_it(rec):
    profile.set_organ(rec.db, document_prefix="")  # the demo's organ has one: start without
    team = [rec.cast.lead, rec.cast.officers[0]]
    first = tasks.create_task(rec.db, rec.cast.institution, team, planned_date=date(2025, 10, 20))
    profile.set_organ(rec.db, **DATONG)
    second = tasks.create_task(rec.db, rec.cast.institution, team, planned_date=date(2025, 10, 21))
    third = tasks.create_task(rec.db, rec.cast.institution, team, planned_date=date(2025, 10, 22))
    profile.set_organ(rec.db, document_prefix="同市监抽记")  # a later prefix: earlier records keep theirs
    assert [task_record(rec.db, t).document_number for t in (first, second, third)] == [
        "〔2025〕第 1 号", "同市监检记〔2025〕第 1 号", "同市监检记〔2025〕第 2 号"]
