"""Inspector teams (app/domain/teams.py; docs/rules.md "Inspector teams"; issue 11 rule 9).

Expected teams are forced by the rules or worked out here by hand from RFC 3797's published digests (the RFC's
example key, §6: the digest of counter i is row i + 1 of its table); no expected value is taken from the code.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.draw import DrawError
from app.domain.registry import Category, Department, Inspector, Institution, Level
from app.domain.teams import (
    RosterEntry,
    Target,
    TeamDraw,
    TeamDrawError,
    TeamRules,
    canonical_roster,
    draw_teams,
    unmet_rules,
)

KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"
RFC_DIGESTS = ["990DD0A5692A029A98B5E01AA28F3459", "3691E55CB63FCC37914430B2F70B5EC6",
               "FE814EDF564C190AC1D25753979990FA", "1863CCACEB568C31D7DDBDF1D4E91387",
               "F4AB33DF4889F0AF29C513905BE1D758", "13EAEB529F61ACFB9A29D0BA3A60DE4A",
               "992DB77C382CA2BDB9727001F3CDCCD9", "63AB4258ECA922976811C7F55C383CE7",
               "DFBC5AC97CED01B3A6E348E3CC63F40D", "31CB111C4A4EBE9287CEAE16FE51B909"]
ROOT = Path(__file__).resolve().parent.parent

STATION = Target("91140200MA0K7XQ21C", "大同某机动车检测站", "vehicle", "平城区")
MONITOR = Target("91140211MA0L3B8N4D", "云冈某环境监测公司", "eco_env", "云冈区")
LAB = Target("91140213MA0H2C6P5E", "新荣某检测公司", "other", "新荣区")


def person(id, department, level="city", cert=None, districts=(), avoid=(), active=True, name=None):
    return RosterEntry(id=id, name=name or f"人员{id}", department=department, level=level,
                       cert_no=f"Z-{id}" if cert is None else cert, unit="大同市", districts=tuple(districts),
                       avoid=tuple(avoid), active=active)


def base_roster():
    """Exactly one person for each slot of STATION's team (city organiser, county helpers, one expert)."""
    return [person("L1", "market"), person("H1", "market", "county", districts=["平城区"]),
            person("P1", "police", districts=["平城区"]), person("E1", "eco"),
            person("X1", "expert", None, cert="")]


def replace(roster, id, **changes):
    return [person(**({"id": p.id, "department": p.department, "level": p.level, "cert": p.cert_no,
                       "districts": p.districts, "avoid": p.avoid, "active": p.active} | changes))
            if p.id == id else p for p in roster]


def members(draw):
    return [[(m.inspector_id, m.role, m.slot) for m in team.members] for team in draw.teams]


def md5_hex(key: str, i: int) -> str:
    b = i.to_bytes(2, "big")
    return hashlib.md5(b + key.encode("ascii") + b).hexdigest().upper()


# --- the team and its steps -------------------------------------------------------------------------------

def test_a_forced_team_fills_the_slots_in_their_fixed_order():
    draw = draw_teams(KEY, [STATION], base_roster(), TeamRules("city", experts={"vehicle": 1}))
    assert members(draw) == [[("L1", "leader", "leader"), ("H1", "member", "market-2"),
                              ("P1", "member", "police"), ("E1", "member", "eco"),
                              ("X1", "expert", "expert-1")]]
    # every slot is a step even when forced (R = 1); the counter runs 0, 1, 2, … (index 1, 2, 3, …)
    assert [(s.index, s.slot, s.candidates, s.remaining, s.position, s.pick, s.digest) for s in draw.steps] == [
        (1, "leader", ["L1"], 1, 0, "L1", RFC_DIGESTS[0]), (2, "market-2", ["H1"], 1, 0, "H1", RFC_DIGESTS[1]),
        (3, "police", ["P1"], 1, 0, "P1", RFC_DIGESTS[2]), (4, "eco", ["E1"], 1, 0, "E1", RFC_DIGESTS[3]),
        (5, "expert-1", ["X1"], 1, 0, "X1", RFC_DIGESTS[4])]
    assert {s.credit_code for s in draw.steps} == {STATION.credit_code}
    assert draw.teams[0].members[0].name == "人员L1"


def test_the_pick_is_the_digest_modulo_the_candidates_in_published_order():
    # three city officers listed out of order; published order is by certificate number: B (SJ001), C, A
    roster = [person("A", "market", cert="SJ003"), person("B", "market", cert="SJ001"),
              person("C", "market", cert="SJ002"), person("H1", "market", "county"),
              person("H2", "market", "county")]
    assert [p.id for p in canonical_roster(roster)] == ["B", "C", "A", "H1", "H2"]
    draw = draw_teams(KEY, [LAB], roster, TeamRules("city"))
    # 0x990DD0A5… mod 3 = 2 → A (16 ≡ 1 mod 3, so it is the sum of its hex digits, 221, mod 3);
    # 0x3691E55C…C6 is even → position 0 → H1
    assert int(RFC_DIGESTS[0], 16) % 3 == 2 and int(RFC_DIGESTS[1], 16) % 2 == 0
    assert [(s.candidates, s.position, s.pick) for s in draw.steps] == [
        (["B", "C", "A"], 2, "A"), (["H1", "H2"], 0, "H1")]


def test_the_counter_is_shared_by_the_whole_draw():
    roster = base_roster() + [person("E2", "eco", districts=["云冈区"]), person("H2", "market", "county")]
    draw = draw_teams(KEY, [STATION, MONITOR, LAB], roster, TeamRules("city"))
    # STATION has 4 slots, MONITOR 3 (leader, market-2, eco), LAB 2: steps 1–9, digests of counters 0–8
    assert [s.index for s in draw.steps] == list(range(1, 10))
    assert [s.digest for s in draw.steps] == RFC_DIGESTS[:9]
    assert [s.slot for s in draw.steps] == ["leader", "market-2", "police", "eco",
                                            "leader", "market-2", "eco", "leader", "market-2"]
    assert [s.credit_code for s in draw.steps[3:5]] == [STATION.credit_code, MONITOR.credit_code]
    # another key, another digest sequence (the test's own MD5)
    other = draw_teams("1./", [STATION], base_roster(), TeamRules("city"))
    assert [s.digest for s in other.steps] == [md5_hex("1./", i) for i in range(4)]


def test_categories_decide_the_joint_members():
    roster = base_roster() + [person("H2", "market", "county")]
    by_category = {t.category: [m.slot for m in team.members]
                   for t, team in zip([STATION, MONITOR, LAB],
                                      draw_teams(KEY, [STATION, MONITOR, LAB], roster, TeamRules("city")).teams)}
    assert by_category == {"vehicle": ["leader", "market-2", "police", "eco"],
                           "eco_env": ["leader", "market-2", "eco"], "other": ["leader", "market-2"]}


def test_the_roster_order_given_does_not_matter():
    roster = base_roster() + [person(f"M{n}", "market") for n in range(5)] + [
        person(f"C{n}", "market", "county") for n in range(4)]
    targets = [STATION, LAB, MONITOR]
    rules = TeamRules("city", helpers_from_district=False)
    assert draw_teams(KEY, targets, roster, rules) == draw_teams(KEY, targets, roster[::-1], rules)


# --- each rule on its own ---------------------------------------------------------------------------------

WHO = "机构 大同某机动车检测站（91140200MA0K7XQ21C）："
NO_LEADER = WHO + "没有可选的市级市场监管执法人员担任组长（在职、持证、无需回避）"
NO_HELPER = WHO + "需要 1 名县级市场监管执法人员协助，只有 0 名可选（在职、持证、无需回避、服务平城区）"
NO_POLICE = WHO + "没有可选的公安部门执法人员（在职、持证、无需回避、服务平城区）"
NO_ECO = WHO + "没有可选的生态环境部门执法人员（在职、持证、无需回避、服务平城区）"


@pytest.mark.parametrize("change,rules,expected", [
    (("L1", {"active": False}), {}, NO_LEADER),
    (("L1", {"avoid": ["91140200MA0K7XQ21C"]}), {}, NO_LEADER),
    (("L1", {"cert": ""}), {}, NO_LEADER),
    (("L1", {"level": "county"}), {}, NO_LEADER),
    (("L1", {"department": "police"}), {}, NO_LEADER),
    (("H1", {"districts": ["云冈区"]}), {}, NO_HELPER),
    (("H1", {"active": False}), {}, NO_HELPER),
    (("H1", {"avoid": ["91140200MA0K7XQ21C"]}), {}, NO_HELPER),
    (("H1", {"level": "province"}), {}, NO_HELPER),
    (("H1", {"cert": "  "}), {}, NO_HELPER),
    (None, {"market_officers": 3}, WHO + "需要 2 名县级市场监管执法人员协助，只有 1 名可选（在职、持证、无需回避、服务平城区）"),
    (("P1", {"districts": ["云冈区"]}), {}, NO_POLICE),
    (("P1", {"active": False}), {}, NO_POLICE),
    (("P1", {"cert": ""}), {}, NO_POLICE),
    (("P1", {"department": "expert"}), {}, NO_POLICE),
    (("E1", {"avoid": ["91140200MA0K7XQ21C"]}), {}, NO_ECO),
    (("E1", {"department": "market"}), {}, NO_ECO),
    (None, {"experts": {"vehicle": 2}}, WHO + "需要 2 名技术专家，只有 1 名可选（在职、无需回避）"),
    (("X1", {"active": False}), {"experts": {"vehicle": 1}}, WHO + "需要 1 名技术专家，只有 0 名可选（在职、无需回避）"),
    # nobody twice in a team: the leader cannot also be the second officer
    (None, {"helper_level": None},
     WHO + "每组需要 2 名市级市场监管执法人员，只有 1 名可选（在职、持证、无需回避）"),
])
def test_each_rule_not_met_on_its_own_is_named(change, rules, expected):
    roster = replace(base_roster(), change[0], **change[1]) if change else base_roster()
    with pytest.raises(TeamDrawError) as caught:
        draw_teams(KEY, [STATION], roster, TeamRules("city", **rules))
    assert caught.value.unmet == [expected]
    assert expected in str(caught.value)
    assert unmet_rules([STATION], roster, TeamRules("city", **rules)) == [expected]


def test_the_base_roster_meets_every_rule():
    assert unmet_rules([STATION], base_roster(), TeamRules("city")) == []


def test_every_unmet_rule_of_every_institution_is_listed_in_draw_order():
    roster = [person("L1", "market"), person("P1", "police", districts=["云冈区"]),
              person("E1", "eco", districts=["平城区"], avoid=[MONITOR.credit_code])]
    with pytest.raises(TeamDrawError) as caught:
        draw_teams(KEY, [STATION, LAB, MONITOR], roster, TeamRules("city", helpers_from_district=False))
    assert caught.value.unmet == [
        WHO + "需要 1 名县级市场监管执法人员协助，只有 0 名可选（在职、持证、无需回避）",
        NO_POLICE,
        "机构 新荣某检测公司（91140213MA0H2C6P5E）：需要 1 名县级市场监管执法人员协助，只有 0 名可选（在职、持证、无需回避）",
        "机构 云冈某环境监测公司（91140211MA0L3B8N4D）：需要 1 名县级市场监管执法人员协助，只有 0 名可选（在职、持证、无需回避）",
        "机构 云冈某环境监测公司（91140211MA0L3B8N4D）：没有可选的生态环境部门执法人员（在职、持证、无需回避、服务云冈区）",
    ]


def test_an_institution_without_a_district_is_served_only_by_people_of_the_whole_area():
    target = Target("91140200MA0K7XQ21C", "大同某机动车检测站", "vehicle", "")
    with pytest.raises(TeamDrawError) as caught:
        draw_teams(KEY, [target], base_roster(), TeamRules("city"))
    assert caught.value.unmet == [
        WHO + "需要 1 名县级市场监管执法人员协助，只有 0 名可选（在职、持证、无需回避、不限区县）",
        WHO + "没有可选的公安部门执法人员（在职、持证、无需回避、不限区县）"]


def test_helpers_of_any_district_when_the_plan_says_so():
    roster = replace(base_roster(), "H1", districts=["云冈区"])
    draw = draw_teams(KEY, [STATION], roster, TeamRules("city", helpers_from_district=False))
    assert members(draw)[0][1] == ("H1", "member", "market-2")


def test_a_county_plan_takes_all_its_officers_from_the_county():
    roster = [person("K1", "market", "county", cert="X1"), person("K2", "market", "county", cert="X2"),
              person("C1", "market", "city")]
    draw = draw_teams(KEY, [LAB], roster, TeamRules("county"))
    # leader: 0x990D… mod 2 = 1 → K2; second officer: the only county officer left
    assert [(s.candidates, s.pick) for s in draw.steps] == [(["K1", "K2"], "K2"), (["K1"], "K1")]


# --- load ---------------------------------------------------------------------------------------------------

def test_nobody_is_in_more_teams_than_needed_while_others_have_fewer():
    roster = [person("L1", "market", cert="A1"), person("L2", "market", cert="A2"),
              person("H1", "market", "county", cert="B1"), person("H2", "market", "county", cert="B2"),
              person("H3", "market", "county", cert="B3")]
    targets = [Target(f"9114000000000000{n}X", f"机构{n}", "other", "平城区") for n in range(1, 5)]
    draw = draw_teams(KEY, targets, roster, TeamRules("city"))
    d = [int(h, 16) for h in RFC_DIGESTS]
    # by hand: team 1 leader from [L1, L2] by d0 mod 2, helper from [H1, H2, H3] by d1 mod 3;
    # team 2: the other leader alone, the two helpers left; team 3: both leaders again (one team each),
    # the last helper alone; team 4: the leader not taken in team 3, any of the three helpers (one team each)
    lead1 = ["L1", "L2"][d[0] % 2]
    help1 = ["H1", "H2", "H3"][d[1] % 3]
    lead2 = ({"L1", "L2"} - {lead1}).pop()
    left = [h for h in ["H1", "H2", "H3"] if h != help1]
    help2 = left[d[3] % 2]
    lead3 = ["L1", "L2"][d[4] % 2]
    help3 = ({"H1", "H2", "H3"} - {help1, help2}).pop()
    lead4 = ({"L1", "L2"} - {lead3}).pop()
    help4 = ["H1", "H2", "H3"][d[7] % 3]
    assert [(s.candidates, s.pick) for s in draw.steps] == [
        (["L1", "L2"], lead1), (["H1", "H2", "H3"], help1), ([lead2], lead2), (left, help2),
        (["L1", "L2"], lead3), ([help3], help3), ([lead4], lead4), (["H1", "H2", "H3"], help4)]
    teams = [p for team in draw.teams for p in [m.inspector_id for m in team.members]]
    assert sorted(teams.count(p) for p in ["L1", "L2"]) == [2, 2]
    assert sorted(teams.count(p) for p in ["H1", "H2", "H3"]) == [1, 1, 2]


def test_load_counts_only_the_candidates_of_the_slot():
    # P2 serves only 云冈区: busy P1 is the only police candidate for 平城区 and is taken again
    roster = base_roster() + [person("P2", "police", districts=["云冈区"]), person("H2", "market", "county")]
    second = Target("91140200MA0K7XQ30B", "大同另一检测站", "vehicle", "平城区")
    draw = draw_teams(KEY, [STATION, second], roster, TeamRules("city", helpers_from_district=False))
    assert [(s.slot, s.candidates) for s in draw.steps if s.slot == "police"] == [
        ("police", ["P1"]), ("police", ["P1"])]


# --- experts ------------------------------------------------------------------------------------------------

def test_experts_are_never_counted_as_officers():
    # an expert with a certificate number and a city level is still no market officer
    roster = [person("L1", "market"), person("X1", "expert", "city", cert="ZJ-1"),
              person("X2", "expert", None, cert="")]
    with pytest.raises(TeamDrawError) as caught:
        draw_teams(KEY, [LAB], roster, TeamRules("city", helper_level=None, experts={"other": 2}))
    assert caught.value.unmet == [
        "机构 新荣某检测公司（91140213MA0H2C6P5E）：每组需要 2 名市级市场监管执法人员，只有 1 名可选（在职、持证、无需回避）"]
    roster.append(person("L2", "market"))
    draw = draw_teams(KEY, [LAB], roster, TeamRules("city", helper_level=None, experts={"other": 2}))
    roles = sorted((m.role, m.inspector_id) for m in draw.teams[0].members)
    assert [r for r in roles if r[0] != "expert"] in ([("leader", "L1"), ("member", "L2")],
                                                      [("leader", "L2"), ("member", "L1")])
    assert [r for r in roles if r[0] == "expert"] == [("expert", "X1"), ("expert", "X2")]


def test_experts_are_added_only_where_requested():
    roster = base_roster() + [person("H2", "market", "county")]
    draw = draw_teams(KEY, [STATION, LAB], roster, TeamRules("city", experts={"other": 1}))
    assert [[m.role for m in t.members] for t in draw.teams] == [
        ["leader", "member", "member", "member"], ["leader", "member", "expert"]]


# --- the rules themselves and bad inputs --------------------------------------------------------------------

@pytest.mark.parametrize("organiser,helpers", [("province", "city"), ("city", "county"), ("county", None)])
def test_helpers_come_from_the_level_below_by_default(organiser, helpers):
    assert TeamRules(organiser).helper_level == helpers
    assert TeamRules(organiser, helper_level=None).helper_level is None


@pytest.mark.parametrize("kwargs", [
    {"organiser_level": "town"}, {"organiser_level": "city", "helper_level": "city"},
    {"organiser_level": "city", "helper_level": "village"}, {"organiser_level": "city", "market_officers": 1},
    {"organiser_level": "city", "market_officers": True}, {"organiser_level": "city", "market_officers": 2.0},
    {"organiser_level": "city", "experts": {"food": 1}}, {"organiser_level": "city", "experts": {"other": -1}},
    {"organiser_level": "city", "helpers_from_district": "yes"},
])
def test_rules_that_cannot_be_followed_are_refused(kwargs):
    with pytest.raises(DrawError):
        TeamRules(**kwargs)


@pytest.mark.parametrize("key", ["", "密钥", None])
def test_a_key_that_is_not_an_rfc_key_is_refused(key):
    with pytest.raises(DrawError):
        draw_teams(key, [STATION], base_roster(), TeamRules("city"))


def test_repeated_people_or_institutions_are_refused():
    with pytest.raises(DrawError, match="L1"):
        draw_teams(KEY, [STATION], base_roster() + [person("L1", "market", cert="other")], TeamRules("city"))
    with pytest.raises(DrawError, match=STATION.credit_code):
        draw_teams(KEY, [STATION, STATION], base_roster(), TeamRules("city"))


def test_no_targets_no_teams():
    assert draw_teams(KEY, [], base_roster(), TeamRules("city")) == TeamDraw([], [])


def test_a_draw_longer_than_the_two_byte_counter_is_refused():
    targets = [Target(f"T{n:05d}", f"机构{n}", "vehicle", "平城区") for n in range(16385)]  # 4 × 16385 > 65536
    with pytest.raises(DrawError, match="65536"):
        draw_teams(KEY, targets, base_roster(), TeamRules("city"))


@pytest.mark.parametrize("entry", [
    {"department": "army"}, {"level": "town"}, {"active": "yes"}, {"districts": "平城区"}, {"name": 5}, {"id": ""}])
def test_roster_entries_out_of_range_are_refused(entry):
    good = {"id": "L1", "name": "甲", "department": "market", "level": "city", "cert_no": "C", "unit": "",
            "districts": [], "avoid": [], "active": True}
    with pytest.raises(DrawError):
        RosterEntry.from_json(good | entry)


def test_a_roster_entry_of_an_inspector_and_a_target_of_an_institution():
    inspector = Inspector(name="王强", department=Department.MARKET, level=Level.COUNTY, unit="平城区局",
                          cert_no="14020001", districts=["云冈区", "平城区", "平城区"], avoid=["9114B", "9114A"],
                          active=False)
    assert RosterEntry.of(inspector) == RosterEntry(
        id=inspector.id, name="王强", department="market", level="county", cert_no="14020001", unit="平城区局",
        districts=("云冈区", "平城区"), avoid=("9114A", "9114B"), active=False)
    station = Institution(name="大同某机动车检测站", credit_code="91140200MA0K7XQ21C", category=Category.VEHICLE,
                          district="平城区")
    assert Target.of(station) == STATION
    expert = RosterEntry.of(Inspector(name="李工", department=Department.EXPERT))
    assert (expert.department, expert.level, expert.cert_no, expert.officer) == ("expert", None, "", False)


# --- the record ---------------------------------------------------------------------------------------------

def rich_case():
    roster = base_roster() + [
        person("L2", "market", cert="SJ-02", name="张伟"), person("L3", "market", cert="SJ-01", name="Émile"),
        person("H2", "market", "county", districts=["平城区", "云冈区"], name="刘洋"),
        person("H3", "market", "county", districts=["云冈区"]), person("H4", "market", "county"),
        person("H5", "market", "county", districts=["新荣区"]),
        person("E2", "eco", "county", districts=["云冈区"]), person("P2", "police", "county"),
        person("X2", "expert", None, cert="", name="赵专家")]
    targets = [STATION, MONITOR, LAB, Target("91140200MA0K7XQ30B", "大同另一检测站", "vehicle", "云冈区")]
    return roster, targets, TeamRules("city", market_officers=3, experts={"vehicle": 1, "eco_env": 1})


def test_inputs_and_result_round_trip_through_json():
    roster, targets, rules = rich_case()
    through = lambda obj: json.loads(json.dumps(obj, ensure_ascii=False))  # noqa: E731
    roster2 = [RosterEntry.from_json(through(p.to_json())) for p in roster]
    targets2 = [Target.from_json(through(t.to_json())) for t in targets]
    rules2 = TeamRules.from_json(through(rules.to_json()))
    assert (roster2, targets2, rules2) == (roster, targets, rules)
    assert TeamRules.from_json(through(TeamRules("county").to_json())).helper_level is None
    draw = draw_teams(KEY, targets, roster, rules)
    assert TeamDraw.from_json(through(draw.to_json())) == draw
    assert draw_teams(KEY, targets2, roster2, rules2) == draw  # what `draw verify` does


def test_a_changed_record_no_longer_matches_or_is_refused():
    roster, targets, rules = rich_case()
    record = json.loads(json.dumps(draw_teams(KEY, targets, roster, rules).to_json()))
    record["steps"][0]["position"] += 1
    assert TeamDraw.from_json(record) != draw_teams(KEY, targets, roster, rules)
    for broken in ({**record, "algorithm": "other"}, {**record, "steps": [{"index": 1}]}, {"teams": []},
                   {**record, "teams": [{"members": []}]}, [], {**record, "teams": 5}):
        with pytest.raises(DrawError):
            TeamDraw.from_json(broken)
    with pytest.raises(DrawError):
        TeamRules.from_json({"organiser_level": "city", "market_officers": 2, "helpers_from_district": True,
                             "experts": {}})  # helper_level left out: a record must say it
    with pytest.raises(DrawError):
        Target.from_json({"credit_code": "9114", "name": "甲", "category": "vehicle", "district": "", "x": 1})


SCRIPT = """
import json, locale, sys
try:
    locale.setlocale(locale.LC_ALL, "")
except locale.Error:
    pass
sys.path.insert(0, {root!r})
from tests.test_team_draw import KEY, rich_case
from app.domain.teams import draw_teams
roster, targets, rules = rich_case()
print(json.dumps(draw_teams(KEY, targets, roster[::-1], rules).to_json(), sort_keys=True))
"""


@pytest.mark.parametrize("env", [
    {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "TZ": "Asia/Shanghai", "PYTHONHASHSEED": "1"},
    {"LANG": "C", "LC_ALL": "C", "TZ": "America/Los_Angeles", "PYTHONHASHSEED": "4242"},
    {"LANG": "tr_TR.UTF-8", "LC_ALL": "", "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "random"},
])
def test_the_same_draw_under_another_locale_time_zone_and_hash_seed(env):
    roster, targets, rules = rich_case()
    here = json.dumps(draw_teams(KEY, targets, roster, rules).to_json(), sort_keys=True)
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT))], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60, check=True)
    assert done.stdout.strip() == here


# --- property: every team drawn keeps every rule ------------------------------------------------------------

JOINT = {"vehicle": ["police", "eco"], "eco_env": ["eco"], "other": []}


def may_fill(p: RosterEntry, slot: str, t: Target, rules: TeamRules) -> bool:
    """The test's own reading of issue 11 rule 9 for one person and one slot."""
    if not p.active or t.credit_code in p.avoid:
        return False
    if slot.startswith("expert"):
        return p.department == "expert"
    officer = p.department != "expert" and p.cert_no.strip() != ""
    serves = not p.districts or t.district in p.districts
    if slot == "leader":
        return officer and p.department == "market" and p.level == rules.organiser_level
    if slot.startswith("market"):
        if rules.helper_level is None:
            return officer and p.department == "market" and p.level == rules.organiser_level
        return (officer and p.department == "market" and p.level == rules.helper_level
                and (serves or not rules.helpers_from_district))
    return officer and p.department == slot and serves


def expected_slots(t: Target, rules: TeamRules) -> list[str]:
    return (["leader"] + [f"market-{n}" for n in range(2, rules.market_officers + 1)] + JOINT[t.category]
            + [f"expert-{n}" for n in range(1, rules.experts.get(t.category, 0) + 1)])


def some_team_exists(t: Target, roster, rules) -> bool:
    """Brute force: distinct people for all slots."""
    def fill(slots, used):
        if not slots:
            return True
        return any(fill(slots[1:], used | {p.id}) for p in roster
                   if p.id not in used and may_fill(p, slots[0], t, rules))
    return fill(expected_slots(t, rules), frozenset())


DISTRICTS = ["平城区", "云冈区"]


@st.composite
def cases(draw):
    codes = [f"911402000000000{n:02d}X" for n in range(draw(st.integers(1, 4)))]
    targets = [Target(c, f"机构{n}", draw(st.sampled_from(["vehicle", "eco_env", "other"])),
                      draw(st.sampled_from(DISTRICTS + [""]))) for n, c in enumerate(codes)]
    organiser = draw(st.sampled_from(["province", "city", "county"]))
    helper = draw(st.sampled_from(["below", None] + [x for x in ["province", "city", "county"] if x != organiser]))
    rules = TeamRules(organiser, helper, draw(st.integers(2, 3)), draw(st.booleans()),
                      draw(st.dictionaries(st.sampled_from(["vehicle", "eco_env", "other"]), st.integers(0, 2))))
    # mostly people who fit some slot (so that many draws succeed), with a few who fit none
    kinds = [("market", organiser), ("market", rules.helper_level or organiser), ("police", "city"),
             ("eco", "county"), ("expert", None)]
    roster = []
    for n in range(draw(st.integers(0, 30))):
        department, level = draw(st.sampled_from(kinds))
        odd = draw(st.integers(0, 5)) == 0
        roster.append(RosterEntry(
            id=f"p{n}", name=f"人{n}", department=department,
            level=draw(st.sampled_from(["province", "city", "county", None])) if odd else level,
            cert_no=draw(st.sampled_from(["", " ", f"C{n % 3}"])) if odd else f"D{n % 7}", unit="",
            districts=tuple(draw(st.sampled_from([(), (), (), ("平城区",), ("云冈区",), tuple(DISTRICTS)]))),
            avoid=tuple(draw(st.sampled_from([(), (), ()] + [(c,) for c in codes]))),
            active=not odd or draw(st.booleans())))
    key = "".join(f"{v}./" for v in draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=3)))
    return key, targets, roster, rules


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_team_drawn_keeps_every_rule(case):
    key, targets, roster, rules = case
    feasible = {t.credit_code: some_team_exists(t, roster, rules) for t in targets}
    try:
        draw = draw_teams(key, targets, roster, rules)
    except TeamDrawError as error:
        failed = {t.credit_code for t in targets if any(line.startswith(f"机构 {t.label}：") for line in error.unmet)}
        assert failed == {c for c, ok in feasible.items() if not ok}
        return
    assert all(feasible.values())
    by_id = {p.id: p for p in roster}
    published = [p.id for p in sorted(roster, key=lambda p: (p.cert_no, p.id))]
    load = dict.fromkeys(by_id, 0)
    steps = iter(draw.steps)
    assert [t.credit_code for t in draw.teams] == [t.credit_code for t in targets]
    for t, team in zip(targets, draw.teams):
        assert [m.slot for m in team.members] == expected_slots(t, rules)
        ids = [m.inspector_id for m in team.members]
        assert len(set(ids)) == len(ids)  # nobody twice in a team
        officers = [by_id[i] for i, m in zip(ids, team.members) if m.role != "expert"]
        assert sum(p.department == "market" and p.cert_no.strip() != "" for p in officers) >= 2
        assert all(by_id[m.inspector_id].department == "expert" for m in team.members if m.role == "expert")
        for m in team.members:
            step = next(steps)
            assert (step.credit_code, step.slot, step.pick) == (t.credit_code, m.slot, m.inspector_id)
            assert may_fill(by_id[m.inspector_id], m.slot, t, rules)
            # the load rule: candidates are exactly those who may fill the slot with the fewest teams so far
            open_ = [i for i in published if i not in ids[:ids.index(m.inspector_id)]
                     and may_fill(by_id[i], m.slot, t, rules)]
            fewest = min(load[i] for i in open_)
            assert step.candidates == [i for i in open_ if load[i] == fewest]
            assert step.remaining == len(step.candidates)
            assert step.digest == md5_hex(key, step.index - 1)
            assert step.position == int(step.digest, 16) % step.remaining
            assert step.candidates[step.position] == step.pick
        for i in ids:
            load[i] += 1
    assert next(steps, None) is None
