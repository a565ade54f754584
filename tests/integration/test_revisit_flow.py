"""Revisit tasks follow the complaint desk (篇2 §5、§7): created at completion on the 2026 calendar
with 调休, recorded as the case's 「回访」 step, followed up when the resident is not satisfied."""

from __future__ import annotations

from datetime import datetime

import pytest

from wuye_desktop.domain.complaint import Action, Kind, State
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import TransitionError, ValidationError
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.domain.revisit_voice import OpinionFilter
from wuye_desktop.domain.revisits import FollowUp, RevisitInput, TaskFilter, TaskStatus
from wuye_desktop.services.complaints import StepInput


def make_draft(received: datetime, **over: object) -> ComplaintDraft:
    values: dict[str, object] = dict(
        received_at=received, complainant="张三", unit="3栋2单元501", phone="13800138000",
        subject="楼道灯不亮", content="三楼楼道灯坏了一周", category="公共设施故障", first_responder="李四",
        front_desk_at=received)
    values.update(over)
    return ComplaintDraft(**values)  # type: ignore[arg-type]


def complete_case(services, clock, received: datetime, completed: datetime, *, reply: bool = True,
                  **over: object) -> int:  # type: ignore[no-untyped-def]
    """Register a case and drive it to 处理完成 (and 已回复客户 when ``reply``); returns its id."""
    svc = services.complaints
    clock.set(received)
    project = services.settings.projects()[0].id
    case = svc.register(make_draft(received, **over), project, "王前台")
    svc.act(case.id, StepInput(Action.DISPATCH, "王前台", received,
                               data={"department": "工程部", "due_at": f"{completed:%Y-%m-%d} 23:00"}))
    clock.set(completed)
    svc.act(case.id, StepInput(Action.COMPLETE, "工程部", completed, "已更换灯管"))
    if reply:
        svc.act(case.id, StepInput(Action.FEEDBACK, "王前台", completed, "已告知首问人"))
        svc.act(case.id, StepInput(Action.REPLY, "王前台", completed, "已电话回复业主"))
    return case.id


def only_task(services, complaint_id: int):  # type: ignore[no-untyped-def]
    task = services.revisits.task_for_complaint(complaint_id)
    assert task is not None, "completing the complaint created no revisit task"
    return task


def revisit(by: str = "王前台", at: datetime | None = datetime(2026, 9, 28, 9, 30), **over: object) -> RevisitInput:
    values: dict[str, object] = dict(by=by, at=at, method="电话", satisfaction="满意", content="住户表示灯已修好")
    values.update(over)
    return RevisitInput(**values)  # type: ignore[arg-type]


def test_completion_before_mid_autumn_is_due_tuesday(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    # Thu 2026-09-24; 09-25…09-27 Mid-Autumn holiday, so the 2nd working day is Tue 09-29.
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    task = only_task(any_services, case_id)
    assert task.due_at == datetime(2026, 9, 29, 23, 59, 59)
    assert task.completed_at == datetime(2026, 9, 24, 17, 0)
    assert task.assignee == "李四"  # the first responder follows the case (篇2 §8)
    assert task.status(clock()) is TaskStatus.OPEN
    # The same due time the desk stored on the case: one computation.
    assert any_services.complaints.get(case_id).row.revisit_due == task.due_at
    page = any_services.revisits.page(TaskFilter(status="未回访（含逾期）"))
    assert [v.number for v in page.rows] == [task.number] and page.total == 1


def test_completion_after_national_day_is_due_on_the_adjusted_saturday(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    # Thu 2026-10-08 → Fri 10-09, Sat 10-10 (调休上班).
    case_id = complete_case(any_services, clock, datetime(2026, 10, 8, 9, 0), datetime(2026, 10, 8, 15, 0))
    assert only_task(any_services, case_id).due_at == datetime(2026, 10, 10, 23, 59, 59)


def test_recording_the_revisit_moves_the_complaint_on(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    task = only_task(any_services, case_id)
    clock.set(datetime(2026, 9, 28, 10, 0))
    done = any_services.revisits.record(task.id, revisit(
        at=datetime(2026, 9, 28, 9, 30), opinion="希望加强楼道巡查\n晚上路灯太暗",
        question="物业费何时公布？", promised_at=datetime(2026, 9, 30, 17, 0)))
    case = any_services.complaints.get(case_id)
    assert case.state is State.REVISITED
    assert case.row.revisit_result == "满意"
    assert case.last_event(Action.REVISIT).data["method"] == "电话"
    assert (done.state, done.method, done.satisfaction, done.visitor) == ("已回访", "电话", "满意", "王前台")
    assert done.status(clock()) is TaskStatus.ON_TIME
    items = any_services.revisits.opinions.page(OpinionFilter(status="未处理")).rows
    assert sorted((i.category, i.content) for i in items) == [
        ("意见", "希望加强楼道巡查"), ("意见", "晚上路灯太暗"), ("询问", "物业费何时公布？")]
    question = next(i for i in items if i.category == "询问")
    assert question.due_at == datetime(2026, 9, 30, 17, 0) and question.source_ref == task.number
    # The promised reply is a tracked deadline of its own (篇4 二.1(3)).
    clock.set(datetime(2026, 10, 1, 9, 0))
    late = any_services.revisits.opinions.page(OpinionFilter(status="逾期未答复")).rows
    assert [i.content for i in late] == ["物业费何时公布？"]


def test_not_yet_replied_case_is_explained_and_nothing_is_recorded(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0),
                            reply=False)
    task = only_task(any_services, case_id)
    with pytest.raises(TransitionError) as info:
        any_services.revisits.record(task.id, revisit(at=datetime(2026, 9, 24, 17, 0)))
    assert "「反馈首问人」和「回复客户」" in info.value.message
    assert any_services.revisits.get(task.id).state == "待回访"
    assert any_services.complaints.get(case_id).state is State.COMPLETED


def test_revisit_recorded_at_the_complaint_desk_closes_the_task(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    clock.set(datetime(2026, 9, 30, 10, 0))  # after the due time: 超时回访, and it stays so
    any_services.complaints.act(case_id, StepInput(Action.REVISIT, "赵客服", datetime(2026, 9, 30, 9, 0), "满意",
                                                   {"method": "上门", "satisfaction": "基本满意"}))
    task = only_task(any_services, case_id)
    assert (task.state, task.method, task.satisfaction, task.visitor) == ("已回访", "上门", "基本满意", "赵客服")
    assert task.status(clock()) is TaskStatus.LATE
    assert task.is_late(clock())


def test_unsatisfied_revisit_reopens_and_the_next_completion_gets_a_new_task(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    first = only_task(any_services, case_id)
    clock.set(datetime(2026, 9, 28, 10, 0))
    done = any_services.revisits.record(first.id, revisit(satisfaction="不满意", content="灯又坏了",
                                                          follow_up=FollowUp.REOPEN.value))
    assert done.follow_up == "重新打开投诉" and done.result_text == "不满意（重新打开投诉）"
    case = any_services.complaints.get(case_id)
    assert case.state is State.AT_FRONT_DESK
    assert case.last_event(Action.REOPEN).note.startswith("回访不满意")
    svc = any_services.complaints
    svc.act(case_id, StepInput(Action.DISPATCH, "王前台", data={"department": "工程部", "due_at": "2026-09-29 18:00"}))
    clock.set(datetime(2026, 9, 30, 11, 0))  # Wed 09-30 → 10-01…10-07 off → due Fri 10-09
    svc.act(case_id, StepInput(Action.COMPLETE, "工程部", note="更换整套灯具"))
    second = only_task(any_services, case_id)
    assert second.id != first.id and second.cycle == 1
    assert second.due_at == datetime(2026, 10, 9, 23, 59, 59)
    assert any_services.revisits.get(first.id).state == "已回访"


def test_unsatisfied_revisit_can_open_a_linked_new_case(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    task = only_task(any_services, case_id)
    clock.set(datetime(2026, 9, 28, 10, 0))
    done = any_services.revisits.record(task.id, revisit(satisfaction="不满意", content="楼下垃圾没人清",
                                                         follow_up=FollowUp.NEW_CASE.value))
    assert done.follow_up_number
    new = any_services.complaints.page(ComplaintFilter(search=done.follow_up_number)).rows
    assert len(new) == 1 and new[0].subject == "回访不满意：楼道灯不亮"
    assert any_services.complaints.get(case_id).last_event(Action.NOTE).note == f"回访不满意，另立新投诉 {done.follow_up_number}"
    assert done.result_text == f"不满意（另立新投诉 {done.follow_up_number}）"


def test_follow_up_needs_an_unsatisfied_result_and_fields_are_checked(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    task = only_task(any_services, case_id)
    with pytest.raises(ValidationError) as info:
        any_services.revisits.record(task.id, RevisitInput(
            by="", at=datetime(2026, 9, 24, 16, 0), method="", satisfaction="满意", content="",
            question="何时答复？", follow_up=FollowUp.REOPEN.value))
    assert info.value.errors == {
        "by": "回访人不能为空",
        "at": "回访时间不能早于处理完成时间（2026-09-24 17:00）",
        "method": "请选择回访方式（电话、上门、座谈会、问卷或其他）",
        "content": "回访记录不能为空",
        "promised_at": "有未能当场答复的问题时，须约定答复时间",
        "follow_up": "只有回访结果为「不满意」时才能重新打开投诉或另立新投诉",
    }


def test_overdue_tasks_are_listed_as_such(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    case_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
    clock.set(datetime(2026, 9, 30, 0, 0, 1))
    task = only_task(any_services, case_id)
    assert task.status(clock()) is TaskStatus.OVERDUE
    assert [v.id for v in any_services.revisits.page(TaskFilter(status="逾期未回访")).rows] == [task.id]
    assert any_services.revisits.page(TaskFilter(status="未到期")).rows == ()


def test_sync_creates_tasks_for_cases_written_without_the_observer(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    """A ledger import or an old database: tasks appear, done or not as the case says; a rerun is a no-op."""
    observers = list(any_services.complaints.step_observers)
    any_services.complaints.step_observers.clear()
    try:
        open_id = complete_case(any_services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0))
        done_id = complete_case(any_services, clock, datetime(2026, 10, 8, 9, 0), datetime(2026, 10, 8, 15, 0),
                                unit="5栋1202")
        clock.set(datetime(2026, 10, 9, 11, 0))
        any_services.complaints.act(done_id, StepInput(Action.REVISIT, "赵客服", datetime(2026, 10, 9, 10, 0),
                                                       "满意", {"method": "电话", "satisfaction": "满意"}))
        suggestion = any_services.complaints.register(
            make_draft(datetime(2026, 10, 8, 9, 0), kind=Kind.SUGGESTION, subject="建议增设快递柜",
                       category="其他物业服务"),
            any_services.settings.projects()[0].id, "王前台")
    finally:
        any_services.complaints.step_observers.extend(observers)
    assert any_services.revisits.task_for_complaint(open_id) is None
    assert any_services.revisits.sync_from_complaints() == 2
    assert only_task(any_services, open_id).due_at == datetime(2026, 9, 29, 23, 59, 59)
    revisited = only_task(any_services, done_id)
    assert (revisited.state, revisited.due_at) == ("已回访", datetime(2026, 10, 10, 23, 59, 59))
    assert [s.complaint_id for s in any_services.revisits.suggestions.list(None)] == [suggestion.id]
    assert any_services.revisits.sync_from_complaints() == 0
    assert any_services.revisits.page(TaskFilter()).total == 2
    assert len(any_services.revisits.suggestions.list(None)) == 1
