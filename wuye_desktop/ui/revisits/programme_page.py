"""「回访计划」: the year's plans with their progress, what is due this month, and the visits held
(篇4 二.2: director 1–2 times a year, clerks each area every quarter, a forum every half year, events)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QSplitter, QVBoxLayout, QWidget

from wuye_desktop.domain.revisit_programme import PlanKind
from wuye_desktop.services.revisits_views import DueEntry, PlanView, VisitView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.view_table import Column, d, dt, make_table_view, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import ViewTableModel, add_action
from wuye_desktop.ui.revisits.programme_dialogs import PlanDialog, VisitDialog

PERIOD_TEXT = {PlanKind.AREA.value: "每季度", PlanKind.FORUM.value: "每半年"}


def _period_text(p: PlanView) -> str:
    if p.kind in PERIOD_TEXT:
        return PERIOD_TEXT[p.kind]
    return f"每年{p.times_per_year}次"


def _plan_tone(p: PlanView) -> str:
    if p.progress.missed:
        return "overdue"
    if any(item.ends_this_month for item in p.progress.due_now):
        return "soon"
    return "closed" if p.progress.required and p.progress.done >= p.progress.required else ""


class ProgrammePage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.toolbar = new_toolbar("回访计划")
        self.new_plan_action = add_action(self.toolbar, self, "add", "新建计划", self.new_plan)
        self.edit_plan_action = add_action(self.toolbar, self, "settings", "修改计划", self.edit_plan)
        self.visit_action = add_action(self.toolbar, self, "check", "登记回访/座谈会/活动", self.record_visit)
        self.toolbar.addSeparator()
        add_action(self.toolbar, self, "refresh", "刷新", self.reload)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.now().year)
        self.year.setSuffix(" 年")
        top = QHBoxLayout()
        top.addWidget(self.toolbar, 1)
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)

        self.plans = ViewTableModel([
            Column("计划名称", lambda p: p.title, 180),
            Column("类型", lambda p: p.kind, 110),
            Column("负责人", lambda p: p.owner, 80),
            Column("频次", lambda p: _period_text(p), 80),
            Column("名单 / 区域", lambda p: f"{len(p.targets)}项" if p.targets else "", 80,
                   tip=lambda p: "\n".join(p.targets)),
            Column("完成率", lambda p: f"{p.progress.percent}%", 64),
            Column("进度", lambda p: p.progress.text, 260),
        ], _plan_tone, self)
        self.plan_view = make_table_view(self.plans, "revisitPlanTable")
        self.due = ViewTableModel([
            Column("期限", lambda e: d(e.item.period.end), 90),
            Column("计划", lambda e: e.plan_title, 150),
            Column("对象", lambda e: e.item.target, 150),
            Column("期间", lambda e: e.item.period.label, 70),
            Column("负责人", lambda e: e.owner, 70),
        ], lambda e: "soon" if e.item.ends_this_month else "", self)
        self.due_view = make_table_view(self.due, "revisitDueTable")
        self.visits = ViewTableModel([
            Column("时间", lambda v: dt(v.held_at), 124),
            Column("形式", lambda v: v.kind, 100),
            Column("对象", lambda v: v.target, 140, tip=lambda v: v.content),
            Column("回访人/主持人", lambda v: v.by, 90),
            Column("地点", lambda v: v.place, 90),
            Column("满意度", lambda v: v.satisfaction, 64),
            Column("意见", lambda v: f"{v.opinions}条（未处理{v.opinions_open}）" if v.opinions else "", 110),
            Column("所属计划", lambda v: v.plan_title, 140),
        ], None, self)
        self.visit_view = make_table_view(self.visits, "revisitVisitTable")

        self.due_title = QLabel()
        self.due_title.setObjectName("sectionTitle")
        due_box = QWidget()
        due_layout = QVBoxLayout(due_box)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due_title)
        due_layout.addWidget(self.due_view, 1)
        visit_box = QWidget()
        visit_layout = QVBoxLayout(visit_box)
        visit_layout.setContentsMargins(0, 0, 0, 0)
        visit_layout.addWidget(QLabel("<b>回访、座谈会与活动记录</b>（悬停「对象」看记录/纪要）"))
        visit_layout.addWidget(self.visit_view, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(due_box)
        bottom.addWidget(visit_box)
        bottom.setSizes([420, 760])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plan_view)
        split.addWidget(bottom)
        split.setSizes([260, 360])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 6, 2)
        layout.addLayout(top)
        layout.addWidget(QLabel("红色：有期间已过仍未完成的对象；黄色：本月到期尚未完成；灰色：全年已完成。"))
        layout.addWidget(split, 1)
        self.year.valueChanged.connect(self.reload)
        self.plan_view.doubleClicked.connect(self._plan_double_clicked)

    @Slot()
    def reload(self) -> None:
        year = self.year.value()
        programme = self.ctx.services.revisits.programme
        project = self.ctx.project_id
        self.plans.set_rows(programme.plans(project, year))
        today = self.ctx.now().date()
        entries: list[DueEntry] = programme.due_this_month(project) if year == today.year else []
        self.due.set_rows(entries)
        ending = sum(1 for e in entries if e.item.ends_this_month)
        self.due_title.setText(f"<b>{today.month}月应完成</b>：本期待完成 {len(entries)} 项，其中本月到期 {ending} 项"
                               if year == today.year else f"<b>{year}年</b>（非本年度，不列待办）")
        self.visits.set_rows(programme.visits(project, year))

    def selected_plan(self) -> PlanView | None:
        return selected_row(self.plan_view)

    @Slot()
    def new_plan(self) -> PlanDialog:
        dialog = PlanDialog(self.ctx, self.year.value(), None, self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot()
    def edit_plan(self) -> PlanDialog | None:
        plan = self.selected_plan()
        if plan is None:
            msgbox.information(self, "修改计划", "请先在列表中选择一个计划。")
            return None
        dialog = PlanDialog(self.ctx, plan.year, plan, self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot(QModelIndex)
    def _plan_double_clicked(self, _index: QModelIndex) -> None:
        self.record_visit()

    @Slot()
    def record_visit(self) -> VisitDialog:
        plans = self.ctx.services.revisits.programme.plans(self.ctx.project_id, self.year.value())
        dialog = VisitDialog(self.ctx, plans, self.selected_plan(), self)
        dialog.saved.connect(self._visit_saved)
        dialog.open()
        return dialog

    @Slot(object)
    def _saved(self, _plan: object) -> None:
        self.reload()

    @Slot(object)
    def _visit_saved(self, visit: object) -> None:
        assert isinstance(visit, VisitView)
        self.reload()
        extra = f"，{visit.opinions} 条意见已列入「意见处理」" if visit.opinions else ""
        self.status_message.emit(f"已登记{visit.kind}：{visit.target}{extra}")
