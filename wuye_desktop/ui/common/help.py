"""帮助 menu (issue 8): the About dialog (version, data folder, database, log) with 「打开数据文件夹」,
and the keyboard shortcuts listed in one table. Both open with ``open()``; nothing blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QUrl, Qt, Slot
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop import APP_NAME, __version__
from wuye_desktop.locations import icon_path
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.tab_commands import COMMANDS

# Keys that are not routed through the tabs: (key, what it does, where).
OTHER_SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("Ctrl+,", "打开「设置」", "主窗口"),
    ("Ctrl++", "放大字体", "主窗口（视图菜单）"),
    ("Ctrl+-", "缩小字体", "主窗口（视图菜单）"),
    ("Ctrl+0", "恢复默认字号", "主窗口（视图菜单）"),
    ("F1", "显示本快捷键一览", "主窗口（帮助菜单）"),
    ("回车", "打开选中的案件", "投诉列表"),
    ("Ctrl+回车", "保存登记或处理记录", "登记投诉、记录处理过程的窗口"),
    ("Ctrl+R", "登记回访", "回访与意见 → 回访任务"),
    ("Tab", "依次移到下一个填写项", "所有窗口"),
    ("Esc", "取消并关闭窗口（不保存）", "所有窗口"),
)


def open_folder(parent: QWidget | None, folder: Path) -> bool:
    """「打开数据文件夹」 in the system's file manager (Explorer on Windows)."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    msgbox.warning(parent, "无法打开文件夹", f"系统未能打开文件夹，请在资源管理器中手动打开：\n{folder}")
    return False


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AboutDialog(QDialog):
    """关于: name, version, where the data is (folder, database, log) and the font licence."""

    def __init__(self, data_folder: Path, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_folder = data_folder
        self.setWindowTitle(f"关于 {APP_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        icon = QLabel()
        size = self.fontMetrics().height() * 4
        icon.setPixmap(QIcon(str(icon_path("app"))).pixmap(size, size))
        title = QLabel(APP_NAME)
        title.setObjectName("aboutTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(QLabel(f"版本 {__version__}"))
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(heading, 1)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.folder_label = _selectable(str(data_folder))
        form.addRow("数据文件夹：", self.folder_label)
        form.addRow("数据库：", _selectable(database))
        form.addRow("日志文件：", _selectable(str(data_folder / "logs" / "wuye.log")))
        form.addRow("界面字体：", QLabel("文泉驿微米黑（随程序附带，Apache 许可证 2.0）"))
        note = QLabel("数据文件夹中有数据库、附件、自动备份、日志和界面设置。卸载程序时默认保留该文件夹。")
        note.setObjectName("hintText")
        note.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.open_button = QPushButton("打开数据文件夹")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_data_folder)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("数") * 40)

    @Slot()
    def open_data_folder(self) -> None:
        open_folder(self, self.data_folder)


class ShortcutsDialog(QDialog):
    """帮助 → 快捷键: every key in one table."""

    def __init__(self, parent: QWidget | None = None,
                 extra: Sequence[tuple[str, str, str]] = OTHER_SHORTCUTS) -> None:
        super().__init__(parent)
        self.setWindowTitle("快捷键一览")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        rows = [(c.key, c.help, "当前页") for c in COMMANDS] + list(extra)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels(["按键", "作用", "在哪里"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        # Widths from the font (high DPI, enlarged fonts), with room for the cell padding of style.qss.
        metrics = self.fontMetrics()
        header = self.table.horizontalHeader()
        for column in (0, 2):
            widest = max(metrics.horizontalAdvance(values[column]) for values in rows)
            header.resizeSection(column, widest + 2 * metrics.height())
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        hint = QLabel("Ctrl+N、Ctrl+F、Ctrl+P、F5、Ctrl+E 作用于当前打开的页；本页没有该操作时，状态栏会说明。")
        hint.setObjectName("hintText")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole).setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(metrics.horizontalAdvance("数") * 56, metrics.height() * 36)

    def keys(self) -> list[str]:
        return [item.text() for r in range(self.table.rowCount()) if (item := self.table.item(r, 0)) is not None]

