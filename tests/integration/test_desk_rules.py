"""The desk's rules enforced by the service on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

import pytest

from wuye_desktop.domain.complaint import Action, Channel, Kind, State
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import TransitionError, ValidationError
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.services.complaints import StepInput


def draft(**over: object) -> ComplaintDraft:
    values: dict[str, object] = dict(
        received_at=datetime(2026, 9, 24, 8, 30), complainant="张三", unit="A座1203", phone="13800138000",
        subject="楼上装修噪音", content="晚上十点还在施工", category="装修噪音", first_responder="李四",
        front_desk_at=datetime(2026, 9, 24, 8, 40))
    values.update(over)
    return ComplaintDraft(**values)  # type: ignore[arg-type]


def step(action: Action, note: str = "", **data: str) -> StepInput:
    return StepInput(action, "王前台", note=note, data=data)


def run_to_revisit(svc, case_id: int, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 9, 24, 10, 0))
    svc.act(case_id, step(Action.DISPATCH, department="保安部", due_at="2026-09-24 18:00"))
    clock.set(datetime(2026, 9, 24, 17, 0))
    svc.act(case_id, step(Action.COMPLETE, "已劝停施工", work_done_at="2026-09-24 16:30"))
    svc.act(case_id, step(Action.FEEDBACK, "已告知首问人李四"))
    svc.act(case_id, step(Action.REPLY, "已电话回复业主"))
    clock.set(datetime(2026, 9, 28, 10, 0))
    svc.act(case_id, step(Action.REVISIT, "业主表示满意", method="电话", satisfaction="满意"))


def test_whole_life_cycle_with_confirmation(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = any_services.complaints
    project = any_services.settings.projects()[0].id
    case = svc.register(draft(), project, "王前台")
    assert case.state is State.AT_FRONT_DESK
    run_to_revisit(svc, case.id, clock)
    with pytest.raises(ValidationError) as info:
        svc.act(case.id, step(Action.CLOSE))
    assert info.value.errors["confirmed_by"].startswith("客户确认人不能为空")
    closed = svc.act(case.id, step(Action.CLOSE, confirmed_by="张三"))
    assert closed.state is State.CLOSED
    assert closed.row.revisit_result == "满意"
    assert closed.row.revisit_due == datetime(2026, 9, 29, 23, 59, 59)
    assert closed.row.overdue_labels(clock()) == []
    assert all(i.done for i in closed.checklist)
    assert [e.action for e in closed.events][-1] is Action.CLOSE


def test_impossible_steps_are_refused_by_the_service(any_services) -> None:  # type: ignore[no-untyped-def]
    svc = any_services.complaints
    case = svc.register(draft(), any_services.settings.projects()[0].id, "王前台")
    with pytest.raises(TransitionError, match="不能执行「处理完成」"):
        svc.act(case.id, step(Action.COMPLETE, "好了"))
    with pytest.raises(TransitionError, match="只有重大投诉"):
        svc.act(case.id, step(Action.LADDER_NOTIFY_DEPT))
    assert svc.get(case.id).state is State.AT_FRONT_DESK


def test_step_fields_are_validated_in_chinese(any_services) -> None:  # type: ignore[no-untyped-def]
    svc = any_services.complaints
    case = svc.register(draft(), any_services.settings.projects()[0].id, "王前台")
    with pytest.raises(ValidationError) as info:
        svc.act(case.id, StepInput(Action.DISPATCH, "", data={"due_at": "2026-09-24 08:00"}))
    assert info.value.errors == {"by": "经办人不能为空", "department": "责任部门不能为空",
                                 "due_at": "处理期限应晚于2026-09-24 09:00"}


def test_overdue_shows_in_the_list_after_time_travel(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = any_services.complaints
    project = any_services.settings.projects()[0].id
    case = svc.register(draft(), project, "王前台")
    assert svc.page(ComplaintFilter(project_id=project, overdue_only=True)).total == 0
    assert svc.page(ComplaintFilter(project_id=project, due_within_hours=3)).total == 0
    clock.set(datetime(2026, 9, 24, 18, 0))  # dispatch is due at 20:40 (12 h after 08:40)
    assert svc.page(ComplaintFilter(project_id=project, due_within_hours=3)).total == 1
    clock.set(datetime(2026, 9, 24, 21, 0))  # 12 h after the front desk got it: dispatch is late
    page = svc.page(ComplaintFilter(project_id=project, overdue_only=True))
    assert [r.number for r in page.rows] == [case.row.number]
    assert page.rows[0].overdue_labels(clock()) == ["派单"]
    # An overdue case is listed as overdue, not as "due soon".
    assert svc.page(ComplaintFilter(project_id=project, due_within_hours=3)).total == 0


def test_unreasonable_case_is_explained_escalated_and_closed(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = any_services.complaints
    case = svc.register(draft(kind=Kind.UNREASONABLE, category="其他物业服务"),
                        any_services.settings.projects()[0].id, "王前台")
    svc.act(case.id, step(Action.EXPLAIN, "已耐心解释管理规约"))
    with pytest.raises(ValidationError):
        svc.act(case.id, step(Action.ESCALATE))
    svc.act(case.id, step(Action.ESCALATE, head="客服部经理 陈"))
    done = svc.act(case.id, step(Action.CLOSE, confirmed_by="张三"))
    assert done.state is State.CLOSED
    reopened = svc.act(case.id, step(Action.REOPEN, "业主再次来访"))
    assert reopened.state is State.AT_FRONT_DESK
    assert [e.action for e in reopened.events][-1] is Action.REOPEN


def test_explaining_makes_a_general_case_unreasonable_but_never_a_major_one(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    """篇2 §3: an unreasonable complaint is explained; a major case is never explained away."""
    svc = any_services.complaints
    project = any_services.settings.projects()[0].id
    general = svc.register(draft(), project, "王前台")
    explained = svc.act(general.id, step(Action.EXPLAIN, "属业主间纠纷，已解释"))
    assert explained.kind is Kind.UNREASONABLE
    assert explained.row.next_due_step != "派单"
    major = svc.register(draft(kind=Kind.MAJOR, category="水浸", unit="B座101"), project, "王前台")
    assert Action.EXPLAIN not in svc.get(major.id).allowed
    with pytest.raises(TransitionError, match="不能按非合理投诉处理"):
        svc.act(major.id, step(Action.EXPLAIN, "解释"))


def test_major_case_raises_an_emergency_until_the_ladder_is_done(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = any_services.complaints
    project = any_services.settings.projects()[0].id
    clock.set(datetime(2026, 10, 3, 2, 1))
    case = svc.register(draft(kind=Kind.MAJOR, category="电梯困人", subject="3号电梯困人",
                              received_at=datetime(2026, 10, 3, 2, 0), front_desk_at=datetime(2026, 10, 3, 2, 0)),
                        project, "值班员")
    [live] = svc.emergencies(project)
    notify = live.steps[0]
    assert (notify.label, notify.due_at) == ("知会部门", datetime(2026, 10, 3, 2, 3))
    svc.act(case.id, step(Action.LADDER_NOTIFY_DEPT))
    with pytest.raises(TransitionError, match="已经记录过了"):
        svc.act(case.id, step(Action.LADDER_NOTIFY_DEPT))
    [live] = svc.emergencies(project)
    assert live.steps[0].done_at == datetime(2026, 10, 3, 2, 1)
    assert live.steps[0].done_by == "王前台"
    for action in (Action.LADDER_REPORT_LEADER, Action.LADDER_OFFICE_WRITTEN, Action.LADDER_PHONE_BOARD,
                   Action.LADDER_LEADER_WRITTEN):
        svc.act(case.id, step(action))
    assert len(svc.emergencies(project)) == 1  # the developer's 8 h verification waits for completion
    svc.act(case.id, step(Action.DISPATCH, department="工程部", due_at="2026-10-03 03:00"))
    svc.act(case.id, step(Action.COMPLETE, "已救出乘客"))
    svc.act(case.id, step(Action.LADDER_DEVELOPER_VERIFY))
    assert svc.emergencies(project) == []


def test_written_complaint_keeps_the_reply_letter(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = any_services.complaints
    case = svc.register(draft(channel=Channel.WRITTEN), any_services.settings.projects()[0].id, "王前台")
    clock.set(datetime(2026, 9, 24, 10, 0))
    svc.act(case.id, step(Action.DISPATCH, department="保安部", due_at="2026-09-24 18:00"))
    svc.act(case.id, step(Action.COMPLETE, "已处理"))
    svc.act(case.id, step(Action.FEEDBACK, "已反馈"))
    detail = svc.act(case.id, step(Action.REPLY, "尊敬的业主：您反映的装修噪音问题已处理。"))
    assert detail.written_reply.startswith("尊敬的业主")


def test_collective_grouping_and_duplicates(any_services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = any_services.complaints
    project = any_services.settings.projects()[0].id
    clock.set(datetime(2026, 9, 25, 9, 0))
    ids = []
    for i, unit in enumerate(["A座101", "B座202", "C座303"]):
        ids.append(svc.register(draft(unit=unit, category="公共设施故障", subject="楼道灯不亮",
                                      received_at=datetime(2026, 9, 22 + i, 9, 0),
                                      front_desk_at=datetime(2026, 9, 22 + i, 9, 5)), project, "王前台").id)
    [group] = svc.collective_proposals(project, window_days=3)
    assert sorted(v.id for v in group) == sorted(ids)
    dupes = svc.duplicates_for("A座 101", "公共设施故障", datetime(2026, 9, 24, 8, 0), project)
    assert [d.unit for d in dupes] == ["A座101"]
    collective = svc.group_collective(ids, "王前台")
    assert collective.kind is Kind.MAJOR
    assert collective.row.category == "集体投诉"
    assert sorted(m.id for m in collective.members) == sorted(ids)
    assert svc.collective_proposals(project, window_days=3) == []
    assert svc.get(ids[0]).events[-1].action is Action.GROUP
