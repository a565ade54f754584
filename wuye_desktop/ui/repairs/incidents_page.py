"""缺陷与事故: open defects first (overdue removal red), and accidents with their report deadline."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QSplitter, QVBoxLayout, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.repairs_views import AccidentView, DefectView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.view_table import Column, add_action, d, dt, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import ListModel, make_table
from wuye_desktop.ui.repairs.incident_dialogs import (
    AccidentDialog,
    DefectDialog,
    FindingsDialog,
    RemovalDialog,
    ReportDialog,
)


class IncidentsPage(QWidget):
    status_message = Signal(str)
    open_order = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        tb = self.toolbar = new_toolbar("缺陷与事故")
        self.defect_action = add_action(tb, self, "add", "登记缺陷", self.new_defect)
        self.remove_action = add_action(tb, self, "check", "消除缺陷", self.remove_defect)
        self.order_action = add_action(tb, self, "", "生成维修工单", self.make_order)
        tb.addSeparator()
        self.accident_action = add_action(tb, self, "alert", "登记事故", self.new_accident)
        self.report_action = add_action(tb, self, "", "记录上报", self.report)
        self.findings_action = add_action(tb, self, "", "原因与措施", self.findings)
        self.refresh_action = add_action(tb, self, "refresh", "刷新", self.refresh)
        self.open_only = QCheckBox("只看未消除的缺陷")
        self.open_only.setChecked(True)

        now = ctx.now
        self.defects = ListModel([
            Column("缺陷编号", lambda x: x.number, 140), Column("设备", lambda x: x.device_label, 160),
            Column("发现时间", lambda x: dt(x.found_at), 122), Column("发现人", lambda x: x.found_by, 60),
            Column("程度", lambda x: x.severity, 50), Column("缺陷情况", lambda x: x.description, 260),
            Column("安全措施", lambda x: x.made_safe, 160), Column("限期消除", lambda x: d(x.due_date), 90),
            Column("消除时间", lambda x: dt(x.removed_at), 122), Column("处理情况", lambda x: x.removal_note, 200)],
            lambda x: self._defect_tone(x), self)
        self.accidents = ListModel([
            Column("事故编号", lambda a: a.number, 150), Column("发生时间", lambda a: dt(a.occurred_at), 122),
            Column("类别", lambda a: a.category, 90), Column("地点", lambda a: a.place, 120),
            Column("事故经过", lambda a: a.what, 240),
            Column("上报", lambda a: f"{a.reported_to} {dt(a.reported_at)}" if a.reported_at else "未上报", 170),
            Column("上报期限", lambda a: dt(a.report_due), 122), Column("原因", lambda a: a.cause, 160),
            Column("措施", lambda a: a.measures, 160), Column("状态", lambda a: "已结案" if a.closed_at else "处理中", 60)],
            lambda a: "overdue" if a.report_late(now()) else ("closed" if a.closed_at else ""), self)
        self.defect_view = make_table(self.defects, "defectTable")
        self.accident_view = make_table(self.accidents, "accidentTable")
        top, bottom = QWidget(), QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.open_only)
        tl.addWidget(self.defect_view, 1)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel("事故记录（上报期限：发生后5分钟，篇1 §5、篇2 §6；超时者标红）"))
        bl.addWidget(self.accident_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tb)
        layout.addWidget(split, 1)
        self.open_only.toggled.connect(self.refresh)
        self.refresh()

    def _defect_tone(self, x: DefectView) -> str:
        if x.overdue(self.ctx.now().date()) and x.is_open:
            return "overdue"
        if not x.is_open:
            return "closed"
        return "warn" if x.severity != "一般" else ""

    @Slot()
    def refresh(self) -> None:
        r, pid = self.ctx.services.repairs, self.ctx.project_id
        defects = r.defects.defects(pid, open_only=self.open_only.isChecked())
        self.defects.set_rows(defects)
        self.accidents.set_rows(r.accidents.accidents(pid))
        self.status_message.emit(f"未消除缺陷 {sum(1 for x in defects if x.is_open)} 项")

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.saved.connect(self.refresh)  # type: ignore[attr-defined]
        dialog.open()
        return dialog

    def _defect(self) -> DefectView | None:
        x = selected_row(self.defect_view)
        if x is None:
            msgbox.information(self, "缺陷", "请先选择一项缺陷")
        return x  # type: ignore[no-any-return]

    def _accident(self) -> AccidentView | None:
        a = selected_row(self.accident_view)
        if a is None:
            msgbox.information(self, "事故", "请先选择一项事故记录")
        return a  # type: ignore[no-any-return]

    @Slot()
    def new_defect(self) -> QDialog:
        return self._open(DefectDialog(self.ctx, self))

    @Slot()
    def remove_defect(self) -> QDialog | None:
        return self._open(RemovalDialog(self.ctx, x, self)) if (x := self._defect()) else None

    @Slot()
    def make_order(self) -> int | None:
        if (x := self._defect()) is None:
            return None
        r = self.ctx.services.repairs
        try:
            order_id = r.defects.work_order_for(x.id, self.ctx.operator, r.orders)
        except DomainError as exc:
            msgbox.warning(self, "不能生成工单", exc.message)
            return None
        self.ctx.data_changed.emit("repairs")
        self.open_order.emit(order_id)
        return order_id

    @Slot()
    def new_accident(self) -> QDialog:
        return self._open(AccidentDialog(self.ctx, self))

    @Slot()
    def report(self) -> QDialog | None:
        return self._open(ReportDialog(self.ctx, a, self)) if (a := self._accident()) else None

    @Slot()
    def findings(self) -> QDialog | None:
        return self._open(FindingsDialog(self.ctx, a, self)) if (a := self._accident()) else None
