"""设备台账: the equipment register with its filters; a device's history opens on one screen."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.repairs import IN_SERVICE_STATES, SYSTEMS, DeviceState
from wuye_desktop.domain.repairs_figures import percent_text, rate
from wuye_desktop.services.repairs_views import DeviceView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.view_table import Column, add_action, d, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import ListModel, make_table
from wuye_desktop.ui.repairs.device_dialogs import DeviceCardDialog, DeviceDialog, StateDialog
from wuye_desktop.ui.repairs.paper import export_xlsx, show_pdf

ALL = "全部"


def device_tone(dv: DeviceView) -> str:
    if dv.state in (DeviceState.STOPPED.value, DeviceState.SCRAPPED.value):
        return "closed"
    if dv.state == DeviceState.DEGRADED.value or dv.open_defects:
        return "warn"
    return ""


class EquipmentPage(QWidget):
    status_message = Signal(str)
    open_order = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        self._deleting: int | None = None
        tb = self.toolbar = new_toolbar("设备台账")
        self.new_action = add_action(tb, self, "add", "新增设备", self.new_device)
        self.edit_action = add_action(tb, self, "", "修改", self.edit_device)
        self.state_action = add_action(tb, self, "", "变更状态", self.change_state)
        self.scrap_action = add_action(tb, self, "", "报废", self.scrap)
        self.delete_action = add_action(tb, self, "", "删除", self.delete)
        tb.addSeparator()
        self.card_action = add_action(tb, self, "search", "设备履历", self.open_card)
        self.print_action = add_action(tb, self, "print", "打印设备卡片", self.print_card)
        self.export_action = add_action(tb, self, "export", "导出Excel", self.export_excel)
        self.refresh_action = add_action(tb, self, "refresh", "刷新", self.refresh)

        self.system_box = QComboBox()
        self.system_box.addItems([ALL, *SYSTEMS])
        self.state_box = QComboBox()
        self.state_box.addItems([ALL, *(s.value for s in DeviceState)])
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：编号、名称、位置、型号、厂家")
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel()
        bar = QHBoxLayout()
        for label, widget in (("系统：", self.system_box), ("状态：", self.state_box)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.summary)

        self.model = ListModel([
            Column("设备编号", lambda x: x.code, 90), Column("设备名称", lambda x: x.name, 150),
            Column("所属系统", lambda x: x.system, 70), Column("安装位置", lambda x: x.location, 140),
            Column("规格型号", lambda x: x.model, 130), Column("生产厂家", lambda x: x.maker, 100),
            Column("安装日期", lambda x: d(x.install_date), 90), Column("状态", lambda x: x.state, 70),
            Column("未消除缺陷", lambda x: str(x.open_defects or ""), 80, sort=lambda x: x.open_defects),
            Column("管理处", lambda x: self._projects.get(x.project_id, ""), 100)], device_tone, self)
        self.view = make_table(self.model, "deviceTable")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tb)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._projects: dict[int, str] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.system_box.currentIndexChanged.connect(self.refresh)
        self.state_box.currentIndexChanged.connect(self.refresh)
        self.view.doubleClicked.connect(self.open_card)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._projects = {p.id: p.name for p in self.ctx.services.settings.projects(include_inactive=True)}
        system = self.system_box.currentText()
        state = self.state_box.currentText()
        devices = self.ctx.services.repairs.devices.devices(
            self.ctx.project_id, "" if system == ALL else system, "" if state == ALL else state, self.search.text())
        keep = self.selected()
        self.model.set_rows(devices)
        self.view.setColumnHidden(len(self.model.columns) - 1, self.ctx.project_id is not None)
        if keep is not None and (row := self.model.row_of(lambda x: x.id == keep.id)) >= 0:
            self.view.selectRow(row)
        in_service = [x for x in devices if DeviceState(x.state) in IN_SERVICE_STATES]
        intact = sum(1 for x in in_service if x.state == DeviceState.INTACT.value)
        self.summary.setText(f"共 {len(devices)} 台，在用 {len(in_service)} 台，完好 {intact} 台，"
                             f"完好率 {percent_text(rate(intact, len(in_service)))}")

    def selected(self) -> DeviceView | None:
        return selected_row(self.view)  # type: ignore[no-any-return]

    def _need(self) -> DeviceView | None:
        dv = self.selected()
        if dv is None:
            msgbox.information(self, "设备台账", "请先在列表中选择一台设备")
        return dv

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        if hasattr(dialog, "saved"):
            dialog.saved.connect(self.refresh)
        dialog.open()
        return dialog

    @Slot()
    def new_device(self) -> QDialog:
        return self._open(DeviceDialog(self.ctx, self))

    @Slot()
    def edit_device(self) -> QDialog | None:
        return self._open(DeviceDialog(self.ctx, self, dv)) if (dv := self._need()) else None

    @Slot()
    def change_state(self) -> QDialog | None:
        return self._open(StateDialog(self.ctx, dv, self)) if (dv := self._need()) else None

    @Slot()
    def scrap(self) -> QDialog | None:
        return self._open(StateDialog(self.ctx, dv, self, scrap=True)) if (dv := self._need()) else None

    @Slot()
    def delete(self) -> object:
        if (dv := self._need()) is None:
            return None
        self._deleting = dv.id
        return msgbox.question(self, "删除设备", f"确定删除设备「{dv.code} {dv.name}」吗？\n"
                                                 "只有误录、没有任何记录的设备才能删除。",
                               self._confirm_delete, yes_text="删除", no_text="不删除")

    @Slot()
    def _confirm_delete(self) -> None:
        if self._deleting is not None:
            self.delete_now(self._deleting)

    def delete_now(self, device_id: int) -> bool:
        try:
            self.ctx.services.repairs.devices.delete(device_id)
        except DomainError as exc:
            msgbox.warning(self, "不能删除", exc.message)
            return False
        self.refresh()
        self.ctx.data_changed.emit("repairs")
        return True

    @Slot()
    def open_card(self) -> QDialog | None:
        if (dv := self._need()) is None:
            return None
        dialog = DeviceCardDialog(self.ctx, dv.id, self)
        dialog.open_order.connect(self.open_order)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def print_card(self) -> object:
        if (dv := self._need()) is None:
            return None
        paper = self.ctx.services.repairs.paper
        return show_pdf(self.ctx, self, f"设备卡片 {dv.code}", lambda out: paper.device_card_pdf(dv.id, out))

    @Slot()
    def export_excel(self) -> object:
        paper, pid = self.ctx.services.repairs.paper, self.ctx.project_id
        return export_xlsx(self.ctx, self, "设备台账", lambda out, progress: paper.export_equipment(pid, out, progress),
                           "台")
