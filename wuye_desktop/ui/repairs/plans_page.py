"""保养计划: plans (running or paused), the month's dated tasks (done, late, overdue) with the printable
checklist, and the supervisor's upgrade proposals (技改方案)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.repairs import TaskState
from wuye_desktop.services.repairs_views import PlanView, ProposalView, TaskView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.view_table import Column, add_action, d, dt, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import ListModel, make_table
from wuye_desktop.ui.repairs.paper import export_xlsx, show_pdf
from wuye_desktop.ui.repairs.plan_dialogs import DecisionDialog, PlanDialog, ProposalDialog, TaskDoneDialog

TASK_FILTERS = ("全部任务", "未完成", "已逾期", "已完成")
TASK_TONE = {TaskState.OVERDUE: "overdue", TaskState.DONE_LATE: "warn", TaskState.DONE: "closed"}


class PlansPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        tb = self.toolbar = new_toolbar("保养计划")
        self.new_action = add_action(tb, self, "add", "新建计划", self.new_plan)
        self.edit_action = add_action(tb, self, "", "修改计划", self.edit_plan)
        self.pause_action = add_action(tb, self, "", "暂停/恢复", self.toggle_pause)
        tb.addSeparator()
        self.done_action = add_action(tb, self, "check", "完成任务", self.complete_task)
        self.print_action = add_action(tb, self, "print", "打印本月清单", self.print_checklist)
        self.export_action = add_action(tb, self, "export", "导出计划", self.export_excel)
        tb.addSeparator()
        self.propose_action = add_action(tb, self, "", "提出技改方案", self.propose)
        self.decide_action = add_action(tb, self, "", "决定", self.decide)
        self.refresh_action = add_action(tb, self, "refresh", "刷新", self.refresh)

        self.plans = ListModel([
            Column("计划名称", lambda p: p.name, 160), Column("类别", lambda p: p.kind, 50),
            Column("周期", lambda p: p.period_text, 70), Column("首次日期", lambda p: d(p.start_date), 90),
            Column("设备", lambda p: p.devices_text, 260), Column("负责人", lambda p: p.responsible, 60),
            Column("状态", lambda p: "已暂停" if p.paused else "执行中", 60),
            Column("下次日期", lambda p: d(p.next_date), 90),
            Column("逾期任务", lambda p: str(p.overdue_tasks or ""), 70, sort=lambda p: p.overdue_tasks),
            Column("内容", lambda p: p.content, 240)],
            lambda p: "overdue" if p.overdue_tasks else ("closed" if p.paused else ""), self)
        self.tasks = ListModel([
            Column("计划日期", lambda t: d(t.scheduled), 90), Column("计划名称", lambda t: t.plan_name, 160),
            Column("类别", lambda t: t.plan_kind, 50), Column("设备", lambda t: t.devices_text, 240),
            Column("完成期限", lambda t: dt(t.due_at), 122), Column("状态", lambda t: t.state.value, 70),
            Column("完成时间", lambda t: dt(t.done_at), 122), Column("执行人", lambda t: t.done_by, 60),
            Column("执行情况", lambda t: t.notes, 200), Column("照片", lambda t: "有" if t.photo_path else "", 40)],
            lambda t: TASK_TONE.get(t.state, ""), self)
        self.proposals = ListModel([
            Column("提出日期", lambda p: d(p.proposed_on), 90), Column("方案名称", lambda p: p.title, 180),
            Column("设备", lambda p: p.device_label, 140), Column("预算（元）", lambda p: p.cost_text, 90,
                                                                  sort=lambda p: p.cost_fen),
            Column("提出人", lambda p: p.proposed_by, 60), Column("决定", lambda p: p.decision, 70),
            Column("决定人", lambda p: p.decided_by, 60), Column("决定日期", lambda p: d(p.decided_on), 90),
            Column("改造理由", lambda p: p.reason, 240)],
            lambda p: "warn" if p.decision == "待决定" else "", self)
        self.plan_view = make_table(self.plans, "planTable")
        self.task_view = make_table(self.tasks, "taskTable")
        self.proposal_view = make_table(self.proposals, "proposalTable")

        today = ctx.now().date()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix(" 年")
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.month.setSuffix(" 月")
        self.task_filter = QComboBox()
        self.task_filter.addItems(TASK_FILTERS)
        self.task_summary = QLabel()
        task_page = QWidget()
        row = QHBoxLayout()
        for w in (QLabel("月份："), self.year, self.month, self.task_filter):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.task_summary)
        tl = QVBoxLayout(task_page)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(row)
        tl.addWidget(self.task_view, 1)

        self.inner = QTabWidget()
        self.inner.addTab(self.plan_view, "计划")
        self.inner.addTab(task_page, "任务")
        self.inner.addTab(self.proposal_view, "技改方案")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tb)
        layout.addWidget(self.inner, 1)
        for box in (self.year, self.month):
            box.valueChanged.connect(self.refresh_tasks)
        self.task_filter.currentIndexChanged.connect(self.refresh_tasks)
        self.task_view.doubleClicked.connect(self.complete_task)
        self.plan_view.doubleClicked.connect(self.edit_plan)
        self.refresh()

    # --- loading ---------------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        r, pid = self.ctx.services.repairs, self.ctx.project_id
        self.plans.set_rows(r.plans.plans(pid))
        self.proposals.set_rows(r.proposals.proposals(pid))
        self.refresh_tasks()

    @Slot()
    def refresh_tasks(self) -> None:
        every = self.ctx.services.repairs.plans.month_tasks(self.ctx.project_id, self.year.value(), self.month.value())
        done = sum(1 for t in every if t.done_at)
        on_time = sum(1 for t in every if t.state is TaskState.DONE)
        overdue = sum(1 for t in every if t.state is TaskState.OVERDUE)
        wanted = self.task_filter.currentText()
        keep = {"未完成": lambda t: t.done_at is None, "已逾期": lambda t: t.state is TaskState.OVERDUE,
                "已完成": lambda t: t.done_at is not None}.get(wanted, lambda t: True)
        self.tasks.set_rows([t for t in every if keep(t)])
        self.task_summary.setText(f"本月任务 {len(every)} 项：已完成 {done}（按时 {on_time}），逾期未完成 {overdue}")

    def show_month(self, day: date) -> None:
        self.year.setValue(day.year)
        self.month.setValue(day.month)
        self.inner.setCurrentIndex(1)

    # --- actions -----------------------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.saved.connect(self.refresh)  # type: ignore[attr-defined]
        dialog.open()
        return dialog

    def _plan(self) -> PlanView | None:
        p = selected_row(self.plan_view)
        if p is None:
            self.inner.setCurrentIndex(0)
            msgbox.information(self, "保养计划", "请先在「计划」中选择一项计划")
        return p  # type: ignore[no-any-return]

    def _task(self) -> TaskView | None:
        t = selected_row(self.task_view)
        if t is None:
            self.inner.setCurrentIndex(1)
            msgbox.information(self, "保养任务", "请先在「任务」中选择一项任务")
        return t  # type: ignore[no-any-return]

    @Slot()
    def new_plan(self) -> QDialog:
        return self._open(PlanDialog(self.ctx, self))

    @Slot()
    def edit_plan(self) -> QDialog | None:
        return self._open(PlanDialog(self.ctx, self, p)) if (p := self._plan()) else None

    @Slot()
    def toggle_pause(self) -> PlanView | None:
        if (p := self._plan()) is None:
            return None
        plans = self.ctx.services.repairs.plans
        try:
            result = plans.resume(p.id, self.ctx.operator) if p.paused else plans.pause(p.id, self.ctx.operator)
        except DomainError as exc:
            msgbox.warning(self, "保养计划", exc.message)
            return None
        self.refresh()
        self.ctx.data_changed.emit("repairs")
        return result

    @Slot()
    def complete_task(self) -> QDialog | None:
        if (t := self._task()) is None:
            return None
        if t.done_at is not None:
            msgbox.information(self, "保养任务", f"该任务已于{t.done_at:%Y-%m-%d %H:%M}由{t.done_by}完成")
            return None
        return self._open(TaskDoneDialog(self.ctx, t, self))

    @Slot()
    def print_checklist(self) -> object:
        paper, pid = self.ctx.services.repairs.paper, self.ctx.project_id
        year, month = self.year.value(), self.month.value()
        return show_pdf(self.ctx, self, f"{year}年{month}月保养巡检任务清单",
                        lambda out: paper.checklist_pdf(pid, year, month, out))

    @Slot()
    def export_excel(self) -> object:
        paper, pid = self.ctx.services.repairs.paper, self.ctx.project_id
        return export_xlsx(self.ctx, self, "保养巡检计划", lambda out, progress: paper.export_plans(pid, out, progress),
                           "项")

    @Slot()
    def propose(self) -> QDialog:
        self.inner.setCurrentIndex(2)
        return self._open(ProposalDialog(self.ctx, self))

    @Slot()
    def decide(self) -> QDialog | None:
        p: ProposalView | None = selected_row(self.proposal_view)
        if p is None:
            self.inner.setCurrentIndex(2)
            msgbox.information(self, "技改方案", "请先在「技改方案」中选择一项方案")
            return None
        return self._open(DecisionDialog(self.ctx, p, self))
