"""What a plan's draws publish (issue 11, "What comes out"): the public list of a draw (抽查名单公示) as PDF and
XLSX, and the team assignment sheet (检查组分配表). Expected values are worked out by hand from a small registry
and RFC 3797's own worked example (the key 9319./2.5.8.10.12./9.18.26.34.41.45./ and its published digests)."""

from __future__ import annotations

import hashlib
import re
import subprocess

import pytest

from app.domain.plan import Plan
from app.domain.registry import Category, Department, Inspector, Institution, Level
from tests.cli_helpers import call_main

SEED = "9319 / 2 5 12 8 10 / 9 18 26 34 41 45"
KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"
DIGEST_1 = "990DD0A5692A029A98B5E01AA28F3459"  # RFC 3797 section 6, i = 0
DIGEST_2 = "3691E55CB63FCC37914430B2F70B5EC6"  # i = 1
TRICKY = {3: "=HYPERLINK(\"http://x\",\"点我\")", 7: "+检测有限公司", 17: "-1+2检测中心", 20: "@SUM(A1)检测站"}


def code(prefix: str, n: int) -> str:
    return f"91140200{prefix}{n:09d}"


def other_name(n: int) -> str:
    return TRICKY.get(n, f"其他检测{n:02d}")


@pytest.fixture
def bureau(db):
    """Vehicle: two allocated by the province (quota 1: one drawn, one handed on) and one own; eco: a station of
    the eco department (left out) and one company (quota 2: shortfall 1); other: 26, one excluded by the plan,
    so 25 in the pool in the RFC example's numbering (quota 2)."""
    from app.services.plans import set_exclusion, set_higher_level
    from app.services.profile import set_profile
    from app.store.registry_upsert import upsert_inspectors, upsert_institutions

    institutions = (
        [Institution(f"机动车检测{n}", code("V", n), Category.VEHICLE, district="平城区") for n in range(1, 4)]
        + [Institution("市生态环境监测站", code("E", 1), Category.ECO_ENV, eco_owned=True, district="云冈区"),
           Institution("环境检测公司", code("E", 2), Category.ECO_ENV, district="云冈区")]
        + [Institution(other_name(n), code("O", n), Category.OTHER, district="新荣区") for n in range(1, 27)]
    )
    lead = Inspector("组长", Department.MARKET, level=Level.CITY, cert_no="14000001")
    with db.atomic():
        upsert_institutions(db, institutions)
        upsert_inspectors(db, [lead])
    set_profile(db, lead.id)
    set_higher_level(db, [code("V", 1), code("V", 2)], 2025, Level.PROVINCE, "allocated")
    from app.services.plans import create_plan

    plan = create_plan(db, Plan(2025, "2025年度检验检测机构双随机抽查",
                                quotas={Category.VEHICLE: 1, Category.ECO_ENV: 2, Category.OTHER: 2},
                                organs=("大同市市场监督管理局", "大同市生态环境局"), notice_number="同市监认证〔2025〕92号"))
    set_exclusion(db, plan.id, code("O", 26), "exclude", "正在立案调查")
    db.plan = plan
    return db


def announced(db):
    from app.services.draws import announce_institutions

    return announce_institutions(db, db.plan.id, "2025年9月20日中国体育彩票排列5开奖号码")


def drawn(db):
    from app.services.draws import draw_institutions

    announced(db)
    return draw_institutions(db, db.plan.id, SEED)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def squeezed(text: str) -> str:
    """The text without any white space (a long value may be broken over lines in the PDF)."""
    return re.sub(r"\s+", "", text)


def pool_hash(codes) -> str:
    return hashlib.sha256("".join(f"{c}\n" for c in codes).encode("utf-8")).hexdigest()


VEHICLE_POOL = [code("V", n) for n in (1, 2, 3)]
ECO_POOL = [code("E", 2)]
OTHER_POOL = [code("O", n) for n in range(1, 26)]


def exported(db, draw_id, tmp_path, capsys) -> str:
    """The SHA-256 of the record file as `draw export` writes it."""
    out = tmp_path / "抽取记录.json"
    run = call_main(capsys, ["--db", db_path(db), "draw", "export", draw_id, "--out", out])
    assert run.status == 0, run
    return hashlib.sha256(out.read_bytes()).hexdigest()


def db_path(db) -> str:
    return db.conn.execute("PRAGMA database_list").fetchone()[2]


def stored_announcement_sha256(db, draw_id) -> str:
    text = db.conn.execute("SELECT announcement FROM draws WHERE id = ?", [draw_id]).fetchone()[0]
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_pdf_of_a_drawn_list_carries_the_plan_the_seed_the_hashes_the_selection_and_how_to_verify(
        bureau, tmp_path, capsys):
    from app.services.publication import publish

    draw = drawn(bureau)
    file_hash = exported(bureau, draw.id, tmp_path, capsys)
    out = tmp_path / "公示.pdf"
    done = publish(bureau, draw.id, out)
    assert done["format"] == "pdf" and done["drawn"] and done["pages"] >= 2
    text = pdf_text(out)
    flat = squeezed(text)
    for expected in ("抽查名单公示", "2025年度检验检测机构双随机抽查", "大同市市场监督管理局、大同市生态环境局",
                     "同市监认证〔2025〕92号", "2025年9月20日中国体育彩票排列5开奖号码", squeezed(SEED), KEY,
                     stored_announcement_sha256(bureau, draw.id), file_hash, pool_hash(VEHICLE_POOL),
                     pool_hash(ECO_POOL), pool_hash(OTHER_POOL), DIGEST_1, DIGEST_2,
                     "spotcheckdrawverify抽取记录.json", "缺额1家", "正在立案调查", "生态环境部门所属监测机构"):
        assert squeezed(expected) in flat, expected
    # in draw order, with how and from which stage: the province's second allocation drawn, the first handed on
    assert re.search(r"机动车检测2\s+91140200V000000002\s+平城区\s+随机抽中\s+上级分配的机构", text)
    assert re.search(r"机动车检测1\s+91140200V000000001\s+平城区\s+移交所在地县级局", text)
    assert re.search(r"环境检测公司\s+91140200E000000002\s+云冈区\s+随机抽中", text)
    assert flat.index("-1+2检测中心91140200O000000017") < flat.index("+检测有限公司91140200O000000007")
    # the other category's steps: RFC 3797's first two (R 25 → 17th, R 24 → 7th of the list)
    assert re.search(r"990DD0A5692A029A98B5E01AA28F3459\s+25\s+16\s+17\s+91140200O000000017", text)
    assert re.search(r"3691E55CB63FCC37914430B2F70B5EC6\s+24\s+6\s+7\s+91140200O000000007", text)
    assert re.search(r"990DD0A5692A029A98B5E01AA28F3459\s+2\s+1\s+2\s+91140200V000000002", text)
    # the pools, numbered as published: the 25th of the other category's list
    assert re.search(r"25\s+91140200O000000025\s+其他检测25", text)
    assert "91140200O000000026" in text  # excluded, with its reason, and in no pool
    assert len(re.findall("91140200O000000026", text)) == 1
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts and "Helvetica" not in fonts


def cells(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def facts(ws) -> dict:
    return {row[0]: row[1] for row in cells(ws) if row and isinstance(row[0], str) and len(row) > 1}


def test_the_workbook_holds_the_list_every_step_and_the_numbered_pools(bureau, tmp_path, capsys):
    from openpyxl import load_workbook

    from app.services.publication import publish

    draw = drawn(bureau)
    file_hash = exported(bureau, draw.id, tmp_path, capsys)
    out = tmp_path / "公示.xlsx"
    assert publish(bureau, draw.id, out)["format"] == "xlsx"
    wb = load_workbook(out)
    assert wb.sheetnames == ["抽查名单公示", "抽取步骤", "名单"]
    front = wb["抽查名单公示"]
    rows = cells(front)
    assert [r[0] for r in rows[:4]] == ["抽查名单公示", "2025年度检验检测机构双随机抽查",
                                        "大同市市场监督管理局、大同市生态环境局", "同市监认证〔2025〕92号"]
    f = facts(front)
    assert f["公告 SHA-256"] == stored_announcement_sha256(bureau, draw.id)
    assert f["随机数来源"] == "2025年9月20日中国体育彩票排列5开奖号码"
    assert f["随机数（原样）"] == SEED and f["RFC 3797 密钥"] == KEY
    assert f["抽取记录文件 SHA-256"] == file_hash and f["抽取记录"] == draw.id
    assert "spotcheck draw verify 抽取记录.json" in f["复核"]
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", f["公告时间"])
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", f["抽取时间"])
    summary = [r[:6] for r in rows if r[0] in ("机动车检验机构", "生态环境监测机构", "其他检验检测机构") and r[5]
               and len(str(r[5])) == 64]
    assert summary == [["机动车检验机构", 1, 3, 1, 0, pool_hash(VEHICLE_POOL)],
                       ["生态环境监测机构", 2, 1, 1, 1, pool_hash(ECO_POOL)],
                       ["其他检验检测机构", 2, 25, 2, 0, pool_hash(OTHER_POOL)]]
    header = rows.index(["领域", "序号", "机构名称", "统一社会信用代码", "所在区县", "结果", "分层或理由"])
    assert [r[:7] for r in rows[header + 1:]] == [
        ["机动车检验机构", 1, "机动车检测2", code("V", 2), "平城区", "随机抽中", "上级分配的机构"],
        ["机动车检验机构", 1, "机动车检测1", code("V", 1), "平城区", "移交所在地县级局", None],
        ["生态环境监测机构", 1, "环境检测公司", code("E", 2), "云冈区", "随机抽中", "本领域其余机构（补足）"],
        ["生态环境监测机构", None, None, None, None, "缺额 1 家",
         "缺额 1 家：本领域可抽取的机构不足，如实记录，不从其他领域补足。"],
        ["其他检验检测机构", 1, "-1+2检测中心", code("O", 17), "新荣区", "随机抽中", "本领域其余机构（补足）"],
        ["其他检验检测机构", 2, "+检测有限公司", code("O", 7), "新荣区", "随机抽中", "本领域其余机构（补足）"],
        [None, 1, "市生态环境监测站", code("E", 1), None, "不列入名单", "生态环境部门所属监测机构（不列入生态环境监测领域的抽查范围）"],
        [None, 2, "其他检测26", code("O", 26), None, "不列入名单", "正在立案调查"],
    ]
    steps = cells(wb["抽取步骤"])
    assert any("MD5(i ‖ 密钥 ‖ i)" in str(r[0]) for r in steps)  # the method in words above the steps
    at = steps.index(["领域", "步骤 k", "分层", "MD5 摘要", "R", "位置", "抽中序号", "统一社会信用代码", "计数 i"])
    assert steps[at + 1:] == [
        ["机动车检验机构", 1, "上级分配的机构", DIGEST_1, 2, 1, 2, code("V", 2), 0],  # 0x…59 is odd: the second
        ["生态环境监测机构", 1, "本领域其余机构（补足）", DIGEST_1, 1, 0, 1, code("E", 2), 0],
        ["其他检验检测机构", 1, "本领域其余机构（补足）", DIGEST_1, 25, 16, 17, code("O", 17), 0],
        ["其他检验检测机构", 2, "本领域其余机构（补足）", DIGEST_2, 24, 6, 7, code("O", 7), 1],
    ]
    pools = cells(wb["名单"])
    at = [r[0] for r in pools].index("领域", 2)
    listed = pools[at + 1:]
    assert len(listed) == 3 + 1 + 25
    assert listed[0][:9] == ["机动车检验机构", 1, code("V", 1), "机动车检测1", "平城区", "上级分配的机构", 1, None, "是"]
    assert listed[2][:7] == ["机动车检验机构", 3, code("V", 3), "机动车检测3", "平城区", None, None]
    assert listed[4 + 2][:7] == ["其他检验检测机构", 3, code("O", 3), TRICKY[3], "新荣区", "本领域其余机构（补足）", 3]
    assert [r[2] for r in listed] == VEHICLE_POOL + ECO_POOL + OTHER_POOL


def test_names_beginning_with_formula_signs_are_written_as_text(bureau, tmp_path):
    import zipfile

    from openpyxl import load_workbook

    from app.services.publication import publish

    draw = drawn(bureau)
    out = tmp_path / "公示.xlsx"
    publish(bureau, draw.id, out)
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in x or "<f " in x for x in sheets)  # no formula anywhere
    wb = load_workbook(out)
    seen = {}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.data_type == "s", (ws.title, c.coordinate, c.value)
                    seen[c.value] = ws.title
    assert set(TRICKY.values()) <= set(seen)  # all four, verbatim, in the pools sheet at least
    assert seen.get("-1+2检测中心") and "+检测有限公司" in seen


def test_an_announced_draw_publishes_its_announcement_pools_hashes_and_seed_source(bureau, tmp_path, capsys):
    from openpyxl import load_workbook

    from app.services.publication import publish

    draw = announced(bureau)
    pdf = tmp_path / "公告.pdf"
    done = publish(bureau, draw.id, pdf)
    assert done["drawn"] is False
    text = pdf_text(pdf)
    flat = squeezed(text)
    for expected in ("抽查名单公示（抽取前公告）", "已公告，尚未抽取", "2025年9月20日中国体育彩票排列5开奖号码",
                     stored_announcement_sha256(bureau, draw.id), pool_hash(VEHICLE_POOL), pool_hash(ECO_POOL),
                     pool_hash(OTHER_POOL), pool_hash(VEHICLE_POOL[:2]), "正在立案调查"):
        assert squeezed(expected) in flat, expected
    assert KEY not in flat and "随机抽中" not in flat and "990DD0A5" not in flat
    assert re.search(r"其他检验检测机构\s+本领域其余机构（补足）\s+2\s+25", text)  # the stage and what it will select
    xlsx = tmp_path / "公告.xlsx"
    publish(bureau, draw.id, xlsx)
    wb = load_workbook(xlsx)
    f = facts(wb["抽查名单公示"])
    assert f["状态"].startswith("已公告，尚未抽取") and "随机数（原样）" not in f
    assert f["公告 SHA-256"] == stored_announcement_sha256(bureau, draw.id)
    assert [r[2] for r in cells(wb["名单"]) if r[0] in ("机动车检验机构", "生态环境监测机构", "其他检验检测机构")
            and isinstance(r[2], str) and len(r[2]) == 18] == VEHICLE_POOL + ECO_POOL + OTHER_POOL
    # after the draw the announcement's hash is the same: what was published first is what was drawn from
    done = drawn_after(bureau)
    assert f["公告 SHA-256"] == done.announcement_sha256


def test_a_draw_replaced_by_a_later_one_says_so_on_its_list(bureau, tmp_path):
    from openpyxl import load_workbook

    from app.services.draws import announce_institutions
    from app.services.publication import publish

    first = drawn(bureau)
    later = announce_institutions(bureau, bureau.plan.id, "2025年9月27日体彩排列五", reason="原随机数来源停开")
    publish(bureau, first.id, tmp_path / "old.xlsx")
    status = facts(load_workbook(tmp_path / "old.xlsx")["抽查名单公示"])["状态"]
    assert f"已被抽取 {later.id} 取代（理由：原随机数来源停开）" in status
    publish(bureau, later.id, tmp_path / "new.xlsx")
    f = facts(load_workbook(tmp_path / "new.xlsx")["抽查名单公示"])
    assert f["取代的抽取"] == f"{first.id}（理由：原随机数来源停开）" and "取代（" not in f["状态"]


def drawn_after(db):
    from app.services.draws import draw_institutions

    return draw_institutions(db, db.plan.id, SEED)


def test_refusals_exit_1_with_words_and_write_nothing(bureau, tmp_path, capsys, monkeypatch):
    draw = drawn(bureau)
    path = db_path(bureau)
    cases = [
        (["draw", "publish", "00000000-no-such-draw", "--out", tmp_path / "a.pdf"], "没有抽取记录"),
        (["draw", "publish", draw.id, "--out", tmp_path / "a.docx"], ".xlsx 或 .pdf"),
        (["draw", "publish", draw.id, "--out", tmp_path / "a"], ".xlsx 或 .pdf"),
        (["draw", "publish", draw.id, "--out", tmp_path / "no-such-folder" / "a.xlsx"], "no-such-folder"),
    ]
    (tmp_path / "folder.pdf").mkdir()
    cases.append((["draw", "publish", draw.id, "--out", tmp_path / "folder.pdf"], "文件夹"))
    for args, words in cases:
        run = call_main(capsys, ["--db", path, *args])
        assert run.status == 1, (args, run)
        assert words in run.stderr + run.stdout, (args, run)
        assert "Traceback" not in run.stderr
        run = call_main(capsys, ["--db", path, "--json", *args])
        assert run.status == 1 and "error" in run.json, (args, run)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite", "db.sqlite-shm", "db.sqlite-wal",
                                                         "folder.pdf"] or not any(
        p.suffix in (".xlsx", ".docx", ".pdf") and p.is_file() for p in tmp_path.iterdir())


@pytest.mark.parametrize("suffix", ["pdf", "xlsx"])
def test_a_folder_that_takes_no_file_is_the_environments_fault_in_words(bureau, tmp_path, capsys, monkeypatch,
                                                                       suffix):
    import errno
    import os
    import tempfile
    from pathlib import Path

    draw = drawn(bureau)
    out = tmp_path / f"公示.{suffix}"

    def refuse(*args, dir=None, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(Path(dir or ".") / ".~tmpXYZ.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    run = call_main(capsys, ["--db", db_path(bureau), "--json", "draw", "publish", draw.id, "--out", out])
    assert run.status == 1, run
    assert run.json["error"]["code"] == "read_only"
    assert str(tmp_path) in run.json["error"]["message"] and ".tmp" not in run.json["error"]["message"]
    assert not out.exists()


def test_the_command_line_publishes_both_formats(bureau, tmp_path, capsys):
    draw = drawn(bureau)
    for suffix in ("pdf", "XLSX"):
        out = tmp_path / f"公示.{suffix}"
        run = call_main(capsys, ["--db", db_path(bureau), "draw", "publish", draw.id, "--out", out])
        assert run.status == 0, run
        assert out.is_file() and "已写出抽查名单公示" in run.stdout
    run = call_main(capsys, ["--db", db_path(bureau), "--json", "draw", "publish", draw.id, "--out",
                             tmp_path / "x.pdf"])
    assert run.json["draw"] == draw.id and run.json["format"] == "pdf" and run.json["drawn"] is True


SCALE_SCRIPT = """
import resource, sys, time, zipfile
from pathlib import Path
from benchmarks.publication_benchmark import drawn_record, public_list, write_xlsx
pl = public_list(drawn_record(55_000))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
write_xlsx(pl, Path(sys.argv[1]))
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with zipfile.ZipFile(sys.argv[1]) as z:
    rows = z.read("xl/worksheets/sheet3.xml").count(b"<row ")
print(pl.pool_count(), rows, before // 1024, after // 1024, round(seconds, 2))
"""


@pytest.mark.slow
def test_a_55000_institution_pool_is_written_with_flat_memory(tmp_path):
    """openpyxl's write-only mode streams the rows: writing the workbook adds little to the peak the record
    itself reached (a workbook held in memory would add several hundred MB for 55,000 rows × 10 cells)."""
    import sys

    from tests.cli_helpers import REPO_ROOT

    out = tmp_path / "公示.xlsx"
    done = subprocess.run([sys.executable, "-c", SCALE_SCRIPT, str(out)], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    pool, rows, before_mb, after_mb, seconds = done.stdout.split()
    assert int(pool) > 54_000
    preamble = 6  # the title, the summary's header and three categories, a blank line
    assert int(rows) == int(pool) + preamble + 1  # every institution under the header
    assert int(after_mb) - int(before_mb) < 40, (before_mb, after_mb)
    print(f"55,000-institution workbook: {seconds} s, peak RSS {before_mb} → {after_mb} MB")


# --- the team assignment sheet (检查组分配表) -------------------------------------------------------------

DIGEST_3 = "FE814EDF564C190AC1D25753979990FA"  # RFC 3797 section 6, i = 2


@pytest.fixture
def teams(bureau):
    """A plan of one institution in the other category (O17, RFC 3797's 17th of 25, in 新荣区) with one expert per
    team. The roster's published order (certificate number, then id) puts the city's market officers 组长
    (14000001), 市局乙 (SJ001), 市局丙 (SJ002), 市局甲 (SJ003); 新荣区's county officers 新荣一 (XJ001), 新荣二 (XJ002);
    the expert 专家庚 has no certificate."""
    from datetime import date

    from app.services.draws import announce_inspectors, announce_institutions, draw_inspectors, draw_institutions
    from app.services.plans import create_plan, set_exclusion
    from app.store.registry_upsert import upsert_inspectors

    people = [Inspector("市局甲", Department.MARKET, level=Level.CITY, cert_no="SJ003", unit="大同市市场监督管理局"),
              Inspector("市局乙", Department.MARKET, level=Level.CITY, cert_no="SJ001", unit="大同市市场监督管理局"),
              Inspector("市局丙", Department.MARKET, level=Level.CITY, cert_no="SJ002", unit="大同市市场监督管理局"),
              Inspector("新荣一", Department.MARKET, level=Level.COUNTY, cert_no="XJ001", districts=["新荣区"],
                        unit="=新荣区市场监督管理局"),
              Inspector("新荣二", Department.MARKET, level=Level.COUNTY, cert_no="XJ002", districts=["新荣区"]),
              Inspector("专家庚", Department.EXPERT, unit="山西省检验检测研究院")]
    with bureau.atomic():
        upsert_inspectors(bureau, people)
    plan = create_plan(bureau, Plan(2025, "2025年度检验检测机构双随机抽查", quotas={Category.OTHER: 1},
                                    experts={Category.OTHER: 1}, organs=("大同市市场监督管理局",),
                                    notice_number="同市监认证〔2025〕92号", on_site_from=date(2025, 11, 3),
                                    on_site_by=date(2025, 11, 14)))
    set_exclusion(bureau, plan.id, code("O", 26), "exclude", "正在立案调查")
    announce_institutions(bureau, plan.id, "体彩排列五")
    draw_institutions(bureau, plan.id, SEED)
    announce_inspectors(bureau, plan.id, "2025年9月27日体彩排列五")
    bureau.team_draw = draw_inspectors(bureau, plan.id, SEED)
    return bureau


def test_the_team_sheet_pdf_names_each_team_its_date_and_the_steps(teams, tmp_path, capsys):
    from app.services.publication import team_sheet

    draw = teams.team_draw
    file_hash = exported(teams, draw.id, tmp_path, capsys)
    out = tmp_path / "分配表.pdf"
    done = team_sheet(teams, draw.id, out)
    assert done["teams"] == 1 and done["pages"] >= 1
    text = pdf_text(out)
    flat = squeezed(text)
    for expected in ("检查组分配表", "2025年度检验检测机构双随机抽查", "同市监认证〔2025〕92号", "-1+2检测中心（91140200O000000017）",
                     "计划检查日期：2025年11月3日", file_hash, stored_announcement_sha256(teams, draw.id), KEY,
                     "2025年9月27日体彩排列五", "spotcheckdrawverify抽取记录.json"):
        assert squeezed(expected) in flat, expected
    # leader first: DIGEST_1 (…59) mod 4 = 1 → 市局乙; DIGEST_2 (…C6) is even → 新荣一; one expert, R = 1
    assert re.search(r"1\s+组长\s+市局乙\s+市场监管\s+市级\s+大同市市场监督管理局\s+SJ001", text)
    assert re.search(r"2\s+组员\s+新荣一\s+市场监管\s+县级\s+=新荣区市场监督管理局\s+XJ001", text)
    assert re.search(r"3\s+技术专家\s+专家庚\s+技术专家\s+/\s+山西省检验检测研究院\s+/\s+不计入执法人员", text)
    # the steps: R, the digest, the 0-based position among the candidates, the pick
    assert "4990DD0A5692A029A98B5E01AA28F34591市局乙" in flat
    assert "市场监管组员2新荣一、新荣二23691E55CB63FCC37914430B2F70B5EC60新荣一" in flat
    assert "技术专家1专家庚1FE814EDF564C190AC1D25753979990FA0专家庚" in flat
    assert squeezed(f"检查任务：{task_number(teams)}") in flat


def task_number(db) -> str:
    """The number of the one task the team draw made (文书编号 as the record prints it), or its id without one."""
    task_id, prefix, year, serial = db.conn.execute(
        "SELECT id, document_prefix, document_year, document_serial FROM tasks").fetchone()
    return task_id if serial is None else f"{prefix}〔{year}〕第 {serial} 号"


def test_the_team_sheet_workbook_has_one_row_per_member_every_step_and_the_roster(teams, tmp_path):
    import zipfile

    from openpyxl import load_workbook

    from app.services.publication import team_sheet

    draw = teams.team_draw
    out = tmp_path / "分配表.xlsx"
    team_sheet(teams, draw.id, out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["检查组分配表", "抽取步骤", "人员名单"]
    rows = cells(wb["检查组分配表"])
    f = facts(wb["检查组分配表"])
    assert f["检查人员抽取"] == draw.id and f["随机数（原样）"] == SEED and f["RFC 3797 密钥"] == KEY
    at = [r[0] for r in rows].index("机构序号")
    members = [r[:15] for r in rows[at + 1:]]
    head = [1, "-1+2检测中心", code("O", 17), "其他检验检测机构", "新荣区", "2025年11月3日", task_number(teams)]
    assert [r[:7] for r in members] == [head] * 3
    assert [r[7:] for r in members] == [
        [1, "组长", "市局乙", "市场监管", "市级", "大同市市场监督管理局", "SJ001", None],
        [2, "组员", "新荣一", "市场监管", "县级", "=新荣区市场监督管理局", "XJ001", None],
        [3, "技术专家", "专家庚", "技术专家", "/", "山西省检验检测研究院", "/", "不计入执法人员"]]
    steps = cells(wb["抽取步骤"])
    at = [r[0] for r in steps].index("机构名称")
    assert [r[:10] for r in steps[at + 1:]] == [
        ["-1+2检测中心", code("O", 17), 1, "组长", "组长、市局乙、市局丙、市局甲", 4, DIGEST_1, 1, "市局乙", 0],
        ["-1+2检测中心", code("O", 17), 2, "市场监管组员 2", "新荣一、新荣二", 2, DIGEST_2, 0, "新荣一", 1],
        ["-1+2检测中心", code("O", 17), 3, "技术专家 1", "专家庚", 1, DIGEST_3, 0, "专家庚", 2]]
    roster = cells(wb["人员名单"])
    assert [r[1] for r in roster[2:]] == ["专家庚", "组长", "市局乙", "市局丙", "市局甲", "新荣一", "新荣二"]
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_the_team_sheet_and_the_public_list_refuse_each_others_draws_and_an_undrawn_team(teams, tmp_path, capsys):
    from app.services.draws import announce_inspectors

    path = db_path(teams)
    institutions = teams.team_draw.announcement["institutions_draw"]
    for args, words in (
            (["draw", "sheet", institutions, "--out", tmp_path / "a.xlsx"], "机构抽取"),
            (["draw", "publish", teams.team_draw.id, "--out", tmp_path / "a.pdf"], "draw sheet"),
            (["draw", "sheet", "00000000-no-such-draw", "--out", tmp_path / "a.xlsx"], "没有抽取记录"),
            (["draw", "sheet", teams.team_draw.id, "--out", tmp_path / "a.csv"], ".xlsx 或 .pdf")):
        run = call_main(capsys, ["--db", path, *args])
        assert run.status == 1 and words in run.stderr, (args, run)
    from app.services.draws import announce_institutions, draw_institutions
    from app.services.plans import create_plan

    plan = create_plan(teams, Plan(2025, "第二个计划", quotas={Category.OTHER: 1}))
    announce_institutions(teams, plan.id, "来源")
    draw_institutions(teams, plan.id, SEED)
    again = announce_inspectors(teams, plan.id, "另一来源")  # announced, not drawn: no teams yet
    run = call_main(capsys, ["--db", path, "draw", "sheet", again.id, "--out", tmp_path / "a.pdf"])
    assert run.status == 1 and "尚未抽取" in run.stderr, run
    assert not any(p.suffix in (".xlsx", ".pdf", ".csv") for p in tmp_path.iterdir())
    run = call_main(capsys, ["--db", path, "--json", "draw", "sheet", teams.team_draw.id, "--out", tmp_path / "b.xlsx"])
    assert run.status == 0 and run.json["teams"] == 1, run
