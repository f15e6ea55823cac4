"""Recording an inspection through the services (README: the inspector's work on site; docs/rules.md: scores, a lawful record).

Every test works on a small demo database (seed 3, 20 institutions) whose profile inspector — a city-level
market officer — is the author of every edit. What is checked is what the user relies on: a task's team and
checklist, the status moving only forward, the 24-hour notice warning, completeness before finishing and
signing, signatures and reopening, corrections that keep the original, blind samples scored exactly as
`app.domain.scoring` scores them, exams, photos stored once by hash, and an audit entry for every change.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image

from app.domain import scoring
from app.domain.problems import InputRefused, NotFound
from app.services import recording, tasks
from app.services.checklist import load_checklist
from app.services.task_view import task_record
from app.store import rows as stored
from app.store.attachments import AttachmentStore
from app.store.registry import get_institution
from tests.recording_helpers import (
    STROKES_JSON,
    answer_all,
    audit_count,
    audit_rows,
    jpeg_file,
    last_audit_id,
    lawful_visit,
    new_task,
    png_bytes,
    signature_of,
)

T0 = datetime(2025, 10, 9, 9, 0)


@pytest.fixture
def rec(demo):
    return demo  # tasks are made by each test (or the `task` fixture)


@pytest.fixture
def task(rec):
    return new_task(rec.db, rec.cast)


def count(db, table: str, **where) -> int:
    clause = " AND ".join(f"{k} = ?" for k in where) or "1"
    return db.conn.execute(f"SELECT count(*) FROM {table} WHERE {clause}", list(where.values())).fetchone()[0]


def status(db, task_id: str) -> str:
    return stored.fetch(db.conn, "tasks", {"id": task_id})["status"]


def finished(rec, task_id: str) -> str:
    answer_all(rec.db, task_id)
    tasks.finish(rec.db, task_id)
    return task_id


def officer_signs(rec, task_id: str, inspector_id: str, name: str = "检查人员", png: bytes | None = None,
                  strokes: str | None = None) -> str:
    """The officer signs with their own signature (two people never give the same one)."""
    own_png, own_strokes = signature_of([rec.cast.lead, *rec.cast.officers, rec.cast.expert].index(inspector_id))
    return recording.add_signature(rec.db, rec.path, task_id, signer="inspector", name=name,
                                   inspector_id=inspector_id, strokes_json=strokes or own_strokes,
                                   png=png or own_png).id


def representative_refuses(rec, task_id: str) -> str:
    return recording.add_signature(rec.db, rec.path, task_id, signer="representative", name="王经理",
                                   role="质量负责人", refused=True, reason="对第 7 项结论有异议",
                                   witnesses=["李见证", " "]).id


def refused(call, *args, **kwargs) -> InputRefused:
    with pytest.raises(InputRefused) as info:
        call(*args, **kwargs)
    return info.value


# --- creating a task -------------------------------------------------------------------------------


def test_a_new_task_has_its_team_leader_and_all_18_items_unchecked(rec):
    before = audit_count(rec.db)
    task_id = tasks.create_task(rec.db, rec.cast.institution, [rec.cast.officers[0], rec.cast.lead, rec.cast.expert],
                                leader_key=rec.cast.lead)
    record = task_record(rec.db, task_id)
    assert record.status.value == "planned"
    assert record.institution.credit_code == rec.cast.institution
    assert [(m.inspector.id, m.role) for m in record.members] == [
        (rec.cast.officers[0], "member"), (rec.cast.lead, "leader"), (rec.cast.expert, "member")]
    assert [m.officer for m in record.members] == [True, True, False]
    assert sorted(record.findings) == list(range(1, 19))
    assert {f.verdict.value for f in record.findings.values()} == {"not_checked"}
    assert record.checklist.version == record.checklist.version == load_checklist().version
    # one audit entry per created row: the task, three members, eighteen findings
    created = audit_rows(rec.db)[before:]
    assert len(created) == 1 + 3 + 18
    assert {e["action"] for e in created} == {"create"}
    assert {e["task_id"] for e in created} == {task_id}


def test_the_leader_defaults_to_the_first_inspector_and_the_checklist_version_is_pinned(rec):
    task_id = tasks.create_task(rec.db, rec.cast.institution, [rec.cast.officers[1], rec.cast.lead],
                                checklist_version="2025")
    record = task_record(rec.db, task_id)
    assert [m.role for m in record.members] == ["leader", "member"]
    assert record.members[0].inspector.id == rec.cast.officers[1]
    assert count(rec.db, "tasks", id=task_id, checklist_version="2025") == 1
    with pytest.raises(NotFound):
        tasks.create_task(rec.db, rec.cast.institution, [rec.cast.lead, rec.cast.officers[0]],
                          checklist_version="1999")


def test_an_institution_may_be_named_by_record_id(rec):
    task_id = tasks.create_task(rec.db, rec.cast.institution_id, [rec.cast.lead, rec.cast.officers[0]])
    assert task_record(rec.db, task_id).institution.credit_code == rec.cast.institution


@pytest.mark.parametrize("case", ["unknown institution", "unknown inspector", "must avoid", "leader outside",
                                  "nobody"])
def test_creating_a_task_is_refused_and_writes_nothing(rec, case):
    c = rec.cast
    institution, people, leader = c.institution, [c.lead, c.officers[0]], None
    if case == "unknown institution":
        institution = "914403001922038216"  # a well-formed code that is not in the registry
    elif case == "unknown inspector":
        people = [c.lead, "no-such-inspector"]
    elif case == "must avoid":
        institution, people = c.avoided, [c.lead, c.avoider]
    elif case == "leader outside":
        leader = c.officers[1]
    else:
        people = []
    before = audit_count(rec.db)
    error = refused(tasks.create_task, rec.db, institution, people, leader)
    assert error.problems and error.message
    assert count(rec.db, "tasks") == 0 and count(rec.db, "findings") == 0 and count(rec.db, "task_members") == 0
    assert audit_count(rec.db) == before


def test_an_officer_who_must_avoid_may_inspect_other_institutions(rec):
    task_id = tasks.create_task(rec.db, rec.cast.institution, [rec.cast.lead, rec.cast.avoider])
    assert len(task_record(rec.db, task_id).members) == 2


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def _set_avoid(rec, inspector_id: str, avoid: list[str]) -> None:
    """The avoid list as an inspector import would store it (the import keeps each entry as typed)."""
    rec.db.conn.execute("UPDATE inspectors SET avoid = ? WHERE id = ?",
                        (json.dumps(avoid, ensure_ascii=False), inspector_id))
    rec.db.conn.commit()


def _assert_avoidance_refused(rec, institution_key: str, people: list[str], who: str) -> None:
    from app.store.registry import get_inspector

    person, institution = get_inspector(rec.db, who), get_institution(rec.db, rec.cast.avoided)
    before = audit_count(rec.db)
    error = refused(tasks.create_task, rec.db, institution_key, people)
    assert error.message == f"{person.name} 须回避 {institution.name}，不能参加此次检查。"
    assert [(p.expected, p.value) for p in error.problems] == [("不须回避该机构的检查人员", person.name)]
    assert count(rec.db, "tasks") == 0 and count(rec.db, "task_members") == 0 and audit_count(rec.db) == before


def test_an_officer_who_must_avoid_is_refused_when_named_by_certificate_number(rec):
    from app.store.registry import get_inspector

    cert = get_inspector(rec.db, rec.cast.avoider).cert_no
    assert cert
    _assert_avoidance_refused(rec, rec.cast.avoided, [rec.cast.lead, cert], rec.cast.avoider)
    _assert_avoidance_refused(rec, rec.cast.avoided, [rec.cast.lead, _full_width(cert)], rec.cast.avoider)


@pytest.mark.parametrize("typed", ["lower", "full width", "spaced"])
def test_the_institution_typed_in_another_form_still_refuses_its_avoider(rec, typed):
    code = rec.cast.avoided
    key = {"lower": code.lower(), "full width": _full_width(code), "spaced": f" {code[:9]} {code[9:]} "}[typed]
    _assert_avoidance_refused(rec, key, [rec.cast.lead, rec.cast.avoider], rec.cast.avoider)


def test_the_institution_named_by_record_id_still_refuses_its_avoider(rec):
    institution_id = get_institution(rec.db, rec.cast.avoided).id
    _assert_avoidance_refused(rec, institution_id, [rec.cast.lead, rec.cast.avoider], rec.cast.avoider)


def test_an_avoid_list_naming_the_institution_by_its_name_refuses(rec):
    """The avoid list (回避机构) may hold the institution's name instead of its credit code."""
    officer = rec.cast.officers[1]
    _set_avoid(rec, officer, [get_institution(rec.db, rec.cast.avoided).name])
    _assert_avoidance_refused(rec, rec.cast.avoided, [rec.cast.lead, officer], officer)


def test_an_avoid_list_naming_another_institution_does_not_refuse(rec):
    officer = rec.cast.officers[1]
    _set_avoid(rec, officer, [rec.cast.avoided, get_institution(rec.db, rec.cast.avoided).name])
    task_id = tasks.create_task(rec.db, rec.cast.institution, [rec.cast.lead, officer])
    assert [m.inspector.id for m in task_record(rec.db, task_id).members] == [rec.cast.lead, officer]


@pytest.mark.parametrize("written", ["lower", "full width"])
def test_an_avoid_list_with_the_code_written_in_another_form_refuses(rec, written):
    officer = rec.cast.officers[1]
    code = rec.cast.avoided
    _set_avoid(rec, officer, [code.lower() if written == "lower" else _full_width(code)])
    _assert_avoidance_refused(rec, rec.cast.avoided, [rec.cast.lead, officer], officer)


def test_the_same_officer_named_twice_is_one_team_member(rec):
    from app.store.registry import get_inspector

    cert = get_inspector(rec.db, rec.cast.lead).cert_no
    task_id = tasks.create_task(rec.db, rec.cast.institution, [rec.cast.lead, cert, rec.cast.officers[0]])
    assert [m.inspector.id for m in task_record(rec.db, task_id).members] == [rec.cast.lead, rec.cast.officers[0]]


def test_edits_are_refused_without_a_profile_inspector(rec, task):
    from app.store import profile

    profile.set_value(rec.db, "inspector_id", None)
    before = audit_count(rec.db)
    error = refused(recording.set_verdict, rec.db, task, 1, "no_problem")
    assert "profile set" in error.message
    assert audit_count(rec.db) == before
    assert stored.fetch(rec.db.conn, "findings", {"task_id": task, "item": 1})["verdict"] == "not_checked"


# --- the visit: session fields and status --------------------------------------------------------


def test_status_moves_planned_notified_on_site_and_never_back(rec, task):
    assert status(rec.db, task) == "planned"
    changed = tasks.set_visit(rec.db, task, planned_date=T0.date(), place="实验室一楼")
    assert set(changed.fields) == {"planned_date", "place"} and status(rec.db, task) == "planned"
    tasks.set_visit(rec.db, task, notified_at=T0)
    assert status(rec.db, task) == "notified"
    tasks.set_visit(rec.db, task, started_at=T0 + timedelta(hours=20), credentials_shown=True,
                      recusal_answer="不申请回避", party_statement="以上记录已阅，与事实相符")
    assert status(rec.db, task) == "on_site"
    # later session edits (even the notice time again) do not move it back
    tasks.set_visit(rec.db, task, notified_at=T0 + timedelta(hours=1), ended_at=T0 + timedelta(hours=23))
    tasks.set_visit(rec.db, task, notes="补充说明")
    assert status(rec.db, task) == "on_site"
    session = task_record(rec.db, task).to_json()["session"]
    assert session == {
        "planned_date": "2025-10-09", "notified_at": "2025-10-09T10:00", "started_at": "2025-10-10T05:00",
        "ended_at": "2025-10-10T08:00", "place": "实验室一楼", "credentials_shown": 1,
        "recusal_answer": "不申请回避", "party_statement": "以上记录已阅，与事实相符", "notes": "补充说明",
        "signed_at": None}


def test_a_start_without_a_notice_goes_straight_to_on_site(rec, task):
    tasks.set_visit(rec.db, task, started_at=T0)
    assert status(rec.db, task) == "on_site"
    tasks.set_visit(rec.db, task, notified_at=T0 - timedelta(hours=3))
    assert status(rec.db, task) == "on_site"


def test_unknown_session_fields_are_a_programming_error(rec, task):
    with pytest.raises(ValueError):
        tasks.set_visit(rec.db, task, status="signed")
    assert status(rec.db, task) == "planned"


@pytest.mark.parametrize("gap,warned", [
    (timedelta(hours=25), True),
    (timedelta(hours=24, minutes=1), True),
    (timedelta(hours=24), False),  # "within the 24 h before": 24 h is still in time
    (timedelta(hours=2), False),
    (timedelta(minutes=1), False),
    (timedelta(0), True),
    (-timedelta(hours=1), True),  # started before the notice
])
def test_the_24_hour_notice_warning(rec, task, gap, warned):
    tasks.set_visit(rec.db, task, notified_at=T0, started_at=T0 + gap)
    warnings = task_record(rec.db, task).warnings
    notice = [w for w in warnings if "告知" in w]
    assert bool(notice) is warned, warnings
    assert len(warnings) == len(notice)  # two officers in the team: no other warning


def test_no_notice_warning_until_both_times_are_known(rec, task):
    tasks.set_visit(rec.db, task, notified_at=T0)
    assert task_record(rec.db, task).warnings == []
    tasks.set_visit(rec.db, task, started_at=T0 + timedelta(hours=30))
    assert len(task_record(rec.db, task).warnings) == 1


def test_a_team_with_fewer_than_two_officers_is_refused(rec):
    """Such a record could never be signed: at least two enforcement officers must sign (an expert does not count)."""
    before = count(rec.db, "tasks")
    error = refused(tasks.create_task, rec.db, rec.cast.institution, [rec.cast.lead, rec.cast.expert])
    assert "至少需要 2 名本机关（市场监管部门）持执法证的执法人员" in error.message
    assert count(rec.db, "tasks") == before


def test_a_police_officer_is_a_joint_member_not_one_of_the_two_officers(rec):
    """One market officer and one police officer are not the two officers a market-supervision record needs."""
    before = count(rec.db, "tasks")
    error = refused(tasks.create_task, rec.db, rec.cast.institution, [rec.cast.lead, rec.cast.police])
    assert "公安、生态环境等联合检查单位的人员和技术专家不计在内" in error.message
    assert count(rec.db, "tasks") == before
    joint = tasks.create_task(rec.db, rec.cast.institution, [rec.cast.lead, rec.cast.officers[0], rec.cast.police])
    assert [m.organ_officer for m in task_record(rec.db, joint).members] == [True, True, False]


def test_an_inspector_marked_inactive_cannot_be_put_on_a_team(rec):
    rec.db.conn.execute("UPDATE inspectors SET active = 0 WHERE id = ?", [rec.cast.officers[1]])
    before = count(rec.db, "tasks")
    error = refused(tasks.create_task, rec.db, rec.cast.institution,
                    [rec.cast.lead, rec.cast.officers[0], rec.cast.officers[1]])
    assert "已停用，不能参加检查" in error.message
    assert count(rec.db, "tasks") == before


def test_a_notice_time_with_an_offset_and_a_start_without_one_still_shows(rec, task):
    tasks.set_visit(rec.db, task, notified_at=datetime(2025, 10, 9, 9, 0, tzinfo=timezone(timedelta(hours=8))),
                      started_at=datetime(2025, 10, 10, 8, 0))
    record = task_record(rec.db, task)
    assert record.status.value == "on_site"


# --- verdicts ----------------------------------------------------------------------------------------


def test_a_verdict_and_its_description_are_stored(rec, task):
    changed = recording.set_verdict(rec.db, task, 7, "problem", "  原始记录缺少复核签名  ")
    assert changed.fields == {"verdict": ("not_checked", "problem"), "description": ("", "原始记录缺少复核签名")}
    record = task_record(rec.db, task)
    assert record.findings[7].verdict == "problem"
    assert record.findings[7].description == "原始记录缺少复核签名"
    # the description stays when only the verdict is given again; the same values change nothing
    assert not recording.set_verdict(rec.db, task, 7, "problem")
    assert task_record(rec.db, task).findings[7].description == "原始记录缺少复核签名"
    assert recording.set_verdict(rec.db, task, 8, "na").fields == {"verdict": ("not_checked", "na")}


@pytest.mark.parametrize("item", [0, 19, -1, 100])
def test_an_item_outside_the_checklist_is_refused(rec, task, item):
    before = audit_count(rec.db)
    error = refused(recording.set_verdict, rec.db, task, item, "no_problem")
    assert error.problems[0].column == "item" and error.problems[0].value == item
    assert audit_count(rec.db) == before


def test_verdicts_of_an_unknown_task_are_not_found(rec):
    with pytest.raises(NotFound):
        recording.set_verdict(rec.db, "no-such-task", 1, "no_problem")


def _edits(rec, task_id, sample_id, exam_id, photo):
    return {
        "verdict": lambda: recording.set_verdict(rec.db, task_id, 1, "problem", "x"),
        "session": lambda: tasks.set_visit(rec.db, task_id, notes="later"),
        "new sample": lambda: recording.save_blind_sample(rec.db, task_id, {"code": "B9", "statistic": "z"},
                                                          strict=False),
        "sample": lambda: recording.save_blind_sample(rec.db, task_id, {"result": "10.1"}, sample_id),
        "remove sample": lambda: recording.remove_blind_sample(rec.db, sample_id),
        "exam": lambda: recording.save_exam(rec.db, task_id, {"score": "1"}, exam_id),
        "new exam": lambda: recording.save_exam(rec.db, task_id, {"signatory": "某", "form": "oral"}),
        "correction": lambda: recording.correct_institution(rec.db, task_id, "address", "新地址 1 号"),
        "photo": lambda: recording.add_photo(rec.db, rec.path, task_id, photo),
        "finish": lambda: tasks.finish(rec.db, task_id),
    }


@pytest.mark.parametrize("stage", ["recorded", "signed"])
def test_nothing_changes_once_finished_or_signed(rec, task, stage):
    sample_id = recording.save_blind_sample(rec.db, task, {"code": "B1", "parameter": "铅", "unit": "mg/kg",
                                                              "statistic": "z", "assigned": "10", "sigma_pt": "0.5",
                                                              "result": "10.2"}).id
    exam_id = recording.save_exam(rec.db, task, {"signatory": "赵工", "field": "水质", "form": "written",
                                                 "score": "85", "pass_mark": "60"}).id
    photo = jpeg_file(rec.tmp / "p.jpg")
    finished(rec, task)
    if stage == "signed":
        officer_signs(rec, task, rec.cast.lead)
        officer_signs(rec, task, rec.cast.officers[0])
        representative_refuses(rec, task)
        tasks.sign(rec.db, task)
    assert status(rec.db, task) == stage
    before = audit_count(rec.db)
    snapshot = [rec.db.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("tasks", "findings", "blind_samples", "signatory_exams", "institution_corrections",
                          "photos")]
    for name, edit in _edits(rec, task, sample_id, exam_id, photo).items():
        with pytest.raises(InputRefused):
            edit()
    assert audit_count(rec.db) == before
    assert snapshot == [rec.db.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                        for t in ("tasks", "findings", "blind_samples", "signatory_exams", "institution_corrections",
                                  "photos")]


# --- completeness: finishing ---------------------------------------------------------------------


def test_a_fresh_task_cannot_be_finished_and_every_missing_part_is_listed(rec, task):
    error = refused(tasks.finish, rec.db, task)
    listed = [p.expected for p in error.problems]
    assert listed[:6] == ["没有填写现场检查开始时间", "没有填写现场检查结束时间", "没有填写检查地点",
                          "没有记录已告知检查依据、范围和被检查单位配合检查、如实提供材料的义务", "没有记录被检查单位对回避告知的答复",
                          "出示执法证件的执法人员少于 2 名（现有 0 名）：请在现场情况中逐人记录"]
    assert len(listed) == 6 + 18
    for number, problem in enumerate(listed[6:], start=1):
        assert f"第 {number} 项尚未检查" in problem
    assert status(rec.db, task) == "planned"


def test_the_visit_must_be_recorded_before_finishing(rec, task):
    for item in range(1, 19):
        recording.set_verdict(rec.db, task, item, "no_problem")
    tasks.set_visit(rec.db, task, started_at="2025-10-10T09:00", place="实验室")
    listed = [p.expected for p in refused(tasks.finish, rec.db, task).problems]
    assert listed == ["没有填写现场检查结束时间", "没有记录已告知检查依据、范围和被检查单位配合检查、如实提供材料的义务",
                      "没有记录被检查单位对回避告知的答复", "出示执法证件的执法人员少于 2 名（现有 0 名）：请在现场情况中逐人记录"]
    lawful_visit(rec.db, task)
    tasks.finish(rec.db, task)
    assert status(rec.db, task) == "recorded"


def test_finish_lists_an_unchecked_item_an_undescribed_problem_and_an_unjudged_sample(rec, task):
    lawful_visit(rec.db, task)
    for item in range(1, 19):
        if item != 5:
            recording.set_verdict(rec.db, task, item, "no_problem")
    recording.set_verdict(rec.db, task, 7, "problem", "   ")
    recording.save_blind_sample(rec.db, task, {"code": "K1", "statistic": "z", "assigned": "10"}, strict=False)
    error = refused(tasks.finish, rec.db, task)
    listed = [p.expected for p in error.problems]
    assert len(listed) == 3, listed
    assert "第 5 项尚未检查" in listed[0]
    assert "第 7 项发现问题，但没有填写问题描述" in listed[1]
    assert "盲样 K1 没有判定结果" in listed[2]
    assert status(rec.db, task) == "on_site"
    missing = task_record(rec.db, task).missing
    assert missing == listed


def test_a_complete_record_finishes_to_recorded(rec, task):
    answer_all(rec.db, task)
    recording.set_verdict(rec.db, task, 7, "problem", "报告缺少授权签字人签名")
    recording.set_verdict(rec.db, task, 4, "na")
    recording.save_blind_sample(rec.db, task, {"code": "K1", "statistic": "z", "assigned": "10", "sigma_pt": "0.5",
                                               "result": "8.4"})  # unsatisfactory, but judged
    tasks.finish(rec.db, task)
    record = task_record(rec.db, task)
    assert record.status.value == "recorded"
    # what stops signing now: only the signatures
    assert len(record.missing) == 2
    assert "至少需要 2 名执法人员签名，现有 0 名" in record.missing[0]
    assert "被检查单位代表尚未签名" in record.missing[1]


def test_a_removed_unjudged_sample_no_longer_stops_finishing(rec, task):
    answer_all(rec.db, task)
    sample_id = recording.save_blind_sample(rec.db, task, {"code": "K1", "statistic": "z"}, strict=False).id
    refused(tasks.finish, rec.db, task)
    recording.remove_blind_sample(rec.db, sample_id)
    tasks.finish(rec.db, task)
    assert status(rec.db, task) == "recorded"


# --- completeness: signing -------------------------------------------------------------------------


def test_signing_needs_two_officers_and_an_expert_does_not_count(rec):
    task_id = finished(rec, new_task(rec.db, rec.cast, extra=[rec.cast.expert]))
    error = refused(tasks.sign, rec.db, task_id)
    assert [p.expected for p in error.problems] == ["至少需要 2 名执法人员签名，现有 0 名",
                                                    "被检查单位代表尚未签名，也未记录拒绝签名"]
    officer_signs(rec, task_id, rec.cast.lead)
    officer_signs(rec, task_id, rec.cast.expert, "专家")
    representative_refuses(rec, task_id)
    error = refused(tasks.sign, rec.db, task_id)
    assert [p.expected for p in error.problems] == ["至少需要 2 名执法人员签名，现有 1 名"]
    assert status(rec.db, task_id) == "recorded"
    officer_signs(rec, task_id, rec.cast.officers[0])
    tasks.sign(rec.db, task_id)
    assert status(rec.db, task_id) == "signed"


def test_signing_needs_the_representative_to_sign_or_refuse(rec, task):
    finished(rec, task)
    officer_signs(rec, task, rec.cast.lead)
    officer_signs(rec, task, rec.cast.officers[0])
    error = refused(tasks.sign, rec.db, task)
    assert [p.expected for p in error.problems] == ["被检查单位代表尚未签名，也未记录拒绝签名"]
    recording.add_signature(rec.db, rec.path, task, signer="representative", name="王经理", role="技术负责人",
                            png=png_bytes(), strokes_json=STROKES_JSON)
    tasks.sign(rec.db, task)
    assert status(rec.db, task) == "signed"


def test_a_recorded_refusal_with_reason_and_witness_counts_and_signing_completes(rec, task):
    finished(rec, task)
    officer_signs(rec, task, rec.cast.lead)
    officer_signs(rec, task, rec.cast.officers[0])
    refusal_id = representative_refuses(rec, task)
    before = audit_count(rec.db)
    tasks.sign(rec.db, task)
    record = task_record(rec.db, task)
    assert record.status.value == "signed"
    assert record.visit.signed_at
    assert record.missing == []
    refusal = next(s for s in record.to_json()["signatures"] if s["id"] == refusal_id)
    assert refusal["refused"] == 1 and refusal["refusal_reason"] == "对第 7 项结论有异议"
    assert refusal["witnesses"] == ["李见证"] and refusal["png_sha256"] is None
    signed = audit_rows(rec.db)[before:]
    assert {(e["action"], e["field"]) for e in signed} == {("sign", "status"), ("sign", "signed_at")}


def test_a_signature_stores_its_picture_and_strokes(rec, task):
    finished(rec, task)
    png = png_bytes()
    signature_id = officer_signs(rec, task, rec.cast.lead, "林艳志", png, STROKES_JSON)
    row = stored.fetch(rec.db.conn, "signatures", {"id": signature_id})
    assert row["png_sha256"] == hashlib.sha256(png).hexdigest()
    assert json.loads(row["strokes"]) == json.loads(STROKES_JSON)
    assert AttachmentStore.for_database(rec.path).path_of(row["png_sha256"]).read_bytes() == png
    assert count(rec.db, "attachments", sha256=row["png_sha256"], media_type="image/png") == 1


@pytest.mark.parametrize("stage", ["planned", "on_site", "signed"])
def test_signatures_are_only_taken_while_the_record_is_recorded(rec, task, stage):
    if stage == "on_site":
        tasks.set_visit(rec.db, task, started_at=T0)
    elif stage == "signed":
        finished(rec, task)
        officer_signs(rec, task, rec.cast.lead)
        officer_signs(rec, task, rec.cast.officers[0])
        representative_refuses(rec, task)
        tasks.sign(rec.db, task)
    before = count(rec.db, "signatures")
    refused(officer_signs, rec, task, rec.cast.lead)
    refused(representative_refuses, rec, task)
    assert count(rec.db, "signatures") == before


@pytest.mark.parametrize("case", ["not a member", "officer refuses", "no reason", "empty picture", "no name"])
def test_invalid_signatures_are_refused(rec, task, case):
    finished(rec, task)
    kwargs = {"signer": "inspector", "name": "某人", "inspector_id": rec.cast.lead, "png": png_bytes()}
    if case == "not a member":
        kwargs["inspector_id"] = rec.cast.officers[1]
    elif case == "officer refuses":
        kwargs.update(refused=True, reason="不愿意", png=None)
    elif case == "no reason":
        kwargs = {"signer": "representative", "name": "王经理", "refused": True, "reason": "  "}
    elif case == "empty picture":
        kwargs["png"] = b""
    else:
        kwargs["name"] = "  "
    refused(recording.add_signature, rec.db, rec.path, task, **kwargs)
    assert count(rec.db, "signatures") == 0


def test_signing_again_replaces_the_earlier_signature(rec, task):
    finished(rec, task)
    first = officer_signs(rec, task, rec.cast.lead)
    representative_refuses(rec, task)
    before = last_audit_id(rec.db)
    second = officer_signs(rec, task, rec.cast.lead)
    rows = {r["id"]: r for r in stored.rows(rec.db.conn, "signatures", task, order="signed_at")}
    assert rows[first]["void"] == 1 and rows[second]["void"] == 0
    assert [s.id for s in task_record(rec.db, task).signatures if s.signer == "inspector"] == [second]
    new = [e for e in audit_rows(rec.db) if e["id"] > before]
    assert [(e["action"], e["entity_id"], e["field"]) for e in new] == [
        ("replace", first, "void"), ("create", second, None)]
    # the representative's refusal was not touched, and one officer still is one officer
    assert sum(1 for s in task_record(rec.db, task).signatures if s.signer == "representative") == 1
    error = refused(tasks.sign, rec.db, task)
    assert [p.expected for p in error.problems] == ["至少需要 2 名执法人员签名，现有 1 名"]


# --- reopening --------------------------------------------------------------------------------------


def _signed(rec, task_id):
    finished(rec, task_id)
    officer_signs(rec, task_id, rec.cast.lead)
    officer_signs(rec, task_id, rec.cast.officers[0])
    representative_refuses(rec, task_id)
    tasks.sign(rec.db, task_id)
    return task_id


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_needs_a_reason(rec, task, reason):
    _signed(rec, task)
    before = audit_count(rec.db)
    refused(tasks.reopen, rec.db, task, reason)
    assert status(rec.db, task) == "signed" and audit_count(rec.db) == before


def test_only_a_finished_or_signed_record_is_reopened(rec, task):
    refused(tasks.reopen, rec.db, task, "没有必要")
    assert status(rec.db, task) == "planned"


def test_reopening_voids_every_signature_and_is_logged(rec, task):
    _signed(rec, task)
    before = last_audit_id(rec.db)
    tasks.reopen(rec.db, task, "  被检查单位补充提供了第 7 项的证明材料 ")
    record = task_record(rec.db, task)
    assert record.status.value == "on_site"
    assert record.visit.signed_at is None
    assert record.signatures == []
    assert {r["void"] for r in stored.rows(rec.db.conn, "signatures", task, order="signed_at")} == {1}
    assert count(rec.db, "signatures", task_id=task) == 3  # void, not deleted
    new = [e for e in audit_rows(rec.db) if e["id"] > before]
    assert {e["action"] for e in new} == {"reopen"}
    reason = [e for e in new if e["field"] == "reason"]
    assert len(reason) == 1 and reason[0]["new_value"] == "被检查单位补充提供了第 7 项的证明材料"
    assert reason[0]["entity"] == "task" and reason[0]["entity_id"] == task
    assert sum(1 for e in new if e["entity"] == "signature" and e["field"] == "void") == 3
    # the record may change again, and signing it again needs fresh signatures
    recording.set_verdict(rec.db, task, 7, "problem", "复核后仍有问题")
    tasks.finish(rec.db, task)
    error = refused(tasks.sign, rec.db, task)
    assert len(error.problems) == 2


def test_a_recorded_but_unsigned_record_can_be_reopened(rec, task):
    finished(rec, task)
    officer_signs(rec, task, rec.cast.lead)
    tasks.reopen(rec.db, task, "漏记一项")
    assert status(rec.db, task) == "on_site"
    assert task_record(rec.db, task).signatures == []


# --- corrections of the institution's details ----------------------------------------------------


def test_a_correction_keeps_the_original_and_the_record_shows_the_current_value(rec, task):
    registry_address = get_institution(rec.db, rec.cast.institution).address
    before = audit_count(rec.db)
    changed = recording.correct_institution(rec.db, task, "address", "  山西省大同市平城区新建南路 8 号  ")
    assert changed.fields == {"address": (registry_address, "山西省大同市平城区新建南路 8 号")}
    record = task_record(rec.db, task)
    assert record.institution.address == "山西省大同市平城区新建南路 8 号"
    assert record.to_json()["institution"]["corrections"] == {
        "address": {"original": registry_address, "value": "山西省大同市平城区新建南路 8 号"}}
    assert get_institution(rec.db, rec.cast.institution).address == registry_address  # the registry keeps its own
    assert audit_count(rec.db) == before + 1


def test_a_second_correction_of_the_same_field_keeps_the_first_original(rec, task):
    registry_address = get_institution(rec.db, rec.cast.institution).address
    recording.correct_institution(rec.db, task, "address", "第一次更正的地址")
    changed = recording.correct_institution(rec.db, task, "address", "第二次更正的地址")
    assert changed.fields == {"address": ("第一次更正的地址", "第二次更正的地址")}
    record = task_record(rec.db, task)
    assert record.institution.address == "第二次更正的地址"
    assert record.corrections["address"].original == registry_address
    assert count(rec.db, "institution_corrections", task_id=task) == 1


def test_a_correction_to_the_same_value_writes_nothing(rec, task):
    registry = get_institution(rec.db, rec.cast.institution)
    before = audit_count(rec.db)
    assert not recording.correct_institution(rec.db, task, "legal_rep", registry.legal_rep)
    assert audit_count(rec.db) == before and count(rec.db, "institution_corrections") == 0


def test_signatories_and_dates_are_corrected_as_their_kind(rec, task):
    recording.correct_institution(rec.db, task, "signatories", ["张三", "李四"])
    recording.correct_institution(rec.db, task, "cma_expires_on", datetime(2030, 1, 31).date())
    institution = task_record(rec.db, task).institution
    assert institution.signatories == ["张三", "李四"]
    assert institution.cma_expires_on.isoformat() == "2030-01-31"


def test_only_the_self_check_table_fields_are_corrected(rec, task):
    refused(recording.correct_institution, rec.db, task, "risk_class", "D")
    assert count(rec.db, "institution_corrections") == 0


@pytest.mark.parametrize("value", ["2030年1月", "2030-02-30", "31/01/2030"])
def test_a_date_correction_that_is_not_a_date_is_refused(rec, task, value):
    expires = task_record(rec.db, task).institution.cma_expires_on
    before = audit_count(rec.db)
    error = refused(recording.correct_institution, rec.db, task, "cma_expires_on", value)
    assert error.message == f"日期“{value}”不是 YYYY-MM-DD 格式的真实日期。"
    assert [(p.column, p.value) for p in error.problems] == [("cma_expires_on", value)]
    assert count(rec.db, "institution_corrections") == 0 and audit_count(rec.db) == before
    assert task_record(rec.db, task).institution.cma_expires_on == expires


# --- blind samples -----------------------------------------------------------------------------------

SAMPLE = {"code": "BS-01", "matrix": "土壤", "parameter": "铅", "method": "GB/T 17141-1997", "unit": "mg/kg"}
# docs/rules.md (blind-sample scores) worked examples: (statistic, inputs, rounded score, judgement)
EXAMPLES = [
    ("z", {"assigned": "10.0", "sigma_pt": "0.50", "result": "10.6"}, "1.20", "satisfactory"),
    ("z", {"assigned": "10.0", "sigma_pt": "0.50", "result": "11.2"}, "2.40", "questionable"),
    ("z", {"assigned": "10.0", "sigma_pt": "0.50", "result": "8.4"}, "-3.20", "unsatisfactory"),
    ("z", {"assigned": "50.0", "sigma_pt": "2.5", "uncertainty_assigned": "0.9", "result": "55.2"}, "2.08",
     "questionable"),
    ("z_prime", {"assigned": "50.0", "sigma_pt": "2.5", "uncertainty_assigned": "0.9", "result": "55.2"}, "1.96",
     "satisfactory"),
    ("En", {"assigned": "100.0", "expanded_assigned": "1.0", "result": "102.5", "expanded_result": "2.0"}, "1.12",
     "unsatisfactory"),
    ("En", {"assigned": "100.0", "expanded_assigned": "1.0", "result": "101.8", "expanded_result": "2.0"}, "0.80",
     "satisfactory"),
    ("zeta", {"assigned": "100.0", "uncertainty_assigned": "0.5", "result": "102.5", "uncertainty_result": "1.0"},
     "2.24", "questionable"),
]


@pytest.mark.parametrize("statistic,numbers,rounded,judgement", EXAMPLES)
def test_a_quantitative_sample_stores_score_judgement_and_details(rec, task, statistic, numbers, rounded, judgement):
    sample_id = recording.save_blind_sample(rec.db, task, {**SAMPLE, "statistic": statistic, **numbers}).id
    row = stored.fetch(rec.db.conn, "blind_samples", {"id": sample_id})
    expected = scoring.score(scoring.QuantitativeSample(statistic, **{
        recording.SAMPLE_NUMBERS[k]: v for k, v in numbers.items()}))
    assert row["score"] == format(expected.score, "f")
    assert row["judgement"] == expected.judgement.value == judgement
    details = json.loads(row["details"])
    assert details == expected.to_json()
    assert details["rounded"] == rounded
    for name, value in numbers.items():
        assert row[name] == value  # numbers kept as their exact decimal text
    shown = next(s for s in task_record(rec.db, task).to_json()["blind_samples"] if s["id"] == sample_id)
    assert shown["code"] == "BS-01" and shown["judgement"] == judgement and shown["details"]["rounded"] == rounded


@pytest.mark.parametrize("expected,result,judgement,error_type", [
    ("检出", "阳性", "satisfactory", None),
    ("未检出", "检出", "unsatisfactory", "false_positive"),
    ("检出", "未检出", "unsatisfactory", "false_negative"),
    ("合格", " 合 格 ", "satisfactory", None),
    ("大肠杆菌", "沙门氏菌", "unsatisfactory", "mismatch"),
])
def test_a_qualitative_sample_is_judged_by_agreement(rec, task, expected, result, judgement, error_type):
    sample_id = recording.save_blind_sample(rec.db, task, {**SAMPLE, "statistic": "qualitative",
                                                              "expected_text": expected, "result_text": result}).id
    row = stored.fetch(rec.db.conn, "blind_samples", {"id": sample_id})
    assert row["score"] is None
    assert row["judgement"] == judgement
    details = json.loads(row["details"])
    assert details == scoring.judge_qualitative(scoring.QualitativeSample(expected.strip(), result.strip())).to_json()
    assert details["error_type"] == error_type


def test_a_sample_that_cannot_be_scored_is_refused_when_strict(rec, task):
    before = audit_count(rec.db)
    error = refused(recording.save_blind_sample, rec.db, task, {**SAMPLE, "statistic": "z", "assigned": "10",
                                                                "result": "10.3"})
    assert error.problems[0].column == "sigma_pt"
    refused(recording.save_blind_sample, rec.db, task, {**SAMPLE, "statistic": "z", "assigned": "zehn",
                                                        "sigma_pt": "0.5", "result": "10.3"})
    assert count(rec.db, "blind_samples") == 0 and audit_count(rec.db) == before


def test_a_half_filled_sample_is_kept_without_a_judgement_until_complete(rec, task):
    sample_id = recording.save_blind_sample(rec.db, task, {"code": "BS-02", "statistic": "z", "assigned": "10"},
                                               strict=False).id
    row = stored.fetch(rec.db.conn, "blind_samples", {"id": sample_id})
    assert (row["code"], row["assigned"], row["score"], row["judgement"], row["details"]) == (
        "BS-02", "10", None, None, "{}")
    recording.save_blind_sample(rec.db, task, {"sigma_pt": "0.5"}, sample_id, strict=False)
    assert stored.fetch(rec.db.conn, "blind_samples", {"id": sample_id})["judgement"] is None
    recording.save_blind_sample(rec.db, task, {"result": "11.2"}, sample_id, strict=False)
    row = stored.fetch(rec.db.conn, "blind_samples", {"id": sample_id})
    assert (row["score"], row["judgement"]) == ("2.4", "questionable")
    # a changed result is scored again
    recording.save_blind_sample(rec.db, task, {"result": "10.6"}, sample_id)
    row = stored.fetch(rec.db.conn, "blind_samples", {"id": sample_id})
    assert (row["score"], row["judgement"]) == ("1.2", "satisfactory")
    assert count(rec.db, "blind_samples") == 1


def test_changing_an_unknown_sample_is_not_found(rec, task):
    with pytest.raises(NotFound):
        recording.save_blind_sample(rec.db, task, {"result": "1"}, "no-such-sample")


def test_a_removed_sample_leaves_the_record_but_stays_in_the_database(rec, task):
    keep = recording.save_blind_sample(rec.db, task, {**SAMPLE, "code": "A", "statistic": "qualitative",
                                                         "expected_text": "检出", "result_text": "检出"}).id
    gone = recording.save_blind_sample(rec.db, task, {**SAMPLE, "code": "B", "statistic": "qualitative",
                                                         "expected_text": "检出", "result_text": "检出"}).id
    before = last_audit_id(rec.db)
    recording.remove_blind_sample(rec.db, gone)
    assert [s.id for s in task_record(rec.db, task).blind_samples] == [keep]
    row = stored.fetch(rec.db.conn, "blind_samples", {"id": gone})
    assert row is not None and row["deleted"] == 1 and row["code"] == "B"
    new = [e for e in audit_rows(rec.db) if e["id"] > before]
    assert [(e["action"], e["entity_id"], e["field"], e["old_value"], e["new_value"]) for e in new] == [
        ("delete", gone, "deleted", "0", "1")]
    # positions keep counting: a new sample comes after the removed one
    third = recording.save_blind_sample(rec.db, task, {"code": "C"}, strict=False).id
    assert stored.fetch(rec.db.conn, "blind_samples", {"id": third})["position"] == 3


# --- signatory exams ---------------------------------------------------------------------------------


@pytest.mark.parametrize("score,pass_mark,result", [("85", "60", "pass"), ("60", "60", "pass"),
                                                    ("59.5", "60", "fail"), ("0", "60", "fail")])
def test_an_exam_passes_or_fails_by_its_score_and_pass_mark(rec, task, score, pass_mark, result):
    exam_id = recording.save_exam(rec.db, task, {"signatory": "赵工", "field": "水质检测", "form": "written",
                                                 "score": score, "pass_mark": pass_mark, "notes": ""}).id
    row = stored.fetch(rec.db.conn, "signatory_exams", {"id": exam_id})
    assert (row["score"], row["pass_mark"], row["result"]) == (score, pass_mark, result)
    assert task_record(rec.db, task).to_json()["exams"][0]["result"] == result


def test_an_exam_result_follows_a_changed_score(rec, task):
    exam_id = recording.save_exam(rec.db, task, {"signatory": "赵工", "field": "水质", "form": "oral",
                                                 "score": "70", "pass_mark": "60"}).id
    recording.save_exam(rec.db, task, {"score": "50"}, exam_id)
    assert stored.fetch(rec.db.conn, "signatory_exams", {"id": exam_id})["result"] == "fail"
    recording.save_exam(rec.db, task, {"pass_mark": "45"}, exam_id)
    assert stored.fetch(rec.db.conn, "signatory_exams", {"id": exam_id})["result"] == "pass"


def test_an_exam_without_both_numbers_has_no_result_yet(rec, task):
    exam_id = recording.save_exam(rec.db, task, {"signatory": "赵工", "form": "practical", "score": "70"}).id
    assert stored.fetch(rec.db.conn, "signatory_exams", {"id": exam_id})["result"] is None


@pytest.mark.parametrize("values", [{"form": "essay"}, {"score": "七十"}, {"pass_mark": "abc"}])
def test_invalid_exam_input_is_refused(rec, task, values):
    refused(recording.save_exam, rec.db, task, {"signatory": "赵工", "form": "written", "score": "70",
                                                 "pass_mark": "60", **values})
    assert count(rec.db, "signatory_exams") == 0


def test_an_exam_whose_score_is_cleared_has_no_result(rec, task):
    exam_id = recording.save_exam(rec.db, task, {"signatory": "赵工", "form": "written", "score": "80",
                                                 "pass_mark": "60"}).id
    recording.save_exam(rec.db, task, {"score": ""}, exam_id)
    assert stored.fetch(rec.db.conn, "signatory_exams", {"id": exam_id})["result"] is None


def test_changing_an_unknown_exam_is_not_found(rec, task):
    with pytest.raises(NotFound):
        recording.save_exam(rec.db, task, {"score": "1"}, "no-such-exam")


# --- photos ---------------------------------------------------------------------------------------------


def test_the_same_photo_twice_is_one_file_but_two_photos_with_a_reduced_copy(rec, task):
    source = jpeg_file(rec.tmp / "现场照片.jpg", size=(2400, 1200))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    first = recording.add_photo(rec.db, rec.path, task, source, item=7, caption="原始记录").id
    second = recording.add_photo(rec.db, rec.path, task, source).id
    assert first != second
    photos = task_record(rec.db, task).photos
    assert [p.id for p in photos] == [first, second]
    assert {p.sha256 for p in photos} == {digest}
    assert [p.item for p in photos] == [7, None]
    assert [p.caption for p in photos] == ["原始记录", "现场照片.jpg"]
    assert [p.position for p in photos] == [1, 2]
    store = AttachmentStore.for_database(rec.path)
    files = sorted(p for p in store.folder.rglob("*") if p.is_file())
    reduced = photos[0].reduced_sha256
    assert reduced == photos[1].reduced_sha256 != digest
    assert files == sorted([store.path_of(digest), store.path_of(reduced)])
    assert store.verify(digest) and store.verify(reduced)
    with Image.open(store.path_of(reduced)) as im:
        assert im.format == "JPEG" and max(im.size) == 1600
    assert count(rec.db, "attachments") == 2
    assert count(rec.db, "attachments", sha256=digest, media_type="image/jpeg") == 1


def test_a_file_that_is_no_image_is_refused(rec, task):
    bogus = rec.tmp / "x.jpg"
    bogus.write_bytes(b"not an image at all")
    refused(recording.add_photo, rec.db, rec.path, task, bogus)
    assert count(rec.db, "photos") == 0


# --- the audit trail of every edit -------------------------------------------------------------------


def test_every_edit_is_audited_by_the_profile_inspector_with_an_increasing_clock(rec):
    from app.store import profile

    photo = jpeg_file(rec.tmp / "p.jpg")
    device = profile.get(rec.db, "device_id")
    task_ref = {}

    def create():
        task_ref["id"] = new_task(rec.db, rec.cast)

    steps = [
        (create, 21),  # task + 2 members + 18 findings
        (lambda: tasks.set_visit(rec.db, task_ref["id"], notified_at=T0), 2),  # notified_at, status
        (lambda: tasks.set_visit(rec.db, task_ref["id"], started_at=T0 + timedelta(hours=3), place="一楼"), 3),
        (lambda: recording.set_verdict(rec.db, task_ref["id"], 7, "problem", "缺少复核"), 2),
        (lambda: recording.set_verdict(rec.db, task_ref["id"], 7, "problem", "缺少复核"), 0),
        (lambda: recording.set_verdict(rec.db, task_ref["id"], 1, "no_problem"), 1),
        (lambda: recording.save_blind_sample(rec.db, task_ref["id"], {**SAMPLE, "statistic": "z", "assigned": "10",
                                                                       "sigma_pt": "0.5", "result": "11.2"}), 1),
        (lambda: recording.save_exam(rec.db, task_ref["id"], {"signatory": "赵工", "form": "written", "score": "80",
                                                               "pass_mark": "60"}), 1),
        (lambda: recording.correct_institution(rec.db, task_ref["id"], "address", "新地址"), 1),
        (lambda: recording.correct_institution(rec.db, task_ref["id"], "address", "又一个新地址"), 1),
        (lambda: recording.add_photo(rec.db, rec.path, task_ref["id"], photo), 1),
    ]
    previous_hlc = ""
    total = audit_count(rec.db)
    for step, expected in steps:
        before = last_audit_id(rec.db)
        step()
        new = [e for e in audit_rows(rec.db) if e["id"] > before]
        assert len(new) == expected, (step, new)
        total += expected
        if not new:
            continue
        assert {e["author"] for e in new} == {rec.cast.lead}
        assert {e["device"] for e in new} == {device}
        assert {e["task_id"] for e in new} == {task_ref["id"]}
        stamps = {e["hlc"] for e in new}
        assert len(stamps) == 1  # one edit, one stamp
        stamp = stamps.pop()
        assert stamp > previous_hlc
        assert stamp.endswith("-" + device)
        previous_hlc = stamp
    assert audit_count(rec.db) == total
    # every recorded row carries the stamp and author of its last edit
    task_row = stored.fetch(rec.db.conn, "tasks", {"id": task_ref["id"]})
    assert task_row["author"] == rec.cast.lead
    last_task_entry = [e for e in audit_rows(rec.db) if e["entity"] == "task"][-1]
    assert task_row["hlc"] == last_task_entry["hlc"]
    finding = stored.fetch(rec.db.conn, "findings", {"task_id": task_ref["id"], "item": 7})
    assert finding["hlc"] == [e for e in audit_rows(rec.db) if e["entity_id"] == finding["id"]][-1]["hlc"]


def test_the_clock_keeps_increasing_over_many_quick_edits(rec, task):
    for n in range(60):
        recording.set_verdict(rec.db, task, n % 18 + 1, "problem" if n % 2 else "no_problem", f"D{n}")
    stamps = []
    for e in audit_rows(rec.db):
        if not stamps or stamps[-1] != e["hlc"]:
            stamps.append(e["hlc"])
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_a_failing_service_call_writes_no_audit_entry(rec, task, monkeypatch):
    before = audit_count(rec.db)

    def boom(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(stored.Edit, "log", boom)
    from app.environment import DiskError

    with pytest.raises(DiskError):  # said as the disk's failure, never as a damaged database
        recording.set_verdict(rec.db, task, 3, "na")
    monkeypatch.undo()
    assert audit_count(rec.db) == before
    assert stored.fetch(rec.db.conn, "findings", {"task_id": task, "item": 3})["verdict"] == "not_checked"
    assert not rec.db.conn.in_transaction
    recording.set_verdict(rec.db, task, 3, "na")  # the database is usable afterwards
    assert audit_count(rec.db) == before + 1


def test_an_expert_with_a_certificate_number_signs_as_the_technical_expert(rec, capsys):
    # issue 8: the command line chose the role by certificate number, the window by officer status
    from app.cli import main
    from app.domain.registry import Department, Inspector, Level
    from app.services.tasks import create_task, finish
    from app.store.registry_upsert import upsert_inspectors
    from tests.recording_helpers import answer_all, signature_of

    expert = Inspector(name="周专家", department=Department.EXPERT, level=Level.CITY, unit="某检测研究院",
                       cert_no="ZJ-0001")
    with rec.db.atomic():
        upsert_inspectors(rec.db, [expert])
    task_id = create_task(rec.db, rec.cast.institution, [rec.cast.lead, rec.cast.officers[0], expert.id],
                          rec.cast.lead)
    answer_all(rec.db, task_id)
    finish(rec.db, task_id)
    png, strokes = signature_of(5)
    image, pad = rec.tmp / "expert.png", rec.tmp / "expert.json"
    image.write_bytes(png)
    pad.write_text(strokes, encoding="utf-8")
    rec.db.conn.commit()
    assert main(["--db", str(rec.path), "record", "signature", "--task", task_id, "--inspector", "ZJ-0001",
                 "--image", str(image), "--strokes", str(pad), "--json"]) == 0, capsys.readouterr()
    role = rec.db.conn.execute("SELECT role FROM signatures WHERE task_id = ? AND inspector_id = ?",
                               [task_id, expert.id]).fetchone()[0]
    assert role == "技术专家"


def test_signer_role_is_the_records_wording():
    from app.domain.tasks import signer_role

    assert signer_role("A1230001", True) == "检查人员（执法证号 A1230001）"
    assert signer_role("ZJ-0001", False) == "技术专家"
    assert signer_role("", False) == "技术专家"


def test_the_record_sets_in_bold_what_is_not_satisfactory_by_its_judgement(rec, task):
    # issue 8: the renderers decided bold text by comparing label strings; now the report model says it
    from app.services.recording import save_blind_sample, save_exam
    from app.services.reporting import build_report

    for code, result in (("K-1", "10.6"), ("K-2", "11.2"), ("K-3", "8.4")):  # z = 1.2, 2.4, −3.2
        save_blind_sample(rec.db, task, {"code": code, "statistic": "z", "assigned": "10.0", "sigma_pt": "0.50",
                                             "result": result})
    save_blind_sample(rec.db, task, {"code": "K-4"}, strict=False)  # not judged yet
    save_exam(rec.db, task, {"signatory": "张三", "form": "written", "score": "55", "pass_mark": "60"})
    save_exam(rec.db, task, {"signatory": "李四", "form": "written", "score": "90", "pass_mark": "60"})
    report = build_report(rec.db, rec.path, task)
    assert [(s.code, s.judgement, s.flagged) for s in report.samples] == [
        ("K-1", "满意", False), ("K-2", "有问题", True), ("K-3", "不满意", True), ("K-4", "未判定", True)]
    assert [(e.signatory, e.result, e.failed) for e in report.exams] == [("张三", "不合格", True), ("李四", "合格", False)]
