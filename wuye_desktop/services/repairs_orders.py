"""Repair requests and work orders: register (or convert a complaint), dispatch, materials from stock,
completion with the customer's sign-off, revisit on the work calendar, lists in SQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from wuye_desktop.domain.complaint import OPEN_STATES, Action, Channel
from wuye_desktop.domain.errors import DomainError, NotFoundError, TransitionError, ValidationError
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.domain.repairs import (
    CONVERTIBLE_COMPLAINT_CATEGORIES,
    CUSTOMER_SOURCES,
    ItemKind,
    OrderAction,
    OrderState,
    Source,
    URGENT_COMPLAINT_CATEGORY,
    Urgency,
    WorkOrderFilter,
    allowed_order_actions,
    complete_target,
    money_text,
    next_order_state,
)
from wuye_desktop.domain.repairs_deadlines import (
    OrderFacts,
    done_late_labels,
    evaluate_order,
    open_deadlines,
)
from wuye_desktop.domain.repairs_drafts import CompletionDraft, DispatchDraft, RequestDraft, RevisitDraft
from wuye_desktop.domain.repairs_stock import give_back, take
from wuye_desktop.services.complaint_views import ComplaintView
from wuye_desktop.services.complaints import pinyin_initials
from wuye_desktop.services.edit_conflict import EditShape, RecordChangedError
from wuye_desktop.services.repairs_common import RepairBase
from wuye_desktop.services.repairs_rows import device_view, event_view, order_view
from wuye_desktop.services.repairs_views import MaterialView, OrderPage, WorkOrderDetail, WorkOrderView
from wuye_desktop.storage import repair_queries
from wuye_desktop.storage.models import ComplaintRow, ProjectRow
from wuye_desktop.storage.models_repairs import (
    DeviceRow,
    MaterialRow,
    StockItemRow,
    StockMovementRow,
    WorkOrderEventRow,
    WorkOrderRow,
)

# Which field of the repair form an alert's complaint field corresponds to.
_ALERT_FIELDS = {"complainant": "client", "unit": "unit", "phone": "phone", "subject": "subject"}


class ConflictError(DomainError):
    """Someone else saved the work order since it was opened."""


# The same key as the complaint desk's, so 「zs」 finds 张三 in both lists.
initials = pinyin_initials

# What 派工/转派/返修 and 完工签认 write over (issue 7): a save on an older version shows these as they are now.
DISPATCH_EDIT: EditShape[WorkOrderDetail] = EditShape(
    "维修工单", {"technician": "维修人员", "team": "班组", "appointment_at": "预约上门", "promised_at": "限期完工"},
    lambda d: d.row.number,
    {"technician": lambda d: d.row.technician, "team": lambda d: d.row.team,
     "appointment_at": lambda d: d.row.appointment_at, "promised_at": lambda d: d.row.promised_at},
    lambda d: d.row.version)
COMPLETE_EDIT: EditShape[WorkOrderDetail] = EditShape(
    "维修工单", {"result": "维修结果", "labour_hours": "工时（小时）", "charge": "收费", "charge_amount": "收费金额（元）",
             "signed_by": "签认人", "sign_note": "签认意见"},
    lambda d: d.row.number,
    {"labour_hours": lambda d: f"{d.row.labour_minutes / 60:g}" if d.row.labour_minutes else "",
     "charge": lambda d: d.row.charge,
     "charge_amount": lambda d: money_text(d.row.charge_fen) if d.row.charge_fen else ""},
    lambda d: d.row.version)


# Called inside the transaction of a completion, a revisit and a (re)dispatch, with the order as it
# will be committed (the revisits area keeps its task list in step: services/revisits_orders.py).
OrderObserver = Callable[[Session, WorkOrderRow, OrderAction], None]


class WorkOrderService:
    def __init__(self, base: RepairBase) -> None:
        self._b = base
        self.step_observers: list[OrderObserver] = []

    # --- receiving --------------------------------------------------------------------------------
    def register(self, draft: RequestDraft, project_id: int | None, by: str,
                 complaint_id: int | None = None) -> WorkOrderDetail:
        """Record a request (篇3 §4.5 「接听客户工程报修电话，及时联系修复」); an urgent one raises the
        emergency alert through the complaint desk (篇2 §6)."""
        now = self._b.clock()
        draft = draft.cleaned()
        draft.validate(now)
        if draft.urgency is Urgency.URGENT and not draft.phone:
            raise ValidationError.single("phone", "紧急抢险抢修须填写联系电话（用于突发事件上报）")
        alert = None
        if draft.urgency is Urgency.URGENT:
            alert = self._b.alert_draft(
                received_at=draft.received_at, who=draft.client or draft.received_by,  # type: ignore[arg-type]
                place=draft.unit or draft.location, phone=draft.phone,
                subject=f"紧急抢险抢修：{draft.subject}", content=draft.description or draft.subject,
                category=URGENT_COMPLAINT_CATEGORY,
                channel=Channel.VISIT if draft.source is Source.VISIT else Channel.PHONE)
            self._b.check_alert(alert, _ALERT_FIELDS)
        with self._b.uow() as uow:
            s = uow.session
            project = self._b.project(s, project_id)
            if draft.device_id is not None:
                self._device(s, draft.device_id, project.id)
            assert draft.received_at is not None
            row = WorkOrderRow(
                project_id=project.id,
                number=self._b.next_number(s, project, "BX", draft.received_at.year, WorkOrderRow.number),
                received_at=draft.received_at, source=draft.source.value, client=draft.client,
                client_initials=initials(draft.client), unit=draft.unit, phone=draft.phone,
                location=draft.location, category=draft.category, subject=draft.subject,
                description=draft.description, urgency=draft.urgency.value, received_by=draft.received_by,
                state=OrderState.RECEIVED.value, device_id=draft.device_id, complaint_id=complaint_id,
                appointment_at=draft.appointment_at, open_steps=[], created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            self._event(row, OrderAction.RECEIVE, draft.received_at, draft.received_by or by, draft.subject, {}, now)
            self._refresh(row, now)
            uow.commit()
            order_id, number = row.id, row.number
        if alert is not None:
            alert_id = self._b.raise_alert(alert, project.id, by, f"由维修工单 {number} 登记（紧急抢险抢修）",
                                           {"work_order_id": str(order_id), "work_order": number})
            self._set(order_id, alert_complaint_id=alert_id)
        return self.get(order_id)

    def convert_complaint(self, complaint_id: int, by: str, category: str = "其他") -> WorkOrderDetail:
        """One click: a complaint of 室内设施维修/公共设施故障 (篇5 §2(5)) becomes a work order, linked
        both ways (the order keeps the complaint's id; the complaint gets a note with the order)."""
        case = self._b.complaints.get(complaint_id)
        row = case.row
        if row.category not in CONVERTIBLE_COMPLAINT_CATEGORIES:
            raise ValidationError.single("complaint", f"只有「{'、'.join(CONVERTIBLE_COMPLAINT_CATEGORIES)}」"
                                                      f"类投诉可以转为维修工单（本投诉为「{row.category}」）")
        if case.state not in OPEN_STATES:
            raise ValidationError.single("complaint", f"投诉 {row.number} 已结案，不能再转为维修工单")
        existing = self.for_complaint(complaint_id)
        if existing is not None:
            raise ValidationError.single("complaint", f"投诉 {row.number} 已转为维修工单 {existing.number}")
        draft = RequestDraft(received_at=row.received_at, source=Source.COMPLAINT, client=row.complainant,
                             unit=row.unit, phone=row.phone, subject=row.subject, category=category,
                             description=case.content, received_by=by,
                             location="" if row.category == "室内设施维修" else row.unit)
        detail = self.register(draft, row.project_id, by, complaint_id=complaint_id)
        self._b.note_on_complaint(complaint_id, by, f"已转为维修工单 {detail.row.number}",
                                  {"work_order_id": str(detail.id), "work_order": detail.row.number})
        return detail

    def convertible_complaints(self, project_id: int | None) -> list[ComplaintView]:
        """Open complaints of the convertible categories not converted yet (newest first)."""
        found: list[ComplaintView] = []
        for category in CONVERTIBLE_COMPLAINT_CATEGORIES:
            page = self._b.complaints.page(ComplaintFilter(project_id=project_id, category=category, open_only=True),
                                           0, 500, with_total=False)
            found.extend(page.rows)
        with self._b.uow() as uow:
            done = set(uow.session.scalars(select(WorkOrderRow.complaint_id).where(
                WorkOrderRow.complaint_id.in_([c.id for c in found]))))
        return sorted((c for c in found if c.id not in done), key=lambda c: c.received_at, reverse=True)

    def for_complaint(self, complaint_id: int) -> WorkOrderView | None:
        with self._b.uow() as uow:
            row = uow.session.scalar(select(WorkOrderRow).where(WorkOrderRow.complaint_id == complaint_id))
            return order_view(row) if row else None

    # --- the steps ------------------------------------------------------------------------------------
    def dispatch(self, order_id: int, draft: DispatchDraft, by: str,
                 expected_version: int | None = None) -> WorkOrderDetail:
        """派工 (or 转派, or 返修 after an unsatisfied revisit) to a technician or team with a due time."""
        now = self._b.clock()
        draft = replace(draft, technician=draft.technician.strip(), team=draft.team.strip(), note=draft.note.strip())
        with self._b.uow() as uow:
            row = self._load(uow.session, order_id)
            if expected_version is not None and row.version != expected_version:
                uow.session.rollback()
                raise DISPATCH_EDIT.conflict(self.get(order_id))
            state = OrderState(row.state)
            action = {OrderState.RECEIVED: OrderAction.DISPATCH, OrderState.AWAITING_REVISIT: OrderAction.REWORK,
                      OrderState.DONE: OrderAction.REWORK}.get(state, OrderAction.REDISPATCH)
            new_state = next_order_state(state, action)
            draft.validate(now, row.received_at)
            if action is OrderAction.REWORK and not draft.note:
                raise ValidationError.single("note", "返修须写明原因")
            at = draft.at or now
            if action is OrderAction.REWORK:
                row.started_at = row.completed_at = row.revisited_at = row.revisit_due = None
                row.revisit_result = ""
            row.technician, row.team, row.promised_at = draft.technician, draft.team, draft.promised_at
            if draft.appointment_at is not None or action is OrderAction.REWORK:
                row.appointment_at = draft.appointment_at
            if row.dispatched_at is None:
                row.dispatched_at = at
            self._event(row, action, at, by, draft.note, {
                "technician": draft.technician, "team": draft.team,
                "promised_at": draft.promised_at.isoformat() if draft.promised_at else "",
                "appointment_at": draft.appointment_at.isoformat() if draft.appointment_at else ""}, now)
            row.state = new_state.value
            self._refresh(row, now)
            self._notify(uow.session, row, action)
            self._commit(uow, DISPATCH_EDIT, order_id)
            alert_id, number = row.alert_complaint_id, row.number
        if alert_id and action is OrderAction.DISPATCH:
            # Dispatching an urgent repair is the ladder's first step (篇2 §6 「3分钟内知会相关部门」).
            self._b.note_on_complaint(alert_id, by, f"维修工单 {number} 已派工给 {draft.technician}",
                                      action=Action.LADDER_NOTIFY_DEPT, at=at)
        return self.get(order_id)

    def start(self, order_id: int, at: datetime | None, by: str) -> WorkOrderDetail:
        """The technician arrived and started (到场开工): the appointment deadline's done time."""
        now = self._b.clock()
        with self._b.uow() as uow:
            row = self._load(uow.session, order_id)
            new_state = next_order_state(OrderState(row.state), OrderAction.START)
            when = at or now
            if when > now or when < row.received_at:
                raise ValidationError.single("at", "到场时间应在报修时间与当前时间之间")
            row.started_at = when
            self._event(row, OrderAction.START, when, by, "", {}, now)
            row.state = new_state.value
            self._refresh(row, now)
            self._commit(uow)
        return self.get(order_id)

    def take_material(self, order_id: int, item_id: int, quantity: int, by: str,
                      confirm_negative: bool = False) -> WorkOrderDetail:
        """Parts taken from stock for this job, deducted at once; negative stock only when confirmed."""
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, order_id)
            next_order_state(OrderState(row.state), OrderAction.MATERIAL)
            item = self._item(s, item_id, row.project_id)
            balance = take(item.name, item.unit, item.quantity, quantity, confirm_negative)
            item.quantity = balance
            negative = balance < 0
            row.materials.append(MaterialRow(item_id=item.id, quantity=quantity, at=now, by=by,
                                             negative_confirmed=negative))
            s.add(StockMovementRow(item_id=item.id, at=now, quantity=-quantity, reason="领用", balance=balance,
                                   order_id=row.id, by=by, note=f"工单 {row.number}" + ("（确认负库存）" if negative else "")))
            self._event(row, OrderAction.MATERIAL, now, by, f"{item.name} ×{quantity}{item.unit}",
                        {"item_id": str(item.id), "quantity": str(quantity), "negative": "1" if negative else ""}, now)
            row.updated_at = now
            self._commit(uow)
        return self.get(order_id)

    def return_material(self, order_id: int, item_id: int, quantity: int, by: str) -> WorkOrderDetail:
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, order_id)
            next_order_state(OrderState(row.state), OrderAction.MATERIAL_RETURN)
            item = self._item(s, item_id, row.project_id)
            taken = sum(m.quantity for m in row.materials if m.item_id == item_id)
            give_back(taken, quantity)
            item.quantity += quantity
            row.materials.append(MaterialRow(item_id=item.id, quantity=-quantity, at=now, by=by))
            s.add(StockMovementRow(item_id=item.id, at=now, quantity=quantity, reason="退料", balance=item.quantity,
                                   order_id=row.id, by=by, note=f"工单 {row.number}"))
            self._event(row, OrderAction.MATERIAL_RETURN, now, by, f"{item.name} ×{quantity}{item.unit}",
                        {"item_id": str(item.id), "quantity": str(quantity)}, now)
            row.updated_at = now
            self._commit(uow)
        return self.get(order_id)

    def complete(self, order_id: int, draft: CompletionDraft, expected_version: int | None = None) -> WorkOrderDetail:
        """完工: result, labour, charge and the customer's sign-off; the revisit falls due 2 working days
        later (篇2 §5) on the office's work calendar."""
        now = self._b.clock()
        with self._b.uow() as uow:
            row = self._load(uow.session, order_id)
            state = OrderState(row.state)
            next_order_state(state, OrderAction.COMPLETE)  # completed by someone else: the rule says so first
            if expected_version is not None and row.version != expected_version:
                uow.session.rollback()
                raise COMPLETE_EDIT.conflict(self.get(order_id))
            customer = Source(row.source) in CUSTOMER_SOURCES
            minutes, fen = draft.validate(now, row.received_at, customer, row.started_at)
            if row.started_at is None:
                row.started_at = draft.arrived_at
            row.completed_at = draft.finished_at
            row.result, row.labour_minutes = draft.result.strip(), minutes
            row.charge, row.charge_fen = draft.charge.value, fen
            row.signed_by, row.sign_note = draft.signed_by.strip(), draft.sign_note.strip()
            self._event(row, OrderAction.COMPLETE, draft.finished_at, draft.by.strip(), row.result,  # type: ignore[arg-type]
                        {"signed_by": row.signed_by, "labour_minutes": str(minutes), "charge": draft.charge.value,
                         "charge_fen": str(fen)}, now)
            row.state = complete_target(Source(row.source)).value
            self._refresh(row, now)
            self._notify(uow.session, row, OrderAction.COMPLETE)
            self._commit(uow, COMPLETE_EDIT, order_id)
            complaint_id, number, result = row.complaint_id, row.number, row.result
        if complaint_id:
            self._b.note_on_complaint(complaint_id, draft.by, f"维修工单 {number} 已完工：{result}"[:10000],
                                      {"work_order_id": str(order_id)})
        return self.get(order_id)

    def revisit(self, order_id: int, draft: RevisitDraft, extra: dict[str, str] | None = None) -> WorkOrderDetail:
        """回访; ``extra`` is kept on the step (what the revisits tab records beyond the repairs form:
        follow-up, opinions, a question with its promised reply time)."""
        now = self._b.clock()
        with self._b.uow() as uow:
            row = self._load(uow.session, order_id)
            new_state = next_order_state(OrderState(row.state), OrderAction.REVISIT)
            draft.validate(now, row.completed_at)
            row.revisited_at, row.revisit_result = draft.at, draft.satisfaction
            self._event(row, OrderAction.REVISIT, draft.at, draft.by.strip(), draft.note.strip(),  # type: ignore[arg-type]
                        {**(extra or {}), "method": draft.method, "satisfaction": draft.satisfaction}, now)
            row.state = new_state.value
            self._refresh(row, now)
            self._notify(uow.session, row, OrderAction.REVISIT)
            self._commit(uow)
        return self.get(order_id)

    def cancel(self, order_id: int, reason: str, by: str) -> WorkOrderDetail:
        now = self._b.clock()
        if not reason.strip():
            raise ValidationError.single("note", "取消原因不能为空")
        with self._b.uow() as uow:
            row = self._load(uow.session, order_id)
            new_state = next_order_state(OrderState(row.state), OrderAction.CANCEL)
            if sum(m.quantity for m in row.materials) > 0:
                raise TransitionError("工单已领用材料，请先退料再取消")
            self._event(row, OrderAction.CANCEL, now, by, reason.strip(), {}, now)
            row.state = new_state.value
            self._refresh(row, now)
            self._commit(uow)
        return self.get(order_id)

    def note(self, order_id: int, note: str, by: str) -> WorkOrderDetail:
        now = self._b.clock()
        if not note.strip():
            raise ValidationError.single("note", "跟进记录不能为空")
        with self._b.uow() as uow:
            row = self._load(uow.session, order_id)
            next_order_state(OrderState(row.state), OrderAction.NOTE)
            self._event(row, OrderAction.NOTE, now, by, note.strip(), {}, now)
            row.updated_at = now
            self._commit(uow)
        return self.get(order_id)

    # --- reading ----------------------------------------------------------------------------------------
    def get(self, order_id: int) -> WorkOrderDetail:
        now = self._b.clock()
        with self._b.uow() as uow:
            s = uow.session
            row = self._load(s, order_id)
            deadlines = evaluate_order(self._facts(row), self._b.calendar.calendar(), now)
            project = s.get(ProjectRow, row.project_id)
            device = s.get(DeviceRow, row.device_id) if row.device_id else None
            items = {i.id: i for i in s.scalars(select(StockItemRow).where(
                StockItemRow.id.in_({m.item_id for m in row.materials})))}
            numbers = dict(s.execute(select(ComplaintRow.id, ComplaintRow.number).where(
                ComplaintRow.id.in_([x for x in (row.complaint_id, row.alert_complaint_id) if x]))).all())
            warning = ""
            if row.revisit_due is not None:
                warning = self._b.calendar.warning_for(row.revisit_due)
            materials = tuple(MaterialView(m.id, m.item_id, items[m.item_id].code, items[m.item_id].name,
                                           items[m.item_id].unit, m.quantity, m.at, m.by, m.negative_confirmed)
                              for m in row.materials)
            return WorkOrderDetail(
                row=order_view(row), project_name=project.name if project else "", description=row.description,
                received_by=row.received_by, result=row.result, signed_by=row.signed_by, sign_note=row.sign_note,
                events=tuple(event_view(e) for e in sorted(row.events, key=lambda e: (e.at, e.id))),
                materials=materials, deadlines=deadlines,
                allowed=tuple(allowed_order_actions(OrderState(row.state))),
                device=device_view(device) if device else None,
                complaint_number=numbers.get(row.complaint_id, "") if row.complaint_id else "",
                alert_complaint_number=numbers.get(row.alert_complaint_id, "") if row.alert_complaint_id else "",
                calendar_warning=warning)

    def page(self, f: WorkOrderFilter, offset: int = 0, limit: int = 200, with_total: bool = True) -> OrderPage:
        now = self._b.clock()
        with self._b.uow() as uow:
            rows = repair_queries.page(uow.session, f, now, offset, limit)
            total, capped = repair_queries.count(uow.session, f, now) if with_total else (len(rows), False)
            return OrderPage(tuple(order_view(r) for r in rows), total, capped)

    def all_rows(self, f: WorkOrderFilter, batch: int = 2000) -> Iterator[list[WorkOrderView]]:
        offset = 0
        while True:
            chunk = self.page(f, offset, batch, with_total=False).rows
            if not chunk:
                return
            yield list(chunk)
            offset += len(chunk)

    def technicians(self, project_id: int | None) -> list[str]:
        with self._b.uow() as uow:
            stmt = select(WorkOrderRow.technician).where(WorkOrderRow.technician != "").distinct()
            if project_id is not None:
                stmt = stmt.where(WorkOrderRow.project_id == project_id)
            return sorted(uow.session.scalars(stmt.limit(200)))

    def counts_by_state(self, project_id: int | None) -> dict[str, int]:
        with self._b.uow() as uow:
            stmt = select(WorkOrderRow.state, func.count()).group_by(WorkOrderRow.state)
            if project_id is not None:
                stmt = stmt.where(WorkOrderRow.project_id == project_id)
            return {state: n for state, n in uow.session.execute(stmt)}

    # --- helpers -----------------------------------------------------------------------------------------
    def _set(self, order_id: int, **values: object) -> None:
        with self._b.uow() as uow:
            row = self._load(uow.session, order_id)
            for k, v in values.items():
                setattr(row, k, v)
            uow.commit()

    @staticmethod
    def _load(s: Session, order_id: int, expected_version: int | None = None) -> WorkOrderRow:
        row = s.get(WorkOrderRow, order_id)
        if row is None:
            raise NotFoundError(f"维修工单（编号 {order_id}）不存在或已被删除")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(f"工单 {row.number} 已被他人修改，请刷新后再操作")
        return row

    @staticmethod
    def _device(s: Session, device_id: int, project_id: int) -> DeviceRow:
        device = s.get(DeviceRow, device_id)
        if device is None or device.project_id != project_id:
            raise ValidationError.single("device_id", "所选设备不属于本管理处")
        return device

    @staticmethod
    def _item(s: Session, item_id: int, project_id: int) -> StockItemRow:
        item = s.get(StockItemRow, item_id)
        if item is None or item.project_id != project_id:
            raise ValidationError.single("item_id", "所选物料不属于本管理处")
        if item.kind != ItemKind.SPARE.value:
            raise ValidationError.single("item_id", f"「{item.name}」是{item.kind}，请用借用登记，不能作为材料领用")
        return item

    def _notify(self, s: Session, row: WorkOrderRow, action: OrderAction) -> None:
        for observer in self.step_observers:
            observer(s, row, action)

    def _commit(self, uow, shape: EditShape[WorkOrderDetail] | None = None,  # type: ignore[no-untyped-def]
                order_id: int = 0) -> None:
        try:
            uow.commit()
        except (StaleDataError, RecordChangedError) as exc:
            if shape is not None:  # an edit: show what the other clerk saved (issue 7)
                uow.session.rollback()
                raise shape.conflict(self.get(order_id)) from exc
            raise ConflictError("该工单刚被他人修改，请刷新后再操作") from exc

    @staticmethod
    def _event(row: WorkOrderRow, action: OrderAction, at: datetime, by: str, note: str,
               data: dict[str, str], now: datetime) -> None:
        row.events.append(WorkOrderEventRow(action=action.value, at=at, by=by, note=note, data=data, recorded_at=now))

    @staticmethod
    def _facts(row: WorkOrderRow) -> OrderFacts:
        return OrderFacts(received_at=row.received_at, urgent=row.urgency == Urgency.URGENT.value,
                          customer=Source(row.source) in CUSTOMER_SOURCES, dispatched_at=row.dispatched_at,
                          appointment_at=row.appointment_at, started_at=row.started_at, promised_at=row.promised_at,
                          completed_at=row.completed_at, revisited_at=row.revisited_at,
                          cancelled=row.state == OrderState.CANCELLED.value)

    def _refresh(self, row: WorkOrderRow, now: datetime) -> None:
        """Keep the list columns in step with the deadlines so lists filter and colour in SQL."""
        deadlines = evaluate_order(self._facts(row), self._b.calendar.calendar(), now)
        revisit = next((d for d in deadlines if d.step == "revisit"), None)
        row.revisit_due = revisit.due_at if revisit else None
        # Late stays late, also across a rework (RULES.md 「超时」).
        late = [x for x in row.late_steps.split("、") if x]
        late += [x for x in done_late_labels(deadlines) if x not in late]
        row.late_steps = "、".join(late)[:100]
        row.has_late = bool(late)
        pending = [] if row.state in (OrderState.DONE.value, OrderState.CANCELLED.value) else open_deadlines(deadlines)
        row.open_steps = [{"label": d.label, "due": d.due_at.isoformat()} for d in pending if d.due_at]
        nxt = pending[0] if pending else None
        row.next_due_at = nxt.due_at if nxt else None
        row.next_due_step = nxt.label if nxt else ""
        row.updated_at = now

