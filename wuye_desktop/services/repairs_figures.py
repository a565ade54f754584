"""The supervisor's figures per month (篇1 §5): equipment intact rate, plan completion and on-time rate,
repair timeliness. The reports area calls ``RepairFiguresService.month`` / ``.year``."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from wuye_desktop.domain.repairs import IN_SERVICE_STATES, DeviceState, OrderState
from wuye_desktop.domain.repairs_figures import MonthFigures
from wuye_desktop.services.repairs_common import RepairBase
from wuye_desktop.storage.models_repairs import (
    AccidentRow,
    DefectRow,
    DeviceRow,
    DeviceStateRow,
    PlanTaskRow,
    WorkOrderRow,
)

# The revisit is the desk's follow-up, not the repair: it does not make a repair untimely.
_NOT_REPAIR_STEPS = {"回访"}


class RepairFiguresService:
    def __init__(self, base: RepairBase, ensure_tasks: object = None) -> None:
        self._b = base
        self._ensure_tasks = ensure_tasks

    def month(self, project_id: int | None, year: int, month: int) -> MonthFigures:
        now = self._b.clock()
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        start = datetime.combine(first, time.min)
        end = datetime.combine(last + timedelta(days=1), time.min)
        cutoff = min(end - timedelta(seconds=1), now)
        if callable(self._ensure_tasks):
            self._ensure_tasks()
        with self._b.uow() as uow:
            s = uow.session

            def scoped(stmt: Any, column: Any) -> Any:  # any Select, narrowed to the project
                return stmt if project_id is None else stmt.where(column == project_id)

            # Devices: the state each had at the month's end, from the state log.
            log = s.execute(scoped(select(DeviceStateRow.device_id, DeviceStateRow.state)
                                   .join(DeviceRow, DeviceRow.id == DeviceStateRow.device_id)
                                   .where(DeviceStateRow.at <= cutoff)
                                   .order_by(DeviceStateRow.device_id, DeviceStateRow.at, DeviceStateRow.id),
                                   DeviceRow.project_id)).all()
            state_of: dict[int, str] = {}
            for device_id, state in log:
                state_of[device_id] = state
            states = list(state_of.values())
            intact = sum(1 for x in states if x == DeviceState.INTACT.value)
            in_service = sum(1 for x in states if x in {st.value for st in IN_SERVICE_STATES})
            degraded = sum(1 for x in states if x == DeviceState.DEGRADED.value)
            stopped = sum(1 for x in states if x == DeviceState.STOPPED.value)

            # Plan tasks scheduled in the month.
            tasks = s.execute(scoped(select(PlanTaskRow.due_at, PlanTaskRow.done_at).where(
                PlanTaskRow.scheduled >= first, PlanTaskRow.scheduled <= last), PlanTaskRow.project_id)).all()
            done = sum(1 for _, d in tasks if d is not None)
            on_time = sum(1 for due, d in tasks if d is not None and d <= due)
            overdue = sum(1 for due, d in tasks if d is None and due < now)

            # Work orders received in the month (cancelled ones are not repairs).
            orders = s.execute(scoped(select(WorkOrderRow.completed_at, WorkOrderRow.late_steps,
                                             WorkOrderRow.open_steps).where(
                WorkOrderRow.received_at >= start, WorkOrderRow.received_at < end,
                WorkOrderRow.state != OrderState.CANCELLED.value), WorkOrderRow.project_id)).all()
            finished = counted = timely = 0
            for completed_at, late_steps, open_steps in orders:
                late = any(x and x not in _NOT_REPAIR_STEPS for x in (late_steps or "").split("、"))
                late = late or any(step["label"] not in _NOT_REPAIR_STEPS and datetime.fromisoformat(step["due"]) < now
                                   for step in (open_steps or []))
                finished += completed_at is not None
                if completed_at is not None or late:
                    counted += 1
                    timely += not late

            open_defects = s.scalar(scoped(select(func.count()).where(
                DefectRow.found_at <= cutoff, or_(DefectRow.removed_at.is_(None), DefectRow.removed_at > cutoff)),
                DefectRow.project_id)) or 0
            accidents = s.scalar(scoped(select(func.count()).where(
                and_(AccidentRow.occurred_at >= start, AccidentRow.occurred_at < end)), AccidentRow.project_id)) or 0
        return MonthFigures(year, month, intact, in_service, degraded, stopped, len(tasks), done, on_time, overdue,
                            len(orders), finished, counted, timely, open_defects, accidents)

    def year(self, project_id: int | None, year: int) -> list[MonthFigures]:
        """Each month of ``year`` up to the current one."""
        today = self._b.clock().date()
        last = 12 if year < today.year else (today.month if year == today.year else 0)
        return [self.month(project_id, year, m) for m in range(1, last + 1)]
