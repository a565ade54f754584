"""A work order completed in the 维修与设备 tab shows up in 回访任务 as a 维修单 row due on the right
2026 working day (调休), red once overdue; the revisit recorded there is the work order's own, and the
list filters by 来源."""

from __future__ import annotations

from datetime import datetime, timedelta

import shiboken6
from PySide6.QtCore import Qt

from wuye_desktop.domain.repairs import OrderState, Source
from wuye_desktop.domain.repairs_drafts import DispatchDraft, RequestDraft
from wuye_desktop.ui.common.fields import to_qdatetime
from wuye_desktop.ui.common.view_table import RED, ROW_ROLE, TONE_ROLE
from wuye_desktop.ui.repairs.tab import RepairsTab
from wuye_desktop.ui.revisits.revisit_dialog import RevisitDialog
from wuye_desktop.ui.revisits.tab import RevisitsTab
from wuye_desktop.ui.revisits.tasks_page import COL_DUE, COL_NUMBER, COL_SOURCE

COL_STATUS = COL_DUE + 2


def test_work_order_completed_in_the_gui_is_revisited_from_the_list(ui_ctx, qtbot, clock, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    services = ui_ctx.services
    received = datetime(2026, 9, 18, 8, 30)  # Friday; Sunday 09-20 is a 调休 workday
    clock.set(received)
    orders = services.repairs.orders
    order = orders.register(RequestDraft(received_at=received, source=Source.PHONE, client="张三", unit="3栋2单元501",
                                         phone="13800138000", subject="卫生间漏水", category="给排水管道",
                                         received_by="陈静"), ui_ctx.working_project_id, "陈静")
    orders.dispatch(order.id, DispatchDraft("李明", received, received + timedelta(hours=24)), "王建国")

    # 完工签认 in the repairs tab, as the supervisor does it.
    repairs = RepairsTab(ui_ctx)
    qtbot.addWidget(repairs)
    repairs.show()
    clock.set(datetime(2026, 9, 18, 16, 30))
    repairs.orders.select(order.id)
    dialog = repairs.orders.complete()
    dialog.result_text.setPlainText("更换角阀，试水无渗漏")
    dialog.hours.setText("1")
    dialog.finished_at.setDateTime(to_qdatetime(datetime(2026, 9, 18, 16, 0)))
    dialog.arrived.setDateTime(to_qdatetime(datetime(2026, 9, 18, 15, 0)))
    dialog.ok_button.click()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert orders.get(order.id).row.state == OrderState.AWAITING_REVISIT.value

    # Tuesday 09-22: the revisit was due Mon 09-21 (Sat off, Sun 调休 workday, Mon) — overdue, red.
    clock.set(datetime(2026, 9, 22, 10, 0))
    tab = RevisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    page = tab.tasks
    m = page.model
    qtmodeltester.check(m)
    assert m.headerData(COL_NUMBER, Qt.Orientation.Horizontal) == "投诉/维修单号"
    assert m.headerData(COL_SOURCE, Qt.Orientation.Horizontal) == "来源"
    assert m.rowCount() == 1
    assert (m.index(0, COL_NUMBER).data(), m.index(0, COL_SOURCE).data(), m.index(0, COL_DUE).data()) == (
        order.row.number, "维修单", "2026-09-21 23:59")
    status = m.index(0, COL_STATUS)
    assert status.data() == "逾期未回访" and status.data(Qt.ItemDataRole.ForegroundRole) == RED
    assert "回访负责人" in [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]

    # 来源 filter: complaints only hides it; 维修单 shows it again.
    page.source_box.setCurrentText("投诉")
    assert m.rowCount() == 0 and page.count_label.text() == "共 0 宗"
    page.source_box.setCurrentText("维修单")
    assert m.rowCount() == 1

    page.view.selectRow(0)
    dialog = page.record_selected()
    assert isinstance(dialog, RevisitDialog) and dialog.isVisible()
    methods = [dialog.method.itemText(i) for i in range(dialog.method.count())]
    follow_ups = [dialog.follow_up.itemText(i) for i in range(dialog.follow_up.count())]
    assert methods == ["电话", "上门", "其他"]          # the work order's own revisit form
    assert follow_ups == ["不另行处理", "另立新投诉", "返修"]
    facts = dialog.body.itemAt(0).widget()
    assert facts.objectName() == "revisitFacts" and "报修事项：卫生间漏水" in facts.text()
    dialog.content.setPlainText("住户表示不漏了")
    dialog.satisfaction.setCurrentText("满意")
    with qtbot.waitSignal(page.status_message) as said:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert said.args[0] == f"已登记维修单 {order.row.number} 的回访（满意），工单已结单"
    detail = orders.get(order.id)
    assert detail.row.state == OrderState.DONE.value and detail.row.revisit_result == "满意"
    assert detail.events[-1].note == "住户表示不漏了"

    page.status_box.setCurrentText("全部")
    row = m.index(0, COL_STATUS)
    assert row.data() == "超时回访" and m.index(0, 0).data(TONE_ROLE) == "overdue"  # late stays red
    assert m.index(0, 0).data(ROW_ROLE).work_order_id == order.id
    page.view.selectRow(0)
    with qtbot.waitSignal(page.open_work_order_requested) as opened:
        page.open_complaint()
    assert opened.args == [order.id]
