"""The demo office's revisits area: due, done and late revisits, a forum with minutes, a questionnaire
with answers and suggestions in every state — built once."""

from __future__ import annotations

from wuye_desktop.domain.revisit_voice import OpinionFilter, SuggestionState
from wuye_desktop.domain.revisits import TaskFilter, TaskStatus
from wuye_desktop.services.demo import ensure_demo_data
from wuye_desktop.services.demo_revisits import ensure_revisits_demo


def test_demo_has_every_kind_of_record_and_runs_once(demo_services, clock) -> None:  # type: ignore[no-untyped-def]
    services = demo_services  # the demo office, built once per session
    ensure_revisits_demo(services)
    now = clock()
    r = services.revisits
    statuses = {t.status(now) for t in r.page(TaskFilter(), 0, 1000).rows}
    assert {TaskStatus.OPEN, TaskStatus.OVERDUE, TaskStatus.ON_TIME, TaskStatus.LATE} <= statuses
    forums = r.programme.visits(None, now.year, kind="住户座谈会")
    assert forums and forums[0].place and forums[0].attendees and "通报上半年" in forums[0].content
    assert forums[0].opinions == 3
    assert any(p.progress.due_now for p in r.programme.plans(None, now.year))
    survey = r.surveys.list(None)[0]
    assert survey.responses == 12
    assert {s.state for s in r.suggestions.list(None)} >= set(SuggestionState)
    assert r.opinions.page(OpinionFilter(status="已处理")).total >= 1
    assert r.opinions.page(OpinionFilter(status="重大问题")).total >= 1
    assert len(r.peers.list(None)) == 2
    # The plant's work orders are in the same list: revisited ones, one still due, one overdue.
    orders = r.page(TaskFilter(source="维修单"), 0, 1000).rows
    assert {t.status(now) for t in orders} >= {TaskStatus.OPEN, TaskStatus.OVERDUE, TaskStatus.ON_TIME}
    assert all(t.number.startswith("BX-") and t.source == "维修单" for t in orders)
    assert r.sync() == 0  # nothing left for a sync to create
    before = r.page(TaskFilter(), 0, 1).total, len(r.suggestions.list(None))
    ensure_revisits_demo(services)
    assert (r.page(TaskFilter(), 0, 1).total, len(r.suggestions.list(None))) == before
