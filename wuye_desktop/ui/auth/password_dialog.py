"""Change one's own password (also forced after an administrator has set a new one)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from wuye_desktop.domain.auth import MIN_PASSWORD
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.services.auth import AuthService
from wuye_desktop.ui.auth.login_dialog import password_edit
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.fields import ErrorForm


class ChangePasswordDialog(QDialog):
    def __init__(self, auth: AuthService, parent: QWidget | None = None, forced: bool = False) -> None:
        super().__init__(parent)
        self.auth = auth
        self.setWindowTitle("修改密码")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        user = auth.current
        who = QLabel(f"用户：{user.label}" if user else "")
        layout.addWidget(who)
        if forced:
            note = QLabel("管理员为您设置了新密码，请先改成只有您自己知道的密码。")
            note.setWordWrap(True)
            note.setStyleSheet("color: #c62828;")
            layout.addWidget(note)
        self.form = ErrorForm()
        self.old = password_edit()
        self.new = password_edit(f"至少{MIN_PASSWORD}位")
        self.repeat = password_edit("再输入一次")
        self.form.add("old", "原密码", self.old, required=True)
        self.form.add("new", "新密码", self.new, required=True)
        self.form.add("repeat", "确认新密码", self.repeat, required=True)
        layout.addLayout(self.form)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def submit(self) -> None:
        try:
            self.auth.change_own_password(self.old.text(), self.new.text(), self.repeat.text())
        except ValidationError as exc:
            unplaced = self.form.show_errors(exc.errors)
            if unplaced:
                msgbox.warning(self, "不能修改密码", "\n".join(unplaced))
            return
        except DomainError as exc:
            msgbox.warning(self, "不能修改密码", exc.message)
            return
        # Closed after the box has finished: the box is this dialog's child (deleting it inside the
        # box's own finished signal crashes Qt).
        msgbox.information(self, "修改密码", "密码已修改，下次登录请使用新密码。",
                           on_close=lambda: QTimer.singleShot(0, self.accept))
