"""Assignment packages (issue 10): the lead hands out a team's work to a fresh laptop, which accepts the first
package only with the lead's key fingerprint confirmed; the inspector records and sends findings back; a newer
assignment updates the laptop without losing what was recorded there."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.task_view import list_tasks, task_record
from app.store.database import open_database
from tests.cli_helpers import call_main

LEAD, INSPECTOR = "口令 of the lead 2025", "口令 of the inspector 7"


@pytest.fixture
def lead(tmp_path, monkeypatch):
    """The lead's database (the demo, with the lead's key) and one open task with its team."""
    from app.demo.data import build_demo
    from app.services.keys import create_key
    from app.store import profile

    path = tmp_path / "lead.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=40, db_path=path)
    key = create_key(db, path, LEAD)
    me = profile.get(db, "inspector_id")
    task = next(r for r in (task_record(db, t.id) for t in list_tasks(db) if t.status.value == "planned"))
    member = next(m.inspector for m in task.members if m.inspector.id != me)
    db.close()
    return path, key.fingerprint, task.id, member


def _cli(capsys, *args, passphrase: str | None = None, monkeypatch=None):
    if passphrase is not None:
        monkeypatch.setenv("SPOTCHECK_PASSPHRASE", passphrase)
    return call_main(capsys, [*map(str, args), "--json"])


def test_a_fresh_laptop_takes_the_first_assignment_only_with_the_fingerprint_confirmed(lead, capsys, tmp_path,
                                                                                        monkeypatch):
    lead_path, fingerprint, task_id, member = lead
    package = tmp_path / "assign.scpkg"
    made = _cli(capsys, "--db", lead_path, "package", "assign", "--task", task_id, "--out", package,
                passphrase=LEAD, monkeypatch=monkeypatch)
    assert made.status == 0, made
    laptop = tmp_path / "laptop.sqlite"  # a fresh laptop: the import makes the database
    unknown = _cli(capsys, "--db", laptop, "package", "import", package)
    assert unknown.status == 3
    message = unknown.json["items"][0]["error"]["message"]
    assert f"--trust {fingerprint}" in message and "核对密钥指纹" in message
    wrong = _cli(capsys, "--db", laptop, "package", "import", package, "--trust", "0" * 64)
    assert wrong.status == 3 and "与您确认的不同" in wrong.json["items"][0]["error"]["message"]
    db = open_database(laptop)
    try:
        assert db.conn.execute("SELECT count(*) FROM institutions").fetchone()[0] == 0
        assert list_tasks(db) == []
    finally:
        db.close()

    spaced = " ".join(fingerprint[i:i + 4] for i in range(0, 64, 4)).upper()  # as read out over the phone
    taken = _cli(capsys, "--db", laptop, "package", "import", package, "--trust", spaced)
    assert taken.status == 0 and taken.json["items"][0]["verdict"] == "merged", taken
    db = open_database(laptop)
    try:
        (summary,) = list_tasks(db)
        assert summary.id == task_id
        here = task_record(db, task_id)
        there_db = open_database(lead_path)
        there = task_record(there_db, task_id)
        from app.services.profile import organ

        lead_organ = organ(there_db)
        there_db.close()
        assert [m.inspector.id for m in here.members] == [m.inspector.id for m in there.members]
        assert here.institution.credit_code == there.institution.credit_code
        assert here.document_serial == there.document_serial and here.visit == there.visit
        assert organ(db) == lead_organ and organ(db).name == "大同市市场监督管理局"
        from app.services.packages import trusted_certificates

        assert fingerprint in trusted_certificates(db)
        from app.services.audit import check

        assert check(db).ok
    finally:
        db.close()
    listed = _cli(capsys, "--db", laptop, "inbox", "list").json["items"]
    assert [e["verdict"] for e in listed] == ["merged", "refused", "refused"]


def test_findings_go_back_and_a_newer_assignment_keeps_what_the_laptop_recorded(lead, capsys, tmp_path,
                                                                                 monkeypatch):
    from app.services import recording, tasks
    from app.services.keys import create_key, export_certificate, import_certificate
    from app.services.merge import digest
    from app.services.profile import set_profile

    lead_path, fingerprint, task_id, member = lead
    first = tmp_path / "assign-1.scpkg"
    assert _cli(capsys, "--db", lead_path, "package", "assign", "--inspector", member.id, "--out", first,
                passphrase=LEAD, monkeypatch=monkeypatch).status == 0
    laptop = tmp_path / "laptop.sqlite"
    assert _cli(capsys, "--db", laptop, "package", "import", first, "--trust", fingerprint).status == 0
    db = open_database(laptop)
    try:
        set_profile(db, member.id)
        create_key(db, laptop, INSPECTOR)
        export_certificate(laptop, tmp_path / "member.pem")
        recording.set_verdict(db, task_id, 6, "problem", "超出资质认定范围出具报告")
    finally:
        db.close()
    back = tmp_path / "findings.scpkg"
    assert _cli(capsys, "--db", laptop, "package", "export", "--task", task_id, "--out", back,
                passphrase=INSPECTOR, monkeypatch=monkeypatch).status == 0
    db = open_database(lead_path)
    try:
        import_certificate(db, tmp_path / "member.pem", member.id)
        tasks.set_visit(db, task_id, planned_date="2025-12-01")  # the lead moves the date meanwhile
    finally:
        db.close()
    merged = _cli(capsys, "--db", lead_path, "package", "import", back)
    assert merged.status == 0 and merged.json["items"][0]["verdict"] == "merged", merged
    second = tmp_path / "assign-2.scpkg"
    assert _cli(capsys, "--db", lead_path, "package", "assign", "--task", task_id, "--out", second,
                passphrase=LEAD, monkeypatch=monkeypatch).status == 0
    again = _cli(capsys, "--db", laptop, "package", "import", second)  # a trusted lead now: no --trust needed
    assert again.status == 0, again
    on_laptop, on_lead = open_database(laptop), open_database(lead_path)
    try:
        record = task_record(on_laptop, task_id)
        assert record.visit.planned_date == "2025-12-01"
        assert record.verdict(6).value == "problem" and record.findings[6].description == "超出资质认定范围出具报告"
        assert digest(on_laptop, task_id).sha256 == digest(on_lead, task_id).sha256  # the same record
    finally:
        on_laptop.close()
        on_lead.close()


def test_an_assignment_of_no_open_task_is_refused(lead, capsys, tmp_path, monkeypatch):
    lead_path, _, _, _ = lead
    run = _cli(capsys, "--db", lead_path, "package", "assign", "--inspector", "nobody", "--out",
               tmp_path / "x.scpkg", passphrase=LEAD, monkeypatch=monkeypatch)
    assert run.status == 1 and not Path(tmp_path / "x.scpkg").exists()


def test_the_round_trip_lead_two_fresh_laptops_and_back(lead, capsys, tmp_path, monkeypatch):
    """The lead assigns one task to two inspectors' fresh laptops; each records part of it and item 7
    differently; the lead merges both (a conflict, side by side), resolves it, and the resolution travels back
    to a laptop and settles it there too."""
    from app.services import recording
    from app.services.keys import create_key, export_certificate, import_certificate
    from app.services.merge import conflicts, digest
    from app.services.profile import set_profile
    from app.store import profile

    lead_path, fingerprint, task_id, _ = lead
    db = open_database(lead_path)
    team = [m.inspector.id for m in task_record(db, task_id).members]
    lead_id = profile.get(db, "inspector_id")
    db.close()
    others = [p for p in team if p != lead_id][:2]
    assert len(others) >= 1
    if len(others) == 1:
        others.append(lead_id)  # a team of two: the lead's own laptop is the second
    assignment = tmp_path / "assign.scpkg"
    assert _cli(capsys, "--db", lead_path, "package", "assign", "--task", task_id, "--out", assignment,
                passphrase=LEAD, monkeypatch=monkeypatch).status == 0
    laptops = []
    for n, person in enumerate(others):
        path = tmp_path / f"laptop-{n}.sqlite"
        assert _cli(capsys, "--db", path, "package", "import", assignment, "--trust", fingerprint).status == 0
        db = open_database(path)
        try:
            set_profile(db, person)
            create_key(db, path, INSPECTOR)
            export_certificate(path, tmp_path / f"laptop-{n}.pem")
            items = range(1, 10) if n == 0 else range(10, 19)
            for item in items:
                recording.set_verdict(db, task_id, item, "no_problem")
            recording.set_verdict(db, task_id, 7, "problem" if n == 0 else "na",
                                  "检测原始记录缺少复核签名" if n == 0 else None)
        finally:
            db.close()
        laptops.append(path)
    db = open_database(lead_path)
    try:
        for n, person in enumerate(others):
            if person != lead_id:
                import_certificate(db, tmp_path / f"laptop-{n}.pem", person)
    finally:
        db.close()
    packages = []
    for n, path in enumerate(laptops):
        packages.append(tmp_path / f"findings-{n}.scpkg")
        assert _cli(capsys, "--db", path, "package", "export", "--task", task_id, "--out", packages[-1],
                    passphrase=INSPECTOR, monkeypatch=monkeypatch).status == 0
    merged = _cli(capsys, "--db", lead_path, "package", "import", *reversed(packages))
    assert merged.status == 0, merged
    db = open_database(lead_path)
    try:
        (conflict,) = conflicts(db, task_id)
        assert conflict.label == "第 7 项 结论"
        assert sorted(c.shown for c in conflict.candidates) == ["不适用", "发现问题"]
        record = task_record(db, task_id)
        assert all(record.verdict(n).value == "no_problem" for n in range(1, 19) if n != 7)
    finally:
        db.close()
    pick = next(c.number for c in conflict.candidates if c.value == "problem")
    assert _cli(capsys, "--db", lead_path, "conflict", "resolve", conflict.id, "--pick", pick,
                "--reason", "复核签名确实缺失").status == 0
    back = tmp_path / "resolution.scpkg"
    assert _cli(capsys, "--db", lead_path, "package", "export", "--task", task_id, "--out", back,
                passphrase=LEAD, monkeypatch=monkeypatch).status == 0
    assert _cli(capsys, "--db", laptops[1], "package", "import", back).status == 0
    on_laptop, on_lead = open_database(laptops[1]), open_database(lead_path)
    try:
        assert task_record(on_laptop, task_id).verdict(7).value == "problem"
        assert conflicts(on_laptop, task_id) == [] and conflicts(on_lead, task_id) == []
        assert digest(on_laptop, task_id).sha256 == digest(on_lead, task_id).sha256
    finally:
        on_laptop.close()
        on_lead.close()
