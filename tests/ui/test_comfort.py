"""Everyday comfort of the main window (issue 8): the clerk's font size kept across windows, column
widths and splitters remembered, the routed keys reaching the current tab, the About and shortcut
dialogs, 「打开数据文件夹」."""

from __future__ import annotations

import re

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
import pytest

from wuye_desktop import __version__
from wuye_desktop.ui.common.font_size import (
    DEFAULT_POINT_SIZE,
    SETTINGS_KEY,
    FontSizer,
    apply_point_size,
    size_rules,
)
from wuye_desktop.ui.common.help import AboutDialog, ShortcutsDialog
from wuye_desktop.ui.common.layout_memory import LayoutMemory
from wuye_desktop.ui.complaints.register_dialog import ComplaintDialog
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(ui_ctx: UiContext, qtbot):  # type: ignore[no-untyped-def]
    w = MainWindow(ui_ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    yield w
    apply_point_size(DEFAULT_POINT_SIZE)  # the QApplication outlives the test


class FakeTab(QWidget):
    """A tab implementing the whole protocol."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def new_record(self) -> None:
        self.calls.append("new_record")

    def focus_search(self) -> None:
        self.calls.append("focus_search")

    def print_current(self) -> None:
        self.calls.append("print_current")

    def refresh(self) -> None:
        self.calls.append("refresh")

    def export_current(self) -> None:
        self.calls.append("export_current")


def press(window: MainWindow, key: str) -> None:
    sequence = QKeySequence(key)
    combo = sequence[0]
    QTest.keyClick(window.tabs.currentWidget(), combo.key(), combo.keyboardModifiers())


def test_the_font_size_is_kept_for_the_next_window(ui_ctx: UiContext, window: MainWindow, qtbot) -> None:
    assert QApplication.font().pointSize() == DEFAULT_POINT_SIZE
    window.comfort.actions["enlarge_font"].trigger()
    window.comfort.actions["enlarge_font"].trigger()
    assert QApplication.font().pointSize() == 12
    assert window.complaints_tab.findChild(QTableView).font().pointSize() == 12
    hint = QLabel("提示", window.complaints_tab)
    hint.setObjectName("hintText")
    hint.show()
    assert hint.font().pointSizeF() == 10.8  # hints stay a little smaller than the text
    assert window.statusBar().currentMessage() == "字号：12 磅"
    window.close()
    assert int(ui_ctx.settings.value(SETTINGS_KEY)) == 12

    apply_point_size(DEFAULT_POINT_SIZE)  # as a new start of the program would find it
    second = MainWindow(ui_ctx)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert QApplication.font().pointSize() == 12
    assert second.complaints_tab.findChild(QTableView).font().pointSize() == 12
    second.comfort.actions["reset_font"].trigger()
    assert QApplication.font().pointSize() == DEFAULT_POINT_SIZE
    assert int(ui_ctx.settings.value(SETTINGS_KEY)) == DEFAULT_POINT_SIZE

    second.close()


def test_the_font_size_stays_within_8_and_20_points(tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Whatever the clerk presses (on a small window: restyling a whole main window costs a second)."""
    page = QWidget()
    qtbot.addWidget(page)
    fonts = FontSizer(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat), page)
    try:
        assert fonts.set_point_size(40) == 20 and QApplication.font().pointSize() == 20
        fonts.enlarge()
        assert QApplication.font().pointSize() == 20
        assert fonts.set_point_size(2) == 8 and QApplication.font().pointSize() == 8
        fonts.shrink()
        assert QApplication.font().pointSize() == 8
        assert page.styleSheet().startswith("QWidget { font-size: 8pt; }")
        fonts.reset()
        assert page.styleSheet() == ""
    finally:
        apply_point_size(DEFAULT_POINT_SIZE)


def test_only_the_size_rules_are_scaled() -> None:
    base = "/* 注释 */\nQWidget {\n    font-size: 10pt;\n    color: #111;\n}\nQLabel#hint { color: #555; font-size: 9pt; }\n" \
           "QTabBar::tab { padding: 7px; }"
    assert size_rules(15, base) == "QWidget { font-size: 15pt; }\nQLabel#hint { font-size: 13.5pt; }"
    assert size_rules(10, base) == ""


def test_column_widths_and_splitters_come_back_in_a_new_window(ui_ctx: UiContext, window: MainWindow, qtbot) -> None:
    window.tabs.setCurrentWidget(window.archives_tab)
    table = window.archives_tab.findChild(QTableView, "clientTable")
    assert table is not None
    table.horizontalHeader().resizeSection(0, 311)
    window.tabs.setCurrentWidget(window.repairs_tab)
    splitter = window.repairs_tab.findChildren(QSplitter)[0]
    splitter.setSizes([500, 120])
    saved_sizes = splitter.sizes()
    window.close()

    second = MainWindow(ui_ctx)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    second.tabs.setCurrentWidget(second.archives_tab)
    assert second.archives_tab.findChild(QTableView, "clientTable").horizontalHeader().sectionSize(0) == 311
    second.tabs.setCurrentWidget(second.repairs_tab)
    assert second.repairs_tab.findChildren(QSplitter)[0].sizes() == saved_sizes
    second.close()


def test_layout_memory_on_any_window(tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The generic helper: widths by column count, splitter state, a changed table starts fresh."""
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)

    def build(columns: int) -> tuple[QMainWindow, QTableView, QSplitter]:
        w = QMainWindow()
        split = QSplitter()
        view = QTableView()
        view.setObjectName("ledger")
        view.setModel(QStandardItemModel(3, columns, view))
        split.addWidget(view)
        split.addWidget(QTextEdit())
        w.setCentralWidget(split)
        qtbot.addWidget(w)
        w.resize(800, 400)
        w.show()
        return w, view, split

    w, view, split = build(4)
    view.horizontalHeader().resizeSection(1, 222)
    split.setSizes([600, 200])
    sizes = split.sizes()
    LayoutMemory(w, settings).save()
    w.close()

    w2, view2, split2 = build(4)
    assert LayoutMemory(w2, settings).restore() == 2
    assert view2.horizontalHeader().sectionSize(1) == 222
    assert split2.sizes() == sizes

    w3, view3, _split3 = build(5)  # the table gained a column: its widths start fresh
    default = view3.horizontalHeader().sectionSize(1)
    LayoutMemory(w3, settings).restore()
    assert view3.horizontalHeader().sectionSize(1) == default != 222


def test_the_keys_reach_the_current_tab(window: MainWindow, monkeypatch) -> None:
    # 1. A tab implementing the protocol gets each key as a method call.
    fake = FakeTab()
    window.tabs.addTab(fake, "测试页")
    window.tabs.setCurrentWidget(fake)
    for key in ("Ctrl+N", "Ctrl+F", "Ctrl+P", "F5", "Ctrl+E"):
        press(window, key)
    assert fake.calls == ["new_record", "focus_search", "print_current", "refresh", "export_current"]

    # 2. A tab without a method answers through its own toolbar action, search field or refresh().
    tab = window.complaints_tab
    window.tabs.setCurrentWidget(tab)
    press(window, "Ctrl+N")  # the tab's 登记投诉 (its key now belongs to the window: never ambiguous)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ComplaintDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()
    refreshed: list[bool] = []
    monkeypatch.setattr(tab, "refresh", lambda: refreshed.append(True))
    press(window, "F5")
    assert refreshed == [True]
    press(window, "Ctrl+F")
    assert QApplication.focusWidget() is tab.findChild(QLineEdit, "complaintSearch")
    press(window, "Ctrl+P")  # nothing to print on the list itself — said in the status bar
    assert window.statusBar().currentMessage() == "本页没有「打印」操作"

    # 3. A tab of pages, each with its own 刷新 (F5): the key goes to the page shown.
    paged = QWidget()
    pages = QStackedWidget(paged)
    QVBoxLayout(paged).addWidget(pages)
    # Counted with plain lists: QSignalSpy keeping triggered(bool) arguments upset False's refcount at exit.
    counts: list[list[bool]] = []
    for name in ("甲页", "乙页"):
        page = QWidget()
        bar = QToolBar(page)
        QVBoxLayout(page).addWidget(bar)
        action = QAction(f"刷新{name}", page)
        action.setShortcut(QKeySequence("F5"))
        bar.addAction(action)
        pages.addWidget(page)
        counts.append([])
        action.triggered.connect(lambda *_args, seen=counts[-1]: seen.append(name))
    window.tabs.addTab(paged, "分页测试")
    window.tabs.setCurrentWidget(paged)
    pages.setCurrentIndex(1)
    press(window, "F5")
    assert [len(c) for c in counts] == [0, 1]
    pages.setCurrentIndex(0)
    press(window, "F5")
    assert [len(c) for c in counts] == [1, 1]

    # 4. After visiting every tab, each routed key is on exactly one action of the window.
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    routed = {QKeySequence(k).toString() for k in ("Ctrl+N", "Ctrl+F", "Ctrl+P", "F5", "Ctrl+E")}
    holders: dict[str, int] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if sequence.toString() in routed:
                holders[sequence.toString()] = holders.get(sequence.toString(), 0) + 1
    assert holders == {key: 1 for key in routed}

    # 5. A dialog is its own window: its actions keep their keys.
    from PySide6.QtWidgets import QDialog

    dialog = QDialog(window.complaints_tab)
    bar = QToolBar(dialog)
    own = QAction("打印本表", dialog)
    own.setShortcut(QKeySequence("Ctrl+P"))
    bar.addAction(own)
    window.comfort.router.adopt_shortcuts()
    assert own.shortcut().toString() == "Ctrl+P"
    dialog.deleteLater()


def test_menus_about_folder_and_shortcut_list(window: MainWindow, ui_ctx: UiContext, monkeypatch) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:2] == ["文件(&F)", "操作(&O)"] and titles[-2:] == ["视图(&V)", "帮助(&H)"]
    words = [a.text() for a in window.comfort.actions.values()] + \
        [a.text() for a in window.comfort.router.actions.values()]
    assert all(not re.search(r"[A-Za-z]{2,}", w) for w in words), words  # nothing on screen in English

    # 打开数据文件夹, from the 文件 menu and from the About dialog.
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    window.comfort.actions["open_data_folder"].trigger()
    assert opened == [QUrl.fromLocalFile(str(ui_ctx.services.paths.root))]
    window.comfort.actions["about"].trigger()
    about = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog) and w.isVisible())
    texts = " ".join(label.text() for label in about.findChildren(type(about.folder_label)))
    assert f"版本 {__version__}" in texts
    assert str(ui_ctx.services.paths.root) in texts
    assert ui_ctx.services.database_label in texts
    about.open_button.click()
    assert opened[-1] == QUrl.fromLocalFile(str(ui_ctx.services.paths.root))
    about.close()

    # A folder the system will not open is said plainly.
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    window.comfort.actions["open_data_folder"].trigger()
    box = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "无法打开文件夹")
    assert "请在资源管理器中手动打开" in box.text()
    box.close()

    # 帮助 → 快捷键 (F1) lists every key.
    assert window.comfort.actions["shortcuts"].shortcut().toString() == "F1"
    window.comfort.actions["shortcuts"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog) and w.isVisible())
    keys = dialog.keys()
    assert keys[:5] == ["Ctrl+N", "Ctrl+F", "Ctrl+P", "F5", "Ctrl+E"]
    assert {"Ctrl++", "Ctrl+-", "Ctrl+0", "F1"} <= set(keys)
    dialog.close()

    # Named containers give the remembered layout stable keys.
    assert window.centralWidget().objectName() == "central"
    assert window.tabs.objectName() == "mainTabs"
    assert window.complaints_tab.objectName() == "ComplaintsTab"


def test_layout_helper_ignores_views_without_a_model(tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    root = QWidget()
    qtbot.addWidget(root)
    QVBoxLayout(root).addWidget(QTableView())
    memory = LayoutMemory(root, settings)
    assert memory.restore() == 0
    memory.save()
    assert settings.allKeys() == []
