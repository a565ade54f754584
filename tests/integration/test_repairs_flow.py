"""Repair requests and work orders on SQLite and PostgreSQL: the supervisor's flow, stock arithmetic
through the service, complaint conversion linked both ways, urgent repairs in the emergency banner,
and the list filtered, searched and paged in SQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from wuye_desktop.domain.complaint import Action, Channel, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import TransitionError, ValidationError
from wuye_desktop.domain.repairs import (
    Charge,
    DeviceState,
    ItemKind,
    OrderState,
    Source,
    Urgency,
    WorkOrderFilter,
)
from wuye_desktop.domain.repairs_drafts import CompletionDraft, DeviceDraft, DispatchDraft, RequestDraft, RevisitDraft
from wuye_desktop.domain.repairs_records import ItemDraft
from wuye_desktop.domain.repairs_stock import StockShortage
from wuye_desktop.services.container import Services


def project(s: Services) -> int:
    return s.settings.projects()[0].id


def request(s: Services, **kw: object) -> RequestDraft:
    base: dict[str, object] = dict(received_at=s.clock(), source=Source.PHONE, client="张三", unit="3栋2单元501",
                                   phone="13800138000", subject="卫生间漏水", category="给排水管道", received_by="陈静")
    base.update(kw)
    return RequestDraft(**base)  # type: ignore[arg-type]


def part(s: Services, qty: int = 3, reorder: int = 5, code: str = "BJ-01") -> int:
    return s.repairs.stock.create(ItemDraft(ItemKind.SPARE, code, "角阀", "只", "仓库A", qty, "DN15", reorder),
                                  project(s), "王建国").id


def test_request_dispatch_material_complete_revisit(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    """The supervisor's flow; the revisit falls on the right 2026 working day (篇2 §5)."""
    s = any_services
    o = s.repairs.orders
    item = part(s, qty=10)
    d = o.register(request(s), project(s), "陈静")
    assert d.row.state == OrderState.RECEIVED.value and d.row.number.startswith("BX-XM-2026-")
    assert d.row.next_due_step == "派工" and d.row.next_due_at == datetime(2026, 9, 24, 21, 0)
    d = o.dispatch(d.id, DispatchDraft("李明", clock(), clock() + timedelta(hours=24),
                                       appointment_at=clock() + timedelta(hours=2)), "王建国")
    assert d.row.state == OrderState.DISPATCHED.value and d.row.technician == "李明"
    clock.advance(hours=2)
    d = o.start(d.id, clock(), "李明")
    d = o.take_material(d.id, item, 2, "李明")
    assert [(m.item_name, m.quantity) for m in d.materials] == [("角阀", 2)]
    assert s.repairs.stock.get(item).quantity == 8
    clock.advance(hours=1)  # Thu 2026-09-24 12:00
    d = o.complete(d.id, CompletionDraft(clock(), "更换角阀", "1.5", Charge.CHARGED, "80", "张三", "满意", by="李明"))
    assert d.row.state == OrderState.AWAITING_REVISIT.value
    assert d.row.labour_minutes == 90 and d.row.charge_text == "收费 80.00元"
    # Fri 25 + Mid-Autumn 25–27 off → Mon 28, Tue 29.
    assert d.row.revisit_due == datetime(2026, 9, 29, 23, 59, 59)
    assert [x.status.value for x in d.deadlines] == ["按时完成", "按时完成", "按时完成", "进行中"]
    clock.advance(days=1)
    d = o.revisit(d.id, RevisitDraft(clock(), "陈静", "电话", "满意", "已不漏水"))
    assert d.row.state == OrderState.DONE.value and not d.row.open_steps
    assert [e.action.value for e in d.events] == ["受理报修", "派工", "到场开工", "领料", "完工签认", "回访"]


def test_stock_never_goes_negative_without_confirmation(any_services: Services) -> None:
    s = any_services
    o = s.repairs.orders
    item = part(s, qty=3)
    d = o.register(request(s), project(s), "陈静")
    d = o.dispatch(d.id, DispatchDraft("李明", s.clock(), s.clock() + timedelta(hours=4)), "王建国")
    with pytest.raises(StockShortage) as caught:
        o.take_material(d.id, item, 5, "李明")
    assert "库存只有3只" in caught.value.message
    assert s.repairs.stock.get(item).quantity == 3 and not o.get(d.id).materials  # nothing was taken
    d = o.take_material(d.id, item, 5, "李明", confirm_negative=True)
    view = s.repairs.stock.get(item)
    assert view.quantity == -2 and view.negative
    assert d.materials[0].negative_confirmed
    moves = s.repairs.stock.movements(item)
    assert (moves[0].reason, moves[0].quantity, moves[0].balance, moves[0].order_number) == ("领用", -5, -2, d.row.number)
    with pytest.raises(ValidationError, match="不能超过该工单已领用的5"):
        o.return_material(d.id, item, 6, "李明")
    o.return_material(d.id, item, 5, "李明")
    assert s.repairs.stock.get(item).quantity == 3
    assert s.repairs.orders.cancel(d.id, "客户取消", "陈静").row.state == OrderState.CANCELLED.value


def test_cancel_refused_while_materials_are_out_and_tools_are_not_materials(any_services: Services) -> None:
    s = any_services
    o = s.repairs.orders
    item = part(s, qty=3)
    tool = s.repairs.stock.create(ItemDraft(ItemKind.TOOL, "GJ-01", "冲击钻", "台", "工具间", 1), project(s), "王").id
    d = o.register(request(s), project(s), "陈静")
    d = o.dispatch(d.id, DispatchDraft("李明", s.clock(), s.clock() + timedelta(hours=4)), "王建国")
    o.take_material(d.id, item, 1, "李明")
    with pytest.raises(TransitionError, match="请先退料"):
        o.cancel(d.id, "客户取消", "陈静")
    with pytest.raises(ValidationError, match="请用借用登记"):
        o.take_material(d.id, tool, 1, "李明")


def test_convert_a_complaint_with_one_click_linked_both_ways(any_services: Services) -> None:
    s = any_services
    c = s.complaints.register(ComplaintDraft(s.clock() - timedelta(hours=1), "李四", "5栋101", "13900139000",
                                             "厨房水龙头坏了", "一直滴水", Channel.PHONE, Kind.GENERAL, "室内设施维修",
                                             front_desk_at=s.clock() - timedelta(minutes=50)), project(s), "陈静")
    other = s.complaints.register(ComplaintDraft(s.clock(), "王五", "5栋102", "13900139001", "楼上装修吵",
                                                 channel=Channel.PHONE, kind=Kind.GENERAL, category="装修噪音",
                                                 front_desk_at=s.clock()), project(s), "陈静")
    assert [x.id for x in s.repairs.orders.convertible_complaints(project(s))] == [c.id]
    d = s.repairs.convert_complaint(c.id, "陈静")
    assert d.row.complaint_id == c.id and d.complaint_number == c.row.number
    assert (d.row.source, d.row.client, d.row.unit, d.row.subject) == ("投诉转入", "李四", "5栋101", "厨房水龙头坏了")
    note = s.complaints.get(c.id).last_event(Action.NOTE)
    assert note is not None and note.note == f"已转为维修工单 {d.row.number}"
    assert s.repairs.orders.for_complaint(c.id).id == d.id  # type: ignore[union-attr]
    assert s.repairs.orders.convertible_complaints(project(s)) == []
    with pytest.raises(ValidationError, match="已转为维修工单"):
        s.repairs.convert_complaint(c.id, "陈静")
    with pytest.raises(ValidationError, match="只有「室内设施维修、公共设施故障」类投诉"):
        s.repairs.convert_complaint(other.id, "陈静")


def test_urgent_repair_raises_the_emergency_and_dispatch_records_the_first_ladder_step(
        any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    d = s.repairs.orders.register(request(s, urgency=Urgency.URGENT, subject="地下车库水管爆裂", unit="B2车库"),
                                  project(s), "陈静")
    assert d.alert_complaint_number
    live = {e.id: e for e in s.complaints.emergencies()}
    alert = live[d.row.alert_complaint_id]  # type: ignore[index]
    assert alert.category == "紧急抢险抢修" and "地下车库水管爆裂" in alert.subject
    assert d.row.next_due_step == "紧急派工" and d.row.next_due_at == s.clock() + timedelta(minutes=3)
    clock.advance(minutes=2)
    s.repairs.orders.dispatch(d.id, DispatchDraft("李明", s.clock(), s.clock() + timedelta(hours=2)), "王建国")
    steps = {x.step: x for x in s.complaints.emergencies()[0].steps}
    assert steps["notify_department"].done_at == s.clock()
    case = s.complaints.get(d.row.alert_complaint_id)  # type: ignore[arg-type]
    assert any(e.data.get("work_order") == d.row.number for e in case.events)


def test_an_urgent_request_without_phone_is_refused_before_anything_is_saved(any_services: Services) -> None:
    s = any_services
    draft = request(s, urgency=Urgency.URGENT, source=Source.INTERNAL, client="", unit="", phone="",
                    location="配电房")
    with pytest.raises(ValidationError) as caught:
        s.repairs.orders.register(draft, project(s), "王建国")
    assert caught.value.errors == {"phone": "紧急抢险抢修须填写联系电话（用于突发事件上报）"}
    assert s.repairs.orders.page(WorkOrderFilter()).total == 0 and s.complaints.emergencies() == []


def test_internal_order_closes_at_sign_off_and_rework_keeps_late_steps(any_services: Services) -> None:
    s = any_services
    dev = s.repairs.devices.create(DeviceDraft("JS-01", "1#生活水泵", "给排水", "水泵房"), project(s), "王建国")
    o = s.repairs.orders
    received = s.clock() - timedelta(hours=20)
    d = o.register(request(s, received_at=received, source=Source.INTERNAL, client="", unit="", phone="",
                           location="水泵房", device_id=dev.id), project(s), "王建国")
    assert d.row.is_overdue(s.clock())  # dispatch was due at received + 12 h
    d = o.dispatch(d.id, DispatchDraft("赵强", s.clock(), s.clock() + timedelta(hours=4)), "王建国")
    assert d.row.done_late == ("派工",)
    d = o.complete(d.id, CompletionDraft(s.clock(), "更换轴承", "2", signed_by="王建国", arrived_at=s.clock(), by="赵强"))
    assert d.row.state == OrderState.DONE.value and d.row.revisit_due is None
    d = o.dispatch(d.id, DispatchDraft("赵强", s.clock(), s.clock() + timedelta(hours=4), note="仍有异响"), "王建国")
    assert d.row.state == OrderState.DISPATCHED.value and d.row.completed_at is None
    assert d.row.done_late == ("派工",)  # late stays late (RULES.md 「超时」)
    assert s.repairs.devices.card(dev.id).orders[0].id == d.id


def test_list_filters_searches_sorts_and_pages_in_sql(any_services: Services) -> None:
    s = any_services
    o = s.repairs.orders
    start = s.clock() - timedelta(days=30)
    for i in range(25):
        o.register(request(s, received_at=start + timedelta(days=i), client=("张三" if i % 5 == 0 else "李四"),
                           unit=f"{i % 3 + 1}栋{i:02d}01", phone=f"139{i:08d}", subject=f"报修{i}"),
                   project(s), "陈静")
    page = o.page(WorkOrderFilter(), 0, 10)
    assert page.total == 25 and len(page.rows) == 10 and page.rows[0].subject == "报修24"
    assert o.page(WorkOrderFilter(search="zs")).total == 5
    assert o.page(WorkOrderFilter(search="13900000007")).rows[0].subject == "报修7"
    assert o.page(WorkOrderFilter(search="报修1")).total == 11  # 1, 10–19
    assert o.page(WorkOrderFilter(overdue_only=True)).total == 25  # none dispatched within 12 h
    assert o.page(WorkOrderFilter(received_from=date(2026, 9, 17))).total == 2  # 09-17 and 09-18
    asc = o.page(WorkOrderFilter(sort_key="received_at", descending=False), 0, 3).rows
    assert [r.subject for r in asc] == ["报修0", "报修1", "报修2"]
    assert o.page(WorkOrderFilter(states=(OrderState.DISPATCHED.value,))).total == 0
    assert o.page(WorkOrderFilter(project_id=project(s) + 999)).total == 0
    # A work-order number is a prefix; a search within the project; the list's pages join up.
    assert [r.subject for r in o.page(WorkOrderFilter(search="bx-xm-2026-0001")).rows][-1] == "报修9"
    assert o.page(WorkOrderFilter(project_id=project(s), search="张三")).total == 5
    second = o.page(WorkOrderFilter(), 10, 10).rows
    assert [r.subject for r in second] == [f"报修{i}" for i in range(14, 4, -1)]


def test_next_deadline_sort_puts_orders_without_one_last(any_services: Services) -> None:
    s = any_services
    o = s.repairs.orders
    ids = [o.register(request(s, received_at=s.clock() - timedelta(hours=h), subject=f"单{h}"), project(s), "陈静").id
           for h in (1, 5, 3)]
    o.dispatch(ids[2], DispatchDraft("李明", s.clock(), s.clock() + timedelta(days=3)), "王建国")
    o.cancel(ids[0], "客户取消", "陈静")
    f = WorkOrderFilter(sort_key="next_due_at", descending=False)
    assert [r.subject for r in o.page(f).rows] == ["单5", "单3", "单1"]  # 派工 due, 限期完工 due, none
    assert [r.subject for r in o.page(f, 1, 1).rows] == ["单3"] and [r.subject for r in o.page(f, 2, 5).rows] == ["单1"]


def test_a_device_in_another_project_cannot_be_used(any_services: Services) -> None:
    s = any_services
    other = s.settings.save_project("金融大厦", "JR", 86)
    dev = s.repairs.devices.create(DeviceDraft("KT-01", "冷水机组", "空调", "机房"), other.id, "罗刚")
    assert dev.state == DeviceState.INTACT.value
    with pytest.raises(ValidationError, match="不属于本管理处"):
        s.repairs.orders.register(request(s, device_id=dev.id), project(s), "陈静")
