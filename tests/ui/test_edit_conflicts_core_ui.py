"""The 「保存冲突」 dialog in the edit dialogs of the core areas (issue 7): another PC saved the same record after
this clerk opened it; the save shows what changed, 合并后保存 keeps both clerks' changes, 重新载入 shows theirs."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_complaints_case import case_of, register, visible  # noqa: F401 (fixture)
from wuye_desktop.domain.edit_merge import Choice
from wuye_desktop.services.container import open_services
from wuye_desktop.ui.common.conflict import ConflictDialog


@pytest.fixture
def other_pc(ui_ctx, clock):  # type: ignore[no-untyped-def]
    """A second program on the same database file: its own engine and connections."""
    other = open_services(ui_ctx.services.paths, clock=clock)
    yield other
    other.close()


def rows(dialog: ConflictDialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() if t.item(r, c) else t.cellWidget(r, c).currentText() for c in range(5)]
            for r in range(t.rowCount())]


def open_edit(qtbot, case):  # type: ignore[no-untyped-def]
    from wuye_desktop.ui.complaints.register_dialog import ComplaintDialog

    qtbot.mouseClick(case.edit_button, Qt.MouseButton.LeftButton)
    return visible(ComplaintDialog)[0]


def test_complaint_correction_merges_the_other_clerks_changes(ui_ctx, qtbot, case_of, other_pc):  # noqa: F811
    saved = register(ui_ctx)
    case = case_of(saved.id)
    dialog = open_edit(qtbot, case)
    dialog.unit.setText("A座1204")
    dialog.subject.setText("卫生间天花漏水")
    # meanwhile another clerk corrects the phone and the subject on another PC
    theirs = other_pc.complaints.get(saved.id)
    other_draft = dialog.draft().cleaned()
    other_draft = replace(other_draft, unit="A座1203", subject="卫生间漏水严重", phone="13900139000")
    other_pc.complaints.update_details(saved.id, other_draft, theirs.row.version)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    conflicts = visible(ConflictDialog)
    assert len(conflicts) == 1 and dialog.isVisible()
    conflict = conflicts[0]
    assert conflict.windowTitle() == "保存冲突" and "已被他人修改" in conflict.findChild(object, "conflictMessage").text()
    assert rows(conflict) == [
        ["房号", "A座1203", "（未改）", "A座1204", "保留我的"],
        ["联系电话", "13800138000", "13900139000", "（未改）", "采用他人的"],
        ["投诉主题", "卫生间漏水", "卫生间漏水严重", "卫生间天花漏水", "请选择…"],
    ]
    assert not conflict.merge_button.isEnabled()
    conflict.choose("subject", Choice.THEIRS)
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert not conflict.isVisible() and not dialog.isVisible()
    assert (case.facts["房号"].text(), case.facts["联系电话"].text()) == ("A座1204", "13900139000")
    row = other_pc.complaints.get(saved.id).row
    assert (row.unit, row.phone, row.subject) == ("A座1204", "13900139000", "卫生间漏水严重")


def test_cancel_keeps_the_typing_and_reload_shows_theirs(ui_ctx, qtbot, case_of, other_pc):  # noqa: F811
    saved = register(ui_ctx)
    case = case_of(saved.id)
    dialog = open_edit(qtbot, case)
    dialog.unit.setText("A座1204")
    other_pc.complaints.update_details(saved.id, replace(dialog.draft().cleaned(), unit="A座1203",
                                                         phone="13900139000"),
                                       other_pc.complaints.get(saved.id).row.version)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(visible(ConflictDialog)[0].cancel_button, Qt.MouseButton.LeftButton)
    assert not visible(ConflictDialog) and dialog.isVisible() and dialog.unit.text() == "A座1204"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(visible(ConflictDialog)[0].reload_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and (dialog.unit.text(), dialog.phone.text()) == ("A座1203", "13900139000")
    # saving after the reload is on the new version: no conflict
    dialog.remarks.setText("已电话确认")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not visible(ConflictDialog)
    assert other_pc.complaints.get(saved.id).remarks == "已电话确认"


@pytest.fixture
def settings_dialog(ui_ctx, qtbot):  # type: ignore[no-untyped-def]
    import shiboken6

    from wuye_desktop.ui.settings.dialog import SettingsDialog

    dlg = SettingsDialog(ui_ctx)
    dlg.open()
    qtbot.waitExposed(dlg)
    yield dlg
    if shiboken6.isValid(dlg) and dlg.isVisible():
        dlg.calendar_page.dirty = False
        dlg.close()


def cells(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_staff_page_merge_shows_both_changes_in_the_table(ui_ctx, qtbot, settings_dialog, other_pc):
    settings = ui_ctx.services.settings
    engineering = next(d.id for d in settings.departments() if d.name == "工程部")
    person = settings.save_staff("孙八", engineering, "13800000000", None)
    settings_dialog.page_list.setCurrentRow(2)
    staff = settings_dialog.staff_page
    staff.reload()
    staff.table.selectRow(0)
    staff.field("phone").setText("13800000001")
    # meanwhile on another PC: another department and a project
    project = other_pc.settings.projects()[0]
    security = next(d.id for d in other_pc.settings.departments() if d.name == "保安部")
    other_pc.settings.save_staff("孙八", security, "13800000000", project.id, staff_id=person.id,
                                 expected_version=person.version)
    qtbot.mouseClick(staff.save_button, Qt.MouseButton.LeftButton)
    conflict = visible(ConflictDialog)[0]
    assert rows(conflict) == [
        ["部门", "工程部", "保安部", "（未改）", "采用他人的"],
        ["联系电话", "13800000000", "（未改）", "13800000001", "保留我的"],
        ["所属管理处", "公司级（各管理处通用）", project.name, "（未改）", "采用他人的"],
    ]
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert not visible(ConflictDialog)
    assert cells(staff.table) == [["孙八", "保安部", "13800000001", project.name, "在用"]]
    assert staff.saved_label.text() == "已保存：孙八"


def test_company_name_reload_takes_theirs(ui_ctx, qtbot, settings_dialog, other_pc):
    page = settings_dialog.company_page
    page.company_name.setText("华信物业")
    other_pc.settings.set_company_name("海悦物业服务有限公司", other_pc.settings.company_version())
    qtbot.mouseClick(page.company_save, Qt.MouseButton.LeftButton)
    conflict = visible(ConflictDialog)[0]
    assert rows(conflict)[0][:4] == ["公司名称", "物业管理服务有限公司", "海悦物业服务有限公司", "华信物业"]
    qtbot.mouseClick(conflict.reload_button, Qt.MouseButton.LeftButton)
    assert page.company_name.text() == "海悦物业服务有限公司"
    assert ui_ctx.services.settings.company_name() == "海悦物业服务有限公司"


def test_calendar_year_merge_keeps_the_days_both_clerks_entered(ui_ctx, qtbot, settings_dialog, other_pc):
    from datetime import date

    from PySide6.QtCore import QDate

    from wuye_desktop.services.calendar import CalendarEntryView

    settings_dialog.page_list.setCurrentRow(3)
    page = settings_dialog.calendar_page
    page.year_box.setCurrentIndex(page.year_box.findData(2027))
    page.start_edit.setDate(QDate(2027, 10, 1))
    page.end_edit.setDate(QDate(2027, 10, 1))
    page.kind_box.setCurrentIndex(page.kind_box.findText("放假"))
    page.note_edit.setText("国庆节")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    other_pc.calendar.save_year(2027, [CalendarEntryView(date(2027, 1, 1), False, "元旦")], False,
                                other_pc.calendar.year_version(2027))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    conflict = visible(ConflictDialog)[0]
    assert rows(conflict) == [
        ["2027-01-01（周五）", "空", "放假：元旦", "（未改）", "采用他人的"],
        ["2027-10-01（周五）", "空", "（未改）", "放假：国庆节", "保留我的"],
    ]
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert [(e.day, e.note) for e in other_pc.calendar.entries(2027)] == [
        (date(2027, 1, 1), "元旦"), (date(2027, 10, 1), "国庆节")]
    assert [r[0] for r in cells(page.entries_table)] == ["2027-01-01", "2027-10-01"]
    assert not page.dirty and page.saved_label.text() == "2027年的安排已保存"


def test_user_edit_merge_keeps_the_role_and_the_project(ui_ctx, qtbot, other_pc):
    from wuye_desktop.domain.auth import Role
    from wuye_desktop.ui.auth.users_page import UsersDialog

    ui_ctx.services.auth.sign_in_as("管理员", Role.ADMIN)
    other_pc.auth.sign_in_as("管理员二", Role.ADMIN)
    user = ui_ctx.services.auth.save_user("张丽", Role.FRONT_DESK, password="start-2026", repeat="start-2026")
    page = UsersDialog(ui_ctx)
    page.show()
    page.view.selectRow([page.model.index(r, 0).data() for r in range(page.model.rowCount())].index("张丽"))
    edit = page.edit_user()
    project = ui_ctx.services.settings.projects()[0]
    edit.project.setCurrentIndex(edit.project.findData(project.id))
    other_pc.auth.save_user("张丽", Role.OFFICE_HEAD, user_id=user.id, expected_version=user.version)
    edit.submit()
    conflict = visible(ConflictDialog)[0]
    assert rows(conflict) == [["角色", "前台/客服", "主任", "（未改）", "采用他人的"],
                              ["所属管理处", "全公司", "（未改）", project.name, "保留我的"]]
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert not edit.isVisible()
    shown = {page.model.index(r, 0).data(): [page.model.index(r, c).data() for c in range(1, 3)]
             for r in range(page.model.rowCount())}
    assert shown["张丽"] == ["主任", project.name]
    page.close()


def test_client_edit_merge_keeps_both(ui_ctx, qtbot, other_pc):
    from wuye_desktop.domain import archives as arc
    from wuye_desktop.ui.archives.people_dialogs import ClientDialog

    pid = ui_ctx.services.settings.projects()[0].id
    client = ui_ctx.services.archives.save_client(pid, arc.ClientDraft("王芳", phone="13800000001"))
    dialog = ClientDialog(ui_ctx, client)
    dialog.show()
    dialog.texts["address"].setText("A座1203")
    other_pc.archives.save_client(pid, arc.ClientDraft("王芳", phone="13800000001", email="wf@example.com"),
                                  client.id, client.version)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    conflict = visible(ConflictDialog)[0]
    assert [r[0] for r in rows(conflict)] == ["电子邮箱", "联系地址"]
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    now = other_pc.archives.client(client.id)
    assert (now.email, now.address) == ("wf@example.com", "A座1203")


@pytest.mark.parametrize("number", ["qms-pm-31306", "qms-pm-31302"])
def test_form_record_merge_keeps_both(ui_ctx, qtbot, other_pc, number):
    """31306: two plain fields; 31302: a field on this PC, a row of the repeating contacts on the other."""
    from wuye_desktop.formspecs.samples import sample_values
    from wuye_desktop.ui.archives.form_dialog import FormRecordDialog

    forms = ui_ctx.services.form_records
    pid = ui_ctx.services.settings.projects()[0].id
    spec = forms.spec(number)
    record = forms.save(number, sample_values(spec, 3), pid, "陈静")
    dialog = FormRecordDialog(ui_ctx, spec, forms.get(record.id))
    dialog.show()
    mine_key, mine_label = ("space_no", "车位编号") if number.endswith("06") else ("remarks", "备注")
    dialog.widget(mine_key).set_value("我改的")
    if number.endswith("06"):
        their_key, their_label, theirs = "car_colour", "车身颜色", "他改的"
    else:
        their_key, their_label = "contacts", "紧急联络人"
        theirs = [dict(record.values["contacts"][0], relation="他改的")] + record.values["contacts"][1:]
    other_pc.form_records.save(number, dict(record.values, **{their_key: theirs}), pid, "李明",
                               record_id=record.id, expected_version=record.version)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    conflict = visible(ConflictDialog)[0]
    assert sorted(r[0] for r in rows(conflict)) == sorted([mine_label, their_label])  # no spurious rows
    if their_key == "contacts":
        text = next(r[2] for r in rows(conflict) if r[0] == their_label)
        assert "与客户关系：他改的" in text and "手机：" in text and "mobile" not in text
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    now = other_pc.form_records.get(record.id).values
    assert now[mine_key] == "我改的"
    assert now[their_key] == theirs


def test_unit_edit_merge_keeps_both(ui_ctx, qtbot, other_pc):
    from decimal import Decimal

    from wuye_desktop.domain import archives as arc
    from wuye_desktop.ui.archives.people_dialogs import UnitDialog

    pid = ui_ctx.services.settings.projects()[0].id
    unit = ui_ctx.services.archives.save_unit(pid, arc.UnitDraft("A座", "1203", floor_area="88.50"))
    dialog = UnitDialog(ui_ctx, unit)
    dialog.show()
    dialog.remarks.setText("朝南")
    other_pc.archives.save_unit(pid, arc.UnitDraft("A座", "1203", floor_area="89.20"), unit.id, unit.version)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    conflict = visible(ConflictDialog)[0]
    assert rows(conflict) == [["建筑面积（㎡）", "88.50", "89.20", "（未改）", "采用他人的"],
                              ["备注", "空", "（未改）", "朝南", "保留我的"]]
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    now = other_pc.archives.unit(unit.id)
    assert (now.floor_area, now.remarks) == (Decimal("89.20"), "朝南")


def test_conflict_rows_mask_id_numbers_for_a_role_that_may_not_see_them(ui_ctx, qtbot, other_pc):
    from wuye_desktop.domain import archives as arc
    from wuye_desktop.domain.auth import Role
    from wuye_desktop.ui.archives.people_dialogs import ClientDialog

    pid = ui_ctx.services.settings.projects()[0].id
    client = ui_ctx.services.archives.save_client(pid, arc.ClientDraft("王芳", id_type="居民身份证",
                                                                       id_no="110101199003091234"))
    ui_ctx.services.auth.sign_in_as("赵物管", Role.PROPERTY_CLERK)
    dialog = ClientDialog(ui_ctx, client)
    dialog.show()
    dialog.texts["address"].setText("A座1203")
    other_pc.archives.save_client(pid, arc.ClientDraft("王芳", id_type="居民身份证", id_no="110101199003171234"),
                                  client.id, client.version)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    conflict = visible(ConflictDialog)[0]
    id_row = next(r for r in rows(conflict) if r[0] == "证件号码")
    assert "110101199003091234" not in id_row and "110101199003171234" not in id_row
    assert id_row[1].endswith("1234") and "*" in id_row[1] and "*" in id_row[2]
    qtbot.mouseClick(conflict.merge_button, Qt.MouseButton.LeftButton)
    assert other_pc.archives.client(client.id).id_no == "110101199003171234"  # theirs kept, never the stars
    assert other_pc.archives.client(client.id).address == "A座1203"
