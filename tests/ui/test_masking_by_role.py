"""Masking follows the role (issue 7): a user whose role may not see whole phone or ID numbers sees
138****8000 / 110***********1234 in every list, record and printed form of the screens; searching by the
whole number still finds the row; saving a record without retyping the number keeps it (never the stars);
a 主任 sees them whole.

The built-in matrix lets every role see whole phones (each calls residents back), so the phone cases run
as a 物管员 whose role is given the matrix without 查看完整电话号码 — a role "without the permission"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pdfplumber
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.auth import MATRIX, Permission, Role
from wuye_desktop.domain.repairs import Source
from wuye_desktop.formspecs.samples import sample_values
from wuye_desktop.domain.repairs_drafts import RequestDraft
from wuye_desktop.ui.archives.archive_dialog import ArchiveDialog
from wuye_desktop.ui.archives.form_dialog import FormRecordDialog
from wuye_desktop.ui.archives.people_dialogs import ClientDialog
from wuye_desktop.ui.common.masked_edit import MaskedLineEdit
from wuye_desktop.ui.complaints.case_dialog import CaseDialog
from wuye_desktop.ui.complaints.model import COL_PHONE
from wuye_desktop.ui.complaints.register_dialog import ComplaintDialog
from wuye_desktop.ui.complaints.tab import ComplaintsTab
from tests.integration.test_desk_rules import draft

PHONE, PHONE_MASKED = "13800138000", "138****8000"
ID_NO, ID_MASKED = "110101199003091234", "110***********1234"


def close_all() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible() and shiboken6.isValid(w):
            w.close()


@pytest.fixture
def clerk(ui_ctx, monkeypatch):  # type: ignore[no-untyped-def]
    """Log in as a 物管员 whose role may see neither whole phones nor whole ID numbers."""
    def log_in() -> None:
        monkeypatch.setitem(MATRIX, Role.PROPERTY_CLERK, MATRIX[Role.PROPERTY_CLERK] - {Permission.SEE_WHOLE_PHONE})
        ui_ctx.services.auth.sign_in_as("林物管", Role.PROPERTY_CLERK)
        assert ui_ctx.hidden_personal_data() == {"id", "phone"}
    return log_in


@pytest.fixture
def client(ui_ctx):  # type: ignore[no-untyped-def]
    svc, pid = ui_ctx.services, ui_ctx.working_project_id
    person = svc.archives.save_client(pid, arc.ClientDraft("王伟", "个人", "居民身份证", ID_NO, PHONE))
    home = svc.archives.save_unit(pid, arc.UnitDraft("3栋", "501", "住宅", "2单元"))
    svc.archives.move_in(arc.OccupancyDraft(home.id, person.id, "业主", date(2020, 5, 1)), "陈静")
    yield person
    close_all()


# --- the unit of the trick: the masked field -------------------------------------------------------------

def test_the_masked_field_keeps_the_number_until_a_new_one_is_typed(qapp, qtbot) -> None:
    from wuye_desktop.domain.masking import mask_phone

    edit = MaskedLineEdit(PHONE, mask_phone)
    qtbot.addWidget(edit)
    assert edit.shown_text() == PHONE_MASKED and edit.text() == PHONE and edit.masking
    qtbot.keyClick(edit, Qt.Key.Key_Left)  # moving around changes nothing
    assert edit.text() == PHONE
    qtbot.keyClicks(edit, "13900139000")  # the first key typed replaces the hidden number
    assert edit.text() == edit.shown_text() == "13900139000" and not edit.masking
    edit.setText(PHONE)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == ""
    plain = MaskedLineEdit(PHONE, None)
    qtbot.addWidget(plain)
    assert plain.shown_text() == plain.text() == PHONE


# --- complaints ---------------------------------------------------------------------------------------------

def test_complaint_list_case_and_correction_follow_the_role(ui_ctx, qtbot, clerk) -> None:
    complaints, pid = ui_ctx.services.complaints, ui_ctx.working_project_id
    complaints.register(draft(received_at=ui_ctx.now() - timedelta(hours=2), front_desk_at=None,
                              complainant="李四", unit="B座0808", phone="13700137000"), pid, "王前台")
    case = complaints.register(draft(received_at=ui_ctx.now() - timedelta(hours=1), front_desk_at=None), pid, "王前台")
    head_tab = ComplaintsTab(ui_ctx)
    qtbot.addWidget(head_tab)
    assert head_tab.model.index(0, COL_PHONE).data() == PHONE  # 主任
    clerk()
    tab = ComplaintsTab(ui_ctx)
    qtbot.addWidget(tab)
    assert tab.model.index(0, COL_PHONE).data() == PHONE_MASKED
    assert tab.model.rowCount() == 2
    tab.filter_bar.search.setText(PHONE)  # searching by the whole number still finds it
    tab.filter_bar.apply_now()
    assert tab.model.rowCount() == 1 and tab.model.index(0, COL_PHONE).data() == PHONE_MASKED

    dialog = CaseDialog(ui_ctx, case.id)
    qtbot.addWidget(dialog)
    assert dialog.facts["联系电话"].text() == PHONE_MASKED
    fix = ComplaintDialog(ui_ctx, dialog, ui_ctx.services.complaints.get(case.id))
    assert fix.phone.shown_text() == PHONE_MASKED
    fix.subject.setText("楼上装修噪音（夜间）")
    fix.save()  # the phone untouched: the stored number stays
    got = ui_ctx.services.complaints.get(case.id).row
    assert (got.subject, got.phone) == ("楼上装修噪音（夜间）", PHONE)
    close_all()


# --- archives -------------------------------------------------------------------------------------------------

def test_archive_screen_shows_whole_numbers_to_the_head_and_masks_to_the_clerk(ui_ctx, qtbot, client, clerk) -> None:
    head = ArchiveDialog(ui_ctx, client_id=client.id)
    qtbot.addWidget(head)
    assert PHONE in head.header.text() and ID_NO in head.header.text()
    clerk()
    dialog = ArchiveDialog(ui_ctx, client_id=client.id)
    qtbot.addWidget(dialog)
    text = dialog.header.text()
    assert PHONE_MASKED in text and ID_MASKED in text and PHONE not in text and ID_NO not in text


def test_company_employees_are_masked_for_the_clerk(ui_ctx, qtbot, clerk) -> None:
    svc, pid = ui_ctx.services, ui_ctx.working_project_id
    firm = svc.archives.save_client(pid, arc.ClientDraft("深圳市华信科技有限公司", "单位", contact="张三"))
    svc.archives.save_employee(firm.id, arc.EmployeeDraft("李雷", "出纳", "居民身份证", ID_NO, PHONE,
                                                          date(2025, 3, 1)))
    clerk()
    dialog = ArchiveDialog(ui_ctx, client_id=firm.id)
    qtbot.addWidget(dialog)
    headers = [c.header for c in dialog.employees.columns]
    row = [dialog.employees.index(0, i).data() for i in range(len(headers))]
    assert row[headers.index("证件号码")] == ID_MASKED and row[headers.index("联系电话")] == PHONE_MASKED
    close_all()


def test_a_clerk_edits_a_client_without_seeing_or_losing_the_numbers(ui_ctx, qtbot, client, clerk) -> None:
    clerk()
    dialog = ClientDialog(ui_ctx, ui_ctx.services.archives.client(client.id))
    qtbot.addWidget(dialog)
    id_edit, phone_edit = dialog.texts["id_no"], dialog.texts["phone"]
    assert isinstance(id_edit, MaskedLineEdit) and id_edit.shown_text() == ID_MASKED
    assert phone_edit.shown_text() == PHONE_MASKED
    dialog.texts["address"].setText("3栋2单元501")
    assert dialog.save() is not None
    saved = ui_ctx.services.archives.client(client.id)
    assert (saved.id_no, saved.phone, saved.address) == (ID_NO, PHONE, "3栋2单元501")
    # typing a new whole number replaces the old one
    dialog = ClientDialog(ui_ctx, saved)
    qtbot.addWidget(dialog)
    dialog.texts["phone"].setFocus()
    qtbot.keyClicks(dialog.texts["phone"], "13900139000")
    assert dialog.save() is not None
    assert ui_ctx.services.archives.client(client.id).phone == "13900139000"


def test_a_registration_form_keeps_hidden_numbers_and_prints_them_masked(ui_ctx, qtbot, client, clerk,
                                                                           tmp_path) -> None:
    forms = ui_ctx.services.form_records
    values = sample_values(forms.spec("qms-pm-31302"), 1)
    values["contacts"] = [{"name": "李四", "relation": "配偶", "office_phone": "0755-26881234",
                           "mobile": "13912345678"}]
    values["client_phone"] = PHONE
    record = forms.save("qms-pm-31302", values, ui_ctx.working_project_id, "陈静")
    whole = forms.get(record.id).values
    head_pdf = forms.print_record(record.id, "主任", tmp_path / "head.pdf", **ui_ctx.print_options())

    clerk()
    dialog = FormRecordDialog(ui_ctx, forms.spec("qms-pm-31302"), forms.get(record.id))
    qtbot.addWidget(dialog)
    assert dialog.widget("client_phone").edit.shown_text() == PHONE_MASKED
    table = dialog.widget("contacts")
    cols = [c.key for c in table.columns]
    assert table.item(0, cols.index("mobile")).text() == "139****5678"
    assert table.item(0, cols.index("office_phone")).text() == "0755-****1234"
    dialog.widget("remarks").set_value("已核对")
    assert dialog.save() is not None
    after = forms.get(record.id).values
    assert after["client_phone"] == whole["client_phone"] == PHONE
    assert after["contacts"][0]["mobile"] == "13912345678" and after["contacts"][0]["office_phone"] == "0755-26881234"
    assert after["remarks"] == "已核对"

    clerk_pdf = forms.print_record(record.id, "林物管", tmp_path / "clerk.pdf", **ui_ctx.print_options())
    with pdfplumber.open(head_pdf) as pdf:
        head_text = "".join(p.extract_text() or "" for p in pdf.pages)
    with pdfplumber.open(clerk_pdf) as pdf:
        clerk_text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert PHONE in head_text and "13912345678" in head_text
    assert PHONE_MASKED in clerk_text and "139****5678" in clerk_text
    assert PHONE not in clerk_text and "13912345678" not in clerk_text
    close_all()


def test_whole_exports_are_offered_only_to_roles_that_may_export_personal_data(ui_ctx, qtbot, client) -> None:
    from wuye_desktop.ui.archives.tab import ArchivesTab

    head = ArchivesTab(ui_ctx)
    qtbot.addWidget(head)
    assert head.clients_page.export_whole.isEnabled()
    ui_ctx.services.auth.sign_in_as("王前台", Role.FRONT_DESK)  # sees whole numbers, exports only masked
    tab = ArchivesTab(ui_ctx)
    qtbot.addWidget(tab)
    assert not tab.clients_page.export_whole.isEnabled() and tab.clients_page.export_masked.isEnabled()
    assert not tab.forms_page.export_whole.isEnabled()


# --- repairs and revisits ------------------------------------------------------------------------------------

def test_work_orders_show_the_reporters_phone_by_role(ui_ctx, qtbot, clerk) -> None:
    from wuye_desktop.ui.repairs.orders_model import COL_PHONE as ORDER_PHONE
    from wuye_desktop.ui.repairs.tab import RepairsTab

    ui_ctx.services.repairs.orders.register(
        RequestDraft(ui_ctx.now(), Source.PHONE, "张三", "1栋101", PHONE, "换阀门", received_by="陈静"),
        ui_ctx.working_project_id, "陈静")
    head = RepairsTab(ui_ctx)
    qtbot.addWidget(head)
    assert head.orders.model.index(0, ORDER_PHONE).data() == PHONE
    clerk()
    tab = RepairsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.orders.model.index(0, ORDER_PHONE).data() == PHONE_MASKED
    tab.orders.view.selectRow(0)
    QApplication.processEvents()
    info = tab.orders.info.toPlainText()
    assert PHONE_MASKED in info and PHONE not in info


def test_revisit_tasks_show_the_phone_by_role(ui_ctx, qtbot, clock, clerk) -> None:
    from tests.integration.test_revisit_flow import complete_case
    from wuye_desktop.ui.revisits.tab import RevisitsTab

    complete_case(ui_ctx.services, clock, datetime(2026, 9, 24, 8, 30), datetime(2026, 9, 24, 17, 0),
                  phone=PHONE)
    clock.set(datetime(2026, 9, 25, 9, 0))
    clerk()
    tab = RevisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    m = tab.tasks.model
    assert m.rowCount() == 1
    col = [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())].index("联系电话")
    assert m.index(0, col).data() == PHONE_MASKED
