"""The rules of counting for the 《客户月投诉统计表》 (篇5 §2(8), 篇2 §9–10): which month a case
belongs to, when the month's books close, what is overdue, on time, revisited — and the frozen
tables the workbook is written from. Pure: no database, no clock of its own.

The cut-off (统计截止时间): the report shows every complaint RECEIVED in the month
[first day 00:00, first day of next month 00:00) as it stood at the cut-off, which is the end of the
month (next month's first day 00:00), or "now" while the month is not over. Steps done after the
cut-off are ignored, so last month's table prints the same figures whenever it is printed. A step
counts as overdue when, at the cut-off, it was done after its deadline or was still open past it
(RULES.md 「超时」: a step done late stays overdue).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable

from wuye_desktop.domain.complaint import (
    GENERAL_CATEGORIES,
    MAJOR_CATEGORIES,
    Action,
    Channel,
    Event,
    Kind,
    Satisfaction,
    State,
    next_state,
)
from wuye_desktop.domain.deadlines import (
    RULES_BY_STEP,
    Deadline,
    Status,
    closing_settles,
    evaluate,
)
from wuye_desktop.domain.errors import TransitionError, ValidationError
from wuye_desktop.domain.workcalendar import OfficialSchedule, WorkCalendar

EMPTY_TEXT = "本月无投诉记录"
NO_RATE = "—"
WHOLE_COMPANY = "全公司"
UNDISPATCHED = "（未派单）"
UNNAMED = "（未填写）"

# The steps from receipt to the completion report. A case is 按时完成 when it is completed and none
# of these was overdue (篇2 §1, §2, §4, §5, 篇4 一.3). Steps after completion (反馈首问人, 回访,
# 发展商验证) and the emergency reporting ladder are counted in their own columns instead: they are
# other people's duties and must not make a department's on-time figure unfair (篇2 §10).
HANDLING_STEPS: tuple[str, ...] = (
    "to_front_desk", "verify", "dispatch", "response", "department_due", "completion_report")
AFTER_STEPS: tuple[str, ...] = ("feedback",)
REVISIT_STEP = "revisit"
LADDER_STEPS: tuple[str, ...] = (
    "notify_department", "report_leader", "office_written", "phone_board", "leader_written",
    "developer_verify")
# Every step the table counts, in column order; labels come from the deadline rules themselves.
COUNTED_STEPS: tuple[str, ...] = (*HANDLING_STEPS, *AFTER_STEPS, REVISIT_STEP, *LADDER_STEPS)
STEP_LABELS: tuple[str, ...] = tuple(RULES_BY_STEP[s].label for s in COUNTED_STEPS)
HANDLING_LABELS: frozenset[str] = frozenset(RULES_BY_STEP[s].label for s in HANDLING_STEPS)
REVISIT_LABEL = RULES_BY_STEP[REVISIT_STEP].label
_STEP_INDEX = {label: i for i, label in enumerate(STEP_LABELS)}

# Plain strings of the values compared in loops over thousands of rows (an enum's ``.value`` is a
# descriptor call each time).
_SUGGESTION, _WRITTEN = Kind.SUGGESTION.value, Channel.WRITTEN.value
_SATISFIED, _BASIC, _UNSATISFIED = Satisfaction.SATISFIED.value, Satisfaction.BASIC.value, Satisfaction.UNSATISFIED.value
_DISPATCH, _REPLY, _REVISIT = Action.DISPATCH.value, Action.REPLY.value, Action.REVISIT.value

# The events whose doer is the "handling clerk" (经办人) of the per-person table (篇2 §10).
CLERK_ACTIONS: tuple[Action, ...] = (Action.DISPATCH, Action.REPLY, Action.REVISIT)


# --- the month -----------------------------------------------------------------------------------------

def check_month(year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValidationError.single("month", "月份应为1–12")
    if not 2000 <= year <= 2099:
        raise ValidationError.single("month", "年份应在2000–2099之间")


def parse_month(text: str) -> tuple[int, int]:
    """「2026-09」 (the command line's --month) → (2026, 9), with a Chinese message otherwise."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not m:
        raise ValidationError.single("month", f"月份「{text}」格式不对，应为 YYYY-MM，如 2026-09")
    year, month = int(m.group(1)), int(m.group(2))
    check_month(year, month)
    return year, month


def month_window(year: int, month: int) -> tuple[datetime, datetime]:
    """[first day 00:00, first day of next month 00:00): a case received at 23:59 on the last day
    belongs to the month, one received at 00:00 of the next day does not."""
    check_month(year, month)
    start = datetime(year, month, 1)
    end = datetime(year + 1, 1, 1) if month == 12 else datetime(year, month + 1, 1)
    return start, end


def report_cutoff(year: int, month: int, now: datetime) -> datetime:
    """The end of the month, or ``now`` while the month runs; a month not begun cannot be counted.

    The cut-off is exclusive (events at or after it are ignored), so "now" is taken as the next
    microsecond: a step recorded this very second is counted."""
    start, end = month_window(year, month)
    if now < start:
        raise ValidationError.single("month", f"{year}年{month}月尚未开始，不能统计")
    return min(end, now + timedelta(microseconds=1))


def month_label(year: int, month: int) -> str:
    return f"{year}年{month}月"


def cutoff_label(cutoff: datetime, month_end: datetime) -> str:
    """「2026年9月30日24:00」 at the end of a month; 「2026年9月24日09:00（本月尚未结束）」 before it."""
    if cutoff >= month_end:
        last = date.fromordinal(month_end.date().toordinal() - 1)
        return f"{last.year}年{last.month}月{last.day}日24:00"
    return f"{cutoff.year}年{cutoff.month}月{cutoff.day}日{cutoff:%H:%M}（本月尚未结束）"


def trend_months(year: int, month: int, n: int = 12) -> list[tuple[int, int]]:
    """The ``n`` months ending with (year, month), oldest first."""
    check_month(year, month)
    index = year * 12 + month - 1
    return [((i // 12), (i % 12) + 1) for i in range(index - n + 1, index + 1)]


# --- counting ----------------------------------------------------------------------------------------------

def _zeros() -> tuple[int, ...]:
    return (0,) * len(STEP_LABELS)


def _ratio(part: int, whole: int) -> float | None:
    """A rate, or None ("—") when there is nothing to divide by — never a division by zero."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Counts:
    """The figures of one row; rows add up (``a + b``)."""

    received: int = 0
    completed: int = 0
    on_time: int = 0
    overdue_cases: int = 0
    steps: tuple[int, ...] = field(default_factory=_zeros)   # overdue count per STEP_LABELS
    revisit_due: int = 0      # 应回访: revisited, or revisit deadline passed by the cut-off
    revisited: int = 0
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            self.received + other.received, self.completed + other.completed,
            self.on_time + other.on_time, self.overdue_cases + other.overdue_cases,
            tuple(a + b for a, b in zip(self.steps, other.steps)),
            self.revisit_due + other.revisit_due, self.revisited + other.revisited,
            self.satisfied + other.satisfied, self.basic + other.basic, self.unsatisfied + other.unsatisfied)

    def step(self, label: str) -> int:
        return self.steps[_STEP_INDEX[label]]

    @property
    def revisit_late(self) -> int:
        """回访超时: revisits done after, or still missing at, their 2-working-day deadline (篇2 §5)."""
        return self.step(REVISIT_LABEL)

    @property
    def on_time_rate(self) -> float | None:
        """按时完成率 = 按时完成数 ÷ 完成数."""
        return _ratio(self.on_time, self.completed)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率 = (满意 + 基本满意) ÷ 已回访."""
        return _ratio(self.satisfied + self.basic, self.revisited)

    @property
    def revisit_rate(self) -> float | None:
        """回访率 = 已回访 ÷ 应回访 (goal 100 %, 篇4 二)."""
        return _ratio(self.revisited, self.revisit_due)


def total(counts: Iterable[Counts]) -> Counts:
    """The sum of many rows at once (adding them pairwise allocates a row per step)."""
    items = list(counts)
    if not items:
        return Counts()
    return Counts(
        sum(c.received for c in items), sum(c.completed for c in items), sum(c.on_time for c in items),
        sum(c.overdue_cases for c in items), tuple(map(sum, zip(*(c.steps for c in items)))),
        sum(c.revisit_due for c in items), sum(c.revisited for c in items), sum(c.satisfied for c in items),
        sum(c.basic for c in items), sum(c.unsatisfied for c in items))


GroupKey = tuple[str, str, str, str, str]   # kind, channel, category, department, first responder


@dataclass(frozen=True)
class CaseFacts:
    """One complaint as it stood at the cut-off."""

    kind: str
    channel: str
    category: str
    department: str
    first_responder: str
    completed: bool
    overdue: tuple[str, ...]        # labels of overdue steps, rule order
    revisited: bool
    revisit_missed: bool            # revisit deadline passed, no revisit yet
    satisfaction: str

    @property
    def key(self) -> GroupKey:
        return (self.kind, self.channel, self.category, self.department, self.first_responder)

    @property
    def on_time(self) -> bool:
        return self.completed and not any(label in HANDLING_LABELS for label in self.overdue)

    def counts(self) -> Counts:
        steps = [0] * len(STEP_LABELS)
        for label in self.overdue:
            if label in _STEP_INDEX:
                steps[_STEP_INDEX[label]] = 1
        sat = self.satisfaction if self.revisited else ""
        return Counts(1, int(self.completed), int(self.on_time), int(bool(self.overdue)), tuple(steps),
                      int(self.revisited or self.revisit_missed), int(self.revisited),
                      int(sat == _SATISFIED), int(sat == _BASIC), int(sat == _UNSATISFIED))


@dataclass(frozen=True)
class ClerkStep:
    """One DISPATCH/REPLY/REVISIT done by a clerk; ``late`` when it was the step's deadline-bound
    doing and came after the deadline (a re-dispatch or a reply has no deadline of its own)."""

    by: str
    action: str
    late: bool


@dataclass(frozen=True)
class LadderTime:
    label: str
    wording: str          # 3分钟, 24小时 …
    due_at: datetime | None
    done_at: datetime | None
    status: Status | None  # None: the step does not apply / has not started


@dataclass(frozen=True)
class CaseInput:
    """What the exact path needs of a case: its registered facts and its events before the cut-off."""

    id: int
    number: str
    received_at: datetime
    unit: str
    subject: str
    kind: str
    channel: str
    category: str
    department: str
    first_responder: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class ColumnCase:
    """A case read from its stored columns (never reopened, untouched since the cut-off)."""

    number: str
    received_at: datetime
    unit: str
    subject: str
    kind: str
    channel: str
    category: str
    department: str
    first_responder: str
    state: str
    late_steps: tuple[str, ...]                 # done late (and, once closed, missed)
    open_steps: tuple[tuple[str, datetime], ...]  # (label, due) of the steps still open
    completed: bool
    revisited: bool
    satisfaction: str


def facts_from_columns(case: ColumnCase, cutoff: datetime) -> CaseFacts:
    """What was overdue at the cut-off: the steps done late, and the open ones already past due.
    Equal to ``assess`` for such cases (tests compare the two on the same data)."""
    labels = set(case.late_steps) | {label for label, due in case.open_steps if due < cutoff}
    overdue = tuple(sorted(labels, key=lambda x: _STEP_INDEX.get(x, len(_STEP_INDEX))))
    return CaseFacts(case.kind, case.channel, case.category, case.department, case.first_responder,
                     case.completed, overdue, case.revisited,
                     revisit_missed=not case.revisited and REVISIT_LABEL in labels,
                     satisfaction=case.satisfaction if case.revisited else "")


@dataclass(frozen=True)
class Assessment:
    case: CaseInput
    facts: CaseFacts
    state: str                       # state at the cut-off
    clerk_steps: tuple[ClerkStep, ...]
    ladder: tuple[LadderTime, ...]   # major cases only


class _MemoSchedule:
    """The official schedule with answers remembered: chinese_calendar re-validates its tables on
    every call (~50 µs), which would dominate a month's evaluation."""

    def __init__(self, inner: OfficialSchedule) -> None:
        self._inner = inner
        self._holiday: dict[date, bool] = {}
        self._adjusted: dict[date, bool] = {}
        self._years: dict[int, bool] = {}

    def has_year(self, year: int) -> bool:
        if year not in self._years:
            self._years[year] = self._inner.has_year(year)
        return self._years[year]

    def is_holiday(self, day: date) -> bool:
        if day not in self._holiday:
            self._holiday[day] = self._inner.is_holiday(day)
        return self._holiday[day]

    def is_adjusted_workday(self, day: date) -> bool:
        if day not in self._adjusted:
            self._adjusted[day] = self._inner.is_adjusted_workday(day)
        return self._adjusted[day]


def memoized(calendar: WorkCalendar) -> WorkCalendar:
    """The same calendar, answering repeated questions from memory (for one report run)."""
    return WorkCalendar(_MemoSchedule(calendar.official), calendar.entries, calendar.office_years)


def _state_at(events: list[Event]) -> State:
    state = State.RECEIVED
    for e in events:
        if e.action is Action.RECEIVE:
            continue
        try:
            state = next_state(state, e.action)
        except TransitionError:
            pass  # e.g. 并入集体投诉 is recorded without a state change
    return state


def _last(events: list[Event], action: Action) -> Event | None:
    found = [e for e in events if e.action is action]
    return found[-1] if found else None


def _deadline_event(events: list[Event], action: Action, d: Deadline) -> Event | None:
    return next((e for e in events if e.action is action and e.at == d.done_at), None)


def assess(case: CaseInput, calendar: WorkCalendar, cutoff: datetime) -> Assessment:
    """Evaluate one case exactly at the cut-off from its events (those at or after it ignored)."""
    events = sorted((e for e in case.events if e.at < cutoff), key=lambda e: e.at)
    kind = Kind(case.kind)
    state = _state_at(events)
    evaluation = evaluate(events, kind, calendar, cutoff)
    if state is State.CLOSED:
        evaluation = closing_settles(evaluation)
    # Mirrors ComplaintService._refresh: completion of the current cycle, or a closed case.
    complete, reopen = _last(events, Action.COMPLETE), _last(events, Action.REOPEN)
    completed = state is State.CLOSED or (complete is not None and (reopen is None or complete.at >= reopen.at))
    revisit = _last(events, Action.REVISIT)
    revisit_deadline = evaluation.find(REVISIT_STEP)
    dispatch = _last(events, Action.DISPATCH)
    department = dispatch.get("department") if dispatch and dispatch.get("department") else case.department
    facts = CaseFacts(
        kind=case.kind, channel=case.channel, category=case.category, department=department,
        first_responder=case.first_responder, completed=completed, overdue=tuple(evaluation.late_labels),
        revisited=revisit is not None, satisfaction=revisit.get("satisfaction") if revisit else "",
        revisit_missed=revisit is None and revisit_deadline is not None
        and revisit_deadline.status is Status.OVERDUE)
    late_events: set[int] = set()
    for d in evaluation.deadlines:
        if d.status is Status.DONE_LATE and d.step in ("dispatch", REVISIT_STEP):
            action = Action.DISPATCH if d.step == "dispatch" else Action.REVISIT
            hit = _deadline_event(events, action, d)
            if hit is not None:
                late_events.add(id(hit))
    clerk = tuple(ClerkStep(e.by, e.action.value, id(e) in late_events)
                  for e in events if e.action in CLERK_ACTIONS)
    ladder: tuple[LadderTime, ...] = ()
    if kind is Kind.MAJOR:
        items = []
        for step in LADDER_STEPS:
            rule = RULES_BY_STEP[step]
            found = evaluation.find(step)
            items.append(LadderTime(rule.label, rule.wording, found.due_at if found else None,
                                    found.done_at if found else None, found.status if found else None))
        ladder = tuple(items)
    return Assessment(case, facts, state.value, clerk, ladder)


# --- the tables --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatRow:
    label: str
    counts: Counts


@dataclass(frozen=True)
class ClerkRow:
    name: str
    dispatched: int = 0
    dispatch_late: int = 0
    replied: int = 0
    revisited: int = 0
    revisit_late: int = 0

    def __add__(self, other: "ClerkRow") -> "ClerkRow":
        return ClerkRow(self.name, self.dispatched + other.dispatched, self.dispatch_late + other.dispatch_late,
                        self.replied + other.replied, self.revisited + other.revisited,
                        self.revisit_late + other.revisit_late)

    @property
    def timed(self) -> int:
        """Steps with a deadline: the first dispatch and the revisit (replies have none)."""
        return self.dispatched + self.revisited

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.timed - self.dispatch_late - self.revisit_late, self.timed)


def clerk_row(name: str, action: str, n: int, late: int = 0) -> ClerkRow:
    if action == _DISPATCH:
        return ClerkRow(name, dispatched=n, dispatch_late=late)
    if action == _REPLY:
        return ClerkRow(name, replied=n)
    if action == _REVISIT:
        return ClerkRow(name, revisited=n, revisit_late=late)
    return ClerkRow(name)


@dataclass(frozen=True)
class MajorEvent:
    """A 重大投诉（突发事件） of the month with its reporting ladder (篇2 §6–7)."""

    number: str
    received_at: datetime
    unit: str
    category: str
    subject: str
    state: str
    ladder: tuple[LadderTime, ...]


@dataclass(frozen=True)
class OverdueCase:
    number: str
    received_at: datetime
    unit: str
    subject: str
    category: str
    department: str
    state: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class TrendPoint:
    year: int
    month: int
    general: int = 0
    major: int = 0
    unreasonable: int = 0
    suggestion: int = 0
    written: int = 0       # complaints (not suggestions) that came in writing; included above

    @property
    def total(self) -> int:
        return self.general + self.major + self.unreasonable + self.suggestion

    @property
    def label(self) -> str:
        return month_label(self.year, self.month)


@dataclass(frozen=True)
class MonthlyStats:
    """Everything the 《客户月投诉统计表》 shows, computed once and written as is."""

    year: int
    month: int
    project_id: int | None
    company: str
    project_name: str            # 全公司 for the whole company
    cutoff: datetime
    month_end: datetime
    generated_at: datetime
    categories: tuple[StatRow, ...]
    kinds: tuple[StatRow, ...]
    total: Counts
    departments: tuple[StatRow, ...]
    first_responders: tuple[StatRow, ...]
    clerks: tuple[ClerkRow, ...]
    majors: tuple[MajorEvent, ...]
    overdue_cases: tuple[OverdueCase, ...]
    trend: tuple[TrendPoint, ...]

    @property
    def empty(self) -> bool:
        return self.total.received == 0

    @property
    def month_text(self) -> str:
        return month_label(self.year, self.month)

    @property
    def office_text(self) -> str:
        return f"{self.company}　{self.project_name}"

    @property
    def cutoff_text(self) -> str:
        return cutoff_label(self.cutoff, self.month_end)

    @property
    def month_over(self) -> bool:
        return self.cutoff >= self.month_end

    def clerk_total(self) -> ClerkRow:
        result = ClerkRow("合计")
        for row in self.clerks:
            result = result + ClerkRow("合计", row.dispatched, row.dispatch_late, row.replied,
                                       row.revisited, row.revisit_late)
        return result


KIND_ROWS: tuple[tuple[str, str], ...] = (
    (Kind.GENERAL.value, "一般投诉"),
    (Kind.MAJOR.value, "重大投诉（突发事件）"),
    (Kind.UNREASONABLE.value, "非合理投诉"),
)
COMPLAINT_SUBTOTAL = "投诉小计"
WRITTEN_ROW = "其中：书面投诉"
SUGGESTION_ROW = "合理化建议"


def _category_order(category: str) -> tuple[int, str]:
    canon = GENERAL_CATEGORIES + MAJOR_CATEGORIES
    return (canon.index(category), "") if category in canon else (len(canon), category)


def category_rows(groups: Iterable[tuple[GroupKey, Counts]]) -> tuple[StatRow, ...]:
    """A row per category that occurred among the month's complaints (suggestions are not
    complaints and have their own row, 篇4 一.4), in the order of the category lists."""
    by_category: dict[str, list[Counts]] = {}
    for key, counts in groups:
        if key[0] != _SUGGESTION:
            by_category.setdefault(key[2], []).append(counts)
    return tuple(StatRow(c, total(by_category[c])) for c in sorted(by_category, key=_category_order))


def kind_rows(groups: Iterable[tuple[GroupKey, Counts]]) -> tuple[StatRow, ...]:
    """一般/重大/非合理, their subtotal, of which written (篇5 §2(7)), then suggestions."""
    by_kind: dict[str, list[Counts]] = {}
    written: list[Counts] = []
    for key, counts in groups:
        by_kind.setdefault(key[0], []).append(counts)
        if key[1] == _WRITTEN and key[0] != _SUGGESTION:
            written.append(counts)
    rows = [StatRow(label, total(by_kind.get(kind, []))) for kind, label in KIND_ROWS]
    rows.append(StatRow(COMPLAINT_SUBTOTAL, total(r.counts for r in rows)))
    rows.append(StatRow(WRITTEN_ROW, total(written)))
    rows.append(StatRow(SUGGESTION_ROW, total(by_kind.get(Kind.SUGGESTION.value, []))))
    return tuple(rows)


def rollup(groups: Iterable[tuple[GroupKey, Counts]], index: int, blank: str) -> tuple[StatRow, ...]:
    """Rows by one dimension of the group key, most complaints first, then by name."""
    found: dict[str, list[Counts]] = {}
    for key, counts in groups:
        found.setdefault(key[index] or blank, []).append(counts)
    rows = [StatRow(name, total(items)) for name, items in found.items()]
    return tuple(sorted(rows, key=lambda r: (-r.counts.received, r.label)))


def department_rows(groups: Iterable[tuple[GroupKey, Counts]]) -> tuple[StatRow, ...]:
    return rollup(groups, 3, UNDISPATCHED)


def first_responder_rows(groups: Iterable[tuple[GroupKey, Counts]]) -> tuple[StatRow, ...]:
    return rollup(groups, 4, UNNAMED)


def clerk_rows(rows: Iterable[ClerkRow]) -> tuple[ClerkRow, ...]:
    found: dict[str, ClerkRow] = {}
    for r in rows:
        name = r.name or UNNAMED
        found[name] = found.get(name, ClerkRow(name)) + ClerkRow(name, r.dispatched, r.dispatch_late,
                                                                 r.replied, r.revisited, r.revisit_late)
    return tuple(sorted(found.values(), key=lambda r: (-(r.timed + r.replied), r.name)))


def trend_points(months: list[tuple[int, int]],
                 rows: Iterable[tuple[int, str, str, int]]) -> tuple[TrendPoint, ...]:
    """Fold (month index, kind, channel, count) rows into one point per month, empty months kept."""
    acc = [dict(general=0, major=0, unreasonable=0, suggestion=0, written=0) for _ in months]
    field_of = {Kind.GENERAL.value: "general", Kind.MAJOR.value: "major",
                Kind.UNREASONABLE.value: "unreasonable", Kind.SUGGESTION.value: "suggestion"}
    for index, kind, channel, n in rows:
        name = field_of.get(kind)
        if name is None or not 0 <= index < len(months):
            continue
        acc[index][name] += n
        if channel == _WRITTEN and kind != _SUGGESTION:
            acc[index]["written"] += n
    return tuple(TrendPoint(y, m, **a) for (y, m), a in zip(months, acc))


def nice_step(largest: int, ticks: int = 8) -> int:
    """A round tick step (1, 2, 5, 10, 20, 50 …) giving at most ``ticks`` intervals up to ``largest``:
    the value axis of every chart (the workbooks, the analysis PDF, the dashboard)."""
    for power in range(12):
        for m in (1, 2, 5):
            step = m * 10 ** power
            if largest <= step * ticks:
                return step
    return 10 ** 12


def nice_max(largest: int, ticks: int = 8) -> tuple[int, int]:
    """(the axis top, the step): ``largest`` rounded up to a whole ``nice_step``, at least one step."""
    step = nice_step(largest, ticks)
    return max(step, -(-max(largest, 1) // step) * step), step
