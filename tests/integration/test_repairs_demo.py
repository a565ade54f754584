"""The demo office's plant (issue 4): what a newcomer sees in the 维修与设备 tab of ``--demo``."""

from __future__ import annotations

from datetime import datetime

from wuye_desktop.domain.repairs import OrderState, TaskState, WorkOrderFilter
from wuye_desktop.services.container import Services
from wuye_desktop.services.demo import ensure_demo_data
from wuye_desktop.services.demo_repairs import ensure_repairs_demo


def test_the_demo_plant_has_everything_the_issue_lists(demo_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    services = demo_services  # the demo office, built once per session
    ensure_repairs_demo(services)
    r = services.repairs
    devices = r.devices.devices(None)
    assert len(devices) >= 30
    assert {d.state for d in devices} == {"完好", "带病运行", "停用", "报废"}
    states = r.orders.counts_by_state(None)
    assert set(states) == {s.value for s in OrderState}, states
    assert r.orders.page(WorkOrderFilter(overdue_only=True, open_only=True)).total >= 2
    assert any(o.complaint_id for o in r.orders.page(WorkOrderFilter(source="投诉转入")).rows)
    tasks = r.plans.tasks(None, end=clock().date())
    assert {TaskState.DONE, TaskState.DONE_LATE, TaskState.OVERDUE} <= {t.state for t in tasks}
    assert len(r.plans.plans(None)) >= 8
    assert len(r.defects.defects(None, open_only=True)) >= 4
    assert len(r.stock.loans(None)) >= 2 and any(x.overdue(clock().date()) for x in r.stock.loans(None))
    assert [i.code for i in r.stock.items(None, reorder_only=True)]
    assert any(i.calibration_state(clock().date()) == "已过期" for i in r.stock.items(None, "仪器仪表"))
    assert any(w.open_rectifications for w in r.works.works(None)) and r.safety.records(None)
    # The one live urgent repair shows in the emergency banner, its first ladder step done by dispatch.
    urgent = [e for e in services.complaints.emergencies() if e.category == "紧急抢险抢修"]
    assert len(urgent) == 1 and urgent[0].steps[0].done_at is not None
    figures = r.month_figures(None, 2026, 11)
    assert figures.intact_rate is not None and figures.plan_completion_rate is not None
    before = r.orders.page(WorkOrderFilter()).total
    ensure_repairs_demo(services)  # a second start adds nothing
    assert r.orders.page(WorkOrderFilter()).total == before
