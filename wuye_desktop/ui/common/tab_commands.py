"""The everyday keys (issue 8) — Ctrl+N new, Ctrl+F search, Ctrl+P print, F5 refresh, Ctrl+E export —
as window-level actions routed to the current tab.

The protocol: a tab may implement ``new_record()``, ``focus_search()``, ``print_current()``,
``refresh()``, ``export_current()``. A tab without the method still answers when one of its
visible toolbar actions (or an action added to the tab itself) carries the same key (登记投诉 has Ctrl+N, 刷新 F5 …): such keys are moved
from the tab's actions to the window's, so Qt never sees two actions with one key (an "ambiguous
shortcut" that does nothing). For Ctrl+F without ``focus_search`` the tab's visible search field
(objectName containing "search", or a placeholder starting with 搜索) gets the focus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QTabWidget, QToolBar, QWidget

from wuye_desktop.ui.common.layout_memory import inside_dialog

ROUTED_PROPERTY = "wuye_routed_shortcut"


@dataclass(frozen=True)
class TabCommand:
    method: str
    text: str
    key: str
    help: str


COMMANDS = (
    TabCommand("new_record", "新建", "Ctrl+N", "在当前页新建：登记投诉、登记报修……"),
    TabCommand("focus_search", "查找", "Ctrl+F", "光标移到当前页的搜索框"),
    TabCommand("print_current", "打印", "Ctrl+P", "打印当前页选中的记录（登记表、派工单、回访记录表……）"),
    TabCommand("refresh", "刷新", "F5", "重新读取当前页的列表"),
    TabCommand("export_current", "导出", "Ctrl+E", "把当前页的列表导出为 Excel"),
)


def _normalized(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


class TabCommandRouter(QObject):
    def __init__(self, window: QWidget, tabs: QTabWidget, say: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.say = say
        self.actions: dict[str, QAction] = {}
        self._keys = {_normalized(c.key): c for c in COMMANDS}
        for command in COMMANDS:
            action = QAction(command.text, window)
            action.setShortcut(QKeySequence(command.key))
            action.setToolTip(f"{command.help}（{command.key}）")
            action.setData(command.method)
            action.triggered.connect(self._triggered)
            self.actions[command.method] = action
        self.adopt_shortcuts()
        tabs.currentChanged.connect(self._tab_changed)

    def adopt_shortcuts(self) -> int:
        """Move the routed keys from actions inside the tabs to the window's actions (see module doc)."""
        moved = 0
        for action in self._tab_actions():
            key = _normalized(action.shortcut().toString(QKeySequence.SequenceFormat.PortableText))
            if key and key in self._keys:
                action.setProperty(ROUTED_PROPERTY, key)
                action.setShortcut(QKeySequence())
                moved += 1
        return moved

    def _tab_actions(self, tab: QWidget | None = None) -> list[QAction]:
        """The actions on the tabs' toolbars and the actions added to the tab widgets themselves — not
        those of dialogs (a dialog is its own window: its keys stay its own)."""
        tabs = [tab] if tab is not None else [self.tabs.widget(i) for i in range(self.tabs.count())]
        found: list[QAction] = []
        for page in tabs:
            if page is None:
                continue
            found += page.actions()
            for bar in page.findChildren(QToolBar):
                if not inside_dialog(bar, page):
                    found += bar.actions()
        return found

    @Slot(int)
    def _tab_changed(self, _index: int) -> None:
        self.adopt_shortcuts()  # pages built lazily bring their own actions

    @Slot()
    def _triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.run(str(action.data()))

    def run(self, method: str) -> bool:
        """Run ``method`` on the current tab; True when something answered."""
        command = next(c for c in COMMANDS if c.method == method)
        tab = self.tabs.currentWidget()
        if tab is None:
            return False
        handler = getattr(tab, method, None)
        if callable(handler):
            handler()
            return True
        action = self._tab_action(tab, _normalized(command.key))
        if action is not None:
            action.trigger()
            return True
        if method == "focus_search" and self._focus_search(tab):
            return True
        self.say(f"本页没有「{command.text}」操作")
        return False

    def _tab_action(self, tab: QWidget, key: str) -> QAction | None:
        self.adopt_shortcuts()
        for action in self._tab_actions(tab):
            if action.property(ROUTED_PROPERTY) != key or not action.isEnabled():
                continue
            widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
            if any(w.isVisibleTo(tab) or w is tab for w in widgets):
                return action
        return None

    @staticmethod
    def _focus_search(tab: QWidget) -> bool:
        for edit in tab.findChildren(QLineEdit):
            looks_like_search = "search" in edit.objectName().lower() or edit.placeholderText().startswith("搜索")
            if looks_like_search and edit.isVisibleTo(tab) and edit.isEnabled():
                edit.setFocus()
                edit.selectAll()
                return True
        return False

