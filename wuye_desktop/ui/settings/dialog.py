"""The settings dialog: a list of pages on the left (公司与管理处, 部门, 员工, 工作日历, 投诉设置);
each page saves on its own button and announces the change with ``ctx.data_changed("settings")``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.settings.calendar_page import CalendarPage
from wuye_desktop.ui.settings.company_page import CompanyPage
from wuye_desktop.ui.settings.desk_page import DeskPage
from wuye_desktop.ui.settings.staff_pages import DepartmentsPage, StaffPage


class SettingsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("设置")
        self.resize(1100, 780)
        self.ctx = ctx
        self._closing_anyway = False

        self.company_page = CompanyPage(ctx)
        self.departments_page = DepartmentsPage(ctx)
        self.staff_page = StaffPage(ctx)
        self.calendar_page = CalendarPage(ctx)
        self.desk_page = DeskPage(ctx)
        self.pages: list[QWidget] = [self.company_page, self.departments_page, self.staff_page,
                                     self.calendar_page, self.desk_page]

        self.page_list = QListWidget()
        self.page_list.setObjectName("settingsPages")
        self.page_list.setFixedWidth(150)
        self.page_list.setSpacing(3)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.page_list.addItem(getattr(page, "title"))
            self.stack.addWidget(page)
        self.page_list.currentRowChanged.connect(self.show_page)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        # Enter in a field saves that field's form (returnPressed); it must never also "click"
        # whichever button a QDialog would pick as its default.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.page_list.setCurrentRow(0)

    @Slot(int)
    def show_page(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        page = self.pages[row]
        # Departments and projects change on other pages; the staff form must offer the new ones.
        on_shown = getattr(page, "on_shown", None)
        if on_shown is not None:
            on_shown()
        self.stack.setCurrentWidget(page)

    def show_page_of(self, page: QWidget) -> None:
        self.page_list.setCurrentRow(self.pages.index(page))

    def reject(self) -> None:
        if self.calendar_page.dirty and not self._closing_anyway:
            self.show_page_of(self.calendar_page)
            msgbox.question(self, "未保存的修改",
                            f"{self.calendar_page.year}年的工作日历有修改尚未保存，仍要关闭吗？",
                            on_yes=self.close_anyway, yes_text="不保存，关闭", no_text="返回")
            return
        super().reject()

    @Slot()
    def close_anyway(self) -> None:
        self._closing_anyway = True
        self.reject()
