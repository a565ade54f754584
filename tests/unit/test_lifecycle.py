"""The complaint life cycle as a state machine, the 五清楚一报告 checklist, grouping and validators."""

from __future__ import annotations

from datetime import datetime

import pytest

from wuye_desktop.domain.complaint import TRANSITIONS, Action, Event, Kind, State, allowed_actions, next_state
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import TransitionError, ValidationError
from wuye_desktop.domain.five_clear import checklist, missing_for_close
from wuye_desktop.domain.grouping import CaseKey, collective_candidates, is_duplicate
from wuye_desktop.domain.validators import parse_datetime_text, phone_error

NOW = datetime(2026, 9, 24, 9, 0)


def test_main_path_from_receipt_to_closing() -> None:
    path = [Action.TO_FRONT_DESK, Action.DISPATCH, Action.RESPOND, Action.COMPLETE, Action.FEEDBACK,
            Action.REPLY, Action.REVISIT, Action.CLOSE]
    state = State.RECEIVED
    for action in path:
        state = next_state(state, action)
    assert state is State.CLOSED


def test_unreasonable_path_and_reopen() -> None:
    state = next_state(State.AT_FRONT_DESK, Action.EXPLAIN)
    state = next_state(state, Action.ESCALATE)
    assert state is State.ESCALATED
    assert next_state(next_state(state, Action.CLOSE), Action.REOPEN) is State.AT_FRONT_DESK


@pytest.mark.parametrize(("state", "action"), [
    (State.RECEIVED, Action.COMPLETE), (State.AT_FRONT_DESK, Action.CLOSE), (State.DISPATCHED, Action.REVISIT),
    (State.COMPLETED, Action.CLOSE), (State.CLOSED, Action.DISPATCH), (State.CLOSED, Action.NOTE),
])
def test_impossible_transitions_are_refused_in_chinese(state: State, action: Action) -> None:
    with pytest.raises(TransitionError, match="不能执行"):
        next_state(state, action)


def test_allowed_actions_follow_the_table() -> None:
    assert Action.DISPATCH in allowed_actions(State.AT_FRONT_DESK)
    assert Action.CLOSE not in allowed_actions(State.COMPLETED)
    assert allowed_actions(State.CLOSED) == [Action.REOPEN]
    assert all(s in State for s, _ in TRANSITIONS)


def e(action: Action, **data: str) -> Event:
    return Event(action, NOW, "王", "x", data)


def test_five_clear_blocks_closing_until_every_point_is_done() -> None:
    """篇5 §1: a case cannot be closed while a point is missing; 报告 applies to major cases only."""
    events = [e(Action.RECEIVE), e(Action.DISPATCH), e(Action.COMPLETE), e(Action.REPLY), e(Action.REVISIT)]
    assert missing_for_close(events, Kind.GENERAL, "噪音", confirmed_by="") == ["记清楚"]
    assert missing_for_close(events, Kind.GENERAL, "噪音", confirmed_by="张三") == []
    assert missing_for_close(events, Kind.MAJOR, "困人", confirmed_by="张三") == ["报告"]
    items = {i.key: i for i in checklist(events[:2], Kind.GENERAL, "噪音")}
    assert items["listen"].done and items["ask"].done and not items["follow"].done
    assert not items["report"].applies


def test_collective_needs_three_units_in_the_window() -> None:
    t = datetime(2026, 9, 20, 9, 0)
    cases = [CaseKey(1, "1", "A座101", "突发停电", t), CaseKey(2, "2", "A座 101", "突发停电", t.replace(hour=10)),
             CaseKey(3, "3", "B座202", "突发停电", t.replace(day=21)),
             CaseKey(4, "4", "C座303", "突发停电", t.replace(day=22)),
             CaseKey(5, "5", "D座404", "装修噪音", t)]
    groups = collective_candidates(cases, window_days=3)
    assert [sorted(c.id for c in g) for g in groups] == [[1, 2, 3, 4]]
    assert collective_candidates(cases, window_days=1) == []


def test_duplicate_same_unit_and_category_within_seven_days() -> None:
    other = CaseKey(1, "1", "3栋2单元501", "装修噪音", datetime(2026, 9, 20))
    assert is_duplicate("3栋2单元５０１", "装修噪音", datetime(2026, 9, 26), other)
    assert not is_duplicate("3栋2单元501", "装修噪音", datetime(2026, 9, 28), other)
    assert not is_duplicate("3栋2单元501", "水浸", datetime(2026, 9, 21), other)


@pytest.mark.parametrize(("phone", "ok"), [
    ("13800138000", True), ("+86 138 0013 8000", True), ("0755-12345678", True), ("02012345678", True),
    ("83456789", True), ("400-123-4567", True), ("1380013800", False), ("12800138000", False),
    ("abc", False), ("", False),
])
def test_phone_formats(phone: str, ok: bool) -> None:
    error = phone_error("联系电话", phone)
    assert (error is None) is ok
    if not ok:
        assert error.startswith("联系电话")


def test_draft_names_every_bad_field() -> None:
    draft = ComplaintDraft(received_at=datetime(2026, 9, 25, 9, 0), complainant=" ", unit="",
                           phone="123", subject="", category="火灾")
    with pytest.raises(ValidationError) as info:
        draft.validate(NOW)
    errors = info.value.errors
    assert errors["received_at"] == "受理时间不能晚于当前时间（2026-09-24 09:00）"
    assert errors["complainant"] == "投诉人不能为空"
    assert errors["unit"] == "房号不能为空"
    assert errors["subject"] == "投诉主题不能为空"
    assert "联系电话" in errors["phone"]
    assert errors["category"] == "投诉类别「火灾」不属于一般投诉的类别"


def test_parse_datetime_text() -> None:
    assert parse_datetime_text("2026-09-18 14:30") == datetime(2026, 9, 18, 14, 30)
    assert parse_datetime_text("2026/9/18 14:30") == datetime(2026, 9, 18, 14, 30)
    assert parse_datetime_text("2026年9月18日 14:30") == datetime(2026, 9, 18, 14, 30)
    assert parse_datetime_text("2026-09-18") == datetime(2026, 9, 18)
    assert parse_datetime_text("昨天") is None
