"""Login as a clerk sees it: the first administrator, wrong passwords and the lock, the main window
after login (who is the operator, which 数据安全 entries a role sees), another PC's save refreshing
the lists, and a conflicting step that says what changed and can be recorded on the latest version."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from wuye_desktop.domain.auth import Role
from wuye_desktop.domain.complaint import Action
from wuye_desktop.services.complaints import StepInput
from wuye_desktop.services.container import open_services
from wuye_desktop.ui.auth.login_dialog import FirstAdminDialog, LoginDialog
from wuye_desktop.ui.auth.password_dialog import ChangePasswordDialog
from wuye_desktop.ui.safety.change_watch import ChangeWatcher
from tests.integration.test_desk_rules import draft


def visible(cls):  # type: ignore[no-untyped-def]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


def error_under(form, key: str) -> str:  # type: ignore[no-untyped-def]
    label = form.errors[key]
    return label.text() if label.isVisible() else ""


@pytest.fixture
def fresh(services, qapp):  # type: ignore[no-untyped-def]
    """Services on a new database with nobody logged in (the app at its first start)."""
    from wuye_desktop.app import create_qt_app

    create_qt_app([])
    assert not services.auth.has_users()
    return services


def test_first_start_asks_for_the_administrator_and_logs_in(fresh, qtbot) -> None:
    dialog = FirstAdminDialog(fresh.auth, "海悦物业")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("abc")
    dialog.repeat.setText("abc")
    dialog.ok.click()
    assert error_under(dialog.form, "password") == "密码至少6位（现有3位）"
    dialog.password.setText("secret-2026")
    dialog.repeat.setText("secret-2027")
    dialog.ok.click()
    assert error_under(dialog.form, "repeat") == "两次输入的密码不一致"
    assert error_under(dialog.form, "password") == ""
    dialog.repeat.setText("secret-2026")
    with qtbot.waitSignal(dialog.logged_in) as signal:
        dialog.ok.click()
    assert signal.args[0].name == "管理员" and signal.args[0].role is Role.ADMIN
    assert fresh.auth.current.name == "管理员" and not dialog.isVisible()


def test_wrong_passwords_say_how_many_tries_are_left_then_lock(fresh, qtbot, clock) -> None:
    fresh.auth.create_first_admin("管理员", "secret-2026", "secret-2026")
    fresh.auth.save_user("张丽", Role.FRONT_DESK, password="start-2026", repeat="start-2026")
    fresh.auth.logout()
    dialog = LoginDialog(fresh.auth, "张丽")
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.name.itemText(i) for i in range(dialog.name.count())] == ["张丽", "管理员"]
    dialog.password.setText("wrong-one")
    dialog.ok.click()
    assert error_under(dialog.form, "password") == "用户名或密码不正确（再错4次将锁定账户）"
    assert dialog.password.text() == ""
    for _ in range(4):
        dialog.password.setText("wrong-one")
        dialog.ok.click()
    assert error_under(dialog.form, "password") == "密码连续输错5次，账户已锁定15分钟，请稍后再试或请管理员解锁"
    dialog.password.setText("start-2026")  # even the right password waits for the lock
    dialog.ok.click()
    assert "账户已锁定至 09:15" in error_under(dialog.form, "password")
    clock.advance(minutes=15)
    dialog.password.setText("start-2026")
    with qtbot.waitSignal(dialog.logged_in) as signal:
        dialog.ok.click()
    user = signal.args[0]
    assert user.name == "张丽" and user.must_change_password  # the administrator's first password
    change = ChangePasswordDialog(fresh.auth, None, forced=True)
    change.show()
    change.old.setText("start-2026")
    change.new.setText("start-2026")
    change.repeat.setText("start-2026")
    change.submit()
    assert error_under(change.form, "new") == "新密码不能与原密码相同"
    change.new.setText("my-own-2026")
    change.repeat.setText("my-own-2026")
    change.submit()
    boxes = visible(QMessageBox)
    assert boxes and "密码已修改" in boxes[0].text()
    boxes[0].button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not visible(ChangePasswordDialog))
    assert not fresh.auth.current.must_change_password


def _main_window(ui_ctx):  # type: ignore[no-untyped-def]
    from wuye_desktop.ui.main_window import MainWindow

    return MainWindow(ui_ctx)


def test_the_main_window_shows_the_user_and_only_what_the_role_may_open(ui_ctx, qtbot) -> None:
    ui_ctx.services.auth.sign_in_as("张丽", Role.FRONT_DESK)
    window = _main_window(ui_ctx)
    qtbot.addWidget(window)
    assert window.safety.user_label.text() == "当前用户：张丽（前台/客服）"
    assert ui_ctx.operator == "张丽"
    labels = [w.text() for w in window.findChildren(QLabel) if w.objectName() == "operatorLabel"]
    assert labels == ["  当前操作员：张丽 "]
    assert not window.operator_box.isVisible()
    shown = {k for k, a in window.safety.actions.items() if a.isVisible()}
    assert shown == {"password"}
    window.close()
    ui_ctx.services.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)
    window = _main_window(ui_ctx)
    qtbot.addWidget(window)
    assert {k for k, a in window.safety.actions.items() if a.isVisible()} == {"password", "audit", "backup"}
    window.close()
    ui_ctx.services.auth.sign_in_as("管理员", Role.ADMIN)
    window = _main_window(ui_ctx)
    qtbot.addWidget(window)
    assert {k for k, a in window.safety.actions.items() if a.isVisible()} == {"password", "users", "audit",
                                                                              "backup", "server"}
    window.close()


def test_the_demo_note_is_in_the_status_bar(ui_ctx, qtbot) -> None:
    ui_ctx.services.auth.sign_in_as("演示主任")
    ui_ctx.login_note = "演示模式：已自动以「演示主任」（主任）登录"
    window = _main_window(ui_ctx)
    qtbot.addWidget(window)
    assert window.safety.user_label.text() == "演示模式：已自动以「演示主任」（主任）登录"
    window.close()


def test_another_pcs_save_refreshes_this_pcs_lists(ui_ctx, qtbot, clock) -> None:
    other = open_services(ui_ctx.services.paths, clock=clock)  # the second PC on the same database
    try:
        other.auth.sign_in_as("李明", Role.FRONT_DESK)
        watcher = ChangeWatcher(ui_ctx, interval_ms=60_000)
        areas: list[str] = []
        ui_ctx.data_changed.connect(areas.append)
        assert watcher.poll() == []
        other.complaints.register(draft(), other.settings.projects()[0].id, "李明")
        assert watcher.poll() == ["complaints"]
        assert areas == ["complaints"]
        assert watcher.poll() == []  # once
        ui_ctx.services.settings.set_company_name("本机改的")  # this PC's own change: already shown here
        assert watcher.poll() == []
        other.settings.set_company_name("另一台电脑改的")
        assert watcher.poll() == ["settings"]
    finally:
        other.close()


def test_a_conflicting_step_says_who_changed_what_and_can_be_recorded_on_top(ui_ctx, qtbot, clock) -> None:
    from tests.ui.test_complaints_case import open_step, timeline
    from wuye_desktop.ui.complaints.case_dialog import CaseDialog

    saved = ui_ctx.services.complaints.register(draft(), ui_ctx.working_project_id, "前台")
    case = CaseDialog(ui_ctx, saved.id)
    qtbot.addWidget(case)
    case.show()
    step = open_step(qtbot, case, Action.VERIFY)
    step.note.setPlainText("已上门核实")
    clock.set(datetime(2026, 9, 24, 9, 20))
    other = open_services(ui_ctx.services.paths, clock=clock)
    try:
        other.auth.sign_in_as("李明", Role.FRONT_DESK)
        other.complaints.act(saved.id, StepInput(Action.NOTE, "李明", note="客户来电催促"))
    finally:
        other.close()
    step.ok_button.click()
    boxes = visible(QMessageBox)
    assert len(boxes) == 1
    text = boxes[0].text()
    assert "已被他人修改" in text and "09-24 09:20 李明 记录了「跟进记录」，经办人李明" in text
    assert "您填写的内容还在" in text
    boxes[0].button(QMessageBox.StandardButton.Yes).click()
    assert not step.isVisible()
    rows = timeline(case)
    assert ("跟进记录", "李明", "客户来电催促") in rows and ("核实", "前台", "已上门核实") in rows
    case.close()
