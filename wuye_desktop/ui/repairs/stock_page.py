"""工具备件: tools, instruments and meters, spare parts and drawings with their quantities and places;
below the reorder level, negative stock, calibration due and overdue loans are flagged."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from wuye_desktop.domain.repairs import LENDABLE_KINDS, ItemKind
from wuye_desktop.services.repairs_views import ItemView, LoanView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.view_table import Column, add_action, d, dt, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import ListModel, make_table
from wuye_desktop.ui.repairs.paper import export_xlsx
from wuye_desktop.ui.repairs.stock_dialogs import (
    CalibrationDialog,
    ItemDialog,
    LoanDialog,
    MovementDialog,
    MovementsDialog,
    ReturnDialog,
)

ALL = "全部类别"


class StockPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        tb = self.toolbar = new_toolbar("工具备件")
        self.new_action = add_action(tb, self, "add", "新增", self.new_item)
        self.edit_action = add_action(tb, self, "", "修改", self.edit_item)
        self.move_action = add_action(tb, self, "import", "入库/盘点/报损", self.move_stock)
        self.history_action = add_action(tb, self, "search", "出入库记录", self.history)
        tb.addSeparator()
        self.lend_action = add_action(tb, self, "user", "借出", self.lend)
        self.return_action = add_action(tb, self, "check", "归还", self.give_back)
        self.calibrate_action = add_action(tb, self, "", "检定", self.calibrate)
        tb.addSeparator()
        self.export_action = add_action(tb, self, "export", "导出Excel", self.export_excel)
        self.refresh_action = add_action(tb, self, "refresh", "刷新", self.refresh)

        self.kind_box = QComboBox()
        self.kind_box.addItems([ALL, *(k.value for k in ItemKind)])
        self.reorder_only = QCheckBox("只看低于补货线")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：编号、名称、规格、存放位置")
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("类别："))
        bar.addWidget(self.kind_box)
        bar.addWidget(self.reorder_only)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.summary)

        today = lambda: ctx.now().date()  # noqa: E731
        self.items = ListModel([
            Column("类别", lambda i: i.kind, 70), Column("编号", lambda i: i.code, 80), Column("名称", lambda i: i.name, 130),
            Column("规格型号", lambda i: i.spec, 120), Column("单位", lambda i: i.unit, 40),
            Column("库存", lambda i: str(i.quantity), 50, sort=lambda i: i.quantity),
            Column("借出", lambda i: str(i.lent_out or ""), 45, sort=lambda i: i.lent_out),
            Column("在库", lambda i: str(i.available), 50, sort=lambda i: i.available),
            Column("补货线", lambda i: str(i.reorder_level or ""), 55, sort=lambda i: i.reorder_level),
            Column("存放位置", lambda i: i.location, 120), Column("下次检定", lambda i: d(i.calibration_due), 90),
            Column("提示", lambda i: self.flags(i), 160)], lambda i: self._item_tone(i), self)
        self.loans = ListModel([
            Column("物品", lambda x: x.item_label, 160), Column("数量", lambda x: str(x.quantity), 45),
            Column("借用人", lambda x: x.borrower, 110), Column("用途", lambda x: x.purpose, 160),
            Column("借出时间", lambda x: dt(x.lent_at), 122), Column("应还日期", lambda x: d(x.due_back), 90),
            Column("状态", lambda x: "已归还" if x.returned_at else ("逾期未还" if x.overdue(today()) else "借出中"), 70),
            Column("经办人", lambda x: x.lent_by, 60)],
            lambda x: "overdue" if x.overdue(today()) else ("closed" if x.returned_at else ""), self)
        self.item_view = make_table(self.items, "stockTable")
        self.loan_view = make_table(self.loans, "loanTable")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.item_view)
        box = QWidget()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel("借出未还（工具、仪器仪表、图纸资料）"))
        bl.addWidget(self.loan_view, 1)
        split.addWidget(box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tb)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.kind_box.currentIndexChanged.connect(self.refresh)
        self.reorder_only.toggled.connect(self.refresh)
        self.refresh()

    def flags(self, i: ItemView) -> str:
        parts = []
        if i.negative:
            parts.append("库存为负，待补录入库")
        elif i.needs_reorder:
            parts.append("低于补货线")
        cal = i.calibration_state(self.ctx.now().date())
        if cal:
            parts.append(f"检定{cal}")
        return "；".join(parts)

    def _item_tone(self, i: ItemView) -> str:
        if i.negative or i.calibration_state(self.ctx.now().date()) == "已过期":
            return "overdue"
        return "warn" if self.flags(i) else ""

    @Slot()
    def refresh(self) -> None:
        r, pid = self.ctx.services.repairs, self.ctx.project_id
        kind = self.kind_box.currentText()
        items = r.stock.items(pid, "" if kind == ALL else kind, self.search.text(), self.reorder_only.isChecked())
        self.items.set_rows(items)
        self.loans.set_rows(r.stock.loans(pid))
        low = sum(1 for i in items if i.needs_reorder or i.negative)
        self.summary.setText(f"共 {len(items)} 项，低于补货线 {low} 项")

    def _item(self) -> ItemView | None:
        i = selected_row(self.item_view)
        if i is None:
            msgbox.information(self, "工具备件", "请先在列表中选择一项")
        return i  # type: ignore[no-any-return]

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        if hasattr(dialog, "saved"):
            dialog.saved.connect(self.refresh)
        dialog.open()
        return dialog

    @Slot()
    def new_item(self) -> QDialog:
        return self._open(ItemDialog(self.ctx, self))

    @Slot()
    def edit_item(self) -> QDialog | None:
        return self._open(ItemDialog(self.ctx, self, i)) if (i := self._item()) else None

    @Slot()
    def move_stock(self) -> QDialog | None:
        return self._open(MovementDialog(self.ctx, i, self)) if (i := self._item()) else None

    @Slot()
    def history(self) -> QDialog | None:
        return self._open(MovementsDialog(self.ctx, i, self)) if (i := self._item()) else None

    @Slot()
    def lend(self) -> QDialog | None:
        if (i := self._item()) is None:
            return None
        if ItemKind(i.kind) not in LENDABLE_KINDS:
            msgbox.information(self, "借出", "备品备件请在维修工单中「领料」，不做借用登记")
            return None
        return self._open(LoanDialog(self.ctx, i, self))

    @Slot()
    def give_back(self) -> QDialog | None:
        loan: LoanView | None = selected_row(self.loan_view)
        if loan is None:
            msgbox.information(self, "归还", "请先在下方「借出未还」中选择一条借用记录")
            return None
        return self._open(ReturnDialog(self.ctx, loan, self))

    @Slot()
    def calibrate(self) -> QDialog | None:
        if (i := self._item()) is None:
            return None
        if i.kind != ItemKind.INSTRUMENT.value:
            msgbox.information(self, "检定", "只有仪器仪表需要检定")
            return None
        return self._open(CalibrationDialog(self.ctx, i, self))

    @Slot()
    def export_excel(self) -> object:
        paper, pid = self.ctx.services.repairs.paper, self.ctx.project_id
        return export_xlsx(self.ctx, self, "工具备件台账", lambda out, progress: paper.export_spare_parts(pid, out, progress),
                           "项")
