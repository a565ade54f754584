"""SQL of the revisits area: the task and opinion lists (filtered, sorted, paged in SQL) and the
counts behind the figures of a month or a year."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.complaint import Kind
from wuye_desktop.domain.revisit_figures import PeriodCounts
from wuye_desktop.domain.revisit_voice import OpinionFilter
from wuye_desktop.domain.revisits import (
    SATISFIED_VALUES,
    TASK_SORT_KEYS,
    TaskFilter,
    TaskSource,
    TaskState,
    TaskStatus,
)
from wuye_desktop.storage.complaint_queries import COUNT_CAP
from wuye_desktop.storage.complaint_queries import _search as complaint_search  # the case lists' own searches
from wuye_desktop.storage.models import ComplaintRow, ProjectRow
from wuye_desktop.storage.models_repairs import WorkOrderRow
from wuye_desktop.storage.models_revisits import OpinionRow, RevisitTaskRow
from wuye_desktop.storage.repair_queries import _search as work_order_search

# A task and the case it revisits: the complaint, or the work order (the other one is None).
TaskRecord = tuple[RevisitTaskRow, ComplaintRow | None, WorkOrderRow | None]


def _case_columns() -> dict[str, Any]:
    """The list's case columns over both sources (a task has exactly one of the two)."""
    c, w = ComplaintRow, WorkOrderRow
    return {"number": func.coalesce(c.number, w.number), "complainant": func.coalesce(c.complainant, w.client),
            "unit": func.coalesce(c.unit, func.nullif(w.unit, ""), w.location)}


def task_conditions(f: TaskFilter, now: datetime, dialect: str = "sqlite") -> list[ColumnElement[bool]]:
    t = RevisitTaskRow
    where: list[ColumnElement[bool]] = []
    text = f.search.strip()
    if f.project_id is not None:
        # A search finds its few tasks through the cases' ids; ``+ 0`` keeps SQLite from reading every
        # task of the project by ix_revisit_task_project_due instead.
        where.append((t.project_id + 0 if text else t.project_id) == f.project_id)
    if f.source == TaskSource.COMPLAINT.value:
        where.append(t.work_order_id.is_(None))
    elif f.source == TaskSource.WORK_ORDER.value:
        where.append(t.work_order_id.is_not(None))
    open_ = t.state == TaskState.OPEN.value
    if f.status == "未回访（含逾期）":
        where.append(open_)
    elif f.status == TaskStatus.OVERDUE.value:
        where.append(and_(open_, t.due_at < now))
    elif f.status == "未到期":
        where.append(and_(open_, t.due_at >= now))
    elif f.status == TaskState.DONE.value:
        where.append(t.state == TaskState.DONE.value)
    elif f.status == TaskStatus.LATE.value:
        # Literally the partial index's condition (ix_revisit_task_late): a bound parameter for 'done'
        # would keep SQLite from using it.
        where.append(and_(t.state == literal_column(f"'{TaskState.DONE.value}'"), t.done_at > t.due_at))
    elif f.status == TaskStatus.CANCELLED.value:
        where.append(t.state == TaskState.CANCELLED.value)
    if f.assignee:
        where.append(t.assignee == f.assignee)
    if f.due_from:
        where.append(t.due_at >= datetime.combine(f.due_from, time.min))
    if f.due_to:
        where.append(t.due_at < datetime.combine(f.due_to + timedelta(days=1), time.min))
    if text:
        # The case lists' own searches (pinyin initials, digits, Chinese text — each on its indexes), read
        # as sets of ids: no join of 160,000 tasks' cases to find a few hundred.
        where.append(or_(t.complaint_id.in_(select(ComplaintRow.id).where(complaint_search(text, dialect))),
                         t.work_order_id.in_(select(WorkOrderRow.id).where(work_order_search(text, dialect)))))
    return where


def _joined(stmt: Any) -> Any:
    return (stmt.outerjoin(ComplaintRow, ComplaintRow.id == RevisitTaskRow.complaint_id)
            .outerjoin(WorkOrderRow, WorkOrderRow.id == RevisitTaskRow.work_order_id))


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _task_select(f: TaskFilter, now: datetime, dialect: str) -> Select[RevisitTaskRow, ComplaintRow, WorkOrderRow]:
    stmt = _joined(select(RevisitTaskRow, ComplaintRow, WorkOrderRow))
    where = task_conditions(f, now, dialect)
    return stmt.where(*where) if where else stmt  # type: ignore[no-any-return]


def task_page(session: Session, f: TaskFilter, now: datetime, offset: int, limit: int) -> list[TaskRecord]:
    key = f.sort_key if f.sort_key in TASK_SORT_KEYS else "due_at"
    column = _case_columns().get(key)
    if column is None:
        column = getattr(RevisitTaskRow, key)
    order = column.desc() if f.descending else column.asc()
    tie = RevisitTaskRow.id.desc() if f.descending else RevisitTaskRow.id.asc()
    stmt = _task_select(f, now, _dialect(session))
    if key == "done_at":  # tasks not done yet go last either way
        stmt = stmt.order_by(RevisitTaskRow.done_at.is_(None).asc(), order, tie)
    else:
        stmt = stmt.order_by(order, tie)
    return [(task, complaint, order) for task, complaint, order in session.execute(stmt.offset(offset).limit(limit))]


def task_count(session: Session, f: TaskFilter, now: datetime) -> tuple[int, bool]:
    """(count, capped): read from the tasks alone (a search names its cases by id); a search counts at most
    COUNT_CAP + 1 rows, as the complaint list does."""
    where = task_conditions(f, now, _dialect(session))
    if f.search.strip():
        inner = select(RevisitTaskRow.id).where(*where).limit(COUNT_CAP + 1).subquery()
        n = session.scalar(select(func.count()).select_from(inner)) or 0
        return (min(n, COUNT_CAP), n > COUNT_CAP)
    stmt = select(func.count(RevisitTaskRow.id))
    return (session.scalar(stmt.where(*where) if where else stmt) or 0, False)


# --- opinions -------------------------------------------------------------------------------------

def opinion_conditions(f: OpinionFilter, now: datetime) -> list[ColumnElement[bool]]:
    o = OpinionRow
    where: list[ColumnElement[bool]] = []
    if f.project_id is not None:
        where.append(o.project_id == f.project_id)
    if f.year is not None:
        where.append(and_(o.heard_at >= datetime(f.year, 1, 1), o.heard_at < datetime(f.year + 1, 1, 1)))
    if f.source:
        where.append(o.source == f.source)
    if f.status == "未处理":
        where.append(o.handled_at.is_(None))
    elif f.status == "逾期未答复":
        where.append(and_(o.handled_at.is_(None), o.due_at < now))
    elif f.status == "已报主任":
        where.append(and_(o.handled_at.is_(None), o.reported_at.is_not(None)))
    elif f.status == "已处理":
        where.append(o.handled_at.is_not(None))
    elif f.status == "重大问题":
        where.append(o.major.is_(True))
    text = f.search.strip()
    if text:
        pattern = f"%{text}%"
        where.append(or_(o.content.like(pattern), o.unit.ilike(pattern), o.resident.like(pattern),
                         o.source_ref.ilike(pattern)))
    return where


def opinion_page(session: Session, f: OpinionFilter, now: datetime, offset: int, limit: int) -> list[OpinionRow]:
    stmt = select(OpinionRow)
    where = opinion_conditions(f, now)
    if where:
        stmt = stmt.where(*where)
    # Open items first, the most urgent on top; handled ones after, newest first.
    stmt = stmt.order_by(OpinionRow.handled_at.is_not(None).asc(), OpinionRow.due_at.is_(None).asc(),
                         OpinionRow.due_at.asc(), OpinionRow.heard_at.desc(), OpinionRow.id.desc())
    return list(session.scalars(stmt.offset(offset).limit(limit)))


def opinion_count(session: Session, f: OpinionFilter, now: datetime) -> int:
    stmt = select(func.count(OpinionRow.id))
    where = opinion_conditions(f, now)
    return session.scalar(stmt.where(*where) if where else stmt) or 0


# --- figures ----------------------------------------------------------------------------------------

REASONABLE_KINDS = (Kind.GENERAL.value, Kind.MAJOR.value)


def households(session: Session, project_id: int | None) -> int:
    if project_id is not None:
        return session.scalar(select(ProjectRow.households).where(ProjectRow.id == project_id)) or 0
    return session.scalar(select(func.coalesce(func.sum(ProjectRow.households), 0))
                          .where(ProjectRow.active.is_(True))) or 0


def period_counts(session: Session, start: datetime, end: datetime, project_id: int | None,
                  served: int) -> PeriodCounts:
    """The raw counts of [start, end) — see domain/revisit_figures.py for what each rate divides. The
    task counts take every task, complaints' and work orders' (a decision documented there)."""
    t, o, c = RevisitTaskRow, OpinionRow, ComplaintRow

    def scoped(stmt: Any, column: Any) -> Any:
        return stmt.where(column == project_id) if project_id is not None else stmt

    due = and_(t.due_at >= start, t.due_at < end, t.state != TaskState.CANCELLED.value)
    done = t.state == TaskState.DONE.value
    tasks = session.execute(scoped(select(
        func.count(t.id),
        func.coalesce(func.sum(_one_if(done)), 0),
        func.coalesce(func.sum(_one_if(and_(done, t.done_at <= t.due_at))), 0),
    ).where(due), t.project_id)).one()
    revisits = session.execute(scoped(select(
        func.count(t.id),
        func.coalesce(func.sum(_one_if(t.satisfaction.in_(sorted(SATISFIED_VALUES)))), 0),
    ).where(done, t.done_at >= start, t.done_at < end, t.satisfaction != ""), t.project_id)).one()
    opinions = session.execute(scoped(select(
        func.count(o.id),
        func.coalesce(func.sum(_one_if(o.handled_at.is_not(None))), 0),
    ).where(o.heard_at >= start, o.heard_at < end), o.project_id)).one()
    complaints = session.scalar(scoped(select(func.count(c.id)).where(
        c.received_at >= start, c.received_at < end, c.kind.in_(REASONABLE_KINDS), c.group_id.is_(None)),
        c.project_id)) or 0
    return PeriodCounts(
        tasks_due=int(tasks[0]), tasks_done=int(tasks[1]), tasks_on_time=int(tasks[2]),
        revisits_done=int(revisits[0]), revisits_satisfied=int(revisits[1]),
        opinions=int(opinions[0]), opinions_handled=int(opinions[1]),
        reasonable_complaints=int(complaints), households=served,
    )


def _one_if(condition: ColumnElement[bool]) -> Any:
    return case((condition, 1), else_=0)


def done_early(session: Session, cutoff: datetime, end: datetime, project_id: int | None) -> int:
    """Tasks due in [cutoff, end) already revisited: the analysis report counts them as due and done."""
    t = RevisitTaskRow
    stmt = select(func.count(t.id)).where(t.due_at >= cutoff, t.due_at < end, t.state == TaskState.DONE.value)
    if project_id is not None:
        stmt = stmt.where(t.project_id == project_id)
    return int(session.scalar(stmt) or 0)
