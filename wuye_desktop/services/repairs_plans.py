"""Maintenance and inspection plans with their dated tasks, and the supervisor's upgrade proposals
(篇1 §2 「负责提出电气设备的检修计划和技改方案」)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.errors import NotFoundError, ValidationError
from wuye_desktop.domain.repairs import Decision, Period, PlanKind, TaskState
from wuye_desktop.domain.repairs_records import DecisionDraft, PlanDraft, ProposalDraft, TaskDoneDraft
from wuye_desktop.domain.repairs_schedule import occurrences, task_due
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.services.repairs_common import RepairBase
from wuye_desktop.services.repairs_rows import plan_view, proposal_view, task_view
from wuye_desktop.services.repairs_views import PlanView, ProposalView, TaskView
from wuye_desktop.storage.models_repairs import DeviceRow, PlanDeviceRow, PlanRow, PlanTaskRow, ProposalRow


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def horizon(today: date) -> date:
    """Tasks exist up to the end of next month, so the month's checklist can be printed ahead."""
    return month_end(month_end(today) + timedelta(days=1))

# What 修改计划 edits (issue 7).
PLAN_EDIT: EditShape[PlanView] = EditShape(
    "保养巡检计划", {"name": "计划名称", "kind": "类别", "period": "周期", "every_n": "间隔天数", "start_date": "首次日期",
                "end_date": "结束日期", "window_days": "完成宽限", "device_ids": "设备", "content": "保养（巡检）内容",
                "responsible": "负责人"},
    lambda v: v.name)


class PlanService:
    def __init__(self, base: RepairBase) -> None:
        self._b = base

    # --- plans ------------------------------------------------------------------------------------------
    def create(self, draft: PlanDraft, project_id: int | None, by: str, backfill: bool = False) -> PlanView:
        """A new plan makes its tasks from today on (dates still follow its first date); with
        ``backfill`` it also makes the past ones, e.g. when the paper record is entered afterwards."""
        draft.validate()
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            project = self._b.project(s, project_id)
            self._check_devices(s, draft.device_ids, project.id)
            row = PlanRow(project_id=project.id, name=draft.name.strip(), kind=draft.kind.value,
                          period=draft.period.value, every_n=draft.every_n if draft.period is Period.EVERY_N_DAYS else 1,
                          start_date=draft.start_date, end_date=draft.end_date, window_days=draft.window_days,
                          content=draft.content.strip(), responsible=draft.responsible.strip(), created_at=now)
            row.devices = [PlanDeviceRow(device_id=i) for i in dict.fromkeys(draft.device_ids)]
            if not backfill and row.start_date < now.date():
                row.generated_through = now.date() - timedelta(days=1)
            s.add(row)
            s.flush()
            self._generate(s, row, horizon(now.date()))
            uow.commit()
            plan_id = row.id
        return self.get(plan_id)

    def update(self, plan_id: int, draft: PlanDraft, expected_version: int | None = None) -> PlanView:
        """Change a plan; tasks not done from today on are planned anew, the past stays as it was.
        ``expected_version`` (the view's) refuses a save over someone else's (issue 7)."""
        draft.validate()
        today = self._b.clock().date()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, plan_id)
            if expected_version is not None and row.version != expected_version:
                uow.session.rollback()
                raise PLAN_EDIT.conflict(self.get(plan_id))
            self._check_devices(s, draft.device_ids, row.project_id)
            row.name, row.kind, row.period = draft.name.strip(), draft.kind.value, draft.period.value
            row.every_n = draft.every_n if draft.period is Period.EVERY_N_DAYS else 1
            row.start_date, row.end_date, row.window_days = draft.start_date, draft.end_date, draft.window_days  # type: ignore[assignment]
            row.content, row.responsible = draft.content.strip(), draft.responsible.strip()
            if [d.device_id for d in row.devices] != list(dict.fromkeys(draft.device_ids)):
                # Other devices alone leave the row's columns as they were: the version moves on by hand (issue 7).
                row.version = row.version + 1
            row.devices = [PlanDeviceRow(device_id=i) for i in dict.fromkeys(draft.device_ids)]
            self._drop_future(s, row.id, today)
            row.generated_through = today - timedelta(days=1)
            if not row.paused:
                self._generate(s, row, horizon(today))
            PLAN_EDIT.commit(uow, lambda: self.get(plan_id))
        return self.get(plan_id)

    def pause(self, plan_id: int, by: str) -> PlanView:
        """A paused plan makes no new tasks; tasks already overdue stay overdue (honest figures)."""
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, plan_id)
            if row.paused:
                raise ValidationError.single("plan", f"计划「{row.name}」已暂停")
            row.paused, row.paused_at = True, now
            self._drop_future(s, row.id, now.date())
            row.generated_through = now.date() - timedelta(days=1)
            uow.commit()
        return self.get(plan_id)

    def resume(self, plan_id: int, by: str) -> PlanView:
        today = self._b.clock().date()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, plan_id)
            if not row.paused:
                raise ValidationError.single("plan", f"计划「{row.name}」未暂停")
            row.paused, row.paused_at = False, None
            row.generated_through = today - timedelta(days=1)  # no back-dated tasks for the pause
            self._generate(s, row, horizon(today))
            uow.commit()
        return self.get(plan_id)

    def ensure_tasks(self, through: date | None = None) -> int:
        """Generate the dated tasks of every running plan up to ``through``; returns how many."""
        through = through or horizon(self._b.clock().date())
        made = 0
        with self._b.uow() as uow:
            s = uow.session
            for row in s.scalars(select(PlanRow).where(PlanRow.paused.is_(False))):
                if row.generated_through is None or row.generated_through < through:
                    made += self._generate(s, row, through)
            uow.commit()
        return made

    def plans(self, project_id: int | None) -> list[PlanView]:
        self.ensure_tasks()
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            stmt = select(PlanRow).order_by(PlanRow.paused, PlanRow.name)
            if project_id is not None:
                stmt = stmt.where(PlanRow.project_id == project_id)
            rows = list(s.scalars(stmt))
            labels = self._labels(s, {d.device_id for r in rows for d in r.devices})
            nexts = dict(s.execute(select(PlanTaskRow.plan_id, func.min(PlanTaskRow.scheduled)).where(
                PlanTaskRow.done_at.is_(None), PlanTaskRow.scheduled >= now.date()).group_by(PlanTaskRow.plan_id)).all())
            overdue = dict(s.execute(select(PlanTaskRow.plan_id, func.count()).where(
                PlanTaskRow.done_at.is_(None), PlanTaskRow.due_at < now).group_by(PlanTaskRow.plan_id)).all())
            return [plan_view(r, labels, nexts.get(r.id), overdue.get(r.id, 0)) for r in rows]

    def get(self, plan_id: int) -> PlanView:
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, plan_id)
            labels = self._labels(s, {d.device_id for d in row.devices})
            nxt = s.scalar(select(func.min(PlanTaskRow.scheduled)).where(
                PlanTaskRow.plan_id == plan_id, PlanTaskRow.done_at.is_(None), PlanTaskRow.scheduled >= now.date()))
            overdue = s.scalar(select(func.count()).where(PlanTaskRow.plan_id == plan_id,
                                                          PlanTaskRow.done_at.is_(None), PlanTaskRow.due_at < now)) or 0
            return plan_view(row, labels, nxt, overdue)

    # --- tasks -----------------------------------------------------------------------------------------------
    def tasks(self, project_id: int | None, start: date | None = None, end: date | None = None,
              plan_id: int | None = None, states: tuple[TaskState, ...] = (), limit: int = 5000) -> list[TaskView]:
        """Dated tasks in [start, end] (scheduled dates), oldest first."""
        self.ensure_tasks()
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            stmt = select(PlanTaskRow, PlanRow).join(PlanRow, PlanRow.id == PlanTaskRow.plan_id)
            if project_id is not None:
                stmt = stmt.where(PlanTaskRow.project_id == project_id)
            if start:
                stmt = stmt.where(PlanTaskRow.scheduled >= start)
            if end:
                stmt = stmt.where(PlanTaskRow.scheduled <= end)
            if plan_id is not None:
                stmt = stmt.where(PlanTaskRow.plan_id == plan_id)
            if states == (TaskState.OVERDUE,):
                stmt = stmt.where(PlanTaskRow.done_at.is_(None), PlanTaskRow.due_at < now)
            pairs = [(t, p) for t, p in s.execute(stmt.order_by(PlanTaskRow.scheduled, PlanRow.name).limit(limit))]
            labels = self._labels(s, {d.device_id for _, p in pairs for d in p.devices})
            views = [task_view(t, p, "、".join(labels.get(d.device_id, "") for d in p.devices),
                               self._b.path_of(t.photo_stored), now) for t, p in pairs]
            return [v for v in views if not states or v.state in states]

    def month_tasks(self, project_id: int | None, year: int, month: int) -> list[TaskView]:
        first = date(year, month, 1)
        if month_end(first) > horizon(self._b.clock().date()):
            self.ensure_tasks(month_end(first))  # a checklist printed well ahead
        return self.tasks(project_id, first, month_end(first))

    def complete_task(self, task_id: int, draft: TaskDoneDraft) -> TaskView:
        """A task done with notes and optional photo proof; done after its due time it counts late."""
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            task = s.get(PlanTaskRow, task_id)
            if task is None:
                raise NotFoundError("该保养任务不存在")
            if task.done_at is not None:
                raise ValidationError.single("done_at", f"该任务已于{task.done_at:%Y-%m-%d %H:%M}完成")
            draft.validate(now, task.scheduled)
        stored = self._b.copy_in(Path(draft.photo), images_only=True) if draft.photo.strip() else ""
        try:
            with self._b.uow() as uow:
                task = uow.session.get(PlanTaskRow, task_id)
                assert task is not None
                task.done_at, task.done_by, task.notes = draft.done_at, draft.done_by.strip(), draft.notes.strip()
                if stored:
                    task.photo_stored, task.photo_name = stored, Path(draft.photo).name[:200]
                uow.commit()
        except Exception:
            self._b.discard(stored)
            raise
        return self._task(task_id)

    def _task(self, task_id: int) -> TaskView:
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            task = s.get(PlanTaskRow, task_id)
            assert task is not None
            plan = self._load(s, task.plan_id)
            labels = self._labels(s, {d.device_id for d in plan.devices})
            return task_view(task, plan, "、".join(labels.get(d.device_id, "") for d in plan.devices),
                             self._b.path_of(task.photo_stored), now)

    # --- helpers ----------------------------------------------------------------------------------------------
    @staticmethod
    def _generate(s: Session, row: PlanRow, through: date) -> int:
        start = (row.generated_through + timedelta(days=1)) if row.generated_through else row.start_date
        days = occurrences(row.start_date, Period(row.period), start, through, row.every_n, row.end_date)
        existing = set(s.scalars(select(PlanTaskRow.scheduled).where(PlanTaskRow.plan_id == row.id,
                                                                     PlanTaskRow.scheduled >= start)))
        made = 0
        for day in days:
            if day not in existing:
                s.add(PlanTaskRow(plan_id=row.id, project_id=row.project_id, scheduled=day,
                                  due_at=task_due(day, row.window_days)))
                made += 1
        row.generated_through = through
        return made

    @staticmethod
    def _drop_future(s: Session, plan_id: int, from_day: date) -> None:
        s.execute(delete(PlanTaskRow).where(PlanTaskRow.plan_id == plan_id, PlanTaskRow.done_at.is_(None),
                                            PlanTaskRow.scheduled >= from_day))

    @staticmethod
    def _labels(s: Session, ids: set[int]) -> dict[int, str]:
        return {i: f"{c} {n}" for i, c, n in s.execute(
            select(DeviceRow.id, DeviceRow.code, DeviceRow.name).where(DeviceRow.id.in_(ids)))}

    @staticmethod
    def _check_devices(s: Session, ids: tuple[int, ...], project_id: int) -> None:
        found = {i: p for i, p in s.execute(select(DeviceRow.id, DeviceRow.project_id).where(DeviceRow.id.in_(ids)))}
        if any(found.get(i) != project_id for i in ids):
            raise ValidationError.single("device_ids", "所选设备中有不属于本管理处的设备")

    @staticmethod
    def _load(s: Session, plan_id: int) -> PlanRow:
        row = s.get(PlanRow, plan_id)
        if row is None:
            raise NotFoundError("该保养计划不存在")
        return row


PLAN_KINDS = tuple(k.value for k in PlanKind)


class ProposalService:
    """技改方案: what, why, cost, and the decision (篇1 §2, §5 「提出对线路及设备的改造建议」)."""

    def __init__(self, base: RepairBase) -> None:
        self._b = base

    def propose(self, draft: ProposalDraft, project_id: int | None) -> ProposalView:
        fen = draft.validate(self._b.clock().date())
        with self._b.uow() as uow:
            s = uow.session
            project = self._b.project(s, project_id)
            if draft.device_id is not None:
                device = s.get(DeviceRow, draft.device_id)
                if device is None or device.project_id != project.id:
                    raise ValidationError.single("device_id", "所选设备不属于本管理处")
            row = ProposalRow(project_id=project.id, device_id=draft.device_id, title=draft.title.strip(),
                              reason=draft.reason.strip(), plan=draft.plan.strip(), cost_fen=fen,
                              proposed_by=draft.proposed_by.strip(), proposed_on=draft.proposed_on,
                              decision=Decision.PENDING.value)
            s.add(row)
            s.flush()
            uow.commit()
            return self._view(s, row)

    def decide(self, proposal_id: int, draft: DecisionDraft) -> ProposalView:
        with self._b.uow() as uow:
            s = uow.session
            row = s.get(ProposalRow, proposal_id)
            if row is None:
                raise NotFoundError("该技改方案不存在")
            draft.validate(self._b.clock().date(), row.proposed_on)
            row.decision, row.decided_by = draft.decision.value, draft.decided_by.strip()
            row.decided_on, row.decision_note = draft.decided_on, draft.note.strip()
            uow.commit()
            return self._view(s, row)

    def proposals(self, project_id: int | None) -> list[ProposalView]:
        with self._b.uow() as uow:
            s = uow.session
            stmt = select(ProposalRow).order_by(ProposalRow.proposed_on.desc(), ProposalRow.id.desc())
            if project_id is not None:
                stmt = stmt.where(ProposalRow.project_id == project_id)
            return [self._view(s, r) for r in s.scalars(stmt)]

    @staticmethod
    def _view(s: Session, row: ProposalRow) -> ProposalView:
        device = s.get(DeviceRow, row.device_id) if row.device_id else None
        return proposal_view(row, f"{device.code} {device.name}" if device else "")
