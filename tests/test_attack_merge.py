"""Attacking the merge (issue 10): devices that record, export, import, resolve and delete in different orders,
clocks that lie, and resolutions that ask for what a field cannot hold."""

from __future__ import annotations

import json
import time

import pytest

from app.domain import hlc
from app.domain.merge import FieldEdit, merge
from app.domain.problems import InputRefused, IntegrityFailure
from app.services import recording, tasks
from app.services.audit import check
from app.services.merge import conflicts, digest, receive, resolve_conflict
from app.services.task_view import task_record
from app.store import field_edits, profile
from tests.test_merge_receive import _laptop_in, _sent, _sign_here


@pytest.fixture
def team(rec):
    with rec.db.atomic():
        profile.set_value(rec.db, "device_id", "device-lead")
    a = _laptop_in(rec, rec.tmp, "a", rec.cast.lead)
    b = _laptop_in(rec, rec.tmp, "b", rec.cast.officers[0])
    yield rec, a, b
    a.close()
    b.close()


SAMPLE = {"code": "B1", "parameter": "铅", "unit": "mg/kg", "statistic": "z", "assigned": "10", "sigma_pt": "0.5",
          "result": "11.2"}


def _new_to(db, source) -> list:
    """What `source` holds that `db` does not (what a package from it brings)."""
    return _sent(source, {e.identity for e in field_edits.all_edits(db.conn)})


def _conflict_on_item_7(rec, a, b):
    recording.set_verdict(a, rec.task, 7, "problem", "原始记录缺少复核签名")
    recording.set_verdict(b, rec.task, 7, "na")
    receive(rec.db, _new_to(rec.db, a), "package-a")
    receive(rec.db, _new_to(rec.db, b), "package-b")
    (found,) = conflicts(rec.db)
    return found


# --- conflict resolve: values a field cannot hold ---------------------------------------------------------

@pytest.mark.parametrize("value", ["maybe", "", "发现问题 "])
def test_a_resolution_with_a_value_the_field_cannot_hold_is_refused_in_words(team, value):
    rec, a, b = team
    found = _conflict_on_item_7(rec, a, b)
    before = digest(rec.db)
    with pytest.raises(InputRefused, match="结论") as refused:
        resolve_conflict(rec.db, found.id, value=value, reason="两人意见合并")
    assert refused.value.problems[0].column == "value"
    assert digest(rec.db) == before and digest(rec.db).conflicts == 1
    assert check(rec.db).ok


def test_the_command_line_refuses_an_impossible_resolution_with_exit_1(team, capsys):
    from tests.cli_helpers import call_main

    rec, a, b = team
    found = _conflict_on_item_7(rec, a, b)
    rec.db.conn.close()
    run = call_main(capsys, ["--db", str(rec.path), "conflict", "resolve", found.id, "--value", "maybe",
                             "--reason", "合并", "--json"])
    assert run.status == 1, run
    assert "结论" in json.loads(run.stdout)["error"]["message"]


def test_a_resolution_of_a_number_column_with_text_is_refused_before_it_could_travel(team):
    rec, a, b = team
    sample = recording.save_blind_sample(rec.db, rec.task, SAMPLE)
    sample_id = recording.sample_by_code(rec.db, rec.task, "B1")
    for db in (a, b):
        receive(db, _new_to(db, rec.db), "package-lead")
    recording.remove_blind_sample(a, sample_id)
    recording.remove_blind_sample(b, sample_id)
    recording.restore_blind_sample(b, sample_id)  # b: deleted 1 then 0; a: deleted 1 — two versions
    receive(rec.db, _new_to(rec.db, a), "package-a")
    receive(rec.db, _new_to(rec.db, b), "package-b")
    (found,) = conflicts(rec.db)
    assert found.field == "deleted" and sample is not None
    with pytest.raises(InputRefused):
        resolve_conflict(rec.db, found.id, value="yes", reason="保留")
    assert digest(rec.db).conflicts == 1


# --- conflict resolve on a record that can no longer change ----------------------------------------------

def test_a_signed_record_keeps_what_was_signed_a_resolution_may_confirm_it_but_not_change_it(team):
    rec, a, b = team
    recording.set_verdict(b, rec.task, 12, "problem", "报告未加盖资质认定标志")
    recording.set_verdict(rec.db, rec.task, 12, "na")
    receive(rec.db, _new_to(rec.db, b), "package-b")
    _sign_here(rec, rec.db, rec.path)
    (found,) = conflicts(rec.db)
    signed = task_record(rec.db, rec.task).verdict(12).value
    signatures = len(task_record(rec.db, rec.task).signatures)
    other = next(c.number for c in found.candidates if c.value != signed)
    with pytest.raises(InputRefused, match="重新打开"):
        resolve_conflict(rec.db, found.id, pick=other, reason="照片为证")
    unseen = next(v for v in ("problem", "no_problem", "na") if v != signed)
    with pytest.raises(InputRefused, match="重新打开"):
        resolve_conflict(rec.db, found.id, value=unseen, reason="照片为证")
    assert task_record(rec.db, rec.task).verdict(12).value == signed and digest(rec.db).conflicts == 1
    shown = next(c.number for c in found.candidates if c.value == signed)
    settled = resolve_conflict(rec.db, found.id, pick=shown, reason="以签署的记录为准")
    record = task_record(rec.db, rec.task)
    assert not settled.conflict and record.status.value == "signed" and record.verdict(12).value == signed
    assert len(record.signatures) == signatures == 3 and check(rec.db).ok


def test_a_cancelled_task_keeps_its_record_a_resolution_may_not_change_it(team):
    rec, a, b = team
    found = _conflict_on_item_7(rec, a, b)
    db = rec.db
    with db.atomic():  # cancelled elsewhere after recording began (the rule for a local cancel is stricter)
        db.conn.execute("UPDATE tasks SET cancelled_at = '2026-01-01T00:00:00+00:00', cancel_reason = '停业'")
    shown = task_record(db, rec.task).verdict(7).value
    other = next(c.number for c in found.candidates if c.value != shown)
    with pytest.raises(InputRefused, match="已取消"):
        resolve_conflict(db, found.id, pick=other, reason="照片为证")
    assert digest(db).conflicts == 1 and task_record(db, rec.task).verdict(7).value == shown


# --- blind samples recorded under one code on two laptops ------------------------------------------------

def test_two_laptops_recording_one_code_for_two_samples_are_refused_in_words_and_nothing_is_written(team, tmp_path):
    rec, a, b = team
    recording.save_blind_sample(a, rec.task, SAMPLE)
    recording.save_blind_sample(b, rec.task, {**SAMPLE, "result": "9.0"})
    receive(rec.db, _new_to(rec.db, a), "package-a")
    before = digest(rec.db)
    with pytest.raises(IntegrityFailure, match="B1") as refused:
        receive(rec.db, _new_to(rec.db, b), "package-b")
    assert "盲样" in refused.value.message and "编号" in refused.value.message
    assert digest(rec.db) == before and check(rec.db).ok
    # the way out the message names: one laptop gives its sample another code, and the package merges
    recording.save_blind_sample(b, rec.task, {"code": "B2"}, recording.sample_by_code(b, rec.task, "B1"),
                                strict=False)
    receive(rec.db, _new_to(rec.db, b), "package-b2")
    assert sorted(s.code for s in task_record(rec.db, rec.task).blind_samples) == ["B1", "B2"]


# --- clocks -----------------------------------------------------------------------------------------------

def test_the_clock_counter_never_outgrows_its_five_digits_so_stamps_still_sort_as_text():
    last = hlc.Hlc(1_796_000_000_000, 99_999, "device-a")
    after = hlc.tick(last, last.wall_ms - 5, "device-a")  # our wall clock is behind what we have seen
    assert str(after) > str(last)
    remote = hlc.Hlc(1_796_000_000_000, 99_999, "device-b")
    seen = hlc.receive(None, remote, remote.wall_ms - 5, "device-a")
    assert str(seen) > str(remote)
    assert len(str(seen).split("-")[1]) == 5


def test_after_receiving_a_stamp_with_a_full_counter_later_local_edits_still_come_after_it(team):
    rec, a, b = team
    recording.set_verdict(a, rec.task, 3, "problem", "人员档案缺失")
    sent = _new_to(rec.db, a)
    verdict = next(e for e in sent if e.field == "verdict" and e.value == "problem")
    wall = int(time.time() * 1000) + 3_600_000  # an hour ahead: within the skew the clock believes
    full = FieldEdit(verdict.entity, verdict.entity_id, "verdict", "na", f"{wall:013d}-99999-device-a",
                     verdict.author, "device-a", verdict.task_id, (verdict.hlc,))
    receive(rec.db, [*sent, full], "package-a")
    recording.set_verdict(rec.db, rec.task, 3, "no_problem")
    (mine,) = [e for e in field_edits.all_edits(rec.db.conn)
               if e.key == full.key and e.device == "device-lead" and e.value == "no_problem"]
    assert mine.hlc > full.hlc


@pytest.mark.parametrize("stamp", ["x", "", "12-ab-c", "1796000000000-00001-"])
def test_an_edit_whose_stamp_is_not_a_stamp_is_refused_and_nothing_is_written(team, stamp):
    rec, a, b = team
    recording.set_verdict(a, rec.task, 3, "problem", "人员档案缺失")
    sent = _new_to(rec.db, a)
    verdict = next(e for e in sent if e.field == "verdict" and e.value == "problem")
    odd = FieldEdit(verdict.entity, verdict.entity_id, "verdict", "na", stamp, verdict.author, "device-a",
                    verdict.task_id, (verdict.hlc,))
    before = digest(rec.db)
    with pytest.raises(IntegrityFailure, match="时间戳"):
        receive(rec.db, [*sent, odd], "package-odd")
    assert digest(rec.db) == before


def test_settling_a_conflict_with_the_version_shown_leaves_an_audit_log_that_verifies(team):
    rec, a, b = team
    found = _conflict_on_item_7(rec, a, b)
    shown = task_record(rec.db, rec.task).verdict(7).value
    pick = next(c.number for c in found.candidates if c.value == shown)
    settled = resolve_conflict(rec.db, found.id, pick=pick, reason="以现场照片为准")
    assert not settled.conflict and settled.value == shown
    assert task_record(rec.db, rec.task).verdict(7).value == shown
    assert check(rec.db).ok
    receive(a, _new_to(a, rec.db), "package-lead")  # and where the resolution travels
    assert digest(a) == digest(rec.db) and check(a).ok
