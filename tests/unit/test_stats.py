"""The counting rules of the 《客户月投诉统计表》 without a database: the month and its cut-off, rates
that never divide by zero, and one case evaluated at the cut-off on the real 2026 calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from wuye_desktop.domain.complaint import Action, Event, Kind
from wuye_desktop.domain.deadlines import Status
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.stats import (
    STEP_LABELS,
    CaseInput,
    Counts,
    assess,
    category_rows,
    clerk_rows,
    ClerkRow,
    cutoff_label,
    kind_rows,
    memoized,
    month_window,
    parse_month,
    report_cutoff,
    trend_months,
    trend_points,
)
from wuye_desktop.domain.workcalendar import WeekendsOnly, WorkCalendar
from wuye_desktop.services.calendar import ChinaOfficialSchedule

CAL = WorkCalendar(ChinaOfficialSchedule())
SEP_END = datetime(2026, 10, 1)


def ev(action: Action, at: str, by: str = "王前台", **data: str) -> Event:
    return Event(action, datetime.fromisoformat(at), by, "", data or None)


def case(*events: Event, kind: Kind = Kind.GENERAL, channel: str = "电话", category: str = "装修噪音") -> CaseInput:
    return CaseInput(1, "HY-2026-00001", events[0].at, "A座1203", "噪音", kind.value, channel, category, "",
                     "李四", tuple(events))


def handled(received: str, complete: str, feedback: bool = True, **complete_data: str) -> list[Event]:
    """Received, dispatched 30 min later, completed; the first responder told 10 min after that."""
    at, done = datetime.fromisoformat(received), datetime.fromisoformat(complete)
    events = [ev(Action.RECEIVE, received, "李四"), ev(Action.TO_FRONT_DESK, received),
              ev(Action.DISPATCH, (at + timedelta(minutes=30)).isoformat(sep=" "), department="工程部",
                 due_at=complete),
              ev(Action.COMPLETE, complete, "工程部师傅", **complete_data)]
    if feedback:
        events.append(ev(Action.FEEDBACK, (done + timedelta(minutes=10)).isoformat(sep=" ")))
    return events


# --- the month -------------------------------------------------------------------------------------------

def test_month_window_includes_the_last_minute_and_rolls_over_the_year() -> None:
    start, end = month_window(2026, 9)
    assert (start, end) == (datetime(2026, 9, 1), datetime(2026, 10, 1))
    assert start <= datetime(2026, 9, 30, 23, 59) < end
    assert not datetime(2026, 10, 1, 0, 0) < end
    assert month_window(2026, 12) == (datetime(2026, 12, 1), datetime(2027, 1, 1))


def test_cut_off_is_the_month_end_or_now() -> None:
    assert report_cutoff(2026, 9, datetime(2026, 11, 3, 8, 0)) == SEP_END
    # While the month runs: now, this very second included.
    assert report_cutoff(2026, 9, datetime(2026, 9, 24, 9, 0)) == datetime(2026, 9, 24, 9, 0, 0, 1)
    with pytest.raises(ValidationError) as info:
        report_cutoff(2026, 10, datetime(2026, 9, 24, 9, 0))
    assert info.value.errors == {"month": "2026年10月尚未开始，不能统计"}
    assert cutoff_label(SEP_END, SEP_END) == "2026年9月30日24:00"
    assert cutoff_label(datetime(2026, 9, 24, 9, 5), SEP_END) == "2026年9月24日09:05（本月尚未结束）"


@pytest.mark.parametrize(("text", "message"), [
    ("2026/09", "月份「2026/09」格式不对，应为 YYYY-MM，如 2026-09"),
    ("", "月份「」格式不对，应为 YYYY-MM，如 2026-09"),
    ("2026-13", "月份应为1–12"),
    ("1999-05", "年份应在2000–2099之间"),
])
def test_a_bad_month_is_named_in_chinese(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_month(text)
    assert info.value.errors == {"month": message}


def test_parse_month_and_the_twelve_months_before() -> None:
    assert parse_month(" 2026-9 ") == (2026, 9)
    assert trend_months(2026, 3) == [(2025, m) for m in range(4, 13)] + [(2026, 1), (2026, 2), (2026, 3)]


# --- rates ----------------------------------------------------------------------------------------------------

def test_rates_never_divide_by_zero() -> None:
    nothing = Counts()
    assert (nothing.on_time_rate, nothing.satisfaction_rate, nothing.revisit_rate) == (None, None, None)
    some = Counts(received=4, completed=4, on_time=3, revisit_due=4, revisited=3, satisfied=1, basic=1, unsatisfied=1)
    assert (some.on_time_rate, some.revisit_rate) == (0.75, 0.75)
    assert some.satisfaction_rate == pytest.approx(2 / 3)
    assert (some + some).received == 8 and (some + some).satisfaction_rate == pytest.approx(2 / 3)


# --- one case at the cut-off ---------------------------------------------------------------------------------

def test_a_revisit_due_after_the_cut_off_is_not_overdue_in_that_month() -> None:
    """Completed Wed 09-30: the revisit is due Fri 10-09 (National Day 10-01…07). Made late on 10-12,
    it is overdue in October's eyes but was still pending at September's cut-off."""
    events = [*handled("2026-09-30 09:00", "2026-09-30 11:00"),
              ev(Action.REVISIT, "2026-10-12 09:00", "赵回访", satisfaction="满意", method="电话")]
    at_sep = assess(case(*events), CAL, SEP_END)
    assert at_sep.facts.overdue == ()
    assert (at_sep.facts.completed, at_sep.facts.revisited, at_sep.facts.revisit_missed) == (True, False, False)
    assert at_sep.facts.counts().revisit_due == 0
    at_oct = assess(case(*events), CAL, datetime(2026, 11, 1))
    assert at_oct.facts.overdue == ("回访",)
    assert at_oct.clerk_steps[-1].by == "赵回访" and at_oct.clerk_steps[-1].late


def test_the_official_calendar_decides_what_is_late() -> None:
    """Completed Thu 10-08: due Sat 10-10 (a 调休 workday). A revisit on Mon 10-12 is late on the
    official calendar, on time by a weekends-only rule."""
    events = [*handled("2026-10-08 09:00", "2026-10-08 16:00"),
              ev(Action.REVISIT, "2026-10-12 09:00", "赵回访", satisfaction="满意", method="电话")]
    cutoff = datetime(2026, 11, 1)
    assert assess(case(*events), CAL, cutoff).facts.overdue == ("回访",)
    assert assess(case(*events), WorkCalendar(WeekendsOnly()), cutoff).facts.overdue == ()


def test_on_time_counts_only_the_steps_up_to_completion() -> None:
    late_feedback = [*handled("2026-09-10 09:00", "2026-09-10 15:00", feedback=False),
                     ev(Action.FEEDBACK, "2026-09-10 19:00")]
    cutoff = datetime(2026, 9, 11)   # before the revisit falls due
    facts = assess(case(*late_feedback), CAL, cutoff).facts
    assert facts.overdue == ("反馈首问人",)
    assert facts.on_time and facts.counts().on_time == 1
    late_work = handled("2026-09-10 09:00", "2026-09-10 15:00", work_done_at="2026-09-10 12:00")
    late_work[2] = ev(Action.DISPATCH, "2026-09-10 09:30", department="工程部", due_at="2026-09-10 11:00")
    facts = assess(case(*late_work), CAL, cutoff).facts
    assert facts.overdue == ("限期处理", "完成反馈")
    assert facts.completed and not facts.on_time


def test_only_the_first_dispatch_carries_the_deadline() -> None:
    events = [ev(Action.RECEIVE, "2026-09-10 08:00", "李四"), ev(Action.TO_FRONT_DESK, "2026-09-10 08:00"),
              ev(Action.DISPATCH, "2026-09-10 21:00", "王前台", department="保安部", due_at="2026-09-11 12:00"),
              ev(Action.DISPATCH, "2026-09-11 09:00", "孙前台", department="工程部", due_at="2026-09-11 12:00")]
    result = assess(case(*events), CAL, SEP_END)
    assert [(s.by, s.late) for s in result.clerk_steps] == [("王前台", True), ("孙前台", False)]
    assert result.facts.department == "工程部"          # the last dispatch before the cut-off
    assert result.state == "已派单"


def test_a_major_case_reports_its_ladder() -> None:
    events = [ev(Action.RECEIVE, "2026-09-20 20:00", "李四"), ev(Action.TO_FRONT_DESK, "2026-09-20 20:00"),
              ev(Action.LADDER_NOTIFY_DEPT, "2026-09-20 20:02"), ev(Action.LADDER_REPORT_LEADER, "2026-09-20 20:06")]
    result = assess(case(*events, kind=Kind.MAJOR, category="电梯困人"), CAL, SEP_END)
    ladder = {step.label: step for step in result.ladder}
    assert list(ladder) == ["知会部门", "上报领导", "书面报告", "电话上报董事", "领导书面报告", "发展商验证"]
    assert ladder["知会部门"].status is Status.MET
    assert ladder["上报领导"].status is Status.DONE_LATE
    assert ladder["书面报告"].status is Status.OVERDUE and ladder["书面报告"].done_at is None
    assert ladder["发展商验证"].status is Status.WAITING    # starts when the work is done
    assert "上报领导" in result.facts.overdue and "书面报告" in result.facts.overdue


# --- the tables ------------------------------------------------------------------------------------------------

def one(received: int = 1) -> Counts:
    return Counts(received=received)


def test_kind_rows_keep_written_suggestions_out_of_written_complaints() -> None:
    groups = [(("一般", "书面", "装修噪音", "", ""), one(2)), (("合理化建议", "书面", "装修噪音", "", ""), one(3)),
              (("非合理", "电话", "其他物业服务", "", ""), one())]
    rows = {r.label: r.counts.received for r in kind_rows(groups)}
    assert rows == {"一般投诉": 2, "重大投诉（突发事件）": 0, "非合理投诉": 1, "投诉小计": 3, "其中：书面投诉": 2,
                    "合理化建议": 3}
    assert [(r.label, r.counts.received) for r in category_rows(groups)] == [("装修噪音", 2), ("其他物业服务", 1)]


def test_categories_follow_the_lists_and_unknown_ones_come_last() -> None:
    groups = [(("重大", "电话", "水浸", "", ""), one()), (("一般", "电话", "旧类别", "", ""), one()),
              (("一般", "电话", "装修噪音", "", ""), one())]
    assert [r.label for r in category_rows(groups)] == ["装修噪音", "水浸", "旧类别"]


def test_clerk_rows_merge_and_rate() -> None:
    rows = clerk_rows([ClerkRow("王前台", dispatched=3, dispatch_late=1), ClerkRow("王前台", replied=2),
                       ClerkRow("赵回访", revisited=1), ClerkRow("", replied=1)])
    assert [(r.name, r.dispatched, r.replied) for r in rows] == [("王前台", 3, 2), ("赵回访", 0, 0), ("（未填写）", 0, 1)]
    assert rows[0].on_time_rate == pytest.approx(2 / 3)
    assert rows[2].on_time_rate is None


def test_trend_points_keep_empty_months() -> None:
    months = trend_months(2026, 9, 3)
    points = trend_points(months, [(0, "一般", "书面", 2), (2, "合理化建议", "书面", 1), (2, "重大", "电话", 4)])
    assert [(p.label, p.general, p.major, p.suggestion, p.written, p.total) for p in points] == [
        ("2026年7月", 2, 0, 0, 2, 2), ("2026年8月", 0, 0, 0, 0, 0), ("2026年9月", 0, 4, 1, 0, 5)]


def test_memoized_calendar_answers_like_the_official_one() -> None:
    fast = memoized(CAL)
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert fast.is_workday(day) == CAL.is_workday(day), day
        day += timedelta(days=1)
    assert fast.working_days_deadline(datetime(2026, 9, 24, 10), 2) == datetime(2026, 9, 29, 23, 59, 59)


def test_every_counted_step_has_a_column() -> None:
    assert STEP_LABELS == ("交前台", "核实", "派单", "回应", "限期处理", "完成反馈", "反馈首问人", "回访", "知会部门",
                           "上报领导", "书面报告", "电话上报董事", "领导书面报告", "发展商验证")
