"""Rules of the repairs area without a database: the work order's life cycle, its deadlines on the real
2026 calendar, stock arithmetic, field messages, money, and the figures' arithmetic."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from wuye_desktop.domain.deadlines import Status
from wuye_desktop.domain.errors import TransitionError, ValidationError
from wuye_desktop.domain.repairs import (
    Charge,
    CheckResult,
    OrderAction,
    OrderState,
    Period,
    PlanKind,
    Severity,
    Source,
    allowed_order_actions,
    complete_target,
    money_text,
    next_order_state,
)
from wuye_desktop.domain.repairs_deadlines import OrderFacts, accident_report_due, evaluate_order
from wuye_desktop.domain.repairs_drafts import (
    AccidentDraft,
    CompletionDraft,
    DefectDraft,
    DeviceDraft,
    DispatchDraft,
    RequestDraft,
    parse_hours,
    parse_money,
)
from wuye_desktop.domain.repairs_figures import MonthFigures, percent_text
from wuye_desktop.domain.repairs_records import CheckDraft, CheckItem, PlanDraft
from wuye_desktop.domain.repairs_stock import StockLevel, StockShortage, adjust, give_back, lend, take
from wuye_desktop.domain.workcalendar import WorkCalendar
from wuye_desktop.services.calendar import ChinaOfficialSchedule

CAL = WorkCalendar(ChinaOfficialSchedule())
NOW = datetime(2026, 9, 24, 9, 0)


# --- life cycle ------------------------------------------------------------------------------------------

def test_the_order_moves_through_its_states_and_refuses_steps_out_of_order() -> None:
    s = next_order_state(OrderState.RECEIVED, OrderAction.DISPATCH)
    assert s is OrderState.DISPATCHED
    assert next_order_state(s, OrderAction.START) is OrderState.IN_PROGRESS
    assert next_order_state(OrderState.IN_PROGRESS, OrderAction.MATERIAL) is OrderState.IN_PROGRESS
    assert next_order_state(OrderState.IN_PROGRESS, OrderAction.COMPLETE) is OrderState.AWAITING_REVISIT
    assert next_order_state(OrderState.AWAITING_REVISIT, OrderAction.REVISIT) is OrderState.DONE
    with pytest.raises(TransitionError, match="待派工.*完工签认"):
        next_order_state(OrderState.RECEIVED, OrderAction.COMPLETE)
    with pytest.raises(TransitionError):
        next_order_state(OrderState.DONE, OrderAction.MATERIAL)
    with pytest.raises(TransitionError):
        next_order_state(OrderState.CANCELLED, OrderAction.NOTE)


def test_internal_jobs_close_at_sign_off_customer_jobs_wait_for_the_revisit() -> None:
    assert complete_target(Source.INTERNAL) is OrderState.DONE
    assert complete_target(Source.PHONE) is OrderState.AWAITING_REVISIT
    assert OrderAction.REWORK in allowed_order_actions(OrderState.DONE)
    assert OrderAction.CANCEL not in allowed_order_actions(OrderState.IN_PROGRESS)


# --- deadlines ---------------------------------------------------------------------------------------------

def by_step(facts: OrderFacts, now: datetime) -> dict[str, object]:
    return {d.step: d for d in evaluate_order(facts, CAL, now)}


@pytest.mark.parametrize(("completed", "revisit_by"), [
    ("2026-09-24 12:00", "2026-09-29 23:59:59"),  # Thu before Mid-Autumn → Tue
    ("2026-09-18 16:00", "2026-09-21 23:59:59"),  # Fri; Sun 09-20 is a 调休 workday
    ("2026-09-30 11:00", "2026-10-09 23:59:59"),  # Wed before National Day → Fri 10-09
    ("2026-10-08 09:30", "2026-10-10 23:59:59"),  # Thu → Sat 10-10 (调休 workday)
])
def test_revisit_due_two_working_days_after_completion(completed: str, revisit_by: str) -> None:
    """篇2 §5: 回访时效在2个工作日内, on the same calendar as complaints."""
    done = datetime.fromisoformat(completed)
    facts = OrderFacts(received_at=done - timedelta(hours=4), dispatched_at=done - timedelta(hours=3),
                       promised_at=done + timedelta(hours=1), started_at=done - timedelta(hours=1), completed_at=done)
    revisit = by_step(facts, done)["revisit"]
    assert revisit.due_at == datetime.fromisoformat(revisit_by)  # type: ignore[attr-defined]
    assert revisit.status is Status.PENDING  # type: ignore[attr-defined]


def test_dispatch_is_due_in_12_hours_urgent_in_3_minutes() -> None:
    received = datetime(2026, 9, 24, 8, 0)
    normal = by_step(OrderFacts(received_at=received), NOW)["dispatch"]
    assert normal.due_at == datetime(2026, 9, 24, 20, 0)  # type: ignore[attr-defined]
    urgent = by_step(OrderFacts(received_at=received, urgent=True), NOW)
    assert "dispatch" not in urgent
    assert urgent["dispatch_urgent"].due_at == datetime(2026, 9, 24, 8, 3)  # type: ignore[attr-defined]
    assert urgent["dispatch_urgent"].status is Status.OVERDUE  # type: ignore[attr-defined]


def test_promised_times_are_deadlines_and_late_stays_late() -> None:
    received = datetime(2026, 9, 23, 9, 0)
    facts = OrderFacts(received_at=received, dispatched_at=received + timedelta(hours=1),
                       appointment_at=received + timedelta(hours=3), started_at=received + timedelta(hours=4),
                       promised_at=received + timedelta(hours=24), completed_at=received + timedelta(hours=5))
    steps = by_step(facts, NOW)
    assert steps["arrival"].status is Status.DONE_LATE  # type: ignore[attr-defined]
    assert steps["completion"].status is Status.MET  # type: ignore[attr-defined]


def test_internal_orders_have_no_revisit_and_cancelled_ones_keep_only_late_steps() -> None:
    received = datetime(2026, 9, 23, 9, 0)
    assert "revisit" not in by_step(OrderFacts(received_at=received, customer=False), NOW)
    cancelled = evaluate_order(OrderFacts(received_at=received, cancelled=True), CAL, NOW)
    assert cancelled == ()


def test_accident_report_is_due_five_minutes_after_it_happened() -> None:
    assert accident_report_due(datetime(2026, 9, 24, 3, 20)) == datetime(2026, 9, 24, 3, 25)


# --- stock --------------------------------------------------------------------------------------------------

def test_taking_parts_deducts_and_never_goes_negative_without_confirmation() -> None:
    assert take("灯管", "支", 5, 2) == 3
    assert take("灯管", "支", 5, 5) == 0
    with pytest.raises(StockShortage) as caught:
        take("灯管", "支", 3, 5)
    assert caught.value.on_hand == 3 and "库存将为-2支" in caught.value.message
    assert take("灯管", "支", 3, 5, confirm_negative=True) == -2
    with pytest.raises(ValidationError, match="领用数量应大于0"):
        take("灯管", "支", 3, 0)


def test_returns_adjustments_and_loans() -> None:
    give_back(3, 2)
    with pytest.raises(ValidationError, match="不能超过该工单已领用的3"):
        give_back(3, 4)
    assert adjust(5, 10, "采购入库") == 15
    assert adjust(5, -5, "盘点调整") == 0
    with pytest.raises(ValidationError, match="报损的数量应为负数"):
        adjust(5, 1, "报损")
    with pytest.raises(ValidationError, match="不能减少6"):
        adjust(5, -6, "报损")
    level = StockLevel(on_hand=2, lent_out=1, reorder_level=3)
    assert level.available == 1 and level.needs_reorder
    assert not StockLevel(on_hand=3, reorder_level=3).needs_reorder  # 「低于补货线」: strictly below
    with pytest.raises(ValidationError, match="在库只有1件"):
        lend(level, 2)


# --- field messages ------------------------------------------------------------------------------------------

def test_a_request_names_every_bad_field_in_chinese() -> None:
    draft = RequestDraft(NOW + timedelta(hours=2), Source.PHONE, "", "", "12345", "", received_by="")
    with pytest.raises(ValidationError) as caught:
        draft.validate(NOW)
    e = caught.value.errors
    assert e["received_at"].startswith("报修时间不能晚于当前时间")
    assert e["client"] == "报修人不能为空" and e["unit"] == "房号不能为空"
    assert "联系电话" in e["phone"] and e["subject"] == "报修内容不能为空" and e["received_by"] == "受理人不能为空"


def test_an_internal_request_needs_a_place_not_a_customer() -> None:
    draft = RequestDraft(NOW, Source.INTERNAL, "", "", "", "水泵异响", received_by="王建国")
    with pytest.raises(ValidationError) as caught:
        draft.validate(NOW)
    assert caught.value.errors == {"location": "内部报修须写明维修地点或选择设备"}
    RequestDraft(NOW, Source.INTERNAL, "", "", "", "水泵异响", location="水泵房", received_by="王建国").validate(NOW)


def test_dispatch_and_completion_messages() -> None:
    with pytest.raises(ValidationError) as caught:
        DispatchDraft("", NOW, NOW - timedelta(hours=1)).validate(NOW, NOW - timedelta(hours=2))
    assert caught.value.errors == {"technician": "维修人员不能为空", "promised_at": "限期完工时间应晚于派工时间"}
    draft = CompletionDraft(NOW, "", "一个半小时", Charge.CHARGED, "0", "", by="李明")
    with pytest.raises(ValidationError) as caught:
        draft.validate(NOW, NOW - timedelta(hours=3), True, None)
    e = caught.value.errors
    assert e["arrived_at"] == "到场时间不能为空" and e["result"] == "维修结果不能为空"
    assert "不是有效的小时数" in e["labour_hours"] and "收费金额应大于0" in e["charge_amount"]
    assert e["signed_by"] == "客户签认人不能为空"


def test_money_and_hours_as_clerks_type_them() -> None:
    assert parse_money("收费", "¥120.5") == (12050, None)
    assert parse_money("收费", "80元") == (8000, None)
    assert parse_money("收费", "1,200.05") == (120005, None)
    assert parse_money("收费", "12.345")[1] == "收费「12.345」不是有效的金额（如 120 或 120.50）"
    assert parse_hours("工时", "1.5") == (90, None)
    assert money_text(12050) == "120.50" and money_text(-5) == "-0.05"


def test_device_defect_accident_plan_and_check_messages() -> None:
    with pytest.raises(ValidationError) as caught:
        DeviceDraft("", "水泵", "", "", install_date=date(2027, 1, 1)).validate(date(2026, 9, 24))
    assert caught.value.errors == {"code": "设备编号不能为空", "system": "所属系统不能为空",
                                   "location": "安装位置不能为空", "install_date": "安装日期不能晚于今天（2026-09-24）"}
    with pytest.raises(ValidationError) as caught:
        DefectDraft(1, NOW, "李明", "漏电", Severity.MAJOR).validate(NOW)
    assert set(caught.value.errors) == {"made_safe", "contact_phone"}
    with pytest.raises(ValidationError) as caught:
        AccidentDraft(NOW, "泵房", "跑水", "王建国", "13800138000", reported_at=NOW).validate(NOW)
    assert caught.value.errors == {"reported_to": "填写了上报时间，须写明上报给谁"}
    with pytest.raises(ValidationError) as caught:
        PlanDraft("", PlanKind.MAINTENANCE, Period.EVERY_N_DAYS, None, (), "", every_n=0).validate()
    assert set(caught.value.errors) == {"name", "start_date", "every_n", "device_ids", "content"}
    items = (CheckItem("接地可靠", False, "PE线松动"), CheckItem("绝缘合格", True))
    with pytest.raises(ValidationError) as caught:
        CheckDraft(NOW, "王建国", items, CheckResult.PASSED).validate(NOW)
    assert caught.value.errors == {"result": "有1项不合格，结论不能为「合格」"}
    with pytest.raises(ValidationError) as caught:
        CheckDraft(NOW, "王建国", items, CheckResult.FAILED).validate(NOW)
    assert set(caught.value.errors) == {"rectification", "rectify_due"}


# --- figures -------------------------------------------------------------------------------------------------

def test_rates_are_fractions_of_known_counts_and_empty_is_a_dash() -> None:
    m = MonthFigures(2026, 9, devices_intact=17, devices_in_service=20, devices_degraded=3, devices_stopped=2,
                     tasks_planned=8, tasks_done=6, tasks_on_time=5, tasks_overdue=2, orders_received=10,
                     orders_finished=8, orders_counted=9, orders_timely=6)
    assert m.intact_rate == pytest.approx(0.85)
    assert percent_text(m.plan_completion_rate) == "75.0%" and percent_text(m.plan_on_time_rate) == "62.5%"
    assert percent_text(m.timeliness_rate) == "66.7%"
    empty = MonthFigures(2026, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert empty.intact_rate is None and percent_text(empty.timeliness_rate) == "—"
