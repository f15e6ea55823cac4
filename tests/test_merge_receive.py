"""Receiving other devices' edits into a database (issue 10): the lead and two laptops record the same task,
each part of it and one item differently; whatever the order the lead receives them in, the result is the
same, the differing item is a conflict with both versions kept, a resolution settles it on every device,
receiving again changes nothing, and the audit log still agrees with the tables."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.problems import IntegrityFailure
from app.services import recording
from app.services.audit import check
from app.services.merge import digest, receive, resolve
from app.services.profile import set_profile
from app.services.task_view import task_record
from app.store import field_edits, profile
from app.store.database import open_database
from tests.recording_helpers import answer_all


def _laptop(rec, name: str, inspector: str):
    """A copy of the lead's database on another device, used by another inspector of the team."""
    return _laptop_in(rec, rec.tmp, name, inspector)


def _sent(db, since: set) -> list:
    """What a laptop's findings package carries: its edits (those the lead does not hold are new to it)."""
    return [e for e in field_edits.all_edits(db.conn) if e.identity not in since]


@pytest.fixture
def team(rec):
    with rec.db.atomic():
        profile.set_value(rec.db, "device_id", "device-lead")
    a = _laptop(rec, "a", rec.cast.lead)
    b = _laptop(rec, "b", rec.cast.officers[0])
    yield rec, a, b
    a.close()
    b.close()


def _record_on_laptops(rec, a, b):
    task = rec.task
    for item in range(1, 10):
        recording.set_verdict(a, task, item, "no_problem")
    recording.set_verdict(a, task, 7, "problem", "原始记录缺少复核签名")
    for item in range(10, 19):
        recording.set_verdict(b, task, item, "no_problem")
    recording.set_verdict(b, task, 7, "na")  # the same item, recorded otherwise
    recording.save_blind_sample(b, task, {"code": "B1", "parameter": "铅", "unit": "mg/kg", "statistic": "z",
                                          "assigned": "10", "sigma_pt": "0.5", "result": "11.2"})


def test_the_lead_merges_both_laptops_in_either_order_with_the_same_result(team, tmp_path):
    rec, a, b = team
    _record_on_laptops(rec, a, b)
    base = {e.identity for e in field_edits.all_edits(rec.db.conn)}
    from_a, from_b = _sent(a, base), _sent(b, base)
    other_lead = _laptop(rec, "lead2", rec.cast.lead)
    try:
        first = receive(rec.db, from_a, "package-a")
        second = receive(rec.db, from_b, "package-b")
        receive(other_lead, from_b, "package-b")
        receive(other_lead, from_a, "package-a")
        assert digest(rec.db).sha256 == digest(other_lead).sha256
        assert first.new == len(from_a) and second.new == len(from_b) and first.rows > 0
        record = task_record(rec.db, rec.task)
        assert all(record.verdict(n).value == "no_problem" for n in range(1, 19) if n != 7)
        assert [s.code for s in record.blind_samples] == ["B1"] and record.blind_samples[0].judgement is not None
        conflicted = [s.key for s in second.conflicts]
        item7 = record.findings[7].id
        assert ("finding", item7, "verdict") in conflicted
        assert digest(rec.db).conflicts == 1
        heads = {h.value for s in second.conflicts if s.key == ("finding", item7, "verdict") for h in s.heads}
        assert heads == {"problem", "na"}  # neither is dropped
        again = receive(rec.db, from_a + from_b, "package-a")  # imported again: nothing changes
        assert (again.new, again.rows) == (0, 0)
        assert check(rec.db).ok and check(other_lead).ok
    finally:
        other_lead.close()


def test_a_resolution_settles_the_conflict_here_and_on_the_laptop(team):
    rec, a, b = team
    _record_on_laptops(rec, a, b)
    base = {e.identity for e in field_edits.all_edits(rec.db.conn)}
    receive(rec.db, _sent(a, base), "package-a")
    receive(rec.db, _sent(b, base), "package-b")
    item7 = task_record(rec.db, rec.task).findings[7].id
    settled = resolve(rec.db, "finding", item7, "verdict", "problem", "现场照片证实原始记录缺少复核签名")
    assert not settled.conflict and settled.value == "problem"
    assert digest(rec.db).conflicts == 0
    assert task_record(rec.db, rec.task).verdict(7).value == "problem"
    receive(b, _sent(rec.db, {e.identity for e in field_edits.all_edits(b.conn)}), "package-lead")
    assert task_record(b, rec.task).verdict(7).value == "problem" and digest(b).conflicts == 0
    assert check(rec.db).ok and check(b).ok
    from app.store.audit_log import entries

    # the reason is in the lead's audit log
    assert [e["new_value"] for e in entries(rec.db) if e["action"] == "resolve"] == ["现场照片证实原始记录缺少复核签名"]


def test_later_local_edits_come_after_what_was_received(team):
    rec, a, b = team
    recording.set_verdict(a, rec.task, 1, "problem", "人员档案缺失")
    receive(rec.db, _sent(a, set()), "package-a")
    recording.set_verdict(rec.db, rec.task, 1, "no_problem")  # the lead changes it afterwards: no conflict
    item1 = task_record(rec.db, rec.task).findings[1].id
    from app.domain.merge import merge

    merged = merge(field_edits.all_edits(rec.db.conn))[("finding", item1, "verdict")]
    assert not merged.conflict and merged.value == "no_problem"


def test_an_edit_claiming_a_stamp_held_with_other_content_is_refused_and_nothing_is_written(team):
    rec, a, b = team
    recording.set_verdict(a, rec.task, 2, "problem", "检测报告缺少签发日期")
    sent = _sent(a, set())
    receive(rec.db, sent, "package-a")
    before = digest(rec.db)
    forged = [e if e.field != "verdict" or e.value != "problem" else
              type(e)(e.entity, e.entity_id, e.field, "no_problem", e.hlc, e.author, e.device, e.task_id, e.bases)
              for e in sent]
    with pytest.raises(IntegrityFailure, match="同一次编辑不可能写下两个值"):
        receive(rec.db, forged, "package-forged")
    assert digest(rec.db) == before
    unknown = [type(sent[0])("finding", sent[0].entity_id, "rowid", "1", "9" * 13 + "-00000-x", "x", "x", rec.task)]
    with pytest.raises(IntegrityFailure, match="不是可记录的字段"):
        receive(rec.db, unknown, "package-odd")
    assert digest(rec.db) == before


def test_a_row_made_on_a_laptop_arrives_whole(team):
    rec, a, b = team
    answer_all(a, rec.task)
    sent = _sent(a, {e.identity for e in field_edits.all_edits(rec.db.conn)})
    receive(rec.db, sent, "package-a")
    here, there = task_record(rec.db, rec.task), task_record(a, rec.task)
    assert here.visit == there.visit
    assert [(m.inspector.id, m.credentials_shown) for m in here.members] == [
        (m.inspector.id, m.credentials_shown) for m in there.members]
    assert {n: f.verdict for n, f in here.findings.items()} == {n: f.verdict for n, f in there.findings.items()}
    assert here.status == there.status
    assert digest(rec.db).sha256 == digest(a).sha256
    assert check(rec.db).ok


def _conflicted_lead(team):
    rec, a, b = team
    _record_on_laptops(rec, a, b)
    base = {e.identity for e in field_edits.all_edits(rec.db.conn)}
    receive(rec.db, _sent(a, base), "package-a")
    receive(rec.db, _sent(b, base), "package-b")
    return rec


def test_conflicts_are_listed_side_by_side_with_who_recorded_them(team):
    from app.services.merge import conflicts

    rec = _conflicted_lead(team)
    (found,) = conflicts(rec.db, rec.task)
    item7 = task_record(rec.db, rec.task).findings[7].id
    assert (found.id, found.label, found.task_id) == (f"finding:{item7}:verdict", "第 7 项 结论", rec.task)
    names = {m.inspector.id: m.inspector.name for m in task_record(rec.db, rec.task).members}
    assert sorted((c.value, c.author, c.device) for c in found.candidates) == sorted([
        ("problem", names[rec.cast.lead], "device-a"), ("na", names[rec.cast.officers[0]], "device-b")])
    assert [c.number for c in found.candidates] == [1, 2]
    import re

    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", c.recorded_at) and not c.here for c in found.candidates)
    assert conflicts(rec.db, "another-task") == []


def test_the_command_line_lists_and_resolves_a_conflict(team, capsys):
    import json

    from tests.cli_helpers import call_main

    rec = _conflicted_lead(team)
    rec.db.conn.close()
    listed = json.loads(call_main(capsys, ["--db", str(rec.path), "conflict", "list", "--json"]).stdout)["items"]
    (conflict,) = listed
    pick = next(c["number"] for c in conflict["candidates"] if c["value"] == "problem")
    no_reason = call_main(capsys, ["--db", str(rec.path), "conflict", "resolve", conflict["id"], "--pick", str(pick),
                                   "--reason", " ", "--json"])
    assert no_reason.status == 1
    too_far = call_main(capsys, ["--db", str(rec.path), "conflict", "resolve", conflict["id"], "--pick", "3",
                                 "--reason", "照片为证", "--json"])
    assert too_far.status == 1 and "只有 2 个版本" in json.loads(too_far.stdout)["error"]["message"]
    done = call_main(capsys, ["--db", str(rec.path), "conflict", "resolve", conflict["id"], "--pick", str(pick),
                              "--reason", "照片为证", "--json"])
    assert done.status == 0 and json.loads(done.stdout) == {"id": conflict["id"], "value": "problem", "open": False}
    assert json.loads(call_main(capsys, ["--db", str(rec.path), "conflict", "list", "--json"]).stdout) == {"items": []}
    unknown = call_main(capsys, ["--db", str(rec.path), "conflict", "resolve", conflict["id"], "--value", "na",
                                 "--reason", "再改", "--json"])
    assert unknown.status == 1


def _sign_here(rec, db, db_path):
    """Finish and sign the task where it is, as the team does: two officers and the representative."""
    from app.services import tasks
    from tests.recording_helpers import answer_all, signature_of

    answer_all(db, rec.task)
    tasks.finish(db, rec.task)
    for n, who in enumerate((rec.cast.lead, rec.cast.officers[0])):
        png, strokes = signature_of(n)
        recording.add_signature(db, db_path, rec.task, signer="inspector", name=f"官{n}", inspector_id=who, png=png,
                                strokes_json=strokes)
    png, strokes = signature_of(7)
    recording.add_signature(db, db_path, rec.task, signer="representative", name="王经理", role="质量负责人",
                            png=png, strokes_json=strokes)
    tasks.sign(db, rec.task)


def test_the_task_is_merged_when_the_lead_signs_a_record_holding_others_findings(team, tmp_path):
    from app.services.keys import create_key
    from app.services.reporting import export

    rec, a, b = team
    recording.set_verdict(b, rec.task, 12, "problem", "报告未加盖资质认定标志")
    receive(rec.db, _sent(b, {e.identity for e in field_edits.all_edits(rec.db.conn)}), "package-b")
    with rec.db.atomic():
        profile.set_value(rec.db, "role", "lead")
    _sign_here(rec, rec.db, rec.path)
    create_key(rec.db, rec.path, "口令 of the lead 2025")
    export(rec.db, rec.path, rec.task, tmp_path / "merged.pdf", "pdf", "口令 of the lead 2025")
    assert task_record(rec.db, rec.task).status.value == "merged"


def test_a_record_with_an_open_conflict_stays_signed_when_signed(team, tmp_path):
    from app.services.keys import create_key
    from app.services.reporting import export

    rec, a, b = team
    recording.set_verdict(b, rec.task, 12, "problem", "报告未加盖资质认定标志")
    recording.set_verdict(rec.db, rec.task, 12, "na")
    receive(rec.db, _sent(b, {e.identity for e in field_edits.all_edits(rec.db.conn)}), "package-b")
    assert digest(rec.db).conflicts == 1
    with rec.db.atomic():
        profile.set_value(rec.db, "role", "lead")
    _sign_here(rec, rec.db, rec.path)  # answering item 12 again edits the version shown: the conflict stays
    assert digest(rec.db).conflicts == 1
    create_key(rec.db, rec.path, "口令 of the lead 2025")
    export(rec.db, rec.path, rec.task, tmp_path / "signed.pdf", "pdf", "口令 of the lead 2025")
    assert task_record(rec.db, rec.task).status.value == "signed"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(1, 4), st.sampled_from(["problem", "no_problem", "na"])),
                min_size=1, max_size=8))
def test_random_edits_on_three_laptops_merge_to_the_same_database_in_every_order(rec, tmp_path_factory, edits):
    import itertools

    folder = tmp_path_factory.mktemp("orders")
    laptops = [_laptop_in(rec, folder, f"l{n}", rec.cast.lead) for n in range(3)]
    try:
        for who, item, verdict in edits:
            recording.set_verdict(laptops[who], rec.task, item, verdict,
                                  f"第 {item} 项的问题" if verdict == "problem" else None)
        base = {e.identity for e in field_edits.all_edits(rec.db.conn)}
        sent = [_sent(db, base) for db in laptops]
        digests = set()
        for n, order in enumerate(itertools.permutations(range(3))):
            lead = _laptop_in(rec, folder, f"lead{n}", rec.cast.lead)
            try:
                for who in order:
                    receive(lead, sent[who], f"package-{who}")
                again = receive(lead, sent[order[0]], f"package-{order[0]}")
                assert (again.new, again.rows) == (0, 0)
                digests.add(digest(lead).sha256)
                assert check(lead).ok
            finally:
                lead.close()
        assert len(digests) == 1
    finally:
        for db in laptops:
            db.close()


def _laptop_in(rec, folder, name: str, inspector: str):
    path = folder / f"{name}.sqlite"
    rec.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(rec.path, path)
    db = open_database(path)
    with db.atomic():
        profile.set_value(db, "device_id", f"device-{name}")
        profile.set_value(db, "hlc", "")
    set_profile(db, inspector)
    return db


def test_an_edit_claiming_a_held_stamp_under_another_task_is_refused(team):
    rec, a, b = team
    recording.set_verdict(a, rec.task, 2, "problem", "检测报告缺少签发日期")
    sent = _sent(a, set())
    receive(rec.db, sent, "package-a")
    before = digest(rec.db)
    moved = [type(e)(e.entity, e.entity_id, e.field, e.value, e.hlc, e.author, e.device, "another-task", e.bases)
             for e in sent[:1]]
    with pytest.raises(IntegrityFailure, match="同一次编辑不可能写下两个值"):
        receive(rec.db, moved, "package-moved")
    assert digest(rec.db) == before


@pytest.mark.parametrize("field,value", [("item", "七"), ("item", "7.5"), ("position", "1e9"), ("deleted", "yes"),
                                         ("item", "9" * 40)])
def test_a_received_value_that_no_column_could_hold_is_refused(team, field, value):
    rec, a, b = team
    recording.set_verdict(a, rec.task, 2, "problem", "检测报告缺少签发日期")
    sent = _sent(a, set())
    finding = next(e for e in sent if e.entity == "finding")
    entity = "blind_sample" if field in ("position", "deleted") else "finding"
    odd = type(finding)(entity, finding.entity_id, field, value, "9999999999999-00000-odd", "x", "odd", rec.task)
    before = digest(rec.db)
    with pytest.raises(IntegrityFailure, match="不是可记录的字段或值"):
        receive(rec.db, [*sent, odd], "package-odd")
    assert digest(rec.db) == before


def test_a_received_value_outside_a_columns_list_is_refused_by_the_database(team):
    rec, a, b = team
    recording.set_verdict(a, rec.task, 2, "problem", "检测报告缺少签发日期")
    sent = _sent(a, set())
    verdict = next(e for e in sent if e.entity == "finding" and e.field == "verdict")
    odd = type(verdict)("finding", verdict.entity_id, "verdict", "maybe", "9999999999999-00000-odd", "x", "odd",
                        rec.task, (verdict.hlc,))
    before = digest(rec.db)
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        receive(rec.db, [*sent, odd], "package-odd")
    assert digest(rec.db) == before
