"""Two clerks on two PCs (two Services on the same SQLite file or the real PostgreSQL) edit the same work order,
device, stock item, plan, suggestion …: the second save is refused with EditConflictError naming what changed
meanwhile, and a save of the merged values on the new version keeps both clerks' changes (issue 7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from wuye_desktop.domain.edit_merge import Kind, changes, merged
from wuye_desktop.domain.errors import EditConflictError, TransitionError
from wuye_desktop.domain.repairs import ItemKind, Period, PlanKind, Source
from wuye_desktop.domain.repairs_drafts import DeviceDraft, DispatchDraft, RequestDraft
from wuye_desktop.domain.repairs_records import ItemDraft, PlanDraft, WorkDraft
from wuye_desktop.domain.repairs import WorkState
from wuye_desktop.domain.revisit_programme import PlanDraft as VisitPlanDraft
from wuye_desktop.domain.revisit_voice import DecisionInput, SuggestionDraft
from wuye_desktop.services import edit_conflict
from wuye_desktop.services.container import Services
from wuye_desktop.services.repairs_equipment import DEVICE_EDIT
from wuye_desktop.services.repairs_orders import DISPATCH_EDIT
from wuye_desktop.services.repairs_plans import PLAN_EDIT
from wuye_desktop.services.repairs_stock import ITEM_EDIT
from wuye_desktop.services.repairs_works import WORK_EDIT
from wuye_desktop.services.revisits_programme import PLAN_EDIT as VISIT_PLAN_EDIT
from wuye_desktop.services.revisits_voice import DECISION_EDIT




def project(s: Services) -> int:
    return s.settings.projects()[0].id


def racing(factory, meanwhile):  # type: ignore[no-untyped-def]
    """A unit-of-work factory whose commit lets another clerk save first (``meanwhile``)."""

    class RacingUow:
        def __init__(self) -> None:
            self.inner = factory()

        def __enter__(self):  # type: ignore[no-untyped-def]
            self.inner.__enter__()
            self.session = self.inner.session
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            return self.inner.__exit__(*exc)

        def commit(self) -> None:
            meanwhile()
            self.inner.commit()

    return RacingUow


def merge(error: EditConflictError, base: dict[str, object], mine: dict[str, object]) -> dict[str, object]:
    """What 合并后保存 hands back when no field was changed by both clerks."""
    found = changes(base, mine, error.current, error.labels)
    assert all(c.kind is not Kind.CONFLICT for c in found)
    return merged(mine, found, {})


def test_device_second_save_shows_the_location_changed_and_the_merge_keeps_both(any_services, second_pc) -> None:
    a, b = any_services, second_pc
    draft = DeviceDraft("JS-01", "1#生活水泵", "给排水", "水泵房")
    opened = a.repairs.devices.create(draft, project(a), "王建国")
    base = DEVICE_EDIT.values(opened)
    seen_by_b = b.repairs.devices.get(opened.id)
    b.repairs.devices.update(opened.id, replace(draft, location="地下一层水泵房"), "李明",
                             expected_version=seen_by_b.version)

    mine_draft = replace(draft, notes="每月检查密封")
    with pytest.raises(EditConflictError) as info:
        a.repairs.devices.update(opened.id, mine_draft, "张丽", expected_version=opened.version)
    error = info.value
    assert "已被他人修改" in error.message and "JS-01 1#生活水泵" in error.message
    assert error.current["location"] == "地下一层水泵房" and error.labels["location"] == "安装位置"
    assert error.current_version == opened.version + 1
    assert a.repairs.devices.get(opened.id).notes == ""  # nothing of A's was written
    mine = DEVICE_EDIT.mine(mine_draft)
    assert [(c.label, c.kind) for c in changes(base, mine, error.current, error.labels)] == [
        ("安装位置", Kind.THEIRS), ("备注", Kind.MINE)]

    values = merge(error, base, mine)
    saved = a.repairs.devices.update(opened.id, replace(mine_draft, location=str(values["location"])), "张丽",
                                     expected_version=error.current_version)
    assert (saved.location, saved.notes) == ("地下一层水泵房", "每月检查密封")
    assert b.repairs.devices.get(opened.id).version == saved.version == opened.version + 2


def test_device_lost_race_at_commit_becomes_the_conflict(any_services, second_pc) -> None:
    """Both saves pass the version check; the second's UPDATE matches no row (StaleDataError) and is refused."""
    a, b = any_services, second_pc
    draft = DeviceDraft("JS-02", "2#生活水泵", "给排水", "水泵房")
    opened = a.repairs.devices.create(draft, project(a), "王建国")
    base_factory = a.repairs.devices._b.uow
    # B saves in between A's check and A's commit.
    a.repairs.devices._b.uow = racing(base_factory, lambda: b.repairs.devices.update(
        opened.id, replace(draft, maker="格兰富"), "李明", expected_version=opened.version))
    try:
        with pytest.raises(EditConflictError) as info:
            a.repairs.devices.update(opened.id, replace(draft, model="CR10-4"), "张丽",
                                     expected_version=opened.version)
    finally:
        a.repairs.devices._b.uow = base_factory
    assert info.value.current["maker"] == "格兰富" and info.value.labels["maker"] == "生产厂家"
    now = b.repairs.devices.get(opened.id)
    assert (now.maker, now.model) == ("格兰富", "")


def test_a_step_that_loses_the_race_says_so_in_chinese(any_services, second_pc) -> None:
    """A stock movement committed just after another clerk's save of the item: refused with a rule message (no
    unexpected error), and the quantity is the other clerk's, never silently overwritten."""
    from wuye_desktop.domain.repairs_records import MovementDraft
    from wuye_desktop.services.edit_conflict import RecordChangedError

    a, b = any_services, second_pc
    item = a.repairs.stock.create(ItemDraft(ItemKind.SPARE, "BJ-09", "角阀", "只", "仓库A", 10), project(a), "王建国")
    base_factory = a.repairs.stock._b.uow
    a.repairs.stock._b.uow = racing(base_factory, lambda: b.repairs.stock.move(item.id, MovementDraft(5, "采购入库", "李明")))
    try:
        with pytest.raises(RecordChangedError) as info:
            a.repairs.stock.move(item.id, MovementDraft(-2, "报损", "张丽"))
    finally:
        a.repairs.stock._b.uow = base_factory
    assert "刚被他人修改" in info.value.message
    assert b.repairs.stock.get(item.id).quantity == 15


def test_work_order_redispatch_on_an_old_version_names_the_technician(any_services, second_pc, clock) -> None:
    a, b = any_services, second_pc
    order = a.repairs.orders.register(RequestDraft(
        received_at=clock(), source=Source.PHONE, client="张三", unit="3栋2单元501", phone="13800138000",
        subject="卫生间漏水", category="给排水管道", received_by="陈静"), project(a), "陈静")
    promised = clock() + timedelta(hours=24)
    order = a.repairs.orders.dispatch(order.id, DispatchDraft("王师傅", clock(), promised), "陈静",
                                      order.row.version)
    base = DISPATCH_EDIT.values(order)
    clock.advance(minutes=10)
    b.repairs.orders.dispatch(order.id, DispatchDraft("李师傅", clock(), promised, team="水电班"), "李明",
                              b.repairs.orders.get(order.id).row.version)

    mine_draft = DispatchDraft("王师傅", clock(), promised + timedelta(hours=4), note="住户下午才在家")
    with pytest.raises(EditConflictError) as info:
        a.repairs.orders.dispatch(order.id, mine_draft, "陈静", order.row.version)
    error = info.value
    assert order.row.number in error.message
    assert (error.current["technician"], error.labels["technician"]) == ("李师傅", "维修人员")
    mine = DISPATCH_EDIT.mine(mine_draft)
    kinds = {c.key: c.kind for c in changes(base, mine, error.current, error.labels)}
    assert kinds == {"technician": Kind.THEIRS, "team": Kind.THEIRS, "promised_at": Kind.MINE}
    values = merge(error, base, mine)
    detail = a.repairs.orders.dispatch(order.id, replace(mine_draft, technician=str(values["technician"]),
                                                         team=str(values["team"])), "陈静", error.current_version)
    assert (detail.row.technician, detail.row.team, detail.row.promised_at) == (
        "李师傅", "水电班", promised + timedelta(hours=4))


def test_stock_item_plan_and_outsourced_work_refuse_an_old_version(any_services, second_pc, clock) -> None:
    a, b = any_services, second_pc
    item_draft = ItemDraft(ItemKind.SPARE, "BJ-01", "角阀", "只", "仓库A", 3, "DN15", 5)
    item = a.repairs.stock.create(item_draft, project(a), "王建国")
    b.repairs.stock.update(item.id, replace(item_draft, location="仓库B"), expected_version=item.version)
    with pytest.raises(EditConflictError) as info:
        a.repairs.stock.update(item.id, replace(item_draft, reorder_level=8), expected_version=item.version)
    assert (info.value.current["location"], info.value.labels["location"]) == ("仓库B", "存放位置")
    assert set(info.value.current) == set(ITEM_EDIT.labels)

    dev = a.repairs.devices.create(DeviceDraft("PD-01", "1#变压器", "供配电", "配电房"), project(a), "王建国")
    plan_draft = PlanDraft("变配电室月度保养", PlanKind.MAINTENANCE, Period.MONTHLY, clock().date(), (dev.id,),
                           "清扫、紧固", "王建国")
    plan = a.repairs.plans.create(plan_draft, project(a), "王建国")
    b.repairs.plans.update(plan.id, replace(plan_draft, responsible="李明"), expected_version=plan.version)
    with pytest.raises(EditConflictError) as info:
        a.repairs.plans.update(plan.id, replace(plan_draft, content="清扫、紧固、测温"), expected_version=plan.version)
    assert info.value.current["responsible"] == "李明" and info.value.current["kind"] == PlanKind.MAINTENANCE.value
    assert set(info.value.current) == set(PLAN_EDIT.labels)
    assert a.repairs.plans.get(plan.id).content == "清扫、紧固"

    work_draft = WorkDraft("电梯改造", "某电梯公司", clock().date())
    work = a.repairs.works.create(work_draft, project(a))
    b.repairs.works.update(work.id, replace(work_draft, contact="赵工"), WorkState.ONGOING, work.version)
    with pytest.raises(EditConflictError) as info:
        a.repairs.works.update(work.id, replace(work_draft, scope="更换曳引机"), WorkState.ONGOING, work.version)
    assert info.value.current["contact"] == "赵工" and set(info.value.current) == set(WORK_EDIT.labels)


def test_revisit_plan_merge_keeps_both_and_a_second_decision_is_refused(any_services, second_pc, clock) -> None:
    a, b = any_services, second_pc
    pid = project(a)
    draft = VisitPlanDraft("住户座谈会", 2026, "2026年住户座谈会", "王主任")
    plan = a.revisits.programme.save_plan(pid, draft)
    base = VISIT_PLAN_EDIT.values(plan)
    b.revisits.programme.save_plan(pid, replace(draft, owner="刘主任"), plan.id, plan.version)
    mine_draft = replace(draft, note="请物业公司领导出席")
    with pytest.raises(EditConflictError) as info:
        a.revisits.programme.save_plan(pid, mine_draft, plan.id, plan.version)
    error = info.value
    assert (error.current["owner"], error.labels["owner"]) == ("刘主任", "负责人")
    values = merge(error, base, VISIT_PLAN_EDIT.mine(mine_draft))
    saved = a.revisits.programme.save_plan(pid, replace(mine_draft, owner=str(values["owner"])), plan.id,
                                           error.current_version)
    assert (saved.owner, saved.note) == ("刘主任", "请物业公司领导出席")

    s = a.revisits.suggestions.add(pid, SuggestionDraft(clock(), "张三", "3栋501", "小区门口加装遮雨棚", "陈静"))
    s = a.revisits.suggestions.report(s.id, "王主任", clock(), s.version)
    clock.advance(hours=1)
    # Another clerk only took it off the praise list meanwhile: the decision names no field changed, and is
    # saved on the new version as it was typed.
    b.revisits.suggestions.set_praised(s.id, False)
    decision = DecisionInput("王主任", clock(), "采纳", plan="加装遮雨棚", owner="李明",
                             due_on=clock().date() + timedelta(days=30))
    with pytest.raises(EditConflictError) as info:
        a.revisits.suggestions.decide(s.id, decision, s.version)
    assert info.value.labels["decision"] == "决定" and info.value.current["decision"] == ""
    assert changes(DECISION_EDIT.values(s), DECISION_EDIT.mine(decision), info.value.current, info.value.labels)[0] \
        .kind is Kind.MINE
    decided = a.revisits.suggestions.decide(s.id, decision, info.value.current_version)
    assert (decided.decision, decided.plan) == ("采纳", "加装遮雨棚")
    # A second decision on the version the clerk opened meets the rule first: the head has decided already.
    with pytest.raises(TransitionError) as refused:
        b.revisits.suggestions.decide(s.id, DecisionInput("王主任", clock(), "不采纳", note="预算不足"), s.version)
    assert refused.value.message == "主任已作出决定（采纳）"
    assert a.revisits.suggestions.get(s.id).decision == "采纳"


def test_plain_values_are_what_the_dialog_compares() -> None:
    assert edit_conflict.plain(PlanKind.MAINTENANCE) == PlanKind.MAINTENANCE.value
    assert edit_conflict.plain([1, 2]) == (1, 2)
    assert edit_conflict.plain(datetime(2026, 9, 24, 9, 0)) == datetime(2026, 9, 24, 9, 0)


def test_questionnaire_questions_changed_meanwhile_are_named_and_kept(any_services, second_pc) -> None:
    from wuye_desktop.domain.revisit_survey import QuestionDraft, QuestionnaireDraft
    from wuye_desktop.services.revisits_survey import SURVEY_EDIT

    a, b = any_services, second_pc
    pid = project(a)
    one = QuestionDraft("单选", "您对本小区物业服务的总体评价？", ("满意", "基本满意", "不满意"))
    draft = QuestionnaireDraft("2026年满意度调查", "致住户的话", (one,))
    opened = a.revisits.surveys.save(pid, draft)
    base = SURVEY_EDIT.values(opened)
    two = QuestionDraft("评分", "保洁服务打几分？", (), 5)
    b.revisits.surveys.save(pid, replace(draft, questions=(one, two)), opened.id, opened.version)
    mine_draft = replace(draft, title="2026年住户满意度调查")
    with pytest.raises(EditConflictError) as info:
        a.revisits.surveys.save(pid, mine_draft, opened.id, opened.version)
    error = info.value
    assert error.labels["questions"] == "题目"
    assert error.current["questions"] == ("单选：您对本小区物业服务的总体评价？（满意、基本满意、不满意）",
                                          "评分：保洁服务打几分？（最高5分）")
    mine = dict(SURVEY_EDIT.mine(mine_draft), questions=base["questions"])
    assert [(c.key, c.kind) for c in changes(base, mine, error.current, error.labels)] == [
        ("title", Kind.MINE), ("questions", Kind.THEIRS)]
    saved = a.revisits.surveys.save(pid, replace(mine_draft, questions=(one, two)), opened.id, error.current_version)
    assert saved.title == "2026年住户满意度调查" and [q.text for q in saved.questions][-1] == "保洁服务打几分？"


def test_revisit_task_reassigned_meanwhile_names_the_assignee(any_services, second_pc, clock) -> None:
    from tests.integration.test_revisit_flow import complete_case

    a, b = any_services, second_pc
    case_id = complete_case(a, clock, datetime(2026, 9, 24, 9, 0), datetime(2026, 9, 24, 15, 0))
    task = a.revisits.task_for_complaint(case_id)
    assert task is not None
    b.revisits.reassign(task.id, "刘物管", b.revisits.get(task.id).version)
    with pytest.raises(EditConflictError) as info:
        a.revisits.reassign(task.id, "王前台", task.version)
    assert (info.value.current["assignee"], info.value.labels["assignee"]) == ("刘物管", "回访负责人")
    assert a.revisits.get(task.id).assignee == "刘物管"
    assert a.revisits.reassign(task.id, "王前台", info.value.current_version).assignee == "王前台"



def test_a_suggestion_step_that_loses_the_race_says_so_in_chinese(any_services, second_pc, clock) -> None:
    from wuye_desktop.services.edit_conflict import RecordChangedError

    a, b = any_services, second_pc
    s = a.revisits.suggestions.add(project(a), SuggestionDraft(clock(), "张三", "3栋501", "小区门口加装遮雨棚", "陈静"))
    service = a.revisits.suggestions
    base_factory = service._uow
    service._uow = racing(base_factory, lambda: b.revisits.suggestions.set_praised(s.id, False))
    clock.advance(minutes=5)
    try:
        with pytest.raises(RecordChangedError) as info:
            service.set_praised(s.id, True)
    finally:
        service._uow = base_factory
    assert "刚被他人修改" in info.value.message and b.revisits.suggestions.get(s.id).praised is False
