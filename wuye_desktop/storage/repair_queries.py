"""SQL for the work-order list: every filter, sort, search and page runs in the database."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.repairs import OPEN_ORDER_STATES, ORDER_SORT_KEYS, Urgency, WorkOrderFilter
from wuye_desktop.storage.models_repairs import WorkOrderRow

# Counting every substring match scans the table; beyond this many the count says 「超过」.
COUNT_CAP = 10_000


def _is_initials(text: str) -> bool:
    return text.isascii() and text.isalpha()


def conditions(f: WorkOrderFilter, now: datetime) -> list[ColumnElement[bool]]:
    w = WorkOrderRow
    where: list[ColumnElement[bool]] = []
    if f.project_id is not None:
        where.append(w.project_id == f.project_id)
    if f.states:
        where.append(w.state.in_(f.states))
    if f.open_only:
        where.append(w.state.in_([s.value for s in OPEN_ORDER_STATES]))
    if f.overdue_only:
        where.append(or_(w.has_late.is_(True), w.next_due_at < now))
    if f.urgent_only:
        where.append(w.urgency == Urgency.URGENT.value)
    if f.technician:
        where.append(w.technician == f.technician)
    if f.category:
        where.append(w.category == f.category)
    if f.source:
        where.append(w.source == f.source)
    if f.device_id is not None:
        where.append(w.device_id == f.device_id)
    if f.unit:
        where.append(w.unit == f.unit)
    if f.received_from:
        where.append(w.received_at >= datetime.combine(f.received_from, time.min))
    if f.received_to:
        where.append(w.received_at < datetime.combine(f.received_to + timedelta(days=1), time.min))
    text = f.search.strip()
    if text:
        if _is_initials(text):
            # Pinyin initials (zs → 张三) use the stored key's index; a unit like "a12" stays a substring.
            where.append(or_(w.client_initials.like(f"{text.lower()}%"), w.unit.ilike(f"%{text}%"),
                             w.number.ilike(f"%{text}%")))
        elif text.isdigit() and len(text) >= 7:
            where.append(or_(w.phone.like(f"%{text}%"), w.number.like(f"%{text}%")))
        else:
            pattern = f"%{text}%"
            where.append(or_(w.client.like(pattern), w.unit.ilike(pattern), w.phone.like(pattern),
                             w.subject.like(pattern), w.number.ilike(pattern), w.location.like(pattern),
                             w.technician.like(pattern)))
    return where


def filtered(f: WorkOrderFilter, now: datetime) -> Select[tuple[WorkOrderRow]]:
    stmt = select(WorkOrderRow)
    where = conditions(f, now)
    if where:
        stmt = stmt.where(*where)
    key = f.sort_key if f.sort_key in ORDER_SORT_KEYS else "received_at"
    column = getattr(WorkOrderRow, key)
    order = column.desc() if f.descending else column.asc()
    tie = WorkOrderRow.id.desc() if f.descending else WorkOrderRow.id.asc()
    if key in ("next_due_at", "completed_at"):
        return stmt.order_by(column.is_(None).asc(), order, tie)
    return stmt.order_by(order, tie)


def page(session: Session, f: WorkOrderFilter, now: datetime, offset: int, limit: int) -> list[WorkOrderRow]:
    return list(session.scalars(filtered(f, now).offset(offset).limit(limit)))


def count(session: Session, f: WorkOrderFilter, now: datetime) -> tuple[int, bool]:
    """(count, capped): a free-text search counts at most COUNT_CAP + 1 rows."""
    where = conditions(f, now)
    if f.search.strip() and not _is_initials(f.search.strip()):
        inner = select(WorkOrderRow.id).where(*where).limit(COUNT_CAP + 1).subquery()
        n = session.scalar(select(func.count()).select_from(inner)) or 0
        return (min(n, COUNT_CAP), n > COUNT_CAP)
    stmt = select(func.count(WorkOrderRow.id))
    if where:
        stmt = stmt.where(*where)
    return (session.scalar(stmt) or 0, False)
