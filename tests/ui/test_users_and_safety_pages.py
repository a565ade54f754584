"""The administrator's pages as a clerk uses them: users and the permission matrix, the audit viewer
(filter, export, recycle bin), backups (now, restore), and the database server page."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from wuye_desktop.domain.auth import Permission, Role
from wuye_desktop.storage.models import ComplaintRow
from wuye_desktop.ui.auth.users_page import ResetPasswordDialog, UserDialog, UsersDialog, UserTableModel
from wuye_desktop.ui.safety.audit_viewer import AuditDialog, AuditTableModel
from wuye_desktop.ui.safety.backup_page import BackupDialog
from wuye_desktop.ui.safety.server_page import ServerDialog
from tests.conftest import PG_URL
from tests.integration.test_desk_rules import draft


def visible(cls):  # type: ignore[no-untyped-def]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


def boxes_text() -> list[str]:
    return [b.text() for b in visible(QMessageBox)]


def close_boxes() -> None:
    for b in visible(QMessageBox):
        b.close()


@pytest.fixture
def admin(ui_ctx):  # type: ignore[no-untyped-def]
    ui_ctx.services.auth.sign_in_as("管理员", Role.ADMIN)
    return ui_ctx


def table_rows(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_users_are_made_changed_and_unlocked_on_the_page(admin, qtbot, qtmodeltester) -> None:
    page = UsersDialog(admin)
    page.show()
    qtmodeltester.check(page.model)
    dialog = page.new_user()
    dialog.name.setText("张丽")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.FRONT_DESK.value))
    dialog.password.setText("start-2026")
    dialog.repeat.setText("start-2027")
    dialog.submit()
    assert dialog.form.errors["repeat"].text() == "两次输入的密码不一致"
    dialog.repeat.setText("start-2026")
    dialog.submit()
    assert not dialog.isVisible()
    rows = {r[0]: r for r in table_rows(page.model)}
    assert rows["张丽"][1:4] == ["前台/客服", "全公司", "待修改密码"]
    assert rows["张丽"][4] == "从未登录"
    # The same name twice is refused under the field.
    again = page.new_user()
    again.name.setText("张丽")
    again.password.setText("start-2026")
    again.repeat.setText("start-2026")
    again.submit()
    assert again.form.errors["name"].text() == "用户名「张丽」已存在"
    again.reject()
    # Five wrong passwords lock the account; the administrator unlocks it.
    for _ in range(5):
        with pytest.raises(Exception):
            admin.services.auth.login("张丽", "wrong-one")
    admin.services.auth.sign_in_as("管理员", Role.ADMIN)
    page.reload()
    row = [r[0] for r in table_rows(page.model)].index("张丽")
    assert page.model.index(row, UserTableModel.STATE).data().startswith("已锁定至")
    page.view.selectRow(row)
    page.unlock()
    row = [r[0] for r in table_rows(page.model)].index("张丽")
    assert page.model.index(row, UserTableModel.STATE).data() == "待修改密码"
    # Change the role; stop the account.
    page.view.selectRow(row)
    edit = page.edit_user()
    assert isinstance(edit, UserDialog)
    edit.role.setCurrentIndex(edit.role.findData(Role.OFFICE_HEAD.value))
    edit.active.setChecked(False)
    edit.submit()
    rows = {r[0]: r for r in table_rows(page.model)}
    assert rows["张丽"][1] == "主任" and rows["张丽"][3] == "已停用"
    # A new password from the administrator.
    row = [r[0] for r in table_rows(page.model)].index("张丽")
    page.view.selectRow(row)
    reset = page.reset_password()
    assert isinstance(reset, ResetPasswordDialog)
    reset.password.setText("123")
    reset.repeat.setText("123")
    reset.submit()
    assert reset.form.errors["password"].text() == "密码至少6位（现有3位）"
    reset.reject()
    page.close()


def test_the_last_administrator_cannot_be_removed(admin, qtbot) -> None:
    admin.services.auth.sign_in_as("张丽", Role.FRONT_DESK)
    admin.services.auth.sign_in_as("管理员", Role.ADMIN)
    page = UsersDialog(admin)
    row = [r[0] for r in table_rows(page.model)].index("管理员")
    page.view.selectRow(row)
    edit = page.edit_user()
    assert edit is not None
    edit.role.setCurrentIndex(edit.role.findData(Role.FRONT_DESK.value))
    edit.submit()
    assert edit.form.errors["role"].text() == "不能取消自己的管理员角色或停用自己的账户"
    edit.reject()
    page.close()


def test_the_permission_matrix_reads_as_the_program_applies_it(admin, qtbot) -> None:
    page = UsersDialog(admin)
    table = page.tabs.widget(1)
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    perms = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert heads == ["前台/客服", "物管员", "部门", "维修主管", "主任", "管理员"]
    cell = {(perms[r], heads[c]): table.item(r, c).text() for r in range(len(perms)) for c in range(len(heads))}
    assert cell[("结案", "前台/客服")] == "✓" and cell[("结案", "部门")] == ""
    assert cell[("管理用户", "主任")] == "" and cell[("管理用户", "管理员")] == "✓"
    assert cell[("永久删除", "主任")] == ""
    page.close()


def test_audit_viewer_filters_exports_and_restores(admin, qtbot, qtmodeltester, tmp_path: Path) -> None:
    s = admin.services
    s.auth.sign_in_as("张丽", Role.FRONT_DESK)
    case = s.complaints.register(draft(), admin.working_project_id, "张丽")
    s.auth.sign_in_as("管理员", Role.ADMIN)
    s.settings.set_company_name("=HYPERLINK(\"x\")")
    with s.uow() as uow:
        uow.session.delete(uow.session.get(ComplaintRow, case.id))
        uow.commit()
    viewer = AuditDialog(admin)
    viewer.show()
    qtmodeltester.check(viewer.model)
    assert viewer.count_label.text().startswith("共 ")
    viewer.actor.setCurrentIndex(viewer.actor.findData("张丽"))
    viewer.search()
    rows = table_rows(viewer.model)
    assert rows and {r[AuditTableModel.ACTOR] for r in rows} == {"张丽"}
    inserted = [r for r in rows if r[AuditTableModel.ACTION] == "新增" and r[AuditTableModel.TABLE] == "投诉"]
    assert len(inserted) == 1 and "投诉人：张三" in inserted[0][AuditTableModel.NEW]
    viewer.export_to(str(tmp_path / "审计"))
    assert any("已导出" in t for t in boxes_text())
    close_boxes()
    book = openpyxl.load_workbook(tmp_path / "审计.xlsx").active
    assert {c.value for c in book["B"][3:]} == {"张丽"}
    # The recycle bin: the deleted case comes back with its events.
    bin_page = viewer.bin_page
    assert bin_page is not None and bin_page.table.rowCount() == 1
    assert bin_page.table.item(0, 1).text() == "管理员" and bin_page.table.item(0, 2).text().startswith("投诉 #")
    bin_page.table.selectRow(0)
    bin_page.restore()
    assert any("已恢复 3 条记录" in t for t in boxes_text())
    close_boxes()
    assert s.complaints.get(case.id).row.number == case.row.number
    assert bin_page.table.rowCount() == 0
    viewer.close()


def test_the_recycle_bin_is_not_offered_to_the_head(ui_ctx, qtbot) -> None:
    assert not ui_ctx.can(Permission.RESTORE_DELETED)  # the GUI tests' user is a 主任
    viewer = AuditDialog(ui_ctx)
    assert viewer.bin_page is None and viewer.tabs.count() == 1
    viewer.close()


def test_backup_now_then_restore_asks_and_asks_for_a_restart(admin, qtbot) -> None:
    page = BackupDialog(admin)
    page.show()
    assert page.table.rowCount() == 0
    page.backup_now()
    assert any("已备份并核对" in t for t in boxes_text())
    close_boxes()
    assert page.table.rowCount() == 1 and "手动备份" in page.table.item(0, 1).text()
    admin.services.settings.set_company_name("备份之后改的")
    page.table.selectRow(0)
    page.restore_selected()
    question = visible(QMessageBox)
    assert len(question) == 1 and "替换现在的全部数据" in question[0].text()
    question[0].button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: any("已从备份恢复" in t for t in boxes_text()))
    with qtbot.waitSignal(page.restart_required):
        for b in visible(QMessageBox):
            b.button(QMessageBox.StandardButton.Ok).click()
    assert admin.services.settings.company_name() != "备份之后改的"
    page.close()


def test_the_front_desk_cannot_back_up_or_restore(ui_ctx, qtbot) -> None:
    ui_ctx.services.auth.sign_in_as("张丽", Role.FRONT_DESK)
    page = BackupDialog(ui_ctx)
    assert not page.now_button.isEnabled() and not page.restore_button.isVisibleTo(page)
    page.close()


def test_server_page_checks_fields_and_explains_a_failed_connection(admin, qtbot) -> None:
    page = ServerDialog(admin)
    page.show()
    assert page.local.isChecked() and not page.box.isEnabled()
    page.server.setChecked(True)
    page.host.setText("")
    page.test()
    assert page.form.errors["host"].text() == "服务器地址不能为空（如 192.168.1.10 或 server01）"
    page.host.setText("127.0.0.1")
    page.port.setValue(1)  # nothing listens there
    page.test()
    assert page.result.text().startswith("✗ 服务器「127.0.0.1:1」拒绝连接")
    page.host.setText("no-such-host.invalid")
    page.port.setValue(5432)
    page.test()
    assert page.result.text().startswith("✗ 找不到服务器「no-such-host.invalid」")
    page.save()
    assert any("请重新启动本程序" in t for t in boxes_text())
    close_boxes()
    from wuye_desktop.services.connection import configured_url, load_server

    assert load_server(admin.services.paths).host == "no-such-host.invalid"
    assert configured_url(admin.services.paths).startswith("postgresql+psycopg://wuye@no-such-host.invalid:5432/")
    page.local.setChecked(True)
    page.save()
    close_boxes()
    assert configured_url(admin.services.paths) is None
    page.close()


@pytest.mark.skipif(not PG_URL, reason="未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器")
def test_server_page_on_the_real_server(admin, qtbot) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    page = ServerDialog(admin)
    page.server.setChecked(True)
    page.host.setText(url.host or "")
    page.port.setValue(url.port or 5432)
    page.database.setText(url.database or "")
    page.user.setText(url.username or "")
    page.test()
    assert page.result.text().startswith("✓ 已连接数据库服务器（PostgreSQL")
    page.database.setText("no_such_db")
    page.test()
    assert page.result.text() == "✗ 服务器上没有名为「no_such_db」的数据库，请先请维护人员建立"
    page.close()
