"""The append-only, hash-chained audit log (docs/trust.md: a gap or an edit is evident).

The chain is built by real edits through the services, then tampered with the way someone with a SQLite
shell could: the append-only triggers are dropped with raw sqlite3 and an entry is changed or deleted.
`app.store.audit_log.verify` must say where and how. With the triggers in place, UPDATE and DELETE are
refused by SQLite itself. A failed edit leaves neither its change nor an audit entry. Hypothesis checks
the pure chain (`app.domain.audit`) on arbitrary entries.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.domain import audit
from app.services import recording, tasks
from app.store import profile
from app.store import rows as stored
from app.store.audit_log import Edit, entries, verify
from tests.recording_helpers import (
    answer_all,
    audit_count,
    demo_database,
    drop_triggers,
    last_audit_id,
    new_task,
    raw,
    restore_triggers,
)


@pytest.fixture
def chain(tmp_path):
    """A demo database with a task recorded to a fair length (about 60 audit entries)."""
    path = tmp_path / "d.sqlite"
    db, cast = demo_database(path)
    task_id = new_task(db, cast)
    tasks.set_visit(db, task_id, notified_at=datetime(2025, 10, 9, 9), started_at=datetime(2025, 10, 10, 8))
    answer_all(db, task_id)
    recording.set_verdict(db, task_id, 7, "problem", "原始记录缺少复核签名")
    recording.save_blind_sample(db, task_id, {"code": "K1", "statistic": "z", "assigned": "10", "sigma_pt": "0.5",
                                              "result": "11.2"})
    recording.correct_institution(db, task_id, "address", "更正后的地址")
    yield db, path, task_id
    db.conn.close()


def kinds_at(breaks) -> set[tuple[int, str]]:
    return {(b.entry_id, b.kind) for b in breaks}


# --- a chain built by real edits ------------------------------------------------------------------


def test_a_chain_built_by_real_edits_verifies_clean(chain):
    db, _, task_id = chain
    count, breaks = verify(db)
    assert breaks == []
    assert count == audit_count(db) > 40
    rows = entries(db)
    assert [r["id"] for r in rows] == list(range(1, count + 1))
    assert rows[0]["prev_hash"] == audit.GENESIS
    for before, after in zip(rows, rows[1:]):
        assert after["prev_hash"] == before["hash"]
    assert {r["task_id"] for r in rows} == {task_id}
    assert len(entries(db, task_id)) == count


def test_an_empty_log_verifies_clean(db):
    assert verify(db) == (0, [])


# --- tampering, found ----------------------------------------------------------------------------


@pytest.mark.parametrize("column,value", [("new_value", "problem"), ("old_value", None), ("author", "someone"),
                                          ("at", "2020-01-01T00:00:00+08:00"), ("hlc", "0000000000000-00000-x"),
                                          ("action", "create"), ("entity_id", "other"), ("field", "description")])
def test_an_edited_entry_is_found_at_its_id(chain, column, value):
    db, path, _ = chain
    target = 25
    original = entries(db)[target - 1]
    assert original["action"] == "update" and original[column] != value
    drop_triggers(path)
    conn = raw(path)
    conn.execute(f"UPDATE audit_log SET {column} = ? WHERE id = ?", [value, target])
    conn.close()
    restore_triggers(path)
    count, breaks = verify(db)
    assert count == audit_count(db)
    assert kinds_at(breaks) == {(target, "edited")}
    assert "被改动" in breaks[0].message


def test_an_entry_rehashed_after_editing_breaks_the_next_link(chain):
    db, path, _ = chain
    target = 30
    entry = entries(db)[target - 1]
    entry["new_value"] = "forged"
    forged_hash = audit.entry_hash(entry, entry["prev_hash"])
    drop_triggers(path)
    conn = raw(path)
    conn.execute("UPDATE audit_log SET new_value = 'forged', hash = ? WHERE id = ?", [forged_hash, target])
    conn.close()
    restore_triggers(path)
    _, breaks = verify(db)
    assert kinds_at(breaks) == {(target + 1, "relinked")}


def test_an_entry_deleted_in_the_middle_is_found(chain):
    db, path, _ = chain
    drop_triggers(path)
    conn = raw(path)
    conn.execute("DELETE FROM audit_log WHERE id = 20")
    conn.close()
    restore_triggers(path)
    count, breaks = verify(db)
    assert count == audit_count(db)
    assert kinds_at(breaks) == {(21, "missing"), (21, "relinked")}
    assert any("第 20 条" in b.message for b in breaks)


def test_several_entries_deleted_in_the_middle_are_found(chain):
    db, path, _ = chain
    drop_triggers(path)
    conn = raw(path)
    conn.execute("DELETE FROM audit_log WHERE id BETWEEN 10 AND 14")
    conn.close()
    restore_triggers(path)
    _, breaks = verify(db)
    assert kinds_at(breaks) == {(15, "missing"), (15, "relinked")}
    assert any("第 10–14 条" in b.message for b in breaks)


def test_the_first_entry_deleted_is_found(chain):
    db, path, _ = chain
    drop_triggers(path)
    conn = raw(path)
    conn.execute("DELETE FROM audit_log WHERE id = 1")
    conn.close()
    restore_triggers(path)
    _, breaks = verify(db)
    assert (2, "relinked") in kinds_at(breaks)


def test_the_last_entry_deleted_is_found_through_the_id_sequence(chain):
    db, path, _ = chain
    last = last_audit_id(db)
    drop_triggers(path)
    conn = raw(path)
    conn.execute("DELETE FROM audit_log WHERE id = ?", [last])
    conn.close()
    restore_triggers(path)
    count, breaks = verify(db)
    assert count == last - 1
    assert kinds_at(breaks) == {(last, "missing")}
    assert "末尾" in breaks[0].message


def test_the_last_entries_deleted_are_found_through_the_id_sequence(chain):
    db, path, _ = chain
    last = last_audit_id(db)
    drop_triggers(path)
    conn = raw(path)
    conn.execute("DELETE FROM audit_log WHERE id > ?", [last - 5])
    conn.close()
    restore_triggers(path)
    _, breaks = verify(db)
    assert kinds_at(breaks) == {(last - 4, "missing")}
    assert f"第 {last - 4}–{last} 条" in breaks[0].message


def test_the_last_entry_deleted_stays_evident_after_the_next_edit(chain):
    db, path, task_id = chain
    last = last_audit_id(db)
    drop_triggers(path)
    conn = raw(path)
    conn.execute("DELETE FROM audit_log WHERE id = ?", [last])
    conn.close()
    restore_triggers(path)
    assert verify(db)[1]  # found now …
    recording.set_verdict(db, task_id, 3, "na")
    assert verify(db)[1]  # … and still found after the next ordinary edit


def test_a_forged_entry_appended_with_a_wrong_hash_is_found(chain):
    db, path, _ = chain
    last = entries(db)[-1]
    forged = {**last, "id": last["id"] + 1, "new_value": "forged", "prev_hash": last["hash"], "hash": "0" * 64}
    conn = raw(path)  # appending is what the triggers allow
    names = list(forged)
    conn.execute(f"INSERT INTO audit_log ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                 [forged[n] for n in names])
    conn.close()
    _, breaks = verify(db)
    assert kinds_at(breaks) == {(last["id"] + 1, "edited")}


# --- the triggers --------------------------------------------------------------------------------


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET new_value = 'x' WHERE id = 5",
                                 "UPDATE audit_log SET hash = hash",
                                 "DELETE FROM audit_log WHERE id = 5",
                                 "DELETE FROM audit_log"])
def test_the_log_is_append_only(chain, sql):
    db, path, _ = chain
    before = entries(db)
    conn = raw(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only") as info:
        conn.execute(sql)
    conn.close()
    assert isinstance(info.value, sqlite3.IntegrityError)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # through the app's own connection too
        db.conn.execute(sql)
    db.conn.rollback()
    assert entries(db) == before
    assert verify(db)[1] == []


# --- edits that fail ----------------------------------------------------------------------------


def test_a_failed_edit_leaves_neither_the_change_nor_an_audit_entry(chain):
    db, _, task_id = chain
    before_entries, before_clock = audit_count(db), profile.get(db, "hlc")
    finding = stored.fetch(db.conn, "findings", {"task_id": task_id, "item": 2})
    with pytest.raises(RuntimeError, match="power cut"):
        with Edit(db, "author", "device") as e:
            stored.update(e, "findings", {"id": finding["id"]}, {"verdict": "problem", "description": "x"},
                           finding["id"], task_id)
            stored.insert(e, "signatory_exams", {"id": "exam-1", "task_id": task_id, "position": 1}, "exam-1",
                           task_id)
            assert audit_count(db) == before_entries + 3  # written inside the transaction …
            raise RuntimeError("power cut")
    assert not db.conn.in_transaction
    assert audit_count(db) == before_entries  # … and gone with it
    assert stored.fetch(db.conn, "findings", {"id": finding["id"]}) == finding
    assert stored.fetch(db.conn, "signatory_exams", {"id": "exam-1"}) is None
    assert profile.get(db, "hlc") == before_clock
    assert verify(db)[1] == []
    # the next edit chains on as if nothing had happened
    recording.set_verdict(db, task_id, 2, "na")
    count, breaks = verify(db)
    assert breaks == [] and count == before_entries + 1


def test_a_constraint_failure_inside_an_edit_rolls_back_the_entries_already_written(chain):
    db, _, task_id = chain
    before = audit_count(db)
    with pytest.raises(sqlite3.IntegrityError):
        with Edit(db, "author", "device") as e:
            stored.insert(e, "signatory_exams", {"id": "exam-2", "task_id": task_id, "position": 1}, "exam-2",
                           task_id)
            stored.insert(e, "signatory_exams", {"id": "exam-2", "task_id": task_id, "position": 2}, "exam-2",
                           task_id)
    assert audit_count(db) == before
    assert stored.fetch(db.conn, "signatory_exams", {"id": "exam-2"}) is None


def test_an_edit_cannot_start_inside_another_transaction(chain):
    db, _, _ = chain
    db.conn.execute("BEGIN")
    try:
        with pytest.raises(RuntimeError):
            with Edit(db, "author", "device"):
                pass
    finally:
        db.conn.rollback()


def test_one_edit_writes_one_clock_stamp_for_all_its_entries(chain):
    db, _, task_id = chain
    before = last_audit_id(db)
    with Edit(db, "author", "device") as e:
        e.log("note", "task", task_id, task_id, "a", None, "1")
        e.log("note", "task", task_id, task_id, "b", None, "2")
    new = [r for r in entries(db) if r["id"] > before]
    assert len({r["hlc"] for r in new}) == 1 and new[0]["hlc"] == e.hlc == profile.get(db, "hlc")
    assert {r["author"] for r in new} == {"author"} and {r["device"] for r in new} == {"device"}
    assert verify(db)[1] == []


# --- the pure chain, any entries (hypothesis) ----------------------------------------------------

# What an entry's hash covers, written here: a field dropped from audit.FIELDS would leave it unprotected.
HASHED_FIELDS = ("id", "at", "author", "device", "hlc", "action", "entity", "entity_id", "task_id", "field",
                 "old_value", "new_value")
TEXT_FIELDS = [f for f in HASHED_FIELDS if f != "id"]
_text = st.text(max_size=12)
_maybe = st.none() | _text


@st.composite
def entry_bodies(draw):
    return {
        "at": draw(_text), "author": draw(_text), "device": draw(_text), "hlc": draw(_text),
        "action": draw(st.sampled_from(["create", "update", "delete", "sign", "reopen", "replace"])),
        "entity": draw(_text), "entity_id": draw(_text), "task_id": draw(_maybe), "field": draw(_maybe),
        "old_value": draw(_maybe), "new_value": draw(_maybe),
    }


def build_chain(bodies: list[dict], first_id: int) -> list[dict]:
    chain, prev = [], audit.GENESIS
    for offset, body in enumerate(bodies):
        entry = {"id": first_id + offset, **body, "prev_hash": prev}
        entry["hash"] = audit.entry_hash(entry, prev)
        chain.append(entry)
        prev = entry["hash"]
    return chain


chains = st.builds(build_chain, st.lists(entry_bodies(), min_size=1, max_size=12), st.integers(1, 10_000))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(chains)
def test_any_chain_built_with_entry_hash_verifies(entries_):
    assert audit.verify_chain(entries_) == (len(entries_), [])


@FAST
@given(chains, st.data())
def test_changing_any_field_of_any_entry_is_found(entries_, data):
    index = data.draw(st.integers(0, len(entries_) - 1), label="entry")
    name = data.draw(st.sampled_from(list(HASHED_FIELDS) + ["prev_hash", "hash"]), label="field")
    old = entries_[index][name]
    if name == "id":
        new = data.draw(st.integers(-10, 20_000), label="value")
    elif name in ("prev_hash", "hash"):
        new = data.draw(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), label="value")
    else:
        new = data.draw(_maybe, label="value")
    assume(new != old)
    tampered = [dict(e) for e in entries_]
    tampered[index][name] = new
    count, breaks = audit.verify_chain(tampered)
    assert count == len(entries_)
    assert breaks
    assert any(b.entry_id in (tampered[index]["id"], entries_[index]["id"] + 1) for b in breaks)


@FAST
@given(chains.filter(lambda c: len(c) >= 2), st.data())
def test_removing_any_entry_but_the_last_is_found(entries_, data):
    index = data.draw(st.integers(0, len(entries_) - 2), label="removed")
    rest = entries_[:index] + entries_[index + 1:]
    _, breaks = audit.verify_chain(rest)
    assert {b.kind for b in breaks} & {"missing", "relinked"}


@FAST
@given(chains.filter(lambda c: len(c) >= 2), st.data())
def test_swapping_two_entries_is_found(entries_, data):
    i = data.draw(st.integers(0, len(entries_) - 2), label="i")
    j = data.draw(st.integers(i + 1, len(entries_) - 1), label="j")
    swapped = list(entries_)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    assert audit.verify_chain(swapped)[1]


@FAST
@given(st.lists(entry_bodies(), min_size=1, max_size=6))
def test_the_hash_covers_every_field_and_the_previous_hash(bodies):
    entry = {"id": 1, **bodies[0]}
    base = audit.entry_hash(entry, audit.GENESIS)
    assert len(base) == 64 and base == audit.entry_hash(dict(entry), audit.GENESIS)
    assert audit.entry_hash(entry, "f" * 64) != base
    for name in TEXT_FIELDS:
        changed = {**entry, name: (entry[name] or "") + "·"}
        assert audit.entry_hash(changed, audit.GENESIS) != base, name


def test_entry_hash_is_sha256_of_the_canonical_json():
    import hashlib
    import json

    entry = {"id": 7, "at": "2025-10-09T09:00:00+08:00", "author": "甲", "device": "d", "hlc": "1-00000-d",
             "action": "update", "entity": "finding", "entity_id": "f", "task_id": "t", "field": "verdict",
             "old_value": "not_checked", "new_value": "problem", "ignored": "not hashed"}
    body = {k: entry[k] for k in HASHED_FIELDS} | {"prev_hash": "0" * 64}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert audit.GENESIS == "0" * 64
    assert audit.entry_hash(entry, audit.GENESIS) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert audit.entry_hash(entry, audit.GENESIS) == GOLDEN_HASH


# The hash of that entry, computed once and written here: any change to what is hashed, or how, changes it.
GOLDEN_HASH = "383dd21ea46de86d55f4c24082b8d4e87e1b6876ce063e67a99a05560a363368"


def test_the_hashed_fields_are_the_entry_fields_in_stored_order():
    assert tuple(audit.FIELDS) == HASHED_FIELDS


def test_the_clock_stamp_orders_as_text():
    from app.domain.hlc import Hlc, tick

    a = tick(None, 1_700_000_000_000, "dev")
    b = tick(a, 1_700_000_000_000, "dev")
    c = tick(b, 1_699_999_999_000, "dev")  # the wall clock went back: the stamp does not
    d = tick(c, 1_700_000_000_001, "dev")
    stamps = [str(s) for s in (a, b, c, d)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert Hlc.parse(stamps[2]) == c


# --- the recorded tables against the replayed log (issue 7, item 7) ------------------------------


def _mismatches(db, task_id=None):
    from app.services.audit import check

    return check(db, task_id).mismatches


def test_a_recorded_database_matches_its_replayed_log(chain):
    db, _, task_id = chain
    assert _mismatches(db) == []
    assert _mismatches(db, task_id) == []


def test_a_verdict_changed_in_its_table_without_an_entry_is_found(chain):
    db, path, task_id = chain
    conn = raw(path)
    conn.execute("UPDATE findings SET verdict = 'no_problem' WHERE task_id = ? AND item = 7", [task_id])
    conn.close()
    assert verify(db)[1] == []  # the chain alone cannot see it …
    found = _mismatches(db)  # … the replay does
    finding = stored.fetch(db.conn, "findings", {"task_id": task_id, "item": 7})
    assert [(m.table, m.entity_id, m.field, m.stored, m.logged) for m in found] == [
        ("findings", finding["id"], "verdict", "no_problem", "problem")]
    assert "verdict" in found[0].message and "problem" in found[0].message


def test_a_description_and_its_stamp_forged_together_are_found(chain):
    db, path, task_id = chain
    conn = raw(path)
    conn.execute("UPDATE findings SET description = '无', author = 'someone', hlc = '9999999999999-00000-x' "
                 "WHERE task_id = ? AND item = 7", [task_id])
    conn.close()
    assert {m.field for m in _mismatches(db)} == {"description", "author", "hlc"}


def test_a_row_inserted_without_an_entry_is_found(chain):
    db, path, task_id = chain
    conn = raw(path)
    conn.execute("INSERT INTO signatory_exams (id, task_id, position, signatory, score, result, updated_at, hlc) "
                 "VALUES ('planted', ?, 9, '张三', '95', 'pass', 't', 'h')", [task_id])
    conn.close()
    found = _mismatches(db)
    assert [(m.table, m.entity_id, m.kind) for m in found] == [("signatory_exams", "planted", "unlogged")]


def test_a_row_deleted_without_an_entry_is_found(chain):
    db, path, task_id = chain
    sample = db.conn.execute("SELECT id FROM blind_samples WHERE task_id = ?", [task_id]).fetchone()[0]
    conn = raw(path)
    conn.execute("DELETE FROM blind_samples WHERE id = ?", [sample])
    conn.close()
    found = _mismatches(db)
    assert [(m.table, m.entity_id, m.kind) for m in found] == [("blind_samples", sample, "missing")]


def test_a_correction_and_a_team_changed_behind_the_log_are_found(chain):
    db, path, task_id = chain
    conn = raw(path)
    conn.execute("UPDATE institution_corrections SET value = '另一个地址' WHERE task_id = ?", [task_id])
    conn.execute("UPDATE task_members SET role = 'leader' WHERE task_id = ? AND role = 'member'", [task_id])
    conn.close()
    assert {(m.table, m.field) for m in _mismatches(db)} == {("institution_corrections", "value"),
                                                             ("task_members", "role")}


def test_edits_made_after_tampering_do_not_hide_it(chain):
    db, path, task_id = chain
    conn = raw(path)
    conn.execute("UPDATE findings SET verdict = 'na' WHERE task_id = ? AND item = 7", [task_id])
    conn.close()
    recording.set_verdict(db, task_id, 8, "problem", "签字人超范围签发报告")
    assert [(m.field, m.stored, m.logged) for m in _mismatches(db)] == [("verdict", "na", "problem")]


def test_audit_verify_names_the_changed_field_and_exits_3(chain, capsys):
    from app.cli import main

    db, path, task_id = chain
    conn = raw(path)
    conn.execute("UPDATE findings SET verdict = 'no_problem' WHERE task_id = ? AND item = 7", [task_id])
    conn.close()
    assert main(["--db", str(path), "audit", "verify", "--json"]) == 3
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["breaks"] == []
    assert [(m["table"], m["field"], m["stored"], m["logged"]) for m in out["mismatches"]] == [
        ("findings", "verdict", "no_problem", "problem")]
    assert main(["--db", str(path), "audit", "verify"]) == 3
    text = capsys.readouterr().out
    assert "findings" in text and "verdict" in text and "Spotcheck 之外" in text


# --- values planted behind the log make a command fail as an integrity failure, not a defect ----------


@pytest.mark.parametrize("column,value", [
    ("blind_samples.details", "[" * 100_000 + "]" * 100_000),  # nested beyond Python's recursion
    ("signatures.witnesses", "["),
    ("blind_samples.details", b"\x00\x01binary"),
])
def test_a_planted_value_that_breaks_a_command_is_an_integrity_failure(chain, capsys, column, value):
    from app.cli import main

    db, path, task_id = chain
    table, field = column.split(".")
    conn = raw(path)
    if table == "signatures":
        conn.execute("INSERT INTO signatures (id, task_id, signer, name, signed_at, refused, witnesses, updated_at, "
                     "hlc) VALUES ('planted', ?, 'representative', '某人', '2025-10-10T10:00', 1, ?, 't', 'h')",
                     [task_id, value])
    else:
        conn.execute(f"UPDATE {table} SET {field} = ? WHERE task_id = ?", [value, task_id])
    conn.close()
    status = main(["--db", str(path), "task", "show", task_id, "--json"])
    out = capsys.readouterr().out
    assert status == 3, out
    import json

    error = json.loads(out)["error"]
    assert error["code"] == "integrity" and "Spotcheck 之外" in error["message"] and "audit verify" in error["message"]


def test_an_id_sequence_raised_to_its_limit_makes_edits_an_integrity_failure(chain, capsys):
    from app.cli import main

    db, path, task_id = chain
    conn = raw(path)
    conn.execute("UPDATE sqlite_sequence SET seq = 9223372036854775807 WHERE name = 'audit_log'")
    conn.close()
    status = main(["--db", str(path), "record", "verdict", "--task", task_id, "--item", "1", "--verdict", "na",
                   "--json"])
    assert status == 3
    assert '"integrity"' in capsys.readouterr().out
