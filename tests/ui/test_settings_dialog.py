"""The settings dialog as a clerk uses it: projects, departments, staff, desk options — what the
tables show, the Chinese message under a bad field, and the change signal the main window listens to."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from wuye_desktop.ui.settings.dialog import SettingsDialog
from wuye_desktop.ui.settings.models import ROW_ROLE


@pytest.fixture
def dialog(ui_ctx, qtbot):
    dlg = SettingsDialog(ui_ctx)
    dlg.open()
    qtbot.waitExposed(dlg)
    yield dlg
    if shiboken6.isValid(dlg) and dlg.isVisible():  # WA_DeleteOnClose: a closed dialog is gone
        dlg.calendar_page.dirty = False
        dlg.close()


@pytest.fixture
def changes(ui_ctx):
    seen: list[str] = []
    ui_ctx.data_changed.connect(seen.append)
    return seen


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit, text: str) -> None:
    """Type like a keyboard would. QTest.keyClicks only knows ASCII (it aborts on 汉字), so each
    character goes in as a key event carrying its text, the way an input method delivers it."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def cells(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def test_the_dialog_lists_its_pages_in_chinese(dialog) -> None:
    titles = [dialog.page_list.item(i).text() for i in range(dialog.page_list.count())]
    assert titles == ["公司与管理处", "部门", "员工", "工作日历", "投诉设置"]
    assert dialog.windowTitle() == "设置"


def test_add_a_project_then_a_staff_member_of_it(dialog, qtbot, ui_ctx, changes) -> None:
    projects = dialog.company_page.projects
    click(qtbot, projects.new_button)
    type_into(qtbot, projects.field("name"), "锦绣花园管理处")
    type_into(qtbot, projects.field("code"), "jx")
    projects.field("households").setValue(860)
    click(qtbot, projects.save_button)

    assert ["锦绣花园管理处", "JX", "860", "在用"] in cells(projects.table)
    assert changes == ["settings"]
    new_project = next(p for p in ui_ctx.services.settings.projects() if p.code == "JX")
    assert new_project.households == 860

    dialog.page_list.setCurrentRow(2)
    staff = dialog.staff_page
    assert dialog.stack.currentWidget() is staff
    click(qtbot, staff.new_button)
    type_into(qtbot, staff.field("name"), "赵六")
    choose(staff.field("department"), "工程部")
    type_into(qtbot, staff.field("phone"), "13912345678")
    choose(staff.field("project"), "锦绣花园管理处")
    click(qtbot, staff.save_button)

    assert ["赵六", "工程部", "13912345678", "锦绣花园管理处", "在用"] in cells(staff.table)
    assert changes == ["settings", "settings"]
    # The operator lists of that project now offer the new staff member.
    assert "赵六" in [s.name for s in ui_ctx.services.settings.staff(new_project.id)]
    assert staff.saved_label.text() == "已保存：赵六"


def test_a_bad_phone_shows_its_message_and_keeps_the_form(dialog, qtbot, ui_ctx, changes) -> None:
    dialog.page_list.setCurrentRow(2)
    staff = dialog.staff_page
    click(qtbot, staff.new_button)
    type_into(qtbot, staff.field("name"), "钱七")
    type_into(qtbot, staff.field("phone"), "1391234")
    click(qtbot, staff.save_button)

    error = staff.form.errors["phone"]
    assert error.isVisible()
    assert error.text() == "联系电话「1391234」不是有效的手机号码：手机号码应为11位数字"
    assert staff.field("name").text() == "钱七"
    assert staff.field("phone").text() == "1391234"
    assert staff.model.rowCount() == 0
    assert ui_ctx.services.settings.staff(include_inactive=True) == []
    assert changes == []

    # Corrected, it saves and the message goes away.
    type_into(qtbot, staff.field("phone"), "0755-12345678")
    click(qtbot, staff.save_button)
    assert not error.isVisible()
    assert cells(staff.table)[0][:3] == ["钱七", "—", "0755-12345678"]


def test_a_staff_member_without_a_name_is_refused(dialog, qtbot) -> None:
    dialog.page_list.setCurrentRow(2)
    staff = dialog.staff_page
    click(qtbot, staff.new_button)
    click(qtbot, staff.save_button)
    assert staff.form.errors["name"].isVisible()
    assert staff.form.errors["name"].text() == "姓名不能为空"


def test_edit_and_deactivate_a_staff_member(dialog, qtbot, ui_ctx) -> None:
    settings = ui_ctx.services.settings
    engineering = next(d.id for d in settings.departments() if d.name == "工程部")
    settings.save_staff("孙八", engineering, "13800000000", None)
    dialog.page_list.setCurrentRow(2)
    staff = dialog.staff_page
    assert cells(staff.table) == [["孙八", "工程部", "13800000000", "公司级", "在用"]]

    staff.table.selectRow(0)
    assert staff.field("name").text() == "孙八"
    assert staff.field("department").currentText() == "工程部"
    assert staff.field("project").currentText() == "公司级（各管理处通用）"
    type_into(qtbot, staff.field("phone"), "13800000001")
    click(qtbot, staff.save_button)
    assert cells(staff.table)[0][2] == "13800000001"

    click(qtbot, staff.toggle_button)
    assert cells(staff.table)[0][4] == "已停用"
    assert staff.toggle_button.text() == "重新启用"
    assert settings.staff() == []  # the choice lists no longer offer them
    assert staff.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_project_code_and_name_are_checked(dialog, qtbot) -> None:
    projects = dialog.company_page.projects
    first = projects.model.row_at(0)
    click(qtbot, projects.new_button)
    type_into(qtbot, projects.field("name"), first.name)
    type_into(qtbot, projects.field("code"), "H-Y")
    click(qtbot, projects.save_button)
    assert projects.form.errors["code"].text() == "管理处代码应为1–10位字母或数字（投诉编号以它开头，如 HY-2026-00001）"
    assert projects.form.errors["name"].text() == f"管理处名称「{first.name}」已存在"
    assert projects.model.rowCount() == 1
    assert projects.field("code").text() == "H-Y"


def test_edit_and_deactivate_a_project_never_deletes_it(dialog, qtbot, ui_ctx, changes) -> None:
    settings = ui_ctx.services.settings
    settings.save_project("锦绣花园管理处", "JX", 860)
    projects = dialog.company_page.projects
    projects.reload()
    projects.table.selectRow(1)
    assert projects.form_box.title() == "修改管理处：锦绣花园管理处（JX）"
    projects.field("households").setValue(900)
    click(qtbot, projects.save_button)
    assert cells(projects.table)[1] == ["锦绣花园管理处", "JX", "900", "在用"]

    click(qtbot, projects.toggle_button)
    assert cells(projects.table)[1] == ["锦绣花园管理处", "JX", "900", "已停用"]
    assert [p.name for p in settings.projects()] == [projects.model.row_at(0).name]
    assert len(settings.projects(include_inactive=True)) == 2
    click(qtbot, projects.toggle_button)
    assert cells(projects.table)[1][3] == "在用"
    assert changes == ["settings"] * 3


def test_departments_add_rename_deactivate_and_the_staff_page_offers_them(dialog, qtbot, ui_ctx) -> None:
    dialog.page_list.setCurrentRow(1)
    departments = dialog.departments_page
    click(qtbot, departments.new_button)
    type_into(qtbot, departments.field("name"), "维修班")
    click(qtbot, departments.save_button)
    assert ["维修班", "在用"] in cells(departments.table)

    row = next(i for i, r in enumerate(cells(departments.table)) if r[0] == "绿化部")
    departments.table.selectRow(row)
    type_into(qtbot, departments.field("name"), "绿化组")
    click(qtbot, departments.save_button)
    click(qtbot, departments.toggle_button)
    assert ["绿化组", "已停用"] in cells(departments.table)

    click(qtbot, departments.new_button)
    type_into(qtbot, departments.field("name"), "工程部")
    click(qtbot, departments.save_button)
    assert departments.form.errors["name"].text() == "部门「工程部」已存在"

    dialog.page_list.setCurrentRow(2)
    offered = [dialog.staff_page.field("department").itemText(i)
               for i in range(dialog.staff_page.field("department").count())]
    assert "维修班" in offered
    assert "绿化组" not in offered and "绿化部" not in offered


def test_company_name_is_required_and_saved(dialog, qtbot, ui_ctx, changes) -> None:
    page = dialog.company_page
    page.company_name.clear()
    click(qtbot, page.company_save)
    assert page.company_form.errors["company_name"].isVisible()
    assert page.company_form.errors["company_name"].text() == "公司名称不能为空"
    assert changes == []
    type_into(qtbot, page.company_name, "华信物业管理有限公司")
    click(qtbot, page.company_save)
    assert ui_ctx.services.settings.company_name() == "华信物业管理有限公司"
    assert not page.company_form.errors["company_name"].isVisible()
    assert changes == ["settings"]


def test_collective_window_days(dialog, qtbot, ui_ctx, changes) -> None:
    dialog.page_list.setCurrentRow(4)
    page = dialog.desk_page
    assert page.window_days.value() == 3
    page.window_days.setValue(0)
    click(qtbot, page.save_button)
    assert page.form.errors["window"].text() == "集体投诉合并窗口应为1–30天"
    assert ui_ctx.services.settings.collective_window_days() == 3
    page.window_days.setValue(5)
    click(qtbot, page.save_button)
    assert ui_ctx.services.settings.collective_window_days() == 5
    assert changes == ["settings"]


def test_the_tables_pass_the_model_tester(dialog, qtbot, qtmodeltester, ui_ctx) -> None:
    ui_ctx.services.settings.save_staff("孙八", None, "", None)
    dialog.staff_page.reload()
    for model in (dialog.company_page.projects.model, dialog.departments_page.model, dialog.staff_page.model):
        qtmodeltester.check(model)
    assert dialog.staff_page.model.index(0, 0).data(ROW_ROLE).name == "孙八"


def test_closing_with_unsaved_calendar_changes_asks_first(dialog, qtbot) -> None:
    dialog.calendar_page.dirty = True
    dialog.reject()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1
    assert "尚未保存" in boxes[0].text()
    assert dialog.isVisible()
    yes = boxes[0].button(QMessageBox.StandardButton.Yes)
    assert yes.text() == "不保存，关闭"
    click(qtbot, yes)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_enter_in_a_field_saves_the_form_by_keyboard(dialog, qtbot, ui_ctx) -> None:
    dialog.page_list.setCurrentRow(2)
    staff = dialog.staff_page
    click(qtbot, staff.new_button)
    type_into(qtbot, staff.field("name"), "周九")
    type_into(qtbot, staff.field("phone"), "13700000000")
    qtbot.keyClick(staff.field("phone"), Qt.Key.Key_Return)
    assert cells(staff.table) == [["周九", "—", "13700000000", ui_ctx.services.settings.projects()[0].name, "在用"]]
    assert staff.form_box.title() == "修改员工：周九"
    assert dialog.isVisible()
