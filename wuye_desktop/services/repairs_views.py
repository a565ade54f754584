"""Frozen views of the repairs & equipment area, handed to the UI, the exports and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wuye_desktop.domain.deadlines import Deadline
from wuye_desktop.domain.repairs import OPEN_ORDER_STATES, OrderAction, OrderState, TaskState, money_text
from wuye_desktop.domain.repairs_deadlines import CALIBRATION_WARN_DAYS
from wuye_desktop.services.complaint_views import OpenStep


@dataclass(frozen=True)
class WorkOrderView:
    """One row of the work-order list."""

    id: int
    project_id: int
    number: str
    received_at: datetime
    source: str
    client: str
    unit: str
    phone: str
    location: str
    category: str
    subject: str
    urgency: str
    state: str
    technician: str
    team: str
    dispatched_at: datetime | None
    appointment_at: datetime | None
    promised_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    revisit_due: datetime | None
    revisited_at: datetime | None
    revisit_result: str
    next_due_at: datetime | None
    next_due_step: str
    done_late: tuple[str, ...]
    open_steps: tuple[OpenStep, ...]
    charge: str
    charge_fen: int
    labour_minutes: int
    signed_by: str
    device_id: int | None
    complaint_id: int | None
    alert_complaint_id: int | None
    version: int

    @property
    def is_open(self) -> bool:
        return OrderState(self.state) in OPEN_ORDER_STATES

    @property
    def urgent(self) -> bool:
        return self.urgency == "紧急抢险抢修"

    @property
    def place(self) -> str:
        return self.unit or self.location

    @property
    def charge_text(self) -> str:
        return f"收费 {money_text(self.charge_fen)}元" if self.charge == "收费" else self.charge

    @property
    def labour_text(self) -> str:
        return f"{self.labour_minutes / 60:g}小时" if self.labour_minutes else ""

    def overdue_labels(self, now: datetime) -> list[str]:
        labels = list(self.done_late)
        for step in self.open_steps:
            if step.due_at < now and step.label not in labels:
                labels.append(step.label)
        return labels

    def is_overdue(self, now: datetime) -> bool:
        return bool(self.overdue_labels(now))

    def due_soon(self, now: datetime, hours: int = 4) -> bool:
        return self.next_due_at is not None and 0 <= (self.next_due_at - now).total_seconds() <= hours * 3600


@dataclass(frozen=True)
class OrderPage:
    rows: tuple[WorkOrderView, ...]
    total: int
    capped: bool


@dataclass(frozen=True)
class OrderEventView:
    id: int
    action: OrderAction
    at: datetime
    by: str
    note: str
    data: dict[str, str]


@dataclass(frozen=True)
class MaterialView:
    id: int
    item_id: int
    item_code: str
    item_name: str
    unit: str
    quantity: int
    at: datetime
    by: str
    negative_confirmed: bool


@dataclass(frozen=True)
class DeviceView:
    id: int
    project_id: int
    code: str
    name: str
    system: str
    location: str
    model: str
    maker: str
    install_date: date | None
    state: str
    notes: str
    open_defects: int = 0
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class WorkOrderDetail:
    row: WorkOrderView
    project_name: str
    description: str
    received_by: str
    result: str
    signed_by: str
    sign_note: str
    events: tuple[OrderEventView, ...]
    materials: tuple[MaterialView, ...]
    deadlines: tuple[Deadline, ...]
    allowed: tuple[OrderAction, ...]
    device: DeviceView | None
    complaint_number: str
    alert_complaint_number: str
    calendar_warning: str

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def state(self) -> OrderState:
        return OrderState(self.row.state)


@dataclass(frozen=True)
class DocumentView:
    id: int
    kind: str
    original_name: str
    path: str
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class StateChangeView:
    at: datetime
    state: str
    by: str
    note: str


@dataclass(frozen=True)
class DefectView:
    id: int
    number: str
    project_id: int
    device_id: int
    device_label: str
    found_at: datetime
    found_by: str
    description: str
    severity: str
    made_safe: str
    due_date: date | None
    removed_at: datetime | None
    removed_by: str
    removal_note: str
    alert_complaint_id: int | None
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def is_open(self) -> bool:
        return self.removed_at is None

    def overdue(self, today: date) -> bool:
        if self.due_date is None:
            return False
        if self.removed_at is not None:
            return self.removed_at.date() > self.due_date
        return today > self.due_date


@dataclass(frozen=True)
class AccidentView:
    id: int
    number: str
    project_id: int
    device_id: int | None
    device_label: str
    occurred_at: datetime
    place: str
    category: str
    what: str
    reported_to: str
    reported_at: datetime | None
    report_due: datetime
    cause: str
    measures: str
    losses: str
    recorded_by: str
    closed_at: datetime | None
    alert_complaint_id: int | None
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    def report_late(self, now: datetime) -> bool:
        """The immediate report to the superior (篇1 §5) missed its deadline, done or not."""
        if self.reported_at is not None:
            return self.reported_at > self.report_due
        return now > self.report_due


@dataclass(frozen=True)
class PlanView:
    id: int
    project_id: int
    name: str
    kind: str
    period: str
    every_n: int
    period_text: str
    start_date: date
    end_date: date | None
    window_days: int
    content: str
    responsible: str
    paused: bool
    device_ids: tuple[int, ...]
    devices_text: str
    next_date: date | None
    overdue_tasks: int
    version: int = 0  # optimistic locking (issue 7): the version this view was read at


@dataclass(frozen=True)
class TaskView:
    id: int
    plan_id: int
    plan_name: str
    plan_kind: str
    project_id: int
    scheduled: date
    due_at: datetime
    done_at: datetime | None
    done_by: str
    notes: str
    photo_path: str
    photo_name: str
    devices_text: str
    responsible: str
    content: str
    state: TaskState
    version: int = 0  # optimistic locking (issue 7): the version this view was read at


@dataclass(frozen=True)
class ProposalView:
    id: int
    project_id: int
    device_id: int | None
    device_label: str
    title: str
    reason: str
    plan: str
    cost_fen: int
    proposed_by: str
    proposed_on: date
    decision: str
    decided_by: str
    decided_on: date | None
    decision_note: str
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def cost_text(self) -> str:
        return money_text(self.cost_fen)


@dataclass(frozen=True)
class CheckItemView:
    text: str
    ok: bool
    note: str


@dataclass(frozen=True)
class CheckView:
    id: int
    work_id: int
    checked_at: datetime
    checked_by: str
    items: tuple[CheckItemView, ...]
    result: str
    rectification: str
    rectify_due: date | None
    verified_at: datetime | None
    verified_by: str
    verify_note: str
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def awaiting_rectification(self) -> bool:
        return self.result == "不合格，限期整改" and self.verified_at is None

    def rectification_overdue(self, today: date) -> bool:
        return self.awaiting_rectification and self.rectify_due is not None and today > self.rectify_due


@dataclass(frozen=True)
class WorkView:
    id: int
    project_id: int
    name: str
    contractor: str
    contact: str
    phone: str
    start_date: date
    end_date: date | None
    scope: str
    supervisor: str
    state: str
    checks: tuple[CheckView, ...]
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def open_rectifications(self) -> int:
        return sum(1 for c in self.checks if c.awaiting_rectification)

    @property
    def last_result(self) -> str:
        if not self.checks:
            return "未检查"
        last = self.checks[-1]
        return "整改后合格" if last.verified_at else last.result


@dataclass(frozen=True)
class ItemView:
    id: int
    project_id: int
    kind: str
    code: str
    name: str
    spec: str
    unit: str
    location: str
    quantity: int
    lent_out: int
    reorder_level: int
    calibration_due: date | None
    notes: str
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    @property
    def available(self) -> int:
        return self.quantity - self.lent_out

    @property
    def needs_reorder(self) -> bool:
        return self.reorder_level > 0 and self.quantity < self.reorder_level

    @property
    def negative(self) -> bool:
        return self.quantity < 0

    def calibration_state(self, today: date) -> str:
        """「已过期」 / 「即将到期」 / 「」 for an instrument's next calibration."""
        if self.calibration_due is None:
            return ""
        if self.calibration_due < today:
            return "已过期"
        if (self.calibration_due - today).days <= CALIBRATION_WARN_DAYS:
            return "即将到期"
        return ""

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class LoanView:
    id: int
    item_id: int
    item_label: str
    quantity: int
    borrower: str
    purpose: str
    lent_at: datetime
    lent_by: str
    due_back: date
    returned_at: datetime | None
    returned_to: str
    version: int = 0  # optimistic locking (issue 7): the version this view was read at

    def overdue(self, today: date) -> bool:
        return self.returned_at is None and today > self.due_back


@dataclass(frozen=True)
class MovementView:
    id: int
    item_id: int
    at: datetime
    quantity: int
    reason: str
    balance: int
    order_number: str
    by: str
    note: str


@dataclass(frozen=True)
class SafetyView:
    id: int
    project_id: int
    at: datetime
    place: str
    who: str
    what: str
    measure: str
    stopped_by: str
    follow_up: str


@dataclass(frozen=True)
class DeviceCard:
    """The device's one screen: facts, documents and its whole history (issue 4)."""

    device: DeviceView
    project_name: str
    documents: tuple[DocumentView, ...]
    orders: tuple[WorkOrderView, ...]
    defects: tuple[DefectView, ...]
    accidents: tuple[AccidentView, ...]
    tasks: tuple[TaskView, ...]
    states: tuple[StateChangeView, ...]
    proposals: tuple[ProposalView, ...]
    plans: tuple[PlanView, ...]

    @property
    def has_history(self) -> bool:
        return bool(self.orders or self.defects or self.accidents or self.tasks)
