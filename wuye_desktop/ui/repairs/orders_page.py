"""报修与派工: the work-order list (paged in SQL, coloured by deadline), its detail pane, and every step."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import NotFoundError
from wuye_desktop.domain.repairs import OrderAction, OrderState, WorkOrderFilter
from wuye_desktop.services.repairs_views import WorkOrderDetail
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.view_table import add_action, new_toolbar
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import FormDialog, TextDialog, make_table
from wuye_desktop.ui.repairs.order_detail import detail_html
from wuye_desktop.ui.repairs.order_dialogs import (
    CompleteDialog,
    ConvertDialog,
    DispatchDialog,
    MaterialDialog,
    RequestDialog,
    RevisitDialog,
    StartDialog,
)
from wuye_desktop.ui.repairs.orders_model import (
    COL_CLIENT,
    COL_NEXT_DUE,
    COL_NUMBER,
    COL_PROJECT,
    COL_RECEIVED,
    COL_SUBJECT,
    WorkOrderTableModel,
)
from wuye_desktop.ui.repairs.paper import export_xlsx, show_pdf

ALL_STATES = "全部状态"
OPEN = "未结单"
TIME_REFRESH_MS = 30_000


class OrdersPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: WorkOrderDetail | None = None
        self.dialog: FormDialog | None = None
        tb = self.toolbar = new_toolbar("报修与派工")
        self.new_action = add_action(tb, self, "add", "登记报修", self.new_request, "Ctrl+N")
        self.convert_action = add_action(tb, self, "import", "从投诉转入", self.convert_complaint)
        tb.addSeparator()
        self.dispatch_action = add_action(tb, self, "user", "派工", self.dispatch)
        self.start_action = add_action(tb, self, "", "到场开工", self.start)
        self.material_action = add_action(tb, self, "", "领料/退料", self.materials)
        self.complete_action = add_action(tb, self, "check", "完工签认", self.complete)
        self.revisit_action = add_action(tb, self, "", "回访", self.revisit)
        self.note_action = add_action(tb, self, "", "跟进记录", self.note)
        self.cancel_action = add_action(tb, self, "", "取消工单", self.cancel)
        tb.addSeparator()
        self.print_action = add_action(tb, self, "print", "打印派工单", self.print_order, "Ctrl+P")
        self.export_action = add_action(tb, self, "export", "导出Excel", self.export_excel, "Ctrl+E")
        self.refresh_action = add_action(tb, self, "refresh", "刷新", self.refresh, "F5")

        self.state_box = QComboBox()
        self.state_box.addItems([OPEN, ALL_STATES] + [s.value for s in OrderState])
        self.overdue_box = QCheckBox("只看超时")
        self.urgent_box = QCheckBox("只看紧急")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：工单号、报修人（拼音首字母）、房号、电话、内容、维修人员")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("状态："))
        bar.addWidget(self.state_box)
        bar.addWidget(self.overdue_box)
        bar.addWidget(self.urgent_box)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)

        self.model = WorkOrderTableModel(ctx.services.repairs.orders.page, ctx.now, self)
        self.model.show_phone = ctx.show_phone  # issue 7: whole or 138****5678 by the role
        self.view = make_table(self.model, "workOrderTable")
        header = self.view.horizontalHeader()
        for column, width in {COL_NUMBER: 150, COL_RECEIVED: 122, COL_CLIENT: 70, COL_SUBJECT: 200,
                              COL_NEXT_DUE: 150}.items():
            header.resizeSection(column, width)
        header.setSortIndicator(COL_RECEIVED, Qt.SortOrder.DescendingOrder)
        self.info = QTextBrowser()
        self.info.setObjectName("workOrderDetail")
        self.info.setMinimumWidth(300)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(self.info)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tb)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.state_box.currentIndexChanged.connect(self.apply_filter)
        self.overdue_box.toggled.connect(self.apply_filter)
        self.urgent_box.toggled.connect(self.apply_filter)
        self.model.reloaded.connect(self._reloaded)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self._time_timer = QTimer(self)
        self._time_timer.setInterval(TIME_REFRESH_MS)
        self._time_timer.timeout.connect(self.model.refresh_times)
        self._time_timer.start()
        self.model.set_project_names({p.id: p.name for p in ctx.services.settings.projects(include_inactive=True)})
        self.apply_filter()
        self.view.setSortingEnabled(True)

    # --- the list -------------------------------------------------------------------------------------
    def current_filter(self) -> WorkOrderFilter:
        text = self.state_box.currentText()
        f = self.model.order_filter
        return WorkOrderFilter(project_id=self.ctx.project_id, open_only=text == OPEN,
                               states=() if text in (OPEN, ALL_STATES) else (text,),
                               overdue_only=self.overdue_box.isChecked(), urgent_only=self.urgent_box.isChecked(),
                               search=self.search.text().strip(), sort_key=f.sort_key, descending=f.descending)

    @Slot()
    def apply_filter(self) -> None:
        keep = self.detail.id if self.detail else None
        self.model.set_filter(self.current_filter())
        self.view.setColumnHidden(COL_PROJECT, self.ctx.project_id is not None)
        self.select(keep)

    @Slot()
    def refresh(self) -> None:
        self.apply_filter()

    def select(self, order_id: int | None) -> None:
        row = self.model.row_of(order_id) if order_id is not None else -1
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.view.clearSelection()
            self._show(None)

    @Slot()
    def _reloaded(self) -> None:
        text = f"共 {self.model.total}{'+' if self.model.capped else ''} 条"
        self.count_label.setText(text)
        self.status_message.emit(f"维修工单：{text}")

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = self.model.view_at(current.row()) if current.isValid() else None
        self._show(view.id if view else None)

    def _show(self, order_id: int | None) -> None:
        self.detail = None
        if order_id is not None:
            try:
                self.detail = self.ctx.services.repairs.orders.get(order_id)
            except NotFoundError:
                self.detail = None
        self.info.setHtml(detail_html(self.detail, self.ctx.now(), self.ctx.show_phone) if self.detail else
                          "<p style='color:#57606a'>选择一张工单查看详情</p>")
        allowed = set(self.detail.allowed) if self.detail else set()
        self.dispatch_action.setEnabled(bool(allowed & {OrderAction.DISPATCH, OrderAction.REDISPATCH,
                                                       OrderAction.REWORK}))
        self.dispatch_action.setText("返修" if OrderAction.REWORK in allowed else
                                     "转派" if OrderAction.REDISPATCH in allowed else "派工")
        self.start_action.setEnabled(OrderAction.START in allowed)
        self.material_action.setEnabled(bool(allowed & {OrderAction.MATERIAL, OrderAction.MATERIAL_RETURN}))
        self.complete_action.setEnabled(OrderAction.COMPLETE in allowed)
        self.revisit_action.setEnabled(OrderAction.REVISIT in allowed)
        self.note_action.setEnabled(OrderAction.NOTE in allowed)
        self.cancel_action.setEnabled(OrderAction.CANCEL in allowed)
        self.print_action.setEnabled(self.detail is not None)

    # --- the steps ----------------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog) -> FormDialog:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot(object)
    def _saved(self, detail: object) -> None:
        order_id = getattr(detail, "id", None)
        self.model.reload()
        self.select(order_id if isinstance(order_id, int) else None)
        if self.detail is None and isinstance(order_id, int):
            self._show(order_id)  # filtered out of the list (e.g. now 已结单): still show what was done

    @Slot()
    def new_request(self) -> FormDialog:
        return self._open(RequestDialog(self.ctx, self))

    @Slot()
    def convert_complaint(self) -> FormDialog:
        return self._open(ConvertDialog(self.ctx, self))

    def _need(self) -> WorkOrderDetail | None:
        if self.detail is None:
            msgbox.information(self, "维修工单", "请先在列表中选择一张工单")
        return self.detail

    @Slot()
    def dispatch(self) -> FormDialog | None:
        return self._open(DispatchDialog(self.ctx, d, self)) if (d := self._need()) else None

    @Slot()
    def start(self) -> FormDialog | None:
        return self._open(StartDialog(self.ctx, d, self)) if (d := self._need()) else None

    @Slot()
    def materials(self) -> FormDialog | None:
        return self._open(MaterialDialog(self.ctx, d, self)) if (d := self._need()) else None

    @Slot()
    def complete(self) -> FormDialog | None:
        return self._open(CompleteDialog(self.ctx, d, self)) if (d := self._need()) else None

    @Slot()
    def revisit(self) -> FormDialog | None:
        return self._open(RevisitDialog(self.ctx, d, self)) if (d := self._need()) else None

    @Slot()
    def note(self) -> FormDialog | None:
        if (d := self._need()) is None:
            return None
        orders, by = self.ctx.services.repairs.orders, self.ctx.operator
        return self._open(TextDialog(self.ctx, f"跟进记录 — {d.row.number}", "跟进记录",
                                     lambda text: orders.note(d.id, text, by), self))

    @Slot()
    def cancel(self) -> FormDialog | None:
        if (d := self._need()) is None:
            return None
        orders, by = self.ctx.services.repairs.orders, self.ctx.operator
        return self._open(TextDialog(self.ctx, f"取消工单 — {d.row.number}", "取消原因",
                                     lambda text: orders.cancel(d.id, text, by), self, "取消工单"))

    # --- paper ------------------------------------------------------------------------------------------
    @Slot()
    def print_order(self) -> object:
        if (d := self._need()) is None:
            return None
        paper = self.ctx.services.repairs.paper
        return show_pdf(self.ctx, self, f"维修派工单 {d.row.number}", lambda out: paper.work_order_pdf(d.id, out))

    @Slot()
    def export_excel(self) -> object:
        paper, f = self.ctx.services.repairs.paper, self.model.order_filter
        return export_xlsx(self.ctx, self, "维修工单台账", lambda out, progress: paper.export_work_orders(f, out, progress))

    def open_order(self, order_id: int) -> None:
        """Show one order even if the current filter hides it (e.g. from the device screen)."""
        if self.model.row_of(order_id) < 0:
            self.state_box.setCurrentText(ALL_STATES)
            self.search.clear()
        self.apply_filter()
        self.select(order_id)
        if self.detail is None or self.detail.id != order_id:
            self._show(order_id)
