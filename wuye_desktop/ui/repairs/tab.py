"""The 维修与设备 tab: the maintenance supervisor's pages (篇1). Pages reload when the project changes
or another page changed the data; a major defect, accident or urgent repair reaches the emergency
banner through the complaint desk (``ctx.data_changed("complaints")``), never by importing it."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.equipment_page import EquipmentPage
from wuye_desktop.ui.repairs.incidents_page import IncidentsPage
from wuye_desktop.ui.repairs.orders_page import OrdersPage
from wuye_desktop.ui.repairs.plans_page import PlansPage
from wuye_desktop.ui.repairs.safety_figures import FiguresPage, SafetyPage
from wuye_desktop.ui.repairs.stock_page import StockPage
from wuye_desktop.ui.repairs.works import WorksPage

AREAS = ("repairs", "settings", "complaints")


class RepairsTab(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.orders = OrdersPage(ctx)
        self.equipment = EquipmentPage(ctx)
        self.incidents = IncidentsPage(ctx)
        self.plans = PlansPage(ctx)
        self.works = WorksPage(ctx)
        self.stock = StockPage(ctx)
        self.safety = SafetyPage(ctx)
        self.figures = FiguresPage(ctx)
        self.pages = QTabWidget()
        self.pages.setObjectName("repairsPages")
        self.pages.setDocumentMode(True)
        for page, title in ((self.orders, "报修与派工"), (self.equipment, "设备台账"), (self.incidents, "缺陷与事故"),
                            (self.plans, "保养计划"), (self.works, "外包工程"), (self.stock, "工具备件"),
                            (self.safety, "安全记录"), (self.figures, "指标")):
            self.pages.addTab(page, title)
            page.status_message.connect(self.status_message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.pages)
        self._stale: set[int] = set()
        self.equipment.open_order.connect(self.open_order)
        self.incidents.open_order.connect(self.open_order)
        self.pages.currentChanged.connect(self._page_shown)
        ctx.project_changed.connect(self._project_changed)
        ctx.data_changed.connect(self._data_changed)

    def page_widgets(self) -> list[QWidget]:
        return [self.orders, self.equipment, self.incidents, self.plans, self.works, self.stock, self.safety,
                self.figures]

    @Slot(object)
    def _project_changed(self, _project_id: object) -> None:
        self._mark_all_stale()

    @Slot(str)
    def _data_changed(self, area: str) -> None:
        if area in AREAS:
            self._mark_all_stale()

    def _mark_all_stale(self) -> None:
        self._stale = set(range(self.pages.count()))
        self._page_shown(self.pages.currentIndex())

    @Slot(int)
    def _page_shown(self, index: int) -> None:
        if index in self._stale:
            self._stale.discard(index)
            page = self.page_widgets()[index]
            page.refresh()  # type: ignore[attr-defined]

    @Slot(int)
    def open_order(self, order_id: int) -> None:
        self.pages.setCurrentWidget(self.orders)
        self.orders.open_order(order_id)

    @Slot(int)
    def convert_complaint(self, complaint_id: int) -> int | None:
        """For the main window: a complaint of 室内设施维修/公共设施故障 becomes a work order (one click)."""
        try:
            detail = self.ctx.services.repairs.convert_complaint(complaint_id, self.ctx.operator)
        except DomainError as exc:
            msgbox.warning(self, "不能转为维修工单", exc.message)
            return None
        self.ctx.data_changed.emit("complaints")
        self.ctx.data_changed.emit("repairs")
        self.open_order(detail.id)
        return detail.id
