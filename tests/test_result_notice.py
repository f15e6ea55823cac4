"""The result notice to the institution (检查结果告知书, issue 12 item 2): numbered once with the organ's prefix,
the conclusion, each problem with its checklist item and the legal basis the checklist gives, the rectification
demand and deadline, the follow-up check, the remedies, the organ and date, and a proof of service — in the PDF
and in the Word file; refused in words without a conclusion or a prefix.

Database: tests/case_helpers.py (task A: 发现问题，责令整改 with items 12 and 13; B referred; C investigated).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from app.domain.problems import InputRefused
from tests import case_helpers as h
from tests.cli_helpers import call_main

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
BASIS_13 = "《检验检测机构监督管理办法》（市场监管总局令第39号）第十三条"
BASIS_14 = "《检验检测机构监督管理办法》（市场监管总局令第39号）第十四条；《检验检测机构监督管理办法》（市场监管总局令第39号）第二十六条"


@pytest.fixture
def lead(cases_lead):
    return cases_lead


def facts(db, task_id: str) -> dict:
    """What the notice must say about the task, read with plain SQL."""
    cursor = db.conn.execute(
        "SELECT i.name, i.credit_code, i.cma_cert_no, t.started_at, t.document_prefix, t.document_year,"
        " t.document_serial FROM tasks t JOIN institutions i ON i.id = t.institution_id WHERE t.id = ?", [task_id])
    name, code, cert, started, prefix, year, serial = cursor.fetchone()
    y, m, d = map(int, started[:10].split("-"))
    return {"name": name, "code": code, "cert": cert, "day": f"{y}年{m}月{d}日",
            "record": f"{prefix}〔{year}〕第{serial}号"}


def expected_words(db, task_id: str) -> list[str]:
    f = facts(db, task_id)
    today = date.today()
    return ["大同市市场监督管理局", "检查结果告知书", "同市监检果〔2025〕第1号", f["name"] + "：", f["code"], f["cert"],
            f"本机关于{f['day']}依据《中华人民共和国行政处罚法》", "（同市监认证〔2025〕92号）", f"现场检查笔录{f['record']}",
            "《2025年度资质认定检验检测机构自查表》所列18项检查事项", "三、检查结论", "发现问题，责令整改。",
            "经检查，你单位存在以下2项问题", "正确使用资质认定标志、检验检测机构公章或检验检测专用章。", "（检查事项清单未列明）",
            "不得出具不实检验检测数据、结果和报告的要求。", re.sub(r"\s+", "", BASIS_13),
            "于2025年11月20日前完成整改", "整改期限届满后，本机关将对你单位的整改情况进行跟踪检查（复查）",
            "本机关已于2025年11月18日收到你单位的整改报告", "六十日内依法申请行政复议", "六个月内依法向人民法院提起行政诉讼",
            f"{today.year}年{today.month}月{today.day}日", "送达回证", "检查结果告知书（同市监检果〔2025〕第1号）",
            "□直接送达□留置送达□邮寄送达□电子送达", "受送达人签收"]


def rows(path, sql: str) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def descriptions(db, task_id: str) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT description FROM findings WHERE task_id = ? AND verdict = 'problem'"
                                          " ORDER BY item", [task_id])]


@needs_poppler
def test_the_pdf_says_the_conclusion_the_problems_and_their_basis_the_demand_and_the_remedies(lead):
    from app.services.result_notices import export

    out = lead.tmp / "告知书.pdf"
    data = export(lead, lead.tasks.a, out)
    assert (data["number"], data["issued"], data["problems"]) == ("同市监检果〔2025〕第 1 号", True, [12, 13])
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    for expected in expected_words(lead, lead.tasks.a) + [re.sub(r"\s+", "", d) for d in descriptions(lead, lead.tasks.a)]:
        assert expected in text, expected
    assert re.search(r"第1页共(\d)页", text) and data["pages"] >= 2
    for secret in (h.NOTES_A, h.TYPICAL_A):
        assert secret not in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts and "WenQuanYiMicroHei" in fonts


def test_the_word_notice_carries_the_same_content(lead):
    import docx

    from app.services.result_notices import export

    out = lead.tmp / "告知书.docx"
    assert export(lead, lead.tasks.a, out)["format"] == "docx"
    document = docx.Document(str(out))
    words = re.sub(r"\s+", "", "".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells))
    for expected in expected_words(lead, lead.tasks.a) + [re.sub(r"\s+", "", d) for d in descriptions(lead, lead.tasks.a)]:
        assert expected in words, expected
    assert "同市监检果〔2025〕第 1 号" in "".join(p.text for p in document.sections[0].footer.paragraphs)


def test_a_referred_case_tells_the_institution_of_the_referral_but_not_the_lead(lead):
    import docx

    from app.services.result_notices import export

    out = lead.tmp / "b.docx"
    export(lead, lead.tasks.b, out)
    document = docx.Document(str(out))
    words = re.sub(r"\s+", "", "".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells))
    assert "发现问题线索，移交有关部门处理。" in words and "本机关已依法移交有关部门处理" in words
    assert re.sub(r"\s+", "", BASIS_14) in words  # item 14: both articles the checklist gives
    assert h.T_POLICE not in words and h.T_JUDICIAL not in words and h.POLICE_DEPARTMENT not in words
    assert "跟踪检查无" in words  # no rectification was demanded: nothing to check again


def test_the_number_is_given_once_and_kept_and_the_next_notice_takes_the_next(lead):
    from app.services.profile import set_organ
    from app.services.result_notices import export

    first = export(lead, lead.tasks.c, lead.tmp / "c.pdf")
    set_organ(lead, result_prefix="新前缀")
    again = export(lead, lead.tasks.c, lead.tmp / "c.docx")
    assert (first["number"], first["issued"]) == ("同市监检果〔2025〕第 1 号", True)
    assert (again["number"], again["issued"]) == ("同市监检果〔2025〕第 1 号", False)
    other = export(lead, lead.tasks.b, lead.tmp / "b.pdf")
    assert (other["number"], other["issued"]) == ("新前缀〔2025〕第 1 号", True)
    set_organ(lead, result_prefix="同市监检果")
    third = export(lead, lead.tasks.a, lead.tmp / "a.pdf")
    assert third["number"] == "同市监检果〔2025〕第 2 号"
    logged = [r[0] for r in lead.conn.execute("SELECT new_value FROM audit_log WHERE action = 'issue' AND entity = 'case'"
                                              " ORDER BY id")]
    assert logged == ["同市监检果〔2025〕第 1 号", "新前缀〔2025〕第 1 号", "同市监检果〔2025〕第 2 号"]


def test_no_notice_without_a_conclusion_or_a_prefix_and_nothing_is_numbered(lead):
    from app.services.profile import set_organ
    from app.services.result_notices import export

    signed = lead.conn.execute("SELECT id FROM tasks WHERE status = 'on_site'").fetchone()[0]
    with pytest.raises(InputRefused, match="还没有处理结论"):
        export(lead, signed, lead.tmp / "x.pdf")
    set_organ(lead, result_prefix="")
    with pytest.raises(InputRefused, match="--result-prefix"):
        export(lead, lead.tasks.a, lead.tmp / "x.pdf")
    with pytest.raises(InputRefused, match=r"\.pdf 或 \.docx"):
        export(lead, lead.tasks.a, lead.tmp / "x.txt")
    assert lead.conn.execute("SELECT count(*) FROM result_notices").fetchone()[0] == 0
    assert not (lead.tmp / "x.pdf").exists()


def test_the_command_line_writes_the_notice_and_refuses_in_words(lead, capsys):
    path = lead.path
    on_site = lead.conn.execute("SELECT id FROM tasks WHERE status = 'on_site'").fetchone()[0]
    lead.conn.close()
    (lead.tmp / "folder.pdf").mkdir()
    run = call_main(capsys, ["--db", path, "--json", "notice", "result", "--task", lead.tasks.a, "--out",
                             lead.tmp / "a.pdf"])
    assert run.status == 0, run.stderr
    assert run.json["number"] == "同市监检果〔2025〕第 1 号" and (lead.tmp / "a.pdf").read_bytes()[:5] == b"%PDF-"
    for args, words in ((["--task", on_site, "--out", lead.tmp / "b.pdf"], "还没有处理结论"),
                        (["--task", "no-such-task", "--out", lead.tmp / "b.pdf"], "没有检查任务"),
                        (["--task", lead.tasks.a, "--out", lead.tmp / "b.odt"], ".pdf 或 .docx"),
                        (["--task", lead.tasks.b, "--out", lead.tmp / "folder.pdf"], "是一个文件夹")):
        run = call_main(capsys, ["--db", path, "notice", "result", *args])
        assert run.status == 1 and words in run.stderr and "Traceback" not in run.stderr, (args, run.stderr)
    assert rows(path, "SELECT count(*) FROM result_notices") == [(1,)]  # only A's: no refusal numbered a notice
    run = call_main(capsys, ["--db", path, "--json", "profile", "organ", "--result-prefix", "同检果"])
    assert run.status == 0 and run.json["result_prefix"] == "同检果"


def test_an_investigated_case_states_the_penalty_revocation_and_referral(lead):
    import docx

    from app.services.result_notices import export

    out = lead.tmp / "c.docx"
    export(lead, lead.tasks.c, out)
    document = docx.Document(str(out))
    words = re.sub(r"\s+", "", "".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells))
    assert "发现违法行为，立案调查。" in words and "本机关将依法立案调查" in words
    assert ("本机关已于2025年11月30日作出行政处罚决定（同市监处罚〔2025〕12号）：责令改正，罚款三万元，撤销你单位的资质认定证书。"
            in words)
    assert "本机关已依法移交有关部门处理" in words and h.T_ECO not in words
    assert "《检验检测机构监督管理办法》（市场监管总局令第39号）第八条" in words
