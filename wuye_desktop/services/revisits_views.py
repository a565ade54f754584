"""Frozen views of the revisits area handed to the UI, the exports and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wuye_desktop.domain.revisit_programme import DueItem, PlanProgress
from wuye_desktop.domain.revisit_survey import Question, QuestionResult
from wuye_desktop.domain.revisit_voice import OpinionState, SuggestionState
from wuye_desktop.domain.revisits import TaskSource, TaskStatus, task_status


@dataclass(frozen=True)
class RevisitTaskView:
    """A task of a complaint or of a work order (``source``); the case columns are the complaint's or
    the order's (number, client, unit or place, phone, subject, state)."""

    id: int
    project_id: int
    complaint_id: int | None
    number: str
    complainant: str
    unit: str
    phone: str
    subject: str
    complaint_state: str          # the complaint's state, or the work order's
    cycle: int
    completed_at: datetime
    due_at: datetime
    assignee: str
    state: str
    done_at: datetime | None
    visitor: str
    method: str
    satisfaction: str
    content: str
    follow_up: str
    follow_up_number: str
    note: str
    source: str = TaskSource.COMPLAINT.value   # 投诉 / 维修单
    work_order_id: int | None = None
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def is_work_order(self) -> bool:
        return self.work_order_id is not None

    def status(self, now: datetime) -> TaskStatus:
        return task_status(self.state, self.due_at, self.done_at, now)

    def is_late(self, now: datetime) -> bool:
        """逾期未回访 or 超时回访: shown red, and stays red once done late (RULES.md 「超时」)."""
        return self.status(now) in (TaskStatus.OVERDUE, TaskStatus.LATE)

    @property
    def result_text(self) -> str:
        """「回访结果」: the satisfaction, and what an unsatisfied revisit led to."""
        if not self.satisfaction:
            return ""
        if self.follow_up and self.follow_up != "不另行处理":
            extra = f"（{self.follow_up}{' ' + self.follow_up_number if self.follow_up_number else ''}）"
            return self.satisfaction + extra
        return self.satisfaction


@dataclass(frozen=True)
class TaskPage:
    rows: tuple[RevisitTaskView, ...]
    total: int
    capped: bool = False  # a search matched more than ``total`` (「超过2000宗」)


@dataclass(frozen=True)
class OpinionView:
    id: int
    project_id: int
    source: str
    source_ref: str
    heard_at: datetime
    resident: str
    unit: str
    category: str
    content: str
    major: bool
    due_at: datetime | None
    reported_at: datetime | None
    head: str
    instruction: str
    handled_at: datetime | None
    handler: str
    result: str
    task_id: int | None
    visit_id: int | None
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def state(self) -> OpinionState:
        if self.handled_at is not None:
            return OpinionState.HANDLED
        return OpinionState.REPORTED if self.reported_at is not None else OpinionState.OPEN

    def is_late(self, now: datetime) -> bool:
        """A promised reply not given in time (篇4 二.1(3)); stays late once answered late."""
        if self.due_at is None:
            return False
        return (self.handled_at or now) > self.due_at


@dataclass(frozen=True)
class OpinionPage:
    rows: tuple[OpinionView, ...]
    total: int


@dataclass(frozen=True)
class PlanView:
    id: int
    project_id: int
    year: int
    kind: str
    title: str
    owner: str
    targets: tuple[str, ...]
    times_per_year: int
    note: str
    progress: PlanProgress
    version: int = 0  # optimistic locking (issue 7): the version this view was read at


@dataclass(frozen=True)
class DueEntry:
    """One line of 「本月应完成」: a plan's target still due in its current period."""

    plan_id: int
    plan_title: str
    kind: str
    owner: str
    item: DueItem


@dataclass(frozen=True)
class VisitView:
    id: int
    project_id: int
    plan_id: int | None
    plan_title: str
    kind: str
    target: str
    held_at: datetime
    by: str
    place: str
    attendees: str
    content: str
    satisfaction: str
    opinions: int           # items raised at this visit
    opinions_open: int
    version: int = 0  # optimistic locking (issue 7): the version this view was read at


@dataclass(frozen=True)
class QuestionnaireView:
    id: int
    project_id: int
    title: str
    intro: str
    issued_on: date | None
    questions: tuple[Question, ...]
    responses: int
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def locked(self) -> bool:
        """Answers were entered: the questions can no longer change."""
        return self.responses > 0


@dataclass(frozen=True)
class ResponseView:
    id: int
    respondent: str
    unit: str
    returned_on: date
    answers: dict[str, object]
    entered_by: str


@dataclass(frozen=True)
class SurveyResults:
    questionnaire: QuestionnaireView
    results: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class SuggestionView:
    id: int
    project_id: int
    complaint_id: int | None
    proposed_at: datetime
    proposer: str
    unit: str
    phone: str
    content: str
    recorded_by: str
    reported_at: datetime | None
    head: str
    decided_at: datetime | None
    decision: str
    decision_note: str
    plan: str
    owner: str
    due_on: date | None
    done_at: datetime | None
    done_note: str
    published_on: date | None
    praised: bool
    state: SuggestionState
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    def is_late(self, today: date) -> bool:
        """A rectification past its due date (done late stays late)."""
        if self.due_on is None or not self.decision or self.decision == "不采纳":
            return False
        finished = self.done_at.date() if self.done_at else today
        return finished > self.due_on


@dataclass(frozen=True)
class CandidateView:
    """A household with priority in the 「文明户」 selection (篇4 一.4)."""

    unit: str
    proposer: str
    suggestions: int
    adopted: int
    first_proposed: datetime


@dataclass(frozen=True)
class PeerVisitView:
    id: int
    project_id: int
    visited_on: date
    company: str
    visitors: str
    headcount: int
    received_by: str
    content: str
    note: str
    version: int = 0  # optimistic locking (issue 7): the version this view was read at
