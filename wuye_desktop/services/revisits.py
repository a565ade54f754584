"""Revisit tasks of completed complaints, the revisit record, and the area's figures (篇2 §5、§7, 篇4 二).

How a task comes to be: ``ComplaintService.step_observers`` calls ``on_complaint_step`` inside the
transaction of every recorded step; a completion (处理完成) creates the task of that pass, due when
the complaint desk's deadline rules say (the due time is the one ``domain/deadlines.evaluate``
stored on the case as ``revisit_due`` — never computed another way). A revisit recorded at the
complaint desk marks the task done; a reopened case cancels the task of the pass it left
unrevisited. ``sync_from_complaints`` does the same for cases written without the observer (the
ledger import, a database from before this area existed) and is idempotent.

Work orders: a customer's completed work order gets its task in the same list (services/revisits_orders.py,
the same rule 篇2 §5、§7 on the same calendar); its revisit is recorded as the order's own 「回访」 step.

Figures (篇4 二.1(4)): the revisit rate, on-time rate and satisfaction count every task, complaints'
and work orders' alike — 篇4 二 asks that residents be revisited after what the office handled for
them, and 篇5 §2(5) counts in-unit repairs and public-facility faults among the complaints handled
(storage/revisit_queries.period_counts). The effective complaint rate counts complaints only.

Recording a revisit here moves the complaint on: it is the complaint's 「回访」 step, which the
life cycle allows only in state 已回复客户. Decision: when the case is not there yet the revisit is
NOT recorded on the task alone — the clerk is told, in plain words, which steps are missing
(反馈首问人, 回复客户), because a revisit only on the task would leave the case unable to close
(「五清楚」 needs the revisit on the case) and the two records would disagree.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from wuye_desktop.domain.complaint import GENERAL_CATEGORIES, Action, Channel, Kind, State
from wuye_desktop.domain.deadlines import evaluate, split_cycles
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import DomainError, NotFoundError, TransitionError, ValidationError
from wuye_desktop.domain.revisit_figures import RevisitFigures
from wuye_desktop.domain.repairs import OrderAction
from wuye_desktop.domain.revisit_voice import OpinionCategory
from wuye_desktop.domain.revisits import (
    FollowUp,
    RevisitInput,
    TaskFilter,
    TaskSource,
    TaskState,
    default_assignee,
)
from wuye_desktop.domain.validators import required_error
from wuye_desktop.services import revisits_export
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.edit_conflict import EditShape, guarded
from wuye_desktop.services.complaints import ComplaintService, StepInput, to_event
from wuye_desktop.services.repairs_orders import WorkOrderService
from wuye_desktop.services.revisits_orders import OrderRevisits, mark_done, reconcile_in_batches
from wuye_desktop.services.revisits_programme import ProgrammeService
from wuye_desktop.services.revisits_survey import SurveyService
from wuye_desktop.services.revisits_views import RevisitTaskView, TaskPage
from wuye_desktop.services.revisits_voice import (
    OpinionService,
    PeerVisitService,
    SuggestionService,
    opinion_view,
    suggestion_from_complaint,
)
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage import revisit_queries
from wuye_desktop.storage.models import ComplaintEventRow, ComplaintRow, ProjectRow
from wuye_desktop.storage.models_repairs import WorkOrderRow
from wuye_desktop.storage.models_revisits import OpinionRow, RevisitTaskRow, SuggestionRow
from wuye_desktop.storage.uow import UowFactory

Progress = Callable[[int, int, str], None]
HANDLED_KINDS = (Kind.GENERAL.value, Kind.MAJOR.value)

# What is still missing before the case can take its revisit (TRANSITIONS: 已回复客户 → 回访).
MISSING_BEFORE_REVISIT: dict[str, str] = {
    State.COMPLETED.value: "「反馈首问人」和「回复客户」",
    State.FEEDBACK_GIVEN.value: "「回复客户」",
}


def blocked_reason(number: str, complaint_state: str) -> str:
    """Why a revisit cannot be recorded on the case now, in the clerk's words; "" when it can."""
    if complaint_state == State.REPLIED.value:
        return ""
    missing = MISSING_BEFORE_REVISIT.get(complaint_state)
    if missing:
        return (f"投诉 {number} 当前状态为「{complaint_state}」，还需先在投诉受理中登记{missing}，"
                f"才能登记回访。回访须记在投诉上，投诉才能结案。")
    return f"投诉 {number} 当前状态为「{complaint_state}」，不能登记回访。"

# What 改派回访 changes (issue 7).
ASSIGN_EDIT: EditShape[RevisitTaskView] = EditShape("回访任务", {"assignee": "回访负责人"}, lambda v: v.number)


class RevisitService:
    def __init__(self, uow: UowFactory, clock: Clock, calendar: CalendarService, complaints: ComplaintService,
                 settings: SettingsService, orders: WorkOrderService | None = None) -> None:
        # Every record of the area is versioned (issue 7): a step that loses the race says so in Chinese.
        uow = guarded(uow)
        self._uow = uow
        self._clock = clock
        self._calendar = calendar
        self._complaints = complaints
        self._settings = settings
        self.programme = ProgrammeService(uow, clock)
        self.surveys = SurveyService(uow, clock, settings)
        self.opinions = OpinionService(uow, clock)
        self.suggestions = SuggestionService(uow, clock, settings)
        self.peers = PeerVisitService(uow, clock)
        self.work_orders = OrderRevisits(uow, clock, calendar, orders)

    # --- tasks follow the complaint desk --------------------------------------------------------------
    def on_complaint_step(self, s: Session, row: ComplaintRow, action: Action) -> None:
        """ComplaintService step observer: runs in the step's own transaction."""
        self._reconcile(s, row, self._clock())

    def on_order_step(self, s: Session, row: WorkOrderRow, action: OrderAction) -> None:
        """WorkOrderService step observer (a completion, revisit or 返修 of a customer's job)."""
        self.work_orders.on_order_step(s, row, action)

    def sync(self, progress: Progress | None = None) -> int:
        """Both sources: complaints (cases imported from a ledger too) and work orders."""
        return self.sync_from_complaints(progress) + self.sync_from_work_orders(progress)

    def sync_from_work_orders(self, progress: Progress | None = None, batch: int = 500) -> int:
        """Tasks of completed customer work orders written without the observer (a database from
        before migration 0007, the demo office); idempotent."""
        return self.work_orders.sync(progress, batch)

    def sync_from_complaints(self, progress: Progress | None = None, batch: int = 500) -> int:
        """Create missing tasks (and suggestions) for cases written without the observer; returns
        the number of tasks created. Safe to run any time: a second run changes nothing."""
        now = self._clock()
        with self._uow() as uow:
            ids = self._stale_complaints(uow.session)
        return reconcile_in_batches(
            self._uow, ids, batch, progress, "正在核对回访任务",
            lambda s, chunk: s.scalars(select(ComplaintRow).where(ComplaintRow.id.in_(chunk))
                                       .options(selectinload(ComplaintRow.events))),
            lambda s, row: self._reconcile(s, row, now))

    @staticmethod
    def _stale_complaints(s: Session) -> list[int]:
        c, t = ComplaintRow, RevisitTaskRow
        completed = exists().where(ComplaintEventRow.complaint_id == c.id,
                                   ComplaintEventRow.action == Action.COMPLETE.value)
        no_task = ~exists().where(t.complaint_id == c.id)
        ids = set(s.scalars(select(c.id).where(c.kind.in_(HANDLED_KINDS), completed, no_task)))
        # Open tasks whose case moved on since (revisited, reopened, completed again) without the observer.
        ids.update(s.scalars(select(t.complaint_id).join(c, c.id == t.complaint_id).where(
            t.state == TaskState.OPEN.value, c.updated_at > t.updated_at)))
        # A case whose current pass has no task with its due time (completed again after a reopen).
        ids.update(s.scalars(select(c.id).where(
            c.kind.in_(HANDLED_KINDS), c.revisit_due.is_not(None),
            ~exists().where(t.complaint_id == c.id, t.due_at == c.revisit_due))))
        ids.update(s.scalars(select(c.id).where(c.kind == Kind.SUGGESTION.value,
                                                ~exists().where(SuggestionRow.complaint_id == c.id))))
        return sorted(ids)

    def _reconcile(self, s: Session, row: ComplaintRow, now: datetime) -> int:
        """Bring the case's tasks in line with its events; returns how many tasks were created."""
        if row.kind == Kind.SUGGESTION.value:
            if row.id is None:
                s.flush()
            suggestion_from_complaint(s, row, now)
            return 0
        if row.kind not in HANDLED_KINDS:
            return 0
        events = [to_event(e) for e in row.events]
        if not any(e.action is Action.COMPLETE for e in events):
            return 0
        if row.id is None:
            s.flush()
        kind = Kind(row.kind)
        cycles = split_cycles(events, kind)
        last = len(cycles) - 1
        evaluation = evaluate(events, kind, self._calendar.calendar(), now)
        deadlines = {d.cycle: d for d in evaluation.deadlines
                     if d.step == "revisit" and d.due_at is not None and d.starts_at is not None}
        tasks = {t.cycle: t for t in s.scalars(select(RevisitTaskRow).where(RevisitTaskRow.complaint_id == row.id))}
        created = 0
        for cycle, d in sorted(deadlines.items()):
            # The newest pass takes the due time the desk stored on the case (one computation).
            due = row.revisit_due if cycle == last and row.revisit_due is not None else d.due_at
            assert due is not None and d.starts_at is not None
            task = tasks.get(cycle)
            if task is None:
                task = RevisitTaskRow(complaint=row, project_id=row.project_id, cycle=cycle, completed_at=d.starts_at,
                                      due_at=due, assignee=default_assignee(row.first_responder),
                                      state=TaskState.OPEN.value, visitor="", method="", satisfaction="",
                                      content="", follow_up="", note="", created_at=now, updated_at=now)
                s.add(task)
                tasks[cycle] = task
                created += 1
            elif task.state == TaskState.OPEN.value:
                task.completed_at, task.due_at = d.starts_at, due  # a corrected completion time moves it
            revisit = cycles[cycle].first(Action.REVISIT)
            if revisit is not None and task.state == TaskState.OPEN.value:
                mark_done(s, task, revisit, project_id=row.project_id, resident=row.complainant, unit=row.unit,
                          ref=row.number, now=now)
        for cycle, task in tasks.items():
            if task.state == TaskState.OPEN.value and cycle < last and cycles[cycle].first(Action.REVISIT) is None:
                task.state = TaskState.CANCELLED.value
                task.note = "投诉已重新打开，本次回访取消（重新处理完成后另有回访任务）"
            task.updated_at = now
        return created

    # --- the task list --------------------------------------------------------------------------------
    def page(self, f: TaskFilter, offset: int = 0, limit: int = 200, with_total: bool = True) -> TaskPage:
        now = self._clock()
        with self._uow() as uow:
            s = uow.session
            records = revisit_queries.task_page(s, f, now, offset, limit)
            total, capped = revisit_queries.task_count(s, f, now) if with_total else (len(records), False)
            return TaskPage(tuple(self._views(s, records)), total, capped)

    def get(self, task_id: int) -> RevisitTaskView:
        with self._uow() as uow:
            s = uow.session
            task = s.get(RevisitTaskRow, task_id)
            if task is None:
                raise NotFoundError("该回访任务不存在或已被删除")
            return self._views(s, [(task, task.complaint, task.work_order)])[0]

    def task_for_complaint(self, complaint_id: int) -> RevisitTaskView | None:
        """The newest task of a case (the complaint desk's 「回访」 link)."""
        with self._uow() as uow:
            s = uow.session
            task = s.scalar(select(RevisitTaskRow).where(RevisitTaskRow.complaint_id == complaint_id)
                            .order_by(RevisitTaskRow.cycle.desc()).limit(1))
            return self._views(s, [(task, task.complaint, None)])[0] if task else None

    def task_for_work_order(self, order_id: int) -> RevisitTaskView | None:
        """The newest task of a work order (its current pass)."""
        with self._uow() as uow:
            s = uow.session
            task = s.scalar(select(RevisitTaskRow).where(RevisitTaskRow.work_order_id == order_id)
                            .order_by(RevisitTaskRow.cycle.desc()).limit(1))
            return self._views(s, [(task, None, task.work_order)])[0] if task else None

    def orders_with_open_tasks(self, order_ids: list[int]) -> set[int]:
        """Which of these work orders have an open revisit task (the dashboard lists those once, as tasks)."""
        with self._uow() as uow:
            return set(uow.session.scalars(select(RevisitTaskRow.work_order_id).where(
                RevisitTaskRow.work_order_id.in_(order_ids), RevisitTaskRow.state == TaskState.OPEN.value)))

    def reassign(self, task_id: int, assignee: str, expected_version: int | None = None) -> RevisitTaskView:
        """改派; ``expected_version`` (the view's) refuses a change over someone else's (issue 7)."""
        if e := required_error("回访负责人", assignee, 40):
            raise ValidationError.single("assignee", e)
        with self._uow() as uow:
            task = uow.session.get(RevisitTaskRow, task_id)
            if task is None:
                raise NotFoundError("该回访任务不存在或已被删除")
            if expected_version is not None and task.version != expected_version:
                uow.session.rollback()
                raise ASSIGN_EDIT.conflict(self.get(task_id))
            if task.state != TaskState.OPEN.value:
                raise TransitionError("只有待回访的任务可以改派")
            task.assignee, task.updated_at = assignee.strip(), self._clock()
            ASSIGN_EDIT.commit(uow, lambda: self.get(task_id))
        return self.get(task_id)

    def blocked_reason(self, task_id: int) -> str:
        view = self.get(task_id)
        if view.state == TaskState.DONE.value:
            return f"{view.source} {view.number} 的这次回访已于 {view.done_at:%Y-%m-%d %H:%M} 登记。"
        if view.state == TaskState.CANCELLED.value:
            return f"该回访任务已取消：{view.note}"
        if view.is_work_order:
            return self.work_orders.blocked_reason(view.number, view.complaint_state)
        return blocked_reason(view.number, view.complaint_state)

    # --- recording a revisit ----------------------------------------------------------------------------
    def record(self, task_id: int, data: RevisitInput) -> RevisitTaskView:
        """Record the revisit as the case's (or the work order's) 「回访」 step — the task follows in the
        same transaction — then the follow-up an unsatisfied result asks for."""
        now = self._clock()
        view = self.get(task_id)
        data.validate(now, view.completed_at)
        if view.is_work_order:
            self.work_orders.check(data)
        elif data.follow_up == FollowUp.REWORK.value:
            raise ValidationError.single("follow_up", "投诉不能「返修」：请选择「重新打开投诉」或「另立新投诉」")
        reason = self.blocked_reason(task_id)
        if reason:
            raise TransitionError(reason)
        assert data.at is not None
        payload = {"method": data.method, "satisfaction": data.satisfaction, "follow_up": data.follow_up}
        if data.opinion.strip():
            payload["opinion"] = data.opinion.strip()
        if data.question.strip():
            payload["question"] = data.question.strip()
            payload["promised_at"] = data.promised_at.isoformat(sep=" ", timespec="minutes") if data.promised_at else ""
        if view.is_work_order:
            self.work_orders.record(view, data, payload)
            if data.follow_up == FollowUp.NEW_CASE.value:
                self._follow_up_case(task_id, view, data)
            return self.get(task_id)
        assert view.complaint_id is not None
        self._complaints.act(view.complaint_id, StepInput(Action.REVISIT, data.by.strip(), data.at,
                                                          data.content.strip(), payload))
        try:
            if data.follow_up == FollowUp.REOPEN.value:
                self._complaints.act(view.complaint_id, StepInput(
                    Action.REOPEN, data.by.strip(), max(now, data.at + timedelta(seconds=1)),
                    f"回访不满意，重新处理：{data.content.strip()}"))
            elif data.follow_up == FollowUp.NEW_CASE.value:
                self._open_linked_case(task_id, view, data)
        except DomainError as exc:
            raise DomainError(f"回访已登记，但「{data.follow_up}」未成功：{exc.message}") from exc
        return self.get(task_id)

    def _follow_up_case(self, task_id: int, view: RevisitTaskView, data: RevisitInput) -> None:
        try:
            self._open_linked_case(task_id, view, data)
        except DomainError as exc:
            raise DomainError(f"回访已登记，但「{data.follow_up}」未成功：{exc.message}") from exc

    def _open_linked_case(self, task_id: int, view: RevisitTaskView, data: RevisitInput) -> None:
        """A new complaint for what the unsatisfied resident raised, linked both ways (a work order,
        closed by its revisit, keeps the link on the task and in the new case's text)."""
        assert data.at is not None
        channel = {"电话": Channel.PHONE, "上门": Channel.VISIT}.get(data.method, Channel.OTHER)
        common = dict(received_at=data.at, channel=channel, kind=Kind.GENERAL, first_responder=data.by.strip(),
                      front_desk_at=data.at)
        if view.complaint_id is None:
            kind = TaskSource.WORK_ORDER.value
            draft = ComplaintDraft(
                complainant=view.complainant, unit=view.unit, phone=view.phone,
                subject=f"回访不满意：{view.subject}"[:100],
                content=f"{data.content.strip()}\n（由{kind} {view.number} 的回访另立）",
                category="室内设施维修" if view.unit else "公共设施故障", department="工程部",
                remarks=f"关联{kind} {view.number}", **common)  # type: ignore[arg-type]
            new = self._complaints.register(draft, view.project_id, data.by.strip())
        else:
            original = self._complaints.get(view.complaint_id)
            category = original.row.category if original.row.category in GENERAL_CATEGORIES else "其他物业服务"
            draft = ComplaintDraft(
                complainant=original.row.complainant, unit=original.row.unit,
                phone=original.row.phone, subject=f"回访不满意：{original.row.subject}"[:100],
                content=f"{data.content.strip()}\n（由投诉 {view.number} 的回访另立）", category=category,
                department=original.row.department, remarks=f"关联投诉 {view.number}", **common)  # type: ignore[arg-type]
            new = self._complaints.register(draft, original.row.project_id, data.by.strip())
            self._complaints.act(view.complaint_id, StepInput(
                Action.NOTE, data.by.strip(), max(self._clock(), data.at + timedelta(seconds=1)),
                f"回访不满意，另立新投诉 {new.row.number}"))
        with self._uow() as uow:
            task = uow.session.get(RevisitTaskRow, task_id)
            assert task is not None
            task.follow_up_complaint_id = new.id
            task.updated_at = self._clock()
            uow.commit()

    # --- figures (篇4 二.1(4)) -------------------------------------------------------------------------
    def figures(self, year: int, month: int | None = None, project_id: int | None = None) -> RevisitFigures:
        """The five figures of a month (or of the year when ``month`` is None); 「—」 where nothing happened."""
        if month is None:
            start, end, label = datetime(year, 1, 1), datetime(year + 1, 1, 1), f"{year}年"
        else:
            if not 1 <= month <= 12:
                raise ValidationError.single("month", "月份应为1–12")
            start = datetime(year, month, 1)
            end = datetime(year + (month == 12), month % 12 + 1, 1)
            label = f"{year}年{month}月"
        with self._uow() as uow:
            s = uow.session
            served = revisit_queries.households(s, project_id)
            return RevisitFigures(label, revisit_queries.period_counts(s, start, end, project_id, served))

    def figures_by_month(self, year: int, project_id: int | None = None) -> list[RevisitFigures]:
        """Twelve months and the year (the reports issue's monthly table)."""
        return [self.figures(year, m, project_id) for m in range(1, 13)] + [self.figures(year, None, project_id)]

    # --- paper and workbooks -----------------------------------------------------------------------------
    def write_record_pdf(self, task_id: int, out: Path) -> Path:
        """客户回访记录表 of one task: blank revisit boxes before the revisit, filled after."""
        from wuye_desktop.export import pdf_revisits  # lazy import: a faster start (issue 8)
        view = self.get(task_id)
        now = self._clock()
        if view.work_order_id is not None:
            facts = self.work_orders.sheet_facts(view.work_order_id, view.completed_at)
        else:
            assert view.complaint_id is not None
            detail = self._complaints.get(view.complaint_id)
            result = next((e.note for e in detail.events
                           if e.action is Action.COMPLETE and e.at == view.completed_at), "")
            facts = {"content": detail.content, "department": detail.row.department, "result": result}
        with self._uow() as uow:
            s = uow.session
            items = [opinion_view(r) for r in s.scalars(
                select(OpinionRow).where(OpinionRow.task_id == task_id).order_by(OpinionRow.id))]
            project_row = s.get(ProjectRow, view.project_id)
            project = project_row.name if project_row else ""
        opinions = "；".join(i.content for i in items if i.category == OpinionCategory.OPINION.value)
        question = next((i for i in items if i.category == OpinionCategory.QUESTION.value), None)
        follow = view.follow_up if view.follow_up else ""
        if view.follow_up_number:
            follow += f"（{view.follow_up_number}）"
        sheet = pdf_revisits.RevisitSheet(
            company=self._settings.company_name(), project=project, number=view.number,
            complainant=view.complainant, unit=view.unit, phone=view.phone, subject=view.subject,
            content=facts["content"], department=facts["department"], result=facts["result"], kind=view.source,
            completed_at=view.completed_at, due_at=view.due_at, done_at=view.done_at, visitor=view.visitor,
            method=view.method, satisfaction=view.satisfaction, record=view.content, opinion=opinions,
            question=question.content if question else "", promised_at=question.due_at if question else None,
            follow_up=follow, timeliness=view.status(now).value)
        return pdf_revisits.write_revisit_record(sheet, out)

    def export_tasks(self, f: TaskFilter, out: Path, progress: Progress | None = None) -> Path:
        """The revisit list as a workbook (投诉编号, 回访期限, 回访时间, 方式, 回访结果, 状态 …)."""
        now = self._clock()
        rows: list[RevisitTaskView] = []
        total = self.page(f, 0, 1).total
        while True:
            chunk = self.page(f, len(rows), 2000, with_total=False).rows
            if not chunk:
                break
            rows.extend(chunk)
            if progress:
                progress(len(rows), total, f"已读取 {len(rows)}/{total} 条")
        with self._uow() as uow:
            names = {p.id: p.name for p in uow.session.scalars(select(ProjectRow))}
        return revisits_export.tasks_workbook(rows, names, now, out)

    def write_figures_xlsx(self, year: int, project_id: int | None, out: Path) -> Path:
        return revisits_export.figures_workbook(self.figures_by_month(year, project_id), out)

    # --- helpers -------------------------------------------------------------------------------------------
    @staticmethod
    def _views(s: Session, records: list[revisit_queries.TaskRecord]) -> list[RevisitTaskView]:
        follow_ids = {t.follow_up_complaint_id for t, _, _ in records if t.follow_up_complaint_id}
        numbers: dict[int, str] = {}
        if follow_ids:
            numbers = _pairs(s.execute(select(ComplaintRow.id, ComplaintRow.number)
                                     .where(ComplaintRow.id.in_(follow_ids))))
        views = []
        for t, c, w in records:
            if c is not None:
                case = dict(number=c.number, complainant=c.complainant, unit=c.unit, phone=c.phone,
                            subject=c.subject, complaint_state=c.state, source=TaskSource.COMPLAINT.value)
            else:
                assert w is not None, "a revisit task without its complaint or work order"
                case = dict(number=w.number, complainant=w.client, unit=w.unit or w.location, phone=w.phone,
                            subject=w.subject, complaint_state=w.state, source=TaskSource.WORK_ORDER.value)
            views.append(RevisitTaskView(
                id=t.id, project_id=t.project_id, complaint_id=t.complaint_id, cycle=t.cycle,
                completed_at=t.completed_at, due_at=t.due_at, assignee=t.assignee, state=t.state, done_at=t.done_at,
                visitor=t.visitor, method=t.method, satisfaction=t.satisfaction, content=t.content,
                follow_up=t.follow_up, follow_up_number=numbers.get(t.follow_up_complaint_id or 0, ""), note=t.note,
                work_order_id=t.work_order_id, version=t.version, **case))  # type: ignore[arg-type]
        return views


def _pairs(result: Any) -> dict[Any, Any]:
    """Two-column query rows as a dict."""
    return {row[0]: row[1] for row in result}
