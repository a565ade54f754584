"""Paper and ledgers of the repairs area: 维修派工单, 设备卡片, the month's task checklist (PDF), and the
work-order, equipment, plan and spare-part ledgers (Excel)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from wuye_desktop.domain.repairs import WorkOrderFilter
from wuye_desktop.services.repairs_equipment import DeviceService
from wuye_desktop.services.repairs_orders import WorkOrderService
from wuye_desktop.services.repairs_plans import PlanService
from wuye_desktop.services.repairs_stock import StockService
from wuye_desktop.services.clock import Clock
from wuye_desktop.services.repairs_views import ItemView, WorkOrderView
from wuye_desktop.services.settings import SettingsService

Progress = Callable[[int, int, str], None]


class RepairPaperService:
    def __init__(self, settings: SettingsService, orders: WorkOrderService, devices: DeviceService,
                 plans: PlanService, stock: StockService, clock: Clock) -> None:
        self._settings, self._orders, self._devices = settings, orders, devices
        self._plans, self._stock, self._clock = plans, stock, clock

    def _project_name(self, project_id: int | None) -> str:
        if project_id is None:
            return "全公司"
        return self._settings.project(project_id).name

    def _names(self) -> dict[int, str]:
        return {p.id: p.name for p in self._settings.projects(include_inactive=True)}

    # --- PDFs ---------------------------------------------------------------------------------------------
    def work_order_pdf(self, order_id: int, out: Path) -> Path:
        from wuye_desktop.export.pdf_repairs import MaterialLine, WorkOrderSheet, work_order_pdf  # lazy import: a faster start (issue 8)
        d = self._orders.get(order_id)
        r = d.row
        revisit = ""
        if r.revisited_at:
            revisit = f"{r.revisit_result}（{r.revisited_at:%m-%d %H:%M}）"
        sheet = WorkOrderSheet(
            company=self._settings.company_name(), project=d.project_name, number=r.number,
            received_at=r.received_at, received_by=d.received_by, source=r.source, client=r.client,
            place=r.place, phone=r.phone, category=r.category, urgency=r.urgency, subject=r.subject,
            description=d.description, device=d.device.label + f"（{d.device.location}）" if d.device else "",
            technician=" ".join(x for x in (r.technician, r.team) if x), dispatched_at=r.dispatched_at,
            appointment_at=r.appointment_at, promised_at=r.promised_at, started_at=r.started_at,
            completed_at=r.completed_at, result=d.result,
            materials=tuple(MaterialLine(m.item_code, m.item_name, m.quantity, m.unit) for m in d.materials),
            labour=r.labour_text, charge=r.charge_text if r.completed_at else "", signed_by=d.signed_by,
            sign_note=d.sign_note, revisit_due=r.revisit_due, revisit=revisit, state=r.state,
            complaint_number=d.complaint_number)
        return work_order_pdf(sheet, out)

    def device_card_pdf(self, device_id: int, out: Path) -> Path:
        from wuye_desktop.export.pdf_repairs import DeviceSheet, HistoryLine, device_card_pdf  # lazy import: a faster start (issue 8)
        card = self._devices.card(device_id)
        dv = card.device
        history: list[HistoryLine] = []
        history += [HistoryLine(o.received_at.date(), "维修", f"{o.number} {o.subject}",
                                f"{o.state}" + (f" {o.completed_at:%m-%d}" if o.completed_at else "")) for o in card.orders]
        history += [HistoryLine(x.found_at.date(), "缺陷", f"{x.severity}：{x.description}",
                                f"已消除 {x.removed_at:%Y-%m-%d}" if x.removed_at else "未消除") for x in card.defects]
        history += [HistoryLine(a.occurred_at.date(), "事故", a.what, "已结案" if a.closed_at else "处理中")
                    for a in card.accidents]
        history += [HistoryLine(t.scheduled, "保养", t.plan_name, t.state.value + (f" {t.done_by}" if t.done_by else ""))
                    for t in card.tasks]
        history += [HistoryLine(s.at.date(), "状态", f"改为「{s.state}」", s.note) for s in card.states]
        history.sort(key=lambda h: h.day, reverse=True)
        sheet = DeviceSheet(
            company=self._settings.company_name(), project=card.project_name, code=dv.code, name=dv.name,
            system=dv.system, location=dv.location, model=dv.model, maker=dv.maker, install_date=dv.install_date,
            state=dv.state, notes=dv.notes, documents=tuple(f"{d.kind}：{d.original_name}" for d in card.documents),
            plans=tuple(f"{p.name}（{p.period_text}{'，已暂停' if p.paused else ''}）" for p in card.plans),
            history=tuple(history), open_defects=dv.open_defects, printed_on=self._clock().date())
        return device_card_pdf(sheet, out)

    def checklist_pdf(self, project_id: int | None, year: int, month: int, out: Path) -> Path:
        from wuye_desktop.export.pdf_repairs import Checklist, ChecklistLine, checklist_pdf  # lazy import: a faster start (issue 8)
        tasks = self._plans.month_tasks(project_id, year, month)
        lines = tuple(ChecklistLine(t.scheduled, t.plan_name, t.plan_kind, t.devices_text, t.content, t.due_at,
                                    t.done_at is not None, t.done_at, t.done_by, t.state.value) for t in tasks)
        sheet = Checklist(self._settings.company_name(), self._project_name(project_id), year, month, lines,
                          self._clock().date())
        return checklist_pdf(sheet, out)

    # --- ledgers ------------------------------------------------------------------------------------------
    def export_work_orders(self, f: WorkOrderFilter, out: Path, progress: Progress | None = None) -> int:
        from wuye_desktop.export.xlsx_repairs import write_work_orders  # lazy import: a faster start (issue 8)
        names = self._names()
        now = self._clock()
        total = self._orders.page(f, 0, 1).total

        def rows() -> Iterator[Sequence[object]]:
            for chunk in self._orders.all_rows(f):
                for r in chunk:
                    yield _order_row(r, names, now)

        subtitle = f"管理处：{self._project_name(f.project_id)}　导出时间：{now:%Y-%m-%d %H:%M}　共{total}条"
        return write_work_orders(out, "维修工单台账", subtitle, rows(), total, progress)

    def export_equipment(self, project_id: int | None, out: Path, progress: Progress | None = None) -> int:
        from wuye_desktop.export.xlsx_repairs import write_equipment  # lazy import: a faster start (issue 8)
        names = self._names()
        devices = self._devices.devices(project_id)
        rows = ([d.code, d.name, d.system, d.location, d.model, d.maker, d.install_date, d.state,
                 d.open_defects or "", d.notes, names.get(d.project_id, "")] for d in devices)
        return write_equipment(out, "设备台账", self._subtitle(project_id, len(devices)), rows, progress)

    def export_plans(self, project_id: int | None, out: Path, progress: Progress | None = None) -> int:
        from wuye_desktop.export.xlsx_repairs import write_plans  # lazy import: a faster start (issue 8)
        names = self._names()
        plans = self._plans.plans(project_id)
        rows = ([p.name, p.kind, p.period_text, p.start_date, p.end_date, p.window_days, p.devices_text, p.content,
                 p.responsible, "已暂停" if p.paused else "执行中", p.next_date, p.overdue_tasks or "",
                 names.get(p.project_id, "")] for p in plans)
        return write_plans(out, "保养巡检计划", self._subtitle(project_id, len(plans)), rows, progress)

    def export_spare_parts(self, project_id: int | None, out: Path, progress: Progress | None = None) -> int:
        from wuye_desktop.export.xlsx_repairs import write_spare_parts  # lazy import: a faster start (issue 8)
        names = self._names()
        today = self._clock().date()
        items = self._stock.items(project_id)
        rows = ([i.kind, i.code, i.name, i.spec, i.unit, i.quantity, i.lent_out or "", i.available,
                 i.reorder_level or "", i.location, i.calibration_due, _item_flags(i, today),
                 names.get(i.project_id, "")] for i in items)
        return write_spare_parts(out, "工具、仪器仪表、备品备件及图纸资料", self._subtitle(project_id, len(items)),
                                 rows, progress)

    def _subtitle(self, project_id: int | None, n: int) -> str:
        return f"管理处：{self._project_name(project_id)}　导出时间：{self._clock():%Y-%m-%d %H:%M}　共{n}条"


def _item_flags(i: ItemView, today: date) -> str:
    flags = []
    if i.negative:
        flags.append("库存为负，待补录入库")
    elif i.needs_reorder:
        flags.append("低于补货线")
    cal = i.calibration_state(today)
    if cal:
        flags.append(f"检定{cal}")
    return "；".join(flags)


def _order_row(r: WorkOrderView, names: dict[int, str], now: datetime) -> list[object]:
    return [r.number, r.received_at, r.source, r.client, r.place, r.phone, r.category, r.subject, r.urgency,
            r.state, " ".join(x for x in (r.technician, r.team) if x), r.dispatched_at, r.promised_at,
            r.completed_at, f"{r.labour_minutes / 60:g}" if r.labour_minutes else "",
            r.charge_text if r.completed_at else "", r.signed_by, r.revisit_due, r.revisit_result,
            "、".join(r.overdue_labels(now)), names.get(r.project_id, "")]
