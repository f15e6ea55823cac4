"""The services hand out typed records and say what each edit changed (issue 8).

Expected values are written here: the JSON of a record made by hand (it is the format the record's hash is
computed over, docs/record-hash.md), and the parts of the record that each kind of edit changes.
"""

from __future__ import annotations

import sqlite3

import pytest

from app.domain.checklist import Verdict
from app.domain.problems import IntegrityFailure
from app.domain.record import (
    BlindSample,
    Changes,
    Finding,
    InstitutionCorrection,
    Member,
    Part,
    Photo,
    SignatoryExam,
    Signature,
    TaskRecord,
    Visit,
)
from app.domain.registry import Category, Department, Inspector, Institution
from app.domain.scoring import Judgement
from app.domain.tasks import TaskStatus
from app.services import recording, tasks
from app.services.task_view import task_record
from tests.recording_helpers import answer_all, jpeg_file, signature_of


@pytest.fixture
def task(rec):
    return rec.task


# --- the record's JSON, from typed parts made by hand ----------------------------------------------

def _hand_made_record() -> TaskRecord:
    from app.services.checklist import load_checklist

    checklist = load_checklist("2025")
    lead = Inspector(name="王强", department=Department.MARKET, id="p1", cert_no="14020001")
    expert = Inspector(name="李工", department=Department.EXPERT, id="p2")
    institution = Institution(name="大同某检测有限公司", credit_code="91140200MA0K00000X", category=Category.OTHER,
                              id="i1")
    findings = {n: Finding(f"f{n}", n, Verdict.NOT_CHECKED) for n in range(1, 19)}
    findings[7] = Finding("f7", 7, Verdict.PROBLEM, "原始记录缺少复核签名")
    return TaskRecord(
        id="t1", status=TaskStatus.SIGNED, institution_id="i1",
        visit=Visit(planned_date="2025-10-20", notified_at="2025-10-19T09:00", started_at="2025-10-20T09:30",
                    ended_at="2025-10-20T11:00", place="一楼", credentials_shown=True, recusal_answer="不申请回避",
                    party_statement="以上记录已阅，与事实相符", notes="", signed_at="2025-10-20T11:30"),
        institution=institution,
        corrections={"address": InstitutionCorrection("address", "旧地址", "新地址")},
        members=[Member(lead, "leader"), Member(expert, "member")],
        checklist=checklist, findings=findings,
        blind_samples=[BlindSample("s1", code="B1", parameter="铅", unit="mg/kg", statistic="z", assigned="10",
                                   sigma_pt="0.5", result="11.2", score="2.4", judgement=Judgement.QUESTIONABLE,
                                   details={"rounded": "2.40"})],
        exams=[SignatoryExam("e1", signatory="赵工", field="水质", form="written", score="85", pass_mark="60",
                             result="pass", examiner_id="p1")],
        photos=[Photo("ph1", "a" * 64, "b" * 64, 7, "原始记录", "2025-10-20T10:00")],
        signatures=[Signature("g1", "representative", "孙经理", "2025-10-20T11:20", refused=True,
                              refusal_reason="有异议", witnesses=("周见证",))],
    )


def test_the_record_json_is_the_published_shape():
    data = _hand_made_record().to_json()
    assert data["institution"] == {"id": "i1", "name": "大同某检测有限公司", "credit_code": "91140200MA0K00000X",
                                   "corrections": {"address": {"original": "旧地址", "value": "新地址"}}}
    assert data["team"] == [{"id": "p1", "name": "王强", "role": "leader", "officer": True},
                            {"id": "p2", "name": "李工", "role": "member", "officer": False}]
    assert data["session"] == {"planned_date": "2025-10-20", "notified_at": "2025-10-19T09:00",
                               "started_at": "2025-10-20T09:30", "ended_at": "2025-10-20T11:00", "place": "一楼",
                               "recusal_answer": "不申请回避", "party_statement": "以上记录已阅，与事实相符",
                               "notes": "", "signed_at": "2025-10-20T11:30", "credentials_shown": True}
    assert data["findings"][6] == {"item": 7, "verdict": "problem", "description": "原始记录缺少复核签名"}
    assert data["blind_samples"] == [{
        "id": "s1", "code": "B1", "matrix": "", "parameter": "铅", "method": "", "unit": "mg/kg", "statistic": "z",
        "assigned": "10", "sigma_pt": "0.5", "uncertainty_assigned": None, "expanded_assigned": None,
        "result": "11.2", "uncertainty_result": None, "expanded_result": None, "expected_text": "",
        "result_text": "", "score": "2.4", "judgement": "questionable", "details": {"rounded": "2.40"}}]
    assert data["exams"] == [{"id": "e1", "signatory": "赵工", "field": "水质", "form": "written", "score": "85",
                              "pass_mark": "60", "result": "pass", "examiner_id": "p1", "notes": ""}]
    assert data["photos"] == [{"id": "ph1", "item": 7, "sha256": "a" * 64, "reduced_sha256": "b" * 64,
                               "caption": "原始记录", "taken_at": "2025-10-20T10:00"}]
    assert data["signatures"] == [{"id": "g1", "signer": "representative", "inspector_id": None, "name": "孙经理",
                                   "role": "", "signed_at": "2025-10-20T11:20", "png_sha256": None,
                                   "refusal_reason": "有异议", "refused": True, "witnesses": ["周见证"]}]
    assert (data["id"], data["status"], data["checklist_version"]) == ("t1", "signed", "2025")


def test_the_hash_of_a_hand_made_record_is_fixed():
    # A golden value: if the JSON's shape or encoding changes, every signed record's QR code stops matching.
    from app.services.reporting import record_hash

    assert record_hash(_hand_made_record()) == GOLDEN_HASH


GOLDEN_HASH = "06db9854af5df4c31a8e1d61c0b5472ca9666f9d7d34b0f46c4b98dfa43efcbc"  # the same code hashed every demo task as before the typed records


def test_typed_helpers_of_the_parts():
    record = _hand_made_record()
    assert record.leader.inspector.name == "王强"
    assert record.representative_signature.refused and record.signature_of("p1") is None
    sample = record.blind_samples[0]
    assert (sample.rounded, sample.judgement_label, sample.qualitative) == ("2.40", "有问题", False)
    assert (record.exams[0].form_label, record.exams[0].result_label, record.exams[0].failed) == ("笔试", "合格", False)
    assert record.photos[0].shown_sha256 == "b" * 64
    assert Photo("x", "c" * 64).shown_sha256 == "c" * 64
    assert record.visit.value("place") == "一楼"
    with pytest.raises(KeyError):
        record.visit.value("status")


# --- the services hand out typed parts -----------------------------------------------------------

def test_the_services_read_back_typed_parts(rec, task):
    recording.set_verdict(rec.db, task, 3, "problem", "人员档案不全")
    sample = recording.blind_sample(rec.db, recording.save_blind_sample(rec.db, task, {
        "code": "Q1", "parameter": "沙门氏菌", "statistic": "qualitative", "expected_text": "检出",
        "result_text": "检出"}).id)
    assert isinstance(sample, BlindSample) and sample.judgement is Judgement.SATISFACTORY and sample.qualitative
    exam = recording.exam(rec.db, recording.save_exam(rec.db, task, {"signatory": "赵工", "form": "oral",
                                                                      "score": "50", "pass_mark": "60"}).id)
    assert (exam.result, exam.failed, exam.form_label) == ("fail", True, "口试")
    photo = recording.photo(rec.db, recording.add_photo(rec.db, rec.path, task, jpeg_file(rec.tmp / "p.jpg"), 3,
                                                        "档案柜").id)
    assert (photo.item, photo.caption) == (3, "档案柜") and len(photo.sha256) == 64 and photo.reduced_sha256
    record = task_record(rec.db, task)
    assert record.findings[3] == Finding(record.findings[3].id, 3, Verdict.PROBLEM, "人员档案不全")
    assert [s.code for s in record.blind_samples] == ["Q1"] and record.photos == [photo]


def test_a_damaged_json_column_is_an_integrity_failure_not_a_crash(rec, task):
    sample_id = recording.save_blind_sample(rec.db, task, {"code": "B", "statistic": "z"}, strict=False).id
    raw = sqlite3.connect(rec.path)
    raw.execute("UPDATE blind_samples SET details = '{\"rounded\": ' WHERE id = ?", [sample_id])
    raw.commit()
    raw.close()
    with pytest.raises(IntegrityFailure, match="盲样的评分过程"):
        task_record(rec.db, task)


# --- what each edit says it changed --------------------------------------------------------------

def test_each_edit_names_the_parts_it_changed(rec, task):
    def parts(changes: Changes) -> set[Part]:
        assert changes.task_id == task
        return set(changes.parts)

    assert parts(recording.set_verdict(rec.db, task, 1, "no_problem")) == {Part.FINDINGS}
    assert parts(tasks.set_visit(rec.db, task, place="二楼")) == {Part.VISIT}
    assert parts(tasks.set_visit(rec.db, task, notified_at="2025-10-19 09:00")) == {Part.VISIT, Part.STATUS}
    assert parts(recording.correct_institution(rec.db, task, "address", "大同市新地址 1 号")) == {Part.INSTITUTION}
    added = recording.save_blind_sample(rec.db, task, {"code": "Z1"}, strict=False)
    assert parts(added) == {Part.BLIND_SAMPLES} and added.id
    assert parts(recording.remove_blind_sample(rec.db, added.id)) == {Part.BLIND_SAMPLES}
    assert parts(recording.restore_blind_sample(rec.db, added.id)) == {Part.BLIND_SAMPLES}
    exam = recording.save_exam(rec.db, task, {"signatory": "赵工"})
    assert parts(exam) == {Part.EXAMS} and parts(recording.remove_exam(rec.db, exam.id)) == {Part.EXAMS}
    photo = recording.add_photo(rec.db, rec.path, task, jpeg_file(rec.tmp / "p.jpg"))
    assert parts(photo) == {Part.PHOTOS} and parts(recording.set_photo(rec.db, photo.id, caption="门牌")) == {Part.PHOTOS}
    assert parts(recording.remove_photo(rec.db, photo.id)) == {Part.PHOTOS}
    assert parts(recording.restore_photo(rec.db, photo.id)) == {Part.PHOTOS}
    recording.remove_blind_sample(rec.db, added.id)
    answer_all(rec.db, task)
    assert parts(tasks.finish(rec.db, task)) == {Part.STATUS}
    png, strokes = signature_of(0)
    signed = recording.add_signature(rec.db, rec.path, task, signer="inspector", name="x",
                                     inspector_id=rec.cast.lead, png=png, strokes_json=strokes)
    assert parts(signed) == {Part.SIGNATURES} and signed.id
    assert parts(tasks.reopen(rec.db, task, "补充记录")) == {Part.STATUS, Part.SIGNATURES}


def test_an_edit_that_changes_nothing_says_so(rec, task):
    recording.set_verdict(rec.db, task, 2, "na")
    again = recording.set_verdict(rec.db, task, 2, "na")
    assert not again and again.parts == frozenset() and again.fields == {}
    assert not tasks.set_visit(rec.db, task, place="")
    first = recording.set_verdict(rec.db, task, 2, "problem", "缺少记录")
    assert first and first.fields == {"verdict": ("na", "problem"), "description": ("", "缺少记录")}


def test_a_time_typed_in_the_window_is_read_by_the_service_as_on_the_command_line(rec, task):
    # one rule: the service reads the typed text (full-width, a space) and stores it as the command line does
    tasks.set_visit(rec.db, task, started_at="２０２５－１０－２０　０９：３０")
    assert task_record(rec.db, task).visit.started_at == "2025-10-20T09:30"
    from datetime import datetime

    tasks.set_visit(rec.db, task, ended_at=datetime(2025, 10, 20, 11, 0))
    assert task_record(rec.db, task).visit.ended_at == "2025-10-20T11:00"
