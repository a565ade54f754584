"""ORM rows → frozen views for the repairs area (one place, so every screen shows the same facts)."""

from __future__ import annotations

from datetime import datetime

from wuye_desktop.domain.repairs import OrderAction, Period
from wuye_desktop.domain.repairs_deadlines import accident_report_due
from wuye_desktop.domain.repairs_schedule import period_text, task_state
from wuye_desktop.services.complaint_views import OpenStep
from wuye_desktop.services.repairs_views import (
    AccidentView,
    CheckItemView,
    CheckView,
    DefectView,
    DeviceView,
    ItemView,
    LoanView,
    OrderEventView,
    PlanView,
    ProposalView,
    SafetyView,
    TaskView,
    WorkOrderView,
    WorkView,
)
from wuye_desktop.storage.models_repairs import (
    AccidentRow,
    DefectRow,
    DeviceRow,
    LoanRow,
    OutsourcedWorkRow,
    PlanRow,
    PlanTaskRow,
    ProposalRow,
    QualityCheckRow,
    SafetyRecordRow,
    StockItemRow,
    WorkOrderEventRow,
    WorkOrderRow,
)


def order_view(r: WorkOrderRow) -> WorkOrderView:
    return WorkOrderView(
        id=r.id, project_id=r.project_id, number=r.number, received_at=r.received_at, source=r.source,
        client=r.client, unit=r.unit, phone=r.phone, location=r.location, category=r.category,
        subject=r.subject, urgency=r.urgency, state=r.state, technician=r.technician, team=r.team,
        dispatched_at=r.dispatched_at, appointment_at=r.appointment_at, promised_at=r.promised_at,
        started_at=r.started_at, completed_at=r.completed_at, revisit_due=r.revisit_due,
        revisited_at=r.revisited_at, revisit_result=r.revisit_result, next_due_at=r.next_due_at,
        next_due_step=r.next_due_step, done_late=tuple(x for x in r.late_steps.split("、") if x),
        open_steps=tuple(OpenStep(s["label"], datetime.fromisoformat(s["due"])) for s in (r.open_steps or [])),
        charge=r.charge, charge_fen=r.charge_fen, labour_minutes=r.labour_minutes, signed_by=r.signed_by,
        device_id=r.device_id,
        complaint_id=r.complaint_id, alert_complaint_id=r.alert_complaint_id, version=r.version,
    )


def event_view(e: WorkOrderEventRow) -> OrderEventView:
    return OrderEventView(e.id, OrderAction(e.action), e.at, e.by, e.note, dict(e.data or {}))


def device_view(d: DeviceRow, open_defects: int = 0) -> DeviceView:
    return DeviceView(d.id, d.project_id, d.code, d.name, d.system, d.location, d.model, d.maker,
                      d.install_date, d.state, d.notes, open_defects, d.version)


def defect_view(d: DefectRow, device_label: str) -> DefectView:
    return DefectView(d.id, d.number, d.project_id, d.device_id, device_label, d.found_at, d.found_by,
                      d.description, d.severity, d.made_safe, d.due_date, d.removed_at, d.removed_by,
                      d.removal_note, d.alert_complaint_id, d.version)


def accident_view(a: AccidentRow, device_label: str) -> AccidentView:
    return AccidentView(a.id, a.number, a.project_id, a.device_id, device_label, a.occurred_at, a.place,
                        a.category, a.what, a.reported_to, a.reported_at, accident_report_due(a.occurred_at),
                        a.cause, a.measures, a.losses, a.recorded_by, a.closed_at, a.alert_complaint_id, a.version)


def plan_view(p: PlanRow, labels: dict[int, str], next_date: object, overdue: int) -> PlanView:
    ids = tuple(d.device_id for d in p.devices)
    return PlanView(p.id, p.project_id, p.name, p.kind, p.period, p.every_n,
                    period_text(Period(p.period), p.every_n), p.start_date, p.end_date, p.window_days,
                    p.content, p.responsible, p.paused, ids, "、".join(labels.get(i, "") for i in ids),
                    next_date, overdue, p.version)  # type: ignore[arg-type]


def task_view(t: PlanTaskRow, plan: PlanRow, devices_text: str, photo_path: str, now: datetime) -> TaskView:
    return TaskView(t.id, t.plan_id, plan.name, plan.kind, t.project_id, t.scheduled, t.due_at, t.done_at,
                    t.done_by, t.notes, photo_path, t.photo_name, devices_text, plan.responsible, plan.content,
                    task_state(t.due_at, t.done_at, now), t.version)


def proposal_view(p: ProposalRow, device_label: str) -> ProposalView:
    return ProposalView(p.id, p.project_id, p.device_id, device_label, p.title, p.reason, p.plan, p.cost_fen,
                        p.proposed_by, p.proposed_on, p.decision, p.decided_by, p.decided_on, p.decision_note, p.version)


def check_view(c: QualityCheckRow) -> CheckView:
    items = tuple(CheckItemView(str(i.get("text", "")), bool(i.get("ok")), str(i.get("note", "")))
                  for i in (c.items or []))
    return CheckView(c.id, c.work_id, c.checked_at, c.checked_by, items, c.result, c.rectification,
                     c.rectify_due, c.verified_at, c.verified_by, c.verify_note, c.version)


def work_view(w: OutsourcedWorkRow) -> WorkView:
    return WorkView(w.id, w.project_id, w.name, w.contractor, w.contact, w.phone, w.start_date, w.end_date,
                    w.scope, w.supervisor, w.state, tuple(check_view(c) for c in w.checks), w.version)


def item_view(i: StockItemRow, lent_out: int = 0) -> ItemView:
    return ItemView(i.id, i.project_id, i.kind, i.code, i.name, i.spec, i.unit, i.location, i.quantity,
                    lent_out, i.reorder_level, i.calibration_due, i.notes, i.version)


def loan_view(loan: LoanRow, item_label: str) -> LoanView:
    return LoanView(loan.id, loan.item_id, item_label, loan.quantity, loan.borrower, loan.purpose, loan.lent_at,
                    loan.lent_by, loan.due_back, loan.returned_at, loan.returned_to, loan.version)


def safety_view(r: SafetyRecordRow) -> SafetyView:
    return SafetyView(r.id, r.project_id, r.at, r.place, r.who, r.what, r.measure, r.stopped_by, r.follow_up)
