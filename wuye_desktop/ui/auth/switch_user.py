"""「切换用户…」 (issue 7): another clerk takes the PC without restarting the program. After a question
(naming the edit windows still open, which close with the main window), the main window closes, the
user is logged out, the login dialog shows, and the composition root opens a new main window for the
new user — with that user's permissions, masking and menus, since every screen is built afresh."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QMessageBox, QWidget

from wuye_desktop.services.auth import UserView
from wuye_desktop.ui.auth.login_dialog import LoginDialog
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.context import UiContext

SAFETY_MENU = "数据安全"


def open_dialogs(window: QWidget) -> list[QDialog]:
    """The dialogs on screen that belong to ``window`` (their parent chain leads to it)."""
    found = []
    for w in QApplication.topLevelWidgets():
        if not isinstance(w, QDialog) or not w.isVisible():
            continue
        parent = w.parentWidget()
        while parent is not None and parent is not window:
            parent = parent.parentWidget()
        if parent is window:
            found.append(w)
    return found


class UserSwitch(QObject):
    """The menu entry and the question; ``requested`` is called once the clerk has confirmed."""

    def __init__(self, window: QMainWindow, ctx: UiContext, requested: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.ctx, self.requested = window, ctx, requested
        self.action = QAction("切换用户…", window)
        self.action.setObjectName("safety_switch_user")
        self.action.setStatusTip("关闭主窗口，换另一位用户登录（不必退出程序）")
        self.action.setVisible(ctx.user is not None)
        self.action.triggered.connect(self.ask)
        menu = _menu(window, SAFETY_MENU)
        if menu is None:
            menu = window.menuBar().addMenu(SAFETY_MENU)
        actions = menu.actions()
        names = [a.objectName() for a in actions]
        # right after 修改密码…: the two entries about the user's own session stay together
        at = names.index("safety_password") + 1 if "safety_password" in names else len(actions)
        menu.insertAction(actions[at] if at < len(actions) else None, self.action)  # type: ignore[arg-type]
        self.question: QMessageBox | None = None

    @Slot()
    def ask(self) -> None:
        dialogs = open_dialogs(self.window)
        text = "切换用户将关闭主窗口并退出当前用户，然后显示登录窗口。"
        if dialogs:
            names = "、".join(f"「{d.windowTitle()}」" for d in dialogs)
            text += f"\n\n以下窗口还开着，会随主窗口一起关闭，其中未保存的内容将丢失：{names}"
        user = self.ctx.user
        title = f"切换用户（当前：{user.name}）" if user is not None else "切换用户"
        self.question = msgbox.question(self.window, title, text, self.requested, yes_text="切换用户",
                                        no_text="取消")


def _menu(window: QMainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text() == title:
            return menu
    return None


def install_switch_user(window: QMainWindow, ctx: UiContext, requested: Callable[[], None]) -> UserSwitch:
    return UserSwitch(window, ctx, requested)


def log_in_again(window: QMainWindow, ctx: UiContext, logged_in: Callable[[UiContext, UserView], object],
                 gave_up: Callable[[], object]) -> LoginDialog:
    """Close ``window``, log its user out and show the login; ``logged_in(new_ctx, user)`` opens the new
    main window (app.py), ``gave_up`` runs when the login is left with 退出. The caller keeps the returned
    dialog referenced (it has no parent)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)  # the login comes before the next window
    services, settings = ctx.services, ctx.settings
    settings.sync()
    for dialog in reversed(open_dialogs(window)):  # they belong to the window and go with it
        dialog.close()
    window.close()
    window.deleteLater()
    services.auth.logout()
    fresh = UiContext(services, settings)  # a new context: nothing of the old window's session stays
    company = services.settings.company_name()
    dialog = LoginDialog(services.auth, "", company)  # the name box starts empty: someone else comes
    dialog.setWindowTitle(f"切换用户 — {dialog.windowTitle()}")
    dialog.name.setEditText("")
    dialog.name.setFocus()
    dialog.logged_in.connect(lambda user: logged_in(fresh, user))
    dialog.rejected.connect(gave_up)
    dialog.open()
    return dialog
