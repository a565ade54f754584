"""The 客户档案 tab as a clerk uses it: clients and units, the one-screen archive of a client and of a unit
(every view logged), move-in and move-out, the client-list import, a leaver's cards revoked in one click,
complaints placed by hand, and broken form definitions reported at start."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.ui.archives.archive_dialog import ArchiveDialog
from wuye_desktop.ui.archives.form_dialog import FormRecordDialog
from wuye_desktop.ui.archives.links_dialogs import ComplaintPlaceDialog, RevokeDialog
from wuye_desktop.ui.archives.people_dialogs import ClientDialog, EntryDialog, MoveOutDialog, StayDialog
from wuye_desktop.ui.archives.tab import ArchivesTab, report_broken_forms
from wuye_desktop.ui.common.import_dialog import ExcelImportDialog

ID_A = "110101199003091234"


def top(kind: type) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def close_all() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible() and shiboken6.isValid(w):
            w.close()


@pytest.fixture
def tab(ui_ctx, qtbot) -> ArchivesTab:
    svc, pid = ui_ctx.services, ui_ctx.working_project_id
    unit = svc.archives.save_unit(pid, arc.UnitDraft("A座", "1203", "写字间", floor_area="120.5"))
    company = svc.archives.save_client(pid, arc.ClientDraft("深圳市华信科技有限公司", "单位", contact="张三",
                                                            phone="0755-26881234"))
    svc.archives.move_in(arc.OccupancyDraft(unit.id, company.id, "租户", date(2025, 1, 1)), "陈静")
    person = svc.archives.save_client(pid, arc.ClientDraft("王伟", "个人", "居民身份证", ID_A, "13800138000"))
    home = svc.archives.save_unit(pid, arc.UnitDraft("3栋", "501", "住宅", "2单元"))
    svc.archives.move_in(arc.OccupancyDraft(home.id, person.id, "业主", date(2020, 5, 1)), "陈静")
    widget = ArchivesTab(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    yield widget
    close_all()


def column(model, header: str) -> list[str]:
    col = [c.header for c in model.columns].index(header)
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_the_tab_sits_after_the_complaint_desk_in_the_main_window(ui_ctx, qtbot) -> None:
    from wuye_desktop.ui.main_window import MainWindow

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[titles.index("投诉受理") + 1] == "客户档案"
    assert [window.archives_tab.pages.tabText(i) for i in range(6)] == [
        "客户", "房屋", "登记表", "到期提醒", "投诉关联", "查阅记录"]


def test_clients_are_listed_masked_and_found_by_initials(tab, qtmodeltester) -> None:
    page = tab.clients_page
    assert column(page.model, "客户名称") == ["王伟", "深圳市华信科技有限公司"]
    assert column(page.model, "证件号码") == ["110***********1234", ""]
    assert column(page.model, "联系电话") == ["138****8000", "0755-****1234"]
    qtmodeltester.check(page.model)
    page.search.setText("ww")
    page.reload()
    assert column(page.model, "客户名称") == ["王伟"]
    assert page.count_label.text() == "共 1 户客户"


def test_a_new_client_is_registered_and_a_bad_id_is_named_under_its_field(tab, ui_ctx) -> None:
    dialog = tab.clients_page.new_client()
    dialog.texts["name"].setText("李娜")
    dialog.id_type.setCurrentText("居民身份证")
    dialog.texts["id_no"].setText("110101199003071235")
    dialog.save_button.click()
    assert dialog.isVisible() and "校验位不正确" in dialog.form.errors["id_no"].text()
    dialog.texts["id_no"].setText("")
    dialog.id_type.setCurrentText("")
    dialog.save_button.click()
    assert "李娜" in column(tab.clients_page.model, "客户名称")


def test_the_client_archive_shows_twelve_kinds_and_its_view_is_logged(tab, ui_ctx) -> None:
    svc = ui_ctx.services
    company = svc.archives.find_clients(ui_ctx.working_project_id, "华信")[0]
    values = sample_values(svc.form_records.spec("qms-pm-31302"), 1)
    values.update(unit="A座1203", client=company.name)
    svc.form_records.save("qms-pm-31302", values, ui_ctx.working_project_id, "陈静")
    tab.clients_page.reload()
    tab.clients_page.view.selectRow(1)
    tab.clients_page.open_selected()
    dialog = tab.archives[("client", company.id)]
    assert dialog.windowTitle() == "客户档案 — 深圳市华信科技有限公司"
    kinds = [dialog.kinds.item(i).text() for i in range(dialog.kinds.count())]
    assert len(kinds) == 12 and kinds[6] == "7. 紧急联络人（1）" and kinds[0].startswith("1. 客户单位资料")
    dialog.kinds.setCurrentRow(6)
    assert column(dialog.items, "事项") == ["QMS-PM-31302 客户紧急联络表"]
    assert dialog.pages.isTabVisible(dialog.employees_index)  # a company has employees
    tab.pages.setCurrentWidget(tab.log_page)
    assert column(tab.log_page.model, "内容")[0] == "查看客户档案：深圳市华信科技有限公司"
    assert column(tab.log_page.model, "操作人")[0] == ui_ctx.operator
    assert list(tab.archives) == [("client", company.id)]  # one screen per client


def test_records_added_in_the_archive_and_a_form_filled_from_it(tab, ui_ctx) -> None:
    person = ui_ctx.services.archives.find_clients(ui_ctx.working_project_id, "王伟")[0]
    dialog = tab.open_client(person.id)
    dialog.kinds.setCurrentRow(1)  # 缴费记录及押金
    entry = dialog.add_entry()
    assert isinstance(entry, EntryDialog) and entry.kind.currentData() == "fees"
    entry.title.setText("装修押金")
    entry.amount.setText("3000")
    entry.deposit.setChecked(True)
    entry.save_button.click()
    assert column(dialog.items, "状态") == ["未退还"]
    dialog.items_view.selectRow(0)
    dialog.return_deposit()
    assert column(dialog.items, "状态") == ["已退还 2026-09-24"]
    form = dialog.fill_form("qms-pm-31303")
    assert isinstance(form, FormRecordDialog)
    assert form.widget("unit").value() == "3栋2单元501" and form.widget("client").value() == "王伟"
    form.set_values({k: v for k, v in sample_values(form.spec, 2).items() if k not in ("unit", "client")})
    form.save_button.click()
    assert dialog.kinds.item(4).text() == "5. 资料补充（1）"


def test_a_household_moves_out_and_stays_in_the_unit_archive(tab, ui_ctx) -> None:
    home = ui_ctx.services.archives.find_units(ui_ctx.working_project_id, "501")[0]
    dialog = tab.open_unit(home.id)
    assert dialog.windowTitle() == "房屋档案 — 3栋2单元501"
    dialog.pages.setCurrentIndex(1)
    dialog.stays_view.selectRow(0)
    out = dialog.move_out()
    assert isinstance(out, MoveOutDialog)
    out.note.setText("房屋出售")
    out.save_button.click()
    assert column(dialog.stays, "状态") == ["退场"]
    assert "已退场 1 户（档案保留）" in dialog.header.text()
    stay = dialog.move_in()
    assert isinstance(stay, StayDialog) and not stay.unit_picker.isEnabled()
    stay.client_picker.edit.setText("华信")
    stay.client_picker.refresh("华信")
    stay.save_button.click()
    assert column(dialog.stays, "客户") == ["王伟", "深圳市华信科技有限公司"]
    assert column(dialog.stays, "状态") == ["退场", "在住"]


def test_the_unit_register_lists_by_building_and_registers_a_unit(tab, ui_ctx, qtmodeltester) -> None:
    page = tab.units_page
    tab.pages.setCurrentWidget(page)
    assert column(page.model, "房屋") == ["3栋2单元501", "A座1203"]
    qtmodeltester.check(page.model)
    dialog = page.new_unit()
    dialog.building.setEditText("B座")
    dialog.room.setText("0801")
    dialog.kind.setCurrentText("商铺")
    dialog.area.setText("abc")
    dialog.save_button.click()
    assert dialog.form.errors["floor_area"].text() == "建筑面积「abc」不是有效的数值"
    dialog.area.setText("56.3")
    dialog.save_button.click()
    assert column(page.model, "房屋")[-1] == "B座0801"
    assert column(page.model, "楼层")[-1] == "8"


def test_the_client_list_import_lists_bad_rows_and_imports_only_a_clean_file(tab, ui_ctx, tmp_path: Path) -> None:
    def workbook(name: str, *rows: list[object]) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["房号", "客户名称", "联系电话", "证件类型", "证件号码"])
        for r in rows:
            ws.append(r)
        wb.save(tmp_path / name)
        return tmp_path / name

    dialog = tab.clients_page.import_clients()
    assert isinstance(dialog, ExcelImportDialog)
    dialog.load_file(str(workbook("坏.xlsx", ["B座0802", "刘洋", "13700137000", "", ""],
                                  ["大堂", "路人", "123", "", ""])))
    assert not dialog.import_button.isEnabled()
    reasons = [dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())]
    assert [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())] == ["第 3 行", "第 3 行"]
    assert any(r.startswith("房号「大堂」无法识别") for r in reasons)
    dialog.load_file(str(workbook("好.xlsx", ["B座0802", "刘洋", "13700137000", "", ""])))
    assert dialog.import_button.isEnabled() and "新房屋 1 处，新客户 1 户" in dialog.summary_label.text()
    dialog.import_button.click()
    (box,) = top(QMessageBox)
    assert "新房屋 1 处，新客户 1 户" in box.text()
    box.close()
    assert "刘洋" in column(tab.clients_page.model, "客户名称")


def test_a_leaver_s_cards_are_revoked_in_one_click(tab, ui_ctx) -> None:
    forms, pid = ui_ctx.services.form_records, ui_ctx.working_project_id
    card = sample_values(forms.spec("qms-pm-31313"), 1)
    card.update(client="深圳市华信科技有限公司", holder="赵强", id_type="居民身份证", id_no=ID_A, card_state="有效",
                card_no="88001234")
    card_id = forms.save("qms-pm-31313", card, pid, "陈静").id
    leaver = sample_values(forms.spec("qms-pm-31316"), 1)
    leaver.update(client="深圳市华信科技有限公司", employee="赵强", id_type="居民身份证", id_no=ID_A,
                  left_on=date(2026, 9, 20), revoked_on=None)
    forms.save("qms-pm-31316", leaver, pid, "陈静")
    page = tab.forms_page
    tab.pages.setCurrentWidget(page)
    page.choose("qms-pm-31316")
    assert page.link_button.isVisible() and page.link_button.text() == "收回身份卡和钥匙…"
    page.view.selectRow(0)
    dialog = page.follow_link()
    assert isinstance(dialog, RevokeDialog) and dialog.cards.count() == 1 and "88001234" in dialog.cards.item(0).text()
    dialog.revoke_button.click()
    (box,) = top(QMessageBox)
    assert "已注销身份卡 1 张" in box.text()
    box.close()
    assert forms.get(card_id).values["card_state"] == "注销"


def test_reminders_show_days_left(tab, ui_ctx) -> None:
    forms = ui_ctx.services.form_records
    visa = sample_values(forms.spec("qms-pm-31311"), 1)
    visa.update(visa_expiry=date(2026, 9, 29), name_foreign="John SMITH")
    forms.save("qms-pm-31311", visa, ui_ctx.working_project_id, "陈静")
    tab.pages.setCurrentWidget(tab.reminders_page)
    assert column(tab.reminders_page.model, "剩余") == ["还有5天"]
    assert column(tab.reminders_page.model, "类别") == ["签证/居留许可"]


def test_unmatched_complaints_are_placed_by_hand(tab, ui_ctx) -> None:
    svc = ui_ctx.services
    case = svc.complaints.register(ComplaintDraft(
        received_at=datetime(2026, 9, 23, 9, 0), complainant="王先生", unit="三栋五楼", phone="13800138000",
        subject="楼道灯不亮", category="公共设施故障", first_responder="陈静"), ui_ctx.working_project_id, "陈静")
    page = tab.unmatched_page
    tab.pages.setCurrentWidget(page)
    assert column(page.model, "原因") == ["房号写法无法识别"]
    page.view.selectRow(0)
    dialog = page.place_selected()
    assert isinstance(dialog, ComplaintPlaceDialog)
    dialog.unit_picker.edit.setText("501")
    dialog.unit_picker.refresh("501")
    dialog.client_picker.edit.setText("王伟")
    dialog.client_picker.refresh("王伟")
    dialog.save_button.click()
    assert page.model.rowCount() == 0
    person = svc.archives.find_clients(ui_ctx.working_project_id, "王伟")[0]
    archive = svc.archives.client_archive(person.id, "测试")
    assert [i.ref_id for i in archive.items["complaints"]] == [case.row.id]


def test_broken_definitions_are_reported_at_start_and_only_the_forms_stop(ui_ctx, qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "forms"
    bad.mkdir()
    (bad / "qms-pm-31306.toml").write_text(
        'number = "qms-pm-31306"\ntitle = "停车证发放登记表"\n[[sections]]\ntitle = "一"\n'
        'fields = [ { key = "plate", label = "车牌号码", type = "licence" } ]\n', encoding="utf-8")
    ui_ctx.services.form_records.reload(bad)
    box = report_broken_forms(None, ui_ctx.services.form_records)
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "qms-pm-31306.toml" in box.text() and "plate" in box.text() and "licence" in box.text()
    box.close()
    widget = ArchivesTab(ui_ctx)
    qtbot.addWidget(widget)
    assert widget.forms_page.error_label.text().startswith("登记表定义文件有误")
    assert not widget.forms_page.new_button.isEnabled()
    widget.clients_page.reload()  # everything else works
    assert widget.clients_page.count_label.text() == "共 0 户客户"
    assert report_broken_forms(None, type("Fine", (), {"definition_error": None})()) is None


def test_scans_are_attached_to_a_record_and_shown(tab, ui_ctx, tmp_path: Path, qtmodeltester) -> None:
    person = ui_ctx.services.archives.find_clients(ui_ctx.working_project_id, "王伟")[0]
    entry = ui_ctx.services.archives.add_entry(
        arc.EntryDraft("renovation", date(2026, 9, 1), "装修申请及图纸"), client_id=person.id)
    scan = tmp_path / "平面图.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    dialog = tab.open_client(person.id)
    dialog.kinds.setCurrentRow(2)  # 装修工程文件
    qtmodeltester.check(dialog.items)
    dialog.items_view.selectRow(0)
    editor = dialog.open_selected()
    assert isinstance(editor, EntryDialog)
    assert editor.attachments.empty.isVisible()
    assert editor.attachments.add_files([str(scan)]) == 1
    assert [editor.attachments.list.item(i).text() for i in range(editor.attachments.list.count())] == ["平面图.pdf"]
    editor.close()
    assert column(dialog.items, "扫描件") == ["1"]
    stored = ui_ctx.services.archives.entry(entry.id).attachments[0]
    assert Path(stored.path).read_bytes() == b"%PDF-1.4 scan" and Path(stored.path).parent.name == "archives"


def test_the_import_error_model_passes_the_model_tester(qtmodeltester) -> None:
    from wuye_desktop.services.complaint_excel import RowError
    from wuye_desktop.ui.common.import_dialog import RowErrorModel

    model = RowErrorModel()
    model.set_errors([RowError(3, "房号", "房号不能为空"), RowError(4, "联系电话", "格式不正确")])
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "第 4 行" and model.headerData(2, Qt.Orientation.Horizontal) == "原因"


def test_an_employee_leaving_is_recorded_on_the_31316_form_and_marked_left(tab, ui_ctx) -> None:
    company = ui_ctx.services.archives.find_clients(ui_ctx.working_project_id, "华信")[0]
    ui_ctx.services.archives.save_employee(company.id, arc.EmployeeDraft("赵强", "行政主管", "居民身份证", ID_A))
    dialog = tab.open_client(company.id)
    dialog.pages.setCurrentIndex(dialog.employees_index)
    dialog.employees_view.selectRow(0)
    form = dialog.employee_left()
    assert isinstance(form, FormRecordDialog) and form.spec.number == "qms-pm-31316"
    assert (form.widget("employee").value(), form.widget("id_no").value()) == ("赵强", ID_A)
    assert form.widget("client").value() == company.name and form.widget("left_on").value() == "2026-09-24"
    form.set_values({"leave_kind": "辞退", "notified_on": date(2026, 9, 24), "card_returned": True,
                     "keys_returned": False})
    form.save_button.click()
    assert not form.isVisible()
    assert column(dialog.employees, "状态") == ["已辞退"]


def test_a_batch_print_cancelled_leaves_no_preview(tab, ui_ctx, monkeypatch) -> None:
    from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog

    forms = ui_ctx.services.form_records
    for seed in range(2):
        forms.save("qms-pm-31303", sample_values(forms.spec("qms-pm-31303"), seed), ui_ctx.working_project_id, "陈静")

    def cancelled_half_way(ids, by, out=None, progress=None):  # type: ignore[no-untyped-def]
        progress(1, len(ids), "正在生成…")
        progress.cancel()  # the clerk pressed 取消
        progress(2, len(ids), "正在生成…")

    monkeypatch.setattr(forms, "print_batch", cancelled_half_way)
    page = tab.forms_page
    tab.pages.setCurrentWidget(page)
    page.choose("qms-pm-31303")
    page.view.selectAll()
    job = page.batch_print()
    assert job is not None and job.cancelled
    (box,) = top(QMessageBox)
    assert "已取消打印" in box.text()
    box.close()
    assert not top(PdfPreviewDialog)
