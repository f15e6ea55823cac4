"""Every recorded edit travels as field edits on top of the versions it replaced (issue 10, first increment):
they agree with the recorded tables, the audit log gives the same ones for older databases, and the digest
names the content by UUID, not by row ids or the order things were written."""

from __future__ import annotations

import json
import sqlite3

from app.domain.merge import merge
from app.services import recording, tasks
from app.services.merge import digest
from app.store import field_edits
from app.store.rows import ENTITIES
from tests.recording_helpers import answer_all, jpeg_file


def _record_a_little(rec) -> None:
    task = rec.task
    answer_all(rec.db, task)
    recording.set_verdict(rec.db, task, 7, "problem", "原始记录缺少复核签名")
    recording.set_verdict(rec.db, task, 7, "problem", "原始记录缺少复核人签名")
    sample = recording.save_blind_sample(rec.db, task, {"code": "B1", "parameter": "铅", "unit": "mg/kg",
                                                       "statistic": "z", "assigned": "10", "sigma_pt": "0.5",
                                                       "result": "11.2"})
    recording.save_blind_sample(rec.db, task, {"result": "10.4"}, sample.id)
    photo = recording.add_photo(rec.db, rec.path, task, jpeg_file(rec.tmp / "p.jpg"), 7, "原始记录")
    recording.remove_photo(rec.db, photo.id)
    tasks.add_attendee(rec.db, task, "张敏", "质量负责人")
    recording.correct_institution(rec.db, task, "address", "大同市新地址 8 号")


def test_each_edit_is_on_top_of_the_version_it_replaced(rec):
    _record_a_little(rec)
    edits = [e for e in field_edits.all_edits(rec.db.conn) if e.key[0] == "finding" and e.key[2] == "description"]
    finding_7 = {e.entity_id for e in edits if e.value == "原始记录缺少复核人签名"}
    history = sorted((e for e in edits if e.entity_id in finding_7), key=lambda e: e.hlc)
    # created without a description (the column's default), then described, then corrected
    assert [e.value for e in history] == ["原始记录缺少复核签名", "原始记录缺少复核人签名"]
    assert [e.bases for e in history] == [(), (history[0].hlc,)]
    assert all(not s.conflict for s in merge(field_edits.all_edits(rec.db.conn)).values())


def test_the_field_edits_agree_with_the_recorded_tables(rec):
    _record_a_little(rec)
    state = merge(field_edits.all_edits(rec.db.conn))
    tables = {entity: table for table, entity in ENTITIES.items()}
    compared = 0
    for (entity, entity_id, field), fs in state.items():
        table = tables[entity]
        if table == "tasks":
            where, params = "id = ?", [entity_id]
        elif table == "task_members":  # one per task: task/inspector (m014)
            task_id, _, inspector_id = entity_id.partition("/")
            assert task_id == fs.heads[0].task_id
            where, params = "task_id = ? AND inspector_id = ?", [task_id, inspector_id]
        elif table == "institution_corrections":
            where, params = "task_id = ? AND field = ?", entity_id.split("/", 1)
        else:
            where, params = "id = ?", [entity_id]
        stored = rec.db.conn.execute(f"SELECT {field} FROM {table} WHERE {where}", params).fetchone()[0]
        assert fs.value == (None if stored is None else str(stored)), (entity, field)
        compared += 1
    assert compared > 60


def test_an_older_database_gets_the_same_edits_from_its_audit_log(rec):
    _record_a_little(rec)
    made = {(e.identity, e.value, e.bases) for e in field_edits.all_edits(rec.db.conn)}
    before = digest(rec.db)
    rec.db.conn.execute("DELETE FROM field_edits")  # as a database made before m008 had none
    field_edits.backfill(rec.db.conn, ENTITIES)
    assert {(e.identity, e.value, e.bases) for e in field_edits.all_edits(rec.db.conn)} == made
    assert digest(rec.db) == before


def test_the_digest_is_the_same_for_a_copy_and_changes_with_an_edit(rec, tmp_path):
    _record_a_little(rec)
    first = digest(rec.db)
    assert first.conflicts == 0 and first.fields > 60 and first.edits >= first.fields
    copy = tmp_path / "copy.sqlite"
    backup = sqlite3.connect(copy)
    rec.db.conn.backup(backup)
    backup.execute("VACUUM")  # other row ids and pages, the same content
    assert [r[0] for r in backup.execute("SELECT count(*) FROM field_edits")] == [first.edits]
    backup.close()
    from app.store.database import open_database

    other = open_database(copy)
    try:
        assert digest(other) == first
    finally:
        other.close()
    recording.set_verdict(rec.db, rec.task, 3, "na")
    assert digest(rec.db).sha256 != first.sha256


def test_the_digest_command(rec, capsys):
    from tests.cli_helpers import call_main

    expected = digest(rec.db)
    rec.db.conn.close()
    run = call_main(capsys, ["--db", str(rec.path), "digest", "--json"])
    assert run.status == 0 and json.loads(run.stdout) == expected.to_json()
    text = call_main(capsys, ["--db", str(rec.path), "digest"])
    assert text.stdout.splitlines()[0] == expected.sha256
