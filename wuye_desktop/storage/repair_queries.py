"""SQL for the work-order list: every filter, sort, search and page runs in the database.

Kept fast at 100,000 work orders (bench/bench_repairs.py), as the complaint list is: a page is read
in two steps — the ids of the page from a narrow covering index that starts with the receipt time
(ix_work_order_list_cover for filters, ix_work_order_search_cover for searches), then those rows
by primary key — so a filter or search never reads the wide rows it discards, for one project
or the whole company. The search reads by what the text looks like: letters are pinyin initials,
a work-order number is a prefix, digits are a phone or number, other text is part of a name,
unit, place or subject.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from wuye_desktop.domain.repairs import OPEN_ORDER_STATES, ORDER_SORT_KEYS, Urgency, WorkOrderFilter
from wuye_desktop.storage.models_repairs import WorkOrderRow

# Counting every substring match scans an index; beyond this many the count says 「超过」.
COUNT_CAP = 2_000
PHONE_DIGITS = 7
Text = ColumnElement[str] | InstrumentedAttribute[str]
_LAST_PAGE = "wuye_work_order_last_page"  # Session.info: the filter and size of the page just read


def _is_initials(text: str) -> bool:
    return text.isascii() and text.isalpha()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _prefix_range(column: Text, prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix`` as an index range (LIKE 'x%' uses no index in SQLite)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper, column.like(f"{_escape(prefix)}%", escape="\\"))


def _search(text: str, dialect: str) -> ColumnElement[bool]:
    w = WorkOrderRow
    pattern = f"%{_escape(text)}%"

    def contains(column: Text) -> ColumnElement[bool]:
        # SQLite's LIKE already ignores ASCII case; ILIKE would wrap both sides in lower(). Chinese
        # and digits have no case, so PostgreSQL too compares them with the cheaper LIKE.
        if dialect == "sqlite" or not any("a" <= ch.lower() <= "z" for ch in text):
            return column.like(pattern, escape="\\")
        return column.ilike(pattern, escape="\\")

    if _is_initials(text):
        return _prefix_range(w.client_initials, text.lower())
    if text.upper().startswith("BX-"):
        return _prefix_range(w.number, text.upper())
    if text.isascii():
        if text.isdigit() and len(text) >= PHONE_DIGITS:
            return or_(contains(w.phone), contains(w.number))
        return or_(contains(w.unit), contains(w.phone), contains(w.number), contains(w.location))
    return or_(contains(w.client), contains(w.unit), contains(w.subject), contains(w.location),
               contains(w.technician))


def conditions(f: WorkOrderFilter, now: datetime, dialect: str = "sqlite") -> list[ColumnElement[bool]]:
    w = WorkOrderRow
    where: list[ColumnElement[bool]] = []
    text = f.search.strip()
    if f.project_id is not None:
        if text:
            # A search reads the search covering index, which holds the project too; ``+ 0`` keeps
            # SQLite's planner from walking the project's index and fetching every row instead.
            where.append(w.project_id + 0 == f.project_id)
        else:
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
    if text:
        where.append(_search(text, dialect))
    return where


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _order(f: WorkOrderFilter) -> list[ColumnElement[object]]:
    key = f.sort_key if f.sort_key in ORDER_SORT_KEYS else "received_at"
    column = getattr(WorkOrderRow, key)
    tie = WorkOrderRow.id.desc() if f.descending else WorkOrderRow.id.asc()
    return [column.desc() if f.descending else column.asc(), tie]


def page_ids(session: Session, f: WorkOrderFilter, now: datetime, offset: int, limit: int) -> list[int]:
    where = conditions(f, now, _dialect(session))
    key = f.sort_key if f.sort_key in ORDER_SORT_KEYS else "received_at"
    if key in ("next_due_at", "completed_at"):
        ids = _ids_nulls_last(session, f, key, where, offset, limit)
    else:
        ids = list(session.scalars(select(WorkOrderRow.id).where(*where).order_by(*_order(f))
                                   .offset(offset).limit(limit)))
    # A first page that is not full holds every match: count() then needs no second scan.
    session.info[_LAST_PAGE] = (f, now, len(ids)) if offset == 0 and len(ids) < limit else None
    return ids


def _ids_nulls_last(session: Session, f: WorkOrderFilter, key: str, where: list[ColumnElement[bool]],
                    offset: int, limit: int) -> list[int]:
    """Sorted by a time that may be empty, empty ones last: two index-ordered parts instead of a sort."""
    w = WorkOrderRow
    column = getattr(w, key)
    with_value = select(w.id).where(*where, column.is_not(None))
    ids = list(session.scalars(with_value.order_by(*_order(f)).offset(offset).limit(limit)))
    if len(ids) == limit:
        return ids
    skipped = 0 if ids or offset == 0 else session.scalar(select(func.count()).select_from(with_value.subquery())) or 0
    # coalesce(): "is empty" must not pick the time's own index, which would sort every row it finds.
    rest = select(w.id).where(*where, func.coalesce(column, None).is_(None)).order_by(w.received_at.desc(),
                                                                                      w.id.desc())
    return ids + list(session.scalars(rest.offset(max(offset - skipped, 0) if not ids else 0).limit(limit - len(ids))))


def page(session: Session, f: WorkOrderFilter, now: datetime, offset: int, limit: int) -> list[WorkOrderRow]:
    ids = page_ids(session, f, now, offset, limit)
    if not ids:
        return []
    by_id = {r.id: r for r in session.scalars(select(WorkOrderRow).where(WorkOrderRow.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]


def count(session: Session, f: WorkOrderFilter, now: datetime) -> tuple[int, bool]:
    """(count, capped): a substring search counts at most COUNT_CAP + 1 rows."""
    last = session.info.pop(_LAST_PAGE, None)
    if last is not None and last[0] == f and last[1] == now:
        return (last[2], False)
    where = conditions(f, now, _dialect(session))
    text = f.search.strip()
    if text and not _is_initials(text) and not text.upper().startswith("BX-"):
        inner = select(WorkOrderRow.id).where(*where).limit(COUNT_CAP + 1).subquery()
        n = session.scalar(select(func.count()).select_from(inner)) or 0
        return (min(n, COUNT_CAP), n > COUNT_CAP)
    stmt = select(func.count()).select_from(WorkOrderRow)
    if where:
        stmt = stmt.where(*where)
    return (session.scalar(stmt) or 0, False)
