"""Cancelling a task and the duplicate warning (issue 13): what may be cancelled, who/when/why in the audit log, a
cancelled task is no longer edited, a package made before the cancel does not undo it; a second open task for an
institution is named when it is made (service, command line)."""

from __future__ import annotations

import shutil

import pytest

from app.domain.problems import InputRefused
from app.services import recording
from app.services.audit import check
from app.services.merge import receive
from app.services.profile import set_profile
from app.services.task_view import list_tasks, open_tasks_of
from app.services.tasks import cancel, create_task, set_visit
from app.store import field_edits, profile
from app.store.database import open_database
from tests.cli_helpers import call_main


@pytest.fixture(scope="module")
def demo_with_tasks(tmp_path_factory):
    """`spotcheck demo`'s database with its six tasks (one at every status up to signed, two signed)."""
    from app.demo.data import build_demo

    path = tmp_path_factory.mktemp("demo") / "tasks.sqlite"
    db = open_database(path)
    build_demo(db, seed=3, institutions=20, db_path=path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def demo_db(demo_with_tasks, tmp_path):
    path = tmp_path / "copy.sqlite"
    shutil.copy(demo_with_tasks, path)
    db = open_database(path)
    yield db, path
    db.close()


def _of_status(db, status: str) -> str:
    return next(t.id for t in list_tasks(db) if t.status.value == status)


def _audit(db, task_id: str) -> list[tuple]:
    return db.conn.execute("SELECT action, field, new_value, author FROM audit_log WHERE task_id = ? AND action ="
                           " 'cancel' ORDER BY id", [task_id]).fetchall()


def test_a_planned_task_is_cancelled_with_who_when_and_why_in_the_audit_log(rec):
    lead = profile.get(rec.db, "inspector_id")
    cancel(rec.db, rec.task, "  机构已注销  ")
    task = list_tasks(rec.db, [rec.task])[0]
    assert task.cancelled and task.cancel_reason == "机构已注销" and task.cancelled_at[:2] == "20"
    assert task.status.value == "planned"  # the workflow status is kept; the list shows 已取消
    logged = {(field, value, author) for _, field, value, author in _audit(rec.db, rec.task)}
    assert ("cancel_reason", "机构已注销", lead) in logged and ("cancelled_at", task.cancelled_at, lead) in logged
    assert check(rec.db).ok  # the tables still agree with the log


def test_a_cancelled_task_is_no_longer_edited_nor_cancelled_again(rec):
    cancel(rec.db, rec.task)
    with pytest.raises(InputRefused, match="已取消"):
        set_visit(rec.db, rec.task, place="检测大楼")
    with pytest.raises(InputRefused, match="已取消"):
        recording.set_verdict(rec.db, rec.task, 1, "no_problem")
    with pytest.raises(InputRefused, match="检查任务已取消"):
        cancel(rec.db, rec.task, "再取消一次")


def test_a_task_with_something_recorded_needs_a_reason(rec):
    recording.set_verdict(rec.db, rec.task, 3, "no_problem")
    recording.set_verdict(rec.db, rec.task, 4, "problem", "原始记录缺少复核签名")
    with pytest.raises(InputRefused, match="已有 2 项检查记录，取消须写明原因") as refused:
        cancel(rec.db, rec.task, "   ")
    assert refused.value.problems[0].expected == "取消的原因"
    assert not list_tasks(rec.db, [rec.task])[0].cancelled
    cancel(rec.db, rec.task, "检查组人员调整，另行安排")
    assert list_tasks(rec.db, [rec.task])[0].cancel_reason == "检查组人员调整，另行安排"


@pytest.mark.parametrize("status, says", [("recorded", "请先“重新打开”记录"), ("signed", "已签署，记录须保留")])
def test_a_finished_or_signed_record_is_not_cancelled(demo_db, status, says):
    db, _ = demo_db
    task_id = _of_status(db, status)
    with pytest.raises(InputRefused, match=says):
        cancel(db, task_id, "不再检查")
    assert not list_tasks(db, [task_id])[0].cancelled and _audit(db, task_id) == []


def _laptop(path, tmp_path, inspector: str):
    """A copy of the lead's database on a team member's laptop."""
    copy = tmp_path / "laptop.sqlite"
    shutil.copy(path, copy)
    db = open_database(copy)
    with db.atomic():
        profile.set_value(db, "device_id", "device-laptop")
        profile.set_value(db, "hlc", "")
    set_profile(db, inspector)
    return db


def test_a_package_made_before_the_cancel_does_not_undo_it(rec, tmp_path):
    with rec.db.atomic():
        profile.set_value(rec.db, "device_id", "device-lead")
    rec.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    laptop = _laptop(rec.path, tmp_path, rec.cast.officers[0])
    try:
        held = {e.identity for e in field_edits.all_edits(rec.db.conn)}
        set_visit(laptop, rec.task, notified_at="2025-10-09T09:00", started_at="2025-10-10T09:00")
        recording.set_verdict(laptop, rec.task, 5, "no_problem")
        sent = [e for e in field_edits.all_edits(laptop.conn) if e.identity not in held]
        cancel(rec.db, rec.task, "机构停业")  # the lead cancels; the laptop's package, made before, arrives after
        receive(rec.db, sent, "package-laptop")
        task = list_tasks(rec.db, [rec.task])[0]
        assert task.cancelled and task.cancel_reason == "机构停业" and task.status.value == "on_site"
        assert check(rec.db).ok
        # and the cancel travels to the laptop with the lead's edits
        mine = {e.identity for e in field_edits.all_edits(laptop.conn)}
        receive(laptop, [e for e in field_edits.all_edits(rec.db.conn) if e.identity not in mine], "package-lead")
        assert list_tasks(laptop, [rec.task])[0].cancelled
        with pytest.raises(InputRefused, match="已取消"):
            recording.set_verdict(laptop, rec.task, 6, "no_problem")
    finally:
        laptop.close()


# --- a second task for the same institution ---------------------------------------------------------------------


def test_an_open_task_is_named_and_refused_when_asked(rec):
    c = rec.cast
    with pytest.raises(InputRefused, match="已有未办结的检查任务：已计划，检查组 .+（组长 .+），计划日期 未定") as refused:
        create_task(rec.db, c.institution, [c.lead, c.officers[0]], c.lead, allow_duplicate=False)
    assert [p.value for p in refused.value.problems] == [rec.task]
    second = create_task(rec.db, c.institution, [c.lead, c.officers[0]], c.lead)  # the default: made
    assert {t.id for t in open_tasks_of(rec.db, c.institution_id)} == {rec.task, second}


def test_a_cancelled_task_is_no_duplicate(rec):
    c = rec.cast
    cancel(rec.db, rec.task, "重新安排")
    assert open_tasks_of(rec.db, c.institution_id) == []
    made = create_task(rec.db, c.institution, [c.lead, c.officers[0]], c.lead, allow_duplicate=False)
    assert [t.id for t in open_tasks_of(rec.db, c.institution_id)] == [made]


def test_the_command_line_warns_of_a_duplicate_and_refuses_with_no_duplicate(rec, capsys):
    c = rec.cast
    base = ["--db", rec.path, "task", "create", "--institution", c.institution, "--inspector", c.lead,
            "--inspector", c.officers[0], "--date", "2025-11-03"]
    run = call_main(capsys, [*base, "--json"])
    assert run.status == 0 and [d["id"] for d in run.json["duplicates"]] == [rec.task]
    text = call_main(capsys, base)
    assert text.status == 0 and f"提醒：该机构已有未办结的检查任务 {rec.task}：已计划" in text.stdout
    refused = call_main(capsys, [*base, "--no-duplicate", "--json"])
    assert refused.status == 1 and refused.json["error"]["code"] == "input_refused"
    assert len(open_tasks_of(rec.db, c.institution_id)) == 3  # the first, and the two made with a warning


def test_task_cancel_on_the_command_line(demo_db, capsys):
    db, path = demo_db
    planned, signed = _of_status(db, "planned"), _of_status(db, "signed")
    shown = call_main(capsys, ["--db", path, "task", "list", "--json"]).json["items"]
    run = call_main(capsys, ["--db", path, "task", "cancel", planned, "--reason", "机构搬迁", "--json"])
    assert run.status == 0, run
    assert (run.json["id"], run.json["cancelled"], run.json["cancel_reason"]) == (planned, True, "机构搬迁")
    listed = call_main(capsys, ["--db", path, "task", "list", "--json"]).json["items"]
    assert [t["id"] for t in listed] == [t["id"] for t in shown if t["id"] != planned]  # hidden by default
    cancelled = call_main(capsys, ["--db", path, "task", "list", "--status", "cancelled", "--json"]).json["items"]
    assert [t["id"] for t in cancelled] == [planned]
    every = call_main(capsys, ["--db", path, "task", "list", "--include-cancelled", "--json"]).json["items"]
    assert len(every) == len(shown) == 6
    refused = call_main(capsys, ["--db", path, "task", "cancel", signed, "--reason", "x", "--json"])
    assert refused.status == 1 and "已签署" in refused.json["error"]["message"]
    missing = call_main(capsys, ["--db", path, "task", "cancel", "no-such-task"])
    assert missing.status == 1 and "没有检查任务 no-such-task" in missing.stderr
    text = call_main(capsys, ["--db", path, "task", "cancel", planned])
    assert text.status == 1 and "检查任务已取消" in text.stderr

