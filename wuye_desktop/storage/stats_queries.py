"""SQL for the 《客户月投诉统计表》: grouped counts in the database, and the few cases that need
their events evaluated at the cut-off (domain/stats.py explains the cut-off).

A month's complaints fall into three sets that never overlap:

* clean — no step done late (``has_late`` false), no open step due before the cut-off
  (``next_due_at``), not a major case, and no event at or after the cut-off. Nothing of such a
  case is overdue at the cut-off, and its stored columns are exactly its state at the cut-off,
  so it is counted with GROUP BY alone. Most of a month is clean.
* by columns — not clean, but not a major case, never reopened and untouched since the cut-off:
  its stored late steps and open steps (with their due times) still say exactly what was overdue
  at the cut-off, so its row is read and counted in Python without its events.
* exact — major cases (their reporting ladder is listed), reopened cases (several cycles) and
  cases with events after the cut-off: loaded with their events before the cut-off and evaluated.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ColumnElement, Text, and_, case, exists, func, not_, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from wuye_desktop.domain.complaint import Action, Event, Kind, Satisfaction
from wuye_desktop.domain.deadlines import RULES_BY_STEP
from wuye_desktop.domain.stats import (
    CLERK_ACTIONS,
    CaseInput,
    ClerkRow,
    ColumnCase,
    Counts,
    GroupKey,
    clerk_row,
)
from wuye_desktop.storage.models import ComplaintEventRow, ComplaintRow, ProjectRow

c = ComplaintRow
e = ComplaintEventRow
ID_CHUNK = 900   # bound parameters per IN list, well under every driver's limit
DISPATCH_LABEL = RULES_BY_STEP["dispatch"].label   # no other step's label contains it


def _window(start: datetime, end: datetime, project_id: int | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [c.received_at >= start, c.received_at < end]
    if project_id is not None:
        where.append(c.project_id == project_id)
    return where


def _touched_after(cutoff: datetime) -> ColumnElement[bool]:
    # An alias of its own: the clerk query already selects from complaint_event.
    later = aliased(ComplaintEventRow)
    return exists().where(later.complaint_id == c.id, later.at >= cutoff)


def clean(cutoff: datetime) -> ColumnElement[bool]:
    return and_(c.has_late.is_(False), c.kind != Kind.MAJOR.value,
                or_(c.next_due_at.is_(None), c.next_due_at >= cutoff),
                not_(_touched_after(cutoff)))


def by_columns(cutoff: datetime) -> ColumnElement[bool]:
    reopened = aliased(ComplaintEventRow)
    return and_(not_(clean(cutoff)), c.kind != Kind.MAJOR.value, not_(_touched_after(cutoff)),
                not_(exists().where(reopened.complaint_id == c.id, reopened.action == Action.REOPEN.value)))


def needs_events(cutoff: datetime) -> ColumnElement[bool]:
    # ``clean`` and ``by_columns`` are never NULL (IS / EXISTS / NOT NULL columns), so NOT gives
    # the exact complement of the other two sets.
    return and_(not_(clean(cutoff)), not_(by_columns(cutoff)))


def _flag(condition: ColumnElement[bool]):  # type: ignore[no-untyped-def]
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def clean_group_counts(s: Session, start: datetime, end: datetime, cutoff: datetime,
                       project_id: int | None) -> list[tuple[GroupKey, Counts]]:
    """The clean cases' figures grouped by kind, channel, category, department, first responder."""
    revisited = c.revisited_at.is_not(None)
    stmt = (select(c.kind, c.channel, c.category, c.department, c.first_responder,
                   func.count(c.id),
                   _flag(or_(c.completed_at.is_not(None), c.closed_at.is_not(None))),
                   _flag(revisited),
                   _flag(and_(revisited, c.revisit_result == Satisfaction.SATISFIED.value)),
                   _flag(and_(revisited, c.revisit_result == Satisfaction.BASIC.value)),
                   _flag(and_(revisited, c.revisit_result == Satisfaction.UNSATISFIED.value)))
            .where(*_window(start, end, project_id), clean(cutoff))
            .group_by(c.kind, c.channel, c.category, c.department, c.first_responder))
    result: list[tuple[GroupKey, Counts]] = []
    for kind, channel, category, dept, responder, n, done, rev, sat, basic, unsat in s.connection().execute(stmt):
        # Clean cases have no overdue step, so every completed one is on time and every revisit
        # that was due has been made.
        result.append(((kind, channel, category, dept or "", responder or ""),
                       Counts(received=int(n), completed=int(done), on_time=int(done),
                              revisit_due=int(rev), revisited=int(rev), satisfied=int(sat),
                              basic=int(basic), unsatisfied=int(unsat))))
    return result


def clean_clerk_counts(s: Session, start: datetime, end: datetime, cutoff: datetime,
                       project_id: int | None) -> list[ClerkRow]:
    """DISPATCH/REPLY/REVISIT events of the clean cases per doer (none of them late)."""
    stmt = (select(e.by, e.action, func.count(e.id))
            .join(c, c.id == e.complaint_id)
            .where(*_window(start, end, project_id), clean(cutoff),
                   e.action.in_([a.value for a in CLERK_ACTIONS]))
            .group_by(e.by, e.action))
    return [clerk_row(by or "", action, int(n)) for by, action, n in s.connection().execute(stmt)]


def column_cases(s: Session, start: datetime, end: datetime, cutoff: datetime,
                 project_id: int | None) -> list[ColumnCase]:
    """The cases counted from their stored columns (see the module's docstring)."""
    stmt = (select(c.number, c.received_at, c.unit, c.subject, c.kind, c.channel, c.category, c.department,
                   c.first_responder, c.state, c.late_steps, c.open_steps, c.completed_at, c.closed_at,
                   c.revisited_at, c.revisit_result)
            .where(*_window(start, end, project_id), by_columns(cutoff))
            .order_by(c.received_at, c.id))
    return [ColumnCase(r.number, r.received_at, r.unit, r.subject, r.kind, r.channel, r.category,
                       r.department or "", r.first_responder or "", r.state,
                       tuple(x for x in (r.late_steps or "").split("、") if x),
                       tuple((o["label"], datetime.fromisoformat(o["due"])) for o in (r.open_steps or [])),
                       r.completed_at is not None or r.closed_at is not None, r.revisited_at is not None,
                       r.revisit_result or "")
            for r in s.connection().execute(stmt)]


def column_clerk_counts(s: Session, start: datetime, end: datetime, cutoff: datetime,
                        project_id: int | None) -> list[ClerkRow]:
    """DISPATCH/REPLY/REVISIT per doer for the cases counted by columns, with the late ones: the
    revisit made after the case's revisit deadline, the first dispatch of a case whose 派单 step
    was late (a re-dispatch has no deadline of its own, 篇2 §2)."""
    first = aliased(ComplaintEventRow)
    first_dispatch = (select(func.min(first.at))
                      .where(first.complaint_id == e.complaint_id, first.action == Action.DISPATCH.value)
                      .scalar_subquery())
    late = case(
        (and_(e.action == Action.REVISIT.value, c.revisit_due.is_not(None), e.at > c.revisit_due), 1),
        (and_(e.action == Action.DISPATCH.value, c.late_steps.like(f"%{DISPATCH_LABEL}%"),
              e.at == first_dispatch), 1),
        else_=0)
    stmt = (select(e.by, e.action, func.count(e.id), func.coalesce(func.sum(late), 0))
            .join(c, c.id == e.complaint_id)
            .where(*_window(start, end, project_id), by_columns(cutoff),
                   e.action.in_([a.value for a in CLERK_ACTIONS]))
            .group_by(e.by, e.action))
    return [clerk_row(by or "", action, int(n), int(n_late)) for by, action, n, n_late in s.connection().execute(stmt)]


def exact_cases(s: Session, start: datetime, end: datetime, cutoff: datetime,
                project_id: int | None) -> list[CaseInput]:
    """The cases that need their events, with the events before the cut-off, in time order."""
    return _cases(s, [*_window(start, end, project_id), needs_events(cutoff)], cutoff)


def all_cases(s: Session, start: datetime, end: datetime, cutoff: datetime,
              project_id: int | None) -> list[CaseInput]:
    """Every case of the month with its events (the slow, all-exact path tests compare against)."""
    return _cases(s, _window(start, end, project_id), cutoff)


def _data(raw: object) -> dict[str, str] | None:
    """An event's data: JSON text on SQLite (decoded only when not empty), a dict on PostgreSQL."""
    if isinstance(raw, str):
        return json.loads(raw) if raw not in ("{}", "null", "") else None
    return raw or None  # type: ignore[return-value]


def _cases(s: Session, where: list[ColumnElement[bool]], cutoff: datetime) -> list[CaseInput]:
    conn = s.connection()   # plain rows: the ORM's per-row bookkeeping is not needed here
    rows = conn.execute(select(c.id, c.number, c.received_at, c.unit, c.subject, c.kind, c.channel,
                               c.category, c.department, c.first_responder)
                        .where(*where).order_by(c.received_at, c.id)).all()
    events: dict[int, list[Event]] = {r.id: [] for r in rows}
    ids = list(events)
    actions = {a.value: a for a in Action}
    # By id, in chunks: the case conditions are not evaluated a second time per event.
    for i in range(0, len(ids), ID_CHUNK):
        stmt = (select(e.complaint_id, e.action, e.at, e.by, type_coerce(e.data, Text))
                .where(e.complaint_id.in_(ids[i:i + ID_CHUNK]), e.at < cutoff)
                .order_by(e.complaint_id, e.at, e.id))
        for cid, action, at, by, data in conn.execute(stmt):
            events[cid].append(Event(actions[action], at, by or "", "", _data(data)))
    return [CaseInput(r.id, r.number, r.received_at, r.unit, r.subject, r.kind, r.channel, r.category,
                      r.department or "", r.first_responder or "", tuple(events[r.id])) for r in rows]


def trend_counts(s: Session, bounds: list[tuple[datetime, datetime]],
                 project_id: int | None) -> list[tuple[int, str, str, int]]:
    """(month index, kind, channel, received) over consecutive months, one pass over the range."""
    if not bounds:
        return []
    bucket = case(*[(c.received_at < end, i) for i, (_, end) in enumerate(bounds)], else_=len(bounds))
    where = _window(bounds[0][0], bounds[-1][1], project_id)
    if project_id is None:
        # Every project, said explicitly: an index led by project_id then covers the year's rows.
        where.append(c.project_id.in_(select(ProjectRow.id)))
    inner = (select(bucket.label("bucket"), c.kind.label("kind"), c.channel.label("channel"))
             .where(*where).subquery())
    stmt = (select(inner.c.bucket, inner.c.kind, inner.c.channel, func.count())
            .group_by(inner.c.bucket, inner.c.kind, inner.c.channel))
    return [(int(b), kind, channel, int(n)) for b, kind, channel, n in s.connection().execute(stmt)]
