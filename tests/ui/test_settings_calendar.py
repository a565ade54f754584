"""The work-calendar page: a clerk enters 2027's published schedule (RULES.md 「工作日」), sees the
warning while the year has no data and sees it go once the schedule is confirmed complete."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from wuye_desktop.ui.settings.dialog import SettingsDialog


@pytest.fixture
def page(ui_ctx, qtbot):
    dlg = SettingsDialog(ui_ctx)
    dlg.open()
    qtbot.waitExposed(dlg)
    dlg.page_list.setCurrentRow(3)
    yield dlg.calendar_page
    if shiboken6.isValid(dlg) and dlg.isVisible():
        dlg.calendar_page.dirty = False
        dlg.close()


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def rows(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def pick_year(page, year: int) -> None:
    page.year_box.setCurrentIndex(page.year_box.findData(year))


def enter(qtbot, page, start: date, end: date, kind: str, note: str = "") -> None:
    page.start_edit.setDate(QDate(start.year, start.month, start.day))
    page.end_edit.setDate(QDate(end.year, end.month, end.day))
    page.kind_box.setCurrentIndex(page.kind_box.findText(kind))
    page.note_edit.setText(note)
    click(qtbot, page.add_button)


def test_offers_this_year_and_next_from_the_injected_clock(page, ui_ctx) -> None:
    # The ``clock`` fixture says 2026-09-24.
    assert [page.year_box.itemText(i) for i in range(page.year_box.count())] == ["2026年", "2027年"]
    assert page.year == 2026
    assert page.status_label.text() == "2026年：已有国家法定节假日及调休数据"
    assert page.status_label.objectName() == "calendarOk"


def test_2026_shows_the_official_schedule_for_reference(page) -> None:
    official = rows(page.reference_table)
    assert ["2026-10-10", "周六", "上班（调休）", "国庆节"] in official
    assert ["2026-10-01", "周四", "放假", "国庆节"] in official
    assert ["2026-09-20", "周日", "上班（调休）", "国庆节"] in official
    assert "已自动计算" in page.reference_note.text()


def test_enter_2027_national_day_and_the_warning_disappears_after_confirming(page, qtbot, ui_ctx) -> None:
    changes: list[str] = []
    ui_ctx.data_changed.connect(changes.append)
    pick_year(page, 2027)
    assert page.status_label.objectName() == "calendarWarning"
    assert page.status_label.isVisible()
    assert "2027年：尚无放假及调休安排" in page.status_label.text()
    assert "常规节日" in page.reference_note.text()

    # 「10月1日至7日放假调休，共7天；10月9日（周六）上班」 — two lines of the notice, two entries.
    enter(qtbot, page, date(2027, 10, 1), date(2027, 10, 7), "放假", "国庆节")
    enter(qtbot, page, date(2027, 10, 9), date(2027, 10, 9), "上班（调休）", "国庆节调休上班")
    assert rows(page.entries_table)[0] == ["2027-10-01", "周五", "放假", "国庆节"]
    assert rows(page.entries_table)[-1] == ["2027-10-09", "周六", "上班（调休）", "国庆节调休上班"]
    assert len(rows(page.entries_table)) == 8
    assert page.saved_label.text() == "已添加1天，尚未保存"

    click(qtbot, page.save_button)  # saved, not yet marked complete: the warning stays
    assert page.status_label.objectName() == "calendarWarning"
    assert ui_ctx.services.calendar.calendar().is_workday(date(2027, 10, 9))
    assert changes == ["settings"]

    page.confirmed_box.setChecked(True)
    click(qtbot, page.save_button)
    assert page.status_label.objectName() == "calendarOk"
    assert page.status_label.text() == "2027年：已按管理处录入的放假安排计算（8条）"
    assert ui_ctx.services.calendar.warning_for(datetime(2027, 10, 8)) == ""
    # Two working days after Thu 09-30: Fri 10-08, then the 调休 Saturday 10-09.
    assert ui_ctx.services.calendar.calendar().working_days_deadline(datetime(2027, 9, 30, 10), 2) \
        == datetime(2027, 10, 9, 23, 59, 59)
    assert not page.dirty
    assert changes == ["settings", "settings"]


def test_a_weekday_cannot_be_a_make_up_workday(page, qtbot) -> None:
    pick_year(page, 2027)
    enter(qtbot, page, date(2027, 2, 17), date(2027, 2, 17), "上班（调休）")
    error = page.add_form.errors["kind"]
    assert error.isVisible()
    assert error.text() == "2027-02-17（周三）本来就是工作日，无需登记为调休上班；调休上班只登记周六、周日"
    assert rows(page.entries_table) == []


def test_duplicates_and_bad_ranges_are_refused_at_the_date_field(page, qtbot) -> None:
    pick_year(page, 2027)
    enter(qtbot, page, date(2027, 2, 16), date(2027, 2, 22), "放假", "春节")
    assert len(rows(page.entries_table)) == 7
    enter(qtbot, page, date(2027, 2, 22), date(2027, 2, 23), "放假")
    error = page.add_form.errors["dates"]
    assert error.text() == "2027-02-22 已在列表中（放假），如需更改请先删除该行"
    assert len(rows(page.entries_table)) == 7

    enter(qtbot, page, date(2027, 3, 1), date(2027, 4, 15), "放假")
    assert error.text() == "一次最多录入31天，请分段录入"
    # The date fields only offer the chosen year; a day of another year never reaches the list.
    assert page.start_edit.minimumDate() == QDate(2027, 1, 1)
    assert page.end_edit.maximumDate() == QDate(2027, 12, 31)
    assert page.range_errors(date(2028, 1, 3), date(2028, 1, 3), False) == {"dates": "起始日期应在2027年内"}


def test_remove_a_row_and_confirming_an_empty_year_is_refused(page, qtbot) -> None:
    pick_year(page, 2027)
    click(qtbot, page.remove_button)
    assert page.rows_error.text() == "请先在列表中选中要删除的日期"
    enter(qtbot, page, date(2027, 5, 3), date(2027, 5, 4), "放假", "劳动节")
    page.entries_table.selectRow(0)
    click(qtbot, page.remove_button)
    assert rows(page.entries_table) == [["2027-05-04", "周二", "放假", "劳动节"]]
    page.entries_table.selectRow(0)
    click(qtbot, page.remove_button)
    page.confirmed_box.setChecked(True)
    click(qtbot, page.save_button)
    assert page.confirmed_error.isVisible()
    assert page.confirmed_error.text() == "尚未录入2027年的任何放假日期，不能确认为已完整录入"
    assert page.status_label.objectName() == "calendarWarning"


def test_switching_year_with_unsaved_rows_asks(page, qtbot) -> None:
    pick_year(page, 2027)
    enter(qtbot, page, date(2027, 5, 3), date(2027, 5, 3), "放假")
    pick_year(page, 2026)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    click(qtbot, box.button(QMessageBox.StandardButton.No))  # 返回
    assert page.year == 2027 and page.year_box.currentData() == 2027
    assert len(rows(page.entries_table)) == 1

    pick_year(page, 2026)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))  # 放弃修改
    assert page.year == 2026
    assert rows(page.entries_table) == []


def test_the_calendar_tables_pass_the_model_tester(page, qtbot, qtmodeltester) -> None:
    qtmodeltester.check(page.reference_model)
    pick_year(page, 2027)
    enter(qtbot, page, date(2027, 2, 16), date(2027, 2, 18), "放假", "春节")
    qtmodeltester.check(page.entries_model)
