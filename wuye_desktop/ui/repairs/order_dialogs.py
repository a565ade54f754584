"""Dialogs of a work order's life: receive a request, convert a complaint, dispatch, start, materials,
complete with the customer's sign-off, revisit."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from wuye_desktop.domain.complaint import Satisfaction
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.domain.repairs import (
    CUSTOMER_SOURCES,
    REPAIR_CATEGORIES,
    Charge,
    OrderState,
    Source,
    Urgency,
)
from wuye_desktop.domain.repairs_deadlines import DEFAULT_DUE_HOURS
from wuye_desktop.domain.repairs_drafts import REVISIT_METHODS, CompletionDraft, DispatchDraft, RequestDraft, RevisitDraft
from wuye_desktop.domain.repairs_stock import StockShortage
from wuye_desktop.services.repairs_orders import COMPLETE_EDIT, DISPATCH_EDIT
from wuye_desktop.services.repairs_views import WorkOrderDetail
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.field_widgets import OptionalDateTime, choice, line, text_area
from wuye_desktop.ui.common.fields import datetime_edit
from wuye_desktop.ui.common.view_table import Column, dt, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import FormDialog, ListModel, make_table, staff_box, time_of

NO_DEVICE = "（不涉及设备）"


def device_choice(ctx: UiContext, current: int | None = None) -> QComboBox:
    box = QComboBox()
    box.addItem(NO_DEVICE, None)
    for dv in ctx.services.repairs.devices.devices(ctx.working_project_id, include_scrapped=False):
        box.addItem(f"{dv.code} {dv.name}（{dv.location}）", dv.id)
    if current is not None:
        box.setCurrentIndex(max(box.findData(current), 0))
    return box


class RequestDialog(FormDialog):
    """登记报修 (篇3 §4.5): who, where, phone, what; 紧急抢险抢修 raises the emergency alert."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "登记报修", parent, "登记")
        now = ctx.now().replace(second=0, microsecond=0)
        self.received_at = self.field("received_at", "报修时间", datetime_edit(now), required=True)
        self.source = self.field("source", "报修方式", choice([s.value for s in Source if s is not Source.COMPLAINT]))
        self.client = self.field("client", "报修人", line(), required=True)
        self.unit = self.field("unit", "房号", line(placeholder="如 3栋2单元501、A座1203"), required=True)
        self.phone = self.field("phone", "联系电话", line(placeholder="手机11位，或固定电话如 0755-12345678"), required=True)
        self.location = self.field("location", "维修地点", line(placeholder="公共部位或设备所在位置（内部报修必填）"))
        self.category = self.field("category", "维修类别", choice(REPAIR_CATEGORIES, "水电维修", editable=True), required=True)
        self.subject = self.field("subject", "报修内容", line(placeholder="如 卫生间漏水"), required=True)
        self.description = self.field("description", "详细描述", text_area())
        self.urgency = self.field("urgency", "紧急程度", choice([u.value for u in Urgency]))
        self.urgent_hint = QLabel("紧急抢险抢修将同时登记为重大事件，在突发事件提示栏中逐级上报（篇2 §6）")
        self.urgent_hint.setObjectName("warningText")
        self.urgent_hint.setWordWrap(True)
        self.urgent_hint.hide()
        self.body.addWidget(self.urgent_hint)
        self.device = self.field("device_id", "相关设备", device_choice(ctx))
        self.appointment = self.field("appointment_at", "预约上门", OptionalDateTime("已约定", None, now + timedelta(hours=2)))
        self.received_by = self.field("received_by", "受理人", staff_box(ctx))
        self.urgency.currentTextChanged.connect(self._urgency_changed)

    @Slot(str)
    def _urgency_changed(self, text: str) -> None:
        self.urgent_hint.setVisible(text == Urgency.URGENT.value)

    def draft(self) -> RequestDraft:
        return RequestDraft(
            received_at=time_of(self.received_at), source=Source(self.source.currentText()),
            client=self.client.text(), unit=self.unit.text(), phone=self.phone.text(), subject=self.subject.text(),
            category=self.category.currentText(), location=self.location.text(),
            description=self.description.toPlainText(), urgency=Urgency(self.urgency.currentText()),
            received_by=self.received_by.currentText(), device_id=self.device.currentData(),
            appointment_at=self.appointment.value())

    def submit(self) -> object:
        detail = self.ctx.services.repairs.orders.register(self.draft(), self.ctx.working_project_id, self.ctx.operator)
        if detail.row.alert_complaint_id:
            self.ctx.data_changed.emit("complaints")  # the emergency banner shows it
        return detail


class ConvertDialog(FormDialog):
    """转为维修工单: the open complaints of 室内设施维修/公共设施故障 not converted yet (篇5 §2(5))."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "从投诉转为维修工单", parent, "转为维修工单", width=760)
        rows = ctx.services.repairs.orders.convertible_complaints(ctx.project_id)
        self.model = ListModel([
            Column("投诉编号", lambda c: c.number, 130), Column("受理时间", lambda c: dt(c.received_at), 122),
            Column("投诉人", lambda c: c.complainant, 70), Column("房号", lambda c: c.unit, 100),
            Column("类别", lambda c: c.category, 96), Column("投诉主题", lambda c: c.subject, 220),
            Column("状态", lambda c: c.state, 80)], parent=self)
        self.model.set_rows(rows)
        self.table = make_table(self.model, "convertTable")
        self.table.setMinimumHeight(220)
        if rows:
            self.table.selectRow(0)
        self.field("complaint", "选择投诉", self.table)
        self.category = self.field("category", "维修类别", choice(REPAIR_CATEGORIES, "水电维修", editable=True))
        if not rows:
            self.show_general(["没有待转的「室内设施维修」或「公共设施故障」类投诉"])

    def submit(self) -> object:
        case = selected_row(self.table)
        if case is None:
            raise ValidationError.single("complaint", "请先选择要转为维修工单的投诉")
        detail = self.ctx.services.repairs.orders.convert_complaint(case.id, self.ctx.operator,
                                                                     self.category.currentText())
        self.ctx.data_changed.emit("complaints")  # the complaint got a note with the order's number
        return detail


class DispatchDialog(FormDialog):
    """派工 / 转派 / 返修: technician or team, appointment, and the completion due time (篇2 §2)."""

    def __init__(self, ctx: UiContext, detail: WorkOrderDetail, parent: QWidget | None = None) -> None:
        state = detail.state
        self.rework = state in (OrderState.AWAITING_REVISIT, OrderState.DONE)
        verb = "返修" if self.rework else ("派工" if state is OrderState.RECEIVED else "转派")
        super().__init__(ctx, f"{verb} — {detail.row.number}", parent, verb)
        self.detail = detail
        now = ctx.now().replace(second=0, microsecond=0)
        r = detail.row
        self.technician = self.field("technician", "维修人员", staff_box(ctx, r.technician), required=True)
        if not r.technician:
            self.technician.setCurrentText("")
        self.team = self.field("team", "班组", line(r.team, "可不填，如 电梯维保班"))
        self.at = self.field("at", "派工时间", datetime_edit(now), required=True)
        self.appointment = self.field("appointment_at", "预约上门",
                                 OptionalDateTime("已约定", None if self.rework else r.appointment_at,
                                                  now + timedelta(hours=2)))
        hours = DEFAULT_DUE_HOURS.get(r.urgency, 24)
        self.promised = self.field("promised_at", "限期完工", datetime_edit(now + timedelta(hours=hours)), required=True)
        self.note = self.field("note", "返修原因" if self.rework else "派工说明", text_area(height=52), required=self.rework)
        self.lock_edit(DISPATCH_EDIT, detail, self._reload)

    def _reload(self) -> WorkOrderDetail:
        return self.ctx.services.repairs.orders.get(self.detail.id)

    def submit(self) -> object:
        draft = DispatchDraft(self.technician.currentText(), time_of(self.at), time_of(self.promised),
                              self.team.text(), self.appointment.value(), self.note.toPlainText())
        detail = self.ctx.services.repairs.orders.dispatch(self.detail.id, draft, self.ctx.operator,
                                                           self.edit_version)
        if detail.row.alert_complaint_id:
            self.ctx.data_changed.emit("complaints")
        return detail


class StartDialog(FormDialog):
    def __init__(self, ctx: UiContext, detail: WorkOrderDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"到场开工 — {detail.row.number}", parent, "记录")
        self.detail = detail
        self.at = self.field("at", "到场时间", datetime_edit(ctx.now().replace(second=0)), required=True)

    def submit(self) -> object:
        return self.ctx.services.repairs.orders.start(self.detail.id, time_of(self.at), self.ctx.operator)


class MaterialDialog(FormDialog):
    """领料 from spare-parts stock (deducted at once) or 退料; negative stock only when confirmed."""

    def __init__(self, ctx: UiContext, detail: WorkOrderDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"领料 / 退料 — {detail.row.number}", parent, "确定")
        self.detail = detail
        self.mode = self.field("mode", "操作", choice(["领用", "退回"]))
        self.item = QComboBox()
        for i in ctx.services.repairs.stock.spare_parts(detail.row.project_id):
            self.item.addItem(f"{i.code} {i.name} {i.spec}（库存 {i.quantity}{i.unit}）", i.id)
        self.field("item_id", "物料", self.item, required=True)
        self.quantity = QSpinBox()
        self.quantity.setRange(0, 99999)
        self.quantity.setValue(1)
        self.field("quantity", "数量", self.quantity, required=True)

    def _call(self, confirm: bool) -> object:
        orders = self.ctx.services.repairs.orders
        if self.item.currentData() is None:
            raise ValidationError.single("item_id", "请选择物料（可在「工具备件」中先登记备品备件）")
        if self.mode.currentText() == "退回":
            return orders.return_material(self.detail.id, self.item.currentData(), self.quantity.value(),
                                          self.ctx.operator)
        return orders.take_material(self.detail.id, self.item.currentData(), self.quantity.value(),
                                    self.ctx.operator, confirm_negative=confirm)

    def submit(self) -> object:
        return self._call(False)

    def on_domain_error(self, exc: DomainError) -> bool:
        if not isinstance(exc, StockShortage):
            return False
        self.confirm_box = msgbox.question(self, "库存不足", exc.message, self._confirmed,
                                           yes_text="确认领用", no_text="不领用")
        return True

    @Slot()
    def _confirmed(self) -> None:
        try:
            result = self._call(True)
        except DomainError as exc:
            msgbox.warning(self, self.windowTitle(), exc.message)
            return
        self.finish(result)


class CompleteDialog(FormDialog):
    """完工签认: result, labour, free or charged, and the customer's (or supervisor's) sign-off."""

    def __init__(self, ctx: UiContext, detail: WorkOrderDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"完工签认 — {detail.row.number}", parent, "完工")
        self.detail = detail
        r = detail.row
        customer = Source(r.source) in CUSTOMER_SOURCES
        now = ctx.now().replace(second=0, microsecond=0)
        self.arrived = None
        if r.started_at is None:
            self.arrived = self.field("arrived_at", "到场时间", datetime_edit(now - timedelta(hours=1)), required=True)
        self.finished_at = self.field("finished_at", "完工时间", datetime_edit(now), required=True)
        self.result_text = self.field("result", "维修结果", text_area(placeholder="做了什么、换了什么、是否已恢复正常"), required=True)
        self.hours = self.field("labour_hours", "工时（小时）", line("1", "如 1.5"), required=True)
        self.charge = self.field("charge", "收费", choice([c.value for c in Charge]))
        self.amount = self.field("charge_amount", "收费金额（元）", line(placeholder="如 80 或 120.50"))
        self.signed_by = self.field("signed_by", "客户签认人" if customer else "验收人",
                               line(r.client if customer else ""), required=True)
        self.sign_note = self.field("sign_note", "签认意见", line(placeholder="如 满意、已恢复正常"))
        self.by = self.field("by", "经办人", staff_box(ctx, r.technician or ctx.operator), required=True)
        self.charge.currentTextChanged.connect(self._charge_changed)
        self._charge_changed(self.charge.currentText())
        self.lock_edit(COMPLETE_EDIT, detail, self._reload)

    def _reload(self) -> WorkOrderDetail:
        return self.ctx.services.repairs.orders.get(self.detail.id)

    @Slot(str)
    def _charge_changed(self, text: str) -> None:
        self.amount.setEnabled(text == Charge.CHARGED.value)

    def submit(self) -> object:
        draft = CompletionDraft(time_of(self.finished_at), self.result_text.toPlainText(), self.hours.text(),
                                Charge(self.charge.currentText()), self.amount.text(), self.signed_by.text(),
                                self.sign_note.text(), time_of(self.arrived) if self.arrived else None,
                                self.by.currentText())
        detail = self.ctx.services.repairs.orders.complete(self.detail.id, draft, self.edit_version)
        if detail.row.complaint_id:
            self.ctx.data_changed.emit("complaints")
        return detail


class RevisitDialog(FormDialog):
    def __init__(self, ctx: UiContext, detail: WorkOrderDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"回访 — {detail.row.number}", parent, "记录回访")
        self.detail = detail
        due = detail.row.revisit_due
        if due is not None:
            hint = QLabel(f"回访期限：{due:%Y-%m-%d %H:%M}（完工后2个工作日，篇2 §5）")
            self.body.insertWidget(0, hint)
        self.at = self.field("at", "回访时间", datetime_edit(ctx.now().replace(second=0)), required=True)
        self.by = self.field("by", "回访人", staff_box(ctx), required=True)
        self.method = self.field("method", "回访方式", choice(REVISIT_METHODS))
        self.satisfaction = self.field("satisfaction", "满意度", choice([s.value for s in Satisfaction]))
        self.note = self.field("note", "回访记录", text_area(), required=True)

    def submit(self) -> object:
        draft = RevisitDraft(time_of(self.at), self.by.currentText(), self.method.currentText(),
                             self.satisfaction.currentText(), self.note.toPlainText())
        return self.ctx.services.repairs.orders.revisit(self.detail.id, draft)
