"""「切换用户…」 (issue 7) as the office uses it: the 主任 leaves the PC to a 物管员 without restarting —
the question names the edit window still open, the main window closes, a wrong password keeps the login
with its message, and the new window is the new user's: their name in the status bar, ID numbers masked,
only their 数据安全 entries."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.auth import Role
from wuye_desktop.ui.archives.archive_dialog import ArchiveDialog
from wuye_desktop.ui.archives.people_dialogs import ClientDialog
from wuye_desktop.ui.auth.login_dialog import LoginDialog
from wuye_desktop.ui.auth.switch_user import install_switch_user, log_in_again
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.main_window import MainWindow

ID_NO, ID_MASKED = "110101199003091234", "110***********1234"
PASSWORD = "linwuguan-2026"


def visible(kind: type) -> list:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, kind) and shiboken6.isValid(w) and w.isVisible()]


def test_switching_user_opens_a_window_for_the_new_user(ui_ctx, qtbot) -> None:
    svc, pid = ui_ctx.services, ui_ctx.working_project_id
    svc.auth.sign_in_as("管理员", Role.ADMIN)
    svc.auth.save_user("林物管", Role.PROPERTY_CLERK, password=PASSWORD, repeat=PASSWORD)
    client = svc.archives.save_client(pid, arc.ClientDraft("王伟", "个人", "居民身份证", ID_NO, "13800138000"))
    unit = svc.archives.save_unit(pid, arc.UnitDraft("3栋", "501", "住宅", "2单元"))
    svc.archives.move_in(arc.OccupancyDraft(unit.id, client.id, "业主", date(2020, 5, 1)), "陈静")
    svc.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)

    opened: list[MainWindow] = []
    login: list[LoginDialog] = []

    def show_main(ctx: UiContext, _user: object = None) -> MainWindow:  # what app.py's show_main does
        window = MainWindow(ctx)
        opened.append(window)
        install_switch_user(window, ctx, lambda: login.append(log_in_again(window, ctx, show_main, gave_up)))
        window.show()
        return window

    def gave_up() -> None:
        raise AssertionError("the login was left")

    first = show_main(ui_ctx)
    assert first.safety.user_label.text() == "当前用户：陈主任（主任）"
    first.archives_tab.clients_page.reload()
    edit = ClientDialog(ui_ctx, svc.archives.client(client.id), parent=first)
    edit.open()

    action = first.findChild(QAction, "safety_switch_user")
    assert action is not None and action.isVisible()
    action.trigger()
    (question,) = visible(QMessageBox)
    assert "「修改客户资料」" in question.text() and "未保存的内容将丢失" in question.text()
    question.button(QMessageBox.StandardButton.Yes).click()
    QApplication.processEvents()

    (dialog,) = login
    assert dialog.isVisible() and not visible(ClientDialog) and not visible(MainWindow)
    assert svc.auth.current is None
    dialog.name.setEditText("林物管")
    dialog.password.setText("wrong-password")
    dialog.ok.click()
    assert dialog.isVisible() and len(opened) == 1
    assert dialog.form.errors["password"].isVisible()
    assert "用户名或密码不正确" in dialog.form.errors["password"].text()
    dialog.password.setText(PASSWORD)
    dialog.ok.click()
    assert not dialog.isVisible() and len(opened) == 2

    second = opened[1]
    assert second.ctx is not ui_ctx and second.ctx.user is not None and second.ctx.user.name == "林物管"
    assert second.safety.user_label.text() == "当前用户：林物管（物管员）"
    assert {k for k, a in second.safety.actions.items() if a.isVisible()} == {"password"}
    page = second.archives_tab.clients_page
    page.reload()
    headers = [c.header for c in page.model.columns]
    assert page.model.index(0, headers.index("证件号码")).data() == ID_MASKED
    assert page.model.index(0, headers.index("联系电话")).data() == "138****8000"
    archive = ArchiveDialog(second.ctx, client_id=client.id, parent=second)
    archive.open()
    assert ID_MASKED in archive.header.text() and ID_NO not in archive.header.text()  # 主任 saw it whole
    for w in visible(QDialog):
        w.close()
    second.close()
