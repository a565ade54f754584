"""The weekly and monthly analysis report sent to 董事办, 总经办 and 开发商客户服务部 (篇2 §9):
periods (ISO weeks 「2026-W40」 and months 「2026-09」), the previous period and the same period
last year, the figures compared, and the rules — as data — that say what improved and what did not.

Pure: no database, no clock of its own (the cut-off is passed in, as in domain/stats.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.repairs_figures import MonthFigures
from wuye_desktop.domain.revisit_figures import RevisitFigures
from wuye_desktop.domain.stats import Counts, OverdueCase, StatRow, check_month, month_label, month_window

NO_BASIS = "—"
ADDRESSEES: tuple[str, ...] = ("董事办", "总经办", "开发商客户服务部")   # 篇2 §9


# --- periods ------------------------------------------------------------------------------------------

class PeriodKind(StrEnum):
    WEEK = "周"
    MONTH = "月"


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always lies in the last ISO week of its year (2026 has 53 weeks)."""
    return date(year, 12, 28).isocalendar()[1]


def _check_year(year: int, key: str) -> None:
    if not 2000 <= year <= 2099:
        raise ValidationError.single(key, "年份应在2000–2099之间")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: an ISO week (Monday–Sunday) or a calendar month."""

    kind: PeriodKind
    year: int
    number: int      # ISO week number or month

    def __post_init__(self) -> None:
        if self.kind is PeriodKind.MONTH:
            check_month(self.year, self.number)
            return
        _check_year(self.year, "week")
        last = weeks_in_year(self.year)
        if not 1 <= self.number <= last:
            raise ValidationError.single("week", f"{self.year}年只有{last}周，没有第{self.number}周")

    # construction
    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(PeriodKind.MONTH, year, month)

    @classmethod
    def week(cls, year: int, week: int) -> "Period":
        return cls(PeriodKind.WEEK, year, week)

    @classmethod
    def week_of(cls, day: date) -> "Period":
        iso = day.isocalendar()
        return cls(PeriodKind.WEEK, iso[0], iso[1])

    @classmethod
    def month_of(cls, day: date) -> "Period":
        return cls(PeriodKind.MONTH, day.year, day.month)

    # the window
    @property
    def is_week(self) -> bool:
        return self.kind is PeriodKind.WEEK

    @property
    def first_day(self) -> date:
        if self.is_week:
            return date.fromisocalendar(self.year, self.number, 1)
        return date(self.year, self.number, 1)

    @property
    def last_day(self) -> date:
        return self.window[1].date() - timedelta(days=1)

    @property
    def window(self) -> tuple[datetime, datetime]:
        """[start 00:00, next period's start 00:00): a case received at 23:59 on the last day belongs here."""
        if self.is_week:
            start = datetime.combine(self.first_day, datetime.min.time())
            return start, start + timedelta(days=7)
        return month_window(self.year, self.number)

    def contains(self, moment: datetime) -> bool:
        start, end = self.window
        return start <= moment < end

    # neighbours
    def previous(self) -> "Period":
        if self.is_week:
            return Period.week_of(self.first_day - timedelta(days=7))
        return Period.month(self.year - (self.number == 1), 12 if self.number == 1 else self.number - 1)

    def next(self) -> "Period":
        if self.is_week:
            return Period.week_of(self.first_day + timedelta(days=7))
        return Period.month(self.year + (self.number == 12), 1 if self.number == 12 else self.number + 1)

    def same_last_year(self) -> "Period":
        """The same month, or the same ISO week number, one year earlier; a 53rd week is compared
        with the last week of a year that has only 52."""
        if not self.is_week:
            return Period.month(self.year - 1, self.number)
        return Period.week(self.year - 1, min(self.number, weeks_in_year(self.year - 1)))

    def trend(self, n: int = 12) -> list["Period"]:
        """The ``n`` periods ending with this one, oldest first."""
        items = [self]
        while len(items) < n:
            items.append(items[-1].previous())
        return items[::-1]

    # words
    @property
    def code(self) -> str:
        return f"{self.year}-W{self.number:02d}" if self.is_week else f"{self.year}-{self.number:02d}"

    @property
    def label(self) -> str:
        """「2026年第40周」 / 「2026年9月」."""
        return f"{self.year}年第{self.number}周" if self.is_week else month_label(self.year, self.number)

    @property
    def short_label(self) -> str:
        """Axis labels: 「第40周」 / 「9月」 (a chart's title names the years)."""
        return f"第{self.number}周" if self.is_week else f"{self.number}月"

    @property
    def span_text(self) -> str:
        """「2026年9月28日至10月4日」."""
        a, b = self.first_day, self.last_day
        tail = f"{b.year}年{b.month}月{b.day}日" if b.year != a.year else f"{b.month}月{b.day}日"
        return f"{a.year}年{a.month}月{a.day}日至{tail}"

    @property
    def title_text(self) -> str:
        return f"{self.label}（{self.span_text}）" if self.is_week else self.label

    @property
    def report_name(self) -> str:
        return "周分析报告" if self.is_week else "月分析报告"

    @property
    def previous_word(self) -> str:
        return "上周" if self.is_week else "上月"


def parse_month(text: str) -> Period:
    """「2026-09」 → the month, with a Chinese message naming the field otherwise."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not m:
        raise ValidationError.single("month", f"月份「{text}」格式不对，应为 YYYY-MM，如 2026-09")
    return Period.month(int(m.group(1)), int(m.group(2)))


def parse_week(text: str) -> Period:
    """「2026-W40」 (ISO 8601; 「2026W40」 and a lower-case w are accepted too) → the week."""
    m = re.fullmatch(r"\s*(\d{4})-?[Ww](\d{1,2})\s*", text or "")
    if not m:
        raise ValidationError.single("week", f"周「{text}」格式不对，应为 YYYY-Www，如 2026-W40")
    year, week = int(m.group(1)), int(m.group(2))
    if week == 0:
        raise ValidationError.single("week", "周次应从第1周开始")
    return Period.week(year, week)


def parse_period(month: str | None = None, week: str | None = None) -> Period:
    if month and week:
        raise ValidationError.single("period", "只能指定月份或周之一")
    if month:
        return parse_month(month)
    if week:
        return parse_week(week)
    raise ValidationError.single("period", "请指定月份（如 2026-09）或周（如 2026-W40）")


def period_cutoff(period: Period, now: datetime) -> datetime:
    """The end of the period, or ``now`` while it runs (exclusive, so a step recorded this second
    counts); a period not yet begun cannot be reported on."""
    start, end = period.window
    if now < start:
        key = "week" if period.is_week else "month"
        raise ValidationError.single(key, f"{period.label}尚未开始，不能统计")
    return min(end, now + timedelta(microseconds=1))


def cutoff_text(period: Period, cutoff: datetime) -> str:
    end = period.window[1]
    if cutoff >= end:
        last = period.last_day
        return f"{last.year}年{last.month}月{last.day}日24:00"
    return f"{cutoff.year}年{cutoff.month}月{cutoff.day}日{cutoff:%H:%M}（本期尚未结束）"


# --- metrics and their rules -------------------------------------------------------------------------

class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEUTRAL = "neutral"     # shown and compared, never judged (a volume, not a quality)


class Verdict(StrEnum):
    IMPROVED = "有所改进"
    WORSE = "未见改进"
    SAME = "持平"
    NO_BASIS = "无从比较"
    NEUTRAL = "不评价"


# The 「改进情况」 lists of the report (PDF and workbook alike): their order and titles.
FINDING_GROUPS: tuple[tuple[Verdict, str], ...] = (
    (Verdict.IMPROVED, "有所改进"), (Verdict.WORSE, "未见改进"), (Verdict.SAME, "保持不变"),
    (Verdict.NO_BASIS, "无从比较"))


@dataclass(frozen=True)
class Goal:
    at_least: float | None = None     # value >= at_least
    below: float | None = None        # value < below
    text: str = ""

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        if self.at_least is not None and value < self.at_least - 1e-9:
            return False
        if self.below is not None and value >= self.below:
            return False
        return True


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    rate: bool                 # a share 0–1 shown in percent, else a count of cases
    better: Better
    goal: Goal | None = None
    digits: int = 1            # decimals of the percent
    source: str = ""

    def format(self, value: float | None) -> str:
        if value is None:
            return NO_BASIS
        if self.rate:
            return f"{value * 100:.{self.digits}f}%"
        return f"{int(value)}"


# The figures the report compares, in the order it shows them. Goals: 回访率 and 意见处理率 100 %,
# 有效投诉率 below 1 % (篇4 二.1(4)); 按时完成率 95 % and 设备完好率 98 % are the office's defaults
# from common practice in other offices (the seed sets no number; 篇2 §10 and 篇1 §5 ask to keep
# deadlines and to raise the intact rate).
COMPLAINT_METRICS: tuple[Metric, ...] = (
    Metric("received", "受理投诉", False, Better.LOWER, source="篇2 §9"),
    Metric("major", "其中：重大投诉", False, Better.LOWER, source="篇5 §2(6)"),
    Metric("suggestions", "合理化建议", False, Better.NEUTRAL, source="篇4 一.4"),
    Metric("completed", "处理完成", False, Better.NEUTRAL),
    Metric("on_time_rate", "按时完成率", True, Better.HIGHER, Goal(at_least=0.95, text="目标 95% 以上"),
           source="篇2 §1–§5"),
    Metric("overdue_cases", "超时案件", False, Better.LOWER, source="篇2 §10"),
    Metric("revisit_rate", "回访率", True, Better.HIGHER, Goal(at_least=1.0, text="目标 100%"), source="篇4 二.1(4)"),
    Metric("revisit_on_time_rate", "及时回访率", True, Better.HIGHER, source="篇2 §5、§7"),
    Metric("satisfaction_rate", "满意率", True, Better.HIGHER, source="篇4 二"),
    Metric("opinions_handled_rate", "意见处理率", True, Better.HIGHER, Goal(at_least=1.0, text="目标 100%"),
           source="篇4 二.1(4)"),
    Metric("effective_rate", "有效投诉率", True, Better.LOWER, Goal(below=0.01, text="目标 1% 以下"), digits=2,
           source="篇4 二.1(4)"),
)
REPAIR_METRICS: tuple[Metric, ...] = (
    Metric("intact_rate", "设备完好率", True, Better.HIGHER, Goal(at_least=0.98, text="目标 98% 以上"), source="篇1 §5"),
    Metric("plan_completion_rate", "保养计划完成率", True, Better.HIGHER, Goal(at_least=1.0, text="目标 100%"),
           source="篇1"),
    Metric("plan_on_time_rate", "保养计划按时率", True, Better.HIGHER, source="篇1"),
    Metric("repair_timeliness", "维修及时率", True, Better.HIGHER, source="篇1"),
    Metric("open_defects", "未消除缺陷", False, Better.LOWER, source="篇1 §3"),
    Metric("accidents", "设备事故", False, Better.LOWER, source="篇1 §5"),
)
METRICS: dict[str, Metric] = {m.key: m for m in (*COMPLAINT_METRICS, *REPAIR_METRICS)}


@dataclass(frozen=True)
class Comparison:
    metric: Metric
    current: float | None
    base: float | None
    base_name: str          # 上期 / 上周 / 去年同期
    verdict: Verdict
    text: str               # 「增加3宗」, 「提高2.5个百分点」, 「与上期持平」, 「—」


def compare(metric: Metric, current: float | None, base: float | None, base_name: str = "上期") -> Comparison:
    """How ``current`` stands against ``base``: equal at the shown precision is 「与…持平」, and
    without a figure on either side there is no basis (「—」)."""
    if current is None or base is None:
        return Comparison(metric, current, base, base_name, Verdict.NO_BASIS, NO_BASIS)
    if metric.rate:
        delta = round((current - base) * 100, metric.digits)
        amount = f"{abs(delta):.{metric.digits}f}个百分点"
        up, down = f"提高{amount}", f"下降{amount}"
    else:
        delta = round(current - base)
        up, down = f"增加{abs(int(delta))}宗", f"减少{abs(int(delta))}宗"
    if delta == 0:
        return Comparison(metric, current, base, base_name, Verdict.SAME, f"与{base_name}持平")
    text = up if delta > 0 else down
    if metric.better is Better.NEUTRAL:
        verdict = Verdict.NEUTRAL
    else:
        verdict = Verdict.IMPROVED if (delta > 0) == (metric.better is Better.HIGHER) else Verdict.WORSE
    return Comparison(metric, current, base, base_name, verdict, text)


@dataclass(frozen=True)
class Finding:
    """One line of 「改进情况」."""

    metric: Metric
    verdict: Verdict
    text: str


def findings(values: dict[str, float | None], base: dict[str, float | None], base_name: str,
             metrics: tuple[Metric, ...]) -> list[Finding]:
    """What improved and what did not against ``base`` — judged metrics only; a missed goal is
    said even when the figure improved."""
    result = []
    for metric in metrics:
        if metric.better is Better.NEUTRAL:
            continue
        c = compare(metric, values.get(metric.key), base.get(metric.key), base_name)
        now_text = metric.format(c.current)
        if c.verdict is Verdict.NO_BASIS:
            why = "本期无可比数据" if c.current is None else f"{base_name}无可比数据"
            result.append(Finding(metric, c.verdict, f"{metric.label}：{why}，无从比较"))
            continue
        text = f"{metric.label} {now_text}，" + (c.text if c.verdict is Verdict.SAME else f"较{base_name}{c.text}")
        if metric.goal is not None and metric.goal.met(c.current) is False:
            text += f"，未达到{metric.goal.text}"
        result.append(Finding(metric, c.verdict, text))
    return result


# --- the report's data -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodFigures:
    """A period's figures at its cut-off: the complaint counts (domain/stats.py rules), the revisit
    figures (domain/revisit_figures.py) and, for months, the repairs figures."""

    period: Period
    cutoff: datetime
    total: Counts                      # every complaint and suggestion received (the 合计 row)
    complaints: Counts                 # complaints only (投诉小计: suggestions are not complaints)
    major: int
    suggestions: int
    revisit: RevisitFigures | None = None
    repairs: MonthFigures | None = None

    @property
    def has_complaints(self) -> bool:
        return self.total.received > 0

    @property
    def empty(self) -> bool:
        """Nothing happened at all: no complaint, no revisit, no opinion."""
        r = self.revisit.counts if self.revisit else None
        return not self.has_complaints and (r is None or not (r.tasks_due or r.revisits_done or r.opinions))

    def values(self) -> dict[str, float | None]:
        """Every metric's value; counts are None for an empty period so it compares as 「—」."""
        v: dict[str, float | None] = {k: None for k in METRICS}
        if not self.empty:
            v.update(received=self.complaints.received, major=self.major, suggestions=self.suggestions,
                     completed=self.complaints.completed, on_time_rate=self.complaints.on_time_rate,
                     overdue_cases=self.total.overdue_cases)
            if self.revisit is not None:
                v.update(revisit_rate=self.revisit.revisit_rate.value,
                         revisit_on_time_rate=self.revisit.on_time_rate.value,
                         satisfaction_rate=self.revisit.satisfaction_rate.value,
                         opinions_handled_rate=self.revisit.opinions_handled_rate.value,
                         effective_rate=self.revisit.effective_complaint_rate.value)
        if self.repairs is not None and repairs_have_data(self.repairs):
            f = self.repairs
            v.update(intact_rate=f.intact_rate, plan_completion_rate=f.plan_completion_rate,
                     plan_on_time_rate=f.plan_on_time_rate, repair_timeliness=f.timeliness_rate,
                     open_defects=f.open_defects, accidents=f.accidents)
        return v


def repairs_have_data(f: MonthFigures) -> bool:
    return bool(f.devices_in_service or f.devices_stopped or f.tasks_planned or f.orders_received
                or f.open_defects or f.accidents)


@dataclass(frozen=True)
class RankItem:
    label: str
    count: int
    share: float | None      # of the period's complaints


@dataclass(frozen=True)
class StepRow:
    label: str
    current: int
    previous: int


@dataclass(frozen=True)
class OverdueItem:
    """An overdue case and why: its overdue steps and the last note written on it."""

    case: OverdueCase
    last_note: str = ""
    last_note_at: datetime | None = None
    last_note_by: str = ""


@dataclass(frozen=True)
class TrendItem:
    period: Period
    complaints: int
    major: int
    suggestions: int


@dataclass(frozen=True)
class AnalysisReport:
    period: Period
    company: str
    scope: str                          # project name or 全公司
    generated_at: datetime
    current: PeriodFigures
    previous: PeriodFigures
    last_year: PeriodFigures
    categories: tuple[RankItem, ...]    # all categories of the period, most first
    units: tuple[RankItem, ...]         # the units with most complaints
    steps: tuple[StepRow, ...]          # overdue cases by step, this period and the previous one
    overdue: tuple[OverdueItem, ...]    # every overdue case of the period
    trend: tuple[TrendItem, ...]
    repairs_label: str = ""             # which month the repairs figures describe
    addressees: tuple[str, ...] = field(default=ADDRESSEES)

    @property
    def empty(self) -> bool:
        return self.current.empty

    @property
    def cutoff_text(self) -> str:
        return cutoff_text(self.period, self.current.cutoff)

    @property
    def title(self) -> str:
        return f"客户服务{self.period.report_name}"

    @property
    def empty_text(self) -> str:
        return f"{self.period.label}无投诉、回访及意见记录，本期不作统计分析。"

    def comparisons(self, metrics: tuple[Metric, ...] = COMPLAINT_METRICS) -> list[tuple[Comparison, Comparison]]:
        """Each metric against the previous period and against the same period last year."""
        now, prev, last = self.current.values(), self.previous.values(), self.last_year.values()
        return [(compare(m, now[m.key], prev[m.key], self.period.previous_word),
                 compare(m, now[m.key], last[m.key], "去年同期")) for m in metrics]

    def findings(self) -> list[Finding]:
        """Against the previous period: the complaint figures, then the repairs figures."""
        now, prev = self.current.values(), self.previous.values()
        items = findings(now, prev, self.period.previous_word, COMPLAINT_METRICS)
        if self.has_repairs:
            items += findings(now, prev, self.repairs_previous_word, REPAIR_METRICS)
        return items

    @property
    def repairs_previous_word(self) -> str:
        return "上月"

    @property
    def has_repairs(self) -> bool:
        return self.current.repairs is not None and repairs_have_data(self.current.repairs)


def rank(rows: tuple[StatRow, ...] | list[tuple[str, int]], whole: int, limit: int | None = None) -> tuple[RankItem, ...]:
    """Most first, then by name; the share of ``whole`` (None when nothing to divide)."""
    pairs = [(r.label, r.counts.received) if isinstance(r, StatRow) else r for r in rows]
    pairs = [p for p in pairs if p[1] > 0]
    pairs.sort(key=lambda p: (-p[1], p[0]))
    if limit is not None:
        pairs = pairs[:limit]
    return tuple(RankItem(label, n, n / whole if whole else None) for label, n in pairs)


def step_rows(current: Counts, previous: Counts, labels: tuple[str, ...]) -> tuple[StepRow, ...]:
    """Overdue cases per step where either period had any, in the rules' order."""
    rows = [StepRow(label, current.steps[i], previous.steps[i]) for i, label in enumerate(labels)]
    return tuple(r for r in rows if r.current or r.previous)
