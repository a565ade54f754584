"""Frozen views of complaints handed to the UI, the exports and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wuye_desktop.domain.complaint import Action, Channel, Kind, State
from wuye_desktop.domain.deadlines import Deadline
from wuye_desktop.domain.five_clear import CheckItem


@dataclass(frozen=True)
class OpenStep:
    label: str
    due_at: datetime


@dataclass(frozen=True)
class ComplaintView:
    """One row of the complaint list."""

    id: int
    project_id: int
    number: str
    received_at: datetime
    complainant: str
    unit: str
    phone: str
    subject: str
    channel: str
    kind: str
    category: str
    state: str
    department: str
    first_responder: str
    dispatched_at: datetime | None
    completed_at: datetime | None
    revisit_due: datetime | None
    revisited_at: datetime | None
    revisit_result: str
    next_due_at: datetime | None
    next_due_step: str
    done_late: tuple[str, ...]
    open_steps: tuple[OpenStep, ...]
    emergency_active: bool
    version: int

    def overdue_labels(self, now: datetime) -> list[str]:
        """超时环节: steps done late plus open steps already past due, each once."""
        labels = list(self.done_late)
        for step in self.open_steps:
            if step.due_at < now and step.label not in labels:
                labels.append(step.label)
        return labels

    def is_overdue(self, now: datetime) -> bool:
        return bool(self.overdue_labels(now))

    def due_soon(self, now: datetime, hours: int = 4) -> bool:
        return self.next_due_at is not None and 0 <= (self.next_due_at - now).total_seconds() <= hours * 3600

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED.value


@dataclass(frozen=True)
class EventView:
    id: int
    action: Action
    at: datetime
    by: str
    note: str
    data: dict[str, str]


@dataclass(frozen=True)
class AttachmentView:
    id: int
    original_name: str
    path: str
    added_at: datetime
    added_by: str

    @property
    def is_image(self) -> bool:
        return self.original_name.lower().rsplit(".", 1)[-1] in {"png", "jpg", "jpeg", "gif", "bmp", "webp"}


@dataclass(frozen=True)
class ComplaintDetail:
    """Everything the case screen shows."""

    row: ComplaintView
    project_name: str
    content: str
    remarks: str
    events: tuple[EventView, ...]
    deadlines: tuple[Deadline, ...]
    checklist: tuple[CheckItem, ...]
    allowed: tuple[Action, ...]
    attachments: tuple[AttachmentView, ...]
    calendar_warning: str
    group_id: int | None
    members: tuple[ComplaintView, ...]   # the originals of a collective case
    written_reply: str                    # the reply letter of a written complaint (篇5 §2(7))

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def channel(self) -> Channel:
        return Channel(self.row.channel)

    @property
    def kind(self) -> Kind:
        return Kind(self.row.kind)

    @property
    def state(self) -> State:
        return State(self.row.state)

    def last_event(self, action: Action) -> EventView | None:
        found = [e for e in self.events if e.action is action]
        return found[-1] if found else None


@dataclass(frozen=True)
class LadderStep:
    step: str
    label: str
    action: Action
    due_at: datetime | None
    done_at: datetime | None
    done_by: str
    source: str


@dataclass(frozen=True)
class EmergencyView:
    """A live major case for the banner above all tabs (篇2 §6–7)."""

    id: int
    number: str
    project_id: int
    category: str
    unit: str
    subject: str
    received_at: datetime
    steps: tuple[LadderStep, ...]


@dataclass(frozen=True)
class Page:
    rows: tuple[ComplaintView, ...]
    total: int
    capped: bool
