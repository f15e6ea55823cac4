"""The demo's inspection tasks: one at every status, a complete signed showcase, reproducible from the seed."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from app.demo.data import REFERENCE_DATE, build_demo
from app.domain.checklist import Verdict
from app.domain.registry import Category, Department
from app.services.task_view import list_tasks, task_record
from app.store.attachments import AttachmentStore
from app.store.audit_log import verify
from app.store.database import open_database
from tests.cli_helpers import call_main

STATUSES = {"planned": 1, "notified": 1, "on_site": 1, "recorded": 1, "signed": 2}
CAMPAIGN_END = date(2025, 11, 15)


def _build(path: Path, seed: int = 2025):
    db = open_database(path)
    counts = build_demo(db, seed=seed, institutions=300, inspectors=20, db_path=path)
    return db, counts


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db, counts = _build(path)
    yield db, path, counts
    db.close()


@pytest.fixture(scope="module")
def records(demo):
    db, _, _ = demo
    return {t.id: task_record(db, t.id) for t in list_tasks(db)}


def _by_status(records, status):
    return [r for r in records.values() if r.status.value == status]


def _showcase(records):
    """The signed task whose representative signed (the other one refused)."""
    return next(r for r in _by_status(records, "signed")
                if any(s.signer == "representative" and not s.refused for s in r.signatures))


def _refusal(records):
    return next(r for r in _by_status(records, "signed")
                if any(s.signer == "representative" and s.refused for s in r.signatures))


def _when(text):
    return datetime.fromisoformat(text) if text else None


# --- statuses and teams ---------------------------------------------------------------------------

def test_a_task_at_every_status(demo, records):
    _, _, counts = demo
    assert counts["tasks"] == STATUSES
    listed = {}
    for r in records.values():
        listed[r.status.value] = listed.get(r.status.value, 0) + 1
    assert listed == STATUSES


def test_teams_are_lawful_joint_checks(records):
    categories = []
    for r in records.values():
        officers = [m for m in r.members if m.officer]
        assert len(officers) >= 2, r.institution.name
        assert sum(m.role == "leader" for m in r.members) == 1
        leader = next(m for m in r.members if m.role == "leader")
        assert leader.inspector.department is Department.MARKET and leader.officer
        departments = {m.inspector.department for m in officers}
        category = r.institution.category
        categories.append(category)
        if category is Category.VEHICLE:
            assert {Department.MARKET, Department.POLICE, Department.ECO} <= departments
        elif category is Category.ECO_ENV:
            assert {Department.MARKET, Department.ECO} <= departments
        for m in r.members:  # nobody who must avoid the institution
            assert r.institution.credit_code not in m.inspector.avoid
        assert not r.institution.eco_owned
    assert categories.count(Category.VEHICLE) == 2 and categories.count(Category.ECO_ENV) == 1
    assert len({r.institution.id for r in records.values()}) == len(records)


def test_dates_fit_the_campaign_and_the_notice_rule(records):
    for r in records.values():
        planned = date.fromisoformat(r.visit.planned_date)
        assert REFERENCE_DATE < planned <= CAMPAIGN_END
        assert not r.warnings, (r.institution.name, r.warnings)
        notified, started = _when(r.visit.notified_at), _when(r.visit.started_at)
        if notified and started:
            assert timedelta(0) < started - notified <= timedelta(hours=24)
            assert 12 <= notified.hour < 18  # the afternoon before
            assert notified.date() == started.date() - timedelta(days=1)
    planned = _by_status(records, "planned")[0]
    assert planned.visit.notified_at is None and planned.visit.started_at is None
    notified = _by_status(records, "notified")[0]
    assert _when(notified.visit.notified_at).date() == date.fromisoformat(notified.visit.planned_date) \
        - timedelta(days=1)
    assert notified.visit.started_at is None
    latest_signed = max(date.fromisoformat(r.visit.planned_date) for r in _by_status(records, "signed"))
    assert latest_signed < date.fromisoformat(planned.visit.planned_date)


def test_on_site_has_half_the_items_and_a_blind_sample(records):
    on_site = _by_status(records, "on_site")[0]
    checked = [n for n in on_site.findings if on_site.verdict(n) is not Verdict.NOT_CHECKED]
    assert len(checked) == 9
    assert len(on_site.blind_samples) == 1 and on_site.blind_samples[0].judgement
    assert on_site.visit.started_at and not on_site.visit.ended_at
    assert not on_site.signatures


def test_recorded_is_complete_and_waits_for_signatures(records):
    recorded = _by_status(records, "recorded")[0]
    assert all(recorded.verdict(n) is not Verdict.NOT_CHECKED for n in recorded.findings)
    assert not recorded.signatures
    assert recorded.missing and all("签名" in m for m in recorded.missing)


# --- the signed showcase ----------------------------------------------------------------------------

def test_showcase_has_all_eighteen_verdicts(records):
    r = _showcase(records)
    assert len(r.findings) == 18
    verdicts = [r.verdict(n) for n in sorted(r.findings)]
    assert Verdict.NOT_CHECKED not in verdicts
    problems = [n for n in r.findings if r.verdict(n) is Verdict.PROBLEM]
    assert 1 <= len(problems) <= 2
    for n in problems:
        assert len(r.findings[n].description) > 20
    assert r.verdict(15) is Verdict.NA and "分包" in r.findings[15].description
    assert verdicts.count(Verdict.NO_PROBLEM) >= 12
    assert r.missing == [] and r.warnings == []


def test_showcase_session_is_lawful(records):
    t = _showcase(records).visit
    assert t.credentials_shown is True
    assert t.recusal_answer == "不申请回避"
    assert t.party_statement == "以上记录已阅，与事实相符"
    assert t.place
    assert _when(t.started_at) < _when(t.ended_at)
    assert t.signed_at


def test_showcase_corrects_a_basic_information_field(records):
    r = _showcase(records)
    assert "contact_phone" in r.corrections
    correction = r.corrections["contact_phone"]
    assert correction.original != correction.value and len(correction.value) == 11
    assert r.institution.contact_phone == correction.value


def test_showcase_blind_samples_are_judged(records):
    samples = _showcase(records).blind_samples
    assert {s.statistic for s in samples} == {"z", "En", "qualitative"}
    assert all(s.judgement for s in samples)
    lead = next(s for s in samples if s.statistic == "z")
    assert (lead.matrix, lead.method, lead.unit) == ("大米", "GB 5009.12-2023", "mg/kg")
    assert "铅" in lead.parameter and lead.score is not None
    qualitative = next(s for s in samples if s.statistic == "qualitative")
    assert qualitative.parameter == "沙门氏菌" and qualitative.result_text == "检出"


def test_showcase_signatory_exams(records):
    exams = _showcase(records).exams
    assert 1 <= len(exams) <= 2
    for e in exams:
        assert e.form == "written" and e.score and e.pass_mark and e.result in ("pass", "fail")


def test_showcase_signatures_are_stored_with_strokes(demo, records):
    _, path, _ = demo
    store = AttachmentStore.for_database(path)
    r = _showcase(records)
    officers = {m.inspector.id for m in r.members if m.officer}
    signed = [s for s in r.signatures if s.signer == "inspector" and s.inspector_id in officers]
    assert len(signed) >= 2
    rows = {row[0]: row[1] for row in
            demo[0].conn.execute("SELECT id, strokes FROM signatures WHERE task_id = ?", [r.id])}
    for s in signed + [x for x in r.signatures if x.signer == "representative"]:
        sha = s.png_sha256
        assert sha and store.exists(sha) and store.verify(sha)
        data = store.path_of(sha).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha
        with Image.open(io.BytesIO(data)) as im:
            assert im.format == "PNG" and im.size == (600, 200)
            assert im.convert("L").getextrema() == (0, 255)  # black ink on white
        pad = json.loads(rows[s.id])
        assert (pad["version"], pad["width"], pad["height"]) == (1, 600, 200)
        times = [p[2] for stroke in pad["strokes"] for p in stroke]
        assert pad["strokes"] and times == sorted(times) and times[0] == 0
        for stroke in pad["strokes"]:
            for x, y, t, pressure in stroke:
                assert 0 <= x <= 600 and 0 <= y <= 200 and isinstance(t, int) and 0 < pressure <= 1
        assert _when(s.signed_at).utcoffset() == timedelta(hours=8)


def test_showcase_photos_are_stored_with_reduced_copies(demo, records):
    _, path, _ = demo
    store = AttachmentStore.for_database(path)
    r = _showcase(records)
    assert 3 <= len(r.photos) <= 4
    turned = 0
    for p in r.photos:
        assert p.caption and p.item in r.findings
        assert store.verify(p.sha256) and store.verify(p.reduced_sha256)
        info = store.image_info(p.sha256)
        assert info["width"] > info["height"]  # shown upright: a landscape photo
        taken = _when(p.taken_at)
        assert _when(r.visit.started_at) <= taken <= _when(r.visit.ended_at)
        with Image.open(store.path_of(p.sha256)) as im:
            assert im.format == "JPEG"
            turned += im.getexif().get(ExifTags.Base.Orientation) == 6
        with Image.open(store.path_of(p.reduced_sha256)) as im:
            assert im.size[0] > im.size[1] and not im.getexif().get(ExifTags.Base.Orientation)
    assert turned == 1
    problem_items = {n for n in r.findings if r.verdict(n) is Verdict.PROBLEM}
    assert problem_items & {p.item for p in r.photos}  # a problem has its evidence


def test_the_second_signed_task_records_a_refusal(records):
    r = _refusal(records)
    assert r.institution.category is Category.VEHICLE
    refusal = next(s for s in r.signatures if s.signer == "representative")
    assert refusal.refused and refusal.refusal_reason and refusal.witnesses
    assert refusal.png_sha256 is None
    assert r.verdict(14) is Verdict.PROBLEM
    assert r.missing == []


# --- the 2025 plan and its draws ----------------------------------------------------------------------

PLAN_STATUSES = {"signed": 1, "on_site": 1, "recorded": 1, "notified": 1}  # the refusal, on_site, recorded, notified


def _plan(db):
    from app.services.plans import list_plans, view

    plans = list_plans(db)
    assert len(plans) == 1
    return view(db, plans[0].id)


def test_the_plan_is_the_notices(demo):
    plan = _plan(demo[0]).plan.to_json()
    assert plan["year"] == 2025 and "2025年度检验检测机构" in plan["title"]
    assert plan["organs"] == ["大同市市场监督管理局", "大同市公安局", "大同市生态环境局"]
    assert plan["notice_number"] == "同市监认证〔2025〕92号"
    assert plan["quotas"] == {"vehicle": 2, "eco_env": 1, "other": 1}
    assert (plan["rate"], plan["priority"], plan["level"]) == ("0.04", "first", "city")
    assert (plan["self_check_by"], plan["on_site_by"], plan["summary_by"]) == ("2025-09-15", "2025-11-15", "2025-11-25")
    assert plan["on_site_from"] == "2025-09-16"
    assert plan["experts"] == {"vehicle": 1}


def test_the_province_picks_are_recorded_and_applied(demo):
    from app.store.plans import higher_level_picks
    from app.store.registry import all_institutions

    db = demo[0]
    view = _plan(db)
    institutions = {i.id: i for i in all_institutions(db)}
    recorded = dict(db.conn.execute("SELECT institution_id, kind FROM higher_level_picks WHERE year = 2025"
                                    " AND level = 'province'").fetchall())
    allocated = {i for i, inst in institutions.items() if inst.allocated_year == 2025}
    assert {i for i, kind in recorded.items() if kind == "allocated"} == allocated and len(allocated) == 15
    own = {institutions[i].credit_code for i, kind in recorded.items() if kind == "drawn"}
    assert len(own) == 3 and not {i for i, k in recorded.items() if k == "drawn"} & allocated
    assert set(higher_level_picks(db.conn, 2025)) == set(recorded)
    announcement = view.current("institutions").announcement
    excluded = {e["credit_code"]: e["reason"] for e in announcement["excluded"]}
    assert all(excluded[code].startswith("省级已于2025年抽取") for code in own)
    assert not own & {code for c in announcement["categories"] for code in c["pool"]}


def test_the_draws_reproduce_from_their_published_records(demo, capsys, tmp_path):
    db, path, _ = demo
    view = _plan(db)
    institutions, teams = view.current("institutions"), view.current("inspectors")
    assert institutions.done and teams.done
    assert institutions.seed == "3 8 1 6 2 / 4 11 19 27 33 / 2 9" and institutions.key == "1.2.3.6.8./4.11.19.27.33./2.9./"
    assert teams.seed == "7 0 4 9 5" and teams.key == "0.4.5.7.9./"
    assert "排列5" in institutions.source and "排列5" in teams.source
    for draw in (institutions, teams):
        out = tmp_path / f"{draw.kind}.json"
        assert call_main(capsys, ["--db", path, "draw", "export", draw.id, "--out", out]).status == 0
        verified = call_main(capsys, ["draw", "verify", out, "--json"])
        assert verified.status == 0 and verified.json["ok"] and not verified.json["announcement_only"], verified
    # the notice's rule: the province's allocation covers every quota, so the quota is drawn from it and the
    # rest is handed on to the county bureaus
    result = {c["category"]: c for c in institutions.result["categories"]}
    assert {c: len(r["selected"]) for c, r in result.items()} == {"vehicle": 2, "eco_env": 1, "other": 1}
    allocated = {code for code, a in institutions.announcement["institutions"].items() if a["allocated"]}
    for category in result.values():
        chosen = {s["credit_code"] for s in category["selected"]}
        assert chosen <= allocated and all(s["stage"].startswith("allocation") for s in category["selected"])
        assert category["handed_on"] and not chosen & set(category["handed_on"])
    assert len(teams.result["teams"]) == 4


def test_the_plans_tasks_are_the_drawn_teams_at_the_narratives_statuses(demo, records):
    from app.store.plans import plan_tasks

    db = demo[0]
    view = _plan(db)
    assert view.tasks == PLAN_STATUSES
    teams = {t["credit_code"]: {m["inspector_id"] for m in t["members"]} for t in view.current("inspectors").result["teams"]}
    linked = [records[task_id] for task_id, _ in plan_tasks(db.conn, view.plan.id)]
    assert {r.institution.credit_code: {m.inspector.id for m in r.members} for r in linked} == teams
    for r in linked:
        assert date(2025, 9, 16) <= date.fromisoformat(r.visit.planned_date) <= date(2025, 11, 15)
    by_status = {r.status.value: r for r in linked}
    assert by_status["signed"] is _refusal(records)  # the refusal, on a drawn vehicle station
    assert by_status["on_site"].institution.category is Category.VEHICLE
    assert by_status["recorded"].institution.category is Category.ECO_ENV
    assert by_status["notified"].institution.category is Category.OTHER
    lead = demo[2]["profile_inspector_id"]
    showcase = _showcase(records)  # the profile's own record, handed down without a draw
    assert showcase.id not in {r.id for r in linked} and lead in {m.inspector.id for m in showcase.members}
    picked = dict(db.conn.execute("SELECT institution_id, kind FROM higher_level_picks WHERE year = 2025"))
    handed_down = [r for r in records.values() if r not in linked]
    assert len(handed_down) == 2 and not {r.institution.id for r in handed_down} & set(picked)  # no duplicate checks


def test_the_plan_and_draws_take_little_of_the_demos_time(tmp_path):
    import random
    import time

    from app.demo.plan import build_demo_plan

    db = open_database(tmp_path / "registries.sqlite")
    try:
        build_demo(db, seed=2025, institutions=300, inspectors=20)  # the registries and profile only
        started = time.perf_counter()
        made = build_demo_plan(db, random.Random(2025))
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    assert len(made) == 4
    assert elapsed < 1.5, f"plan, province picks and two draws took {elapsed:.2f} s (measured: about 0.12 s)"


# --- integrity and reproducibility --------------------------------------------------------------------

def test_the_audit_chain_verifies(demo):
    db, _, _ = demo
    count, breaks = verify(db)
    assert count > 100 and breaks == []


def test_every_recorded_row_matches_the_replayed_log(demo):
    # photos, signatures, a refusal, samples, exams, corrections and status changes: all through audited edits
    from app.services.audit import check

    db, _, _ = demo
    assert check(db).mismatches == []


def _contents(db) -> list[dict]:
    """Every task's record without what differs between runs: record ids and the time of signing."""
    out = []
    for t in list_tasks(db):
        data = task_record(db, t.id).to_json()
        data.pop("id")
        data["session"].pop("signed_at")
        for key in ("blind_samples", "exams", "photos", "signatures"):
            for row in data[key]:
                row.pop("id")
        out.append(data)
    return sorted(out, key=lambda d: (d["status"], d["institution"]["credit_code"]))


def _draws(db) -> list[tuple]:
    """Each draw of the plan as a citizen would compare it: kind, source, seed, pool hashes and result."""
    view = _plan(db)
    return [(d.kind, d.source, d.seed, d.key, [c.get("pool_sha256") for c in d.announcement.get("categories", [])],
             d.result) for d in view.draws]


def test_same_seed_same_tasks(demo, tmp_path):
    db, _, _ = demo
    again, _ = _build(tmp_path / "again.sqlite")
    try:
        assert _contents(again) == _contents(db)
        assert _draws(again) == _draws(db)  # the same institutions and teams, step by step
    finally:
        again.close()


def test_other_seed_other_tasks(demo, tmp_path):
    db, _, _ = demo
    other, counts = _build(tmp_path / "other.sqlite", seed=7)
    try:
        assert counts["tasks"] == STATUSES
        assert _contents(other) != _contents(db)
    finally:
        other.close()


def test_without_a_path_or_twice_no_tasks_are_added(tmp_path):
    path = tmp_path / "d.sqlite"
    db = open_database(path)
    try:
        assert build_demo(db, seed=3, institutions=120)["tasks"] == {}
        assert db.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0
        assert build_demo(db, seed=3, institutions=120, db_path=path)["tasks"] == STATUSES
        assert build_demo(db, seed=3, institutions=120, db_path=path)["tasks"] == {}
        assert db.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == sum(STATUSES.values())
    finally:
        db.close()


# --- the command ------------------------------------------------------------------------------------

def test_demo_command_reports_the_tasks(capsys, tmp_path):
    path = tmp_path / "cli.sqlite"
    run = call_main(capsys, ["--db", path, "demo", "--json"])
    assert run.status == 0, run
    # the demo command also concludes the two signed records (app/demo/cases.py): both are closed
    closed = {**{k: v for k, v in STATUSES.items() if k != "signed"}, "closed": 2}
    assert run.json["tasks"] == closed and run.json["tasks_total"] == 6
    plan = call_main(capsys, ["--db", path, "plan", "show", run.json["plan_id"], "--json"]).json
    plan_closed = {**{k: v for k, v in PLAN_STATUSES.items() if k != "signed"}, "closed": 1}
    assert plan["notice_number"] == "同市监认证〔2025〕92号" and plan["tasks"] == plan_closed
    assert [d["kind"] for d in plan["draws"]] == ["institutions", "inspectors"] and all(d["drawn_at"] for d in plan["draws"])
    listed = call_main(capsys, ["--db", path, "task", "list", "--json"]).json["items"]
    assert sorted(t["status"] for t in listed) == sorted(s for s, n in closed.items() for _ in range(n))
    text = call_main(capsys, ["--db", path, "demo", "--force"])
    assert text.status == 0 and "检查任务 6 个" in text.stdout and "已办结 2" in text.stdout
    assert "plan show" in text.stdout
    assert call_main(capsys, ["--db", path, "audit", "verify", "--json"]).json["ok"]


def test_demo_command_with_a_tiny_registry(capsys, tmp_path):
    run = call_main(capsys, ["--db", tmp_path / "tiny.sqlite", "demo", "--institutions", "5", "--json"])
    assert run.status == 0, run
    assert sum(run.json["tasks"].values()) == run.json["tasks_total"] <= 5


def test_the_demo_command_concludes_the_signed_records_so_every_export_has_content(capsys, tmp_path):
    path = tmp_path / "cases.sqlite"
    assert call_main(capsys, ["--db", path, "demo", "--institutions", "60"]).status == 0
    db = open_database(path)
    try:
        cases = db.conn.execute("SELECT c.conclusion, c.rectify_by, c.rectification_accepted, c.typical_case, t.status"
                                " FROM cases c JOIN tasks t ON t.id = c.task_id ORDER BY c.conclusion").fetchall()
        referrals = sorted(r[0] for r in db.conn.execute("SELECT recipient FROM referrals"))
    finally:
        db.conn.close()
    # the vehicle station's leads referred to the police and the eco department; the laboratory rectified, checked,
    # and marked as a typical case; both closed
    assert [(c[0], c[4]) for c in cases] == [("rectify", "closed"), ("refer", "closed")]
    assert cases[0][1] is not None and cases[0][2] == 1 and cases[0][3] == 1
    assert referrals == ["eco", "police"]
    for args in (["results", "export", tmp_path / "公示.xlsx"], ["referrals", "export", "--to", "police", "--out",
                                                                tmp_path / "移送.xlsx"],
                 ["credit", "export", "--out", tmp_path / "信用.xlsx"]):
        run = call_main(capsys, ["--db", path, *args])
        assert run.status == 0, (args, run.stderr)
