"""The 维修与设备 tab as the maintenance supervisor uses it: a request, a dispatch, a part from stock
(negative stock only after confirming), completion with the revisit on the right 2026 working day,
field messages, a device with history that cannot be deleted, and the paper."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from wuye_desktop.domain.complaint import Channel, Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.repairs import ItemKind, OrderState, Source
from wuye_desktop.domain.repairs_drafts import DeviceDraft, DispatchDraft, RequestDraft
from wuye_desktop.domain.repairs_records import ItemDraft
from wuye_desktop.ui.common.fields import to_qdatetime
from wuye_desktop.ui.common.view_table import ROW_ROLE, TONE_ROLE
from wuye_desktop.ui.repairs.orders_model import COL_NUMBER, COL_OVERDUE, COL_STATE, COL_TECHNICIAN
from wuye_desktop.ui.repairs.tab import RepairsTab


def closed(dialog) -> bool:  # type: ignore[no-untyped-def]
    """Accepted dialogs close and, with WA_DeleteOnClose, may already be gone."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def close_boxes() -> list[str]:
    texts = []
    for box in boxes():
        texts.append(box.text())
        box.close()
    QApplication.processEvents()
    return texts


@pytest.fixture
def tab(ui_ctx, qtbot):  # type: ignore[no-untyped-def]
    widget = RepairsTab(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    return widget


def part(ctx, qty: int = 3) -> int:  # type: ignore[no-untyped-def]
    return ctx.services.repairs.stock.create(ItemDraft(ItemKind.SPARE, "BJ-001", "角阀", "只", "仓库A", qty, "DN15"),
                                             ctx.working_project_id, "王建国").id


def cell(tab: RepairsTab, row: int, col: int) -> str:
    m = tab.orders.model
    return str(m.index(row, col).data())


def test_supervisor_flow_request_dispatch_part_complete(tab: RepairsTab, ui_ctx, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    item = part(ui_ctx, qty=3)
    page = tab.orders
    dialog = page.new_request()
    dialog.client.setText("张三")
    dialog.unit.setText("3栋2单元501")
    dialog.phone.setText("138 0013 8000")
    dialog.subject.setText("卫生间漏水")
    dialog.ok_button.click()
    assert closed(dialog)
    assert page.model.rowCount() == 1
    number = cell(tab, 0, COL_NUMBER)
    assert number == "BX-XM-2026-00001" and cell(tab, 0, COL_STATE) == "待派工"
    assert page.detail is not None and page.detail.row.phone == "13800138000"

    dialog = page.dispatch()
    assert dialog.windowTitle() == f"派工 — {number}"
    dialog.technician.setCurrentText("李明")
    dialog.ok_button.click()
    assert cell(tab, 0, COL_STATE) == "已派工" and cell(tab, 0, COL_TECHNICIAN) == "李明"

    # Take 5 of 3: the clerk is asked; 「不领用」 changes nothing, 「确认领用」 books negative stock.
    dialog = page.materials()
    dialog.item.setCurrentIndex(dialog.item.findData(item))
    dialog.quantity.setValue(5)
    dialog.ok_button.click()
    question = dialog.confirm_box
    assert "库存只有3只" in question.text() and question.isVisible()
    question.button(QMessageBox.StandardButton.No).click()
    QApplication.processEvents()
    assert ui_ctx.services.repairs.stock.get(item).quantity == 3 and dialog.isVisible()
    dialog.quantity.setValue(2)
    dialog.ok_button.click()
    assert closed(dialog)
    assert ui_ctx.services.repairs.stock.get(item).quantity == 1
    assert "角阀" in page.info.toPlainText()

    clock.set(datetime(2026, 9, 24, 12, 0))  # Thursday before the Mid-Autumn holiday
    dialog = page.complete()
    dialog.result_text.setPlainText("更换角阀，试水无渗漏")
    dialog.hours.setText("1.5")
    dialog.finished_at.setDateTime(to_qdatetime(datetime(2026, 9, 24, 12, 0)))
    dialog.arrived.setDateTime(to_qdatetime(datetime(2026, 9, 24, 10, 30)))
    assert dialog.signed_by.text() == "张三"
    dialog.ok_button.click()
    assert closed(dialog)
    assert cell(tab, 0, COL_STATE) == "待回访"
    assert page.detail.row.revisit_due == datetime(2026, 9, 29, 23, 59, 59)  # type: ignore[union-attr]
    assert "回访期限" in page.info.toPlainText() and "2026-09-29 23:59" in page.info.toPlainText()


def test_negative_stock_after_explicit_confirmation(tab: RepairsTab, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    item = part(ui_ctx, qty=1)
    o = ui_ctx.services.repairs.orders
    d = o.register(RequestDraft(ui_ctx.now(), Source.PHONE, "张三", "1栋101", "13800138000", "换阀门",
                                received_by="陈静"), ui_ctx.working_project_id, "陈静")
    o.dispatch(d.id, DispatchDraft("李明", ui_ctx.now(), ui_ctx.now() + timedelta(hours=4)), "王建国")
    tab.orders.refresh()
    tab.orders.view.selectRow(0)
    dialog = tab.orders.materials()
    dialog.item.setCurrentIndex(dialog.item.findData(item))
    dialog.quantity.setValue(3)
    dialog.ok_button.click()
    dialog.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    QApplication.processEvents()
    assert closed(dialog)
    assert ui_ctx.services.repairs.stock.get(item).quantity == -2
    assert "确认负库存" in tab.orders.info.toPlainText()
    tab.pages.setCurrentWidget(tab.stock)
    row = tab.stock.items.row_of(lambda i: i.id == item)
    assert tab.stock.items.index(row, 11).data() == "库存为负，待补录入库"
    assert tab.stock.items.index(row, 0).data(TONE_ROLE) == "overdue"


def test_bad_request_shows_a_chinese_message_under_each_field(tab: RepairsTab) -> None:
    dialog = tab.orders.new_request()
    dialog.phone.setText("12345")
    dialog.ok_button.click()
    errors = dialog.form.errors
    assert dialog.isVisible()
    assert errors["client"].text() == "报修人不能为空" and errors["client"].isVisible()
    assert errors["unit"].text() == "房号不能为空"
    assert errors["phone"].text().startswith("联系电话「12345」")
    assert errors["subject"].text() == "报修内容不能为空"
    dialog.close()


def test_urgent_repair_tells_the_banner(tab: RepairsTab, ui_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = tab.orders.new_request()
    dialog.client.setText("李四")
    dialog.unit.setText("B2车库")
    dialog.phone.setText("13900139000")
    dialog.subject.setText("给水主管爆裂")
    dialog.urgency.setCurrentText("紧急抢险抢修")
    assert dialog.urgent_hint.isVisible()
    with qtbot.waitSignal(ui_ctx.data_changed, check_params_cb=lambda area: area == "complaints"):
        dialog.ok_button.click()
    assert [e.category for e in ui_ctx.services.complaints.emergencies()] == ["紧急抢险抢修"]
    font = tab.orders.model.index(0, COL_NUMBER).data(Qt.ItemDataRole.FontRole)
    assert font is not None and font.bold()
    assert "已登记为重大事件" in tab.orders.info.toPlainText()


def test_convert_a_complaint_from_the_list(tab: RepairsTab, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    now = ui_ctx.now()
    case = ui_ctx.services.complaints.register(ComplaintDraft(now, "王五", "8栋801", "13700137000", "阳台灯不亮",
                                                              channel=Channel.PHONE, kind=Kind.GENERAL,
                                                              category="室内设施维修", front_desk_at=now),
                                               ui_ctx.working_project_id, "陈静")
    dialog = tab.orders.convert_complaint()
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 0).data() == case.row.number
    dialog.ok_button.click()
    assert closed(dialog)
    view = tab.orders.model.index(0, 0).data(ROW_ROLE)
    assert view.complaint_id == case.id and view.source == "投诉转入"
    assert case.row.number in tab.orders.info.toPlainText()


def test_deleting_a_device_with_history_is_refused_in_the_gui(tab: RepairsTab, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    r = ui_ctx.services.repairs
    dev = r.devices.create(DeviceDraft("DT-01", "1#电梯", "电梯", "1栋"), ui_ctx.working_project_id, "王建国")
    r.orders.register(RequestDraft(ui_ctx.now(), Source.INTERNAL, "", "", "", "电梯异响", location="1栋",
                                   received_by="王建国", device_id=dev.id), ui_ctx.working_project_id, "王建国")
    page = tab.equipment
    tab.pages.setCurrentWidget(page)
    page.refresh()
    page.view.selectRow(0)
    question = page.delete()
    question.button(QMessageBox.StandardButton.Yes).click()
    QApplication.processEvents()
    texts = close_boxes()
    assert texts == ["设备「DT-01 1#电梯」已有维修工单1条，不能删除；不再使用的设备请改为「报废」"]
    assert [d.code for d in r.devices.devices(None)] == ["DT-01"]
    dialog = page.scrap()
    dialog.note.setPlainText("已更换新电梯")
    dialog.ok_button.click()
    assert page.model.index(0, 7).data() == "报废" and page.model.index(0, 0).data(TONE_ROLE) == "closed"
    card = page.open_card()
    assert card.orders.rowCount() == 1 and "报废" in card.facts.text()
    card.close()


def test_device_dialog_messages_and_the_history_screen(tab: RepairsTab, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = tab.equipment
    dialog = page.new_device()
    dialog.ok_button.click()
    assert dialog.form.errors["code"].text() == "设备编号不能为空"
    assert dialog.form.errors["location"].text() == "安装位置不能为空"
    dialog.code.setText("GD-01")
    dialog.name.setText("1#变压器")
    dialog.location.setText("配电房")
    dialog.ok_button.click()
    assert closed(dialog)
    assert page.model.index(0, 0).data() == "GD-01" and "完好率 100.0%" in page.summary.text()


def test_plan_made_in_the_dialog_makes_tasks_and_one_is_done(tab: RepairsTab, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.services.repairs.devices.create(DeviceDraft("XF-01", "消防主机", "消防", "消防中心"),
                                           ui_ctx.working_project_id, "王建国")
    page = tab.plans
    tab.pages.setCurrentWidget(page)
    dialog = page.new_plan()
    dialog.ok_button.click()
    assert dialog.form.errors["device_ids"].text() == "请至少选择一台设备"
    dialog.name.setText("消防周检")
    dialog.period.setCurrentText("每周")
    assert dialog.window_days.value() == 1
    dialog.devices.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.content.setPlainText("报警主机自检")
    dialog.ok_button.click()
    assert closed(dialog)
    assert page.plans.index(0, 0).data() == "消防周检" and page.plans.index(0, 2).data() == "每周"
    page.inner.setCurrentIndex(1)
    # Weekly from today (Thu 2026-09-24): the next one, 10-01, belongs to October.
    assert [page.tasks.index(r, 0).data() for r in range(page.tasks.rowCount())] == ["2026-09-24"]
    page.task_view.selectRow(0)
    done = page.complete_task()
    done.notes.setPlainText("正常")
    done.ok_button.click()
    assert page.tasks.index(0, 5).data() == "按时完成"
    assert "已完成 1" in page.task_summary.text()


def test_models_pass_the_model_tester(tab: RepairsTab, ui_ctx, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    r = ui_ctx.services.repairs
    for i in range(3):
        r.orders.register(RequestDraft(ui_ctx.now() - timedelta(hours=i * 13), Source.PHONE, f"客户{i}", f"1栋{i}01",
                                       "13800138000", f"报修{i}", received_by="陈静"), ui_ctx.working_project_id, "陈")
    part(ui_ctx)
    for page in tab.page_widgets():
        page.refresh()  # type: ignore[attr-defined]
    qtmodeltester.check(tab.orders.model)
    assert tab.orders.model.index(2, COL_OVERDUE).data() == "派工"  # received 26 h ago, not dispatched in 12 h
    for model in (tab.equipment.model, tab.stock.items, tab.stock.loans, tab.plans.plans, tab.plans.tasks,
                  tab.incidents.defects, tab.works.works, tab.safety.model, tab.figures.model):
        qtmodeltester.check(model)


def test_paper_preview_and_excel_export(tab: RepairsTab, ui_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ui_ctx.services.repairs
    r.orders.register(RequestDraft(ui_ctx.now(), Source.PHONE, "张三", "1栋101", "13800138000", "门锁坏",
                                   received_by="陈静"), ui_ctx.working_project_id, "陈静")
    tab.orders.refresh()
    tab.orders.view.selectRow(0)
    preview = tab.orders.print_order()
    assert preview is not None and preview.isVisible() and preview.document.pageCount() == 1
    preview.close()
    export = tab.orders.export_excel()
    file_dialog = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "导出维修工单台账"]
    for w in file_dialog:
        w.close()
    export.export_to(str(tmp_path / "工单"))
    assert export.count == 1
    assert load_workbook(tmp_path / "工单.xlsx").active["A4"].value == "BX-XM-2026-00001"
    assert close_boxes() == [f"已导出 1 条维修工单台账到：\n{tmp_path / '工单.xlsx'}"]


def test_state_filter_and_search(tab: RepairsTab, ui_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    r = ui_ctx.services.repairs
    for name in ("张三", "李四"):
        r.orders.register(RequestDraft(ui_ctx.now(), Source.PHONE, name, "1栋101", "13800138000", "门锁坏",
                                       received_by="陈静"), ui_ctx.working_project_id, "陈静")
    page = tab.orders
    page.refresh()
    assert page.model.rowCount() == 2 and page.count_label.text() == "共 2 条"
    page.search.setText("ls")
    page.apply_filter()
    assert [page.model.index(i, 2).data() for i in range(page.model.rowCount())] == ["李四"]
    page.search.clear()
    page.state_box.setCurrentText(OrderState.DONE.value)
    assert page.model.rowCount() == 0


def test_the_figures_are_read_when_their_page_is_first_opened(tab: RepairsTab) -> None:
    """Twelve months of figures cost a start-up nothing: the 指标 page reads them when the clerk opens it."""
    assert tab.figures.model.rowCount() == 0
    tab.pages.setCurrentWidget(tab.figures)
    assert tab.figures.model.rowCount() == 9  # January to September 2026, the clock's month
    assert tab.figures.model.index(0, 0).data().endswith("1月")
