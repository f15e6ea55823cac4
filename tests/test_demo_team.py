"""The demo shows the lead's half too: a colleague's findings package merged, a conflict open, a refusal in the inbox."""

from __future__ import annotations

import pytest

from app.demo.data import build_demo
from app.services.inbox import inbox
from app.services.keys import key_paths
from app.services.merge import conflicts
from app.services.task_view import list_tasks, task_record
from app.store.audit_log import verify
from app.store.database import open_database
from tests.cli_helpers import call_main


@pytest.fixture(scope="module")
def team_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("team") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=60, db_path=path, team=True)
    task = next(task_record(db, t.id) for t in list_tasks(db) if t.status.value == "on_site")
    yield db, path, task
    db.close()


def test_the_inbox_holds_the_colleagues_package_merged_and_its_damaged_copy_refused(team_demo):
    db, _, task = team_demo
    entries = {e.verdict: e for e in inbox(db)}
    assert set(entries) == {"merged", "refused"}
    colleague = entries["merged"].author
    assert colleague in {m.inspector.name for m in task.members}
    assert entries["merged"].tasks == (task.id,)
    assert entries["merged"].file.endswith(".scpkg") and "U盘副本" in entries["refused"].file
    assert "attachments/" in entries["refused"].message  # which file of the package was damaged
    assert "CRC" not in entries["refused"].message  # in the user's words, not zipfile's


def test_the_colleagues_items_are_merged_with_their_photo(team_demo):
    db, _, task = team_demo
    record = task_record(db, task.id)
    verdicts = {n: (f.verdict.value, f.description) for n, f in record.findings.items()}
    assert set(verdicts) == set(range(1, 19))  # 1–9 recorded here, 10–18 on the colleague's laptop
    assert verdicts[10] == ("problem", "1台底盘测功机的检定证书已过有效期（2025年3月到期），仍在使用。")
    assert verdicts[16][0] == "na"
    assert any(p.item == 10 and "底盘测功机" in p.caption for p in record.photos)


def test_item_8_is_an_open_conflict_between_the_two_views(team_demo):
    db, _, task = team_demo
    open_ = conflicts(db, task.id)
    assert [(c.entity, c.field) for c in open_] == [("finding", "description")]
    values = {c.value for c in open_[0].candidates}
    assert values == {"抽查3名检验员的上岗培训、考核和授权记录，均齐全。", "引车员1名无上岗培训考核记录，仍在引车岗位作业（见人员档案抽查）。"}
    assert sorted(c.here for c in open_[0].candidates) == [False, True]  # one recorded here, one on the laptop
    assert "第 8 项" in open_[0].label


def test_the_demo_still_holds_no_private_key_only_the_colleagues_certificate(team_demo):
    db, path, _ = team_demo
    rows = db.conn.execute("SELECT source FROM inspector_keys").fetchall()
    assert rows == [("imported",)]
    assert not key_paths(path).key.exists() and not key_paths(path).certificate.exists()


def test_the_audit_chain_verifies_and_the_conflict_resolves_from_the_command_line(team_demo, tmp_path, capsys):
    db, path, task = team_demo
    assert verify(db)[1] == []
    assert call_main(capsys, ["--db", path, "audit", "verify"]).status == 0  # the colleague's chain as received
    run = call_main(capsys, ["--db", path, "--json", "conflict", "list", "--task", task.id])
    listed = run.json
    assert run.status == 0 and len(listed["items"]) == 1
    conflict = listed["items"][0]
    colleague = next(c["number"] for c in conflict["candidates"] if not c["here"])
    run = call_main(capsys, ["--db", path, "conflict", "resolve", conflict["id"], "--pick", colleague,
                             "--reason", "复核人员档案，组员所记属实"])
    assert run.status == 0, run
    assert conflicts(db, task.id) == []
    finding = task_record(db, task.id).findings[8]
    assert finding.description == "引车员1名无上岗培训考核记录，仍在引车岗位作业（见人员档案抽查）。"


def test_without_team_the_inbox_is_empty(tmp_path):
    path = tmp_path / "plain.sqlite"
    db = open_database(path)
    try:
        build_demo(db, seed=2025, institutions=40, db_path=path)
        assert inbox(db) == [] and conflicts(db) == []
    finally:
        db.close()
