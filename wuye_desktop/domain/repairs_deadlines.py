"""Deadlines of a work order as data, like the complaint desk's ``deadlines.RULES``.

The seed has no separate repair clock, so repairs follow the desk's rules (篇5 §2(5) lists
室内设施维修 and 公共设施故障 among the complaints the centre handles):

* dispatch within 12 hours of receipt (篇2 §2), or within 3 minutes for 紧急抢险抢修 (篇2 §6 — the
  receiver 「须于3分钟内知会相关部门作应急处理」; for a repair, notifying means dispatching);
* the appointment agreed with the customer and the completion time set at dispatch are the
  department's own 「限期」 (篇2 §2 「要求限期处理」); RULES.md: a time a department gives itself is
  a deadline tracked the same way;
* a customer's job is revisited within 2 working days of completion (篇2 §5, §7) on the same
  WorkCalendar as complaints; an internal job has no customer to revisit.

A step done after its deadline is late and stays late (RULES.md 「超时」).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from wuye_desktop.domain.deadlines import Deadline, Status, Unit
from wuye_desktop.domain.workcalendar import WorkCalendar


@dataclass(frozen=True)
class OrderFacts:
    """The times of one work order that its deadlines depend on."""

    received_at: datetime
    urgent: bool = False
    customer: bool = True
    dispatched_at: datetime | None = None
    appointment_at: datetime | None = None
    started_at: datetime | None = None
    promised_at: datetime | None = None
    completed_at: datetime | None = None
    revisited_at: datetime | None = None
    cancelled: bool = False


Extract = Callable[[OrderFacts], datetime | None]


@dataclass(frozen=True)
class RepairRule:
    step: str
    label: str
    amount: int
    unit: Unit | None          # None: the start time itself is the deadline (a promised time)
    start: Extract
    done: Extract
    source: str
    applies: Callable[[OrderFacts], bool]
    emergency: bool = False

    @property
    def wording(self) -> str:
        if self.unit is None:
            return "约定时间"
        return f"{self.amount}{self.unit.value}"


REPAIR_RULES: tuple[RepairRule, ...] = (
    RepairRule("dispatch", "派工", 12, Unit.HOURS, lambda f: f.received_at, lambda f: f.dispatched_at,
               "篇2 §2", lambda f: not f.urgent),
    RepairRule("dispatch_urgent", "紧急派工", 3, Unit.MINUTES, lambda f: f.received_at,
               lambda f: f.dispatched_at, "篇2 §6", lambda f: f.urgent, emergency=True),
    RepairRule("arrival", "按约到场", 0, None, lambda f: f.appointment_at, lambda f: f.started_at,
               "篇2 §2（约定时间）", lambda f: f.appointment_at is not None),
    RepairRule("completion", "限期完工", 0, None, lambda f: f.promised_at, lambda f: f.completed_at,
               "篇2 §2（限期处理）", lambda f: f.promised_at is not None),
    RepairRule("revisit", "回访", 2, Unit.WORKING_DAYS, lambda f: f.completed_at, lambda f: f.revisited_at,
               "篇2 §5、§7", lambda f: f.customer),
)

RULES_BY_STEP: dict[str, RepairRule] = {r.step: r for r in REPAIR_RULES}

# What the dispatch dialog proposes as 限期完工 (the supervisor may change it): an interpretation,
# not a rule of the seed.
DEFAULT_DUE_HOURS = {"一般": 24, "紧急抢险抢修": 4}


def due_time(rule: RepairRule, start: datetime, calendar: WorkCalendar) -> datetime:
    if rule.unit is None:
        return start
    if rule.unit is Unit.MINUTES:
        return start + timedelta(minutes=rule.amount)
    if rule.unit is Unit.HOURS:
        return start + timedelta(hours=rule.amount)
    return calendar.working_days_deadline(start, rule.amount)


def evaluate_order(facts: OrderFacts, calendar: WorkCalendar, now: datetime) -> tuple[Deadline, ...]:
    """Every deadline of the order at ``now``; a cancelled order keeps only its late steps."""
    result: list[Deadline] = []
    for rule in REPAIR_RULES:
        if not rule.applies(facts):
            continue
        start, done = rule.start(facts), rule.done(facts)
        if start is None:
            if not facts.cancelled:
                result.append(Deadline(rule.step, rule.label, rule.source, 0, Status.WAITING,
                                       None, None, None, rule.emergency))
            continue
        due = due_time(rule, start, calendar)
        if done is not None:
            status = Status.MET if done <= due else Status.DONE_LATE
        elif facts.cancelled:
            continue
        else:
            status = Status.PENDING if now <= due else Status.OVERDUE
        result.append(Deadline(rule.step, rule.label, rule.source, 0, status, start, due, done, rule.emergency))
    return tuple(result)


def open_deadlines(deadlines: tuple[Deadline, ...]) -> list[Deadline]:
    return sorted((d for d in deadlines if d.open and d.due_at is not None),
                  key=lambda d: d.due_at)  # type: ignore[arg-type, return-value]


def late_labels(deadlines: tuple[Deadline, ...]) -> list[str]:
    return [d.label for d in deadlines if d.late]


def done_late_labels(deadlines: tuple[Deadline, ...]) -> list[str]:
    return [d.label for d in deadlines if d.status is Status.DONE_LATE]


# --- other deadlines of the supervisor's records --------------------------------------------------------

# 篇1 §5 「发现设备重大缺陷和事故时要及时处理并向上级如实汇报」: "at once" is read with the emergency
# ladder of 篇2 §6 — the office head reports a major matter to the company leader within 5 minutes.
ACCIDENT_REPORT_MINUTES = 5
ACCIDENT_REPORT_SOURCE = "篇1 §5、篇2 §6"

# Instruments whose calibration falls due within this many days are flagged amber (interpretation).
CALIBRATION_WARN_DAYS = 30


def accident_report_due(occurred_at: datetime) -> datetime:
    return occurred_at + timedelta(minutes=ACCIDENT_REPORT_MINUTES)
