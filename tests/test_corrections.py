"""On-site corrections and the visit's times are checked (issue 7, item 15): a corrected credit code must pass
its check character, a corrected date must be a real date, the visit cannot end before it started, and a visit
that started with no recorded notice time is warned about like a late notice."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.problems import InputRefused
from app.services import recording, tasks
from app.services.task_view import task_record
from app.store import rows as stored
from tests.recording_helpers import audit_count

VALID_CODE = "91350100M000100Y43"  # a code whose check character is right (the one often given as an example)


def refused(call, *args, **kwargs) -> InputRefused:
    with pytest.raises(InputRefused) as caught:
        call(*args, **kwargs)
    return caught.value


def corrections(rec) -> list:
    return stored.rows(rec.db.conn, "institution_corrections", rec.task, order="field")


@pytest.mark.parametrize("code,words", [
    ("91350100M000100Y44", "校验"),  # one character off: the check character no longer fits
    ("9135010OM000100Y43", "O"),  # a letter O where the code allows only 0
    ("91350100M000100Y4", "18"),
    ("统一社会信用代码", "18"),
])
def test_a_corrected_credit_code_must_pass_its_check(rec, code, words):
    before = audit_count(rec.db)
    error = refused(recording.correct_institution, rec.db, rec.task, "credit_code", code)
    assert error.problems[0].column == "credit_code" and error.problems[0].value == code
    assert words in error.message + error.problems[0].expected
    assert corrections(rec) == [] and audit_count(rec.db) == before


def test_a_valid_corrected_credit_code_is_kept_in_its_canonical_form(rec):
    recording.correct_institution(rec.db, rec.task, "credit_code", " 91350100m000100y43 ")
    assert task_record(rec.db, rec.task).institution.credit_code == VALID_CODE


@pytest.mark.parametrize("value", ["20301010", "2030-W01-1", "2030-02-30", "2030年1月", "明年", "2030-13-01"])
def test_a_corrected_date_must_be_a_real_date(rec, value):
    before = audit_count(rec.db)
    error = refused(recording.correct_institution, rec.db, rec.task, "cma_expires_on", value)
    assert error.problems[0].column == "cma_expires_on" and error.problems[0].value == value
    assert "YYYY-MM-DD" in error.problems[0].expected
    assert corrections(rec) == [] and audit_count(rec.db) == before


def test_a_corrected_date_in_the_usual_form_is_stored(rec):
    recording.correct_institution(rec.db, rec.task, "cma_approved_on", "2024-02-29")
    assert task_record(rec.db, rec.task).institution.cma_approved_on == date(2024, 2, 29)


@pytest.mark.parametrize("first,then", [
    ({"started_at": datetime(2025, 10, 10, 9, 0), "ended_at": datetime(2025, 10, 10, 8, 59)}, None),
    ({"started_at": datetime(2025, 10, 10, 9, 0)}, {"ended_at": "2025-10-10T08:00"}),
    ({"started_at": "2025-10-10T09:00", "ended_at": "2025-10-10T11:00"}, {"started_at": "2025-10-10T12:00"}),
])
def test_a_visit_cannot_end_before_it_started(rec, first, then):
    if then is None:
        before = audit_count(rec.db)
        error = refused(tasks.set_visit, rec.db, rec.task, **first)
    else:
        tasks.set_visit(rec.db, rec.task, **first)
        before = audit_count(rec.db)
        error = refused(tasks.set_visit, rec.db, rec.task, **then)
    assert error.problems[0].column == "ended_at" and "开始" in error.message and "结束" in error.message
    assert audit_count(rec.db) == before


def test_a_visit_that_ends_when_it_starts_or_later_is_taken(rec):
    tasks.set_visit(rec.db, rec.task, started_at="2025-10-10T09:00", ended_at="2025-10-10T09:00")
    tasks.set_visit(rec.db, rec.task, ended_at="2025-10-10T23:00+00:00")  # later in every time zone


def test_a_visit_with_no_recorded_notice_time_is_warned_about(rec):
    assert task_record(rec.db, rec.task).warnings == []  # nothing has happened yet: nothing to warn about
    tasks.set_visit(rec.db, rec.task, started_at=datetime(2025, 10, 10, 9, 0))
    warnings = task_record(rec.db, rec.task).warnings
    assert len(warnings) == 1 and "告知时间" in warnings[0] and "24小时" in warnings[0]
    tasks.set_visit(rec.db, rec.task, notified_at=datetime(2025, 10, 9, 15, 0))
    assert task_record(rec.db, rec.task).warnings == []
