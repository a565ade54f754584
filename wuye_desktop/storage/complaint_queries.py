"""SQL for complaint lists: every filter, sort, search and page runs in the database.

Kept fast at office scale (300,000 complaints, see bench/bench_complaints.py): a page is fetched
in two steps — the ids of the page from a narrow covering index (ix_complaint_list_cover /
ix_complaint_search_cover, migration 0002), then those rows by primary key — so a filter or a
search never reads the wide complaint rows it discards. Counts read the same indexes only.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, func, or_, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.complaint import OPEN_STATES
from wuye_desktop.domain.listing import SORT_KEYS, ComplaintFilter
from wuye_desktop.storage.models import ComplaintRow

# Counting every substring match scans an index; beyond this many the count says 「超过」 — a
# clerk narrows a search with more matches than this, and counting them all would cost a scan.
COUNT_CAP = 2_000

# Session.info key: the filter and size of the page just read (see page_ids).
_LAST_PAGE = "wuye_complaint_last_page"

# Numbers from this many digits on are phone numbers (or parts of case numbers).
PHONE_DIGITS = 7


def _is_initials(text: str) -> bool:
    return text.isascii() and text.isalpha()


def _prefix_range(column: SQLColumnExpression[str], prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix`` as an index range (LIKE 'x%' uses no index in SQLite)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper, column.like(f"{_escape(prefix)}%", escape="\\"))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search(text: str, dialect: str) -> ColumnElement[bool]:
    """What a search text means, chosen by what it looks like so each search reads few columns:
    letters are pinyin initials (zs → 张三), digits are a phone, a unit or a case number, and any
    other text (Chinese) is part of a name, a unit or a subject."""
    c = ComplaintRow
    pattern = f"%{_escape(text)}%"
    has_letters = any(ch.isascii() and ch.isalpha() for ch in text)

    def contains(column: SQLColumnExpression[str]) -> ColumnElement[bool]:
        if dialect != "sqlite":
            return column.ilike(pattern, escape="\\")
        if not has_letters:
            # Nothing to fold: instr() is a third faster than LIKE over a whole index scan.
            return func.instr(column, text) > 0
        # SQLite's LIKE already ignores ASCII case; ILIKE would wrap both sides in lower().
        return column.like(pattern, escape="\\")

    if _is_initials(text):
        return _prefix_range(c.complainant_initials, text.lower())
    if text.isascii():
        if text.isdigit() and len(text) >= PHONE_DIGITS:
            return or_(contains(c.phone), contains(c.number))
        # 1203, A12, HY-2026-00012, 0755-2688…
        return or_(contains(c.unit), contains(c.phone), contains(c.number))
    return or_(contains(c.complainant), contains(c.unit), contains(c.subject))


def conditions(f: ComplaintFilter, now: datetime, dialect: str = "sqlite") -> list[ColumnElement[bool]]:
    c = ComplaintRow
    where: list[ColumnElement[bool]] = []
    text = f.search.strip()
    if f.project_id is not None:
        if _is_initials(text):
            # Without statistics SQLite's planner prefers ``project_id = ?`` to the initials range,
            # which is far narrower; ``+ 0`` keeps the project test but off the index.
            where.append(c.project_id + 0 == f.project_id)
        else:
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
    if text:
        where.append(_search(text, dialect))
    return where


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _order(f: ComplaintFilter) -> list[ColumnElement[object]]:
    key = f.sort_key if f.sort_key in SORT_KEYS else "received_at"
    column = getattr(ComplaintRow, key)
    order = column.desc() if f.descending else column.asc()
    if key == "next_due_at":
        # Cases without a next deadline (closed, waiting) go last whatever the direction.
        return [column.is_(None).asc(), order, ComplaintRow.id.desc()]
    return [order, ComplaintRow.id.desc() if f.descending else ComplaintRow.id.asc()]


def filtered(f: ComplaintFilter, now: datetime, dialect: str = "sqlite") -> Select[Any]:
    stmt = select(ComplaintRow)
    where = conditions(f, now, dialect)
    if where:
        stmt = stmt.where(*where)
    return stmt.order_by(*_order(f))


def page_ids(session: Session, f: ComplaintFilter, now: datetime, offset: int, limit: int) -> list[int]:
    """The ids of one page, read from the covering indexes without touching the rows."""
    where = conditions(f, now, _dialect(session))
    if f.sort_key == "next_due_at":
        ids = _ids_by_next_due(session, f, where, offset, limit)
    else:
        stmt = select(ComplaintRow.id).where(*where).order_by(*_order(f)).offset(offset).limit(limit)
        ids = list(session.scalars(stmt))
    # A first page that is not full holds every match: count() then needs no second scan.
    session.info[_LAST_PAGE] = (f, now, len(ids)) if offset == 0 and len(ids) < limit else None
    return ids


def _ids_by_next_due(session: Session, f: ComplaintFilter, where: list[ColumnElement[bool]],
                     offset: int, limit: int) -> list[int]:
    """Sorted by the next deadline, cases without one last: read as two index-ordered parts
    (ix_complaint_project_next_due, then the rest by id) instead of sorting every row."""
    c = ComplaintRow
    due = c.next_due_at.desc() if f.descending else c.next_due_at.asc()
    with_due = select(c.id).where(*where, c.next_due_at.is_not(None))
    ids = list(session.scalars(with_due.order_by(due, c.id.desc()).offset(offset).limit(limit)))
    if len(ids) == limit:
        return ids
    skipped = 0 if ids or offset == 0 else session.scalar(
        select(func.count()).select_from(with_due.subquery())) or 0
    rest = select(c.id).where(*where, c.next_due_at.is_(None)).order_by(c.id.desc())
    return ids + list(session.scalars(rest.offset(max(offset - skipped, 0) if not ids else 0)
                                      .limit(limit - len(ids))))


def page(session: Session, f: ComplaintFilter, now: datetime, offset: int, limit: int) -> list[ComplaintRow]:
    ids = page_ids(session, f, now, offset, limit)
    if not ids:
        return []
    by_id = {r.id: r for r in session.scalars(select(ComplaintRow).where(ComplaintRow.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]


def count(session: Session, f: ComplaintFilter, now: datetime) -> tuple[int, bool]:
    """(count, capped): a substring search counts at most COUNT_CAP + 1 rows."""
    last = session.info.pop(_LAST_PAGE, None)
    if last is not None and last[0] == f and last[1] == now:
        return (last[2], False)
    where = conditions(f, now, _dialect(session))
    text = f.search.strip()
    if text and not _is_initials(text):
        inner = select(ComplaintRow.id).where(*where).limit(COUNT_CAP + 1).subquery()
        n = session.scalar(select(func.count()).select_from(inner)) or 0
        return (min(n, COUNT_CAP), n > COUNT_CAP)
    stmt = select(func.count()).select_from(ComplaintRow)
    if where:
        stmt = stmt.where(*where)
    return (session.scalar(stmt) or 0, False)
