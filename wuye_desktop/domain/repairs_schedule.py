"""Dated tasks of a maintenance or inspection plan (篇1 §2 「检修计划」), correct across month ends
and leap years.

Every occurrence is computed from the plan's first date (the anchor), never from the previous
occurrence, so a plan starting on 31 January falls on 28 (or 29) February and again on 31 March
instead of drifting to the 28th for ever; a yearly plan starting on 29 February 2028 falls on
28 February in common years and on the 29th again in 2032.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from wuye_desktop.domain.repairs import Period, TaskState

_MONTHS = {Period.MONTHLY: 1, Period.QUARTERLY: 3, Period.YEARLY: 12}

# Days after the scheduled date within which a task still counts as on time (an interpretation:
# the seed sets no tolerance; the supervisor may change it per plan).
DEFAULT_WINDOW_DAYS: dict[Period, int] = {
    Period.DAILY: 0, Period.WEEKLY: 1, Period.MONTHLY: 3, Period.QUARTERLY: 7, Period.YEARLY: 15,
    Period.EVERY_N_DAYS: 0,
}

MAX_EVERY_N_DAYS = 366


def add_months(anchor: date, months: int) -> date:
    """``anchor`` moved by whole months, clamped to the last day of a shorter month."""
    total = anchor.year * 12 + (anchor.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    day = min(anchor.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def step_days(period: Period, every_n: int = 1) -> int | None:
    if period is Period.DAILY:
        return 1
    if period is Period.WEEKLY:
        return 7
    if period is Period.EVERY_N_DAYS:
        if not 1 <= every_n <= MAX_EVERY_N_DAYS:
            raise ValueError("every_n out of range")
        return every_n
    return None


def nth_occurrence(anchor: date, period: Period, k: int, every_n: int = 1) -> date:
    days = step_days(period, every_n)
    if days is not None:
        return anchor + timedelta(days=days * k)
    return add_months(anchor, _MONTHS[period] * k)


def occurrences(anchor: date, period: Period, start: date, end: date, every_n: int = 1,
                until: date | None = None) -> list[date]:
    """The plan's dates within [start, end] (inclusive), none before ``anchor`` or after ``until``."""
    last = min(end, until) if until else end
    if last < anchor or last < start:
        return []
    first_wanted = max(start, anchor)
    days = step_days(period, every_n)
    if days is not None:
        k = -(-(first_wanted - anchor).days // days)  # ceiling division
    else:
        months = (first_wanted.year - anchor.year) * 12 + first_wanted.month - anchor.month
        k = max(0, months // _MONTHS[period] - 1)
    result: list[date] = []
    while True:
        day = nth_occurrence(anchor, period, k, every_n)
        if day > last:
            return result
        if day >= first_wanted:
            result.append(day)
        k += 1


def task_due(scheduled: date, window_days: int) -> datetime:
    """A task is on time until 23:59:59 of its date plus the plan's window."""
    return datetime.combine(scheduled + timedelta(days=max(window_days, 0)), time(23, 59, 59))


def task_state(due_at: datetime, done_at: datetime | None, now: datetime) -> TaskState:
    if done_at is not None:
        return TaskState.DONE if done_at <= due_at else TaskState.DONE_LATE
    return TaskState.PENDING if now <= due_at else TaskState.OVERDUE


def period_text(period: Period, every_n: int = 1) -> str:
    return f"每{every_n}天" if period is Period.EVERY_N_DAYS else period.value
