"""Plan task dates (篇1 §2 「检修计划」): every period, across month ends and leap years, plus the
task's due time and state."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from wuye_desktop.domain.repairs import Period, TaskState
from wuye_desktop.domain.repairs_schedule import add_months, occurrences, period_text, task_due, task_state


def days(*texts: str) -> list[date]:
    return [date.fromisoformat(t) for t in texts]


def test_monthly_from_jan_31_clamps_to_each_month_end_without_drifting() -> None:
    got = occurrences(date(2028, 1, 31), Period.MONTHLY, date(2028, 1, 1), date(2028, 6, 30))
    assert got == days("2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31", "2028-06-30")


def test_monthly_in_a_common_year_falls_on_feb_28() -> None:
    got = occurrences(date(2027, 1, 31), Period.MONTHLY, date(2027, 2, 1), date(2027, 3, 31))
    assert got == days("2027-02-28", "2027-03-31")


def test_monthly_on_the_30th_keeps_the_30th_after_february() -> None:
    got = occurrences(date(2026, 1, 30), Period.MONTHLY, date(2026, 1, 1), date(2026, 4, 30))
    assert got == days("2026-01-30", "2026-02-28", "2026-03-30", "2026-04-30")


def test_yearly_from_leap_day_falls_on_feb_28_and_back_on_29_in_the_next_leap_year() -> None:
    got = occurrences(date(2028, 2, 29), Period.YEARLY, date(2028, 1, 1), date(2032, 12, 31))
    assert got == days("2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29")


def test_quarterly_from_november_30_crosses_the_year_and_february() -> None:
    got = occurrences(date(2027, 11, 30), Period.QUARTERLY, date(2027, 1, 1), date(2028, 12, 31))
    assert got == days("2027-11-30", "2028-02-29", "2028-05-30", "2028-08-30", "2028-11-30")


def test_weekly_and_every_n_days_count_real_days_across_feb_29() -> None:
    assert occurrences(date(2028, 2, 22), Period.WEEKLY, date(2028, 2, 1), date(2028, 3, 14)) == \
        days("2028-02-22", "2028-02-29", "2028-03-07", "2028-03-14")
    assert occurrences(date(2028, 2, 14), Period.EVERY_N_DAYS, date(2028, 2, 20), date(2028, 3, 31), every_n=15) == \
        days("2028-02-29", "2028-03-15", "2028-03-30")


def test_daily_window_starting_mid_way_and_an_end_date() -> None:
    got = occurrences(date(2026, 12, 30), Period.DAILY, date(2026, 12, 31), date(2027, 1, 10), until=date(2027, 1, 2))
    assert got == days("2026-12-31", "2027-01-01", "2027-01-02")


def test_a_window_far_after_the_anchor_starts_at_the_right_occurrence() -> None:
    got = occurrences(date(2020, 1, 31), Period.MONTHLY, date(2028, 2, 1), date(2028, 2, 29))
    assert got == days("2028-02-29")
    # 2020-01-01 → 2026-09-01 is 2,435 days; the next multiple of 10 is day 2,440 = 2026-09-06.
    assert occurrences(date(2020, 1, 1), Period.EVERY_N_DAYS, date(2026, 9, 1), date(2026, 9, 30), every_n=10) == \
        days("2026-09-06", "2026-09-16", "2026-09-26")


def test_nothing_before_the_anchor_or_after_the_end() -> None:
    assert occurrences(date(2026, 5, 1), Period.MONTHLY, date(2026, 1, 1), date(2026, 4, 30)) == []
    assert occurrences(date(2026, 1, 1), Period.MONTHLY, date(2026, 1, 1), date(2026, 12, 31),
                       until=date(2026, 3, 15)) == days("2026-01-01", "2026-02-01", "2026-03-01")


def test_add_months_clamps_and_crosses_years() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_every_n_days_rejects_a_nonsense_interval() -> None:
    with pytest.raises(ValueError):
        occurrences(date(2026, 1, 1), Period.EVERY_N_DAYS, date(2026, 1, 1), date(2026, 2, 1), every_n=0)


def test_task_due_and_state() -> None:
    due = task_due(date(2028, 2, 28), 1)
    assert due == datetime(2028, 2, 29, 23, 59, 59)
    assert task_state(due, None, datetime(2028, 2, 29, 23, 0)) is TaskState.PENDING
    assert task_state(due, None, datetime(2028, 3, 1, 0, 0)) is TaskState.OVERDUE
    assert task_state(due, datetime(2028, 2, 29, 8, 0), datetime(2028, 3, 5)) is TaskState.DONE
    assert task_state(due, datetime(2028, 3, 1, 8, 0), datetime(2028, 3, 5)) is TaskState.DONE_LATE


def test_period_text_names_the_interval() -> None:
    assert period_text(Period.EVERY_N_DAYS, 15) == "每15天"
    assert period_text(Period.QUARTERLY) == "每季度"
