"""The emergency banner (篇2 §6–7): appears for a major case, counts down with the clock, records a step per click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from wuye_desktop.domain.complaint import Action, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.services.complaints import StepInput
from wuye_desktop.ui.complaints.banner import EmergencyBanner
from wuye_desktop.ui.complaints.step_dialogs import StepDialog
from wuye_desktop.ui.complaints.tab import ComplaintsTab


def register_major(ctx, category: str = "电梯困人", project_id: int | None = None):
    now = ctx.now()
    draft = ComplaintDraft(received_at=now, complainant="张三", unit="A座电梯", phone="13800138000",
                           subject="3号电梯困人", kind=Kind.MAJOR, category=category, front_desk_at=now)
    return ctx.services.complaints.register(draft, project_id or ctx.working_project_id, "前台")


def labels(banner: EmergencyBanner) -> dict[str, tuple[str, str]]:
    """step label -> (text on screen, colour objectName)"""
    return {lab.step.label: (lab.text(), lab.objectName()) for _case, lab in banner.step_labels}


@pytest.fixture
def banner(ui_ctx, qtbot):
    widget = EmergencyBanner(ui_ctx)
    qtbot.addWidget(widget)
    return widget


def test_hidden_without_emergencies_and_general_cases_do_not_raise_it(banner, ui_ctx):
    assert banner.isHidden()
    now = ui_ctx.now()
    ui_ctx.services.complaints.register(
        ComplaintDraft(received_at=now, complainant="李四", unit="B座1", phone="13800138000", subject="噪音",
                       category="装修噪音", front_desk_at=now), ui_ctx.working_project_id, "前台")
    ui_ctx.data_changed.emit("complaints")
    assert banner.isHidden()


def test_registering_a_major_case_raises_the_banner_with_live_countdowns(ui_ctx, qtbot, clock):
    tab = ComplaintsTab(ui_ctx)
    qtbot.addWidget(tab)
    banner = EmergencyBanner(ui_ctx)
    qtbot.addWidget(banner)
    dialog = tab.register_complaint()
    dialog.complainant.setText("张三")
    dialog.unit.setText("A座")
    dialog.phone.setText("13800138000")
    dialog.subject.setText("3号电梯困人")
    dialog.kind.setCurrentIndex(dialog.kind.findData(Kind.MAJOR.value))
    dialog.category.setCurrentText("电梯困人")
    dialog.save()
    assert not banner.isHidden()
    assert len(banner.cases) == 1 and banner.cases[0].category == "电梯困人"
    shown = labels(banner)
    assert shown["知会部门"] == ("知会部门 剩余 3分00秒", "ladderPending")
    assert shown["上报领导"] == ("上报领导 剩余 5分00秒", "ladderPending")
    assert shown["书面报告"][0] == "书面报告 剩余 1天0小时"
    assert shown["电话上报董事"] == ("电话上报董事 待上报领导后计时", "ladderPending")
    assert shown["发展商验证"][0] == "发展商验证 待处理完成后计时"

    clock.advance(minutes=2, seconds=15)
    banner.tick()
    assert labels(banner)["知会部门"] == ("知会部门 剩余 0分45秒", "ladderSoon")
    assert labels(banner)["上报领导"] == ("上报领导 剩余 2分45秒", "ladderPending")
    clock.advance(seconds=50)
    banner.tick()
    assert labels(banner)["知会部门"] == ("知会部门 超时 0分05秒", "ladderOverdue")


def test_one_click_records_a_step_and_starts_the_next_clock(ui_ctx, qtbot, clock, banner):
    case = register_major(ui_ctx)
    banner.reload()
    clock.advance(minutes=1)
    label = next(lab for _c, lab in banner.step_labels if lab.step.action is Action.LADDER_REPORT_LEADER)
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, StepDialog) and w.isVisible()]
    assert len(dialogs) == 1
    step = dialogs[0]
    assert step.action is Action.LADDER_REPORT_LEADER and case.row.number in step.windowTitle()
    assert step.by.currentText() == ui_ctx.operator
    step.by.setCurrentText("王主任")
    qtbot.keyClick(step.ok_button, Qt.Key.Key_Return)
    assert not step.isVisible()
    shown = labels(banner)
    assert shown["上报领导"] == ("上报领导 已办 09:01 王主任", "ladderDone")
    # The leader got the report at 09:01: phoning the board is due within 10 minutes (篇2 §7).
    assert shown["电话上报董事"] == ("电话上报董事 剩余 10分00秒", "ladderPending")
    events = ui_ctx.services.complaints.get(case.id).events
    assert [(e.action, e.by) for e in events][-1] == (Action.LADDER_REPORT_LEADER, "王主任")
    # A done step is not recorded twice.
    done = next(lab for _c, lab in banner.step_labels if lab.step.action is Action.LADDER_REPORT_LEADER)
    assert banner.record_step(banner.cases[0], done.step) is None


def test_alert_once_per_step_when_a_minute_is_left(ui_ctx, clock, banner, qtbot):
    register_major(ui_ctx, "火灾")
    banner.reload()
    alerts: list[tuple[int, str]] = []
    banner.step_alerted.connect(lambda i, s: alerts.append((i, s)))
    clock.advance(minutes=1, seconds=30)
    banner.tick()
    assert alerts == []
    clock.advance(seconds=40)  # 50 s left to notify the department
    banner.tick()
    banner.tick()
    assert [s for _i, s in alerts] == ["知会部门"]
    clock.advance(minutes=3)  # the 5-minute report expires too
    banner.tick()
    assert [s for _i, s in alerts] == ["知会部门", "上报领导"]


def test_all_steps_done_takes_the_case_off_the_banner_and_it_survives_a_restart(ui_ctx, clock, qtbot):
    case = register_major(ui_ctx)
    svc = ui_ctx.services.complaints
    first = EmergencyBanner(ui_ctx)
    qtbot.addWidget(first)
    svc.act(case.id, StepInput(Action.LADDER_NOTIFY_DEPT, "前台"))
    restarted = EmergencyBanner(ui_ctx)  # the state lives in the database
    qtbot.addWidget(restarted)
    assert labels(restarted)["知会部门"][1] == "ladderDone"
    for action in (Action.LADDER_REPORT_LEADER, Action.LADDER_OFFICE_WRITTEN, Action.LADDER_PHONE_BOARD,
                   Action.LADDER_LEADER_WRITTEN):
        svc.act(case.id, StepInput(action, "王主任"))
    svc.act(case.id, StepInput(Action.DISPATCH, "前台", data={"department": "工程部", "due_at": "2026-09-24 12:00"}))
    svc.act(case.id, StepInput(Action.COMPLETE, "工程部", note="已解困"))
    svc.act(case.id, StepInput(Action.LADDER_DEVELOPER_VERIFY, "发展商"))
    ui_ctx.data_changed.emit("complaints")
    assert restarted.isHidden() and first.isHidden()


def test_open_case_link_and_project_switch(ui_ctx, qtbot, banner):
    other = ui_ctx.services.settings.save_project("海悦花园", "HY")
    mine = register_major(ui_ctx)
    register_major(ui_ctx, "水浸", project_id=other.id)
    banner.reload()
    assert [c.id for c in banner.cases] == [mine.id]
    with qtbot.waitSignal(banner.open_case_requested) as signal:
        button = banner.findChild(QPushButton, "openEmergencyCase")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert signal.args == [mine.id]
    ui_ctx.set_project(None)
    assert sorted(c.category for c in banner.cases) == ["水浸", "电梯困人"]
