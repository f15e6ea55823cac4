"""`package import` (issue 10): a colleague's findings package is verified, then merged; importing it again
writes nothing but its inbox entry; a tampered package writes nothing but its inbox entry; a field both changed
from the same version is a conflict, listed side by side, resolved with a reason."""

from __future__ import annotations

import shutil
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
    """The lead's database and a colleague's laptop (a copy of it, another device), each with a registered key;
    the lead knows the colleague's certificate. The task is one the colleague is on, still on site."""
    from app.demo.data import build_demo
    from app.services.keys import create_key, export_certificate, import_certificate
    from app.services.profile import set_profile
    from app.store import profile

    lead_path = tmp_path / "lead.sqlite"
    db = open_database(lead_path)
    build_demo(db, seed=2025, institutions=40, db_path=lead_path)
    create_key(db, lead_path, LEAD)
    task = next(r for r in (task_record(db, t.id) for t in list_tasks(db) if t.status.value == "on_site"))
    colleague = next(m.inspector.id for m in task.members if m.inspector.id != profile.get(db, "inspector_id"))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    laptop_path = tmp_path / "laptop.sqlite"
    shutil.copy(lead_path, laptop_path)
    shutil.copytree(tmp_path / "lead-attachments", tmp_path / "laptop-attachments")
    laptop = open_database(laptop_path)
    with laptop.atomic():
        profile.set_value(laptop, "device_id", "colleague-laptop")
    set_profile(laptop, colleague)
    create_key(laptop, laptop_path, COLLEAGUE)
    export_certificate(laptop_path, tmp_path / "colleague.pem")
    laptop.close()
    db = open_database(lead_path)
    import_certificate(db, tmp_path / "colleague.pem", colleague)
    db.close()
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
