"""The clerk's first screen (工作台): today's deadlines across every module, live emergencies,
certificates running out, the month's KPI tiles against their goals and two charts — gathered
from the areas' own services in one call that the GUI runs off its thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, Callable

from sqlalchemy import ColumnElement, func, select

from wuye_desktop.domain.analysis import METRICS, Metric, Period, TrendItem, repairs_have_data
from wuye_desktop.domain.complaint import OPEN_STATES
from wuye_desktop.domain.deadlines import RULES_BY_STEP
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.domain.repairs import TaskState as PlanTaskState
from wuye_desktop.domain.repairs import WorkOrderFilter
from wuye_desktop.domain.revisits import TaskFilter
from wuye_desktop.domain.stats import WHOLE_COMPANY
from wuye_desktop.services.analysis import AnalysisService
from wuye_desktop.services.complaints import ComplaintService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage.models import ComplaintRow
from wuye_desktop.storage.uow import UowFactory

REVISIT_STEP_LABEL = RULES_BY_STEP["revisit"].label
LIST_LIMIT = 200       # rows per module; the counts say how many there are in all
EXPIRY_DAYS = 30       # certificates running out within a month (domain/archives.py DEFAULT_REMINDER_DAYS)
EXPIRED_DAYS = 30      # and those already run out in the last month

# What a list item or tile opens (the main window turns these into tabs and records).
COMPLAINT, REVISIT_TASK, PLAN_TASK, WORK_ORDER, FORM_RECORD = (
    "complaint", "revisit_task", "plan_task", "work_order", "form_record")
TAB_COMPLAINTS, TAB_REVISITS, TAB_REPAIRS = "tab:complaints", "tab:revisits", "tab:repairs"


@dataclass(frozen=True)
class DueItem:
    """One deadline of today (or already missed) in any module."""

    kind: str           # COMPLAINT, REVISIT_TASK …: what opening it opens
    id: int
    module: str         # 投诉 / 回访 / 保养计划 / 维修工单 / 证件
    number: str
    subject: str
    step: str           # the step due: 派单, 回访, 保养, 停车证到期 …
    due_at: datetime
    overdue: bool
    status: str = ""    # a fixed status (a certificate's 「已过期3天」 counts whole days)

    def status_text(self, now: datetime) -> str:
        return self.status or remaining_text(self.due_at, now)


def remaining_text(due: datetime, now: datetime) -> str:
    """「已逾期2小时」, 「今天17:00到期」, 「还有3天」 — what the clerk reads in the list."""
    seconds = (due - now).total_seconds()
    if seconds < 0:
        late = -seconds
        if late < 3600:
            return f"已逾期{max(1, int(late // 60))}分钟"
        if late < 86400:
            return f"已逾期{int(late // 3600)}小时"
        return f"已逾期{int(late // 86400)}天"
    if due.date() == now.date():
        return f"今天{due:%H:%M}到期"
    days = (due.date() - now.date()).days
    return "明天到期" if days == 1 else f"还有{days}天"


@dataclass(frozen=True)
class ModuleCount:
    module: str
    overdue: int
    today: int


@dataclass(frozen=True)
class Tile:
    """A KPI of the month with its goal; ``met`` is None when there is nothing to judge."""

    key: str
    label: str
    value: float | None
    text: str
    detail: str
    goal: str
    met: bool | None
    opens: str          # TAB_*


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    scope: str
    month: Period
    deadlines: tuple[DueItem, ...]        # overdue first (oldest first), then today's
    counts: tuple[ModuleCount, ...]
    emergencies: tuple[DueItem, ...]      # live major cases with the next step of their ladder
    expiring: tuple[DueItem, ...] | None  # None: the archives area offers no expiry reminders
    tiles: tuple[Tile, ...]
    categories: tuple[tuple[str, int], ...]
    trend: tuple[TrendItem, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def month_empty(self) -> bool:
        return not any(count for _, count in self.categories)


class DashboardService:
    def __init__(self, uow: UowFactory, clock: Clock, settings: SettingsService, complaints: ComplaintService,
                 analysis: AnalysisService, revisits: Any = None, repairs: Any = None,
                 reminders: Callable[..., list[Any]] | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings
        self._complaints = complaints
        self._analysis = analysis
        self._revisits = revisits
        self._repairs = repairs
        self._reminders = reminders

    def load(self, project_id: int | None = None) -> Dashboard:
        now = self._clock()
        today = now.date()
        end_of_today = datetime.combine(today + timedelta(days=1), time.min)
        scope = self._settings.project(project_id).name if project_id is not None else WHOLE_COMPANY
        items: list[DueItem] = []
        counts: list[ModuleCount] = []
        for module, fn in (("投诉", self._complaint_items), ("回访", self._revisit_items),
                           ("维修工单", self._order_items), ("保养计划", self._plan_items)):
            found = fn(project_id, now, end_of_today)
            if found is None:
                continue
            listed, overdue, due_today = found
            items += listed
            counts.append(ModuleCount(module, overdue, due_today))
        items.sort(key=lambda i: (not i.overdue, i.due_at, i.module, i.number))
        expiring = self._expiring(project_id, now)
        month = Period.month_of(today)
        overview = self._analysis.overview(month, project_id)
        notes = [] if expiring is not None else ["客户档案模块尚未提供证件到期提醒，暂不列出。"]
        return Dashboard(
            now=now, scope=scope, month=month, deadlines=tuple(items), counts=tuple(counts),
            emergencies=self._emergencies(project_id, now), expiring=expiring,
            tiles=self._tiles(overview.figures), categories=tuple(
                (r.label, r.counts.received) for r in sorted(overview.categories,
                                                             key=lambda r: (-r.counts.received, r.label))),
            trend=overview.trend, notes=tuple(notes))

    # --- deadlines ------------------------------------------------------------------------------------
    def _complaint_items(self, project_id: int | None, now: datetime,
                         end: datetime) -> tuple[list[DueItem], int, int]:
        """Open complaints whose next step is overdue or due before midnight (篇2 §1–§8)."""
        f = ComplaintFilter(project_id=project_id, open_only=True, sort_key="next_due_at", descending=False)
        rows = self._complaints.page(f, 0, LIST_LIMIT, with_total=False).rows
        # A case waiting for its revisit is listed once, as the revisit task (篇2 §5), when that list exists.
        skip = REVISIT_STEP_LABEL if self._revisits is not None else None
        items = [DueItem(COMPLAINT, r.id, "投诉", r.number, f"{r.unit} {r.subject}", r.next_due_step,
                         r.next_due_at, r.next_due_at < now)
                 for r in rows if r.next_due_at is not None and r.next_due_at < end and r.next_due_step != skip]
        c = ComplaintRow
        with self._uow() as uow:
            where: list[ColumnElement[bool]] = [c.state.in_([s.value for s in OPEN_STATES]),
                                                c.next_due_at.is_not(None)]
            if skip is not None:
                where.append(c.next_due_step != skip)
            if project_id is not None:
                where.append(c.project_id == project_id)
            overdue = uow.session.scalar(select(func.count()).where(*where, c.next_due_at < now)) or 0
            today = uow.session.scalar(select(func.count()).where(*where, c.next_due_at >= now,
                                                                   c.next_due_at < end)) or 0
        return items, int(overdue), int(today)

    def _revisit_items(self, project_id: int | None, now: datetime,
                       end: datetime) -> tuple[list[DueItem], int, int] | None:
        """Revisits due by the end of today and not made (2 working days, 篇2 §5)."""
        if self._revisits is None:
            return None
        today = now.date()
        f = TaskFilter(project_id=project_id, status="未回访（含逾期）", due_to=today, sort_key="due_at")
        page = self._revisits.page(f, 0, LIST_LIMIT)
        items = [DueItem(REVISIT_TASK, t.id, "回访", t.number, f"{t.unit} {t.subject}", "回访", t.due_at,
                         t.due_at < now) for t in page.rows]
        overdue = self._revisits.page(f.with_(status="逾期未回访"), 0, 1).total
        return items, int(overdue), int(page.total - overdue)

    def _order_items(self, project_id: int | None, now: datetime,
                     end: datetime) -> tuple[list[DueItem], int, int] | None:
        """Open work orders whose next step is overdue or due today (repairs area)."""
        if self._repairs is None:
            return None
        f = WorkOrderFilter(project_id=project_id, open_only=True, sort_key="next_due_at", descending=False)
        rows = self._repairs.orders.page(f, 0, LIST_LIMIT, with_total=False).rows
        # A work order waiting for its revisit is listed once, as its revisit task (issue 5), like a complaint —
        # unless it has none yet (a database from before, not synced): then as the work order's step.
        waiting = [r.id for r in rows if r.next_due_step == REVISIT_STEP_LABEL]
        tasked = self._revisits.orders_with_open_tasks(waiting) if self._revisits is not None and waiting else set()
        items = [DueItem(WORK_ORDER, r.id, "维修工单", r.number, f"{r.unit or r.location} {r.subject}",
                         r.next_due_step, r.next_due_at, r.next_due_at < now)
                 for r in rows if r.next_due_at is not None and r.next_due_at < end and r.id not in tasked]
        overdue = sum(1 for i in items if i.overdue)
        return items, overdue, len(items) - overdue

    def _plan_items(self, project_id: int | None, now: datetime,
                    end: datetime) -> tuple[list[DueItem], int, int] | None:
        """Maintenance tasks scheduled today or overdue and not done (篇1)."""
        if self._repairs is None:
            return None
        plans = self._repairs.plans
        late = plans.tasks(project_id, end=now.date(), states=(PlanTaskState.OVERDUE,), limit=LIST_LIMIT)
        due = [t for t in plans.tasks(project_id, start=now.date(), end=now.date())
               if t.done_at is None and t.due_at >= now]
        items = [DueItem(PLAN_TASK, t.id, "保养计划", t.plan_name, t.devices_text or t.content, t.plan_kind,
                         t.due_at, t.due_at < now) for t in (*late, *due)]
        return items, len(late), len(due)

    def _emergencies(self, project_id: int | None, now: datetime) -> tuple[DueItem, ...]:
        """Live major cases (篇2 §6–7), each with the next step of its reporting ladder still to do."""
        items = []
        for e in self._complaints.emergencies(project_id):
            todo = [s for s in e.steps if s.done_at is None]
            step = min(todo, key=lambda s: s.due_at or datetime.max) if todo else None
            due = step.due_at if step is not None and step.due_at is not None else e.received_at
            items.append(DueItem(COMPLAINT, e.id, "突发事件", e.number, f"{e.unit} {e.category} {e.subject}",
                                 step.label if step is not None else "处理中", due, due < now))
        return tuple(items)

    def _expiring(self, project_id: int | None, now: datetime) -> tuple[DueItem, ...] | None:
        """Permits and cards running out (client archives, 篇3): soonest first."""
        if self._reminders is None:
            return None
        found = self._reminders(project_id, within_days=EXPIRY_DAYS, include_expired_days=EXPIRED_DAYS)
        items = []
        for r in found:
            due = datetime.combine(r.expires_on, time(23, 59, 59))
            items.append(DueItem(FORM_RECORD, r.record_id, "证件", r.subject or r.form_title,
                                 " ".join(x for x in (r.unit_text, r.client_text) if x), f"{r.what}到期", due,
                                 due < now, r.text))
        return tuple(items)

    # --- tiles -----------------------------------------------------------------------------------------
    @staticmethod
    def _tiles(figures: Any) -> tuple[Tile, ...]:
        values = figures.values()
        c = figures.complaints

        def tile(key: str, opens: str, detail: str, label: str | None = None) -> Tile:
            m: Metric = METRICS[key]
            value = values.get(key)
            goal = m.goal.text if m.goal else ""
            return Tile(key, label or m.label, value, m.format(value), detail, goal,
                        m.goal.met(value) if m.goal else None, opens)

        revisit = figures.revisit.counts if figures.revisit else None
        repairs = figures.repairs
        received = METRICS["received"]
        return (
            Tile("received", "本月受理投诉", values.get("received"), received.format(values.get("received")),
                 f"合理化建议 {figures.suggestions} 宗" if not figures.empty else "本月尚无投诉", "", None,
                 TAB_COMPLAINTS),
            tile("on_time_rate", TAB_COMPLAINTS, f"按时 {c.on_time}／完成 {c.completed}"),
            tile("overdue_cases", TAB_COMPLAINTS, "本月受理的超时案件"),
            tile("revisit_rate", TAB_REVISITS,
                 f"已回访 {revisit.tasks_done}／到期 {revisit.tasks_due}" if revisit else ""),
            tile("effective_rate", TAB_REVISITS,
                 f"有效投诉 {revisit.reasonable_complaints}／{revisit.households} 户" if revisit else ""),
            tile("intact_rate", TAB_REPAIRS,
                 f"完好 {repairs.devices_intact}／在用 {repairs.devices_in_service} 台"
                 if repairs is not None and repairs_have_data(repairs) else "无设备数据"),
        )

