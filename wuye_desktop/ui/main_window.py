"""The main window: composes the tabs, the emergency banner and the project switcher, and wires them."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QTabWidget, QToolBar, QVBoxLayout, QWidget

from wuye_desktop import APP_NAME
from wuye_desktop.locations import icon_path
from wuye_desktop.ui.archives.tab import ArchivesTab
from wuye_desktop.ui.complaints.banner import EmergencyBanner
from wuye_desktop.ui.complaints.tab import ComplaintsTab
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.dashboard.tab import DashboardTab
from wuye_desktop.ui.main_menus import install_comfort
from wuye_desktop.ui.repairs.tab import RepairsTab
from wuye_desktop.ui.reports.tab import ReportsTab
from wuye_desktop.ui.revisits.tab import RevisitsTab
from wuye_desktop.ui.safety_menu import install_safety
from wuye_desktop.ui.settings.dialog import SettingsDialog

ALL_PROJECTS = "全公司（所有管理处）"


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, demo: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        company = ctx.services.settings.company_name()
        self.setWindowTitle(f"{APP_NAME} — {company}{'（演示数据）' if demo else ''}")
        self.setWindowIcon(QIcon(str(icon_path("app"))))
        self.resize(1360, 860)

        self.banner = EmergencyBanner(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.dashboard_tab = DashboardTab(ctx)   # the first tab a clerk sees (issue 6)
        self.tabs.addTab(self.dashboard_tab, QIcon(str(icon_path("check"))), "工作台")
        self.complaints_tab = ComplaintsTab(ctx)
        self.tabs.addTab(self.complaints_tab, QIcon(str(icon_path("alert"))), "投诉受理")
        self.archives_tab = ArchivesTab(ctx)
        self.tabs.addTab(self.archives_tab, QIcon(str(icon_path("group"))), "客户档案")
        self.repairs_tab = RepairsTab(ctx)
        self.tabs.addTab(self.repairs_tab, QIcon(str(icon_path("settings"))), "维修与设备")
        self.revisits_tab = RevisitsTab(ctx)
        self.tabs.addTab(self.revisits_tab, QIcon(str(icon_path("user"))), "回访与意见")
        self.reports_tab = ReportsTab(ctx)
        self.tabs.addTab(self.reports_tab, QIcon(str(icon_path("export"))), "统计报表")

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._build_toolbar()
        self.db_label = QLabel(ctx.services.database_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.safety = install_safety(self, ctx)  # 数据安全 menu, current user, refresh from other PCs
        self.comfort = install_comfort(self, self.tabs, ctx)  # 文件/操作/视图/帮助, keys, font size, layout (issue 8)

        self.banner.open_case_requested.connect(self.open_complaint)
        self.dashboard_tab.record_activated.connect(self.open_record)
        self.dashboard_tab.status_message.connect(self.statusBar().showMessage)
        self.reports_tab.status_message.connect(self.statusBar().showMessage)
        self.complaints_tab.status_message.connect(self.statusBar().showMessage)
        self.archives_tab.status_message.connect(self.statusBar().showMessage)
        self.archives_tab.open_complaint_requested.connect(self.open_complaint)
        self.revisits_tab.status_message.connect(self.statusBar().showMessage)
        self.revisits_tab.open_complaint_requested.connect(self.open_complaint)
        self.revisits_tab.open_work_order_requested.connect(self.open_work_order)
        self.repairs_tab.status_message.connect(self.statusBar().showMessage)
        ctx.data_changed.connect(self._on_data_changed)
        self._restore_geometry()

    def _build_toolbar(self) -> None:
        bar = QToolBar("常用")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        bar.addWidget(QLabel(" 管理处："))
        self.project_box = QComboBox()
        self.project_box.setMinimumWidth(200)
        bar.addWidget(self.project_box)
        bar.addWidget(QLabel("  当前操作员："))
        self.operator_box = QComboBox()
        self.operator_box.setEditable(True)
        self.operator_box.setMinimumWidth(120)
        bar.addWidget(self.operator_box)
        bar.addSeparator()
        settings = QAction(QIcon(str(icon_path("settings"))), "设置", self)
        settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        bar.addAction(settings)
        self._fill_choices()
        self.project_box.currentIndexChanged.connect(self._project_chosen)
        self.operator_box.currentTextChanged.connect(self._operator_chosen)

    def _fill_choices(self) -> None:
        self.project_box.blockSignals(True)
        self.operator_box.blockSignals(True)
        self.project_box.clear()
        for p in self.ctx.services.settings.projects():
            self.project_box.addItem(p.name, p.id)
        self.project_box.addItem(ALL_PROJECTS, None)
        index = self.project_box.findData(self.ctx.project_id) if self.ctx.project_id is not None \
            else self.project_box.count() - 1
        self.project_box.setCurrentIndex(max(index, 0))
        self.operator_box.clear()
        names = [s.name for s in self.ctx.services.settings.staff(self.ctx.working_project_id)]
        self.operator_box.addItems(names)
        self.operator_box.setCurrentText(self.ctx.operator if self.ctx.operator in names or not names
                                         else names[0])
        if self.operator_box.currentText() != self.ctx.operator:
            self.ctx.set_operator(self.operator_box.currentText())
        self.project_box.blockSignals(False)
        self.operator_box.blockSignals(False)

    @Slot(int)
    def _project_chosen(self, index: int) -> None:
        self.ctx.set_project(self.project_box.itemData(index))

    @Slot(str)
    def _operator_chosen(self, name: str) -> None:
        if name.strip():
            self.ctx.set_operator(name.strip())

    @Slot(str)
    def _on_data_changed(self, area: str) -> None:
        if area == "settings":
            self._fill_choices()
            self.setWindowTitle(f"{APP_NAME} — {self.ctx.services.settings.company_name()}")

    @Slot()
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx, self)
        dialog.open()

    @Slot(int)
    def open_complaint(self, complaint_id: int) -> None:
        self.tabs.setCurrentWidget(self.complaints_tab)
        self.complaints_tab.open_case(complaint_id)

    @Slot(int)
    def open_work_order(self, order_id: int) -> None:
        self.open_record("work_order", order_id)

    @Slot(str, int)
    def open_record(self, kind: str, record_id: int) -> None:
        """A dashboard item or tile: the record where its tab can open it, else the tab itself."""
        if kind == "complaint":
            self.open_complaint(record_id)
        elif kind == "work_order":
            self.tabs.setCurrentWidget(self.repairs_tab)
            self.repairs_tab.open_order(record_id)
        elif kind in ("plan_task", "tab:repairs"):
            self.tabs.setCurrentWidget(self.repairs_tab)
            if kind == "plan_task":
                self.repairs_tab.pages.setCurrentWidget(self.repairs_tab.plans)
        elif kind in ("revisit_task", "tab:revisits"):
            self.tabs.setCurrentWidget(self.revisits_tab)
            self.revisits_tab.pages.setCurrentWidget(self.revisits_tab.tasks)
            if kind == "revisit_task" and self.revisits_tab.tasks.select_task(record_id):
                self.revisits_tab.tasks.record_selected()
        elif kind == "form_record" and hasattr(self, "archives_tab"):
            self.tabs.setCurrentWidget(self.archives_tab)
            self.archives_tab.forms_page.open_record(record_id)
        elif kind == "tab:complaints":
            self.tabs.setCurrentWidget(self.complaints_tab)

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.dashboard_tab.shutdown()   # let a background load finish before the database closes
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.comfort.save()  # column widths and splitters (issue 8)
        self.ctx.settings.sync()
        super().closeEvent(event)
