"""Dialogs of the equipment register: a device's facts, a state change (报废 instead of deleting), and
the device's one screen with documents and its whole history (issue 4)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Qt, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.repairs import DOCUMENT_KINDS, SYSTEMS, DeviceState
from wuye_desktop.domain.repairs_drafts import DeviceDraft
from wuye_desktop.services.repairs_equipment import DEVICE_EDIT
from wuye_desktop.services.repairs_views import DeviceCard, DeviceView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.field_widgets import OptionalDate, choice, line, text_area
from wuye_desktop.ui.common.view_table import Column, d, dt, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import FormDialog, ListModel, make_table
from wuye_desktop.ui.repairs.paper import show_pdf


class DeviceDialog(FormDialog):
    """新增设备 / 修改台账 (设备台账, 篇1 §1–2)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, device: DeviceView | None = None) -> None:
        super().__init__(ctx, f"修改设备 — {device.code}" if device else "新增设备", parent)
        self.device = device
        self.code = self.field("code", "设备编号", line(device.code if device else "", "如 GD-01"), required=True)
        self.name = self.field("name", "设备名称", line(device.name if device else ""), required=True)
        self.system = self.field("system", "所属系统", choice(SYSTEMS, device.system if device else "", editable=True),
                            required=True)
        self.location = self.field("location", "安装位置", line(device.location if device else ""), required=True)
        self.model_ = self.field("model", "规格型号", line(device.model if device else ""))
        self.maker = self.field("maker", "生产厂家", line(device.maker if device else ""))
        self.install = self.field("install_date", "安装日期", OptionalDate("已知", device.install_date if device else None,
                                                                      ctx.now().date()))
        self.state = self.field("state", "状态", choice([s.value for s in DeviceState if s is not DeviceState.SCRAPPED],
                                                   device.state if device else DeviceState.INTACT.value))
        if device and device.state == DeviceState.SCRAPPED.value:
            self.state.addItem(DeviceState.SCRAPPED.value)
            self.state.setCurrentText(DeviceState.SCRAPPED.value)
            self.state.setEnabled(False)
        self.notes = self.field("notes", "备注", text_area(device.notes if device else "", 52))
        if device is not None:
            self.lock_edit(DEVICE_EDIT, device, self._reload)

    def _reload(self) -> DeviceView:
        assert self.device is not None
        return self.ctx.services.repairs.devices.get(self.device.id)

    def submit(self) -> object:
        draft = DeviceDraft(self.code.text(), self.name.text(), self.system.currentText(), self.location.text(),
                            self.model_.text(), self.maker.text(), self.install.value(),
                            DeviceState(self.state.currentText()), self.notes.toPlainText())
        devices = self.ctx.services.repairs.devices
        if self.device is None:
            return devices.create(draft, self.ctx.working_project_id, self.ctx.operator)
        return devices.update(self.device.id, draft, self.ctx.operator, expected_version=self.edit_version)


class StateDialog(FormDialog):
    """Change a device's state with a reason; 报废 is how a device with history leaves the register."""

    def __init__(self, ctx: UiContext, device: DeviceView, parent: QWidget | None = None,
                 scrap: bool = False) -> None:
        super().__init__(ctx, f"{'报废' if scrap else '变更状态'} — {device.code} {device.name}", parent,
                         "报废" if scrap else "保存")
        self.device = device
        self.body.insertWidget(0, QLabel(f"当前状态：{device.state}"))
        options = [s.value for s in DeviceState if s.value != device.state]
        self.state = self.field("state", "新状态", choice(options, DeviceState.SCRAPPED.value if scrap else ""))
        self.note = self.field("note", "原因", text_area(height=52), required=True)

    def submit(self) -> object:
        return self.ctx.services.repairs.devices.set_state(self.device.id, DeviceState(self.state.currentText()),
                                                           self.ctx.operator, self.note.toPlainText())


def _orders_model(parent: QWidget) -> ListModel:
    return ListModel([Column("工单编号", lambda o: o.number, 150), Column("报修时间", lambda o: dt(o.received_at), 122),
                      Column("报修内容", lambda o: o.subject, 200), Column("状态", lambda o: o.state, 70),
                      Column("维修人员", lambda o: o.technician, 70), Column("完工", lambda o: dt(o.completed_at), 122)],
                     lambda o: "closed" if not o.is_open else "", parent)


class DeviceCardDialog(QDialog):
    """One screen per device: facts, drawings and documents, work orders, defects, accidents, plan tasks,
    state changes and upgrade proposals."""

    open_order = Signal(int)

    def __init__(self, ctx: UiContext, device_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.device_id = device_id
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(980, 640)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.orders = _orders_model(self)
        self.defects = ListModel([
            Column("编号", lambda x: x.number, 140), Column("发现时间", lambda x: dt(x.found_at), 122),
            Column("发现人", lambda x: x.found_by, 60), Column("程度", lambda x: x.severity, 50),
            Column("缺陷情况", lambda x: x.description, 260), Column("消除", lambda x: dt(x.removed_at) or "未消除", 122)],
            lambda x: "warn" if x.is_open else "closed", self)
        self.accidents = ListModel([
            Column("编号", lambda a: a.number, 140), Column("发生时间", lambda a: dt(a.occurred_at), 122),
            Column("事故经过", lambda a: a.what, 300), Column("原因", lambda a: a.cause, 160),
            Column("状态", lambda a: "已结案" if a.closed_at else "处理中", 60)], parent=self)
        self.tasks = ListModel([
            Column("计划日期", lambda t: d(t.scheduled), 90), Column("计划", lambda t: t.plan_name, 180),
            Column("状态", lambda t: t.state.value, 70), Column("完成", lambda t: dt(t.done_at), 122),
            Column("执行人", lambda t: t.done_by, 60), Column("执行情况", lambda t: t.notes, 200)],
            lambda t: {"已逾期": "overdue", "超时完成": "warn"}.get(t.state.value, ""), self)
        self.states = ListModel([Column("时间", lambda s: dt(s.at), 122), Column("状态", lambda s: s.state, 70),
                                 Column("经办人", lambda s: s.by, 70), Column("原因", lambda s: s.note, 300)], parent=self)
        self.documents = ListModel([Column("类别", lambda x: x.kind, 70), Column("文件", lambda x: x.original_name, 300),
                                    Column("添加时间", lambda x: dt(x.added_at), 122),
                                    Column("添加人", lambda x: x.added_by, 70)], parent=self)
        self.order_view = make_table(self.orders, "cardOrders")
        self.doc_view = make_table(self.documents, "cardDocuments")
        for title, widget in (("维修工单", self.order_view), ("缺陷", make_table(self.defects, "cardDefects")),
                              ("事故", make_table(self.accidents, "cardAccidents")),
                              ("保养巡检", make_table(self.tasks, "cardTasks")),
                              ("状态变更", make_table(self.states, "cardStates")),
                              ("图纸资料", self._documents_page())):
            self.tabs.addTab(widget, title)
        buttons = QHBoxLayout()
        self.print_button = QPushButton("打印设备卡片")
        self.close_button = QPushButton("关闭")
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_card)
        self.close_button.clicked.connect(self.close)
        self.order_view.doubleClicked.connect(self._order_clicked)
        self.reload()

    def _documents_page(self) -> QWidget:
        page = QWidget()
        self.doc_kind = QComboBox()
        self.doc_kind.addItems(DOCUMENT_KINDS)
        self.add_doc = QPushButton("添加资料…")
        self.open_doc = QPushButton("打开")
        row = QHBoxLayout()
        row.addWidget(QLabel("类别："))
        row.addWidget(self.doc_kind)
        row.addWidget(self.add_doc)
        row.addWidget(self.open_doc)
        row.addStretch(1)
        box = QVBoxLayout(page)
        box.addLayout(row)
        box.addWidget(self.doc_view, 1)
        self.add_doc.clicked.connect(self.choose_document)
        self.open_doc.clicked.connect(self.open_document)
        return page

    def reload(self) -> None:
        self.card: DeviceCard = self.ctx.services.repairs.devices.card(self.device_id)
        c, dv = self.card, self.card.device
        self.setWindowTitle(f"设备履历 — {dv.code} {dv.name}")
        plans = "；".join(f"{p.name}（{p.period_text}{'，已暂停' if p.paused else ''}）" for p in c.plans) or "无"
        self.facts.setText(
            f"<b>{dv.code} {dv.name}</b>　{dv.system}　{dv.location}　状态：<b>{dv.state}</b>"
            f"{f'　未消除缺陷 {dv.open_defects} 项' if dv.open_defects else ''}<br>"
            f"规格型号：{dv.model or '—'}　生产厂家：{dv.maker or '—'}　安装日期：{d(dv.install_date) or '—'}"
            f"　管理处：{c.project_name}<br>保养计划：{plans}")
        self.orders.set_rows(c.orders)
        self.defects.set_rows(c.defects)
        self.accidents.set_rows(c.accidents)
        self.tasks.set_rows(c.tasks)
        self.states.set_rows(c.states)
        self.documents.set_rows(c.documents)
        counts = (len(c.orders), len(c.defects), len(c.accidents), len(c.tasks), len(c.states), len(c.documents))
        for i, n in enumerate(counts):
            self.tabs.setTabText(i, f"{self.tabs.tabText(i).split('（')[0]}（{n}）")

    @Slot()
    def choose_document(self) -> QFileDialog:
        dialog = QFileDialog(self, "添加图纸资料", str(Path.home()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.add_document)
        dialog.open()
        return dialog

    @Slot(str)
    def add_document(self, path: str) -> None:
        if not path:
            return
        try:
            self.ctx.services.repairs.devices.add_document(self.device_id, Path(path), self.doc_kind.currentText(),
                                                           self.ctx.operator)
        except DomainError as exc:
            msgbox.warning(self, "不能添加", exc.message)
            return
        self.reload()
        self.ctx.data_changed.emit("repairs")

    @Slot()
    def open_document(self) -> None:
        doc = selected_row(self.doc_view)
        if doc is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(doc.path))

    @Slot()
    def print_card(self) -> object:
        paper = self.ctx.services.repairs.paper
        dv = self.card.device
        return show_pdf(self.ctx, self, f"设备卡片 {dv.code}", lambda out: paper.device_card_pdf(dv.id, out))

    @Slot()
    def _order_clicked(self) -> None:
        order = selected_row(self.order_view)
        if order is not None:
            self.open_order.emit(order.id)

