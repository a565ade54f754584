"""The work calendar: official data from ``chinese_calendar`` (to 2026) and ``holidays``, plus the
office's own entries of a year's published 放假/调休 schedule (settings page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
import holidays
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from wuye_desktop.domain.errors import EditConflictError, ValidationError
from wuye_desktop.domain.workcalendar import OfficeEntry, WorkCalendar
from wuye_desktop.services.clock import Clock
from wuye_desktop.storage.models import CalendarEntryRow, CalendarYearRow, SettingRow
from wuye_desktop.storage.uow import UowFactory


@lru_cache(maxsize=64)
def _official_year(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


@lru_cache(maxsize=64)
def _rule_based(year: int) -> frozenset[date]:
    # ``holidays`` continues past chinese_calendar's data, but without 调休 workdays.
    return frozenset(holidays.China(years=year).keys())


_HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}
_WEEKDAYS = "一二三四五六日"


def weekday_text(day: date) -> str:
    return f"周{_WEEKDAYS[day.weekday()]}"


class ChinaOfficialSchedule:
    """Official holidays and 调休 workdays of mainland China.

    ``office_years``: years without official data whose schedule the office entered and confirmed
    as complete — there the rule-based guesses of ``holidays`` no longer apply, so a guessed holiday
    the State Council did not grant (e.g. a 补假 day on another date) cannot linger as a day off.
    """

    def __init__(self, office_years: frozenset[int] = frozenset()) -> None:
        self._office_years = office_years

    def has_year(self, year: int) -> bool:
        return _official_year(year)

    def is_holiday(self, day: date) -> bool:
        if _official_year(day.year):
            return not chinese_calendar.is_workday(day)
        if day.year in self._office_years:
            return False
        return day in _rule_based(day.year)

    def is_adjusted_workday(self, day: date) -> bool:
        if _official_year(day.year):
            return day.weekday() >= 5 and chinese_calendar.is_workday(day)
        return False


@dataclass(frozen=True)
class CalendarEntryView:
    day: date
    workday: bool
    note: str

    @property
    def kind_text(self) -> str:
        return "上班（调休）" if self.workday else "放假"


CONFIRMED_KEY = "confirmed"
_WORKDAY, _HOLIDAY = "调休上班", "放假"
WEEKDAYS = "一二三四五六日"


def calendar_values(entries: list[CalendarEntryView], confirmed: bool) -> dict[str, object]:
    """A year's office entries keyed by day (「2026-10-01」: 「放假：国庆节」) plus 「confirmed」: the shape the
    「保存冲突」 dialog merges day by day (issue 7)."""
    out: dict[str, object] = {}
    for e in sorted(entries, key=lambda e: e.day):
        kind = _WORKDAY if e.workday else _HOLIDAY
        out[e.day.isoformat()] = f"{kind}：{e.note.strip()}" if e.note.strip() else kind
    out[CONFIRMED_KEY] = confirmed
    return out


def calendar_labels(keys: list[str]) -> dict[str, str]:
    labels = {}
    for key in keys:
        if key == CONFIRMED_KEY:
            labels[key] = "全年安排已录入完整"
        else:
            day = date.fromisoformat(key)
            labels[key] = f"{day:%Y-%m-%d}（周{WEEKDAYS[day.weekday()]}）"
    return labels


def entries_from_values(values: dict[str, object]) -> tuple[list[CalendarEntryView], bool]:
    """The inverse of ``calendar_values`` (a day whose value is empty has no entry)."""
    entries = []
    for key, value in values.items():
        if key == CONFIRMED_KEY or not value:
            continue
        kind, _sep, note = str(value).partition("：")
        entries.append(CalendarEntryView(date.fromisoformat(key), kind == _WORKDAY, note))
    return sorted(entries, key=lambda e: e.day), bool(values.get(CONFIRMED_KEY))


def _version_key(year: int) -> str:
    # The year's entries are replaced as a whole: one versioned setting row stands for the year's version.
    return f"calendar_edit_{year}"


@dataclass(frozen=True)
class OfficialDayView:
    """A day where the official schedule departs from "Monday to Friday": a weekday off or a
    weekend workday (调休上班). ``name`` is the festival, e.g. 国庆节."""

    day: date
    workday: bool
    name: str

    @property
    def kind_text(self) -> str:
        return "上班（调休）" if self.workday else "放假"

    @property
    def weekday_text(self) -> str:
        return weekday_text(self.day)


@dataclass(frozen=True)
class YearStatus:
    year: int
    official: bool
    office_entered: bool
    entries: int

    @property
    def ok(self) -> bool:
        return self.official or self.office_entered

    @property
    def text(self) -> str:
        if self.official:
            return f"{self.year}年：已有国家法定节假日及调休数据"
        if self.office_entered:
            return f"{self.year}年：已按管理处录入的放假安排计算（{self.entries}条）"
        return (f"{self.year}年：尚无放假及调休安排，工作日暂按周末及常规节日估算，"
                "请在「设置 → 工作日历」中录入当年国务院公布的安排")


class CalendarService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._cached: WorkCalendar | None = None

    def calendar(self) -> WorkCalendar:
        if self._cached is None:
            with self._uow() as uow:
                entries = {r.day: OfficeEntry(r.day, r.workday, r.note)
                           for r in uow.session.scalars(select(CalendarEntryRow))}
                years = frozenset(uow.session.scalars(select(CalendarYearRow.year)))
            self._cached = WorkCalendar(ChinaOfficialSchedule(years), entries, years)
        return self._cached

    def entries(self, year: int) -> list[CalendarEntryView]:
        with self._uow() as uow:
            rows = uow.session.scalars(
                select(CalendarEntryRow)
                .where(CalendarEntryRow.day >= date(year, 1, 1), CalendarEntryRow.day <= date(year, 12, 31))
                .order_by(CalendarEntryRow.day))
            return [CalendarEntryView(r.day, r.workday, r.note) for r in rows]

    def year_status(self, year: int) -> YearStatus:
        cal = self.calendar()
        entries = sum(1 for d in cal.entries if d.year == year)
        return YearStatus(year, cal.official.has_year(year), year in cal.office_years, entries)

    def year_version(self, year: int) -> int:
        """The version of ``year``'s entries the settings page opened with (0: never saved)."""
        with self._uow() as uow:
            row = uow.session.get(SettingRow, _version_key(year))
            return row.version if row else 0

    def _year_conflict(self, year: int) -> EditConflictError:
        entries = self.entries(year)
        with self._uow() as uow:
            version = (row.version if (row := uow.session.get(SettingRow, _version_key(year))) else 0)
            confirmed = uow.session.get(CalendarYearRow, year) is not None
        values = calendar_values(entries, confirmed)
        return EditConflictError(f"{year}年的放假与调休安排已被他人修改", version, values,
                                 calendar_labels(list(values)))

    def save_year(self, year: int, entries: list[CalendarEntryView], confirmed: bool,
                  expected_version: int | None = None) -> int:
        """Replace the office's entries of ``year``; ``confirmed`` marks the year's schedule complete.

        Returns the year's new version; ``expected_version`` (from ``year_version``) refuses a save over
        someone else's newer one with EditConflictError (issue 7)."""
        errors = {}
        seen: set[date] = set()
        for i, e in enumerate(entries, start=1):
            if e.day.year != year:
                errors[f"row{i}"] = f"第{i}行：日期 {e.day:%Y-%m-%d} 不在{year}年内"
            elif e.day in seen:
                errors[f"row{i}"] = f"第{i}行：日期 {e.day:%Y-%m-%d} 重复"
            elif e.workday and e.day.weekday() < 5:
                errors[f"row{i}"] = f"第{i}行：{e.day:%Y-%m-%d} 是工作日，无需登记为调休上班"
            seen.add(e.day)
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            s = uow.session
            marker = s.get(SettingRow, _version_key(year))
            if expected_version is not None and (marker.version if marker else 0) != expected_version:
                raise self._year_conflict(year)
            if marker is None:
                marker = SettingRow(key=_version_key(year))
                s.add(marker)
            try:
                # The marker's versioned UPDATE goes first: a second PC saving the same year waits for the
                # first and then matches no row (StaleDataError) instead of replacing its entries.
                marker.value = str(int(marker.value) + 1 if (marker.value or "").isdigit() else 1)
                s.flush()
                s.execute(delete(CalendarEntryRow).where(CalendarEntryRow.day >= date(year, 1, 1),
                                                         CalendarEntryRow.day <= date(year, 12, 31)))
                for e in entries:
                    s.add(CalendarEntryRow(day=e.day, workday=e.workday, note=e.note.strip()[:80]))
                existing = s.get(CalendarYearRow, year)
                if confirmed and existing is None:
                    s.add(CalendarYearRow(year=year, confirmed_at=self._clock()))
                elif not confirmed and existing is not None:
                    s.delete(existing)
                uow.commit()
            except (StaleDataError, IntegrityError) as exc:  # another PC saved the year at the same moment
                uow.session.rollback()
                self._cached = None
                raise self._year_conflict(year) from exc
            version = marker.version
        self._cached = None
        return version

    def official_days(self, year: int) -> list[OfficialDayView]:
        """The official schedule of ``year`` as the State Council published it: weekday holidays
        and weekend workdays, by date; empty when the packages have no data for that year."""
        if not _official_year(year):
            return []
        days: list[OfficialDayView] = []
        day = date(year, 1, 1)
        while day.year == year:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            weekend = day.weekday() >= 5
            if (on_holiday and not weekend) or (weekend and not on_holiday):
                days.append(OfficialDayView(day, not on_holiday, _HOLIDAY_NAMES.get(name or "", name or "")))
            day += timedelta(days=1)
        return days

    def estimated_holidays(self, year: int) -> list[OfficialDayView]:
        """For a year without official data: the rule-based weekday holidays the calendar assumes
        until the office enters the published schedule (no 调休 workdays are known)."""
        if _official_year(year):
            return []
        names = holidays.China(years=year, language="zh_CN")
        return [OfficialDayView(d, False, str(names[d])) for d in sorted(_rule_based(year)) if d.weekday() < 5]

    def warning_for(self, when: datetime) -> str:
        """The loud warning shown when a deadline falls in a year without schedule data."""
        status = self.year_status(when.year)
        return "" if status.ok else status.text
