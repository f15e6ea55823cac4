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


@pytest.mark.xfail(strict=True, reason="app/services/packages.py (_export) writes over the database file when the "
                   "window's save dialog names it; the command line refuses it (app/commands/package.py), the "
                   "service does not (not this developer's file)")
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
