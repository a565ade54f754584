"""Every deadline of a complaint, computed from its events, a work calendar and a clock.

The rules are data (``RULES``) taken from RULES.md's table; ``evaluate`` is the one function
that applies them. Hours and minutes are clock time, nights and holidays included; working
days follow the official calendar with 调休 and end at 23:59:59. A step done after its
deadline is overdue and stays overdue (RULES.md, interpretation of 「超时」).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import Enum, StrEnum
from typing import Callable

from wuye_desktop.domain.complaint import Action, Event, Kind
from wuye_desktop.domain.workcalendar import WorkCalendar


class Unit(Enum):
    MINUTES = "分钟"
    HOURS = "小时"
    WORKING_DAYS = "个工作日"
    SAME_DAY = "当天"


class Status(StrEnum):
    WAITING = "未开始"  # the step's clock has not started yet
    PENDING = "进行中"
    MET = "按时完成"
    DONE_LATE = "超时完成"
    OVERDUE = "已超时"


@dataclass(frozen=True)
class Cycle:
    """The events of one pass through the desk; a reopen starts a new cycle."""

    index: int
    events: tuple[Event, ...]
    kind: Kind

    def first(self, *actions: Action, after: datetime | None = None) -> Event | None:
        for e in self.events:
            if e.action in actions and (after is None or e.at >= after):
                return e
        return None

    def last(self, *actions: Action) -> Event | None:
        found = None
        for e in self.events:
            if e.action in actions:
                found = e
        return found

    @property
    def start(self) -> datetime:
        return self.events[0].at


def _when(event: Event | None) -> datetime | None:
    return event.at if event else None


def _data_time(event: Event | None, key: str) -> datetime | None:
    if event is None or not event.get(key):
        return None
    return datetime.fromisoformat(event.get(key))


# --- when each step's clock starts and when it is done -------------------------------

def _received(c: Cycle) -> datetime | None:
    return _when(c.first(Action.RECEIVE)) if c.index == 0 else None


def _front_desk(c: Cycle) -> datetime | None:
    return _when(c.first(Action.TO_FRONT_DESK, Action.REOPEN))


def _verified(c: Cycle) -> datetime | None:
    return _when(c.first(Action.VERIFY, Action.DISPATCH, Action.EXPLAIN))


def _dispatched(c: Cycle) -> datetime | None:
    return _when(c.first(Action.DISPATCH))


def _responded(c: Cycle) -> datetime | None:
    return _when(c.first(Action.RESPOND))


def _dispatch_before_response(c: Cycle) -> datetime | None:
    response = c.first(Action.RESPOND)
    if response is None:
        return None  # no answer needed while the department can finish in time (篇2 §4)
    before = [e for e in c.events if e.action is Action.DISPATCH and e.at <= response.at]
    return before[-1].at if before else None


def _work_done(c: Cycle) -> datetime | None:
    done = c.first(Action.COMPLETE)
    return _data_time(done, "work_done_at") or _when(done)


def _completion_reported(c: Cycle) -> datetime | None:
    return _when(c.first(Action.COMPLETE))


def _feedback(c: Cycle) -> datetime | None:
    return _when(c.first(Action.FEEDBACK))


def _revisited(c: Cycle) -> datetime | None:
    return _when(c.first(Action.REVISIT))


def _ladder(action: Action) -> Callable[[Cycle], datetime | None]:
    def done(c: Cycle) -> datetime | None:
        return _when(c.first(action))

    return done


def _promised_due(c: Cycle) -> datetime | None:
    """The department's own 限期: the due time of the last dispatch or response before completion."""
    complete = c.first(Action.COMPLETE)
    due = None
    for e in c.events:
        if complete is not None and e.at > complete.at:
            break
        if e.action in (Action.DISPATCH, Action.RESPOND) and e.get("due_at"):
            due = datetime.fromisoformat(e.get("due_at"))
    return due


_ALL = frozenset(Kind)
_HANDLED = frozenset({Kind.GENERAL, Kind.MAJOR})
_MAJOR = frozenset({Kind.MAJOR})


@dataclass(frozen=True)
class Rule:
    step: str
    label: str
    amount: int
    unit: Unit
    start: Callable[[Cycle], datetime | None]
    done: Callable[[Cycle], datetime | None]
    source: str
    kinds: frozenset[Kind] = _ALL
    first_cycle_only: bool = False
    emergency: bool = False

    @property
    def wording(self) -> str:
        if self.unit is Unit.SAME_DAY:
            return "当天"
        return f"{self.amount}{self.unit.value}"


RULES: tuple[Rule, ...] = (
    Rule("to_front_desk", "交前台", 24, Unit.HOURS, _received, _front_desk, "篇2 §1",
         first_cycle_only=True),
    Rule("verify", "核实", 0, Unit.SAME_DAY, _front_desk, _verified, "篇4 一.3"),
    Rule("dispatch", "派单", 12, Unit.HOURS, _front_desk, _dispatched, "篇2 §2", kinds=_HANDLED),
    Rule("response", "回应", 2, Unit.HOURS, _dispatch_before_response, _responded, "篇2 §4",
         kinds=_HANDLED),
    Rule("department_due", "限期处理", 0, Unit.HOURS, _promised_due, _work_done, "篇2 §2",
         kinds=_HANDLED),
    Rule("completion_report", "完成反馈", 2, Unit.HOURS, _work_done, _completion_reported, "篇2 §5",
         kinds=_HANDLED),
    Rule("feedback", "反馈首问人", 2, Unit.HOURS, _completion_reported, _feedback, "篇2 §8",
         kinds=_HANDLED),
    Rule("revisit", "回访", 2, Unit.WORKING_DAYS, _completion_reported, _revisited, "篇2 §5、§7",
         kinds=_HANDLED),
    Rule("notify_department", "知会部门", 3, Unit.MINUTES, _received,
         _ladder(Action.LADDER_NOTIFY_DEPT), "篇2 §6", kinds=_MAJOR, first_cycle_only=True,
         emergency=True),
    Rule("report_leader", "上报领导", 5, Unit.MINUTES, _received,
         _ladder(Action.LADDER_REPORT_LEADER), "篇2 §6", kinds=_MAJOR, first_cycle_only=True,
         emergency=True),
    Rule("office_written", "书面报告", 24, Unit.HOURS, _received,
         _ladder(Action.LADDER_OFFICE_WRITTEN), "篇2 §6", kinds=_MAJOR, first_cycle_only=True,
         emergency=True),
    Rule("phone_board", "电话上报董事", 10, Unit.MINUTES, _ladder(Action.LADDER_REPORT_LEADER),
         _ladder(Action.LADDER_PHONE_BOARD), "篇2 §7", kinds=_MAJOR, first_cycle_only=True,
         emergency=True),
    Rule("leader_written", "领导书面报告", 48, Unit.HOURS, _ladder(Action.LADDER_REPORT_LEADER),
         _ladder(Action.LADDER_LEADER_WRITTEN), "篇2 §7", kinds=_MAJOR, first_cycle_only=True,
         emergency=True),
    Rule("developer_verify", "发展商验证", 8, Unit.HOURS, _work_done,
         _ladder(Action.LADDER_DEVELOPER_VERIFY), "篇2 §7", kinds=_MAJOR, emergency=True),
)

RULES_BY_STEP: dict[str, Rule] = {r.step: r for r in RULES}


@dataclass(frozen=True)
class Deadline:
    step: str
    label: str
    source: str
    cycle: int
    status: Status
    starts_at: datetime | None
    due_at: datetime | None
    done_at: datetime | None
    emergency: bool = False

    @property
    def late(self) -> bool:
        return self.status in (Status.DONE_LATE, Status.OVERDUE)

    @property
    def open(self) -> bool:
        return self.status in (Status.PENDING, Status.OVERDUE)

    def remaining(self, now: datetime) -> timedelta | None:
        return None if self.due_at is None else self.due_at - now


@dataclass(frozen=True)
class Evaluation:
    deadlines: tuple[Deadline, ...]
    calendar_warnings: tuple[int, ...] = field(default=())

    @property
    def current(self) -> tuple[Deadline, ...]:
        last = max((d.cycle for d in self.deadlines), default=0)
        return tuple(d for d in self.deadlines if d.cycle == last)

    @property
    def open(self) -> list[Deadline]:
        return sorted((d for d in self.deadlines if d.open and d.due_at), key=lambda d: d.due_at)  # type: ignore[arg-type, return-value]

    @property
    def next_deadline(self) -> Deadline | None:
        pending = self.open
        return pending[0] if pending else None

    @property
    def late_labels(self) -> list[str]:
        """Names of the overdue steps, each once, in rule order (for 超时环节)."""
        seen: list[str] = []
        for d in self.deadlines:
            if d.late and d.label not in seen:
                seen.append(d.label)
        return seen

    @property
    def done_late_labels(self) -> list[str]:
        seen: list[str] = []
        for d in self.deadlines:
            if d.status is Status.DONE_LATE and d.label not in seen:
                seen.append(d.label)
        return seen

    def find(self, step: str) -> Deadline | None:
        found = [d for d in self.deadlines if d.step == step]
        return found[-1] if found else None


def split_cycles(events: list[Event], kind: Kind) -> list[Cycle]:
    ordered = sorted(events, key=lambda e: e.at)
    cycles: list[list[Event]] = [[]]
    for e in ordered:
        if e.action is Action.REOPEN and cycles[-1]:
            cycles.append([])
        cycles[-1].append(e)
    return [Cycle(i, tuple(evts), kind) for i, evts in enumerate(cycles) if evts]


def due_time(rule: Rule, start: datetime, calendar: WorkCalendar) -> datetime:
    if rule.unit is Unit.MINUTES:
        return start + timedelta(minutes=rule.amount)
    if rule.unit is Unit.HOURS:
        return start + timedelta(hours=rule.amount)
    if rule.unit is Unit.SAME_DAY:
        return datetime.combine(start.date(), time(23, 59, 59))
    return calendar.working_days_deadline(start, rule.amount)


def evaluate(events: list[Event], kind: Kind, calendar: WorkCalendar, now: datetime) -> Evaluation:
    """All deadlines of a case at ``now``; the case's ``kind`` selects the rules that apply."""
    result: list[Deadline] = []
    warnings: set[int] = set()
    cycles = split_cycles(events, kind)
    for cycle in cycles:
        for rule in RULES:
            if kind not in rule.kinds or (rule.first_cycle_only and cycle.index > 0):
                continue
            start = rule.start(cycle)
            done = rule.done(cycle)
            if start is None:
                if done is None and rule.step != "response":
                    result.append(Deadline(rule.step, rule.label, rule.source, cycle.index,
                                           Status.WAITING, None, None, None, rule.emergency))
                continue
            if rule.step == "department_due":
                due = start  # the promised time itself is the deadline
            else:
                due = due_time(rule, start, calendar)
            if rule.unit is Unit.WORKING_DAYS:
                warnings.update(calendar.years_without_data(start.date(), due.date()))
            if done is not None:
                status = Status.MET if done <= due else Status.DONE_LATE
            elif cycle.index < len(cycles) - 1:
                continue  # a step a reopened cycle never reached is not a deadline any more
            else:
                status = Status.PENDING if now <= due else Status.OVERDUE
            result.append(Deadline(rule.step, rule.label, rule.source, cycle.index, status,
                                   start, due, done, rule.emergency))
    return Evaluation(tuple(result), tuple(sorted(warnings)))


def closing_settles(evaluation: Evaluation) -> Evaluation:
    """A closed case has no open steps left: pending ones are dropped, overdue ones stay late."""
    kept = []
    for d in evaluation.deadlines:
        if d.status is Status.PENDING or d.status is Status.WAITING:
            continue
        kept.append(d)
    return Evaluation(tuple(kept), evaluation.calendar_warnings)


def format_remaining(delta: timedelta) -> str:
    """Time left (or past) as a clerk reads it: 「剩余 2小时05分」 / 「超时 3分12秒」."""
    seconds = int(delta.total_seconds())
    prefix = "剩余" if seconds >= 0 else "超时"
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{prefix} {days}天{hours}小时"
    if hours:
        return f"{prefix} {hours}小时{minutes:02d}分"
    return f"{prefix} {minutes}分{secs:02d}秒"
