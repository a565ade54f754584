"""The work calendar as the service builds it (RULES.md 「工作日」, 篇2 §5、§7): the real 2026 schedule
with its 调休 days, a 2027 date without data, and the office's own entries for 2027.

These tests use the ``services`` fixture (a temporary SQLite file) because the office's entries
live in the database; no Qt is involved."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.services.calendar import CalendarEntryView


def deadline(services, start: str, n: int = 2) -> datetime:
    return services.calendar.calendar().working_days_deadline(datetime.fromisoformat(start), n)


@pytest.mark.parametrize(("start", "end"), [
    ("2026-09-24 10:00", "2026-09-29 23:59:59"),  # Thu; Mid-Autumn 09-25…27 off → Mon 28, Tue 29
    ("2026-09-18 16:00", "2026-09-21 23:59:59"),  # Fri; Sun 09-20 is a 调休 workday
    ("2026-09-30 11:00", "2026-10-09 23:59:59"),  # Wed; National Day 10-01…07 → Thu 08, Fri 09
    ("2026-10-08 09:30", "2026-10-10 23:59:59"),  # Thu; Fri 09, Sat 10-10 is a 调休 workday
])
def test_two_working_days_on_the_real_2026_calendar(services, start: str, end: str) -> None:
    assert deadline(services, start) == datetime.fromisoformat(end)


def test_october_2026_has_18_working_days(services) -> None:
    assert services.calendar.calendar().workdays_in_month(2026, 10) == 18


def test_2026_has_official_data(services) -> None:
    status = services.calendar.year_status(2026)
    assert status.ok
    assert status.text == "2026年：已有国家法定节假日及调休数据"


def test_official_days_of_2026_list_weekday_holidays_and_weekend_workdays(services) -> None:
    days = {d.day: d for d in services.calendar.official_days(2026)}
    workdays = sorted(d for d, v in days.items() if v.workday)
    assert workdays == [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                        date(2026, 9, 20), date(2026, 10, 10)]
    national_day_off = sorted(d for d, v in days.items() if not v.workday and d.month == 10)
    # 10-03 and 10-04 fall on the weekend and are off anyway: only weekdays are listed.
    assert national_day_off == [date(2026, 10, d) for d in (1, 2, 5, 6, 7)]
    assert days[date(2026, 10, 1)].name == "国庆节"
    assert days[date(2026, 10, 1)].kind_text == "放假"
    assert days[date(2026, 10, 10)].kind_text == "上班（调休）"
    assert days[date(2026, 10, 10)].weekday_text == "周六"
    assert services.calendar.official_days(2027) == []


def test_a_2027_date_without_data_still_computes_and_warns(services) -> None:
    # Thu 2027-09-30: rule-based 国庆节 Fri 10-01 and the guessed 补假 Mon 10-04, Tue 10-05 are off.
    assert deadline(services, "2027-09-30 10:00") == datetime(2027, 10, 7, 23, 59, 59)
    # Across New Year into the unknown year: nothing crashes on 2027-01-01.
    assert deadline(services, "2026-12-31 10:00") == datetime(2027, 1, 5, 23, 59, 59)
    status = services.calendar.year_status(2027)
    assert not status.ok
    assert "2027年：尚无放假及调休安排" in status.text
    assert "请在「设置 → 工作日历」中录入" in status.text
    assert services.calendar.warning_for(datetime(2027, 3, 1)) == status.text
    assert date(2027, 10, 1) in {d.day for d in services.calendar.estimated_holidays(2027)}


def test_office_entries_for_2027_change_the_result_and_confirming_ends_the_warning(services) -> None:
    entries = [
        CalendarEntryView(date(2027, 10, 6), False, "国庆节"),
        CalendarEntryView(date(2027, 10, 7), False, "国庆节"),
        CalendarEntryView(date(2027, 10, 9), True, "国庆节调休上班"),  # a Saturday
    ]
    services.calendar.save_year(2027, entries, confirmed=False)
    # 10-06, 10-07 off by the office's entries; Fri 10-08 and the 调休 Saturday 10-09 count.
    assert deadline(services, "2027-09-30 10:00") == datetime(2027, 10, 9, 23, 59, 59)
    assert [(e.day, e.kind_text) for e in services.calendar.entries(2027)] == [
        (date(2027, 10, 6), "放假"), (date(2027, 10, 7), "放假"), (date(2027, 10, 9), "上班（调休）")]
    assert not services.calendar.year_status(2027).ok  # entered but not marked complete

    services.calendar.save_year(2027, entries, confirmed=True)
    status = services.calendar.year_status(2027)
    assert status.ok
    assert status.text == "2027年：已按管理处录入的放假安排计算（3条）"
    assert services.calendar.warning_for(datetime(2027, 10, 8)) == ""

    # Unticking the box brings the warning back; the entries stay.
    services.calendar.save_year(2027, entries, confirmed=False)
    assert not services.calendar.year_status(2027).ok
    assert len(services.calendar.entries(2027)) == 3


def test_a_confirmed_year_follows_the_office_entries_not_the_guesses(services) -> None:
    cal = services.calendar
    assert not cal.calendar().is_workday(date(2027, 10, 4))  # guessed 补假 before confirmation
    cal.save_year(2027, [CalendarEntryView(date(2027, 10, 1), False, "国庆节")], confirmed=True)
    assert not cal.calendar().is_workday(date(2027, 10, 1))
    # The office said its schedule is complete: a day it did not enter is an ordinary Monday.
    assert cal.calendar().is_workday(date(2027, 10, 4))


@pytest.mark.parametrize(("bad", "message"), [
    (CalendarEntryView(date(2028, 1, 3), False, ""), "第2行：日期 2028-01-03 不在2027年内"),
    (CalendarEntryView(date(2027, 2, 16), False, ""), "第2行：日期 2027-02-16 重复"),
    (CalendarEntryView(date(2027, 2, 17), True, ""), "第2行：2027-02-17 是工作日，无需登记为调休上班"),
])
def test_save_year_rejects_bad_rows_and_keeps_what_was_saved(services, bad, message) -> None:
    good = CalendarEntryView(date(2027, 2, 16), False, "春节")
    services.calendar.save_year(2027, [CalendarEntryView(date(2027, 5, 3), False, "劳动节")], confirmed=False)
    with pytest.raises(ValidationError) as caught:
        services.calendar.save_year(2027, [good, bad], confirmed=True)
    assert caught.value.errors == {"row2": message}
    assert [e.day for e in services.calendar.entries(2027)] == [date(2027, 5, 3)]
    assert not services.calendar.year_status(2027).ok
