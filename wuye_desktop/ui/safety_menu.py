"""The main window's 「数据安全」 menu, the logged-in user in the toolbar and status bar, the refresh
when another PC saves, and the daily automatic backup (issue 7). Kept out of main_window.py, which
only calls ``install_safety(window)``."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMainWindow, QToolBar

from wuye_desktop.domain.auth import Permission
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.ui.auth.password_dialog import ChangePasswordDialog
from wuye_desktop.ui.auth.users_page import UsersDialog
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.safety.audit_viewer import AuditDialog
from wuye_desktop.ui.safety.backup_page import BackupDialog
from wuye_desktop.ui.safety.change_watch import ChangeWatcher
from wuye_desktop.ui.safety.server_page import ServerDialog

log = logging.getLogger(__name__)
BACKUP_CHECK_MS = 60 * 60 * 1000  # the program may run for days: look once an hour whether today's is due


class SafetyMenu(QObject):
    """Owned by the main window; opens the data-safety dialogs non-modally."""

    def __init__(self, window: QMainWindow, ctx: UiContext) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        menu = window.menuBar().addMenu("数据安全(&S)")
        self.actions: dict[str, QAction] = {}
        for key, text, slot, permission in (
            ("password", "修改密码…", self.change_password, None),
            ("users", "用户与权限…", self.open_users, Permission.MANAGE_USERS),
            ("audit", "审计日志与回收站…", self.open_audit, Permission.VIEW_AUDIT),
            ("backup", "备份与恢复…", self.open_backup, Permission.BACKUP),
            ("server", "数据库服务器…", self.open_server, Permission.SERVER_SETTINGS),
        ):
            action = QAction(text, window)
            action.setObjectName(f"safety_{key}")
            action.triggered.connect(slot)
            action.setVisible(permission is None or ctx.can(permission))
            if key == "password":
                action.setVisible(ctx.user is not None)
            menu.addAction(action)
            self.actions[key] = action
        self.user_label = QLabel(self.user_text())
        self.user_label.setObjectName("currentUser")
        window.statusBar().addPermanentWidget(self.user_label)
        self._show_user_in_toolbar()
        self.watcher = ChangeWatcher(ctx, self)
        self.watcher.connection_lost.connect(window.statusBar().showMessage)
        self.watcher.connection_back.connect(window.statusBar().clearMessage)
        window.installEventFilter(self)  # closing the window ends the listening thread
        self.backup_timer: QTimer | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still call the filter while Python tears this object down with its window.
        if event.type() == QEvent.Type.Close and watched is getattr(self, "window", None):
            self.watcher.stop()
        return False

    def user_text(self) -> str:
        user = self.ctx.user
        if user is None:
            return "未登录"
        note = getattr(self.ctx, "login_note", "")
        return note or f"当前用户：{user.label}"

    def _show_user_in_toolbar(self) -> None:
        """After login the operator is the user: the toolbar's free choice becomes a plain label."""
        if self.ctx.user is None:
            return
        for bar in self.window.findChildren(QToolBar):
            for action in bar.actions():
                widget = bar.widgetForAction(action)
                if isinstance(widget, QComboBox) and widget.objectName() != "projectBox" \
                        and widget is getattr(self.window, "operator_box", None):
                    action.setVisible(False)
                elif isinstance(widget, QLabel) and "操作员" in widget.text():
                    widget.setText(f"  当前操作员：{self.ctx.user.name} ")
                    widget.setObjectName("operatorLabel")

    # --- dialogs ---------------------------------------------------------------------------------------
    @Slot()
    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.ctx.services.auth, self.window)
        dialog.open()
        return dialog

    @Slot()
    def open_users(self) -> UsersDialog:
        dialog = UsersDialog(self.ctx, self.window)
        dialog.show()
        return dialog

    @Slot()
    def open_audit(self) -> AuditDialog:
        dialog = AuditDialog(self.ctx, self.window)
        dialog.show()
        return dialog

    @Slot()
    def open_backup(self) -> BackupDialog:
        dialog = BackupDialog(self.ctx, self.window)
        dialog.restart_required.connect(self.quit_for_restart)
        dialog.show()
        return dialog

    @Slot()
    def open_server(self) -> ServerDialog:
        dialog = ServerDialog(self.ctx, self.window)
        dialog.show()
        return dialog

    @Slot()
    def quit_for_restart(self) -> None:
        self.window.close()
        QApplication.quit()

    # --- the daily backup -------------------------------------------------------------------------------
    def start_daily_backup(self, first_after_ms: int = 5000) -> None:
        """At start (after the window shows) and then hourly: today's automatic backup when due."""
        QTimer.singleShot(first_after_ms, self.backup_if_due)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_due)
        self.backup_timer.start()

    @Slot()
    def backup_if_due(self) -> None:
        backup = self.ctx.services.backup
        if any(f.made_at.date() == self.ctx.now().date() for f in backup.automatic_backups()):
            return
        run_job(self.window, "正在自动备份…", backup.auto_backup_if_due, self._backed_up, self._backup_failed)

    def _backed_up(self, info: object) -> None:
        if info is not None:
            self.window.statusBar().showMessage(f"已自动备份：{getattr(info, 'path', '')}", 15000)

    def _backup_failed(self, exc: Exception, trace: str) -> None:
        log.error("automatic backup failed\n%s", trace)
        text = exc.message if isinstance(exc, DomainError) else str(exc)
        msgbox.warning(self.window, "自动备份没有完成", f"今天的自动备份没有完成：{text}\n请在「数据安全 → 备份与恢复」中手动备份。")


def install_safety(window: QMainWindow, ctx: UiContext) -> SafetyMenu:
    return SafetyMenu(window, ctx)
