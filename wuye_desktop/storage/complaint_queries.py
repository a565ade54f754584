"""SQL for complaint lists: every filter, sort, search and page runs in the database."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.complaint import OPEN_STATES
from wuye_desktop.domain.listing import SORT_KEYS, ComplaintFilter
from wuye_desktop.storage.models import ComplaintRow

# Counting every substring match scans the table; beyond this many the count says 「超过」.
COUNT_CAP = 10_000


def _is_initials(text: str) -> bool:
    return text.isascii() and text.isalpha()


def conditions(f: ComplaintFilter, now: datetime) -> list[ColumnElement[bool]]:
    c = ComplaintRow
    where: list[ColumnElement[bool]] = []
    if f.project_id is not None:
        where.append(c.project_id == f.project_id)
    if f.states:
        where.append(c.state.in_(f.states))
    if f.open_only:
        where.append(c.state.in_([s.value for s in OPEN_STATES]))
    if f.kind:
        where.append(c.kind == f.kind)
    if f.category:
        where.append(c.category == f.category)
    if f.department:
        where.append(c.department == f.department)
    if f.first_responder:
        where.append(c.first_responder == f.first_responder)
    if f.received_from:
        where.append(c.received_at >= datetime.combine(f.received_from, time.min))
    if f.received_to:
        where.append(c.received_at < datetime.combine(f.received_to + timedelta(days=1), time.min))
    if f.overdue_only:
        where.append(or_(c.has_late.is_(True), c.next_due_at < now))
    if f.due_within_hours is not None:
        where.append(and_(c.next_due_at >= now,
                          c.next_due_at <= now + timedelta(hours=f.due_within_hours)))
    if f.emergency_only:
        where.append(c.emergency_active.is_(True))
    text = f.search.strip()
    if text:
        if _is_initials(text):
            # Pinyin initials (zs → 张三) use the stored key's index; a unit like "a12" stays a substring.
            where.append(or_(c.complainant_initials.like(f"{text.lower()}%"),
                             c.unit.ilike(f"%{text}%"), c.number.ilike(f"%{text}%")))
        elif text.isdigit() and len(text) >= 7:
            where.append(or_(c.phone.like(f"%{text}%"), c.number.like(f"%{text}%")))
        else:
            pattern = f"%{text}%"
            where.append(or_(c.complainant.like(pattern), c.unit.ilike(pattern), c.phone.like(pattern),
                             c.subject.like(pattern), c.number.ilike(pattern)))
    return where


def filtered(f: ComplaintFilter, now: datetime) -> Select[tuple[ComplaintRow]]:
    stmt = select(ComplaintRow)
    where = conditions(f, now)
    if where:
        stmt = stmt.where(*where)
    key = f.sort_key if f.sort_key in SORT_KEYS else "received_at"
    column = getattr(ComplaintRow, key)
    order = column.desc() if f.descending else column.asc()
    if key == "next_due_at":
        order = column.is_(None).asc(), order  # type: ignore[assignment]
        return stmt.order_by(*order, ComplaintRow.id.desc())  # type: ignore[arg-type]
    return stmt.order_by(order, ComplaintRow.id.desc() if f.descending else ComplaintRow.id.asc())


def page(session: Session, f: ComplaintFilter, now: datetime, offset: int, limit: int) -> list[ComplaintRow]:
    return list(session.scalars(filtered(f, now).offset(offset).limit(limit)))


def count(session: Session, f: ComplaintFilter, now: datetime) -> tuple[int, bool]:
    """(count, capped): a free-text search counts at most COUNT_CAP + 1 rows."""
    where = conditions(f, now)
    if f.search.strip() and not _is_initials(f.search.strip()):
        inner = select(ComplaintRow.id).where(*where).limit(COUNT_CAP + 1).subquery()
        n = session.scalar(select(func.count()).select_from(inner)) or 0
        return (min(n, COUNT_CAP), n > COUNT_CAP)
    stmt = select(func.count(ComplaintRow.id))
    if where:
        stmt = stmt.where(*where)
    return (session.scalar(stmt) or 0, False)
