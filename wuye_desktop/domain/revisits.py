"""Revisit tasks of completed complaints and the revisit record (篇2 §5、§7, 篇4 二).

A task is due at the end of the second working day after the completion report; the due time
itself is computed once, by domain/deadlines.py, and copied from the complaint. A revisit done
after its due time stays 「超时回访」 in every list and figure (RULES.md 「超时」).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from wuye_desktop.domain.complaint import Satisfaction
from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.repairs import OrderAction, OrderEvent
from wuye_desktop.domain.validators import length_error, not_future_error, order_error, required_error

FRONT_DESK = "客户中心前台"


class RevisitMethod(StrEnum):
    """How the resident was revisited (篇4 二.2)."""

    PHONE = "电话"
    DOOR = "上门"
    FORUM = "座谈会"
    QUESTIONNAIRE = "问卷"
    OTHER = "其他"


class TaskState(StrEnum):
    """The stored state of a task; 「逾期」 is computed against the clock, never stored."""

    OPEN = "待回访"
    DONE = "已回访"
    CANCELLED = "已取消"


class TaskStatus(StrEnum):
    """What the list shows: the stored state read against the clock."""

    OPEN = "待回访"
    OVERDUE = "逾期未回访"
    ON_TIME = "按时回访"
    LATE = "超时回访"
    CANCELLED = "已取消"


class FollowUp(StrEnum):
    """What an unsatisfied revisit leads to."""

    NONE = "不另行处理"
    REOPEN = "重新打开投诉"
    NEW_CASE = "另立新投诉"
    REWORK = "返修"          # a work order only: back to its technician (the repairs area's 返修)


class TaskSource(StrEnum):
    """What a task revisits: a complaint's completion or a work order's (篇2 §5、§7 for both: the
    repairs area follows the desk's deadline rules, 篇5 §2(5) lists repairs among the complaints)."""

    COMPLAINT = "投诉"
    WORK_ORDER = "维修单"


# 「来源」 filter of the task list.
SOURCE_FILTERS: tuple[str, ...] = ("全部", TaskSource.COMPLAINT.value, TaskSource.WORK_ORDER.value)


def follow_ups_for(source: str) -> tuple[str, ...]:
    """The follow-ups an unsatisfied revisit offers: a complaint is reopened, a work order reworked."""
    unwanted = FollowUp.REWORK if source == TaskSource.COMPLAINT.value else FollowUp.REOPEN
    return tuple(f.value for f in FollowUp if f is not unwanted)


SATISFIED_VALUES: frozenset[str] = frozenset({Satisfaction.SATISFIED.value, Satisfaction.BASIC.value})


def task_status(state: str, due_at: datetime, done_at: datetime | None, now: datetime) -> TaskStatus:
    if state == TaskState.CANCELLED.value:
        return TaskStatus.CANCELLED
    if state == TaskState.DONE.value and done_at is not None:
        return TaskStatus.ON_TIME if done_at <= due_at else TaskStatus.LATE
    return TaskStatus.OVERDUE if now > due_at else TaskStatus.OPEN


def default_assignee(first_responder: str) -> str:
    """The first responder follows the case to the end (篇2 §8); without one, the front desk."""
    return first_responder.strip() or FRONT_DESK


LABELS: dict[str, str] = {
    "by": "回访人",
    "at": "回访时间",
    "method": "回访方式",
    "satisfaction": "满意度",
    "content": "回访记录",
    "opinion": "住户意见建议",
    "question": "未能当场答复的问题",
    "promised_at": "约定答复时间",
    "follow_up": "后续处理",
}


@dataclass(frozen=True)
class RevisitInput:
    """What a clerk enters for one revisit (篇4 二.1(2)(3))."""

    by: str
    at: datetime | None
    method: str
    satisfaction: str
    content: str
    opinion: str = ""
    question: str = ""
    promised_at: datetime | None = None
    follow_up: str = FollowUp.NONE.value

    def validate(self, now: datetime, completed_at: datetime | None = None) -> None:
        """Every bad field gets its own Chinese message."""
        errors: dict[str, str] = {}

        def put(key: str, message: str | None) -> None:
            if message and key not in errors:
                errors[key] = message

        put("by", required_error(LABELS["by"], self.by, 40))
        put("at", not_future_error(LABELS["at"], self.at, now))
        put("at", order_error(LABELS["at"], self.at, "处理完成时间", completed_at))
        if self.method not in {m.value for m in RevisitMethod}:
            put("method", "请选择回访方式（电话、上门、座谈会、问卷或其他）")
        if self.satisfaction not in {s.value for s in Satisfaction}:
            put("satisfaction", "请选择满意度（满意、基本满意或不满意）")
        put("content", required_error(LABELS["content"], self.content, 10000))
        put("opinion", length_error(LABELS["opinion"], self.opinion, 2000))
        put("question", length_error(LABELS["question"], self.question, 2000))
        # 篇4 二.1(3): a question not answered on the spot gets a promised reply time.
        if self.question.strip():
            if self.promised_at is None:
                put("promised_at", "有未能当场答复的问题时，须约定答复时间")
            elif self.at is not None and self.promised_at <= self.at:
                put("promised_at", f"约定答复时间应晚于回访时间（{self.at:%Y-%m-%d %H:%M}）")
        if self.follow_up not in {f.value for f in FollowUp}:
            put("follow_up", "请选择后续处理方式")
        elif self.follow_up == FollowUp.REWORK.value and self.satisfaction != Satisfaction.UNSATISFIED.value:
            put("follow_up", "只有回访结果为「不满意」时才能返修")
        elif self.follow_up != FollowUp.NONE.value and self.satisfaction != Satisfaction.UNSATISFIED.value:
            put("follow_up", "只有回访结果为「不满意」时才能重新打开投诉或另立新投诉")
        if errors:
            raise ValidationError(errors)


# 「状态」 filter of the task list: label → what it selects.
TASK_FILTERS: tuple[str, ...] = ("全部", "未回访（含逾期）", TaskStatus.OVERDUE.value, "未到期",
                                 TaskState.DONE.value, TaskStatus.LATE.value, TaskStatus.CANCELLED.value)
TASK_SORT_KEYS: tuple[str, ...] = ("due_at", "done_at", "completed_at", "number", "complainant", "unit",
                                   "assignee", "satisfaction", "state")


@dataclass(frozen=True)
class TaskFilter:
    project_id: int | None = None
    status: str = "全部"
    search: str = ""              # case number, unit, resident, phone
    assignee: str = ""
    due_from: date | None = None
    due_to: date | None = None    # inclusive
    sort_key: str = "due_at"
    descending: bool = False
    source: str = "全部"          # SOURCE_FILTERS: 全部 / 投诉 / 维修单

    def with_(self, **changes: object) -> "TaskFilter":
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class OrderPass:
    """One completion of a work order and the revisit of that pass; a 返修 starts the next pass."""

    completed: OrderEvent | None
    revisit: OrderEvent | None


def order_passes(events: list[OrderEvent]) -> list[OrderPass]:
    """Split a work order's steps (in recorded order) into passes, as complaints split at a reopen.
    Pass n's task is the task of cycle n; a pass left by a 返修 without a revisit has none to make."""
    passes: list[OrderPass] = []
    completed: OrderEvent | None = None
    revisit: OrderEvent | None = None
    for e in events:
        if e.action is OrderAction.REWORK:
            passes.append(OrderPass(completed, revisit))
            completed = revisit = None
        elif e.action is OrderAction.COMPLETE and completed is None:
            completed = e
        elif e.action is OrderAction.REVISIT and revisit is None:
            revisit = e
    passes.append(OrderPass(completed, revisit))
    return passes
