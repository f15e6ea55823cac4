"""The lead's command line (issue 10) from outside, as a careless user or an attacker uses it: `package
assign|export|verify|import`, `inbox list`, `conflict list|resolve`, `digest`. Every error is exit 1 or 3 (2 for
usage) with a sentence, never 4 or a traceback; --json prints exactly one JSON document; nothing the user holds
is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import call_main, run_cli

LEAD = "口令 of the lead 2025"
COLLEAGUE = "口令 of a colleague 9"


@pytest.fixture(scope="module")
def lead_db(tmp_path_factory):
    """The lead's demo database with the lead's key; the tasks by status; one findings package of the on-site
    task."""
    from app.demo.data import build_demo
    from app.services.keys import create_key
    from app.services.packages import export_findings
    from app.services.task_view import list_tasks
    from app.store.database import open_database

    folder = tmp_path_factory.mktemp("attack-cli")
    path = folder / "lead.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=40, db_path=path)
    create_key(db, path, LEAD)
    by_status: dict[str, str] = {}
    for t in list_tasks(db):
        by_status.setdefault(t.status.value, t.id)
    export_findings(db, path, by_status["on_site"], folder / "findings.scpkg", LEAD)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"folder": folder, "path": path, "tasks": by_status, "package": folder / "findings.scpkg"}


def copy_lead(lead_db, folder: Path, name: str = "lead.sqlite") -> Path:
    """The lead's database (with its attachments and key files) under another name in `folder`."""
    stem = Path(name).stem if not name.endswith(".sqlite") else name[:-len(".sqlite")]
    source = lead_db["folder"]
    shutil.copy(lead_db["path"], folder / name)
    shutil.copytree(source / "lead-attachments", folder / f"{stem}-attachments")
    for suffix in ("signing-key.pem", "signing-cert.pem"):
        shutil.copy(source / f"lead-{suffix}", folder / f"{stem}-{suffix}")
    return folder / name


def one_json_document(text: str):
    """Exactly one JSON document on stdout (json.loads refuses a second one after the first)."""
    return json.loads(text)


def no_defect(run) -> None:
    assert run.status in (0, 1, 2, 3), run
    assert "Traceback" not in run.stderr and "出现了意外错误" not in run.stdout + run.stderr, run


# --- the output file ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "assign"])
def test_a_package_written_over_the_database_itself_is_refused_and_the_database_kept(lead_db, tmp_path, capsys,
                                                                                    monkeypatch, command):
    """A database named `….scpkg` and `--out` naming that same file: the package must not replace the
    database (it did: every record, the whole audit log, gone)."""
    db = copy_lead(lead_db, tmp_path, "work.scpkg")
    before = db.read_bytes()
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", LEAD)
    task = lead_db["tasks"]["on_site"]
    for out in (db, tmp_path / "." / "work.scpkg"):
        run = call_main(capsys, ["--db", db, "package", command, "--task", task, "--out", out, "--json"])
        no_defect(run)
        assert run.status == 1, run
        error = one_json_document(run.stdout)["error"]
        assert error["code"] == "input_refused" and "数据库" in error["message"]
    assert db.read_bytes() == before
    listed = call_main(capsys, ["--db", db, "task", "list", "--json"])
    assert listed.status == 0 and any(t["id"] == task for t in listed.json["items"])


def test_the_service_refuses_to_write_a_package_over_its_database(lead_db, tmp_path):
    from app.domain.problems import SpotcheckError
    from app.services.packages import export_findings
    from app.store.database import open_database

    db_path = copy_lead(lead_db, tmp_path, "work.scpkg")
    before = db_path.read_bytes()
    db = open_database(db_path)
    try:
        with pytest.raises(SpotcheckError):
            export_findings(db, db_path, lead_db["tasks"]["on_site"], db_path, LEAD)
    finally:
        db.close()
    assert db_path.read_bytes() == before


# --- digest and conflict list of a task that does not exist ------------------------------------------------------


@pytest.mark.parametrize("args", [["digest", "--task"], ["conflict", "list", "--task"]])
def test_a_task_that_does_not_exist_is_not_found_not_an_empty_answer(lead_db, capsys, args):
    """Two people comparing digests by phone who both mistype the task id got the same digest (of nothing)
    and took their records for equal."""
    for wrong in ("5e0a2f38-0000-4000-8000-000000000000", "nope", ""):
        run = call_main(capsys, ["--db", lead_db["path"], *args, wrong, "--json"])
        no_defect(run)
        assert run.status == 1, run
        error = one_json_document(run.stdout)["error"]
        assert error["code"] == "not_found" and "检查任务" in error["message"]


def test_digest_and_conflict_list_of_a_real_task_still_answer(lead_db, capsys):
    task = lead_db["tasks"]["on_site"]
    digest = call_main(capsys, ["--db", lead_db["path"], "digest", "--task", task, "--json"])
    assert digest.status == 0 and digest.json["fields"] > 0 and len(digest.json["sha256"]) == 64
    whole = call_main(capsys, ["--db", lead_db["path"], "digest", "--json"])
    assert whole.status == 0 and whole.json["sha256"] != digest.json["sha256"]
    listed = call_main(capsys, ["--db", lead_db["path"], "conflict", "list", "--task", task, "--json"])
    assert listed.status == 0 and listed.json == {"items": []}


@pytest.mark.parametrize("command", ["export", "assign"])
@pytest.mark.parametrize("where", ["a missing folder", "a file as the folder"])
def test_an_output_in_a_folder_that_is_not_there_is_refused_as_every_export_does(lead_db, tmp_path, capsys,
                                                                                   monkeypatch, command, where):
    """docs/cli.md (report pdf): every export refuses a missing folder (exit 1, the folder in problems[0].value)
    rather than making folders where a typo points; the package commands made them."""
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", LEAD)
    folder = tmp_path / "typo" / "deeper" if where == "a missing folder" else lead_db["package"]
    run = call_main(capsys, ["--db", lead_db["path"], "package", command, "--task", lead_db["tasks"]["on_site"],
                             "--out", folder / "x.scpkg", "--json"])
    no_defect(run)
    assert run.status == 1, run
    error = one_json_document(run.stdout)["error"]
    assert error["code"] == "input_refused" and error["problems"][0]["value"] == str(folder)
    assert not (tmp_path / "typo").exists() and lead_db["package"].is_file()


# --- package import: many files, the same file twice, files that are no package ---------------------------------


@pytest.fixture(scope="module")
def conflicted(tmp_path_factory):
    """The lead and a colleague's laptop (tests/recording_helpers.py) that both set item 5 from the same version;
    the colleague's findings package; the lead's database before it was imported."""
    from app.services import recording
    from app.services.packages import export_findings
    from app.store.database import open_database
    from tests.recording_helpers import lead_and_laptop

    folder = tmp_path_factory.mktemp("conflicted")
    lead_path, laptop_path, task, _ = lead_and_laptop(folder, LEAD, COLLEAGUE)
    laptop = open_database(laptop_path)
    recording.set_verdict(laptop, task.id, 5, "problem", "保密协议缺失")
    export_findings(laptop, laptop_path, task.id, folder / "colleague.scpkg", COLLEAGUE)
    laptop.close()
    lead = open_database(lead_path)
    recording.set_verdict(lead, task.id, 5, "na")
    lead.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lead.close()
    return {"folder": folder, "lead": lead_path, "task": task.id, "package": folder / "colleague.scpkg"}


def fresh_lead(conflicted, folder: Path) -> Path:
    shutil.copy(conflicted["lead"], folder / "lead.sqlite")
    shutil.copytree(conflicted["folder"] / "lead-attachments", folder / "lead-attachments")
    for suffix in ("signing-key.pem", "signing-cert.pem"):
        shutil.copy(conflicted["folder"] / f"lead-{suffix}", folder / f"lead-{suffix}")
    return folder / "lead.sqlite"


def test_the_same_file_twice_in_one_call_is_merged_once_then_already(conflicted, tmp_path, capsys):
    lead = fresh_lead(conflicted, tmp_path)
    run = call_main(capsys, ["--db", lead, "package", "import", conflicted["package"], conflicted["package"],
                             "--json"])
    assert run.status == 0, run
    first, second = one_json_document(run.stdout)["items"]
    assert first["verdict"] == "merged" and first["new_edits"] > 0 and first["conflicts"] == 1
    assert second["verdict"] == "already" and second["new_edits"] == 0
    inbox = call_main(capsys, ["--db", lead, "inbox", "list", "--json"]).json["items"]
    assert [e["verdict"] for e in inbox] == ["already", "merged"]


def test_fifty_files_at_once_each_get_a_verdict_in_order(conflicted, tmp_path, capsys):
    lead = fresh_lead(conflicted, tmp_path)
    files = []
    for n in range(50):
        target = tmp_path / f"p{n:02d}.scpkg"
        if n % 10 == 7:
            target.write_bytes(b"not a zip")
        else:
            shutil.copy(conflicted["package"], target)
        files.append(target)
    run = call_main(capsys, ["--db", lead, "package", "import", *files, "--json"])
    no_defect(run)
    assert run.status == 3, run  # some were refused
    items = one_json_document(run.stdout)["items"]
    assert [Path(i["file"]).name for i in items] == [f.name for f in files]
    verdicts = [i["verdict"] for i in items]
    assert verdicts[0] == "merged" and verdicts.count("merged") == 1
    assert all(v == "refused" for n, v in enumerate(verdicts) if n % 10 == 7)
    assert verdicts.count("already") == 44
    assert len(call_main(capsys, ["--db", lead, "inbox", "list", "--json"]).json["items"]) == 50


# --- conflict resolve ------------------------------------------------------------------------------------------


@pytest.fixture
def one_conflict(conflicted, tmp_path, capsys):
    lead = fresh_lead(conflicted, tmp_path)
    assert call_main(capsys, ["--db", lead, "package", "import", conflicted["package"], "--json"]).status == 0
    (conflict,) = call_main(capsys, ["--db", lead, "conflict", "list", "--json"]).json["items"]
    return lead, conflict


@pytest.mark.parametrize("how, status", [
    (["--pick", "0"], 1), (["--pick", "3"], 1), (["--pick", "-1"], 1), (["--pick", "99999999999999999999"], 1),
    (["--pick", "1", "--reason", ""], 1), (["--pick", "1", "--reason", "   "], 1),
    (["--pick", "1", "--value", "na"], 2), ([], 2), (["--pick", "x"], 2), (["--value", "problem"], 0),
    (["--pick", "1", "--reason-missing"], 2)])
def test_conflict_resolve_refuses_in_words_and_settles_only_with_a_reason(one_conflict, capsys, how, status):
    lead, conflict = one_conflict
    args = list(how)
    if "--reason-missing" in args:
        args.remove("--reason-missing")
    elif "--reason" not in args:
        args += ["--reason", "同事有现场照片"]
    run = call_main(capsys, ["--db", lead, "conflict", "resolve", conflict["id"], *args, "--json"])
    no_defect(run)
    assert run.status == status, run
    result = one_json_document(run.stdout)
    still = call_main(capsys, ["--db", lead, "conflict", "list", "--json"]).json["items"]
    if status == 0:
        assert result == {"id": conflict["id"], "value": "problem", "open": False} and still == []
    else:
        assert result["error"]["message"] and [c["id"] for c in still] == [conflict["id"]]
        assert result["error"]["code"] == ("usage" if status == 2 else result["error"]["code"])


def test_a_bad_conflict_id_is_not_found(one_conflict, capsys):
    lead, conflict = one_conflict
    entity, entity_id, field = conflict["id"].split(":")
    for wrong in (f"{entity}:{entity_id}:description", f"{entity}:{entity_id}", "::", "", conflict["id"] + ":x",
                  conflict["id"].upper()):
        run = call_main(capsys, ["--db", lead, "conflict", "resolve", wrong, "--pick", "1", "--reason", "r", "--json"])
        no_defect(run)
        assert run.status == 1 and one_json_document(run.stdout)["error"]["code"] == "not_found", (wrong, run)


# --- the rest of the error paths, as docs/cli.md says them ---------------------------------------------------------


def test_paths_that_are_no_file_are_exit_1_each_with_its_item_and_inbox_entry(conflicted, tmp_path, capsys):
    lead = fresh_lead(conflicted, tmp_path)
    (tmp_path / "folder.scpkg").mkdir()
    run = call_main(capsys, ["--db", lead, "package", "import", tmp_path / "folder.scpkg", tmp_path / "gone.scpkg",
                             "--json"])
    no_defect(run)
    assert run.status == 1, run
    items = one_json_document(run.stdout)["items"]
    assert [i["verdict"] for i in items] == ["refused", "refused"]
    assert all(i["error"]["code"] == "input_refused" and i["error"]["message"] for i in items)
    inbox = call_main(capsys, ["--db", lead, "inbox", "list", "--json"]).json["items"]
    assert sorted(e["file"] for e in inbox) == ["folder.scpkg", "gone.scpkg"] and all(e["message"] for e in inbox)
    assert all(e["created_at"] is None and e["verdict"] == "refused" for e in inbox)
    (tmp_path / "junk.scpkg").write_bytes(b"PK\x03\x04 not really")
    worse = call_main(capsys, ["--db", lead, "package", "import", tmp_path / "gone.scpkg", tmp_path / "junk.scpkg",
                               "--json"])
    assert worse.status == 3 and [i["verdict"] for i in worse.json["items"]] == ["refused", "refused"]


def test_assign_the_same_task_twice_and_over_an_existing_package(lead_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", LEAD)
    task = lead_db["tasks"]["on_site"]
    out = tmp_path / "assign.scpkg"
    out.write_bytes(b"an older file of that name")
    run = call_main(capsys, ["--db", lead_db["path"], "package", "assign", "--task", task, "--task", task,
                             "--out", out, "--json"])
    assert run.status == 0 and run.json["tasks"] == [task], run
    verified = call_main(capsys, ["--db", lead_db["path"], "package", "verify", out, "--json"])
    assert verified.status == 0 and verified.json["items"][0]["tasks"] == [task]


@pytest.mark.parametrize("selection, code", [
    (["--task", "nope"], "not_found"), (["--inspector", "nobody"], "not_found"), (["--plan", "nope"], "not_found"),
    ([], "input_refused"), (["--task", "TASK", "--inspector", "nobody"], "input_refused")])
def test_assign_refuses_in_words(lead_db, tmp_path, capsys, monkeypatch, selection, code):
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", LEAD)
    args = [lead_db["tasks"]["on_site"] if a == "TASK" else a for a in selection]
    run = call_main(capsys, ["--db", lead_db["path"], "package", "assign", *args, "--out", tmp_path / "a.scpkg",
                             "--json"])
    no_defect(run)
    assert run.status == 1 and one_json_document(run.stdout)["error"]["code"] == code, run
    assert not (tmp_path / "a.scpkg").exists()


def test_an_inspector_on_no_open_task_has_nothing_to_assign(lead_db, tmp_path, capsys, monkeypatch):
    from app.services.task_view import list_tasks, task_record
    from app.store.database import open_database

    db = open_database(lead_db["path"])
    try:
        busy = {m.inspector.id for t in list_tasks(db) if t.status.editable and not t.cancelled
                for m in task_record(db, t.id).members}
        idle = next(row[0] for row in db.conn.execute("SELECT id FROM inspectors ORDER BY id") if row[0] not in busy)
    finally:
        db.close()
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", LEAD)
    run = call_main(capsys, ["--db", lead_db["path"], "package", "assign", "--inspector", idle, "--out",
                             tmp_path / "a.scpkg", "--json"])
    assert run.status == 1 and run.json["error"]["code"] == "input_refused", run


@pytest.mark.parametrize("args", [
    ["package", "import"], ["package", "verify"], ["conflict", "resolve", "x", "--pick", "1", "--value", "v",
                                                   "--reason", "r"],
    ["package", "import", "{folder}"], ["package", "verify", "{missing}"], ["inbox", "list"],
    ["digest", "--task", "nope"], ["conflict", "list", "--task", "nope"],
    ["package", "assign", "--task", "nope", "--out", "{folder}/a.scpkg"],
    ["package", "export", "--task", "nope", "--out", "{missing}/a.scpkg"]])
def test_in_a_real_process_every_error_is_one_json_document_and_no_traceback(lead_db, tmp_path, args):
    (tmp_path / "folder").mkdir()
    db = copy_lead(lead_db, tmp_path)
    real = [a.format(folder=tmp_path / "folder", missing=tmp_path / "missing") for a in args]
    run = run_cli(["--db", db, *real, "--json"], tmp_path / "data")
    no_defect(run)
    document = one_json_document(run.stdout)
    assert run.status in (1, 2, 3) or (run.status == 0 and args == ["inbox", "list"]), run
    if run.status:
        error = document["error"] if "error" in document else document["items"][0]["error"]
        assert error["code"] and error["message"]


@pytest.mark.parametrize("value", ["banana", "", "有问题", "no problem"])
def test_a_value_the_field_cannot_take_is_refused_in_words(one_conflict, capsys, value):
    """Anything a verdict cannot be as --value was a program defect (exit 4, an SQLite CHECK constraint and a
    traceback). (The record's own words, 发现问题, are taken: tests/test_attack_merge.py.)"""
    lead, conflict = one_conflict
    before = call_main(capsys, ["--db", lead, "digest", "--json"]).json
    run = call_main(capsys, ["--db", lead, "conflict", "resolve", conflict["id"], "--value", value, "--reason",
                             "现场照片为准", "--json"])
    no_defect(run)
    assert run.status == 1, run
    error = one_json_document(run.stdout)["error"]
    assert error["code"] == "input_refused" and "第 5 项 结论" in error["message"], error
    assert "CHECK" not in error["message"] and "选定" in error["message"]  # or pick one of the versions
    assert "发现问题（problem）" in error["message"] and "不适用（na）" in error["message"]
    assert call_main(capsys, ["--db", lead, "digest", "--json"]).json == before
    assert [c["id"] for c in call_main(capsys, ["--db", lead, "conflict", "list", "--json"]).json["items"]] == [
        conflict["id"]]


def test_the_service_refuses_a_value_the_field_cannot_take(one_conflict):
    from app.domain.problems import InputRefused
    from app.services.merge import resolve_conflict
    from app.store.database import open_database

    lead, conflict = one_conflict
    db = open_database(lead)
    try:
        with pytest.raises(InputRefused):
            resolve_conflict(db, conflict["id"], value="banana", reason="r")
    finally:
        db.close()


@pytest.fixture
def corrected_twice(tmp_path, capsys):
    """The lead and a colleague each correct the institution's credit code on site, to different valid codes
    (neither had corrected it before); the lead imports the colleague's findings."""
    from app.services import recording
    from app.services.packages import export_findings
    from app.store.database import open_database
    from tests.recording_helpers import lead_and_laptop

    lead_path, laptop_path, task, _ = lead_and_laptop(tmp_path, LEAD, COLLEAGUE)
    laptop = open_database(laptop_path)
    recording.correct_institution(laptop, task.id, "credit_code", "91110000600037341L")
    export_findings(laptop, laptop_path, task.id, tmp_path / "c.scpkg", COLLEAGUE)
    laptop.close()
    lead = open_database(lead_path)
    recording.correct_institution(lead, task.id, "credit_code", "91350100M000100Y43")
    lead.close()
    assert call_main(capsys, ["--db", lead_path, "package", "import", tmp_path / "c.scpkg", "--json"]).status == 0
    return lead_path, task.id


def test_two_corrections_of_one_detail_conflict_only_where_they_differ(corrected_twice, capsys):
    lead, task = corrected_twice
    listed = call_main(capsys, ["--db", lead, "conflict", "list", "--task", task, "--json"]).json["items"]
    assert [c["field"] for c in listed] == ["value"], listed
    assert all(len({k["value"] for k in c["candidates"]}) > 1 for c in listed)


def test_a_resolved_correction_is_checked_as_the_correction_itself(corrected_twice, capsys):
    lead, task = corrected_twice
    listed = call_main(capsys, ["--db", lead, "conflict", "list", "--task", task, "--json"]).json["items"]
    value = next(c for c in listed if c["field"] == "value")
    run = call_main(capsys, ["--db", lead, "conflict", "resolve", value["id"], "--value", "12345", "--reason", "r",
                             "--json"])
    no_defect(run)
    assert run.status == 1, run


def test_the_json_shapes_are_the_ones_docs_cli_md_names(conflicted, tmp_path, capsys, monkeypatch):
    """Every member docs/cli.md names, and none it does not (package export/assign, verify, import, inbox list,
    conflict list, digest)."""
    lead = fresh_lead(conflicted, tmp_path)
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", LEAD)
    made = {"file", "package_id", "kind", "created_at", "author", "device_id", "tasks", "audit_head", "files",
            "report_pdf", "bytes", "fingerprint_display"}
    for command in ("export", "assign"):
        run = call_main(capsys, ["--db", lead, "package", command, "--task", conflicted["task"], "--out",
                                 tmp_path / f"{command}.scpkg", "--json"])
        assert run.status == 0 and set(run.json) == made, run
        assert set(run.json["author"]) == {"inspector_id", "name", "key_fingerprint"}
    verified = call_main(capsys, ["--db", lead, "package", "verify", tmp_path / "export.scpkg", "--json"]).json
    assert set(verified) == {"items", "ok"} and set(verified["items"][0]) == {
        "file", "ok", "package_id", "kind", "created_at", "author", "device_id", "tasks", "audit_head", "files",
        "error"}
    imported = call_main(capsys, ["--db", lead, "package", "import", conflicted["package"], "--json"]).json
    assert set(imported) == {"items", "ok"} and set(imported["items"][0]) == {
        "file", "verdict", "package_id", "author", "tasks", "new_edits", "rows", "conflicts", "error"}
    inbox = call_main(capsys, ["--db", lead, "inbox", "list", "--json"]).json
    assert set(inbox) == {"items"} and set(inbox["items"][0]) == {
        "received_at", "file", "verdict", "created_at", "author", "tasks", "new_edits", "conflicts", "message"}
    (conflict,) = call_main(capsys, ["--db", lead, "conflict", "list", "--json"]).json["items"]
    assert set(conflict) == {"id", "task", "entity", "entity_id", "field", "label", "candidates"}
    assert set(conflict["candidates"][0]) == {"number", "value", "shown", "author", "device", "here",
                                              "recorded_at", "hlc"}
    assert set(call_main(capsys, ["--db", lead, "digest", "--json"]).json) == {"sha256", "fields", "edits",
                                                                               "conflicts"}


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a read-only place (Linux /proc)")
@pytest.mark.parametrize("command", ["export", "assign"])
def test_an_output_where_nothing_can_be_written_is_read_only_in_words(lead_db, capsys, monkeypatch, command):
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", LEAD)
    run = call_main(capsys, ["--db", lead_db["path"], "package", command, "--task", lead_db["tasks"]["on_site"],
                             "--out", "/proc/package.scpkg", "--json"])
    no_defect(run)
    assert run.status == 1 and run.json["error"]["code"] == "read_only", run
    assert "/proc/package.scpkg" in run.json["error"]["message"]


# --- --trust on a fresh laptop --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def assignment(lead_db, tmp_path_factory):
    """The lead's assignment of the on-site task, its key's fingerprint and the certificates it carries."""
    import os

    from app.cli import main

    folder = tmp_path_factory.mktemp("assignment")
    out = folder / "assign.scpkg"
    os.environ["SPOTCHECK_PASSPHRASE"] = LEAD
    try:
        assert main(["--db", str(lead_db["path"]), "package", "assign", "--task", lead_db["tasks"]["on_site"],
                     "--out", str(out)]) == 0
    finally:
        del os.environ["SPOTCHECK_PASSPHRASE"]
    import zipfile

    with zipfile.ZipFile(out) as z:
        manifest = json.loads(z.read("manifest.json"))
        carried = json.loads(z.read("data.json"))["assignment"]["certificates"]
    return out, manifest["author"]["key_fingerprint"], carried


def test_trust_takes_the_fingerprint_as_read_out(assignment, tmp_path, capsys):
    package, fingerprint, _ = assignment
    spoken = " ".join(":".join(fingerprint[i:i + 2].upper() for i in range(j, j + 32, 2)) for j in (0, 32))
    run = call_main(capsys, ["--db", tmp_path / "laptop.sqlite", "package", "import", package, "--trust", spoken,
                             "--json"])
    assert run.status == 0 and run.json["items"][0]["verdict"] == "merged", run


@pytest.mark.parametrize("trust", ["", "xyz", "0" * 64, "0" * 65, "the fingerprint with one digit changed"])
def test_trust_of_anything_but_the_authors_key_writes_nothing_but_the_refusal(assignment, tmp_path, capsys, trust):
    package, fingerprint, carried = assignment
    if trust == "the fingerprint with one digit changed":
        trust = fingerprint[:-1] + ("0" if fingerprint[-1] != "0" else "1")
    laptop = tmp_path / "laptop.sqlite"
    run = call_main(capsys, ["--db", laptop, "package", "import", package, "--trust", trust, "--json"])
    no_defect(run)
    assert run.status == 3 and run.json["items"][0]["verdict"] == "refused", run
    assert call_main(capsys, ["--db", laptop, "task", "list", "--json"]).json["items"] == []
    keys = call_main(capsys, ["--db", laptop, "key", "show", "--json"]).json
    assert keys["inspectors"] == []


def test_trust_cannot_make_a_findings_package_from_an_unknown_key_acceptable(lead_db, assignment, tmp_path, capsys):
    _, fingerprint, _ = assignment
    laptop = tmp_path / "laptop.sqlite"
    run = call_main(capsys, ["--db", laptop, "package", "import", lead_db["package"], "--trust", fingerprint,
                             "--json"])
    no_defect(run)
    assert run.status == 3 and run.json["items"][0]["verdict"] == "refused", run
    assert call_main(capsys, ["--db", laptop, "task", "list", "--json"]).json["items"] == []


def test_a_long_description_still_gives_a_record_pdf(lead_db, tmp_path, capsys):
    """A description taller than a page made reportlab raise LayoutError (exit 4); it now runs on over the pages
    it needs, all of it (each 检验报告未加盖资质认定标志 has one 盖, a character no page break cuts)."""
    import subprocess

    def text_of(pdf) -> str:
        return subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout

    db = copy_lead(lead_db, tmp_path)
    task = lead_db["tasks"]["on_site"]
    assert call_main(capsys, ["--db", db, "report", "pdf", "--task", task, "--out", tmp_path / "before.pdf"]).status == 0
    long = "检验报告未加盖资质认定标志，" * 215  # 3,010 characters
    assert call_main(capsys, ["--db", db, "record", "verdict", "--task", task, "--item", "3", "--verdict", "problem",
                              "--description", long, "--json"]).status == 0
    run = call_main(capsys, ["--db", db, "report", "pdf", "--task", task, "--out", tmp_path / "r.pdf", "--json"])
    no_defect(run)
    assert run.status == 0, run
    assert text_of(tmp_path / "r.pdf").count("盖") - text_of(tmp_path / "before.pdf").count("盖") == 215


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_given_as_a_package_is_refused_without_waiting(conflicted, tmp_path, capsys):
    import os

    lead = fresh_lead(conflicted, tmp_path)
    os.mkfifo(tmp_path / "pipe.scpkg")
    for action in ("verify", "import"):
        run = call_main(capsys, ["--db", lead, "package", action, tmp_path / "pipe.scpkg", "--json"])
        no_defect(run)
        assert run.status == 1 and run.json["items"][0]["error"]["code"] == "input_refused", run


# --- what a refused package may print ----------------------------------------------------------------------------

FORGED = "\n验证通过：发现.scpkg（常彦志，2026-12-05T17:23:37+00:00，任务 5e0a2f38，14 个文件）\x1b[2K\u202e"


def _crafted(folder: Path) -> list[Path]:
    """Unsigned packages whose refusal quotes what they hold: a manifest field's name, a member's name, a format
    version — each with a line break and a forged verdict line, a terminal escape and a bidi override."""
    import zipfile

    manifest = {"format_version": 1, "kind": "findings", "package_id": "00000000-0000-4000-8000-000000000000",
                "created_at": "2026-12-05T17:23:37+00:00",
                "author": {"inspector_id": "962ec774-9335-52bf-ad77-1762d8af84f4", "key_fingerprint": "0" * 64,
                           "name": "x"}, "device_id": "d", "task_ids": [], "audit_head": None, "files": [],
                "encryption": None}
    made = []
    for name, content, members in (
            ("field.scpkg", dict(manifest, **{"x" + FORGED: 1}), ()),
            ("version.scpkg", dict(manifest, format_version="1" + FORGED), ()),
            ("member.scpkg", manifest, [("attachments/x" + FORGED, b"x")])):
        with zipfile.ZipFile(folder / name, "w") as z:
            for member, data in members:
                z.writestr(member, data)
            z.writestr("manifest.json", json.dumps(content, ensure_ascii=False))
            z.writestr("signature", b"0")
        made.append(folder / name)
    return made


def test_a_refused_package_cannot_print_a_line_of_its_own(lead_db, tmp_path, capsys):
    """Plain-text output quotes the refused package's content: a line break in it printed a second line that
    read “验证通过：…” — an unsigned package posing as a verified one to whoever reads the terminal."""
    db = copy_lead(lead_db, tmp_path)
    packages = _crafted(tmp_path)
    for args in (["package", "verify", *packages], ["package", "import", *packages], ["inbox", "list"]):
        run = call_main(capsys, ["--db", db, *args])
        no_defect(run)
        out = run.stdout + run.stderr
        assert "\x1b" not in out and "\u202e" not in out, run
        lines = out.splitlines()
        assert not any(line.startswith(("验证通过", "已合并")) for line in lines), run
        if args[1] != "list":
            verdicts = [line for line in lines if not line.startswith("  ")]
            assert len(verdicts) == len(packages) and all(v.startswith(("验证失败", "被拒绝")) for v in verdicts), run
    listed = call_main(capsys, ["--db", db, "inbox", "list", "--json"]).json["items"]
    assert any("\n" in e["message"] for e in listed)  # the JSON keeps the text as it was: JSON escapes it


def test_a_signed_task_assigned_by_name_travels_read_only(lead_db, tmp_path, capsys, monkeypatch):
    """docs/cli.md (package assign): --task takes a task whatever its status; a signed one stays signed there."""
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", LEAD)
    closed = lead_db["tasks"]["signed"]
    made = call_main(capsys, ["--db", lead_db["path"], "package", "assign", "--task", closed, "--out",
                              tmp_path / "closed.scpkg", "--json"])
    assert made.status == 0, made
    laptop = tmp_path / "laptop.sqlite"
    fingerprint = made.json["author"]["key_fingerprint"]
    run = call_main(capsys, ["--db", laptop, "package", "import", tmp_path / "closed.scpkg", "--trust", fingerprint,
                             "--json"])
    assert run.status == 0 and run.json["items"][0]["verdict"] == "merged", run
    (task,) = call_main(capsys, ["--db", laptop, "task", "list", "--json"]).json["items"]
    assert task["id"] == closed and task["status"] == "signed"
    edit = call_main(capsys, ["--db", laptop, "record", "verdict", "--task", closed, "--item", "1", "--verdict", "na",
                              "--json"])
    no_defect(edit)
    assert edit.status == 1, edit


def test_conflict_list_prints_each_candidate_on_one_line(tmp_path, capsys):
    """A teammate's description holding a line break and a forged candidate line must not print as a candidate
    of its own in the lead's plain-text list (the JSON keeps the text as it is)."""
    from app.services import recording
    from app.services.packages import export_findings
    from app.store.database import open_database
    from tests.recording_helpers import lead_and_laptop

    lead_path, laptop_path, task, _ = lead_and_laptop(tmp_path, LEAD, COLLEAGUE)
    forged = "保密协议缺失\n  3. 未发现问题\t常彦志（本机，2026-12-05 09:00）\x1b[1A"
    laptop = open_database(laptop_path)
    recording.set_verdict(laptop, task.id, 5, "problem", forged)
    export_findings(laptop, laptop_path, task.id, tmp_path / "c.scpkg", COLLEAGUE)
    laptop.close()
    lead = open_database(lead_path)
    recording.set_verdict(lead, task.id, 5, "problem", "保密协议已签但未存档")
    lead.close()
    assert call_main(capsys, ["--db", lead_path, "package", "import", tmp_path / "c.scpkg", "--json"]).status == 0
    listed = call_main(capsys, ["--db", lead_path, "conflict", "list", "--json"]).json["items"]
    assert any(k["value"] == forged for c in listed for k in c["candidates"])
    text = call_main(capsys, ["--db", lead_path, "conflict", "list"])
    assert text.status == 0 and "\x1b" not in text.stdout
    candidates = [line for line in text.stdout.splitlines() if line.startswith("  ")]
    assert len(candidates) == sum(len(c["candidates"]) for c in listed), text
    headers = [line for line in text.stdout.splitlines() if not line.startswith("  ")][:-1]
    assert headers == [f"{c['id']}\t{c['label']}" for c in listed]
