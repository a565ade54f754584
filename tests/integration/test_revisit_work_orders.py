"""Work orders in the revisit list (issue 5): a customer's completed work order gets its revisit task
due at the end of the 2nd working day on the 2026 calendar with 调休 (篇2 §5、§7, as the repairs area
computes it), one record both ways (the revisits tab records the order's own 「回访」 step; the
repairs tab's revisit closes the task), 返修 passes, the sync for older databases, the source
filter, the figures and the export — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.domain.repairs import Charge, OrderState, Source
from wuye_desktop.domain.repairs_drafts import CompletionDraft, DispatchDraft, RequestDraft, RevisitDraft
from wuye_desktop.domain.revisit_voice import OpinionFilter
from wuye_desktop.domain.revisits import FollowUp, TaskFilter, TaskStatus
from wuye_desktop.services.container import Services
from wuye_desktop.storage import revisit_queries
from tests.integration.test_revisit_flow import complete_case, only_task, revisit


def completed_order(s: Services, clock, received: datetime, finished: datetime, *,  # type: ignore[no-untyped-def]
                    source: Source = Source.PHONE, client: str = "张三", unit: str = "3栋2单元501",
                    received_by: str = "陈静") -> int:
    """Register, dispatch and complete a work order (the customer signs); returns its id."""
    clock.set(received)
    o = s.repairs.orders
    order = o.register(RequestDraft(received_at=received, source=source, client=client, unit=unit,
                                    phone="13800138000" if source is not Source.INTERNAL else "",
                                    subject="卫生间漏水", category="给排水管道", received_by=received_by,
                                    location="" if unit else "地下车库"),
                       s.settings.projects()[0].id, received_by)
    o.dispatch(order.id, DispatchDraft("李明", received, received + timedelta(hours=48)), "王建国")
    clock.set(finished)
    o.complete(order.id, CompletionDraft(finished, "更换角阀，试水无渗漏", "1", Charge.FREE, "", client or "王建国",
                                         "满意", finished - timedelta(hours=1), "李明"))
    return order.id


def order_task(s: Services, order_id: int):  # type: ignore[no-untyped-def]
    task = s.revisits.task_for_work_order(order_id)
    assert task is not None, "completing the work order created no revisit task"
    return task


@pytest.mark.parametrize(("finished", "due"), [
    # Fri 09-25 is Mid-Autumn (09-25…09-27 off): Mon 09-28, Tue 09-29.
    (datetime(2026, 9, 25, 10, 0), datetime(2026, 9, 29, 23, 59, 59)),
    # Fri 09-18: Sun 09-20 is a 调休 workday, so the 2nd working day is Mon 09-21.
    (datetime(2026, 9, 18, 16, 0), datetime(2026, 9, 21, 23, 59, 59)),
    # Thu 10-08 after National Day: Fri 10-09, Sat 10-10 (调休上班).
    (datetime(2026, 10, 8, 15, 0), datetime(2026, 10, 10, 23, 59, 59)),
])
def test_completed_work_order_gets_its_task_on_the_2026_calendar(any_services: Services, clock, finished: datetime,
                                                                 due: datetime) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    order_id = completed_order(s, clock, finished - timedelta(hours=5), finished)
    task = order_task(s, order_id)
    order = s.repairs.orders.get(order_id).row
    assert task.due_at == due == order.revisit_due  # one computation: the repairs area's
    assert (task.source, task.number, task.complainant, task.unit) == ("维修单", order.number, "张三", "3栋2单元501")
    assert task.completed_at == finished and task.assignee == "陈静"  # the receiver, as a complaint's first responder
    assert task.complaint_id is None and task.work_order_id == order_id
    page = s.revisits.page(TaskFilter(status="未回访（含逾期）"))
    assert [(v.source, v.number) for v in page.rows] == [("维修单", order.number)] and page.total == 1


def test_internal_job_has_no_customer_to_revisit(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    order_id = completed_order(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 11, 0),
                               source=Source.INTERNAL, client="", unit="")
    assert s.repairs.orders.get(order_id).row.state == OrderState.DONE.value
    assert s.revisits.task_for_work_order(order_id) is None
    assert s.revisits.sync() == 0 and s.revisits.page(TaskFilter()).total == 0


def test_recording_in_the_revisits_tab_is_the_work_orders_revisit(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    order_id = completed_order(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 11, 0))
    task = order_task(s, order_id)
    clock.set(datetime(2026, 9, 28, 10, 0))
    done = s.revisits.record(task.id, revisit(at=datetime(2026, 9, 28, 9, 30), method="上门", satisfaction="基本满意",
                                              content="住户说不漏了", opinion="希望维修前先电话预约",
                                              question="何时检修总阀？", promised_at=datetime(2026, 9, 30, 17, 0)))
    order = s.repairs.orders.get(order_id)
    assert order.row.state == OrderState.DONE.value
    assert (order.row.revisited_at, order.row.revisit_result) == (datetime(2026, 9, 28, 9, 30), "基本满意")
    step = order.events[-1]
    assert (step.action.value, step.by, step.note, step.data["method"]) == ("回访", "王前台", "住户说不漏了", "上门")
    assert (done.state, done.visitor, done.method, done.satisfaction) == ("已回访", "王前台", "上门", "基本满意")
    assert done.status(clock()) is TaskStatus.ON_TIME
    items = s.revisits.opinions.page(OpinionFilter(status="未处理")).rows
    assert sorted((i.category, i.content, i.source_ref) for i in items) == [
        ("意见", "希望维修前先电话预约", order.row.number), ("询问", "何时检修总阀？", order.row.number)]
    # The task is done: a second record is refused with the reason, the order keeps one revisit.
    assert "的这次回访已于 2026-09-28 09:30 登记" in s.revisits.blocked_reason(task.id)


def test_revisit_in_the_repairs_tab_closes_the_task_late_stays_late(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    order_id = completed_order(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 11, 0))
    clock.set(datetime(2026, 9, 30, 10, 0))  # due Tue 09-29: overdue now
    assert order_task(s, order_id).status(clock()) is TaskStatus.OVERDUE
    assert s.revisits.page(TaskFilter(status="逾期未回访")).total == 1
    s.repairs.orders.revisit(order_id, RevisitDraft(datetime(2026, 9, 30, 9, 0), "赵客服", "电话", "满意", "已不漏水"))
    task = order_task(s, order_id)
    assert (task.state, task.visitor, task.method, task.satisfaction, task.content) == (
        "已回访", "赵客服", "电话", "满意", "已不漏水")
    assert task.status(clock()) is TaskStatus.LATE and task.is_late(clock())
    assert s.revisits.page(TaskFilter(status="超时回访")).total == 1


def test_unsatisfied_revisit_sends_the_job_back_and_the_next_completion_is_revisited(any_services: Services,
                                                                                      clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    order_id = completed_order(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 11, 0))
    first = order_task(s, order_id)
    clock.set(datetime(2026, 9, 28, 10, 0))
    with pytest.raises(ValidationError) as info:
        s.revisits.record(first.id, revisit(satisfaction="不满意", content="还在漏", method="座谈会",
                                            follow_up=FollowUp.REOPEN.value))
    assert info.value.errors == {"method": "维修单的回访方式请选择电话、上门、其他",
                                 "follow_up": "维修单不能「重新打开投诉」：请选择「返修」或「另立新投诉」"}
    done = s.revisits.record(first.id, revisit(satisfaction="不满意", content="还在漏",
                                               follow_up=FollowUp.REWORK.value))
    assert done.result_text == "不满意（返修）"
    order = s.repairs.orders.get(order_id)
    assert order.row.state == OrderState.DISPATCHED.value and order.row.technician == "李明"
    assert [e.action.value for e in order.events][-2:] == ["回访", "返修"]
    assert "回访不满意，返修：还在漏" in order.events[-1].note
    # No extra complaint item: the 返修 is the follow-up.
    assert s.revisits.opinions.page(OpinionFilter()).total == 0
    # Completed again on Wed 09-30: a new task for this pass, due Fri 10-09 (National Day 10-01…10-07).
    clock.set(datetime(2026, 9, 30, 15, 0))
    s.repairs.orders.complete(order_id, CompletionDraft(clock(), "重新更换密封圈", "1", Charge.FREE, "", "张三", "满意",
                                                        clock() - timedelta(hours=1), "李明"))
    second = order_task(s, order_id)
    assert second.id != first.id and second.cycle == 1 and second.due_at == datetime(2026, 10, 9, 23, 59, 59)
    assert s.revisits.get(first.id).state == "已回访"
    assert s.revisits.page(TaskFilter(source="维修单")).total == 2


def test_rework_from_the_repairs_tab_before_the_revisit_cancels_that_pass(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    order_id = completed_order(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 11, 0))
    first = order_task(s, order_id)
    clock.set(datetime(2026, 9, 24, 15, 0))
    s.repairs.orders.dispatch(order_id, DispatchDraft("王五", clock(), clock() + timedelta(hours=24),
                                                      note="客户来电仍漏水"), "王建国")
    cancelled = s.revisits.get(first.id)
    assert cancelled.state == "已取消" and "工单已返修" in cancelled.note
    assert s.revisits.page(TaskFilter(status="未回访（含逾期）")).total == 0


def test_complaint_tasks_keep_their_follow_ups(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    clock.set(datetime(2026, 9, 28, 10, 0))
    with pytest.raises(ValidationError) as info:
        any_services.revisits.record(only_task(any_services, case_id).id, revisit(
            satisfaction="不满意", follow_up=FollowUp.REWORK.value))
    assert info.value.errors == {"follow_up": "投诉不能「返修」：请选择「重新打开投诉」或「另立新投诉」"}


def test_source_filter_search_and_sort_over_both_kinds(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    case_id = complete_case(s, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0), unit="1栋101")
    order_id = completed_order(s, clock, datetime(2026, 9, 25, 8, 0), datetime(2026, 9, 25, 10, 0),
                               client="刘洋", unit="5栋302")
    case_number = only_task(s, case_id).number
    order_number = order_task(s, order_id).number

    def numbers(**f: object) -> list[str]:
        return [v.number for v in s.revisits.page(TaskFilter(**f)).rows]  # type: ignore[arg-type]

    assert numbers(source="投诉") == [case_number]
    assert numbers(source="维修单") == [order_number]
    assert sorted(numbers()) == sorted([case_number, order_number])
    assert numbers(search="ly") == [order_number]              # 刘洋's initials
    assert numbers(search="5栋302") == [order_number]
    assert numbers(search="BX-") == [order_number]
    assert numbers(search="1栋101", source="维修单") == []
    assert numbers(sort_key="number") == sorted([case_number, order_number])
    assert numbers(sort_key="unit") == [case_number, order_number]
    assert numbers(sort_key="unit", descending=True) == [order_number, case_number]


def test_the_count_over_both_kinds_and_a_search_count_stops_at_its_cap(any_services: Services, clock,  # type: ignore[no-untyped-def]
                                                                        monkeypatch) -> None:
    s = any_services
    complete_case(s, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0), unit="1栋101")
    completed_order(s, clock, datetime(2026, 9, 25, 8, 0), datetime(2026, 9, 25, 10, 0), client="刘洋", unit="1栋102")
    page = s.revisits.page(TaskFilter())
    assert (page.total, page.capped) == (2, False)
    assert (s.revisits.page(TaskFilter(source="维修单")).total, s.revisits.page(TaskFilter(search="1栋")).total) == (1, 2)
    monkeypatch.setattr(revisit_queries, "COUNT_CAP", 1)  # the list then says 「超过 1 宗」
    capped = s.revisits.page(TaskFilter(search="1栋"))
    assert (capped.total, capped.capped, len(capped.rows)) == (1, True, 2)


def test_work_order_revisits_count_in_the_figures(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    """篇4 二: revisit, on-time and satisfaction rates count complaints' and work orders' revisits alike;
    the effective complaint rate counts complaints only."""
    s = any_services
    case_id = complete_case(s, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    order_id = completed_order(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 11, 0))
    clock.set(datetime(2026, 9, 28, 10, 0))
    s.revisits.record(only_task(s, case_id).id, revisit(at=datetime(2026, 9, 28, 9, 0)))
    clock.set(datetime(2026, 9, 30, 10, 0))  # the work order's revisit comes a day late, unsatisfied
    s.revisits.record(order_task(s, order_id).id, revisit(at=datetime(2026, 9, 30, 9, 0), satisfaction="不满意",
                                                          content="师傅态度不好"))
    september = s.revisits.figures(2026, 9)
    assert (september.revisit_rate.detail, september.on_time_rate.detail, september.satisfaction_rate.detail) == (
        "2/2", "1/2", "1/2")
    assert september.counts.reasonable_complaints == 1  # the work order is no complaint
    # Not followed up: the dissatisfaction is an item to handle, like a complaint's.
    items = s.revisits.opinions.page(OpinionFilter()).rows
    assert [(i.category, i.content) for i in items] == [("投诉", "回访不满意：师傅态度不好")]


def test_sync_creates_the_tasks_of_orders_completed_without_the_list(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    """A database from before the work orders joined the list: the sync makes their tasks, done or
    not as the orders say, and a second run changes nothing."""
    s = any_services
    s.repairs.orders.step_observers.clear()  # as before migration 0007
    waiting = completed_order(s, clock, datetime(2026, 9, 21, 8, 0), datetime(2026, 9, 21, 11, 0))
    revisited = completed_order(s, clock, datetime(2026, 9, 22, 8, 0), datetime(2026, 9, 22, 11, 0))
    clock.set(datetime(2026, 9, 25, 10, 0))
    s.repairs.orders.revisit(revisited, RevisitDraft(datetime(2026, 9, 25, 9, 0), "陈静", "电话", "满意", "好了"))
    assert s.revisits.page(TaskFilter()).total == 0
    assert s.revisits.sync() == 2
    assert s.revisits.sync() == 0
    late = order_task(s, revisited)
    assert (late.state, late.due_at, late.done_at) == ("已回访", datetime(2026, 9, 24, 23, 59, 59),
                                                     datetime(2026, 9, 25, 9, 0))
    assert late.status(clock()) is TaskStatus.LATE
    open_ = order_task(s, waiting)
    assert open_.state == "待回访" and open_.due_at == datetime(2026, 9, 23, 23, 59, 59)
    assert open_.status(clock()) is TaskStatus.OVERDUE
    # Revisited later in the repairs tab, still without the observer: the next sync follows.
    clock.advance(minutes=30)
    s.repairs.orders.revisit(waiting, RevisitDraft(clock(), "陈静", "电话", "满意", "好了"))
    assert s.revisits.sync() == 0 and order_task(s, waiting).state == "已回访"


def test_export_has_the_source_column(any_services: Services, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = any_services
    order_id = completed_order(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 11, 0))
    number = order_task(s, order_id).number
    clock.set(datetime(2026, 9, 30, 10, 0))
    ws = load_workbook(s.revisits.export_tasks(TaskFilter(source="维修单"), tmp_path / "t.xlsx")).active
    assert [ws.cell(3, c).value for c in range(1, 8)] == [number, "维修单", datetime(2026, 9, 29, 23, 59, 59), None,
                                                         None, None, "逾期未回访"]
    assert ws.cell(3, 1).font.color is not None and ws.cell(3, 1).font.color.rgb.endswith("C62828")
    assert ws.cell(4, 1).value is None


def test_record_sheet_of_a_work_order(any_services: Services, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_revisit_areas import pdf_text

    s = any_services
    order_id = completed_order(s, clock, datetime(2026, 9, 24, 8, 0), datetime(2026, 9, 24, 11, 0))
    task = order_task(s, order_id)
    text, pages = pdf_text(s.revisits.write_record_pdf(task.id, tmp_path / "sheet.pdf"))
    assert pages == 1
    assert "维修单号" in text and task.number in text and "更换角阀，试水无渗漏" in text and "李明" in text
    assert "维修完工后2个工作日内回访" in text and "投诉编号" not in text and "座谈会" not in text


def test_dashboard_lists_a_work_order_waiting_for_its_revisit_once(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    from wuye_desktop.services.dashboard import REVISIT_TASK

    s = any_services
    # Completed Wed 09-30: due Fri 10-09 (National Day 10-01…10-07); on 10-09 it is due tonight.
    order_id = completed_order(s, clock, datetime(2026, 9, 30, 8, 0), datetime(2026, 9, 30, 11, 0))
    clock.set(datetime(2026, 10, 9, 10, 0))
    number = order_task(s, order_id).number
    d = s.dashboard.load(None)
    mine = [(i.module, i.kind, i.number, i.step) for i in d.deadlines if i.number == number]
    assert mine == [("回访", REVISIT_TASK, number, "回访")]


def test_dashboard_shows_an_unsynced_work_orders_revisit_as_its_step(any_services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    from wuye_desktop.services.dashboard import REVISIT_TASK, WORK_ORDER

    s = any_services
    s.repairs.orders.step_observers.clear()  # a database from before migration 0007, not synced yet
    order_id = completed_order(s, clock, datetime(2026, 9, 30, 8, 0), datetime(2026, 9, 30, 11, 0))
    clock.set(datetime(2026, 10, 9, 10, 0))
    number = s.repairs.orders.get(order_id).row.number

    def listed() -> list[tuple[str, str, str]]:
        return [(i.module, i.kind, i.step) for i in s.dashboard.load(None).deadlines if i.number == number]

    assert listed() == [("维修工单", WORK_ORDER, "回访")]
    assert s.revisits.sync() == 1
    assert listed() == [("回访", REVISIT_TASK, "回访")]
