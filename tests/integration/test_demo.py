"""The demo office of ``--demo``: a newcomer must see every state, deadlines at work and a live emergency."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from wuye_desktop.domain.complaint import Action, State
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.services.complaint_views import ComplaintView
from wuye_desktop.services.container import Services, open_services
from wuye_desktop.services.demo import COMPANY_NAME, ensure_demo_data
from wuye_desktop.services.paths import DataPaths
from tests.conftest import FakeClock


def _all_rows(services: Services) -> list[ComplaintView]:
    return list(services.complaints.page(ComplaintFilter(), limit=1000).rows)


def test_demo_office_on_both_databases(any_services: Services, clock: FakeClock) -> None:
    ensure_demo_data(any_services)
    now = clock()
    rows = _all_rows(any_services)
    assert 130 <= len(rows) <= 170
    # Dated relative to the clock: the last three months, nothing in the future.
    assert all(now - timedelta(days=92) <= r.received_at <= now for r in rows)
    assert max(r.received_at for r in rows) > now - timedelta(minutes=10)

    # Every state of the life cycle is there, and the steps that do not change the state.
    assert {r.state for r in rows} == {s.value for s in State}
    events = any_services.complaints.events_of([r.id for r in rows])
    actions = {e.action for evts in events.values() for e in evts}
    for action in (Action.RESPOND, Action.REOPEN, Action.ESCALATE, Action.EXPLAIN, Action.VERIFY,
                   Action.REVISIT, Action.CLOSE, Action.LADDER_NOTIFY_DEPT):
        assert action in actions, action

    # Company, two projects with their own cases, departments and staff with phones.
    assert any_services.settings.company_name() == COMPANY_NAME
    projects = {p.code: p for p in any_services.settings.projects()}
    assert {(p.code, p.name) for p in projects.values()} == {("HY", "华苑小区"), ("JR", "金融大厦")}
    assert projects["HY"].households > 0
    for p in projects.values():
        assert any_services.complaints.page(ComplaintFilter(project_id=p.id)).total >= 30
    staff = any_services.settings.staff()
    assert len(staff) >= 10 and all(s.department and s.phone for s in staff)
    assert {"工程部", "保安部", "客服部"} <= {s.department for s in staff}


def test_demo_shows_deadlines_at_work(demo_services: Services, clock: FakeClock) -> None:
    services = demo_services  # the demo office, built once per session
    now = clock()
    overdue = services.complaints.page(ComplaintFilter(overdue_only=True), limit=500)
    assert overdue.total >= 5
    open_late = [r for r in overdue.rows if r.is_open and any(s.due_at < now for s in r.open_steps)]
    labels = {label for r in open_late for label in r.overdue_labels(now)}
    # Late dispatch (篇2 §2) and late revisit (篇2 §5) among the open overdue cases.
    assert {"派单", "回访"} <= labels, labels
    # Cases closed with a step done late stay overdue (RULES.md: 超时 stays).
    assert any(not r.is_open and r.done_late for r in overdue.rows)
    soon = services.complaints.page(ComplaintFilter(due_within_hours=4)).rows
    assert len(soon) >= 2 and all(r.next_due_at and now <= r.next_due_at <= now + timedelta(hours=4) for r in soon)


def test_demo_has_one_live_emergency_and_one_collective_proposal(demo_services: Services, clock: FakeClock) -> None:
    services = demo_services  # the demo office, built once per session
    now = clock()
    emergencies = services.complaints.emergencies()
    # The desk's own emergency and the repairs area's live urgent repair (紧急抢险抢修, 篇2 §6).
    assert sorted(e.category for e in emergencies) == ["电梯困人", "紧急抢险抢修"]
    e = next(e for e in emergencies if e.category == "电梯困人")
    assert e.category == "电梯困人" and now - timedelta(minutes=5) <= e.received_at <= now
    # In the project the desk opens on, so the banner is the first thing a newcomer sees.
    assert e.project_id == services.settings.projects()[0].id
    steps = {s.step: s for s in e.steps}
    assert steps["notify_department"].done_at is not None
    leader = steps["report_leader"]
    assert leader.done_at is None and leader.due_at is not None and leader.due_at > now  # still counting down

    projects = {p.code: p.id for p in services.settings.projects()}
    proposals = services.complaints.collective_proposals(projects["HY"])
    assert len(proposals) == 1
    group = proposals[0]
    assert len({r.unit for r in group}) == 3 and len({r.category for r in group}) == 1
    assert all(now - timedelta(days=2) <= r.received_at for r in group)
    assert services.complaints.collective_proposals(projects["JR"]) == []


def test_demo_is_filled_once(demo_services: Services) -> None:
    services = demo_services  # the demo office, built once per session
    before = services.complaints.page(ComplaintFilter()).total
    ensure_demo_data(services)
    assert services.complaints.page(ComplaintFilter()).total == before
    assert [p.code for p in services.settings.projects()] == ["HY", "JR"]
    # Completed demo cases already have their revisit tasks: nothing left for a sync to create.
    assert services.revisits.sync_from_complaints() == 0


@pytest.mark.parametrize("when", [
    datetime(2026, 10, 1, 0, 10),   # midnight at the start of the National Day holiday
    datetime(2027, 1, 4, 8, 30),    # a year without official calendar data
])
def test_demo_fits_any_day(tmp_path: Path, when: datetime) -> None:
    """Built relative to any "today" (its speed is measured by bench/bench_demo.py, not here)."""
    services = open_services(DataPaths(tmp_path / "demo"), clock=FakeClock(when))
    try:
        ensure_demo_data(services)
        rows = _all_rows(services)
        assert {r.state for r in rows} == {s.value for s in State}
        assert len(services.complaints.emergencies()) == 2
    finally:
        services.close()
