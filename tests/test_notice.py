"""The notice of inspection (检查通知书, issue 11): the ways of giving notice, when and how it was given (checked
against the 24-hour rule), its number given once, the document as PDF and Word, and the command line."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest

from app.domain.notices import NoticeMethod, method_label, notice_method
from app.domain.problems import InputRefused
from app.services import notices, profile, tasks
from app.services.task_view import task_record
from tests.cli_helpers import call_main
from tests.recording_helpers import answer_all, audit_count

DATONG = {"name": "大同市市场监督管理局", "document_prefix": "同市监检记", "notice_prefix": "同市监检通",
          "plan_notice": "同市监认证〔2025〕92号"}
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def rec(demo):
    profile.set_organ(demo.db, **DATONG, joint=["大同市公安局"])
    demo.task = _task(demo, date(2025, 10, 20))
    return demo


def _task(rec, day: date | None, *extra: str) -> str:
    return tasks.create_task(rec.db, rec.cast.institution, [rec.cast.lead, rec.cast.officers[0], *extra],
                             planned_date=day)


def _number(rec, task_id: str) -> tuple:
    record = task_record(rec.db, task_id)
    return record.notice_prefix, record.notice_year, record.notice_serial


# --- how the notice is given -----------------------------------------------------------------------

def test_the_ways_of_giving_notice_are_stored_in_english_and_named_in_chinese():
    assert [(m.value, m.label) for m in NoticeMethod] == [
        ("in_person", "当面送达"), ("phone", "电话"), ("sms", "短信"), ("fax", "传真"), ("email", "电子邮件"),
        ("post", "邮寄"), ("other", "其他")]
    assert notice_method("电话") == "phone" and notice_method(" Phone ") == "phone" and notice_method("") == ""
    assert notice_method(None) == "" and method_label("sms") == "短信" and method_label("") == ""
    with pytest.raises(InputRefused, match="告知方式 信鸽 不是可选的方式") as refused:
        notice_method("信鸽")
    assert refused.value.problems[0].column == "notice_method"


def test_when_and_how_are_recorded_and_the_24_hour_rule_checks_the_time(rec):
    notices.notify(rec.db, rec.task, "2025-10-19 08:30", "电话")
    record = task_record(rec.db, rec.task)
    assert (record.visit.notified_at, record.visit.notice_method, record.status.value) == (
        "2025-10-19T08:30", "phone", "notified")
    assert record.to_json()["session"]["notice_method"] == "phone"
    tasks.set_visit(rec.db, rec.task, started_at="2025-10-20 09:00")  # 24.5 hours after the notice
    assert any("超过24小时" in w for w in task_record(rec.db, rec.task).warnings)
    notices.notify(rec.db, rec.task, at="2025-10-19 15:00")  # the method stays; now inside the 24 hours
    record = task_record(rec.db, rec.task)
    assert record.visit.notice_method == "phone" and not any("24小时" in w for w in record.warnings)
    notices.notify(rec.db, rec.task, method="")  # cleared: not said
    assert task_record(rec.db, rec.task).visit.notice_method == ""


def test_a_bad_way_or_time_is_refused_and_nothing_is_written(rec):
    before = audit_count(rec.db)
    with pytest.raises(InputRefused, match="不是可选的方式"):
        notices.notify(rec.db, rec.task, "2025-10-19 08:30", "pigeon")
    with pytest.raises(InputRefused, match="格式不对"):
        notices.notify(rec.db, rec.task, "2025-10-19 8点半", "phone")
    with pytest.raises(InputRefused, match="告知时间.*告知方式"):
        notices.notify(rec.db, rec.task)
    assert audit_count(rec.db) == before
    assert task_record(rec.db, rec.task).visit.notified_at is None


def test_the_way_and_the_number_travel_with_the_tasks_edits(rec):
    from app.store import field_edits

    notices.notify(rec.db, rec.task, "2025-10-19 15:00", "sms")
    notices.issue(rec.db, rec.task)
    edited = {e.field: e.value for e in field_edits.all_edits(rec.db.conn, rec.task) if e.entity == "task"}
    assert edited["notice_method"] == "sms"
    assert (edited["notice_prefix"], edited["notice_year"], edited["notice_serial"]) == ("同市监检通", "2025", "1")
    assert all(field_edits.travels(rec.db.conn, "task", f) for f in ("notice_method", "notice_serial"))


def test_a_record_without_a_way_or_a_notice_keeps_its_json_and_hash(rec):
    data = task_record(rec.db, rec.task).to_json()
    assert "notice_method" not in data["session"] and "notice" not in data


# --- the number ---------------------------------------------------------------------------------------

def test_the_number_is_given_once_on_first_issue_and_kept(rec):
    second = _task(rec, date(2025, 11, 3))
    next_year = _task(rec, date(2026, 1, 5))
    assert _number(rec, rec.task) == ("", None, None)  # not before the notice is issued
    given = [notices.issue(rec.db, t)[1] for t in (second, rec.task, next_year)]
    assert given == [True, True, True]
    assert [_number(rec, t) for t in (second, rec.task, next_year)] == [
        ("同市监检通", 2025, 1), ("同市监检通", 2025, 2), ("同市监检通", 2026, 1)]
    before = audit_count(rec.db)
    record, again = notices.issue(rec.db, rec.task)  # re-printing: the same number, nothing written
    assert (again, record.notice_number, audit_count(rec.db)) == (False, "同市监检通〔2025〕第 2 号", before)
    tasks.set_visit(rec.db, rec.task, planned_date="2026-02-01")  # a later date does not renumber
    profile.set_organ(rec.db, notice_prefix="同市监抽通")  # nor a later prefix
    assert task_record(rec.db, rec.task).notice_number == "同市监检通〔2025〕第 2 号"
    fourth = _task(rec, date(2025, 12, 1))
    notices.issue(rec.db, fourth)
    assert _number(rec, fourth) == ("同市监抽通", 2025, 1)  # numbered per prefix and year
    assert task_record(rec.db, rec.task).to_json()["notice"] == {"prefix": "同市监检通", "year": 2025, "serial": 2}
    from app.services.audit import check

    assert check(rec.db).ok  # each number given is an audited edit: the tables agree with the replayed log


def test_the_database_refuses_two_notices_with_the_same_number(rec):
    import sqlite3

    second = _task(rec, date(2025, 10, 21))
    notices.issue(rec.db, rec.task)
    notices.issue(rec.db, second)
    with pytest.raises(sqlite3.IntegrityError):
        rec.db.conn.execute("UPDATE tasks SET notice_serial = 1 WHERE id = ?", [second])


def test_no_notice_prefix_no_planned_date_or_a_closed_record_is_refused_in_words(rec):
    profile.set_organ(rec.db, notice_prefix="")
    before = audit_count(rec.db)
    with pytest.raises(InputRefused, match="检查通知书编号前缀|--notice-prefix") as refused:
        notices.issue(rec.db, rec.task)
    assert [p.column for p in refused.value.problems] == ["notice_prefix"]
    assert audit_count(rec.db) == before and _number(rec, rec.task) == ("", None, None)
    profile.set_organ(rec.db, notice_prefix="同市监检通")
    undated = _task(rec, None)
    with pytest.raises(InputRefused, match="计划日期"):
        notices.issue(rec.db, undated)
    answer_all(rec.db, rec.task)
    tasks.finish(rec.db, rec.task)
    with pytest.raises(InputRefused, match="不再发出检查通知书"):
        notices.issue(rec.db, rec.task)


# --- the document ---------------------------------------------------------------------------------

def _expected_words(rec) -> list[str]:
    record = task_record(rec.db, rec.task)
    inst = record.institution
    lead, officer = (m.inspector for m in record.members[:2])
    today = date.today()
    return ["大同市市场监督管理局、大同市公安局", "检查通知书", "同市监检通〔2025〕第1号", inst.name + "：", inst.credit_code,
            re.sub(r"\s+", "", inst.address), "《中华人民共和国行政处罚法》", "同市监认证〔2025〕92号", "2025年10月20日",
            "2025年度资质认定检验检测机构自查表", "1.机构应为依法成立", "18.参加能力验证和技术比对。",
            lead.name, f"执法证号{lead.cert_no}", officer.name, f"执法证号{officer.cert_no}", "技术专家",
            f"检查组组长{lead.name}", "不得拒绝、阻挠或者逃避检查", "有权申请其回避", "不收取任何费用",
            f"{today.year}年{today.month}月{today.day}日", "送达回证", "2025年10月19日15:00", "送达方式短信",
            "受送达人签收"]


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_the_pdf_notice_says_who_what_when_and_how_it_was_given(rec):
    expert = _task(rec, date(2025, 10, 20), rec.cast.expert)
    rec.task = expert
    notices.notify(rec.db, expert, "2025-10-19 15:00", "sms")
    out = rec.tmp / "通知书.pdf"
    result = notices.export(rec.db, expert, out)
    assert (result["format"], result["number"], result["issued"]) == ("pdf", "同市监检通〔2025〕第 1 号", True)
    text = re.sub(r"\s+", "", _pdf_text(out))
    for expected in _expected_words(rec):
        assert expected in text, expected
    assert "□当面送达" not in text  # the way is recorded: nothing to tick
    assert "检验检测机构监督管理办法》的规定，按照“双随机、一公开”监督抽查工作安排（同市监认证〔2025〕92号）" in text
    assert re.search(r"第1页共(\d)页", text) and result["pages"] >= 2
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts and "WenQuanYiMicroHei" in fonts  # one embedded font, no fallback
    again = notices.export(rec.db, expert, rec.tmp / "again.pdf")
    assert (again["number"], again["issued"]) == ("同市监检通〔2025〕第 1 号", False)


@needs_poppler
def test_a_notice_not_yet_given_leaves_when_and_how_to_fill_in(rec):
    out = rec.tmp / "n.pdf"
    notices.export(rec.db, rec.task, out)
    text = re.sub(r"\s+", "", _pdf_text(out))
    assert "□当面送达□电话□短信□传真□电子邮件□邮寄□其他" in text
    assert "____年____月____日____时____分" in text


def test_the_word_notice_carries_the_same_content(rec):
    import docx

    expert = _task(rec, date(2025, 10, 20), rec.cast.expert)
    rec.task = expert
    notices.notify(rec.db, expert, "2025-10-19 15:00", "短信")
    out = rec.tmp / "通知书.docx"
    result = notices.export(rec.db, expert, out)
    assert result["format"] == "docx" and out.read_bytes()[:2] == b"PK"
    document = docx.Document(io.BytesIO(out.read_bytes()))
    words = "".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    words = re.sub(r"\s+", "", words)
    for expected in _expected_words(rec):
        assert expected in words, expected
    footer = "".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "同市监检通〔2025〕第 1 号" in footer
    xml = document.sections[0].footer._element.xml
    assert "NUMPAGES" in xml and "PAGE" in xml


def test_the_record_says_how_the_notice_was_given_and_its_number(rec):
    from app.services.reporting import build_report

    notices.notify(rec.db, rec.task, "2025-10-19 15:00", "in_person")
    notices.issue(rec.db, rec.task)
    visit = {r.label: r.value for r in build_report(rec.db, rec.path, rec.task).visit}
    assert visit["告知时间"].endswith("15:00，告知方式：当面送达，检查通知书 同市监检通〔2025〕第 1 号")


def test_a_file_that_is_neither_pdf_nor_word_is_refused(rec):
    with pytest.raises(InputRefused, match=r"\.pdf 或 \.docx"):
        notices.export(rec.db, rec.task, rec.tmp / "n.txt")
    with pytest.raises(InputRefused, match="不存在"):
        notices.export(rec.db, rec.task, rec.tmp / "missing" / "n.pdf")
    assert _number(rec, rec.task) == ("", None, None)  # refused before numbering


# --- the command line ------------------------------------------------------------------------------

def _cli(capsys, rec, *args):
    return call_main(capsys, ["--db", str(rec.path), *args])


def test_the_command_line_sets_the_prefix_records_the_notice_and_writes_it(rec, capsys):
    rec.db.conn.close()
    organ = _cli(capsys, rec, "--json", "profile", "organ", "--notice-prefix", "同市监检通")
    assert organ.status == 0 and organ.json["notice_prefix"] == "同市监检通"
    notified = _cli(capsys, rec, "--json", "task", "notify", rec.task, "--at", "2025-10-19T15:00", "--method", "电话")
    assert notified.status == 0
    assert (notified.json["notified_at"], notified.json["notice_method"], notified.json["status"]) == (
        "2025-10-19T15:00", "phone", "notified")
    shown = _cli(capsys, rec, "--json", "task", "show", rec.task).json
    assert shown["session"]["notice_method"] == "phone"
    written = _cli(capsys, rec, "task", "notice", rec.task, "--out", rec.tmp / "n.docx")
    assert written.status == 0 and "同市监检通〔2025〕第 1 号" in written.stdout and "新编号" in written.stdout
    again = _cli(capsys, rec, "--json", "task", "notice", rec.task, "--out", rec.tmp / "n.pdf")
    assert again.status == 0 and again.json["notice"] == {"prefix": "同市监检通", "year": 2025, "serial": 1}
    assert again.json["issued"] is False and again.json["pages"] >= 2


@pytest.mark.parametrize("args, words", [
    (["notify", "{task}", "--method", "pigeon"], "不是可选的方式"),
    (["notify", "{task}", "--at", "2025-13-40 25:00"], "格式不对"),
    (["notify", "{task}"], "告知时间"),
    (["notify", "no-such-task", "--method", "phone"], "没有检查任务"),
    (["notice", "{task}", "--out", "{tmp}/n.odt"], ".pdf 或 .docx"),
    (["notice", "no-such-task", "--out", "{tmp}/n.pdf"], "没有检查任务"),
])
def test_bad_input_on_the_command_line_is_refused_with_words(rec, capsys, args, words):
    rec.db.conn.close()
    args = [a.format(task=rec.task, tmp=rec.tmp) for a in args]
    run = _cli(capsys, rec, "task", *args)
    assert run.status == 1 and words in run.stderr and "Traceback" not in run.stderr
    as_json = _cli(capsys, rec, "--json", "task", *args)
    assert as_json.status == 1 and words in as_json.json["error"]["message"]


def test_an_unnumbered_organ_is_refused_on_the_command_line(rec, capsys):
    profile.set_organ(rec.db, notice_prefix="")
    rec.db.conn.close()
    run = _cli(capsys, rec, "task", "notice", rec.task, "--out", rec.tmp / "n.pdf")
    assert run.status == 1 and "--notice-prefix" in run.stderr and not (rec.tmp / "n.pdf").exists()


# --- the organ's prefix in an assignment -------------------------------------------------------------

def test_an_assignment_carries_the_notice_prefix_and_an_older_one_leaves_it(rec):
    from app.services.inbox import _apply_assignment, _assignment
    from app.services.packages import _organ_json

    carried = _organ_json(profile.organ(rec.db))
    assert carried["notice_prefix"] == "同市监检通"
    empty = {"institutions": [], "inspectors": [], "certificates": []}
    profile.set_organ(rec.db, notice_prefix="本机前缀")
    older = {k: v for k, v in carried.items() if k != "notice_prefix"}
    with rec.db.atomic():
        _apply_assignment(rec.db, _assignment({"assignment": {**empty, "organ": older}}), datetime.now().isoformat())
    assert profile.organ(rec.db).notice_prefix == "本机前缀"
    with rec.db.atomic():
        _apply_assignment(rec.db, _assignment({"assignment": {**empty, "organ": carried}}), datetime.now().isoformat())
    assert profile.organ(rec.db).notice_prefix == "同市监检通"


# --- two devices numbering notices apart -----------------------------------------------------------

def test_a_package_whose_notice_has_a_number_taken_here_is_refused_naming_the_notice(tmp_path, capsys):
    from app.services.packages import export_findings
    from app.services.task_view import list_tasks
    from app.store.database import open_database
    from tests.recording_helpers import lead_and_laptop

    lead_path, laptop_path, task, _ = lead_and_laptop(tmp_path, "lead 口令 2025", "colleague 口令 2025")
    laptop = open_database(laptop_path)
    try:
        mine = notices.issue(laptop, task.id)[0]
        export_findings(laptop, laptop_path, task.id, tmp_path / "c.scpkg", "colleague 口令 2025")
    finally:
        laptop.close()
    lead = open_database(lead_path)
    try:  # meanwhile the lead numbered another notice of the same year: the same serial
        other = next(t.id for t in list_tasks(lead) if t.id != task.id and t.status.editable
                     and (t.planned_date or "")[:4] == str(mine.notice_year))
        assert notices.issue(lead, other)[0].notice_number == mine.notice_number
    finally:
        lead.close()
    run = call_main(capsys, ["--db", lead_path, "--json", "package", "import", tmp_path / "c.scpkg"])
    (item,) = run.json["items"]
    assert item["verdict"] == "refused" and "检查通知书编号相同" in item["error"]["message"], item
    assert "没有的机构" not in item["error"]["message"]
