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

@pytest.mark.parametrize("value", ["maybe", "", "有问题"])
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


def test_a_verdict_may_be_written_in_the_records_words(team):
    rec, a, b = team
    found = _conflict_on_item_7(rec, a, b)
    settled = resolve_conflict(rec.db, found.id, value=" 未发现问题 ", reason="复核后确认")
    assert settled.value == "no_problem" and task_record(rec.db, rec.task).verdict(7).value == "no_problem"


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


# --- random interleavings on three devices, through their databases ------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

DEVICES = 3  # the lead (0) and two laptops
_device = st.integers(0, DEVICES - 1)
_step = st.one_of(
    st.tuples(st.just("verdict"), _device, st.integers(1, 3), st.sampled_from(["problem", "no_problem", "na"])),
    st.tuples(st.just("sample"), _device, st.sampled_from(["9.5", "10.2", "11.8"])),
    st.tuples(st.just("remove sample"), _device),
    st.tuples(st.just("restore sample"), _device),
    st.tuples(st.just("exam"), _device, st.sampled_from(["55", "72", "90"])),
    st.tuples(st.just("caption"), _device, st.sampled_from(["仪器铭牌", "原始记录", "样品室"])),
    st.tuples(st.just("remove photo"), _device),
    st.tuples(st.just("correction"), _device, st.sampled_from(["张三", "李四"])),
    st.tuples(st.just("visit"), _device, st.sampled_from(["notes", "place", "party_statement"]),
              st.sampled_from(["甲", "乙"])),
    st.tuples(st.just("start"), _device, st.sampled_from(["2026-03-02 09:00", "2026-03-02 09:30"])),
    st.tuples(st.just("attendee"), _device, st.sampled_from(["王经理", "刘工"])),
    st.tuples(st.just("attendee phone"), _device, st.sampled_from(["13800000000", "13900000000"])),
    st.tuples(st.just("remove attendee"), _device),
    st.tuples(st.just("send"), _device, _device),  # a package of everything the first holds, to the second
    st.tuples(st.just("send own"), _device, _device),  # only what the first made itself (a resolution may
    st.tuples(st.just("resolve"), _device, st.integers(1, 3)),  # arrive before the edits it settles)
)


def _prepared(rec, folder):
    """The lead's task with a blind sample, an exam and a photo, before the laptops take their copies."""
    from tests.recording_helpers import jpeg_file

    recording.save_blind_sample(rec.db, rec.task, SAMPLE)
    recording.save_exam(rec.db, rec.task, {"signatory": "赵工", "form": "written", "score": "80", "pass_mark": "60"})
    recording.add_photo(rec.db, rec.path, rec.task, jpeg_file(folder / "p.jpg"), item=1, caption="现场")
    record = task_record(rec.db, rec.task)
    return record.blind_samples[0].id, record.exams[0].id, record.photos[0].id


def _do(devices, step, ids, texts) -> None:
    sample, exam, photo = ids
    kind, who, *rest = step
    db, task = devices[who], devices[0].task_id
    if kind == "verdict":
        item, verdict = rest
        text = f"设备 {who} 第 {item} 项 {len(texts)}" if verdict == "problem" else None
        texts.append(text)
        recording.set_verdict(db, task, item, verdict, text)
    elif kind == "sample":
        recording.save_blind_sample(db, task, {"result": rest[0]}, sample)
    elif kind == "remove sample":
        recording.remove_blind_sample(db, sample)
    elif kind == "restore sample":
        recording.restore_blind_sample(db, sample)
    elif kind == "exam":
        recording.save_exam(db, task, {"score": rest[0]}, exam)
    elif kind == "caption":
        recording.set_photo(db, photo, caption=f"{rest[0]}（设备 {who}）")
    elif kind == "remove photo":
        recording.remove_photo(db, photo)
    elif kind == "correction":
        recording.correct_institution(db, task, "contact", rest[0])
    elif kind == "visit":
        from app.services.tasks import set_visit

        set_visit(db, task, **{rest[0]: f"{rest[1]}（设备 {who}）"})
    elif kind == "start":
        from app.services.tasks import set_visit

        set_visit(db, task, started_at=rest[0])
    elif kind == "attendee":
        from app.services.tasks import add_attendee

        add_attendee(db, task, rest[0], "陪同人员")
    elif kind in ("attendee phone", "remove attendee"):
        from app.services.tasks import remove_attendee, set_attendee

        found = db.conn.execute("SELECT id FROM visit_attendees WHERE task_id = ? AND deleted = 0 ORDER BY id",
                                [task]).fetchone()
        if found and kind == "remove attendee":
            remove_attendee(db, found[0])
        elif found:
            set_attendee(db, found[0], phone=rest[0])
    elif kind in ("send", "send own"):
        target = devices[rest[0]]
        device = profile.get(db, "device_id")
        edits = [e for e in _new_to(target, db) if kind == "send" or e.device == device]
        receive(target, edits, f"package-{who}")
    elif kind == "resolve":
        open_ = conflicts(db)
        if open_:
            found = open_[0]
            resolve_conflict(db, found.id, pick=1 + rest[0] % len(found.candidates), reason=f"设备 {who} 定")


def _rows_show_the_merge(db) -> None:
    """Every recorded row holds what merging its edits gives (a conflict: its newest version)."""
    from app.store.audit_log import _text
    from app.store.rows import fetch

    for key, state in merge(field_edits.all_edits(db.conn)).items():
        entity, entity_id, name = key
        table = field_edits._tables()[entity]
        row = fetch(db.conn, table, field_edits._identity(table, entity_id, state.heads[-1].task_id))
        assert row is not None and _text(row[name]) == state.value, (key, row and row[name], state.value)


def _unordered(record: dict) -> dict:
    """The record with its lists of rows sorted (the order rows added on two devices are listed in aside)."""
    def rows(v):
        return sorted(v, key=lambda r: json.dumps(r, sort_keys=True))

    out = {k: rows(v) if isinstance(v, list) and k != "findings" else v for k, v in record.items()}
    if "attendees" in out["session"]:
        out["session"] = {**out["session"], "attendees": rows(out["session"]["attendees"])}
    return out


@settings(max_examples=int(__import__("os").environ.get("ATK_EXAMPLES", "25")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(_step, min_size=4, max_size=30))
def test_three_devices_in_any_interleaving_end_with_one_record_nothing_lost(rec, tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("devices")
    with rec.db.atomic():
        profile.set_value(rec.db, "device_id", "device-lead")
    if not task_record(rec.db, rec.task).blind_samples:
        _prepared(rec, folder)
    record = task_record(rec.db, rec.task)
    ids = (record.blind_samples[0].id, record.exams[0].id, record.photos[0].id)
    people = [rec.cast.lead, rec.cast.officers[0], rec.cast.officers[1]]
    devices = [_laptop_in(rec, folder, f"d{n}", people[n]) for n in range(DEVICES)]
    devices[0].task_id = rec.task
    with devices[2].atomic():  # the second laptop's clock is a year ahead: every stamp it makes is
        profile.set_value(devices[2], "hlc", f"{int(time.time() * 1000) + 365 * 86_400_000:013d}-00000-device-d2")
    texts: list = []
    try:
        for step in steps:
            try:
                _do(devices, step, ids, texts)
            except InputRefused as exc:
                print("REFUSED", step, exc.message)  # e.g. restoring a sample that is not removed: refused in words, as the window would
        everyone = {e.identity: e for db in devices for e in field_edits.all_edits(db.conn)}
        for _ in range(2):  # everyone sends everything to everyone
            for src in devices:
                for dst in devices:
                    if src is not dst:
                        receive(dst, _new_to(dst, src), "package-final")
        digests = {digest(db).sha256 for db in devices}
        from app.services.reporting import canonical_record

        shown = {json.dumps(_unordered(canonical_record(task_record(db, rec.task))), sort_keys=True) for db in devices}
        assert len(shown) == 1  # every device shows the same record (the order of rows added on two devices apart:
        # test_rows_added_on_two_devices_are_listed_in_one_order_everywhere)
        print("STEPS", len(steps), "EDITS", len(everyone), "CONFLICTS", digest(devices[0]).conflicts)
        assert len(digests) == 1
        for db in devices:
            held = {e.identity for e in field_edits.all_edits(db.conn)}
            assert held == set(everyone)  # no edit lost anywhere
            _rows_show_the_merge(db)
            report = check(db)
            assert report.ok, report
        recorded = {t for t in texts if t}
        merged_descriptions = {e.value for e in everyone.values() if e.field == "description"}
        assert recorded <= merged_descriptions
        fresh = _laptop_in(rec, folder, "late", rec.cast.lead)  # the same edits, received in the other order
        try:
            for src in reversed(devices):
                receive(fresh, _new_to(fresh, src), "package-late")
            assert digest(fresh).sha256 in digests
        finally:
            fresh.close()
    finally:
        for db in devices:
            db.close()


# --- a signed record and a package that would change it ---------------------------------------------------------

def test_a_late_package_that_would_change_a_signed_record_is_refused_until_the_record_is_reopened(team):
    rec, a, b = team
    recording.set_verdict(b, rec.task, 12, "problem", "报告未加盖资质认定标志")  # b's copy is older than the signing
    _sign_here(rec, rec.db, rec.path)
    signed = task_record(rec.db, rec.task)
    before = digest(rec.db)
    with pytest.raises(IntegrityFailure, match="重新打开") as refused:
        receive(rec.db, _new_to(rec.db, b), "package-b")
    assert "已签署" in refused.value.message and "第 12 项" in refused.value.message
    after = task_record(rec.db, rec.task)
    assert digest(rec.db) == before and after.verdict(12) == signed.verdict(12)
    assert len(after.signatures) == len(signed.signatures) and check(rec.db).ok
    tasks.reopen(rec.db, rec.task, "并入卫红第 12 项的记录")
    receive(rec.db, _new_to(rec.db, b), "package-b")  # now it merges (and the record is signed again later)
    assert digest(rec.db).conflicts == 1 and check(rec.db).ok


def test_a_package_that_changes_nothing_a_signed_record_shows_is_merged(team):
    rec, a, b = team
    recording.set_verdict(b, rec.task, 12, "na")
    recording.set_verdict(b, rec.task, 12, "no_problem")  # b ends where the signed record is
    _sign_here(rec, rec.db, rec.path)
    receive(rec.db, _new_to(rec.db, b), "package-b")
    record = task_record(rec.db, rec.task)
    assert record.status.value == "signed" and record.verdict(12).value == "no_problem"
    assert check(rec.db).ok


# --- what held when attacked (kept as tests so it keeps holding) ---------------------------------------------

def test_two_devices_settling_one_conflict_differently_make_a_new_conflict_that_keeps_both(team):
    rec, a, b = team
    found = _conflict_on_item_7(rec, a, b)
    for db in (a, b):
        receive(db, _new_to(db, rec.db), "package-lead")
    by_value = {c.value: c.number for c in found.candidates}
    resolve_conflict(a, found.id, pick=by_value["problem"], reason="甲：照片为证")
    resolve_conflict(b, found.id, pick=by_value["na"], reason="乙：该项不适用")
    receive(a, _new_to(a, b), "package-b")
    receive(b, _new_to(b, a), "package-a")
    assert digest(a) == digest(b)
    (again,) = conflicts(a)
    assert again.id == found.id and sorted(c.value for c in again.candidates) == ["na", "problem"]
    assert {c.device for c in again.candidates} == {"device-a", "device-b"}  # the two resolutions
    resolve_conflict(a, again.id, pick=by_value["problem"], reason="组长决定")
    receive(b, _new_to(b, a), "package-a2")
    assert digest(a) == digest(b) and digest(b).conflicts == 0
    assert task_record(b, rec.task).verdict(7).value == "problem" and check(a).ok and check(b).ok


def test_a_resolution_that_arrives_before_the_edits_it_settles_gives_the_same_state(team):
    rec, a, b = team
    found = _conflict_on_item_7(rec, a, b)
    resolve_conflict(rec.db, found.id, value="problem", reason="照片为证")
    lead = profile.get(rec.db, "device_id")
    resolution = [e for e in _new_to(a, rec.db) if e.device == lead]
    receive(a, resolution, "package-lead-own")  # a does not hold b's version yet
    assert task_record(a, rec.task).verdict(7).value == "problem"
    receive(a, _new_to(a, b), "package-b")  # b's version arrives last: it is settled already
    assert task_record(a, rec.task).verdict(7).value == "problem"
    receive(a, _new_to(a, rec.db), "package-lead")
    assert digest(a) == digest(rec.db) and digest(a).conflicts == 0 and check(a).ok


def test_a_laptop_a_year_ahead_is_shown_while_the_conflict_is_open_but_never_wins_it(team):
    rec, a, b = team
    year = 365 * 86_400_000
    with b.atomic():
        profile.set_value(b, "hlc", f"{int(time.time() * 1000) + year:013d}-00000-device-b")
    found = _conflict_on_item_7(rec, a, b)
    assert found.candidates[-1].device == "device-b"  # the newest stamp: its version is the one shown
    settled = resolve_conflict(rec.db, found.id, pick=1, reason="照片为证")
    assert settled.value == "problem" and task_record(rec.db, rec.task).verdict(7).value == "problem"
    lead_clock = hlc.Hlc.parse(profile.get(rec.db, "hlc"))
    assert lead_clock.wall_ms < time.time() * 1000 + hlc.MAX_SKEW_MS  # not dragged a year ahead
    receive(rec.db, field_edits.all_edits(b.conn), "package-b-again")  # again: nothing changes
    assert task_record(rec.db, rec.task).verdict(7).value == "problem" and digest(rec.db).conflicts == 0
    recording.set_verdict(b, rec.task, 7, "no_problem")  # b, still a year ahead, edits its own version again
    receive(rec.db, _new_to(rec.db, b), "package-b2")  # it replaced only b's old version: a conflict again,
    (open_,) = conflicts(rec.db)  # with the resolution kept beside it (b's far stamp is shown until settled)
    assert sorted(c.value for c in open_.candidates) == ["no_problem", "problem"]
    resolve_conflict(rec.db, open_.id, value="problem", reason="照片为证")
    assert task_record(rec.db, rec.task).verdict(7).value == "problem" and digest(rec.db).conflicts == 0


@pytest.mark.parametrize("order", ["removal first", "edit first"])
def test_a_sample_removed_on_one_laptop_and_edited_on_another_stays_removed_with_the_edit_kept(team, order):
    rec, a, b = team
    recording.save_blind_sample(rec.db, rec.task, SAMPLE)
    sample = recording.sample_by_code(rec.db, rec.task, "B1")
    for db in (a, b):
        receive(db, _new_to(db, rec.db), "package-lead")
    recording.remove_blind_sample(a, sample)
    recording.save_blind_sample(b, rec.task, {"result": "12.5"}, sample)
    for source in ((a, b) if order == "removal first" else (b, a)):
        receive(rec.db, _new_to(rec.db, source), "package")
    assert task_record(rec.db, rec.task).blind_samples == []  # removed: an edit does not bring it back
    removed = recording.blind_sample(rec.db, sample)
    assert removed.result == "12.5"  # and the edit made meanwhile is kept on it
    assert digest(rec.db).conflicts == 0 and check(rec.db).ok


def test_the_command_line_answers_odd_resolutions_in_words_never_with_a_defect(team, capsys):
    from tests.cli_helpers import call_main

    rec, a, b = team
    recording.set_verdict(a, rec.task, 5, "problem", "甲的描述")
    recording.set_verdict(b, rec.task, 5, "na", "乙的描述")  # both verdict and description differ
    receive(rec.db, _new_to(rec.db, a), "package-a")
    receive(rec.db, _new_to(rec.db, b), "package-b")
    ids = {c.field: c.id for c in conflicts(rec.db)}
    rec.db.conn.close()

    def run(*args):
        return call_main(capsys, ["--db", str(rec.path), "conflict", "resolve", *args, "--json"])

    for args in ([ids["description"], "--pick", "0", "--reason", "x"], [ids["description"], "--pick", "-1",
                 "--reason", "x"], [ids["description"], "--pick", str(10**30), "--reason", "x"],
                 [ids["description"], "--pick", "1", "--reason", "\u3000\t "],
                 [ids["verdict"].replace("finding", "photo"), "--pick", "1", "--reason", "x"],
                 ["不存在:的:冲突", "--value", "x", "--reason", "x"]):
        refused = run(*args)
        assert refused.status == 1 and "error" in json.loads(refused.stdout), (args, refused)
    combined = "甲的描述；乙的描述。" + "补充说明🙂" * 20_000  # unicode and 100 000 characters
    done = run(ids["description"], "--value", combined, "--reason", "两人所见合并")
    assert done.status == 0 and json.loads(done.stdout)["value"] == combined
    assert run(ids["verdict"], "--value", "", "--reason", "x").status == 1  # a verdict cannot be blank
    settled = run(ids["verdict"], "--value", "problem", "--reason", "两人都记为发现问题")
    assert settled.status == 0 and json.loads(settled.stdout)["open"] is False
    again = run(ids["verdict"], "--pick", "1", "--reason", "再来一次")  # settled: no conflict of that id now
    assert again.status == 1


def test_rows_added_on_two_devices_are_listed_in_one_order_everywhere(team):
    from app.services.reporting import record_hash

    rec, a, b = team
    tasks.add_attendee(a, rec.task, "王经理", "质量负责人")
    tasks.add_attendee(b, rec.task, "刘工", "技术负责人")
    receive(rec.db, _new_to(rec.db, a), "package-a")
    receive(rec.db, _new_to(rec.db, b), "package-b")
    receive(a, _new_to(a, b), "package-b")
    receive(b, _new_to(b, a), "package-a")
    assert digest(a) == digest(b) == digest(rec.db)
    assert record_hash(task_record(a, rec.task)) == record_hash(task_record(b, rec.task))


def test_two_laptops_stamping_the_same_millisecond_and_counter_stay_two_versions_in_either_order(team, tmp_path):
    rec, a, b = team
    same = f"{int(time.time() * 1000) + 3_600_000:013d}-00007"
    for db, name in ((a, "device-a"), (b, "device-b")):
        with db.atomic():
            profile.set_value(db, "hlc", f"{same}-{name}")
    recording.set_verdict(a, rec.task, 4, "problem", "甲")
    recording.set_verdict(b, rec.task, 4, "problem", "乙")
    stamps = {e.hlc.rsplit("-", 1)[0] for db in (a, b) for e in _new_to(rec.db, db) if e.field == "description"}
    assert stamps == {same.rsplit("-", 1)[0] + "-00008-device"}  # the same wall and counter on both
    other = _laptop_in(rec, tmp_path, "other", rec.cast.lead)
    try:
        for first, second, db in ((a, b, rec.db), (b, a, other)):
            receive(db, _new_to(db, first), "package-1")
            receive(db, _new_to(db, second), "package-2")
        assert digest(rec.db) == digest(other)
        (found,) = [c for c in conflicts(rec.db) if c.field == "description"]
        assert [c.value for c in found.candidates] == ["甲", "乙"]  # tie broken by the device, in both
    finally:
        other.close()


def test_a_removed_sample_brought_back_on_a_laptop_whose_code_was_given_again_is_refused_naming_the_code(team):
    rec, a, b = team
    recording.save_blind_sample(rec.db, rec.task, SAMPLE)
    first = recording.sample_by_code(rec.db, rec.task, "B1")
    for db in (a, b):
        receive(db, _new_to(db, rec.db), "package-lead")
    recording.remove_blind_sample(a, first)
    recording.save_blind_sample(a, rec.task, {**SAMPLE, "result": "9.9"})  # a gives B1 to a new sample
    recording.remove_blind_sample(b, first)
    recording.restore_blind_sample(b, first)  # b takes it out and puts it back: its newest version keeps it
    receive(rec.db, _new_to(rec.db, a), "package-a")
    before = digest(rec.db)
    with pytest.raises(IntegrityFailure, match="编号 B1：") as refused:
        receive(rec.db, _new_to(rec.db, b), "package-b")
    assert refused.value.problems[0].value == "B1"
    assert digest(rec.db) == before and check(rec.db).ok


@pytest.mark.parametrize("new_id", ["00000000-0000-4000-8000-000000000000", "ffffffff-ffff-4fff-bfff-ffffffffffff"])
def test_a_sample_removed_and_its_code_given_to_a_new_one_merges_whatever_their_ids(team, monkeypatch, new_id):
    import uuid

    rec, a, b = team
    recording.save_blind_sample(rec.db, rec.task, SAMPLE)
    first = recording.sample_by_code(rec.db, rec.task, "B1")
    receive(a, _new_to(a, rec.db), "package-lead")
    recording.remove_blind_sample(a, first)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(new_id))  # the new sample's id sorts first, or last
    recording.save_blind_sample(a, rec.task, {**SAMPLE, "result": "9.9"})
    monkeypatch.undo()
    receive(rec.db, _new_to(rec.db, a), "package-a")  # one package: the removal and the new sample
    assert [(s.id, s.code, s.result) for s in task_record(rec.db, rec.task).blind_samples] == [(new_id, "B1", "9.9")]
    assert digest(rec.db) == digest(a) and check(rec.db).ok


def test_two_laptops_writing_the_same_value_agree_and_a_later_edit_goes_on_top_of_both(team):
    """Two devices that wrote the same value from the same version are no conflict to settle; the next edit of the
    field replaces both versions, so it does not become a conflict later, here or where it travels."""
    rec, a, b = team
    recording.set_verdict(a, rec.task, 6, "problem", "人员档案缺少培训记录")
    recording.set_verdict(b, rec.task, 6, "problem", "人员档案缺少培训记录")
    receive(rec.db, _new_to(rec.db, a), "package-a")
    receive(rec.db, _new_to(rec.db, b), "package-b")
    assert [c.label for c in conflicts(rec.db)] == []
    recording.set_verdict(rec.db, rec.task, 6, "problem", "人员档案缺少2人的培训记录")
    assert [c.label for c in conflicts(rec.db)] == []
    for laptop in (a, b):
        receive(laptop, _new_to(laptop, rec.db), "package-lead")
        assert [c.label for c in conflicts(laptop)] == []
        assert task_record(laptop, rec.task).findings[6].description == "人员档案缺少2人的培训记录"
    assert digest(a) == digest(b) == digest(rec.db)
