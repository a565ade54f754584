"""Equipment, defects, accidents, plans and tasks, stock and loans, outsourced works, safety and the
monthly figures — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.repairs import (
    CheckResult,
    Decision,
    DeviceState,
    ItemKind,
    Period,
    PlanKind,
    Severity,
    Source,
    TaskState,
    WorkState,
)
from wuye_desktop.domain.repairs_drafts import (
    AccidentDraft,
    CompletionDraft,
    DefectDraft,
    DeviceDraft,
    DispatchDraft,
    RemovalDraft,
    RequestDraft,
)
from wuye_desktop.domain.repairs_records import (
    CalibrationDraft,
    CheckDraft,
    CheckItem,
    DecisionDraft,
    ItemDraft,
    LoanDraft,
    MovementDraft,
    PlanDraft,
    ProposalDraft,
    SafetyDraft,
    TaskDoneDraft,
    VerifyDraft,
    WorkDraft,
)
from wuye_desktop.services.container import Services


def pid(s: Services) -> int:
    return s.settings.projects()[0].id


def device(s: Services, code: str = "GD-01", state: DeviceState = DeviceState.INTACT, installed: date | None = None) -> int:
    return s.repairs.devices.create(DeviceDraft(code, f"设备{code}", "供配电", "配电房", install_date=installed,
                                                state=state), pid(s), "王建国").id


# --- the register ------------------------------------------------------------------------------------------

def test_deleting_a_device_with_history_is_refused_scrap_it_instead(any_services: Services) -> None:
    s = any_services
    used, spare = device(s, "GD-01"), device(s, "GD-02")
    s.repairs.orders.register(RequestDraft(s.clock(), Source.INTERNAL, "", "", "", "异响", location="配电房",
                                           received_by="王建国", device_id=used), pid(s), "王建国")
    with pytest.raises(ValidationError) as caught:
        s.repairs.devices.delete(used)
    assert caught.value.errors == {"device": "设备「GD-01 设备GD-01」已有维修工单1条，不能删除；不再使用的设备请改为「报废」"}
    view = s.repairs.devices.scrap(used, "王建国", "已更换新设备")
    assert view.state == "报废"
    with pytest.raises(ValidationError, match="已报废"):
        s.repairs.devices.set_state(used, DeviceState.INTACT, "王建国", "误操作")
    s.repairs.devices.delete(spare)  # entered by mistake, no history: may go
    assert [d.code for d in s.repairs.devices.devices(pid(s))] == ["GD-01"]


def test_device_codes_are_unique_per_project_and_states_are_logged(any_services: Services) -> None:
    s = any_services
    d = device(s, "GD-01")
    with pytest.raises(ValidationError) as caught:
        device(s, "GD-01")
    assert caught.value.errors == {"code": "设备编号「GD-01」已存在"}
    s.repairs.devices.set_state(d, DeviceState.DEGRADED, "王建国", "接线端子过热")
    with pytest.raises(ValidationError, match="须写明原因"):
        s.repairs.devices.set_state(d, DeviceState.INTACT, "王建国", " ")
    card = s.repairs.devices.card(d)
    assert [(x.state, x.note) for x in card.states] == [("带病运行", "接线端子过热"), ("完好", "登记入账")]


def test_the_device_screen_holds_documents_and_its_whole_history(any_services: Services, tmp_path: Path) -> None:
    s = any_services
    d = device(s)
    drawing = tmp_path / "一次系统图.pdf"
    drawing.write_bytes(b"%PDF-1.4 test")
    doc = s.repairs.devices.add_document(d, drawing, "图纸", "王建国")
    assert Path(doc.path).read_bytes() == b"%PDF-1.4 test" and doc.original_name == "一次系统图.pdf"
    s.repairs.defects.report(DefectDraft(d, s.clock(), "李明", "柜门锁坏"), "李明")
    s.repairs.plans.create(PlanDraft("月保", PlanKind.MAINTENANCE, Period.DAILY, s.clock().date() - timedelta(days=2),
                                     (d,), "清扫"), pid(s), "王建国", backfill=True)
    card = s.repairs.devices.card(d)
    assert [x.original_name for x in card.documents] == ["一次系统图.pdf"]
    assert [x.description for x in card.defects] == ["柜门锁坏"]
    assert [t.scheduled for t in card.tasks] == [s.clock().date() - timedelta(days=i) for i in range(3)]
    assert card.has_history and [p.name for p in card.plans] == ["月保"]
    s.repairs.devices.remove_document(doc.id)
    assert not Path(doc.path).exists()


# --- defects and accidents -----------------------------------------------------------------------------------

def test_a_major_defect_raises_the_alert_and_removal_restores_the_device(any_services: Services) -> None:
    s = any_services
    d = device(s)
    x = s.repairs.defects.report(DefectDraft(d, s.clock(), "李明", "高压柜放电声", Severity.MAJOR, "已停电隔离",
                                             contact_phone="13688812035"), "李明")
    assert x.number.startswith("QX-XM-2026-") and x.alert_complaint_id
    alert = s.complaints.emergencies()[0]
    assert alert.category == "主要设备故障" and alert.unit == "配电房" and "设备重大缺陷" in alert.subject
    assert s.repairs.devices.get(d).state == "带病运行"
    with pytest.raises(ValidationError) as caught:
        s.repairs.defects.remove(x.id, RemovalDraft(s.clock() - timedelta(days=1), "李明", ""))
    assert set(caught.value.errors) == {"removed_at", "note"}
    s.repairs.defects.remove(x.id, RemovalDraft(s.clock(), "李明", "更换绝缘子"))
    assert s.repairs.devices.get(d).state == "完好"
    assert s.repairs.defects.defects(pid(s), open_only=True) == []


def test_a_defect_becomes_an_internal_work_order(any_services: Services) -> None:
    s = any_services
    d = device(s)
    x = s.repairs.defects.report(DefectDraft(d, s.clock(), "李明", "排污泵浮球失灵"), "李明")
    order_id = s.repairs.defects.work_order_for(x.id, "王建国", s.repairs.orders)
    order = s.repairs.orders.get(order_id)
    assert order.row.source == "内部报修" and order.row.device_id == d and x.number in order.row.subject


def test_an_accident_is_reported_with_its_time_and_closed_with_cause_and_measures(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    occurred = clock() - timedelta(minutes=10)
    a = s.repairs.accidents.record(AccidentDraft(occurred, "水泵房", "水箱溢流，泵房积水", "王建国", "13688812035",
                                                 "水浸"), pid(s), "王建国")
    assert a.report_due == occurred + timedelta(minutes=5) and a.report_late(clock())
    assert s.complaints.emergencies()[0].category == "水浸"
    with pytest.raises(ValidationError, match="尚未记录上报上级"):
        s.repairs.accidents.update_findings(a.id, "浮球阀失灵", "更换", "", True, "王建国")
    a = s.repairs.accidents.report(a.id, "林志远", clock() - timedelta(minutes=2), "王建国")
    assert a.reported_at == clock() - timedelta(minutes=2) and a.report_late(clock())  # 8 minutes: late
    steps = {x.step: x for x in s.complaints.emergencies()[0].steps}
    assert steps["report_leader"].done_at == clock() - timedelta(minutes=2)
    with pytest.raises(ValidationError) as caught:
        s.repairs.accidents.update_findings(a.id, "", "", "", True, "王建国")
    assert caught.value.errors == {"cause": "结案前须写明事故原因", "measures": "结案前须写明整改措施"}
    a = s.repairs.accidents.update_findings(a.id, "浮球阀老化", "更换浮球阀，溢流报警接入监控", "", True, "王建国")
    assert a.closed_at == clock()


# --- plans and tasks ---------------------------------------------------------------------------------------

def test_plan_tasks_across_the_2028_leap_day_pause_and_resume(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    clock.set(datetime(2028, 1, 15, 9, 0))
    d = device(s)
    plan = s.repairs.plans.create(PlanDraft("月保", PlanKind.MAINTENANCE, Period.MONTHLY, date(2028, 1, 31), (d,),
                                            "清扫检查", window_days=0), pid(s), "王建国")
    assert [t.scheduled for t in s.repairs.plans.tasks(pid(s), plan_id=plan.id)] == [date(2028, 1, 31), date(2028, 2, 29)]
    march = s.repairs.plans.month_tasks(pid(s), 2028, 3)
    assert [t.scheduled for t in march] == [date(2028, 3, 31)]
    clock.set(datetime(2028, 3, 1, 8, 0))
    feb = s.repairs.plans.month_tasks(pid(s), 2028, 2)[0]
    assert feb.state is TaskState.OVERDUE and feb.due_at == datetime(2028, 2, 29, 23, 59, 59)
    done = s.repairs.plans.complete_task(feb.id, TaskDoneDraft(clock(), "李明", "补做"))
    assert done.state is TaskState.DONE_LATE
    paused = s.repairs.plans.pause(plan.id, "王建国")
    assert paused.paused and paused.next_date is None
    assert [t.scheduled for t in s.repairs.plans.tasks(pid(s), plan_id=plan.id)] == [date(2028, 1, 31), date(2028, 2, 29)]
    clock.set(datetime(2028, 5, 10, 8, 0))
    resumed = s.repairs.plans.resume(plan.id, "王建国")
    scheduled = [t.scheduled for t in s.repairs.plans.tasks(pid(s), plan_id=plan.id)]
    assert date(2028, 3, 31) not in scheduled and date(2028, 4, 30) not in scheduled  # nothing back-dated
    assert resumed.next_date == date(2028, 5, 31)


def test_a_task_done_with_a_photo(any_services: Services, tmp_path: Path) -> None:
    s = any_services
    d = device(s)
    s.repairs.plans.create(PlanDraft("巡检", PlanKind.INSPECTION, Period.DAILY, s.clock().date(), (d,), "看一眼"),
                           pid(s), "王建国")
    task = s.repairs.plans.tasks(pid(s), s.clock().date(), s.clock().date())[0]
    with pytest.raises(ValidationError) as caught:
        s.repairs.plans.complete_task(task.id, TaskDoneDraft(s.clock(), "", "", str(tmp_path / "note.txt")))
    assert set(caught.value.errors) == {"done_by", "notes"}
    photo = tmp_path / "现场.png"
    photo.write_bytes(b"\x89PNG fake")
    text = tmp_path / "note.txt"
    text.write_text("x")
    with pytest.raises(ValidationError, match="照片须为图片文件"):
        s.repairs.plans.complete_task(task.id, TaskDoneDraft(s.clock(), "李明", "正常", str(text)))
    done = s.repairs.plans.complete_task(task.id, TaskDoneDraft(s.clock(), "李明", "正常", str(photo)))
    assert done.state is TaskState.DONE and done.photo_name == "现场.png" and Path(done.photo_path).exists()


def test_proposals_are_recorded_with_cost_and_decision(any_services: Services) -> None:
    s = any_services
    p = s.repairs.proposals.propose(ProposalDraft("路灯改LED", "耗电高", "更换48套", "86,400.00", "王建国",
                                                  s.clock().date()), pid(s))
    assert p.cost_fen == 8_640_000 and p.decision == "待决定"
    with pytest.raises(ValidationError) as caught:
        s.repairs.proposals.decide(p.id, DecisionDraft(Decision.PENDING, "", s.clock().date()))
    assert set(caught.value.errors) == {"decision", "decided_by"}
    p = s.repairs.proposals.decide(p.id, DecisionDraft(Decision.APPROVED, "林志远", s.clock().date(), "同意"))
    assert (p.decision, p.decided_by) == ("批准实施", "林志远")


# --- stock, loans, calibration ----------------------------------------------------------------------------------

def test_loans_reorder_flags_and_calibration(any_services: Services) -> None:
    s = any_services
    st = s.repairs.stock
    drill = st.create(ItemDraft(ItemKind.TOOL, "GJ-01", "冲击钻", "台", "工具间", 2), pid(s), "王建国")
    loan = st.lend(drill.id, LoanDraft("李明", 2, s.clock(), s.clock().date() + timedelta(days=1), "王建国"))
    assert st.get(drill.id).available == 0
    with pytest.raises(ValidationError, match="在库只有0件"):
        st.lend(drill.id, LoanDraft("赵强", 1, s.clock(), s.clock().date(), "王建国"))
    assert loan.overdue(s.clock().date() + timedelta(days=2))
    st.give_back(loan.id, s.clock(), "王建国")
    assert st.get(drill.id).available == 2 and st.loans(pid(s)) == []
    lamp = st.create(ItemDraft(ItemKind.SPARE, "BJ-01", "灯管", "支", "仓库", 6, reorder_level=5), pid(s), "王建国")
    st.move(lamp.id, MovementDraft(-2, "报损", "王建国", "破损"))
    assert [i.code for i in st.items(pid(s), reorder_only=True)] == ["BJ-01"]
    with pytest.raises(ValidationError, match="请选择出入库原因"):
        st.move(lamp.id, MovementDraft(3, "领用", "王建国"))
    meter = st.create(ItemDraft(ItemKind.INSTRUMENT, "YB-01", "万用表", "块", "工具柜", 1,
                                calibration_due=s.clock().date() + timedelta(days=10)), pid(s), "王建国")
    assert st.get(meter.id).calibration_state(s.clock().date()) == "即将到期"
    st.calibrate(meter.id, CalibrationDraft(s.clock().date(), s.clock().date() + timedelta(days=365), "王建国"))
    assert st.get(meter.id).calibration_state(s.clock().date()) == ""
    with pytest.raises(ValidationError, match="只有仪器仪表需要填写检定日期"):
        st.create(ItemDraft(ItemKind.SPARE, "BJ-02", "x", "个", "仓库", calibration_due=s.clock().date()), pid(s), "王")


# --- outsourced works and safety ------------------------------------------------------------------------------------

def test_quality_check_rectification_and_acceptance(any_services: Services) -> None:
    s = any_services
    w = s.repairs.works.create(WorkDraft("配电改造", "华建装饰", s.clock().date()), pid(s))
    with pytest.raises(ValidationError, match="尚未做质量检查"):
        s.repairs.works.update(w.id, WorkDraft("配电改造", "华建装饰", s.clock().date()), WorkState.ACCEPTED)
    items = (CheckItem("接地可靠", False, "PE线松动"), CheckItem("绝缘合格", True))
    c = s.repairs.works.check(w.id, CheckDraft(s.clock(), "王建国", items, CheckResult.FAILED, "重新压接PE线",
                                               s.clock().date() + timedelta(days=3)))
    assert c.awaiting_rectification and [i.ok for i in c.items] == [False, True]
    with pytest.raises(ValidationError, match="还有未验证的整改"):
        s.repairs.works.update(w.id, WorkDraft("配电改造", "华建装饰", s.clock().date()), WorkState.ACCEPTED)
    c = s.repairs.works.verify(c.id, VerifyDraft(s.clock(), "王建国", "已重新压接，复测合格"))
    assert not c.awaiting_rectification
    work = s.repairs.works.update(w.id, WorkDraft("配电改造", "华建装饰", s.clock().date()), WorkState.ACCEPTED)
    assert work.state == "已验收" and work.last_result == "整改后合格"


def test_safety_log_needs_who_where_what_measure(any_services: Services) -> None:
    s = any_services
    with pytest.raises(ValidationError) as caught:
        s.repairs.safety.record(SafetyDraft(s.clock(), "", "", "", "", ""), pid(s))
    assert set(caught.value.errors) == {"place", "who", "what", "measure", "stopped_by"}
    s.repairs.safety.record(SafetyDraft(s.clock(), "3栋配电间", "施工人员", "带电接线", "断电挂牌", "王建国"), pid(s))
    assert [r.what for r in s.repairs.safety.records(pid(s))] == ["带电接线"]


# --- figures on known data -----------------------------------------------------------------------------------------

def test_month_figures_on_known_data(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    """September 2026: 10 devices registered before; 1 stopped, 1 scrapped, 2 degraded → 6 of 8 in service
    are intact (75.0%). Four daily tasks 09-21…09-24: 2 on time, 1 late, 1 overdue. Three orders."""
    s = any_services
    clock.set(datetime(2026, 8, 1, 9, 0))
    ids = [device(s, f"D-{i}", installed=date(2020, 1, 1)) for i in range(10)]
    clock.set(datetime(2026, 9, 10, 9, 0))
    s.repairs.devices.set_state(ids[0], DeviceState.STOPPED, "王建国", "季节性停用")
    s.repairs.devices.scrap(ids[1], "王建国", "报废")
    for i in (2, 3):
        s.repairs.devices.set_state(ids[i], DeviceState.DEGRADED, "王建国", "异响")
    clock.set(datetime(2026, 10, 3, 9, 0))
    s.repairs.devices.set_state(ids[4], DeviceState.DEGRADED, "王建国", "十月才坏：不影响九月")
    s.repairs.devices.create(DeviceDraft("NEW", "十月新装", "给排水", "泵房", install_date=date(2026, 10, 2)),
                             pid(s), "王建国")

    clock.set(datetime(2026, 9, 21, 8, 0))
    s.repairs.plans.create(PlanDraft("日检", PlanKind.INSPECTION, Period.DAILY, date(2026, 9, 21), (ids[5],), "看",
                                     end_date=date(2026, 9, 24)), pid(s), "王建国")
    tasks = {t.scheduled.day: t for t in s.repairs.plans.month_tasks(pid(s), 2026, 9)}
    clock.set(datetime(2026, 9, 25, 10, 0))
    for day, done_at in ((21, datetime(2026, 9, 21, 15, 0)), (22, datetime(2026, 9, 22, 16, 0)),
                         (23, datetime(2026, 9, 24, 9, 0))):
        s.repairs.plans.complete_task(tasks[day].id, TaskDoneDraft(done_at, "李明", "正常"))

    o = s.repairs.orders
    draft = dict(source=Source.PHONE, client="张三", unit="1栋101", phone="13800138000", subject="漏水",
                 received_by="陈静")
    timely = o.register(RequestDraft(datetime(2026, 9, 22, 9, 0), **draft), pid(s), "陈静")  # type: ignore[arg-type]
    o.dispatch(timely.id, DispatchDraft("李明", datetime(2026, 9, 22, 10, 0), datetime(2026, 9, 23, 10, 0)), "王")
    o.complete(timely.id, CompletionDraft(datetime(2026, 9, 22, 15, 0), "好了", "1", signed_by="张三",
                                          arrived_at=datetime(2026, 9, 22, 14, 0), by="李明"))
    late = o.register(RequestDraft(datetime(2026, 9, 22, 9, 0), **draft), pid(s), "陈静")  # type: ignore[arg-type]
    o.dispatch(late.id, DispatchDraft("李明", datetime(2026, 9, 23, 9, 0), datetime(2026, 9, 24, 9, 0)), "王")
    o.register(RequestDraft(datetime(2026, 9, 25, 9, 0), **draft), pid(s), "陈静")  # type: ignore[arg-type]

    clock.set(datetime(2026, 10, 8, 9, 0))
    m = s.repairs.month_figures(pid(s), 2026, 9)
    assert (m.devices_in_service, m.devices_intact, m.devices_degraded, m.devices_stopped) == (8, 6, 2, 1)
    assert f"{m.intact_rate:.3f}" == "0.750"
    assert (m.tasks_planned, m.tasks_done, m.tasks_on_time, m.tasks_overdue) == (4, 3, 2, 1)
    assert m.plan_completion_rate == 0.75 and m.plan_on_time_rate == 0.5
    # timely: counted; late dispatch (24 h > 12 h): counted, not timely; 09-25 order: due 09-25 21:00, now late too.
    assert (m.orders_received, m.orders_finished, m.orders_counted, m.orders_timely) == (3, 1, 3, 1)
    october = s.repairs.month_figures(pid(s), 2026, 10)
    assert (october.devices_in_service, october.devices_intact) == (9, 6)  # D-4 degraded; NEW counted from 10-02
    assert len(s.repairs.figures.year(pid(s), 2026)) == 10
