"""Revisit tasks of customers' work orders, in the same list as the complaints' (篇2 §5、§7).

RULES.md (Deadlines): 「revisit of the customer — 2 working days — from the completion report — 篇2
§5、§7」; the repairs area applies it to every customer's job (domain/repairs_deadlines.py: 篇5 §2(5)
lists 室内设施维修 and 公共设施故障 among the complaints the centre handles) and stores the due time
on the order as ``revisit_due`` — the task copies it, never computes it another way. An internal
job (内部报修) has no customer and no revisit.

One truth, both ways: the work order's own 「回访」 step is the record. ``WorkOrderService`` calls
``on_order_step`` inside the transaction of a completion, a revisit and a (re)dispatch, so a
revisit recorded in the repairs tab marks the task done; a revisit recorded in the revisits tab
is recorded *as* that step (``record``), the task following in the same transaction. A 返修 starts
a new pass (cycle): the pass it left without a revisit has its task cancelled, the next
completion gets a new task. ``sync`` does the same for orders written without the observer (a
database from before migration 0007, the demo office) and is idempotent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable, Protocol

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from wuye_desktop.domain.complaint import Satisfaction
from wuye_desktop.domain.errors import DomainError, TransitionError, ValidationError
from wuye_desktop.domain.repairs import CUSTOMER_SOURCES, OrderAction, OrderEvent, OrderState
from wuye_desktop.domain.repairs_deadlines import DEFAULT_DUE_HOURS, RULES_BY_STEP, due_time
from wuye_desktop.domain.repairs_drafts import REVISIT_METHODS, DispatchDraft, RevisitDraft
from wuye_desktop.domain.revisit_voice import OpinionCategory, OpinionSource, split_lines
from wuye_desktop.domain.revisits import FollowUp, RevisitInput, TaskState, default_assignee, order_passes
from wuye_desktop.domain.validators import length_error
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.revisits_voice import new_opinion
from wuye_desktop.storage.models_repairs import WorkOrderEventRow, WorkOrderRow
from wuye_desktop.storage.models_revisits import RevisitTaskRow
from wuye_desktop.storage.uow import UowFactory

if TYPE_CHECKING:
    from wuye_desktop.services.repairs_orders import WorkOrderService
    from wuye_desktop.services.revisits_views import RevisitTaskView

Progress = Callable[[int, int, str], None]
CUSTOMER_SOURCE_VALUES = tuple(sorted(s.value for s in CUSTOMER_SOURCES))
# The repairs form keeps 2,000 characters of revisit record (domain/repairs_drafts.RevisitDraft).
ORDER_RECORD_MAX = 2000


class RevisitStep(Protocol):
    """A recorded 「回访」 step: the complaint desk's ``Event`` or the repairs area's ``OrderEvent``."""

    @property
    def at(self) -> datetime: ...
    @property
    def by(self) -> str: ...
    @property
    def note(self) -> str: ...

    def get(self, key: str, default: str = "") -> str: ...


def reconcile_in_batches(uow: UowFactory, ids: list[int], batch: int, progress: Progress | None, label: str,
                         load: Callable[[Session, list[int]], Iterable[Any]],
                         reconcile: Callable[[Session, Any], int]) -> int:
    """Bring the cases ``ids`` in line with their tasks, ``batch`` cases per transaction (a sync of a
    ten-year database stays cancellable and light); returns how many tasks were created."""
    created = 0
    for start in range(0, len(ids), batch):
        with uow() as u:
            for row in load(u.session, ids[start:start + batch]):
                created += reconcile(u.session, row)
            u.commit()
        if progress:
            done = min(start + batch, len(ids))
            progress(done, len(ids), f"{label}（{done}/{len(ids)}）")
    return created


def mark_done(s: Session, task: RevisitTaskRow, revisit: RevisitStep, *, project_id: int, resident: str, unit: str,
              ref: str, now: datetime) -> None:
    """The revisit step fills the task; what the resident said becomes items to handle (篇4 二.1(4))."""
    task.state = TaskState.DONE.value
    task.done_at, task.visitor, task.content = revisit.at, revisit.by, revisit.note
    task.method, task.satisfaction = revisit.get("method"), revisit.get("satisfaction")
    task.follow_up = revisit.get("follow_up")
    if task.id is None:
        s.flush()

    def item(content: str, category: OpinionCategory, due: datetime | None = None) -> None:
        new_opinion(s, project_id, OpinionSource.REVISIT.value, revisit.at, content, now, category=category.value,
                    resident=resident, unit=unit, source_ref=ref, due_at=due, task_id=task.id)

    for line in split_lines(revisit.get("opinion")):
        item(line, OpinionCategory.OPINION)
    if revisit.get("question").strip():
        promised = revisit.get("promised_at")
        item(revisit.get("question").strip(), OpinionCategory.QUESTION,
             datetime.fromisoformat(promised) if promised else None)
    if task.satisfaction == Satisfaction.UNSATISFIED.value and task.follow_up in ("", FollowUp.NONE.value):
        # Not reworked nor followed by a new case: the dissatisfaction itself is a complaint to follow up.
        item(f"回访不满意：{revisit.note}", OpinionCategory.COMPLAINT)


def order_step(e: WorkOrderEventRow) -> OrderEvent:
    return OrderEvent(OrderAction(e.action), e.at, e.by, e.note, dict(e.data or {}))


class OrderRevisits:
    """The work-order half of ``RevisitService`` (which delegates here)."""

    def __init__(self, uow: UowFactory, clock: Clock, calendar: CalendarService,
                 orders: WorkOrderService | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._calendar = calendar
        self.orders = orders

    # --- tasks follow the work order ----------------------------------------------------------------
    def on_order_step(self, s: Session, row: WorkOrderRow, action: OrderAction) -> None:
        """WorkOrderService step observer: runs in the step's own transaction."""
        self.reconcile(s, row, self._clock())

    def sync(self, progress: Progress | None = None, batch: int = 500) -> int:
        """Create the missing tasks of completed customer work orders (done or not, as the order's
        steps say) and bring open ones in line; returns how many were created. A second run changes nothing."""
        now = self._clock()
        with self._uow() as uow:
            ids = self._stale_orders(uow.session)
        return reconcile_in_batches(
            self._uow, ids, batch, progress, "正在核对维修单回访任务",
            lambda s, chunk: s.scalars(select(WorkOrderRow).where(WorkOrderRow.id.in_(chunk))
                                       .options(selectinload(WorkOrderRow.events))),
            lambda s, row: self.reconcile(s, row, now))

    @staticmethod
    def _stale_orders(s: Session) -> list[int]:
        w, t = WorkOrderRow, RevisitTaskRow
        customer = w.source.in_(CUSTOMER_SOURCE_VALUES)
        completed = exists().where(WorkOrderEventRow.order_id == w.id,
                                   WorkOrderEventRow.action == OrderAction.COMPLETE.value)
        ids = set(s.scalars(select(w.id).where(customer, completed, ~exists().where(t.work_order_id == w.id))))
        # Open tasks whose order moved on since (revisited, reworked) without the observer.
        ids.update(s.scalars(select(t.work_order_id).join(w, w.id == t.work_order_id).where(
            t.state == TaskState.OPEN.value, w.updated_at > t.updated_at)))
        # An order whose current pass has no task with its due time (completed again after a 返修).
        ids.update(s.scalars(select(w.id).where(
            customer, w.revisit_due.is_not(None),
            ~exists().where(t.work_order_id == w.id, t.due_at == w.revisit_due))))
        return sorted(i for i in ids if i is not None)

    def reconcile(self, s: Session, row: WorkOrderRow, now: datetime) -> int:
        """Bring the order's tasks in line with its steps; returns how many tasks were created."""
        if row.source not in CUSTOMER_SOURCE_VALUES:
            return 0  # 内部报修: no customer to revisit (domain/repairs_deadlines.py)
        passes = order_passes([order_step(e) for e in row.events])
        if not any(p.completed for p in passes):
            return 0
        if row.id is None:
            s.flush()
        last = len(passes) - 1
        tasks = {t.cycle: t for t in s.scalars(select(RevisitTaskRow).where(RevisitTaskRow.work_order_id == row.id))}
        rule = RULES_BY_STEP["revisit"]
        created = 0
        for cycle, p in enumerate(passes):
            if p.completed is None:
                continue
            # The current pass takes the due time the repairs area stored on the order (one computation);
            # an earlier pass (before a 返修) is computed by the same rule on the same calendar.
            if cycle == last and row.revisit_due is not None:
                due = row.revisit_due
            else:
                due = due_time(rule, p.completed.at, self._calendar.calendar())
            task = tasks.get(cycle)
            if task is None:
                task = RevisitTaskRow(work_order=row, project_id=row.project_id, cycle=cycle,
                                      completed_at=p.completed.at, due_at=due,
                                      assignee=default_assignee(row.received_by), state=TaskState.OPEN.value,
                                      visitor="", method="", satisfaction="", content="", follow_up="", note="",
                                      created_at=now, updated_at=now)
                s.add(task)
                tasks[cycle] = task
                created += 1
            elif task.state == TaskState.OPEN.value:
                task.completed_at, task.due_at = p.completed.at, due
            if p.revisit is not None and task.state == TaskState.OPEN.value:
                mark_done(s, task, p.revisit, project_id=row.project_id, resident=row.client,
                          unit=row.unit or row.location, ref=row.number, now=now)
        for cycle, task in tasks.items():
            reworked = cycle < last
            if task.state == TaskState.OPEN.value and reworked and passes[cycle].revisit is None:
                task.state = TaskState.CANCELLED.value
                task.note = "工单已返修，本次回访取消（返修完工后另有回访任务）"
            elif (reworked and task.state == TaskState.DONE.value and not task.follow_up
                  and task.satisfaction == Satisfaction.UNSATISFIED.value):
                task.follow_up = FollowUp.REWORK.value  # reworked from the repairs tab after the revisit
            task.updated_at = now
        return created

    # --- recording from the revisits tab ------------------------------------------------------------
    @staticmethod
    def blocked_reason(number: str, order_state: str) -> str:
        if order_state == OrderState.AWAITING_REVISIT.value:
            return ""
        return f"维修单 {number} 当前状态为「{order_state}」，不能登记回访。"

    @staticmethod
    def check(data: RevisitInput) -> None:
        """What the work order's own revisit form would refuse, named on this dialog's fields."""
        errors: dict[str, str] = {}
        if data.method not in REVISIT_METHODS:
            errors["method"] = f"维修单的回访方式请选择{'、'.join(REVISIT_METHODS)}"
        if e := length_error("回访记录", data.content.strip(), ORDER_RECORD_MAX):
            errors["content"] = e
        if data.follow_up == FollowUp.REOPEN.value:
            errors["follow_up"] = "维修单不能「重新打开投诉」：请选择「返修」或「另立新投诉」"
        if errors:
            raise ValidationError(errors)

    def record(self, view: RevisitTaskView, data: RevisitInput, payload: dict[str, str]) -> str:
        """Record the revisit as the work order's 「回访」 step, then a 返修 when asked for; returns the
        technician a 返修 went back to ("" otherwise). ``data`` has passed ``check`` (RevisitService.record)."""
        assert self.orders is not None and view.work_order_id is not None and data.at is not None
        draft = RevisitDraft(at=data.at, by=data.by.strip(), method=data.method, satisfaction=data.satisfaction,
                             note=data.content.strip())
        try:
            self.orders.revisit(view.work_order_id, draft, payload)
        except ValidationError as exc:
            raise ValidationError({("content" if k == "note" else k): v for k, v in exc.errors.items()}) from exc
        if data.follow_up != FollowUp.REWORK.value:
            return ""
        try:
            return self._rework(view, data)
        except DomainError as exc:
            raise DomainError(f"回访已登记，但「返修」未成功：{exc.message}") from exc

    def _rework(self, view: RevisitTaskView, data: RevisitInput) -> str:
        """返修 back to the technician of the job (the supervisor may 转派 it in the repairs tab); the
        completion time proposed as at a dispatch (DEFAULT_DUE_HOURS)."""
        assert self.orders is not None and view.work_order_id is not None and data.at is not None
        order = self.orders.get(view.work_order_id).row
        if not order.technician:
            raise TransitionError("工单没有维修人员，请在「维修与设备」中派工返修")
        now = self._clock()
        hours = DEFAULT_DUE_HOURS.get(order.urgency, 24)
        self.orders.dispatch(view.work_order_id, DispatchDraft(
            technician=order.technician, team=order.team, at=now, promised_at=now + timedelta(hours=hours),
            note=f"回访不满意，返修：{data.content.strip()}"[:2000]), data.by.strip())
        return order.technician

    def sheet_facts(self, order_id: int, completed_at: datetime) -> dict[str, str]:
        """What the 回访记录表 of a work order shows about the job of that pass."""
        assert self.orders is not None
        d = self.orders.get(order_id)
        result = next((e.note for e in d.events if e.action is OrderAction.COMPLETE and e.at == completed_at),
                      d.result)
        who = "、".join(x for x in (d.row.technician, d.row.team) if x)
        return {"content": d.description or d.row.subject, "department": who, "result": result}
