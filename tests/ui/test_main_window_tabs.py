"""The main window builds only 工作台 at start; every other tab is built the first time it is opened
(issue 8: a quick start), in its place, with its title, and wired like the others."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from wuye_desktop.ui.complaints.tab import ComplaintsTab
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.main_window import LAZY_TABS, MainWindow
from wuye_desktop.ui.repairs.tab import RepairsTab


def test_tabs_are_built_when_first_opened(ui_ctx: UiContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["工作台", "投诉受理", "客户档案", "维修与设备", "回访与意见", "统计报表"]
    assert window._built == {}  # nothing but the dashboard yet
    assert not window.tabs.widget(1).findChildren(QTableView)

    window.tabs.setCurrentIndex(1)  # the clerk clicks 投诉受理
    tab = window.tabs.currentWidget()
    assert isinstance(tab, ComplaintsTab) and tab is window.complaints_tab
    assert window.tabs.currentIndex() == 1 and window.tabs.tabText(1) == "投诉受理"
    assert tab.objectName() == "ComplaintsTab"  # the remembered layout's key, as before
    tab.status_message.emit("测试消息")
    assert window.statusBar().currentMessage() == "测试消息"
    assert list(window._built) == ["complaints_tab"]

    # Code asking for a tab gets it built in its place without the clerk's tab changing.
    repairs = window.repairs_tab
    assert isinstance(repairs, RepairsTab) and window.tabs.widget(3) is repairs
    assert window.tabs.currentIndex() == 1
    assert window.tabs.count() == len(LAZY_TABS) + 1
    window.close()
