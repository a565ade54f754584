"""Mainland China's working days: official holidays, 调休 workdays and the office's own entries.

The official data comes from a provider built outside the domain (services wrap the
``chinese_calendar``/``holidays`` packages); the office can enter a year's published schedule
itself. A year with neither is still computed (weekends plus rule-based holidays) but flagged,
so the clerk is told to enter that year's schedule (RULES.md, 「工作日」).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol


class OfficialSchedule(Protocol):
    """Where the official holiday data comes from."""

    def has_year(self, year: int) -> bool:
        """True when the official schedule (holidays *and* 调休 workdays) of ``year`` is known."""

    def is_holiday(self, day: date) -> bool:
        """An official day off (only asked for years the provider knows, or for rule-based guesses)."""

    def is_adjusted_workday(self, day: date) -> bool:
        """A weekend day that is an official working day (调休上班)."""


@dataclass(frozen=True)
class OfficeEntry:
    """A day the office entered itself: ``workday`` True = 上班, False = 放假."""

    day: date
    workday: bool
    note: str = ""


@dataclass
class WorkCalendar:
    official: OfficialSchedule
    entries: dict[date, OfficeEntry] = field(default_factory=dict)
    # Years the office marked as "schedule fully entered", so no warning is due.
    office_years: frozenset[int] = frozenset()

    def has_data(self, year: int) -> bool:
        return year in self.office_years or self.official.has_year(year)

    def is_workday(self, day: date) -> bool:
        entry = self.entries.get(day)
        if entry is not None:
            return entry.workday
        if self.official.is_adjusted_workday(day):
            return True
        if self.official.is_holiday(day):
            return False
        return day.weekday() < 5

    def nth_workday_after(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (``day`` itself never counts)."""
        if n < 1:
            raise ValueError("n must be positive")
        current, found = day, 0
        while found < n:
            current += timedelta(days=1)
            if self.is_workday(current):
                found += 1
        return current

    def working_days_deadline(self, start: datetime, n: int) -> datetime:
        """End (23:59:59) of the n-th working day after the day ``start`` falls on."""
        return datetime.combine(self.nth_workday_after(start.date(), n), time(23, 59, 59))

    def years_without_data(self, start: date, end: date) -> list[int]:
        """Years touched by [start, end] whose schedule is neither official nor entered."""
        return [y for y in range(start.year, end.year + 1) if not self.has_data(y)]

    def workdays_in_month(self, year: int, month: int) -> int:
        day = date(year, month, 1)
        count = 0
        while day.month == month:
            count += self.is_workday(day)
            day += timedelta(days=1)
        return count


class WeekendsOnly:
    """An official schedule that knows nothing: weekends off. For tests and as a last resort."""

    def has_year(self, year: int) -> bool:
        return False

    def is_holiday(self, day: date) -> bool:
        return False

    def is_adjusted_workday(self, day: date) -> bool:
        return False
