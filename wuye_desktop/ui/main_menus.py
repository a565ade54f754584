"""Everyday comfort of the main window (issue 8): the menus 文件 / 操作 / 视图 / 帮助, the routed keys
(Ctrl+N, Ctrl+F, Ctrl+P, F5, Ctrl+E), the clerk's font size, and the remembered column widths and
splitters. MainWindow calls ``install_comfort`` once and ``Comfort.save`` when it closes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget

from wuye_desktop.ui.common.font_size import DEFAULT_POINT_SIZE, FontSizer
from wuye_desktop.ui.common.help import AboutDialog, ShortcutsDialog, open_folder
from wuye_desktop.ui.common.layout_memory import LayoutMemory
from wuye_desktop.ui.common.tab_commands import TabCommandRouter
from wuye_desktop.ui.context import UiContext


class Comfort(QObject):
    def __init__(self, window: QMainWindow, tabs: QTabWidget, ctx: UiContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.fonts = FontSizer(ctx.settings, window, self)
        self.fonts.apply_saved()
        self.router = TabCommandRouter(window, tabs, self._say)
        self.layout_memory = LayoutMemory(window, ctx.settings)
        tabs.currentChanged.connect(self._restore_layout)
        self.actions: dict[str, QAction] = {}
        self._build_menus()

    def _action(self, key: str, text: str, slot, shortcut: str | QKeySequence.StandardKey | None = None,  # type: ignore[no-untyped-def]
                tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.actions[key] = action
        return action

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        first = bar.actions()[0] if bar.actions() else None  # 文件 and 操作 come before other menus (数据安全)
        file_menu = bar.addMenu("文件(&F)")
        if first is not None:
            bar.insertMenu(first, file_menu)
        file_menu.addAction(self._action("open_data_folder", "打开数据文件夹", self.open_data_folder,
                                         tip="在资源管理器中打开数据库、附件、备份和日志所在的文件夹"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("quit", "退出", self.quit, QKeySequence.StandardKey.Quit))

        work_menu = bar.addMenu("操作(&O)")
        if first is not None:
            bar.insertMenu(first, work_menu)
        for action in self.router.actions.values():
            work_menu.addAction(action)

        view_menu = bar.addMenu("视图(&V)")
        view_menu.addAction(self._action("enlarge_font", "放大字体", self.enlarge_font, "Ctrl++"))
        view_menu.addAction(self._action("shrink_font", "缩小字体", self.shrink_font, "Ctrl+-"))
        view_menu.addAction(self._action("reset_font", "恢复默认字号", self.reset_font, "Ctrl+0"))
        # Ctrl+= too: on most keyboards + is Shift+=.
        self.actions["enlarge_font"].setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.fonts.changed.connect(self._font_changed)

        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self._action("shortcuts", "快捷键", self.show_shortcuts, "F1"))
        help_menu.addAction(self._action("about", "关于", self.show_about))

    # --- actions (slots return nothing: a bool or int handed back to Qt upsets PySide's reference counts) --
    @Slot()
    def quit(self) -> None:
        self.window.close()

    @Slot()
    def enlarge_font(self) -> None:
        self.fonts.enlarge()

    @Slot()
    def shrink_font(self) -> None:
        self.fonts.shrink()

    @Slot()
    def reset_font(self) -> None:
        self.fonts.reset()

    @Slot()
    def open_data_folder(self) -> None:
        open_folder(self.window, self.ctx.services.paths.root)

    @Slot()
    def show_about(self) -> None:
        AboutDialog(self.ctx.services.paths.root, self.ctx.services.database_label, self.window).open()

    @Slot()
    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.window).open()

    @Slot(int)
    def _font_changed(self, point_size: int) -> None:
        note = "（默认）" if point_size == DEFAULT_POINT_SIZE else ""
        self._say(f"字号：{point_size} 磅{note}")

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 5000)

    # --- remembered layout -----------------------------------------------------------------------------
    @Slot()
    def _restore_layout(self) -> None:
        self.layout_memory.restore()

    def restore(self) -> None:
        self.layout_memory.restore()

    def save(self) -> None:
        self.layout_memory.save()


def install_comfort(window: QMainWindow, tabs: QTabWidget, ctx: UiContext) -> Comfort:
    # Stable keys for the remembered layout: named containers, each tab by its class.
    central = window.centralWidget()
    if central is not None and not central.objectName():
        central.setObjectName("central")
    if not tabs.objectName():
        tabs.setObjectName("mainTabs")
    for index in range(tabs.count()):
        tab = tabs.widget(index)
        if tab is not None and not tab.objectName():
            tab.setObjectName(type(tab).__name__)
    comfort = Comfort(window, tabs, ctx)
    comfort.restore()
    return comfort
