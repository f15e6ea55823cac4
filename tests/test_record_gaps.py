"""Where each gap of an unfinished record is (issue 13): `content_gaps` and `signing_gaps` give the place that the
window goes to, and `task finish` / `task sign` put it in each problem's `column`."""

from __future__ import annotations

from app.domain.checklist import Verdict
from app.domain.tasks import RecordState, SignatureState, content_gaps, content_problems, signing_gaps


def _state(**changes) -> RecordState:
    values = dict(verdicts={n: (Verdict.NO_PROBLEM, "") for n in (1, 2, 3)}, items=[1, 2, 3],
                  blind_samples=[("MD-1", "satisfactory")], officers={"a", "b"},
                  signatures=SignatureState(officers_signed={"a", "b"}, representative_signed=True),
                  session={"started_at": "x", "ended_at": "x", "place": "x", "credentials_shown": True,
                           "recusal_answer": "x"},
                  credentials={"a", "b"})
    values.update(changes)
    return RecordState(**values)


def test_a_complete_record_has_no_gaps():
    assert content_gaps(_state()) == [] and signing_gaps(_state()) == []


def test_each_gap_names_its_place():
    state = _state(verdicts={1: (Verdict.NO_PROBLEM, ""), 2: (Verdict.PROBLEM, " "), 3: (Verdict.NOT_CHECKED, "")},
                   blind_samples=[("MD-1", None)], session={"place": "检测楼"}, credentials={"a"},
                   signatures=SignatureState(officers_signed={"a"}))
    places = [where for where, _ in signing_gaps(state)]
    assert places == ["started_at", "ended_at", "credentials_shown", "recusal_answer", "credentials", "item.2",
                      "item.3", "sample.MD-1", "signature.inspector", "signature.representative"]
    assert [text for _, text in content_gaps(state)] == content_problems(state)
    assert dict(content_gaps(state))["item.2"] == "第 2 项发现问题，但没有填写问题描述"


def test_finish_puts_the_place_in_each_problems_column(tmp_path):
    import pytest

    from app.domain.problems import InputRefused
    from app.services import tasks as task_service
    from tests.recording_helpers import answer_all, demo_database, new_task

    db, cast = demo_database(tmp_path / "gaps.sqlite")
    try:
        task_id = new_task(db, cast)
        answer_all(db, task_id)
        from app.services.recording import set_verdict

        set_verdict(db, task_id, 5, Verdict.NOT_CHECKED)
        with pytest.raises(InputRefused) as refused:
            task_service.finish(db, task_id)
    finally:
        db.close()
    assert [(p.column, p.expected) for p in refused.value.problems] == [
        ("item.5", "第 5 项尚未检查（请选择 发现问题 / 未发现问题 / 不适用）")]
