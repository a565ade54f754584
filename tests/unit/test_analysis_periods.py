"""The analysis report's periods (ISO weeks and months, 篇2 §9) and its comparison rules: the
previous period, the same period last year, 「与上期持平」 and 「—」, goals, what improved."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from wuye_desktop.domain.analysis import (
    METRICS,
    Better,
    Metric,
    Period,
    PeriodKind,
    Verdict,
    compare,
    cutoff_text,
    findings,
    parse_month,
    parse_period,
    parse_week,
    period_cutoff,
    weeks_in_year,
)
from wuye_desktop.domain.errors import ValidationError


# --- weeks ------------------------------------------------------------------------------------------

def test_2026_has_a_53rd_week_and_2025_and_2027_do_not() -> None:
    assert weeks_in_year(2026) == 53      # 1 January 2026 is a Thursday
    assert weeks_in_year(2025) == 52
    assert weeks_in_year(2027) == 52
    w53 = Period.week(2026, 53)
    assert w53.window == (datetime(2026, 12, 28), datetime(2027, 1, 4))
    assert w53.span_text == "2026年12月28日至2027年1月3日"
    assert w53.next() == Period.week(2027, 1)
    assert Period.week(2027, 1).previous() == w53
    with pytest.raises(ValidationError) as err:
        Period.week(2027, 53)
    assert err.value.errors == {"week": "2027年只有52周，没有第53周"}


def test_the_week_of_national_day_runs_monday_28_september_to_sunday_4_october() -> None:
    w40 = Period.week_of(date(2026, 10, 1))
    assert (w40.year, w40.number, w40.kind) == (2026, 40, PeriodKind.WEEK)
    assert w40.code == "2026-W40"
    assert w40.label == "2026年第40周"
    assert w40.title_text == "2026年第40周（2026年9月28日至10月4日）"
    assert w40.first_day == date(2026, 9, 28) and w40.last_day == date(2026, 10, 4)
    assert w40.contains(datetime(2026, 9, 28, 0, 0))
    assert w40.contains(datetime(2026, 10, 4, 23, 59))
    assert not w40.contains(datetime(2026, 10, 5, 0, 0))
    assert not w40.contains(datetime(2026, 9, 27, 23, 59))
    assert w40.previous() == Period.week(2026, 39)
    assert w40.same_last_year() == Period.week(2025, 40)
    assert Period.week(2025, 40).first_day == date(2025, 9, 29)


def test_week_one_can_begin_in_the_previous_year() -> None:
    w1 = Period.week(2026, 1)
    assert w1.first_day == date(2025, 12, 29)
    assert w1.span_text == "2025年12月29日至2026年1月4日"
    assert Period.week_of(date(2025, 12, 31)) == w1
    assert w1.previous() == Period.week(2025, 52)


def test_the_53rd_week_is_compared_with_the_last_week_of_a_52_week_year() -> None:
    assert Period.week(2026, 53).same_last_year() == Period.week(2025, 52)
    assert Period.week(2026, 52).same_last_year() == Period.week(2025, 52)


def test_a_weekly_trend_runs_across_the_new_year() -> None:
    trend = Period.week(2027, 2).trend(4)
    assert [p.code for p in trend] == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    assert [p.short_label for p in trend] == ["第52周", "第53周", "第1周", "第2周"]


# --- months -----------------------------------------------------------------------------------------

def test_months_previous_next_and_last_year() -> None:
    jan = Period.month(2026, 1)
    assert jan.previous() == Period.month(2025, 12)
    assert Period.month(2025, 12).next() == jan
    assert jan.same_last_year() == Period.month(2025, 1)
    sep = Period.month(2026, 9)
    assert sep.window == (datetime(2026, 9, 1), datetime(2026, 10, 1))
    assert sep.contains(datetime(2026, 9, 30, 23, 59))      # the last minute belongs to the month
    assert not sep.contains(datetime(2026, 10, 1))
    assert sep.label == "2026年9月" and sep.code == "2026-09" and sep.previous_word == "上月"
    assert [p.code for p in Period.month(2026, 2).trend(3)] == ["2025-12", "2026-01", "2026-02"]


def test_february_of_a_leap_year() -> None:
    assert Period.month(2028, 2).last_day == date(2028, 2, 29)
    assert Period.month(2026, 2).last_day == date(2026, 2, 28)


# --- what the command line and the screen accept ----------------------------------------------------

def test_parsing_names_the_field_in_chinese() -> None:
    assert parse_month("2026-09") == Period.month(2026, 9)
    assert parse_week("2026-W40") == Period.week(2026, 40)
    assert parse_week("2026w5") == Period.week(2026, 5)
    cases = [
        (lambda: parse_month("九月"), {"month": "月份「九月」格式不对，应为 YYYY-MM，如 2026-09"}),
        (lambda: parse_month("2026-13"), {"month": "月份应为1–12"}),
        (lambda: parse_week("2026-40"), {"week": "周「2026-40」格式不对，应为 YYYY-Www，如 2026-W40"}),
        (lambda: parse_week("2026-W00"), {"week": "周次应从第1周开始"}),
        (lambda: parse_week("2026-W54"), {"week": "2026年只有53周，没有第54周"}),
        (lambda: parse_week("1999-W10"), {"week": "年份应在2000–2099之间"}),
        (lambda: parse_period(), {"period": "请指定月份（如 2026-09）或周（如 2026-W40）"}),
        (lambda: parse_period("2026-09", "2026-W40"), {"period": "只能指定月份或周之一"}),
    ]
    for call, errors in cases:
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.errors == errors


def test_the_cut_off_is_the_end_or_now_and_a_period_not_begun_is_refused() -> None:
    w40 = Period.week(2026, 40)
    assert period_cutoff(w40, datetime(2026, 10, 20)) == datetime(2026, 10, 5)
    assert cutoff_text(w40, datetime(2026, 10, 5)) == "2026年10月4日24:00"
    running = period_cutoff(w40, datetime(2026, 10, 1, 9, 30))
    assert datetime(2026, 10, 1, 9, 30) < running < datetime(2026, 10, 1, 9, 31)
    assert cutoff_text(w40, running) == "2026年10月1日09:30（本期尚未结束）"
    with pytest.raises(ValidationError) as err:
        period_cutoff(Period.month(2026, 11), datetime(2026, 10, 20))
    assert err.value.errors == {"month": "2026年11月尚未开始，不能统计"}


# --- comparisons ------------------------------------------------------------------------------------

def test_counts_compared_fewer_complaints_is_better() -> None:
    received = METRICS["received"]
    assert received.better is Better.LOWER
    more = compare(received, 5, 3)
    assert (more.verdict, more.text) == (Verdict.WORSE, "增加2宗")
    fewer = compare(received, 3, 5, "去年同期")
    assert (fewer.verdict, fewer.text) == (Verdict.IMPROVED, "减少2宗")
    same = compare(received, 4, 4, "上周")
    assert (same.verdict, same.text) == (Verdict.SAME, "与上周持平")
    none = compare(received, 4, None)
    assert (none.verdict, none.text) == (Verdict.NO_BASIS, "—")


def test_rates_compared_in_percentage_points_at_the_shown_precision() -> None:
    on_time = METRICS["on_time_rate"]
    up = compare(on_time, 0.9, 0.85)
    assert (up.verdict, up.text) == (Verdict.IMPROVED, "提高5.0个百分点")
    down = compare(on_time, 0.8, 0.9)
    assert (down.verdict, down.text) == (Verdict.WORSE, "下降10.0个百分点")
    # 85.04 % and 85.00 % both print as 85.0 %: the same to the reader.
    assert compare(on_time, 0.8504, 0.85).text == "与上期持平"
    effective = METRICS["effective_rate"]      # two decimals, lower is better
    worse = compare(effective, 0.0125, 0.01)
    assert (worse.verdict, worse.text) == (Verdict.WORSE, "提高0.25个百分点")
    assert effective.format(0.0125) == "1.25%" and on_time.format(None) == "—"
    assert compare(on_time, None, 0.9).text == "—"


def test_a_volume_is_compared_but_never_judged() -> None:
    c = compare(METRICS["suggestions"], 3, 1)
    assert (c.verdict, c.text) == (Verdict.NEUTRAL, "增加2宗")


def test_goals_revisits_all_and_effective_complaints_below_one_percent() -> None:
    revisit, effective = METRICS["revisit_rate"].goal, METRICS["effective_rate"].goal
    assert revisit is not None and effective is not None
    assert revisit.met(1.0) is True and revisit.met(0.999) is False and revisit.met(None) is None
    assert effective.met(0.0099) is True
    assert effective.met(0.01) is False   # 「1% 以下」: exactly one percent misses


def test_findings_list_improved_unchanged_worse_and_say_a_missed_goal() -> None:
    metrics = tuple(METRICS[k] for k in ("received", "suggestions", "on_time_rate", "revisit_rate",
                                         "effective_rate", "satisfaction_rate"))
    now = {"received": 8, "suggestions": 2, "on_time_rate": 0.9, "revisit_rate": 0.95, "effective_rate": 0.005,
           "satisfaction_rate": None}
    before = {"received": 8, "suggestions": 1, "on_time_rate": 0.8, "revisit_rate": 0.9, "effective_rate": 0.004,
              "satisfaction_rate": 0.9}
    found = {f.metric.key: f for f in findings(now, before, "上月", metrics)}
    assert "suggestions" not in found      # not judged
    assert found["received"].verdict is Verdict.SAME
    assert found["received"].text == "受理投诉 8，与上月持平"
    assert found["on_time_rate"].verdict is Verdict.IMPROVED
    assert found["on_time_rate"].text == "按时完成率 90.0%，较上月提高10.0个百分点，未达到目标 95% 以上"
    assert found["revisit_rate"].text == "回访率 95.0%，较上月提高5.0个百分点，未达到目标 100%"
    assert found["effective_rate"].verdict is Verdict.WORSE
    assert found["effective_rate"].text == "有效投诉率 0.50%，较上月提高0.10个百分点"
    assert found["satisfaction_rate"].verdict is Verdict.NO_BASIS
    assert found["satisfaction_rate"].text == "满意率：本期无可比数据，无从比较"


def test_a_metric_table_entry_is_plain_data() -> None:
    m = Metric("x", "样例", True, Better.HIGHER, digits=2)
    assert m.format(0.12345) == "12.35%"
    assert Metric("n", "件数", False, Better.LOWER).format(7) == "7"
