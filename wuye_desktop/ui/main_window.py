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
# attribute, class, icon, title of the tabs after 工作台, in their order
LAZY_TABS: tuple[tuple[str, type[QWidget], str, str], ...] = (
    ("complaints_tab", ComplaintsTab, "alert", "投诉受理"),
    ("archives_tab", ArchivesTab, "group", "客户档案"),
    ("repairs_tab", RepairsTab, "settings", "维修与设备"),
    ("revisits_tab", RevisitsTab, "user", "回访与意见"),
    ("reports_tab", ReportsTab, "export", "统计报表"),
)


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
        # The other tabs are built when first opened (issue 8: a quick start); until then a named,
        # empty page holds their place. The properties below build one when code asks for it.
        self._built: dict[str, QWidget] = {}
        for _attr, cls, icon, title in LAZY_TABS:
            placeholder = QWidget()
            placeholder.setObjectName(cls.__name__)
            self.tabs.addTab(placeholder, QIcon(str(icon_path(icon))), title)
        self.tabs.currentChanged.connect(self._tab_shown)  # before the remembered layout's own slot

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
        ctx.data_changed.connect(self._on_data_changed)
        self._restore_geometry()

    # --- the tabs, built when first opened ----------------------------------------------------------------
    @property
    def complaints_tab(self) -> ComplaintsTab:
        return self._tab("complaints_tab")  # type: ignore[return-value]

    @property
    def archives_tab(self) -> ArchivesTab:
        return self._tab("archives_tab")  # type: ignore[return-value]

    @property
    def repairs_tab(self) -> RepairsTab:
        return self._tab("repairs_tab")  # type: ignore[return-value]

    @property
    def revisits_tab(self) -> RevisitsTab:
        return self._tab("revisits_tab")  # type: ignore[return-value]

    @property
    def reports_tab(self) -> ReportsTab:
        return self._tab("reports_tab")  # type: ignore[return-value]

    @Slot(int)
    def _tab_shown(self, index: int) -> None:
        if 1 <= index <= len(LAZY_TABS):
            self._tab(LAZY_TABS[index - 1][0])

    def _tab(self, attr: str) -> QWidget:
        tab = self._built.get(attr)
        if tab is not None:
            return tab
        index = next(i for i, spec in enumerate(LAZY_TABS, start=1) if spec[0] == attr)
        _attr, cls, icon, title = LAZY_TABS[index - 1]
        tab = cls(self.ctx)  # type: ignore[call-arg]
        tab.setObjectName(cls.__name__)
        self._built[attr] = tab
        tab.status_message.connect(self.statusBar().showMessage)  # type: ignore[attr-defined]
        for signal, slot in (("open_complaint_requested", self.open_complaint),
                             ("open_work_order_requested", self.open_work_order)):
            if hasattr(tab, signal):
                getattr(tab, signal).connect(slot)
        placeholder = self.tabs.widget(index)
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)  # the swap is no change of the clerk's tab
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, tab, QIcon(str(icon_path(icon))), title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        return tab

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
        elif kind == "form_record":
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
