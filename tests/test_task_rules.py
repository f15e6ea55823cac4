"""The pure task rules of app/domain/tasks.py, each with its expected value written here (issue 8).

Statuses and their order, labels and editability; `advanced` (statuses only move forward); the 24-hour notice
rule (`notice_warning`); what a record lacks (`content_problems`) and what stops it being signed
(`signing_problems`). No expectation is read from the module under test.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.domain.checklist import Verdict
from app.domain.tasks import (
    RecordState,
    SignatureState,
    TaskStatus,
    advanced,
    content_problems,
    notice_warning,
    signing_problems,
)

# --- statuses ------------------------------------------------------------------------------------------------

FORWARD = ["planned", "notified", "on_site", "recorded", "signed", "merged", "closed"]
LABELS = {"planned": "已计划", "notified": "已告知", "on_site": "现场检查中", "recorded": "记录完成，待签名",
          "signed": "已签署", "merged": "已汇总", "closed": "已办结"}


def test_the_statuses_their_stored_values_and_order():
    assert [s.value for s in TaskStatus] == FORWARD


@pytest.mark.parametrize("value, label", list(LABELS.items()))
def test_each_status_has_its_chinese_label(value, label):
    assert TaskStatus(value).label == label


@pytest.mark.parametrize("value, editable", [("planned", True), ("notified", True), ("on_site", True),
                                             ("recorded", False), ("signed", False), ("merged", False),
                                             ("closed", False)])
def test_only_statuses_before_the_record_is_complete_are_editable(value, editable):
    assert TaskStatus(value).editable is editable


@pytest.mark.parametrize("current, to, result", [
    ("planned", "notified", "notified"),
    ("planned", "on_site", "on_site"),  # a step may be skipped (a visit recorded without a notice time)
    ("notified", "on_site", "on_site"),
    ("on_site", "recorded", "recorded"),
    ("recorded", "signed", "signed"),
    ("signed", "merged", "merged"),
    ("merged", "closed", "closed"),
    ("planned", "closed", "closed"),
])
def test_advanced_moves_forward(current, to, result):
    assert advanced(TaskStatus(current), TaskStatus(to)) is TaskStatus(result)


@pytest.mark.parametrize("current, to", [
    ("notified", "planned"),
    ("on_site", "notified"),  # a notice time entered after the visit started does not move the task back
    ("recorded", "on_site"),
    ("signed", "recorded"),
    ("closed", "planned"),
    ("merged", "signed"),
])
def test_advanced_never_moves_back(current, to):
    assert advanced(TaskStatus(current), TaskStatus(to)) is TaskStatus(current)


@pytest.mark.parametrize("value", FORWARD)
def test_advanced_to_the_same_status_stays(value):
    assert advanced(TaskStatus(value), TaskStatus(value)) is TaskStatus(value)


# --- the 24-hour notice rule (在现场检查前24小时内告知) ------------------------------------------------------

BEIJING = timezone(timedelta(hours=8))
START = datetime(2025, 10, 10, 9, 0, tzinfo=BEIJING)
NO_NOTICE = "现场检查已开始，但未记录告知时间：应在现场检查前24小时内告知被检查机构，请补记告知时间"
NOT_BEFORE = "现场检查开始时间早于（或等于）告知时间：应在现场检查前告知被检查机构"


def too_early(hours: str) -> str:
    return f"告知时间距现场检查开始已 {hours} 小时，超过24小时（应在现场检查前24小时内告知）"


def test_no_visit_started_means_no_warning():
    assert notice_warning(None, None) is None
    assert notice_warning(START, None) is None


def test_a_started_visit_without_a_notice_time_is_warned_about():
    assert notice_warning(None, START) == NO_NOTICE


@pytest.mark.parametrize("before", [timedelta(seconds=1), timedelta(hours=1), timedelta(hours=23, minutes=59),
                                    timedelta(hours=24)])
def test_a_notice_within_24_hours_before_the_visit_is_fine(before):
    assert notice_warning(START - before, START) is None


@pytest.mark.parametrize("before, hours", [
    (timedelta(hours=24, seconds=1), "24.0"),
    (timedelta(hours=24, minutes=30), "24.5"),
    (timedelta(hours=25), "25.0"),
    (timedelta(hours=48, minutes=6), "48.1"),
])
def test_a_notice_more_than_24_hours_before_the_visit_is_warned_about(before, hours):
    assert notice_warning(START - before, START) == too_early(hours)


@pytest.mark.parametrize("after", [timedelta(0), timedelta(minutes=1), timedelta(days=2)])
def test_a_notice_at_or_after_the_start_is_warned_about(after):
    assert notice_warning(START + after, START) == NOT_BEFORE


def test_times_in_different_offsets_are_compared_as_instants():
    # 08:00 UTC is 16:00 in Beijing: seven hours after a notice given at 09:00 Beijing time
    notified = datetime(2025, 10, 10, 9, 0, tzinfo=BEIJING)
    assert notice_warning(notified, datetime(2025, 10, 10, 8, 0, tzinfo=timezone.utc)) is None
    # 00:30 UTC the same day is 08:30 Beijing time: before the notice
    assert notice_warning(notified, datetime(2025, 10, 10, 0, 30, tzinfo=timezone.utc)) == NOT_BEFORE


# --- completeness ------------------------------------------------------------------------------------------------

SESSION = {"started_at": "2025-10-10T09:00", "ended_at": "2025-10-10T11:30", "place": "检测大楼二层",
           "credentials_shown": True, "recusal_answer": "不申请回避"}
LAWFUL_MISSING = {
    "started_at": "没有填写现场检查开始时间",
    "ended_at": "没有填写现场检查结束时间",
    "place": "没有填写检查地点",
    "credentials_shown": "没有记录已告知检查依据、范围和被检查单位配合检查、如实提供材料的义务",
    "recusal_answer": "没有记录被检查单位对回避告知的答复",
}
TWO_OFFICERS = "至少需要 2 名执法人员签名"
NO_REPRESENTATIVE = "被检查单位代表尚未签名，也未记录拒绝签名"


def complete_state(**changes) -> RecordState:
    """Three items answered, one blind sample judged, two officers and the representative signed."""
    state = RecordState(
        verdicts={1: (Verdict.NO_PROBLEM, ""), 2: (Verdict.PROBLEM, "原始记录缺少复核人签名"), 3: (Verdict.NA, "")},
        items=[1, 2, 3],
        blind_samples=[("BS-01", "satisfactory")],
        officers={"officer-a", "officer-b", "officer-c"},
        signatures=SignatureState(officers_signed={"officer-a", "officer-b"}, representative_signed=True),
        session=dict(SESSION),
        credentials={"officer-a", "officer-b"},
    )
    for name, value in changes.items():
        setattr(state, name, value)
    return state


def test_a_complete_record_has_no_problems_and_may_be_signed():
    state = complete_state()
    assert content_problems(state) == []
    assert signing_problems(state) == []


@pytest.mark.parametrize("shown,count", [(set(), 0), ({"officer-a"}, 1), ({"officer-a", "joint-police"}, 1),
                                         ({"officer-a", "officer-b"}, None)])
def test_two_of_the_organs_officers_must_have_shown_their_credentials(shown, count):
    # a joint member (not one of the organ's officers) showing credentials does not make up the two
    problems = content_problems(complete_state(credentials=shown))
    expected = [] if count is None else [f"出示执法证件的执法人员少于 2 名（现有 {count} 名）：请在现场情况中逐人记录"]
    assert problems == expected


@pytest.mark.parametrize("name", list(LAWFUL_MISSING))
@pytest.mark.parametrize("empty", ["absent", None, "", False])
def test_each_missing_lawful_field_is_named(name, empty):
    session = dict(SESSION)
    if empty == "absent":
        del session[name]
    else:
        session[name] = empty
    state = complete_state(session=session)
    assert content_problems(state) == [LAWFUL_MISSING[name]]
    assert signing_problems(state) == [LAWFUL_MISSING[name]]


def test_an_empty_session_names_all_five_in_order():
    assert content_problems(complete_state(session={})) == [
        "没有填写现场检查开始时间", "没有填写现场检查结束时间", "没有填写检查地点",
        "没有记录已告知检查依据、范围和被检查单位配合检查、如实提供材料的义务",
        "没有记录被检查单位对回避告知的答复"]


def test_an_item_without_a_verdict_and_one_marked_not_checked_are_named():
    state = complete_state(verdicts={1: (Verdict.NOT_CHECKED, ""), 3: (Verdict.NA, "")})
    assert content_problems(state) == ["第 1 项尚未检查（请选择 发现问题 / 未发现问题 / 不适用）",
                                       "第 2 项尚未检查（请选择 发现问题 / 未发现问题 / 不适用）"]


@pytest.mark.parametrize("description", ["", "   ", "\n\t"])
def test_a_problem_without_a_description_is_named(description):
    state = complete_state(verdicts={1: (Verdict.NO_PROBLEM, ""), 2: (Verdict.PROBLEM, description),
                                     3: (Verdict.NA, "")})
    assert content_problems(state) == ["第 2 项发现问题，但没有填写问题描述"]


def test_verdicts_for_items_outside_the_checklist_are_not_asked_for():
    state = complete_state(items=[1, 3], verdicts={1: (Verdict.NO_PROBLEM, ""), 3: (Verdict.NA, ""),
                                                   9: (Verdict.NOT_CHECKED, "")})
    assert content_problems(state) == []


@pytest.mark.parametrize("judgement", [None, ""])
def test_an_unjudged_blind_sample_is_named_by_its_code(judgement):
    state = complete_state(blind_samples=[("BS-01", "satisfactory"), ("BS-02", judgement), ("", None)])
    assert content_problems(state) == ["盲样 BS-02 没有判定结果", "盲样 （未编号） 没有判定结果"]


def test_content_problems_come_lawful_fields_then_items_then_samples():
    state = complete_state(session={k: v for k, v in SESSION.items() if k != "place"},
                           verdicts={}, items=[4], blind_samples=[("BS-09", None)])
    assert content_problems(state) == ["没有填写检查地点", "第 4 项尚未检查（请选择 发现问题 / 未发现问题 / 不适用）",
                                       "盲样 BS-09 没有判定结果"]


def test_content_problems_do_not_look_at_signatures():
    assert content_problems(complete_state(signatures=SignatureState())) == []


@pytest.mark.parametrize("signed, count", [(set(), 0), ({"officer-a"}, 1)])
def test_fewer_than_two_officer_signatures_stop_signing(signed, count):
    state = complete_state(signatures=SignatureState(officers_signed=signed, representative_signed=True))
    assert signing_problems(state) == [f"{TWO_OFFICERS}，现有 {count} 名"]


def test_a_signature_by_someone_who_is_not_an_officer_of_the_team_does_not_count():
    state = complete_state(signatures=SignatureState(officers_signed={"officer-a", "expert-x"},
                                                     representative_signed=True))
    assert signing_problems(state) == [f"{TWO_OFFICERS}，现有 1 名"]


def test_three_officer_signatures_are_enough():
    state = complete_state(signatures=SignatureState(officers_signed={"officer-a", "officer-b", "officer-c"},
                                                     representative_signed=True))
    assert signing_problems(state) == []


def test_the_representative_must_sign_or_refuse():
    state = complete_state(signatures=SignatureState(officers_signed={"officer-a", "officer-b"}))
    assert signing_problems(state) == [NO_REPRESENTATIVE]
    refused = complete_state(signatures=SignatureState(officers_signed={"officer-a", "officer-b"},
                                                       representative_refused=True))
    assert signing_problems(refused) == []


def test_signing_problems_list_content_then_officers_then_representative():
    state = complete_state(session={k: v for k, v in SESSION.items() if k != "ended_at"},
                           signatures=SignatureState(officers_signed={"officer-a"}))
    assert signing_problems(state) == ["没有填写现场检查结束时间", f"{TWO_OFFICERS}，现有 1 名", NO_REPRESENTATIVE]
