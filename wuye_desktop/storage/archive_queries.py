"""SQL for the archive lists: clients, units and each registration form's records, filtered and paged in SQL.

A search reads the list's covering index (ix_archive_client_search, ix_form_record_list: the search text
sits beside the ids), so even a substring search over a form's 30,000 records or 50,000 clients reads
one narrow index, then only the page's rows by key (bench/bench_archives.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from wuye_desktop.domain.archives import ClientQuery, RecordQuery, UnitQuery
from wuye_desktop.domain.archives import search_terms as arc_terms
from wuye_desktop.storage.models_archives import ClientRow, FormRecordRow, OccupancyRow, UnitRow

# Counting every substring match reads the whole index range; past this many the list says 「超过」.
COUNT_CAP = 5_000


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: ColumnElement[str], text: str, dialect: str) -> ColumnElement[bool]:
    """Substring match; search texts are stored lower-case so ASCII case never matters."""
    pattern = f"%{escape_like(text.lower())}%"
    return column.like(pattern, escape="\\")


__all__ = ["ClientQuery", "RecordQuery", "UnitQuery", "client_count", "client_page", "record_count", "record_ids",
           "record_page", "unit_statement"]


def client_conditions(q: ClientQuery, dialect: str) -> list[ColumnElement[bool]]:
    c = ClientRow
    where: list[ColumnElement[bool]] = []
    if q.project_id is not None:
        where.append(c.project_id == q.project_id)
    if q.kind:
        where.append(c.kind == q.kind)
    for term in arc_terms(q.search):
        where.append(contains(c.search_text, term, dialect))
    if q.state and q.today is not None:
        live = exists().where(OccupancyRow.client_id == c.id,
                              or_(OccupancyRow.move_out.is_(None), OccupancyRow.move_out > q.today))
        any_stay = exists().where(OccupancyRow.client_id == c.id)
        if q.state == "在住":
            where.append(live)
        elif q.state == "退场":
            where.append(and_(any_stay, ~live))
        elif q.state == "无房屋":
            where.append(~any_stay)
    return where


def client_page(s: Session, q: ClientQuery, offset: int, limit: int) -> list[ClientRow]:
    dialect = s.get_bind().dialect.name
    ids = list(s.scalars(select(ClientRow.id).where(*client_conditions(q, dialect))
                         .order_by(ClientRow.id.desc()).offset(offset).limit(limit)))
    if not ids:
        return []
    rows = {r.id: r for r in s.scalars(select(ClientRow).where(ClientRow.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def client_count(s: Session, q: ClientQuery) -> tuple[int, bool]:
    dialect = s.get_bind().dialect.name
    inner = select(ClientRow.id).where(*client_conditions(q, dialect))
    if not q.search.strip():
        return s.scalar(select(func.count()).select_from(inner.subquery())) or 0, False
    total = s.scalar(select(func.count()).select_from(inner.limit(COUNT_CAP + 1).subquery())) or 0
    return min(total, COUNT_CAP), total > COUNT_CAP


def unit_statement(q: UnitQuery) -> Select[Any]:
    u = UnitRow
    stmt = select(u)
    if q.project_id is not None:
        stmt = stmt.where(u.project_id == q.project_id)
    if q.building:
        stmt = stmt.where(u.building == q.building)
    if q.kind:
        stmt = stmt.where(u.kind == q.kind)
    for term in arc_terms(q.search):
        pattern = f"%{escape_like(term.upper())}%"
        stmt = stmt.where(or_(u.unit_key.like(pattern, escape="\\"), u.label.like(f"%{escape_like(term)}%",
                                                                                   escape="\\")))
    if q.vacant_only and q.today is not None:
        stmt = stmt.where(~exists().where(OccupancyRow.unit_id == u.id, or_(OccupancyRow.move_out.is_(None),
                                                                          OccupancyRow.move_out > q.today)))
    # 一户一档 files are ordered by building, floor, room.
    return stmt.order_by(u.project_id, u.building, u.floor, u.room)


def record_conditions(q: RecordQuery, dialect: str) -> list[ColumnElement[bool]]:
    r = FormRecordRow
    where: list[ColumnElement[bool]] = [r.form_number == q.form_number]
    if q.project_id is not None:
        where.append(r.project_id == q.project_id)
    if q.unit_id is not None:
        where.append(r.unit_id == q.unit_id)
    if q.client_id is not None:
        where.append(r.client_id == q.client_id)
    if q.registered_from is not None:
        where.append(r.registered_on >= q.registered_from)
    if q.registered_to is not None:
        where.append(r.registered_on <= q.registered_to)
    if q.expiring_before is not None:
        where.append(and_(r.expires_on.is_not(None), r.expires_on <= q.expiring_before))
    for term in arc_terms(q.search):
        where.append(contains(r.search_text, term, dialect))
    return where


def record_ids(s: Session, q: RecordQuery, offset: int, limit: int | None) -> list[int]:
    """Newest first; the ids come from ix_form_record_list alone."""
    dialect = s.get_bind().dialect.name
    stmt = select(FormRecordRow.id).where(*record_conditions(q, dialect)).order_by(FormRecordRow.id.desc())
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(s.scalars(stmt))


def record_page(s: Session, q: RecordQuery, offset: int, limit: int) -> list[FormRecordRow]:
    ids = record_ids(s, q, offset, limit)
    if not ids:
        return []
    rows = {r.id: r for r in s.scalars(select(FormRecordRow).where(FormRecordRow.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def record_count(s: Session, q: RecordQuery) -> tuple[int, bool]:
    dialect = s.get_bind().dialect.name
    inner = select(FormRecordRow.id).where(*record_conditions(q, dialect))
    if not q.search.strip():
        return s.scalar(select(func.count()).select_from(inner.subquery())) or 0, False
    total = s.scalar(select(func.count()).select_from(inner.limit(COUNT_CAP + 1).subquery())) or 0
    return min(total, COUNT_CAP), total > COUNT_CAP
