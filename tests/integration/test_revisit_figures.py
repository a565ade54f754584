"""The five figures of 篇4 二.1(4) on known data — and 「—」 for a month with nothing to divide."""

from __future__ import annotations

from datetime import datetime

from wuye_desktop.domain.complaint import Action, Kind
from wuye_desktop.domain.revisit_voice import HandleInput, OpinionDraft
from wuye_desktop.services.complaints import StepInput
from tests.integration.test_revisit_flow import complete_case, make_draft, only_task, revisit


def build_september(services, clock) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Three reasonable cases in Sept 2026 (one revisited on time, one late and unsatisfied, one not
    revisited), one unreasonable complaint and one suggestion (not counted), opinions 2 of 4 handled."""
    settings = services.settings
    main = settings.projects()[0]
    settings.save_project(main.name, main.code, 400, main.id)
    other = settings.save_project("南苑管理处", "NY", 100)
    a = complete_case(services, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 17, 0))
    b = complete_case(services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 30), unit="5栋1202")
    c = complete_case(services, clock, datetime(2026, 9, 28, 8, 30), datetime(2026, 9, 28, 11, 0), unit="8栋301")
    clock.set(datetime(2026, 9, 28, 10, 0))
    services.revisits.record(only_task(services, a).id, revisit(at=datetime(2026, 9, 28, 9, 30)))
    clock.set(datetime(2026, 9, 30, 10, 0))  # B was due Tue 09-29: late, and not satisfied
    services.revisits.record(only_task(services, b).id, revisit(at=datetime(2026, 9, 30, 9, 0),
                                                                satisfaction="不满意", content="灯还是不亮"))
    del c
    svc = services.complaints
    unreasonable = svc.register(make_draft(datetime(2026, 9, 15, 9, 0), kind=Kind.UNREASONABLE, unit="1栋101",
                                           category="其他物业服务"), main.id, "王前台")
    svc.act(unreasonable.id, StepInput(Action.EXPLAIN, "王前台", datetime(2026, 9, 15, 10, 0), "已解释"))
    svc.register(make_draft(datetime(2026, 9, 16, 9, 0), kind=Kind.SUGGESTION, subject="建议增设快递柜",
                            category="其他物业服务"), main.id, "王前台")
    svc.register(make_draft(datetime(2026, 9, 20, 9, 0), unit="南1栋", first_responder="周南"), other.id, "周南")
    opinions = services.revisits.opinions
    for i, text in enumerate(("垃圾桶太少", "希望增加绿化", "电梯广告太吵")):
        item = opinions.add(main.id, OpinionDraft("住户座谈会", datetime(2026, 9, 10 + i, 15, 0), text))
        if i < 2:
            opinions.handle(item.id, HandleInput("王前台", datetime(2026, 9, 30, 9, 30), "已答复并安排整改"))
    return main.id, other.id


def test_september_figures_on_known_data(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    main, _other = build_september(any_services, clock)
    clock.set(datetime(2026, 10, 12, 9, 0))
    sept = any_services.revisits.figures(2026, 9, main)
    assert sept.label == "2026年9月"
    c = sept.counts
    assert (c.tasks_due, c.tasks_done, c.tasks_on_time) == (3, 2, 1)
    assert (c.revisits_done, c.revisits_satisfied) == (2, 1)
    # 3 entered items (2 handled) + the unsatisfied revisit, which became an item itself.
    assert (c.opinions, c.opinions_handled) == (4, 2)
    assert (c.reasonable_complaints, c.households) == (3, 400)
    assert [(name, rate.text) for name, rate in sept.rates()] == [
        ("回访率", "66.7%"), ("及时回访率", "33.3%"), ("满意率", "50.0%"), ("意见处理率", "50.0%"),
        ("有效投诉率", "0.75%")]


def test_an_empty_month_reads_dash_not_a_division_by_zero(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    main, _other = build_september(any_services, clock)
    august = any_services.revisits.figures(2026, 8, main)
    texts = dict((name, rate.text) for name, rate in august.rates())
    assert texts == {"回访率": "—", "及时回访率": "—", "满意率": "—", "意见处理率": "—",
                     # No complaints among 400 households is a real 0 %, not an empty figure.
                     "有效投诉率": "0.00%"}
    assert august.revisit_rate.value is None and august.revisit_rate.detail == "—"


def test_company_sums_households_and_a_project_without_households_reads_dash(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    main, other = build_september(any_services, clock)
    company = any_services.revisits.figures(2026, 9)
    assert (company.counts.reasonable_complaints, company.counts.households) == (4, 500)
    assert company.effective_complaint_rate.text == "0.80%"
    s = any_services.settings
    p = s.project(other)
    s.save_project(p.name, p.code, 0, p.id)
    assert any_services.revisits.figures(2026, 9, other).effective_complaint_rate.text == "—"


def test_year_table_has_twelve_months_and_the_year(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    main, _other = build_september(any_services, clock)
    table = any_services.revisits.figures_by_month(2026, main)
    assert [f.label for f in table][:2] == ["2026年1月", "2026年2月"] and table[-1].label == "2026年"
    assert table[8].counts == any_services.revisits.figures(2026, 9, main).counts
    assert table[-1].revisit_rate.text == "66.7%"
    assert table[0].satisfaction_rate.text == "—"
