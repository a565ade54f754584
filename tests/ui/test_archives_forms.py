"""The entry dialog generated from each FormSpec: every one of the 18 forms is filled and saved; bad input
gets the field's Chinese message under the field and the form stays filled; the 登记表 page lists,
searches, prints (filled, blank, batch) and exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from wuye_desktop.domain.archives import RecordQuery
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.ui.archives.form_dialog import FormRecordDialog
from wuye_desktop.ui.archives.form_fields import ChoiceField, DateField, NumberField, RepeatTable, YesNoField
from wuye_desktop.ui.archives.forms_page import FormsPage
from wuye_desktop.ui.archives.models import PagedModel
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog

NUMBERS = [f"qms-pm-313{n:02d}" for n in range(1, 19)]
ID_A = "110101199003091234"


def top(kind: type) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def error_under(dialog: FormRecordDialog, key: str) -> str:
    """The red message shown right under a field (ErrorForm)."""
    for form, keys in dialog.forms:
        if key in keys:
            label = form.errors[key]
            return label.text() if label.isVisible() else ""
    raise KeyError(key)


OPENED: list[FormRecordDialog] = []


@pytest.fixture(autouse=True)
def _close_dialogs():
    """The dialogs delete themselves on close (WA_DeleteOnClose): close those a test left open."""
    yield
    while OPENED:
        dialog = OPENED.pop()
        if shiboken6.isValid(dialog):
            dialog.close()


def open_dialog(ui_ctx, qtbot, number: str) -> FormRecordDialog:
    dialog = FormRecordDialog(ui_ctx, ui_ctx.services.form_records.spec(number))
    OPENED.append(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize("number", NUMBERS)
def test_every_form_gets_a_generated_dialog_that_saves_a_sample(ui_ctx, qtbot, number: str) -> None:
    dialog = open_dialog(ui_ctx, qtbot, number)
    spec = dialog.spec
    assert dialog.windowTitle() == f"{spec.code} {spec.title}（新登记）"
    assert set(dialog.widgets) == {f.key for f in spec.fields()}  # one widget per field of the definition
    assert dialog.widget("registered_on").value() == "2026-09-24"  # today, from the injected clock
    values = sample_values(spec, 5)
    dialog.set_values(values)
    with qtbot.waitSignal(dialog.record_saved, timeout=2000) as saved:
        dialog.save_button.click()
    record = ui_ctx.services.form_records.get(saved.args[0])
    for f in spec.list_fields():
        if not f.is_repeat:
            assert record.values.get(f.key) == values.get(f.key) or (
                values.get(f.key) is None and record.values.get(f.key) in (None, "", ()))
    assert not dialog.isVisible()


def test_widgets_follow_the_field_types(ui_ctx, qtbot) -> None:
    dialog = open_dialog(ui_ctx, qtbot, "qms-pm-31301")
    assert isinstance(dialog.widget("move_in_on"), DateField)
    assert isinstance(dialog.widget("client_role"), ChoiceField)
    area = dialog.widget("floor_area")
    assert isinstance(area, NumberField) and area.unit_label.text() == "㎡"
    assert dialog.widget("monthly_fee").unit_label.text() == "元"
    assert isinstance(dialog.widget("deposits"), RepeatTable)
    assert isinstance(open_dialog(ui_ctx, qtbot, "qms-pm-31316").widget("card_returned"), YesNoField)
    assert dialog.widget("clerk").value() == ui_ctx.operator
    date_field = dialog.widget("lease_from")
    date_field.pick(QDate(2026, 10, 8))
    assert date_field.value() == "2026-10-08"


def test_a_bad_id_number_is_refused_under_its_field_and_the_form_stays_filled(ui_ctx, qtbot) -> None:
    dialog = open_dialog(ui_ctx, qtbot, "qms-pm-31301")
    values = sample_values(dialog.spec, 1)
    values.update(id_type="居民身份证", id_no="110101199003071235", email="not-an-email")
    dialog.set_values(values)
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "校验位不正确" in error_under(dialog, "id_no") and "证件号码" in error_under(dialog, "id_no")
    assert "电子邮箱" in error_under(dialog, "email")
    assert dialog.summary.text().startswith("有 2 处需要改正")
    assert dialog.widget("id_no").value() == "110101199003071235"  # still there to correct
    assert dialog.widget("client").value() == values["client"]
    assert ui_ctx.services.form_records.page(RecordQuery("qms-pm-31301")).total == 0
    dialog.widget("id_no").set_value(ID_A)
    dialog.widget("email").set_value("")
    with qtbot.waitSignal(dialog.record_saved, timeout=2000):
        dialog.save_button.click()


def test_a_bad_plate_and_a_bad_repeat_row_are_named(ui_ctx, qtbot) -> None:
    dialog = open_dialog(ui_ctx, qtbot, "qms-pm-31306")
    values = sample_values(dialog.spec, 1)
    values["plate"] = "粤B1234"
    dialog.set_values(values)
    dialog.save_button.click()
    assert error_under(dialog, "plate").startswith("车牌号码「粤B1234」")

    contacts = open_dialog(ui_ctx, qtbot, "qms-pm-31302")
    contacts.set_values(sample_values(contacts.spec, 1, rows=2))
    table = contacts.widget("contacts")
    assert isinstance(table, RepeatTable)
    table.set_cell(1, "mobile", "12345")
    contacts.save_button.click()
    message = error_under(contacts, "contacts")
    assert message.startswith("紧急联络人第2行手机「12345」")
    cell = table.table.item(1, [c.key for c in table.columns].index("mobile"))
    assert cell.toolTip() == message and cell.background().color().name() == "#fdecea"
    table.add_row()
    table.add_row()
    assert table.table.rowCount() == 3 and not table.add_button.isEnabled()  # at most three contacts


def test_a_lower_meter_reading_asks_for_confirmation_and_a_reason(ui_ctx, qtbot) -> None:
    forms = ui_ctx.services.form_records
    first = sample_values(forms.spec("qms-pm-31318"), 1)
    first.update(unit="A座1203", read_on=date(2026, 3, 1), water_meter_no="SB1", water_reading="120.5",
                 electricity_meter_no="", electricity_reading=None)
    forms.save("qms-pm-31318", first, ui_ctx.working_project_id, "陈静")
    dialog = open_dialog(ui_ctx, qtbot, "qms-pm-31318")
    dialog.set_values(dict(first, read_on=date(2026, 9, 1), water_reading="99.0"))
    dialog.save_button.click()
    assert dialog.confirm_box.isVisible() and "低于上次" in dialog.confirm_text.text()
    dialog.save_button.click()  # not ticked: still not saved
    assert dialog.isVisible() and "请核实后勾选" in dialog.summary.text()
    dialog.confirm_check.setChecked(True)
    dialog.save_button.click()  # ticked, no reason
    assert dialog.confirm_form.errors["confirm_reason"].text().startswith("原因不能为空")
    dialog.confirm_reason.setText("换表")
    with qtbot.waitSignal(dialog.record_saved, timeout=2000) as saved:
        dialog.save_button.click()
    assert forms.get(saved.args[0]).confirmation.endswith("原因：换表")


@pytest.fixture
def page(ui_ctx, qtbot) -> FormsPage:
    forms = ui_ctx.services.form_records
    for seed, holder in enumerate(("王伟", "张芳", "李明")):
        values = sample_values(forms.spec("qms-pm-31313"), seed)
        values.update(holder=holder, id_type="居民身份证", id_no=ID_A, holder_phone="13800138000")
        forms.save("qms-pm-31313", values, ui_ctx.working_project_id, "陈静")
    widget = FormsPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.choose("qms-pm-31313")
    return widget


def texts(page: FormsPage, column: str) -> list[str]:
    col = [c.header for c in page.model.columns].index(column)
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def test_each_form_has_its_list_searched_by_pinyin_initials_with_personal_data_masked(page, qtmodeltester) -> None:
    assert page.title.text().startswith("<b>用户身份卡登记表</b>")
    assert texts(page, "持卡人") == ["李明", "张芳", "王伟"]
    assert "联系电话" not in [c.header for c in page.model.columns]  # only the list fields are columns
    qtmodeltester.check(page.model)
    page.search.setText("zf")
    page.reload()
    assert texts(page, "持卡人") == ["张芳"]
    page.search.setText("1234")  # ID last digits
    page.reload()
    assert len(texts(page, "持卡人")) == 3
    assert "份" in page.count_label.text()


def test_print_blank_print_filled_and_batch_print_open_the_preview(page, qtbot, ui_ctx) -> None:
    page.view.selectRow(0)
    preview = page.print_record(page.current().id)
    assert isinstance(preview, PdfPreviewDialog) and preview.page_count == 1
    preview.close()
    blank = page.print_blank()
    assert blank.page_count == 1 and blank.windowTitle() == "用户身份卡登记表（空白表）"
    blank.close()
    page.view.selectAll()
    job = page.batch_print()
    (batch,) = top(PdfPreviewDialog)
    assert batch.page_count == 3 and "3份" in batch.windowTitle()
    batch.close()
    log = ui_ctx.services.archives.access_log(None).rows
    assert [r.action for r in log][:2] == ["打印", "打印"] and job is not None


def test_batch_print_without_a_selection_says_so(page) -> None:
    page.view.clearSelection()
    assert page.batch_print() is None
    (box,) = top(QMessageBox)
    assert "请先在列表中选择要打印的记录" in box.text()
    box.close()


def test_export_ledger_masked_and_whole(page, tmp_path: Path, ui_ctx) -> None:
    export = page.export_ledger()
    chooser = page.findChild(QFileDialog)
    chooser.fileSelected.emit(str(tmp_path / "卡"))
    chooser.close()
    (box,) = top(QMessageBox)
    assert "已导出 3 份用户身份卡登记表台账" in box.text()
    box.close()
    ws = openpyxl.load_workbook(tmp_path / "卡.xlsx").active
    header = [c.value for c in ws[3]]
    assert ws.cell(4, header.index("证件号码") + 1).value == "110***********1234"
    page.export_ledger_whole()
    chooser = [d for d in page.findChildren(QFileDialog) if d.isVisible()][-1]
    chooser.fileSelected.emit(str(tmp_path / "卡完整.xlsx"))
    chooser.close()
    box = top(QMessageBox)[-1]
    assert "已记入查阅记录" in box.text()
    box.close()
    ws = openpyxl.load_workbook(tmp_path / "卡完整.xlsx").active
    assert ws.cell(4, header.index("证件号码") + 1).value == ID_A
    assert ui_ctx.services.archives.access_log(None).rows[0].action == "导出（完整）"
    assert export is not None


def test_new_record_from_the_page_appears_in_its_list(page, qtbot) -> None:
    dialog = page.new_record()
    OPENED.append(dialog)
    values = sample_values(dialog.spec, 9)
    values.update(holder="赵强")
    dialog.set_values(values)
    dialog.save_button.click()
    assert "赵强" in texts(page, "持卡人")
    assert page.forms_list.currentItem().text().startswith("31313　用户身份卡登记表（4）")


def test_paged_model_contract(ui_ctx, qtmodeltester) -> None:
    from wuye_desktop.services.archives_views import Page
    from wuye_desktop.ui.archives.models import Col

    rows = [type("R", (), {"id": i, "name": f"名{i}"})() for i in range(450)]
    model = PagedModel([Col("名称", lambda r: r.name)],
                       lambda offset, limit, total: Page(tuple(rows[offset:offset + limit]), len(rows)))
    model.reload()
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    qtmodeltester.check(model)
    assert model.index(449, 0).data() == "名449"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None


def test_the_list_is_filtered_by_period_and_expiry(page, ui_ctx) -> None:
    forms = ui_ctx.services.form_records
    values = sample_values(forms.spec("qms-pm-31313"), 7)
    values.update(holder="到期人", card_state="有效", issued_on=date(2026, 9, 1), valid_until=date(2026, 10, 10),
                  registered_on=date(2026, 9, 2))
    forms.save("qms-pm-31313", values, ui_ctx.working_project_id, "陈静")
    page.reload()
    assert len(texts(page, "持卡人")) == 4
    page.period.setCurrentText("30天内到期及已过期")
    assert "到期人" in texts(page, "持卡人")
    assert all(d <= "2026-10-24" for d in texts(page, "到期"))
    page.period.setCurrentText("本月登记")
    assert texts(page, "持卡人") == ["到期人"]  # the samples were registered in spring and summer
    page.choose("qms-pm-31302")  # a form that never expires cannot be filtered by expiry
    assert not page.period.model().item(3).isEnabled()
