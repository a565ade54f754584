"""The 投诉受理 tab as a clerk uses it: register by keyboard, find by pinyin, filter, see counts and colours."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from wuye_desktop.domain.complaint import Kind
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.ui.complaints.model import (
    COL_COMPLAINANT,
    COL_NEXT_DUE,
    COL_NUMBER,
    COL_OVERDUE,
    COL_PROJECT,
    RED,
    RED_BG,
    ROW_ROLE,
)
from wuye_desktop.ui.complaints.tab import ComplaintsTab


def register(ctx, name: str, unit: str, *, category: str = "装修噪音", kind: Kind = Kind.GENERAL,
             at: datetime | None = None, first_responder: str = "", project_id: int | None = None):
    now = at or ctx.now()
    draft = ComplaintDraft(received_at=now, complainant=name, unit=unit, phone="13800138000",
                           subject=f"{unit}{category}", content="详细情况", kind=kind, category=category,
                           first_responder=first_responder, front_desk_at=now)
    return ctx.services.complaints.register(draft, project_id or ctx.working_project_id, "前台")


def type_chinese(widget, text: str) -> None:
    """Chinese arrives from the input method as a committed string, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def names(tab: ComplaintsTab) -> list[str]:
    m = tab.model
    return [m.index(r, COL_COMPLAINANT).data() for r in range(m.rowCount())]


def visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.fixture
def tab(ui_ctx, qtbot):
    widget = ComplaintsTab(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


def test_register_by_keyboard_puts_the_row_in_the_list(tab, qtbot, ui_ctx):
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    dialog = tab.register_complaint()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.complainant  # the cursor waits in the first fact
    # The facts in reading order, moving on with Tab as a clerk does (篇2 §1).
    type_chinese(dialog.complainant, "张三")
    qtbot.keyClick(dialog.complainant, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.unit
    qtbot.keyClicks(dialog.unit, "A")
    type_chinese(dialog.unit, "座")
    qtbot.keyClicks(dialog.unit, "1203")
    qtbot.keyClick(dialog.unit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.phone
    qtbot.keyClicks(dialog.phone, "13800138000")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.subject
    type_chinese(dialog.subject, "楼上装修噪音")
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.channel  # then the classification column
    assert dialog.channel.currentText() == "电话"
    for expected in (dialog.kind, dialog.category, dialog.first_responder, dialog.department, dialog.content):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() in (expected, expected.focusProxy(), getattr(expected, "lineEdit", lambda: None)())
    type_chinese(dialog.content, "晚上十点后仍在电钻")
    with qtbot.waitSignal(dialog.complaint_saved):
        qtbot.keyClick(dialog.subject, Qt.Key.Key_Return)  # Enter saves
    assert names(tab) == ["张三"]
    view = tab.model.index(0, 0).data(ROW_ROLE)
    assert view.unit == "A座1203" and view.state == "前台处理中"
    assert tab.model.index(0, COL_NUMBER).data().endswith("-2026-00001")
    # Received at the front desk at 09:00: dispatch within 12 hours (篇2 §2).
    assert tab.model.index(0, COL_NEXT_DUE).data() == "派单 剩余 12小时00分"
    assert "共 1 宗，超时 0 宗" in messages


def test_bad_phone_shows_the_message_under_the_field_and_keeps_the_text(tab, qtbot):
    dialog = tab.register_complaint()
    qtbot.waitExposed(dialog)
    dialog.complainant.setText("李四")
    dialog.unit.setText("B座502")
    qtbot.keyClicks(dialog.phone, "1380013")
    dialog.subject.setText("电梯异响")
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Return)
    error = dialog.error_label("phone")
    assert error.isVisible()
    assert "联系电话" in error.text() and "手机号码应为11位数字" in error.text()
    assert not dialog.error_label("complainant").isVisible()
    assert dialog.isVisible()
    assert (dialog.complainant.text(), dialog.unit.text(), dialog.phone.text(), dialog.subject.text()) == \
        ("李四", "B座502", "1380013", "电梯异响")
    assert tab.model.rowCount() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels
    assert not dialog.isVisible()


def test_future_time_and_missing_facts_are_named(tab, qtbot, clock):
    dialog = tab.register_complaint()
    qtbot.waitExposed(dialog)
    from wuye_desktop.ui.common.fields import to_qdatetime
    from datetime import timedelta

    dialog.received_at.setDateTime(to_qdatetime(clock() + timedelta(hours=2)))
    dialog.save()
    assert "受理时间不能晚于当前时间" in dialog.error_label("received_at").text()
    assert dialog.error_label("complainant").text() == "投诉人不能为空"
    assert dialog.error_label("subject").text() == "投诉主题不能为空"
    dialog.reject()


def test_category_list_follows_the_kind(tab, qtbot):
    dialog = tab.register_complaint()
    items = lambda: [dialog.category.itemText(i) for i in range(dialog.category.count())]  # noqa: E731
    assert "装修噪音" in items() and "电梯困人" not in items()
    dialog.kind.setCurrentIndex(dialog.kind.findData(Kind.MAJOR.value))
    assert "电梯困人" in items() and "装修噪音" not in items()
    dialog.reject()


def test_duplicate_warning_asks_before_saving(tab, qtbot, ui_ctx):
    register(ui_ctx, "王五", "C座808")
    tab.refresh()
    dialog = tab.register_complaint()
    dialog.complainant.setText("王五")
    dialog.unit.setText("C座 808")
    dialog.phone.setText("13900139000")
    dialog.subject.setText("又在装修")
    dialog.save()
    boxes = visible_boxes()
    assert len(boxes) == 1 and "仍然登记" in boxes[0].text() and "C座 808" in boxes[0].text()
    assert tab.model.rowCount() == 1  # nothing saved while the question is open
    boxes[0].button(QMessageBox.StandardButton.Yes).click()
    assert tab.model.rowCount() == 2
    assert not dialog.isVisible()


def test_a_third_unit_offers_a_collective_case(tab, qtbot, ui_ctx):
    register(ui_ctx, "甲", "1栋101", category="公共设施故障")
    register(ui_ctx, "乙", "1栋202", category="公共设施故障")
    dialog = tab.register_complaint()
    dialog.complainant.setText("丙")
    dialog.unit.setText("1栋303")
    dialog.phone.setText("13700137000")
    dialog.subject.setText("停水")
    dialog.category.setCurrentText("公共设施故障")
    dialog.save()
    boxes = visible_boxes()
    assert len(boxes) == 1 and "集体投诉" in boxes[0].text() and "3 户" in boxes[0].text()
    boxes[0].button(QMessageBox.StandardButton.Yes).click()
    rows = [tab.model.index(r, 0).data(ROW_ROLE) for r in range(tab.model.rowCount())]
    collective = [v for v in rows if v.category == "集体投诉"]
    assert len(collective) == 1 and collective[0].kind == "重大"
    assert tab.selected_id() == collective[0].id


def test_pinyin_initials_find_the_complainant(tab, qtbot, ui_ctx):
    register(ui_ctx, "张三", "A座1203")
    register(ui_ctx, "李四", "B座502")
    register(ui_ctx, "赵珊", "C座11")
    tab.refresh()
    assert sorted(names(tab)) == ["张三", "李四", "赵珊"]
    with qtbot.waitSignal(tab.model.reloaded, timeout=2000):
        qtbot.keyClicks(tab.filter_bar.search, "zs")
    assert sorted(names(tab)) == ["张三", "赵珊"]
    tab.filter_bar.search.setText("张三")
    tab.filter_bar.apply_now()
    assert names(tab) == ["张三"]
    tab.filter_bar.search.setText("B座")
    tab.filter_bar.apply_now()
    assert names(tab) == ["李四"]
    tab.filter_bar.clear_button.click()
    assert len(names(tab)) == 3


def test_time_travel_turns_the_row_red_and_overdue_only_finds_it(tab, qtbot, ui_ctx, clock):
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    late = register(ui_ctx, "张三", "A座1203")
    clock.advance(hours=11)
    register(ui_ctx, "李四", "B座502")
    tab.refresh()
    row = tab.model.row_of(late.id)
    assert tab.model.index(row, COL_OVERDUE).data() == ""
    clock.advance(hours=2)  # 13 h after the front desk took it: dispatch (12 h, 篇2 §2) is overdue
    tab.model.refresh_times()
    assert tab.model.index(row, COL_OVERDUE).data() == "派单"
    assert tab.model.index(row, COL_NUMBER).data(Qt.ItemDataRole.ForegroundRole) == RED
    assert tab.model.index(row, COL_NUMBER).data(Qt.ItemDataRole.BackgroundRole) == RED_BG
    assert tab.model.index(row, COL_NEXT_DUE).data().startswith("派单 超时 1小时")
    other = tab.model.row_of(tab.model.index(1 - row, 0).data(ROW_ROLE).id)
    assert tab.model.index(other, COL_OVERDUE).data() == ""
    tab.filter_bar.overdue_only.setChecked(True)
    assert names(tab) == ["张三"]
    assert messages[-1] == "共 1 宗，超时 1 宗"
    tab.filter_bar.overdue_only.setChecked(False)
    assert messages[-1] == "共 2 宗，超时 1 宗"
    tab.filter_bar.due_soon.setChecked(True)  # 4 hours by default
    assert names(tab) == ["李四"]


def test_my_first_responder_cases_in_one_click(tab, ui_ctx):
    ui_ctx.services.auth.sign_in_as("陈小红")  # the logged-in user is the operator (issue 7)
    register(ui_ctx, "张三", "A座1203", first_responder="陈小红")
    register(ui_ctx, "李四", "B座502", first_responder="刘工")
    tab.refresh()
    tab.filter_bar.mine.click()
    assert names(tab) == ["张三"]
    ui_ctx.services.auth.sign_in_as("刘工")
    ui_ctx.signed_in()
    assert names(tab) == ["李四"]


def test_whole_company_shows_the_project_column(tab, ui_ctx):
    other = ui_ctx.services.settings.save_project("海悦花园", "HY")
    register(ui_ctx, "张三", "A座1203")
    register(ui_ctx, "李四", "B座502", project_id=other.id)
    tab.refresh()
    assert names(tab) == ["张三"]
    assert tab.view.isColumnHidden(COL_PROJECT)
    ui_ctx.set_project(None)
    assert sorted(names(tab)) == ["张三", "李四"]
    assert not tab.view.isColumnHidden(COL_PROJECT)
    row = [tab.model.index(r, COL_COMPLAINANT).data() for r in range(2)].index("李四")
    assert tab.model.index(row, COL_PROJECT).data() == "海悦花园"
    assert tab.model.index(row, COL_NUMBER).data().startswith("HY-2026-")


def test_header_click_sorts_in_sql(tab, ui_ctx, qtbot):
    for name in ("王五", "李四", "张三"):
        register(ui_ctx, name, f"{name}房")
    tab.refresh()
    header = tab.view.horizontalHeader()
    at = QPoint(header.sectionViewportPosition(COL_COMPLAINANT) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert tab.model.complaint_filter.sort_key == "complainant"
    first = names(tab)
    assert first in (sorted(first), sorted(first, reverse=True))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert names(tab) == list(reversed(first))
    # 超时环节 is not sorted in SQL: the list and its sort indicator stay as they were.
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(COL_OVERDUE) + 10, header.height() // 2))
    assert header.sortIndicatorSection() == COL_COMPLAINANT
    assert names(tab) == list(reversed(first))


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_enter_and_double_click_open_the_case(tab, ui_ctx, qtbot):
    first = register(ui_ctx, "张三", "A座1203")
    second = register(ui_ctx, "李四", "B座502")
    tab.refresh()
    tab.view.setFocus()
    tab.view.selectRow(tab.model.row_of(first.id))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    dialog = tab.case_dialogs[first.id]
    assert dialog.isVisible() and first.row.number in dialog.windowTitle()
    assert tab.open_case(first.id) is dialog  # the same window, raised
    rect = tab.view.visualRect(tab.model.index(tab.model.row_of(second.id), COL_COMPLAINANT))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    other = tab.case_dialogs[second.id]
    assert other.isVisible() and other.facts["投诉人"].text() == "李四"
    dialog.close()
    other.close()
    assert tab.case_dialogs == {}


def test_export_writes_what_the_list_shows(tab, ui_ctx, clock, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    register(ui_ctx, "张三", "A座1203")
    clock.advance(hours=13)
    register(ui_ctx, "李四", "B座502")
    tab.refresh()
    tab.filter_bar.overdue_only.setChecked(True)
    assert names(tab) == ["张三"]
    tab.export_action.trigger()
    chooser = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
    assert len(chooser) == 1
    target = tmp_path / "清单.xlsx"
    chooser[0].fileSelected.emit(str(target))
    chooser[0].close()
    boxes = visible_boxes()
    assert len(boxes) == 1 and "已导出 1 宗" in boxes[0].text()
    boxes[0].close()
    values = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row]
    assert "张三" in values and "李四" not in values


def test_import_button_opens_the_ledger_import(tab):
    from wuye_desktop.ui.complaints.import_dialog import LedgerImportDialog

    tab.import_action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, LedgerImportDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()


def test_collective_button_groups_the_ticked_cases(tab, ui_ctx):
    from wuye_desktop.ui.complaints.collective import CollectiveDialog

    assert tab.show_collective() is None  # nothing to group yet: says so
    boxes = visible_boxes()
    assert len(boxes) == 1 and "没有可合并的投诉" in boxes[0].text()
    boxes[0].close()
    ids = [register(ui_ctx, n, u, category="鼠虫害防治").id
           for n, u in (("甲", "1栋101"), ("乙", "1栋202"), ("丙", "1栋303"), ("丁", "1栋404"))]
    dialog = tab.show_collective()
    assert isinstance(dialog, CollectiveDialog)
    top = dialog.tree.topLevelItem(0)
    assert "「鼠虫害防治」4 户" in top.text(0)
    ding = next(top.child(i) for i in range(top.childCount()) if top.child(i).text(2) == "丁")
    ding.setCheckState(0, Qt.CheckState.Unchecked)  # 丁 is a different matter
    dialog.merge_button.click()
    assert not dialog.isVisible()
    rows = [tab.model.index(r, 0).data(ROW_ROLE) for r in range(tab.model.rowCount())]
    collective = next(v for v in rows if v.category == "集体投诉")
    members = ui_ctx.services.complaints.get(collective.id).members
    assert sorted(m.id for m in members) == sorted(ids[:3])
