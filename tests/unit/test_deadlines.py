"""The deadlines of RULES.md on the real 2026 calendar (调休 included), a 2027 date without data,
and office-entered overrides."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from wuye_desktop.domain.complaint import Action, Event, Kind
from wuye_desktop.domain.deadlines import Status, evaluate, format_remaining
from wuye_desktop.domain.workcalendar import OfficeEntry, WeekendsOnly, WorkCalendar
from wuye_desktop.services.calendar import ChinaOfficialSchedule

CAL = WorkCalendar(ChinaOfficialSchedule())


def ev(action: Action, at: str, **data: str) -> Event:
    return Event(action, datetime.fromisoformat(at), "测试", "", data)


def handled_case(received: str, completed_report: str, **extra: str) -> list[Event]:
    return [
        ev(Action.RECEIVE, received),
        ev(Action.TO_FRONT_DESK, received),
        ev(Action.DISPATCH, received, department="工程部", due_at=completed_report),
        ev(Action.COMPLETE, completed_report, **extra),
    ]


@pytest.mark.parametrize(("completed", "revisit_by"), [
    ("2026-09-24 10:00", "2026-09-29 23:59:59"),  # Thu: Fri 25 + Mid-Autumn 25–27 off → Mon 28, Tue 29
    ("2026-09-18 16:00", "2026-09-21 23:59:59"),  # Fri: Sun 09-20 is a 调休 workday → Sun 20, Mon 21
    ("2026-09-30 11:00", "2026-10-09 23:59:59"),  # Wed: National Day 10-01…10-07 → Thu 08, Fri 09
    ("2026-10-08 09:30", "2026-10-10 23:59:59"),  # Thu: Fri 09, Sat 10-10 is a 调休 workday
])
def test_revisit_is_two_working_days_after_the_completion_report(completed: str, revisit_by: str) -> None:
    """篇2 §5、§7: 回访时效在2个工作日内 — official working days, ending at 23:59:59."""
    start = (datetime.fromisoformat(completed) - timedelta(hours=3)).isoformat(sep=" ")
    result = evaluate(handled_case(start, completed), Kind.GENERAL, CAL, datetime.fromisoformat(completed))
    revisit = result.find("revisit")
    assert revisit is not None
    assert revisit.due_at == datetime.fromisoformat(revisit_by)
    assert revisit.status is Status.PENDING
    assert result.calendar_warnings == ()


def test_october_2026_has_18_working_days() -> None:
    assert CAL.workdays_in_month(2026, 10) == 18


def test_clock_hour_rules_ignore_nights_and_holidays() -> None:
    """篇2 §1/§2: 24 h to the front desk, 12 h to dispatch — clock time, even over National Day."""
    events = [ev(Action.RECEIVE, "2026-09-30 20:00"), ev(Action.TO_FRONT_DESK, "2026-10-01 08:00")]
    result = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 10, 1, 9, 0))
    assert result.find("to_front_desk").status is Status.MET
    dispatch = result.find("dispatch")
    assert dispatch.due_at == datetime(2026, 10, 1, 20, 0)
    assert result.next_deadline.step == "dispatch"


def test_a_step_done_late_stays_overdue() -> None:
    events = [ev(Action.RECEIVE, "2026-09-18 08:00"), ev(Action.TO_FRONT_DESK, "2026-09-18 08:00"),
              ev(Action.DISPATCH, "2026-09-18 21:00", department="工程部", due_at="2026-09-19 12:00")]
    result = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 9, 18, 22, 0))
    assert result.find("dispatch").status is Status.DONE_LATE
    assert result.late_labels == ["派单"]
    later = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 12, 1))
    assert "派单" in later.late_labels


def test_open_step_past_due_is_overdue_and_department_promise_is_tracked() -> None:
    """限期处理: the time the department was given is a deadline too (RULES.md)."""
    events = [ev(Action.RECEIVE, "2026-09-21 09:00"), ev(Action.TO_FRONT_DESK, "2026-09-21 09:00"),
              ev(Action.DISPATCH, "2026-09-21 10:00", department="工程部", due_at="2026-09-21 17:00")]
    before = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 9, 21, 16, 0))
    assert before.next_deadline.step == "department_due"
    assert before.late_labels == []
    after = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 9, 21, 17, 1))
    assert after.find("department_due").status is Status.OVERDUE
    assert after.late_labels == ["限期处理"]


def test_department_response_window_is_two_hours_after_dispatch() -> None:
    """篇2 §4: a department that cannot finish answers within 2 h; its new promise becomes the due time."""
    events = [ev(Action.RECEIVE, "2026-09-21 09:00"), ev(Action.TO_FRONT_DESK, "2026-09-21 09:00"),
              ev(Action.DISPATCH, "2026-09-21 10:00", department="工程部", due_at="2026-09-21 17:00"),
              ev(Action.RESPOND, "2026-09-21 12:30", due_at="2026-09-22 17:00")]
    result = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 9, 21, 18, 0))
    assert result.find("response").status is Status.DONE_LATE
    assert result.find("department_due").due_at == datetime(2026, 9, 22, 17, 0)
    assert result.find("department_due").status is Status.PENDING


def test_completion_report_and_feedback_are_two_hours_each() -> None:
    """篇2 §5 (report within 2 h of finishing) and §8 (first responder told within 2 h)."""
    events = handled_case("2026-09-21 09:00", "2026-09-21 15:00", work_done_at="2026-09-21 12:00")
    events.append(ev(Action.FEEDBACK, "2026-09-21 16:00"))
    result = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 9, 21, 16, 0))
    assert result.find("completion_report").status is Status.DONE_LATE
    assert result.find("feedback").status is Status.MET
    assert result.find("department_due").status is Status.MET


def test_emergency_ladder_minutes() -> None:
    """篇2 §6–7: 3 min to the department, 5 min to the leader, 10 min to the board, 24/48 h reports."""
    received = "2026-10-03 02:00"
    events = [ev(Action.RECEIVE, received), ev(Action.TO_FRONT_DESK, received),
              ev(Action.LADDER_NOTIFY_DEPT, "2026-10-03 02:02"),
              ev(Action.LADDER_REPORT_LEADER, "2026-10-03 02:07")]
    result = evaluate(events, Kind.MAJOR, CAL, datetime(2026, 10, 3, 2, 8))
    assert result.find("notify_department").status is Status.MET
    assert result.find("report_leader").status is Status.DONE_LATE
    board = result.find("phone_board")
    assert board.due_at == datetime(2026, 10, 3, 2, 17)  # 10 min from the leader's receipt
    assert result.find("office_written").due_at == datetime(2026, 10, 4, 2, 0)
    assert result.find("leader_written").due_at == datetime(2026, 10, 5, 2, 7)
    assert result.find("developer_verify").status is Status.WAITING


def test_phone_board_waits_for_the_leader() -> None:
    events = [ev(Action.RECEIVE, "2026-10-03 02:00"), ev(Action.TO_FRONT_DESK, "2026-10-03 02:00")]
    result = evaluate(events, Kind.MAJOR, CAL, datetime(2026, 10, 3, 2, 1))
    assert result.find("phone_board").status is Status.WAITING
    assert result.next_deadline.step == "notify_department"
    assert result.next_deadline.due_at == datetime(2026, 10, 3, 2, 3)


def test_general_cases_have_no_ladder() -> None:
    events = [ev(Action.RECEIVE, "2026-10-03 02:00"), ev(Action.TO_FRONT_DESK, "2026-10-03 02:00")]
    result = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 10, 3, 2, 1))
    assert result.find("notify_department") is None


def test_unreasonable_cases_are_not_dispatched() -> None:
    events = [ev(Action.RECEIVE, "2026-10-12 09:00"), ev(Action.TO_FRONT_DESK, "2026-10-12 09:00")]
    result = evaluate(events, Kind.UNREASONABLE, CAL, datetime(2026, 10, 12, 23, 0))
    assert result.find("dispatch") is None
    assert result.find("verify").due_at == datetime(2026, 10, 12, 23, 59, 59)  # 篇4 一.3: 当天


def test_2027_without_data_is_computed_and_flagged() -> None:
    """chinese_calendar ends with 2026: a 2027 deadline still computes, with a warning year."""
    events = handled_case("2026-12-31 09:00", "2026-12-31 15:00")
    result = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 12, 31, 16, 0))
    revisit = result.find("revisit")
    # 2027-01-01 is New Year (rule-based from `holidays`), Sat/Sun off → Mon 01-04, Tue 01-05.
    assert revisit.due_at == datetime(2027, 1, 5, 23, 59, 59)
    assert result.calendar_warnings == (2027,)


def test_office_entries_override_the_calendar() -> None:
    """The office enters the published schedule: a 调休 Saturday works, a weekday is off."""
    entries = {date(2027, 1, 4): OfficeEntry(date(2027, 1, 4), False, "元旦调休"),
               date(2027, 1, 9): OfficeEntry(date(2027, 1, 9), True, "调休上班")}
    cal = WorkCalendar(ChinaOfficialSchedule(), entries, frozenset({2027}))
    events = handled_case("2027-01-07 09:00", "2027-01-07 15:00")  # Thu
    result = evaluate(events, Kind.GENERAL, cal, datetime(2027, 1, 7, 16, 0))
    assert result.find("revisit").due_at == datetime(2027, 1, 9, 23, 59, 59)  # Fri 08, Sat 09 (调休)
    assert result.calendar_warnings == ()
    assert not cal.is_workday(date(2027, 1, 4))


def test_weekends_only_calendar_is_wrong_in_2026() -> None:
    """Why a fixed weekday rule is wrong: it would put the 09-24 revisit on Mon 09-28."""
    plain = WorkCalendar(WeekendsOnly())
    assert plain.nth_workday_after(date(2026, 9, 24), 2) == date(2026, 9, 28)
    assert CAL.nth_workday_after(date(2026, 9, 24), 2) == date(2026, 9, 29)


def test_reopen_starts_a_new_cycle_and_keeps_old_lateness() -> None:
    events = handled_case("2026-09-21 09:00", "2026-09-21 15:00")
    events += [ev(Action.FEEDBACK, "2026-09-21 20:00"),  # 5 h after the report: late
               ev(Action.REOPEN, "2026-09-22 09:00")]
    result = evaluate(events, Kind.GENERAL, CAL, datetime(2026, 9, 22, 10, 0))
    assert "反馈首问人" in result.late_labels
    assert result.next_deadline.step in {"verify", "dispatch"}
    assert result.find("dispatch").due_at == datetime(2026, 9, 22, 21, 0)


def test_format_remaining() -> None:
    assert format_remaining(timedelta(minutes=2, seconds=5)) == "剩余 2分05秒"
    assert format_remaining(timedelta(hours=-3, minutes=-4)) == "超时 3小时04分"
    assert format_remaining(timedelta(days=2, hours=1)) == "剩余 2天1小时"
