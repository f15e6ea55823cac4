"""Case handling after the record is signed (issue 12): conclusion, follow-up, referrals, and `closed` when the
case is complete — refused in words when the record is not signed, the dates do not fit or the items are not
problems."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from app.domain.cases import Conclusion, Recipient
from app.domain.problems import InputRefused
from app.store.database import open_database
from tests.cli_helpers import call_main


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from app.demo.data import build_demo

    path = tmp_path_factory.mktemp("cases") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=40, db_path=path)
    db.conn.close()
    return path


@pytest.fixture
def lead(demo_file, tmp_path):
    path = tmp_path / "lead.sqlite"
    shutil.copy(demo_file, path)
    db = open_database(path)
    yield db
    db.conn.close()


def task_with(db, status: str, problems: bool | None = None) -> str:
    for (task_id,) in db.conn.execute("SELECT id FROM tasks WHERE status = ? ORDER BY id", [status]):
        n = db.conn.execute("SELECT count(*) FROM findings WHERE task_id = ? AND verdict = 'problem'",
                            [task_id]).fetchone()[0]
        if problems is None or bool(n) == problems:
            return task_id
    raise AssertionError(f"no {status} task")


def problem_items(db, task_id: str) -> list[int]:
    return [r[0] for r in db.conn.execute("SELECT item FROM findings WHERE task_id = ? AND verdict = 'problem'"
                                          " ORDER BY item", [task_id])]


def status_of(db, task_id: str) -> str:
    return db.conn.execute("SELECT status FROM tasks WHERE id = ?", [task_id]).fetchone()[0]


def test_no_conclusion_before_the_record_is_signed(lead):
    from app.services.cases import conclude

    with pytest.raises(InputRefused, match="签署后"):
        conclude(lead, task_with(lead, "on_site"), Conclusion.NO_PROBLEM)
    assert lead.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_a_rectification_closes_the_task_once_received_and_checked(lead):
    from app.services.audit import check
    from app.services.cases import conclude, follow_up

    task = task_with(lead, "signed", problems=True)
    v = conclude(lead, task, Conclusion.RECTIFY, date(2025, 10, 20), rectify_by=date(2025, 11, 20))
    assert v.missing == ["收到整改报告的日期", "整改情况的复查（日期和结论）"] and status_of(lead, task) == "signed"
    follow_up(lead, task, rectification_received_on=date(2025, 11, 18))
    v = follow_up(lead, task, rectification_checked_on=date(2025, 11, 22), rectification_accepted=False)
    assert v.missing == ["复查未通过后的处理（再次整改或立案调查）"] and status_of(lead, task) == "signed"
    v = follow_up(lead, task, rectification_checked_on=date(2025, 11, 25), rectification_accepted=True)
    assert v.missing == [] and status_of(lead, task) == "closed"
    assert check(lead).ok


def test_dates_out_of_order_are_refused_and_nothing_is_written(lead):
    from app.services.cases import conclude, follow_up

    task = task_with(lead, "signed", problems=True)
    with pytest.raises(InputRefused, match="整改期限早于"):
        conclude(lead, task, Conclusion.RECTIFY, date(2025, 10, 20), rectify_by=date(2025, 10, 1))
    conclude(lead, task, Conclusion.RECTIFY, date(2025, 10, 20), rectify_by=date(2025, 11, 20))
    follow_up(lead, task, rectification_received_on=date(2025, 11, 18))
    with pytest.raises(InputRefused, match="复查日期早于"):
        follow_up(lead, task, rectification_checked_on=date(2025, 11, 1), rectification_accepted=True)
    assert lead.conn.execute("SELECT rectification_checked_on FROM cases").fetchone()[0] is None


def test_referrals_rest_on_items_recorded_as_problems(lead):
    from app.services.cases import conclude, refer

    task = task_with(lead, "signed", problems=True)
    items = problem_items(lead, task)
    conclude(lead, task, Conclusion.REFER, date(2025, 10, 20))
    assert status_of(lead, task) == "signed"
    not_a_problem = next(n for n in range(1, 19) if n not in items)
    with pytest.raises(InputRefused, match=f"以下不是：{not_a_problem}"):
        refer(lead, task, Recipient.POLICE, [not_a_problem], "疑似虚假报告", date(2025, 10, 21))
    with pytest.raises(InputRefused, match="问题线索"):
        refer(lead, task, Recipient.POLICE, items[:1], "   ", date(2025, 10, 21))
    v = refer(lead, task, Recipient.POLICE, items[:1], "疑似出具虚假检验报告", date(2025, 10, 21),
              "大同市公安局交通警察支队", "同市监移〔2025〕3号")
    assert [(r.to, r.items, r.department) for r in v.case.referrals] == [
        (Recipient.POLICE, (items[0],), "大同市公安局交通警察支队")]
    assert status_of(lead, task) == "closed"


def test_a_no_problem_task_has_nothing_to_refer_and_closes_at_once(lead):
    from app.services.cases import conclude, refer

    task = task_with(lead, "signed")
    v = conclude(lead, task, Conclusion.NO_PROBLEM, date(2025, 10, 20))
    assert v.missing == [] and status_of(lead, task) == "closed"
    with pytest.raises(InputRefused, match="没有问题线索"):
        refer(lead, task, Recipient.ECO, [1], "x", date(2025, 10, 21))


def test_an_investigation_needs_a_decision_and_a_closed_case_cannot_be_made_incomplete(lead):
    from app.services.cases import conclude, follow_up

    task = task_with(lead, "signed", problems=True)
    v = conclude(lead, task, Conclusion.INVESTIGATE, date(2025, 10, 20))
    assert v.missing == ["处罚决定（文书编号、日期、内容）或不予处罚的理由"]
    follow_up(lead, task, penalty_decision="同市监处罚〔2025〕12号", penalty_on=date(2025, 11, 30),
              penalty_text="责令改正，罚款三万元", revoked=False)
    assert status_of(lead, task) == "closed"
    with pytest.raises(InputRefused, match="已办结"):
        follow_up(lead, task, typical_case=True, typical_summary="")
    assert lead.conn.execute("SELECT typical_case FROM cases").fetchone()[0] == 0


def test_the_command_line_concludes_refers_and_refuses_in_words(lead, capsys):
    path = lead.conn.execute("PRAGMA database_list").fetchone()[2]
    task = task_with(lead, "signed", problems=True)
    items = problem_items(lead, task)
    lead.conn.close()
    run = call_main(capsys, ["--db", path, "case", "conclude", "--task", task, "--conclusion", "refer",
                             "--on", "2025-10-20"])
    assert run.status == 0, run.stderr
    run = call_main(capsys, ["--db", path, "case", "refer", "--task", task, "--to", "eco", "--items", "三",
                             "--text", "排放数据", "--on", "2025-10-21"])
    assert run.status == 1 and "序号" in run.stderr
    run = call_main(capsys, ["--db", path, "--json", "case", "refer", "--task", task, "--to", "eco",
                             "--items", "，".join(map(str, items)), "--text", "排放数据", "--on", "2025-10-21"])
    assert run.status == 0, run.stderr
    assert run.json["status"] == "closed" and run.json["case"]["referrals"][0]["items"] == items
