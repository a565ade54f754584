"""Dialogs for tools, instruments, spare parts and drawings (篇1 §6): the item, stock movements,
lending and return, calibration, and an item's movement history."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from wuye_desktop.domain.repairs import ItemKind
from wuye_desktop.domain.repairs_records import CalibrationDraft, ItemDraft, LoanDraft, MovementDraft
from wuye_desktop.services.repairs_stock import ITEM_EDIT
from wuye_desktop.services.repairs_views import ItemView, LoanView
from wuye_desktop.ui.common.field_widgets import OptionalDate, choice, date_edit, from_qdate, line, text_area
from wuye_desktop.ui.common.fields import datetime_edit
from wuye_desktop.ui.common.view_table import Column, dt
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import FormDialog, ListModel, make_table, staff_box, time_of


def _spin(value: int, low: int = 0, high: int = 99999) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


class ItemDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, item: ItemView | None = None) -> None:
        super().__init__(ctx, f"修改 — {item.code} {item.name}" if item else "新增工具、仪表、备件或图纸", parent)
        self.item = item
        self.kind = self.field("kind", "类别", choice([k.value for k in ItemKind], item.kind if item else ItemKind.SPARE.value))
        self.code = self.field("code", "编号", line(item.code if item else "", "如 BJ-001"), required=True)
        self.name = self.field("name", "名称", line(item.name if item else ""), required=True)
        self.spec = self.field("spec", "规格型号", line(item.spec if item else ""))
        self.unit = self.field("unit", "计量单位", line(item.unit if item else "个"), required=True)
        self.location = self.field("location", "存放位置", line(item.location if item else ""), required=True)
        self.quantity = self.field("quantity", "数量", _spin(item.quantity if item else 0, -99999))
        if item:
            self.quantity.setEnabled(False)
            self.quantity.setToolTip("数量请通过「入库/盘点/报损」或工单领料改变，以保留出入库记录")
        self.reorder = self.field("reorder_level", "补货线", _spin(item.reorder_level if item else 0, -1))
        self.calibration = self.field("calibration_due", "下次检定", OptionalDate(
            "仪器仪表", item.calibration_due if item else None, ctx.now().date() + timedelta(days=365)))
        self.notes = self.field("notes", "备注", text_area(item.notes if item else "", 48))
        if item is not None:
            self.lock_edit(ITEM_EDIT, item, self._reload)

    def _reload(self) -> ItemView:
        assert self.item is not None
        return self.ctx.services.repairs.stock.get(self.item.id)

    def submit(self) -> object:
        draft = ItemDraft(ItemKind(self.kind.currentText()), self.code.text(), self.name.text(), self.unit.text(),
                          self.location.text(), self.quantity.value(), self.spec.text(), self.reorder.value(),
                          self.calibration.value(), self.notes.toPlainText())
        stock = self.ctx.services.repairs.stock
        if self.item is None:
            return stock.create(draft, self.ctx.working_project_id, self.ctx.operator)
        return stock.update(self.item.id, draft, self.edit_version)


class MovementDialog(FormDialog):
    """采购入库 (+), 盘点调整 (±), 报损 (−): every change of stock is kept as a movement."""

    def __init__(self, ctx: UiContext, item: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"入库/盘点/报损 — {item.code} {item.name}", parent, "保存")
        self.item = item
        self.body.insertWidget(0, QLabel(f"当前库存：{item.quantity}{item.unit}"))
        self.reason = self.field("reason", "原因", choice(["采购入库", "盘点调整", "报损"]))
        self.quantity = self.field("quantity", "数量（减少填负数）", _spin(0, -99999), required=True)
        self.by = self.field("by", "经办人", staff_box(ctx), required=True)
        self.note = self.field("note", "说明", line())

    def submit(self) -> object:
        draft = MovementDraft(self.quantity.value(), self.reason.currentText(), self.by.currentText(), self.note.text())
        return self.ctx.services.repairs.stock.move(self.item.id, draft)


class LoanDialog(FormDialog):
    """借出: who, how many, when, due back (篇1 §6)."""

    def __init__(self, ctx: UiContext, item: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"借出 — {item.code} {item.name}", parent, "借出")
        self.item = item
        self.body.insertWidget(0, QLabel(f"在库：{item.available}{item.unit}（共 {item.quantity}，已借出 {item.lent_out}）"))
        self.borrower = self.field("borrower", "借用人", staff_box(ctx, " "), required=True)
        self.borrower.setCurrentText("")
        self.quantity = self.field("quantity", "数量", _spin(1), required=True)
        self.lent_at = self.field("lent_at", "借出时间", datetime_edit(ctx.now().replace(second=0)), required=True)
        self.due = self.field("due_back", "应还日期", date_edit(ctx.now().date() + timedelta(days=3)), required=True)
        self.purpose = self.field("purpose", "用途", line())
        self.by = self.field("by", "经办人", staff_box(ctx), required=True)

    def submit(self) -> object:
        draft = LoanDraft(self.borrower.currentText(), self.quantity.value(), time_of(self.lent_at),
                          from_qdate(self.due.date()), self.by.currentText(), self.purpose.text())
        return self.ctx.services.repairs.stock.lend(self.item.id, draft)


class ReturnDialog(FormDialog):
    def __init__(self, ctx: UiContext, loan: LoanView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"归还 — {loan.item_label}", parent, "归还")
        self.loan = loan
        self.body.insertWidget(0, QLabel(f"借用人：{loan.borrower}　数量：{loan.quantity}　借出：{dt(loan.lent_at)}"))
        self.at = self.field("returned_at", "归还时间", datetime_edit(ctx.now().replace(second=0)), required=True)
        self.by = self.field("by", "接收人", staff_box(ctx), required=True)

    def submit(self) -> object:
        return self.ctx.services.repairs.stock.give_back(self.loan.id, time_of(self.at), self.by.currentText())


class CalibrationDialog(FormDialog):
    def __init__(self, ctx: UiContext, item: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"检定 — {item.code} {item.name}", parent, "保存")
        self.item = item
        today = ctx.now().date()
        self.on = self.field("calibrated_on", "检定日期", date_edit(today), required=True)
        self.next = self.field("next_due", "下次检定", date_edit(today + timedelta(days=365)), required=True)
        self.by = self.field("by", "经办人", staff_box(ctx), required=True)
        self.note = self.field("note", "检定结论", line("检定合格"))

    def submit(self) -> object:
        draft = CalibrationDraft(from_qdate(self.on.date()), from_qdate(self.next.date()), self.by.currentText(),
                                 self.note.text())
        return self.ctx.services.repairs.stock.calibrate(self.item.id, draft)


class MovementsDialog(QDialog):
    """An item's stock movements, newest first (领用 shows the work order)."""

    def __init__(self, ctx: UiContext, item: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"出入库记录 — {item.code} {item.name}")
        self.resize(760, 420)
        self.model = ListModel([
            Column("时间", lambda m: dt(m.at), 122), Column("原因", lambda m: m.reason, 70),
            Column("数量", lambda m: f"{m.quantity:+d}", 60, sort=lambda m: m.quantity),
            Column("结存", lambda m: str(m.balance), 60, sort=lambda m: m.balance),
            Column("工单", lambda m: m.order_number, 150), Column("经办人", lambda m: m.by, 60),
            Column("说明", lambda m: m.note, 200)], lambda m: "overdue" if m.balance < 0 else "", self)
        self.model.set_rows(ctx.services.repairs.stock.movements(item.id))
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(make_table(self.model, "movementTable"))
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
