"""The edit dialogs of the repairs and revisits tabs when another PC saved the same record meanwhile (issue 7):
the 「保存冲突」 dialog opens over the edit dialog, 合并后保存 saves both clerks' changes (the table shows them),
放弃我的修改并重新载入 refills the form with what is stored now."""

from __future__ import annotations

from dataclasses import replace

import pytest
import shiboken6
from PySide6.QtCore import Qt

from wuye_desktop.domain.edit_merge import Choice
from wuye_desktop.domain.repairs_drafts import DeviceDraft
from wuye_desktop.domain.revisit_programme import PlanDraft
from wuye_desktop.services.container import open_services
from wuye_desktop.ui.common.conflict import COL_FIELD, COL_RESULT, COL_THEIRS
from wuye_desktop.ui.repairs.tab import RepairsTab
from wuye_desktop.ui.revisits.tab import RevisitsTab

DEVICE = DeviceDraft("JS-01", "1#生活水泵", "给排水", "水泵房")


@pytest.fixture
def other_pc(ui_ctx, clock):  # type: ignore[no-untyped-def]
    """A second clerk's program: its own Services (engine, connections) on the same database file."""
    other = open_services(ui_ctx.services.paths, clock=clock)
    yield other
    other.close()


def closed(dialog) -> bool:  # type: ignore[no-untyped-def]
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def conflict_rows(dialog) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    t = dialog.table
    result = [t.item(r, COL_RESULT).text() if t.item(r, COL_RESULT) else t.cellWidget(r, COL_RESULT).currentText()
              for r in range(t.rowCount())]
    return [(t.item(r, COL_FIELD).text(), t.item(r, COL_THEIRS).text(), result[r]) for r in range(t.rowCount())]


@pytest.fixture
def repairs_tab(ui_ctx, qtbot):  # type: ignore[no-untyped-def]
    widget = RepairsTab(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    return widget


def open_device_editor(tab: RepairsTab, ui_ctx):  # type: ignore[no-untyped-def]
    device = ui_ctx.services.repairs.devices.create(DEVICE, ui_ctx.working_project_id, "王建国")
    page = tab.equipment
    page.refresh()
    page.view.selectRow(0)
    dialog = page.edit_device()
    assert dialog is not None and dialog.isVisible()
    return device, page, dialog


def test_device_merge_saves_both_changes_and_the_table_shows_them(repairs_tab, ui_ctx, other_pc, qtbot) -> None:  # type: ignore[no-untyped-def]
    device, page, dialog = open_device_editor(repairs_tab, ui_ctx)
    # The other clerk moves the pump while this one is typing the model.
    other_pc.repairs.devices.update(device.id, replace(DEVICE, location="地下一层水泵房"), "李明",
                                    expected_version=device.version)
    dialog.model_.setText("CR10-4")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.isVisible() and conflict.windowTitle() == "保存冲突"
    assert dialog.isVisible()  # the edit stays open under it
    assert "JS-01 1#生活水泵" in conflict.findChild(type(conflict.hint), "conflictMessage").text()
    assert conflict_rows(conflict) == [("安装位置", "地下一层水泵房", "采用他人的"), ("规格型号", "（未改）", "保留我的")]

    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert closed(conflict) and closed(dialog)
    row = [page.model.index(0, c).data() for c in range(6)]
    assert row == ["JS-01", "1#生活水泵", "给排水", "地下一层水泵房", "CR10-4", ""]
    stored = other_pc.repairs.devices.get(device.id)
    assert (stored.location, stored.model, stored.version) == ("地下一层水泵房", "CR10-4", device.version + 2)


def test_device_reload_refills_the_form_with_what_is_stored(repairs_tab, ui_ctx, other_pc, qtbot) -> None:  # type: ignore[no-untyped-def]
    device, page, dialog = open_device_editor(repairs_tab, ui_ctx)
    other_pc.repairs.devices.update(device.id, replace(DEVICE, maker="格兰富", location="屋顶水箱间"), "李明",
                                    expected_version=device.version)
    dialog.location.setText("二层水泵房")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    conflict = dialog.conflict_dialog
    assert conflict_rows(conflict) == [("安装位置", "屋顶水箱间", "请选择…"), ("生产厂家", "格兰富", "采用他人的")]
    assert not conflict.merge_button.isEnabled()  # both changed the place: the clerk must choose first

    qtbot.mouseClick(conflict.reload_button, Qt.MouseButton.LeftButton)
    assert closed(conflict) and dialog.isVisible()
    assert (dialog.location.text(), dialog.maker.text()) == ("屋顶水箱间", "格兰富")
    assert "已重新载入" in dialog.general.text()
    # Saved now, on the version just loaded, it goes through.
    dialog.notes.setPlainText("每月检查密封")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    stored = other_pc.repairs.devices.get(device.id)
    assert (stored.location, stored.maker, stored.notes) == ("屋顶水箱间", "格兰富", "每月检查密封")


def test_work_order_redispatch_meets_the_other_clerks_and_the_list_shows_the_merge(repairs_tab, ui_ctx, other_pc,
                                                                                   qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from wuye_desktop.domain.repairs import Source
    from wuye_desktop.domain.repairs_drafts import DispatchDraft, RequestDraft
    from wuye_desktop.ui.repairs.orders_model import COL_TECHNICIAN

    orders = ui_ctx.services.repairs.orders
    order = orders.register(RequestDraft(
        received_at=clock(), source=Source.PHONE, client="张三", unit="3栋2单元501", phone="13800138000",
        subject="卫生间漏水", category="给排水管道", received_by="陈静"), ui_ctx.working_project_id, "陈静")
    order = orders.dispatch(order.id, DispatchDraft("王师傅", clock(), clock() + timedelta(hours=24)), "陈静",
                            order.row.version)
    page = repairs_tab.orders
    page.refresh()
    page.select(order.id)
    dialog = page.dispatch()
    assert dialog is not None and dialog.windowTitle() == f"转派 — {order.row.number}"
    # Meanwhile the other PC hands the job to 李师傅 of 水电班.
    other_pc.repairs.orders.dispatch(order.id, DispatchDraft("李师傅", clock(), clock() + timedelta(hours=24),
                                                            team="水电班"), "李明", order.row.version)
    dialog.note.setPlainText("住户下午才在家")
    dialog.appointment.check.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.isVisible()
    assert conflict_rows(conflict) == [("维修人员", "李师傅", "采用他人的"), ("班组", "水电班", "采用他人的"),
                                       ("预约上门", "（未改）", "保留我的")]
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert closed(conflict) and closed(dialog)
    assert page.model.index(0, COL_TECHNICIAN).data().startswith("李师傅")
    stored = other_pc.repairs.orders.get(order.id).row
    assert (stored.technician, stored.team, stored.appointment_at is not None) == ("李师傅", "水电班", True)


def test_maintenance_plan_conflict_names_the_devices_and_the_merge_keeps_both(repairs_tab, ui_ctx, other_pc,
                                                                             qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    from wuye_desktop.domain.repairs import Period, PlanKind
    from wuye_desktop.domain.repairs_records import PlanDraft as RepairPlanDraft

    devices = ui_ctx.services.repairs.devices
    one = devices.create(DeviceDraft("PD-01", "1#变压器", "供配电", "配电房"), ui_ctx.working_project_id, "王建国")
    two = devices.create(DeviceDraft("PD-02", "2#变压器", "供配电", "配电房"), ui_ctx.working_project_id, "王建国")
    draft = RepairPlanDraft("变配电室月度保养", PlanKind.MAINTENANCE, Period.MONTHLY, clock().date(), (one.id,), "清扫",
                            "王建国")
    plan = ui_ctx.services.repairs.plans.create(draft, ui_ctx.working_project_id, "王建国")
    page = repairs_tab.plans
    page.refresh()
    page.plan_view.selectRow(0)
    dialog = page.edit_plan()
    assert dialog is not None and dialog.isVisible()
    other_pc.repairs.plans.update(plan.id, replace(draft, device_ids=(one.id, two.id)), plan.version)
    dialog.content.setPlainText("清扫、紧固、测温")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.isVisible()
    # Devices read as the register names them, never as ids.
    assert conflict_rows(conflict) == [("设备", "PD-01 1#变压器、PD-02 2#变压器", "采用他人的"),
                                       ("保养（巡检）内容", "（未改）", "保留我的")]
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert closed(conflict) and closed(dialog)
    assert page.plans.index(0, 4).data() == "PD-01 1#变压器、PD-02 2#变压器"
    assert page.plans.index(0, 9).data() == "清扫、紧固、测温"


def test_revisit_plan_conflict_choose_mine_then_the_table_shows_both(ui_ctx, other_pc, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    pid = ui_ctx.working_project_id
    draft = PlanDraft("住户座谈会", 2026, "2026年住户座谈会", "王主任")
    plan = ui_ctx.services.revisits.programme.save_plan(pid, draft)
    tab = RevisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentWidget(tab.programme)
    page = tab.programme
    page.reload()
    page.plan_view.selectRow(0)
    dialog = page.edit_plan()
    assert dialog is not None and dialog.isVisible()

    other_pc.revisits.programme.save_plan(pid, replace(draft, owner="刘主任", title="2026年第一次住户座谈会"),
                                          plan.id, plan.version)
    dialog.title.setText("2026年上半年住户座谈会")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    conflict = dialog.conflict_dialog
    assert conflict is not None and conflict.isVisible()
    assert conflict_rows(conflict) == [("计划名称", "2026年第一次住户座谈会", "请选择…"),
                                       ("负责人", "刘主任", "采用他人的")]
    conflict.choose("title", Choice.MINE)
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert closed(conflict) and closed(dialog)
    assert [page.plans.index(0, c).data() for c in range(3)] == ["2026年上半年住户座谈会", "住户座谈会", "刘主任"]
