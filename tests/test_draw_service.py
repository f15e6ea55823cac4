"""Plans and draws through the services and the command line (issue 11): who is in the pools and why not,
announce-then-draw, refusals, draws kept for ever, the published record checked with no database."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

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
        + [Institution(f"其他{n}", code("O", n), Category.OTHER, district="平城区", flag_complaint=(n == 1)) for n in range(1, 6)]
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


# --- inspector teams and the tasks they make ------------------------------------------------------------

def _people(db, *people):
    from app.store.registry_upsert import upsert_inspectors

    with db.atomic():
        upsert_inspectors(db, list(people))


TEAM = [Inspector("市局甲", Department.MARKET, level=Level.CITY, cert_no="14000002"),
        Inspector("平城乙", Department.MARKET, level=Level.COUNTY, cert_no="14000003", districts=["平城区"]),
        Inspector("平城丙", Department.MARKET, level=Level.COUNTY, cert_no="14000004", districts=["平城区"]),
        Inspector("交警丁", Department.POLICE, cert_no="P0001"),
        Inspector("环保戊", Department.ECO, cert_no="E0001")]


def drawn_institutions(db, **kw):
    from app.services.draws import announce_institutions, draw_institutions

    plan = plan_of_kw(db, **{"quotas": {Category.VEHICLE: 1}, "on_site_from": date(2025, 11, 3),
                             "on_site_by": date(2025, 11, 14), **kw})
    announce_institutions(db, plan.id, "来源一")
    draw_institutions(db, plan.id, SEED)
    return plan


def plan_of_kw(db, **kw):
    from app.services.plans import create_plan

    return create_plan(db, Plan(2025, "2025年度抽查", **kw))


def test_teams_that_cannot_be_made_are_refused_before_the_seed_is_named(bureau):
    from app.services.draws import announce_inspectors

    plan = drawn_institutions(bureau)
    with pytest.raises(InputRefused) as refused:
        announce_inspectors(bureau, plan.id, "来源二")
    words = str(refused.value)
    assert "县级市场监管执法人员" in words and "公安" in words and "生态环境" in words
    assert bureau.conn.execute("SELECT count(*) FROM draws WHERE kind = 'inspectors'").fetchone()[0] == 0


def test_the_team_draw_makes_one_task_per_team_inside_the_on_site_window(bureau):
    from app.services.draws import announce_inspectors, create_tasks, draw_inspectors
    from app.services.task_view import task_record
    from app.store.plans import plan_tasks

    _people(bureau, *TEAM)
    plan = drawn_institutions(bureau)
    announce_inspectors(bureau, plan.id, "来源二")
    draw = draw_inspectors(bureau, plan.id, "1 2 3")
    [team] = draw.result["teams"]
    [(task_id, status)] = plan_tasks(bureau.conn, plan.id)
    record = task_record(bureau, task_id)
    assert status == "planned" and record.visit.planned_date == "2025-11-03"
    assert {m.inspector.id for m in record.members} == {m["inspector_id"] for m in team["members"]}
    names = {m.inspector.name for m in record.members}
    # a city market officer leads, a 平城区 county officer helps, police and eco join a vehicle station's check
    assert len(names) == 4 and {"交警丁", "环保戊"} < names and names & {"平城乙", "平城丙"}
    assert create_tasks(bureau, plan.id) == []  # run again: nothing twice


def test_a_roster_changed_since_the_team_announcement_refuses_the_draw(bureau):
    from app.services.draws import announce_inspectors, draw_inspectors

    _people(bureau, *TEAM)
    plan = drawn_institutions(bureau)
    announce_inspectors(bureau, plan.id, "来源二")
    _people(bureau, Inspector("新来的", Department.MARKET, level=Level.CITY, cert_no="14000009"))
    with pytest.raises(InputRefused, match="人员库有变化"):
        draw_inspectors(bureau, plan.id, "1 2 3")
    assert bureau.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0


def test_the_team_record_verifies_and_a_changed_member_does_not(bureau, tmp_path):
    from app.services.draws import announce_inspectors, draw_inspectors, export_record, verify_record

    _people(bureau, *TEAM)
    plan = drawn_institutions(bureau)
    announce_inspectors(bureau, plan.id, "来源二")
    draw = draw_inspectors(bureau, plan.id, "1 2 3")
    out = tmp_path / "teams.json"
    export_record(bureau, draw.id, out)
    assert verify_record(out)["ok"]
    data = json.loads(out.read_text("utf-8"))
    members = data["result"]["teams"][0]["members"]
    members[0]["inspector_id"], members[1]["inspector_id"] = members[1]["inspector_id"], members[0]["inspector_id"]
    out.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert not verify_record(out)["ok"]


def test_a_plan_that_takes_every_officer_from_its_own_level_needs_no_county_helper(bureau):
    from app.services.draws import announce_inspectors, draw_inspectors

    _people(bureau, *[p for p in TEAM if p.level is not Level.COUNTY])
    plan = drawn_institutions(bureau, helpers=False)
    announce_inspectors(bureau, plan.id, "来源二")
    [team] = draw_inspectors(bureau, plan.id, "7 8").result["teams"]
    assert {m["name"] for m in team["members"]} == {"组长", "市局甲", "交警丁", "环保戊"}


def test_a_plans_open_tasks_are_handed_out_in_one_assignment_package(bureau, tmp_path, capsys, monkeypatch):
    from app.services.draws import announce_inspectors, draw_inspectors
    from app.services.keys import create_key
    from app.store.plans import plan_tasks

    _people(bureau, *TEAM)
    plan = drawn_institutions(bureau, quotas={Category.VEHICLE: 1, Category.OTHER: 2})
    announce_inspectors(bureau, plan.id, "来源二")
    draw_inspectors(bureau, plan.id, "1 2 3")
    db_path = bureau.conn.execute("PRAGMA database_list").fetchone()[2]
    create_key(bureau, Path(db_path), "组长的口令 2025")
    tasks = sorted(t for t, _ in plan_tasks(bureau.conn, plan.id))
    bureau.conn.close()
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", "组长的口令 2025")
    out = tmp_path / "plan.scpkg"
    made = call_main(capsys, ["--db", db_path, "--json", "package", "assign", "--plan", plan.id, "--out", out])
    assert made.status == 0, made.stderr
    assert sorted(json.loads(made.stdout)["tasks"]) == tasks and len(tasks) == 3
    both = call_main(capsys, ["--db", db_path, "package", "assign", "--plan", plan.id, "--task", tasks[0],
                              "--out", tmp_path / "x.scpkg"])
    assert both.status == 1


def test_a_draw_is_found_by_the_beginning_of_its_id(bureau):
    from app.domain.problems import NotFound
    from app.services.draws import announce_institutions, get_draw

    plan = plan_of(bureau)
    draw = announce_institutions(bureau, plan.id, "来源")
    assert get_draw(bureau, draw.id[:8]).id == draw.id
    with pytest.raises(NotFound):
        get_draw(bureau, draw.id[:3])  # too short to be meant


def test_a_reason_or_note_too_long_to_publish_is_refused(bureau):
    from app.services.plans import set_exclusion, set_higher_level

    plan = plan_of(bureau)
    with pytest.raises(InputRefused, match="理由过长"):
        set_exclusion(bureau, plan.id, code("O", 2), "exclude", "很长" * 300)
    with pytest.raises(InputRefused, match="说明过长"):
        set_higher_level(bureau, [code("O", 2)], 2025, Level.PROVINCE, "drawn", "长" * 501)
    assert bureau.conn.execute("SELECT count(*) FROM plan_institutions").fetchone()[0] == 0
