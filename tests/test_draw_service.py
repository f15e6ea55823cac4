"""Plans and draws through the services and the command line (issue 11): who is in the pools and why not,
announce-then-draw, refusals, draws kept for ever, the published record checked with no database."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from app.domain.plan import Plan
from app.domain.problems import InputRefused
from app.domain.registry import Category, Department, Inspector, Institution, Level
from tests.cli_helpers import call_main

SEED = "9319 / 2 5 12 8 10 / 9 18 26 34 41 45"


def code(prefix: str, n: int) -> str:
    return f"91140200{prefix}{n:09d}"


@pytest.fixture
def bureau(db):
    from app.services.plans import set_higher_level
    from app.services.profile import set_profile
    from app.store.registry_upsert import upsert_inspectors, upsert_institutions

    institutions = (
        [Institution(f"机动车{n}", code("V", n), Category.VEHICLE, district="平城区") for n in range(1, 5)]
        + [Institution("生态站", code("E", 1), Category.ECO_ENV, eco_owned=True),
           Institution("环境检测公司", code("E", 2), Category.ECO_ENV)]
        + [Institution(f"其他{n}", code("O", n), Category.OTHER, flag_complaint=(n == 1)) for n in range(1, 6)]
    )
    lead = Inspector("组长", Department.MARKET, level=Level.CITY, cert_no="14000001")
    with db.atomic():
        upsert_institutions(db, institutions)
        upsert_inspectors(db, [lead])
    set_profile(db, lead.id)
    set_higher_level(db, [code("V", 1), code("V", 2)], 2025, Level.PROVINCE, "allocated")
    set_higher_level(db, [code("V", 3)], 2025, Level.PROVINCE, "drawn")
    return db


def plan_of(db, **kw):
    from app.services.plans import create_plan

    return create_plan(db, Plan(2025, "2025年度抽查", quotas={Category.VEHICLE: 1, Category.ECO_ENV: 1,
                                                           Category.OTHER: 1}, **kw))


def test_the_pools_leave_out_eco_stations_and_what_the_province_checks_itself_with_reasons(bureau):
    from app.services.draws import announce_institutions

    plan = plan_of(bureau)
    draw = announce_institutions(bureau, plan.id, "2025年9月20日体彩排列五")
    a = draw.announcement
    assert {e["credit_code"]: e["reason"][:6] for e in a["excluded"]} == {code("E", 1): "生态环境部门", code("V", 3): "省级已于20"}
    vehicle, eco, other = a["categories"]
    assert vehicle["pool"] == [code("V", 1), code("V", 2), code("V", 4)]
    assert [(s["name"], s["pool"], s["count"]) for s in vehicle["stages"]] == [
        ("allocation", [code("V", 1), code("V", 2)], 1)]
    assert eco["pool"] == [code("E", 2)]
    assert [(s["name"], s["count"]) for s in other["stages"]] == [("own_priority", 1)]  # the complaint first
    assert a["registry_count"] == 11 and a["source"] == "2025年9月20日体彩排列五"


def test_a_higher_levels_pick_is_put_back_only_with_a_recorded_reason(bureau):
    from app.services.draws import announce_institutions
    from app.services.plans import set_exclusion

    plan = plan_of(bureau)
    with pytest.raises(InputRefused):
        set_exclusion(bureau, plan.id, code("V", 3), "include", "  ")
    set_exclusion(bureau, plan.id, code("V", 3), "include", "省局同意本级再次检查")
    set_exclusion(bureau, plan.id, code("O", 2), "exclude", "正在立案调查")
    a = announce_institutions(bureau, plan.id, "来源").announcement
    assert a["included"] == [{"credit_code": code("V", 3), "name": "机动车3", "reason": "省局同意本级再次检查"}]
    assert {"credit_code": code("O", 2), "name": "其他2", "reason": "正在立案调查"} in a["excluded"]
    assert code("V", 3) in a["categories"][0]["pool"] and code("O", 2) not in a["categories"][2]["pool"]


def test_a_registry_changed_since_the_announcement_refuses_the_draw_and_writes_nothing(bureau):
    from app.services.draws import announce_institutions, draw_institutions
    from app.store.registry_upsert import upsert_institutions

    plan = plan_of(bureau)
    announce_institutions(bureau, plan.id, "来源")
    with bureau.atomic():
        upsert_institutions(bureau, [Institution("新机构", code("O", 9), Category.OTHER)])
    with pytest.raises(InputRefused, match="其他检验检测机构"):
        draw_institutions(bureau, plan.id, SEED)
    assert bureau.conn.execute("SELECT count(*) FROM draws WHERE seed IS NOT NULL").fetchone()[0] == 0


def test_a_draw_is_kept_for_ever_and_a_redraw_needs_a_reason(bureau):
    from app.services.draws import announce_institutions, draw_institutions
    from app.services.plans import update_plan

    plan = plan_of(bureau)
    first = announce_institutions(bureau, plan.id, "来源")
    done = draw_institutions(bureau, plan.id, SEED)
    with pytest.raises(InputRefused, match="完成，结果不能改变"):
        draw_institutions(bureau, plan.id, "1 2 3")
    with pytest.raises(InputRefused, match="--reason"):
        announce_institutions(bureau, plan.id, "另一来源")
    with pytest.raises(InputRefused, match="已公告"):
        update_plan(bureau, plan.id, quotas={"other": 3})
    again = announce_institutions(bureau, plan.id, "另一来源", reason="原公告的随机数来源停开")
    assert (again.replaces, again.reason) == (first.id, "原公告的随机数来源停开")
    for sql in ("UPDATE draws SET result = '{}' WHERE id = ?", "UPDATE draws SET seed = '1' WHERE id = ?",
                "DELETE FROM draws WHERE id = ?"):
        with pytest.raises(sqlite3.IntegrityError):
            bureau.conn.execute(sql, [done.id])
    with pytest.raises(sqlite3.IntegrityError):  # even an announcement's content is frozen
        bureau.conn.execute("UPDATE draws SET announcement = '{}' WHERE id = ?", [again.id])


def test_a_seed_typed_with_a_chinese_input_method_is_read_and_a_bad_one_refused(bureau):
    from app.services.draws import announce_institutions, draw_institutions

    plan = plan_of(bureau)
    announce_institutions(bureau, plan.id, "来源")
    with pytest.raises(InputRefused, match="不是非负整数"):
        draw_institutions(bureau, plan.id, "9319 / 2 5 x")
    draw = draw_institutions(bureau, plan.id, "９３１９／２，５，１２，８，１０／9 18 26 34 41 45")
    assert draw.key == "9319./2.5.8.10.12./9.18.26.34.41.45./"


def test_planned_dates_spread_over_the_working_days_of_the_window():
    from app.services.draws import planned_dates

    # 2025-11-03 is a Monday; the window's working days are 3–7 and 10–14 November (10 days)
    assert planned_dates(date(2025, 11, 3), date(2025, 11, 14), 4) == [
        date(2025, 11, 3), date(2025, 11, 5), date(2025, 11, 10), date(2025, 11, 12)]
    assert planned_dates(None, None, 2) == [None, None]


def test_the_command_line_runs_a_draw_and_verify_needs_no_database(bureau, tmp_path, capsys):
    db_path = bureau.conn.execute("PRAGMA database_list").fetchone()[2]
    plan = plan_of(bureau)
    bureau.conn.close()
    run = call_main(capsys, ["--db", db_path, "draw", "announce", "--plan", plan.id, "--source", "体彩",
                             "--out", tmp_path / "announced.json"])
    assert run.status == 0, run.stderr
    assert call_main(capsys, ["draw", "verify", tmp_path / "announced.json"]).status == 0
    run = call_main(capsys, ["--db", db_path, "--json", "draw", "institutions", "--plan", plan.id, "--seed", SEED])
    assert run.status == 0, run.stderr
    draw_id = json.loads(run.stdout)["draw"]["id"]
    out = tmp_path / "draw.json"
    assert call_main(capsys, ["--db", db_path, "draw", "export", draw_id, "--out", out]).status == 0
    assert call_main(capsys, ["draw", "verify", out]).status == 0
    record = json.loads(out.read_text("utf-8"))
    record["announcement"]["categories"][2]["pool"].append(code("O", 99))
    out.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    run = call_main(capsys, ["draw", "verify", out])
    assert run.status == 3 and "名单" in run.stdout
    out.write_bytes(b"\xff\xfe not json")
    assert call_main(capsys, ["draw", "verify", out]).status == 1
    assert call_main(capsys, ["draw", "verify", tmp_path / "missing.json"]).status == 1


def test_bad_plan_settings_are_refused_with_words(bureau, capsys):
    db_path = bureau.conn.execute("PRAGMA database_list").fetchone()[2]
    bureau.conn.close()
    for args in (["--quota", "car=2"], ["--quota", "vehicle=-1"], ["--rate", "140%"], ["--risk-rate", "E=1"],
                 ["--on-site-from", "2025-11-15", "--on-site-by", "2025-09-01"], ["--officers", "1"]):
        run = call_main(capsys, ["--db", db_path, "plan", "create", "--year", "2025", *args])
        assert run.status == 1, (args, run.stderr)
        assert "Traceback" not in run.stderr
