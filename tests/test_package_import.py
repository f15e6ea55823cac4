"""`package import` (issue 10): a colleague's findings package is verified, then merged; importing it again
writes nothing but its inbox entry; a tampered package writes nothing but its inbox entry; a field both changed
from the same version is a conflict, listed side by side, resolved with a reason."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.services.merge import digest
from app.services.task_view import list_tasks, task_record
from app.store.database import open_database
from tests.cli_helpers import call_main

LEAD, COLLEAGUE = "口令 of the lead 2025", "口令 of a colleague 9"


@pytest.fixture
def pair(tmp_path):
    """The lead's database and a colleague's laptop (tests/recording_helpers.py `lead_and_laptop`); the task is
    one the colleague is on, still on site."""
    from tests.recording_helpers import lead_and_laptop

    lead_path, laptop_path, task, _ = lead_and_laptop(tmp_path, LEAD, COLLEAGUE)
    return lead_path, laptop_path, task.id


def _on(path: Path):
    return open_database(path)


def _export(laptop_path: Path, task_id: str, out: Path) -> Path:
    from app.services.packages import export_findings

    db = _on(laptop_path)
    try:
        export_findings(db, laptop_path, task_id, out, COLLEAGUE)
    finally:
        db.close()
    return out


def test_a_colleagues_findings_are_merged_once(pair, capsys, tmp_path):
    from app.services import recording

    lead_path, laptop_path, task_id = pair
    laptop = _on(laptop_path)
    recording.set_verdict(laptop, task_id, 12, "problem", "签发的报告未加盖资质认定标志")
    recording.add_photo(laptop, laptop_path, task_id, _jpeg(tmp_path / "seal.jpg"), 12, "报告首页")
    laptop.close()
    package = _export(laptop_path, task_id, tmp_path / "colleague.scpkg")

    run = call_main(capsys, ["--db", lead_path, "package", "import", package, "--json"])
    assert run.status == 0, run
    (item,) = run.json["items"]
    assert item["verdict"] == "merged" and item["new_edits"] > 0 and item["conflicts"] == 0
    lead = _on(lead_path)
    try:
        record = task_record(lead, task_id)
        assert record.verdict(12).value == "problem" and record.findings[12].description == "签发的报告未加盖资质认定标志"
        assert [p.caption for p in record.photos if p.item == 12][-1] == "报告首页"
        from app.store.attachments import AttachmentStore

        assert AttachmentStore.for_database(lead_path).verify(record.photos[-1].sha256)
        from app.services.audit import check

        assert check(lead, db_path=lead_path).ok
        before = digest(lead)
    finally:
        lead.close()
    laptop = _on(laptop_path)
    assert digest(laptop).sha256 == before.sha256  # the lead now holds what the laptop holds
    laptop.close()

    again = call_main(capsys, ["--db", lead_path, "package", "import", package, "--json"])
    assert again.status == 0 and again.json["items"][0]["verdict"] == "already"
    lead = _on(lead_path)
    assert digest(lead) == before
    lead.close()
    listed = call_main(capsys, ["--db", lead_path, "inbox", "list", "--json"]).json["items"]
    assert [e["verdict"] for e in listed] == ["already", "merged"]


def test_a_tampered_package_writes_nothing_but_its_inbox_entry(pair, capsys, tmp_path):
    from app.services import recording

    lead_path, laptop_path, task_id = pair
    laptop = _on(laptop_path)
    recording.set_verdict(laptop, task_id, 3, "problem", "独立性声明未签署")
    laptop.close()
    package = _export(laptop_path, task_id, tmp_path / "colleague.scpkg")
    tampered = tmp_path / "tampered.scpkg"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(tampered, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "data.json":
                data = data.replace("独立性声明未签署".encode(), "独立性声明已签署".encode())
            out.writestr(info, data)
    lead = _on(lead_path)
    before = digest(lead)
    lead.close()
    run = call_main(capsys, ["--db", lead_path, "package", "import", tampered, "--json"])
    assert run.status == 3
    (item,) = run.json["items"]
    assert item["verdict"] == "refused" and item["error"]["problems"][0]["file"] == "data.json"
    lead = _on(lead_path)
    try:
        assert digest(lead) == before and task_record(lead, task_id).verdict(3).value != "problem"
    finally:
        lead.close()
    (entry,) = call_main(capsys, ["--db", lead_path, "inbox", "list", "--json"]).json["items"]
    assert entry["verdict"] == "refused" and "SHA-256" in entry["message"]


def test_both_changing_the_same_item_is_a_conflict_resolved_with_a_reason(pair, capsys, tmp_path):
    from app.services import recording

    lead_path, laptop_path, task_id = pair
    laptop = _on(laptop_path)
    recording.set_verdict(laptop, task_id, 5, "problem", "保密协议缺失")
    laptop.close()
    lead = _on(lead_path)
    recording.set_verdict(lead, task_id, 5, "na")
    lead.close()
    package = _export(laptop_path, task_id, tmp_path / "colleague.scpkg")
    run = call_main(capsys, ["--db", lead_path, "package", "import", package, "--json"])
    assert run.status == 0 and run.json["items"][0]["conflicts"] == 1
    (conflict,) = call_main(capsys, ["--db", lead_path, "conflict", "list", "--task", task_id, "--json"]).json["items"]
    assert conflict["label"] == "第 5 项 结论"
    assert sorted(c["shown"] for c in conflict["candidates"]) == ["不适用", "发现问题"]
    pick = next(c["number"] for c in conflict["candidates"] if c["value"] == "problem")
    done = call_main(capsys, ["--db", lead_path, "conflict", "resolve", conflict["id"], "--pick", str(pick),
                              "--reason", "同事有现场照片", "--json"])
    assert done.status == 0 and done.json["open"] is False
    lead = _on(lead_path)
    assert task_record(lead, task_id).verdict(5).value == "problem" and digest(lead).conflicts == 0
    lead.close()


def _jpeg(path: Path) -> Path:
    from tests.recording_helpers import jpeg_file

    return jpeg_file(path)


def _rewrite_history(path: Path, task_id: str) -> None:
    """What a device owner could do with a SQLite shell: change an entry already sent and rebuild the chain
    after it, so that the device's own log verifies again."""
    from app.domain.audit import entry_hash
    from tests.recording_helpers import drop_triggers, raw, restore_triggers

    drop_triggers(path)
    conn = raw(path)
    try:
        (first,) = conn.execute("SELECT min(id) FROM audit_log WHERE task_id = ? AND field = 'verdict'", [task_id]).fetchone()
        conn.execute("UPDATE audit_log SET new_value = 'na' WHERE id = ?", [first])
        cursor = conn.execute("SELECT * FROM audit_log WHERE id >= ? ORDER BY id", [first])
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r)) for r in cursor]
        prev = conn.execute("SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1", [first]).fetchone()
        prev_hash = prev[0] if prev else "0" * 64
        for row in rows:
            digest = entry_hash(row, prev_hash)
            conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev_hash, digest, row["id"]])
            prev_hash = digest
    finally:
        conn.close()
    restore_triggers(path)


def test_a_device_whose_log_was_rewritten_after_it_sent_it_is_refused(pair, capsys, tmp_path):
    from app.services import recording
    from app.services.audit import check

    lead_path, laptop_path, task_id = pair
    laptop = _on(laptop_path)
    recording.set_verdict(laptop, task_id, 8, "problem", "人员培训记录不全")
    laptop.close()
    first = _export(laptop_path, task_id, tmp_path / "first.scpkg")
    assert call_main(capsys, ["--db", lead_path, "package", "import", first, "--json"]).status == 0
    _rewrite_history(laptop_path, task_id)
    laptop = _on(laptop_path)
    assert check(laptop).breaks == []  # the device's own chain verifies again
    recording.set_verdict(laptop, task_id, 9, "no_problem")
    laptop.close()
    second = _export(laptop_path, task_id, tmp_path / "second.scpkg")
    lead = _on(lead_path)
    before = digest(lead)
    lead.close()
    run = call_main(capsys, ["--db", lead_path, "package", "import", second, "--json"])
    assert run.status == 3 and "被改写过" in run.json["items"][0]["error"]["message"]
    lead = _on(lead_path)
    try:
        assert digest(lead) == before
    finally:
        lead.close()


def test_audit_verify_covers_what_other_devices_sent(pair, capsys, tmp_path):
    from app.services import recording
    from tests.recording_helpers import raw

    lead_path, laptop_path, task_id = pair
    laptop = _on(laptop_path)
    recording.set_verdict(laptop, task_id, 10, "na")
    laptop.close()
    package = _export(laptop_path, task_id, tmp_path / "colleague.scpkg")
    assert call_main(capsys, ["--db", lead_path, "package", "import", package, "--json"]).status == 0
    assert call_main(capsys, ["--db", lead_path, "audit", "verify", "--json"]).status == 0
    conn = raw(lead_path)
    try:
        conn.execute("UPDATE received_audit SET entry = replace(entry, '\"na\"', '\"problem\"')"
                     " WHERE entry LIKE '%\"na\"%'")
    finally:
        conn.close()
    run = call_main(capsys, ["--db", lead_path, "audit", "verify", "--json"])
    assert run.status == 3 and any("收到的" in b["message"] for b in run.json["breaks"])


def test_importing_again_writes_nothing_but_the_inbox_entry(pair, capsys, tmp_path):
    from app.services import recording
    from tests.recording_helpers import raw

    lead_path, laptop_path, task_id = pair
    laptop = _on(laptop_path)
    recording.set_verdict(laptop, task_id, 11, "na")
    laptop.close()
    package = _export(laptop_path, task_id, tmp_path / "colleague.scpkg")
    assert call_main(capsys, ["--db", lead_path, "package", "import", package, "--json"]).status == 0

    def dump() -> list[str]:
        conn = raw(lead_path)
        try:
            return [line for line in conn.iterdump() if "inbox" not in line]  # the inbox and its sequence
        finally:
            conn.close()

    before = dump()
    again = call_main(capsys, ["--db", lead_path, "package", "import", package, "--json"])
    assert again.json["items"][0]["verdict"] == "already"
    assert dump() == before


def test_the_signed_record_in_a_package_must_be_the_record_it_carries(tmp_path, capsys):
    """A lead's findings of a signed task travel with the signed PDF and import; a package whose author put
    another task's signed PDF beside the record (signed and listed: only the content check finds it) is refused."""
    import json
    import uuid
    from datetime import datetime, timezone

    from app.demo.data import build_demo
    from app.exchange.keyfiles import fingerprint
    from app.exchange.package import Author
    from app.exchange.package_write import write_package
    from app.services.keys import create_key, load_signer_material
    from app.services.packages import export_findings
    from app.services.reporting import signed_pdf
    from app.store import profile
    from app.store.audit_log import entries

    path = tmp_path / "lead.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=40, db_path=path)
    create_key(db, path, LEAD)
    me = profile.get(db, "inspector_id")
    signed = [r for r in (task_record(db, t.id) for t in list_tasks(db) if t.status.value == "signed")
              if me in {m.inspector.id for m in r.members}]
    other = next(t.id for t in list_tasks(db) if t.status.value == "planned")  # no photos to carry
    export_findings(db, path, signed[0].id, tmp_path / "genuine.scpkg", LEAD)
    key, certificate = load_signer_material(path, LEAD)
    record = task_record(db, other)
    data = json.dumps({"tasks": [{"record": record.to_json(), "audit": entries(db, other), "edits": []}]},
                      ensure_ascii=False).encode()
    write_package(tmp_path / "mismatched.scpkg", kind="findings", package_id=str(uuid.uuid4()),
                  created_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                  author=Author(me, fingerprint(certificate)),
                  device_id=profile.get(db, "device_id"), task_ids=[other], audit_head=None, data=data,
                  attachments={}, report=signed_pdf(db, path, signed[0].id, LEAD)[0], private_key=key)
    db.close()
    genuine = call_main(capsys, ["--db", path, "package", "import", tmp_path / "genuine.scpkg", "--json"])
    assert genuine.status == 0 and genuine.json["items"][0]["verdict"] == "already", genuine
    wrong = call_main(capsys, ["--db", path, "package", "import", tmp_path / "mismatched.scpkg", "--json"])
    assert wrong.status == 3
    assert wrong.json["items"][0]["error"]["problems"][0]["file"] == "report.pdf"
    assert "不是数据包中任务的记录" in wrong.json["items"][0]["error"]["message"]


def test_the_attachments_are_named_in_the_store_inside_the_merges_transaction(pair, capsys, tmp_path, monkeypatch):
    """A photo's row is committed only once its file is on disk under its name: the files are kept (fsync'd,
    named, their folders fsync'd) in the transaction, before it commits."""
    from app.services import recording
    from app.store.attachment_intake import Intake

    lead_path, laptop_path, task_id = pair
    laptop = _on(laptop_path)
    recording.add_photo(laptop, laptop_path, task_id, _jpeg(tmp_path / "seal.jpg"), 12, "报告首页")
    laptop.close()
    package = _export(laptop_path, task_id, tmp_path / "colleague.scpkg")
    from app.services.inbox import import_package

    seen = []
    keep = Intake.keep
    lead = _on(lead_path)

    def watched(intake):
        seen.append((lead.conn.in_transaction, sorted(n for n in intake._temps if n.startswith("attachments/"))))
        return keep(intake)

    monkeypatch.setattr(Intake, "keep", watched)
    try:
        result = import_package(lead, lead_path, package)
    finally:
        lead.close()
    assert result.verdict == "merged"
    in_transaction, new_files = seen[0]
    assert in_transaction and len(new_files) == 2  # the photo and its reduced copy, still to be named


def test_nothing_is_committed_when_the_attachments_cannot_be_made_durable(pair, capsys, tmp_path, monkeypatch):
    import errno

    import app.store.attachment_intake as intake_module
    from app.services import recording

    lead_path, laptop_path, task_id = pair
    laptop = _on(laptop_path)
    recording.set_verdict(laptop, task_id, 4, "problem", "能力验证结果未评价")
    recording.add_photo(laptop, laptop_path, task_id, _jpeg(tmp_path / "seal.jpg"), 4, "能力验证报告")
    laptop.close()
    package = _export(laptop_path, task_id, tmp_path / "colleague.scpkg")
    lead = _on(lead_path)
    before = digest(lead)
    lead.close()

    def failing(folder):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(intake_module, "_fsync_dir", failing)
    run = call_main(capsys, ["--db", lead_path, "package", "import", package, "--json"])
    assert run.status == 1 and run.json["error"]["code"] == "disk_full"
    lead = _on(lead_path)
    try:
        assert digest(lead) == before and task_record(lead, task_id).verdict(4).value != "problem"
    finally:
        lead.close()
