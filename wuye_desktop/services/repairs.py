"""The repairs & equipment area (篇1) as one entry point: ``services.repairs.orders``, ``.devices``,
``.defects``, ``.accidents``, ``.plans``, ``.proposals``, ``.stock``, ``.works``, ``.safety``, ``.figures``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wuye_desktop.domain.repairs_figures import MonthFigures
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.complaints import ComplaintService
from wuye_desktop.services.edit_conflict import guarded
from wuye_desktop.services.repairs_common import RepairBase
from wuye_desktop.services.repairs_equipment import DeviceService
from wuye_desktop.services.repairs_figures import RepairFiguresService
from wuye_desktop.services.repairs_incidents import AccidentService, DefectService
from wuye_desktop.services.repairs_orders import WorkOrderService
from wuye_desktop.services.repairs_paper import RepairPaperService
from wuye_desktop.services.repairs_plans import PlanService, ProposalService
from wuye_desktop.services.repairs_stock import StockService
from wuye_desktop.services.repairs_views import WorkOrderDetail
from wuye_desktop.services.repairs_works import SafetyService, WorksService
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage.uow import UowFactory


@dataclass
class RepairServices:
    orders: WorkOrderService
    devices: DeviceService
    defects: DefectService
    accidents: AccidentService
    plans: PlanService
    proposals: ProposalService
    stock: StockService
    works: WorksService
    safety: SafetyService
    figures: RepairFiguresService
    paper: RepairPaperService

    def convert_complaint(self, complaint_id: int, by: str) -> WorkOrderDetail:
        """One click from a 室内设施维修/公共设施故障 complaint to a work order (linked both ways)."""
        return self.orders.convert_complaint(complaint_id, by)

    def month_figures(self, project_id: int | None, year: int, month: int) -> MonthFigures:
        """For the reports area: intact rate, plan completion/on-time rate, repair timeliness."""
        return self.figures.month(project_id, year, month)


def build_repairs(uow: UowFactory, clock: Clock, calendar: CalendarService, complaints: ComplaintService,
                  settings: SettingsService, attachments_dir: Path) -> RepairServices:
    # Every record of the area is versioned (issue 7): a step that loses the race says so in Chinese.
    base = RepairBase(guarded(uow), clock, calendar, complaints, attachments_dir / "repairs")
    orders, devices, plans, stock = WorkOrderService(base), DeviceService(base), PlanService(base), StockService(base)
    return RepairServices(
        orders=orders, devices=devices, defects=DefectService(base), accidents=AccidentService(base), plans=plans,
        proposals=ProposalService(base), stock=stock, works=WorksService(base), safety=SafetyService(base),
        figures=RepairFiguresService(base, plans.ensure_tasks),
        paper=RepairPaperService(settings, orders, devices, plans, stock, clock))
