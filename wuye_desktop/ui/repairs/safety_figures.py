"""安全记录 (篇1 §4: unsafe work stopped — who, where, what, measure) and 指标 (篇1 §5: intact rate,
plan completion and on-time rate, repair timeliness per month)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from wuye_desktop.domain.repairs_figures import MonthFigures, percent_text
from wuye_desktop.domain.repairs_records import SafetyDraft
from wuye_desktop.ui.common.field_widgets import line, text_area
from wuye_desktop.ui.common.fields import datetime_edit
from wuye_desktop.ui.common.view_table import Column, add_action, dt, new_toolbar
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import FormDialog, ListModel, make_table, staff_box, time_of


class SafetyDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "记录制止违章作业", parent, "记录")
        self.at = self.field("at", "时间", datetime_edit(ctx.now().replace(second=0)), required=True)
        self.place = self.field("place", "地点", line(), required=True)
        self.who = self.field("who", "作业人员（单位）", line(placeholder="如 某装饰公司施工人员2名"), required=True)
        self.what = self.field("what", "违章情况", text_area(placeholder="违反安规或危及人身、设备安全的情况"), required=True)
        self.measure = self.field("measure", "采取的措施", text_area(placeholder="如 立即制止，断电挂牌后方准施工"),
                             required=True)
        self.stopped_by = self.field("stopped_by", "制止人", staff_box(ctx), required=True)
        self.follow_up = self.field("follow_up", "后续跟进", text_area(height=48))

    def submit(self) -> object:
        draft = SafetyDraft(time_of(self.at), self.place.text(), self.who.text(), self.what.toPlainText(),
                            self.measure.toPlainText(), self.stopped_by.currentText(), self.follow_up.toPlainText())
        return self.ctx.services.repairs.safety.record(draft, self.ctx.working_project_id)


class SafetyPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        tb = self.toolbar = new_toolbar("安全记录")
        self.new_action = add_action(tb, self, "add", "记录制止违章", self.new_record)
        self.refresh_action = add_action(tb, self, "refresh", "刷新", self.refresh)
        self.model = ListModel([
            Column("时间", lambda r: dt(r.at), 122), Column("地点", lambda r: r.place, 120),
            Column("作业人员（单位）", lambda r: r.who, 150), Column("违章情况", lambda r: r.what, 260),
            Column("采取的措施", lambda r: r.measure, 260), Column("制止人", lambda r: r.stopped_by, 60),
            Column("后续跟进", lambda r: r.follow_up, 160)], parent=self)
        self.view = make_table(self.model, "safetyTable")
        note = QLabel("「安全第一、预防为主」：制止违反安规或危及人身和设备安全的施工、作业（篇1 §4）")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tb)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.model.set_rows(self.ctx.services.repairs.safety.records(self.ctx.project_id))

    @Slot()
    def new_record(self) -> QDialog:
        dialog = SafetyDialog(self.ctx, self)
        dialog.saved.connect(self.refresh)
        self.dialog = dialog
        dialog.open()
        return dialog


FIGURE_TIPS = {
    "完好率": "设备完好率 = 月末状态为「完好」的设备 ÷ 在用设备（完好 + 带病运行；停用、报废不计）",
    "计划完成率": "本月计划日期的保养巡检任务中已完成的比例",
    "按时完成率": "本月计划日期的保养巡检任务中在完成期限内完成的比例",
    "维修及时率": "本月报修的工单中，派工、按约到场、限期完工均未超时的比例（尚未到期的未完工单不计）",
}


class FiguresPage(QWidget):
    """Twelve months of the supervisor's figures, the chosen month in large type."""

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.now().date()
        tb = self.toolbar = new_toolbar("指标")
        self.refresh_action = add_action(tb, self, "refresh", "刷新", self.refresh)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix(" 年")
        self.cards: dict[str, QLabel] = {}
        box = QGroupBox("本月")
        grid = QGridLayout(box)
        for i, name in enumerate(FIGURE_TIPS):
            title = QLabel(name)
            value = QLabel("—")
            value.setObjectName("figureValue")
            value.setStyleSheet("font-size: 22pt; font-weight: bold;")
            value.setToolTip(FIGURE_TIPS[name])
            title.setToolTip(FIGURE_TIPS[name])
            grid.addWidget(title, 0, i, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(value, 1, i, Qt.AlignmentFlag.AlignCenter)
            self.cards[name] = value
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        grid.addWidget(self.detail, 2, 0, 1, len(FIGURE_TIPS))
        self.model = ListModel([
            Column("月份", lambda m: m.label, 90, sort=lambda m: m.month),
            Column("在用设备", lambda m: str(m.devices_in_service), 70), Column("完好", lambda m: str(m.devices_intact), 50),
            Column("完好率", lambda m: percent_text(m.intact_rate), 70),
            Column("计划任务", lambda m: str(m.tasks_planned), 70), Column("已完成", lambda m: str(m.tasks_done), 60),
            Column("计划完成率", lambda m: percent_text(m.plan_completion_rate), 80),
            Column("按时完成率", lambda m: percent_text(m.plan_on_time_rate), 80),
            Column("报修", lambda m: str(m.orders_received), 50), Column("完工", lambda m: str(m.orders_finished), 50),
            Column("维修及时率", lambda m: percent_text(m.timeliness_rate), 80),
            Column("未消除缺陷", lambda m: str(m.open_defects), 80), Column("事故", lambda m: str(m.accidents), 50)],
            parent=self)
        self.view = make_table(self.model, "figuresTable", sortable=False)
        row = QHBoxLayout()
        row.addWidget(QLabel("年份："))
        row.addWidget(self.year)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tb)
        layout.addLayout(row)
        layout.addWidget(box)
        layout.addWidget(self.view, 1)
        self.year.valueChanged.connect(self.refresh)
        self._loaded = False  # twelve months of figures are read when the page is first shown, not at start

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    @Slot()
    def refresh(self) -> None:
        self._loaded = True
        months = self.ctx.services.repairs.figures.year(self.ctx.project_id, self.year.value())
        self.model.set_rows(months)
        self.show_month(months[-1] if months else None)

    def show_month(self, m: MonthFigures | None) -> None:
        if m is None:
            for value in self.cards.values():
                value.setText("—")
            self.detail.setText("")
            return
        self.cards["完好率"].setText(percent_text(m.intact_rate))
        self.cards["计划完成率"].setText(percent_text(m.plan_completion_rate))
        self.cards["按时完成率"].setText(percent_text(m.plan_on_time_rate))
        self.cards["维修及时率"].setText(percent_text(m.timeliness_rate))
        self.detail.setText(
            f"{m.label}：在用设备 {m.devices_in_service} 台，其中完好 {m.devices_intact} 台、带病运行 {m.devices_degraded} 台"
            f"（另有停用 {m.devices_stopped} 台不计）；保养巡检任务 {m.tasks_planned} 项，已完成 {m.tasks_done} 项，"
            f"按时 {m.tasks_on_time} 项，逾期未完成 {m.tasks_overdue} 项；报修 {m.orders_received} 单，"
            f"已完工 {m.orders_finished} 单，计入及时率 {m.orders_counted} 单、及时 {m.orders_timely} 单。")
