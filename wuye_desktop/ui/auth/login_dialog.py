"""The dialogs before the main window: the first administrator (first start) and the login.

Both are shown with ``open()`` and announce the logged-in user with a signal; app.py builds the
main window in the slot, so nothing blocks in ``exec()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop import APP_NAME
from wuye_desktop.domain.auth import MIN_PASSWORD
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.services.auth import AuthService, UserView
from wuye_desktop.ui.common.fields import ErrorForm, password_edit


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 14pt; font-weight: bold;")
    return label


class FirstAdminDialog(QDialog):
    """First start: the administrator's name and password (twice), then logged in."""

    logged_in = Signal(object)  # UserView

    def __init__(self, auth: AuthService, company: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.setWindowTitle("首次使用：设置管理员")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)
        intro = QLabel(
            "这是本程序第一次启动。请先设置管理员账户：管理员可以建立其他用户并分配角色、"
            "查看审计日志、备份和恢复数据。请牢记密码，忘记后只能由另一位管理员重设。")
        intro.setWordWrap(True)
        self.form = ErrorForm()
        self.name = QLineEdit("管理员")
        self.name.setMaxLength(40)
        self.password = password_edit(f"至少{MIN_PASSWORD}位")
        self.repeat = password_edit("再输入一次")
        self.form.add("name", "用户名", self.name, required=True)
        self.form.add("password", "密码", self.password, required=True)
        self.form.add("repeat", "确认密码", self.repeat, required=True)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("建立并登录", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(APP_NAME))
        if company:
            layout.addWidget(QLabel(company))
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password.setFocus()

    @Slot()
    def submit(self) -> None:
        try:
            user = self.auth.create_first_admin(self.name.text(), self.password.text(), self.repeat.text())
        except ValidationError as exc:
            unplaced = self.form.show_errors(exc.errors)
            self.message.setText("\n".join(unplaced))
            self.message.setVisible(bool(unplaced))
            return
        except DomainError as exc:
            self.form.clear_errors()
            self.message.setText(exc.message)
            self.message.show()
            return
        self.logged_in.emit(user)
        self.accept()


class LoginDialog(QDialog):
    """Name (chosen from the active users or typed) and password; a Chinese reason on failure."""

    logged_in = Signal(object)  # UserView

    def __init__(self, auth: AuthService, last_name: str = "", company: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.setWindowTitle(f"登录 — {APP_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(420)
        self.form = ErrorForm()
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(auth.user_names())
        if last_name:
            self.name.setCurrentText(last_name)
        self.password = password_edit()
        self.form.add("name", "用户名", self.name)
        self.form.add("password", "密码", self.password)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(APP_NAME))
        if company:
            layout.addWidget(QLabel(company))
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        (self.password if self.name.currentText() else self.name).setFocus()

    @Slot()
    def submit(self) -> None:
        try:
            user: UserView = self.auth.login(self.name.currentText(), self.password.text())
        except DomainError as exc:
            self.password.clear()
            key = "name" if not self.name.currentText().strip() else "password"
            self.form.show_errors({key: exc.message})
            return
        self.logged_in.emit(user)
        self.accept()
