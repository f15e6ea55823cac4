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


def test_dump(bureau, tmp_path):
    from app.services.publication import publish

    draw = drawn(bureau)
    publish(bureau, draw.id, tmp_path / "a.pdf")
    publish(bureau, draw.id, tmp_path / "a.xlsx")
    import shutil
    shutil.copy(tmp_path / "a.pdf", "/tmp/pub_a.pdf")
    shutil.copy(tmp_path / "a.xlsx", "/tmp/pub_a.xlsx")


def test_dump_announced(bureau, tmp_path):
    from app.services.publication import publish

    draw = announced(bureau)
    publish(bureau, draw.id, tmp_path / "b.pdf")
    publish(bureau, draw.id, tmp_path / "b.xlsx")
    import shutil
    shutil.copy(tmp_path / "b.pdf", "/tmp/pub_b.pdf")
    shutil.copy(tmp_path / "b.xlsx", "/tmp/pub_b.xlsx")
