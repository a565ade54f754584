"""「回访任务」: every completed complaint's and customer work order's revisit, due within two working
days (篇2 §5、§7); overdue ones red, like the complaint list. Recording a revisit moves the complaint
(or the work order) on; 「来源」 tells the two apart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from wuye_desktop.domain.deadlines import format_remaining
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.revisits import SOURCE_FILTERS, TASK_FILTERS, FollowUp, TaskFilter, TaskStatus
from wuye_desktop.services.revisits_views import RevisitTaskView
from wuye_desktop.ui.common import msgbox, paper
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.common.view_table import Column, dt, make_table_view, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import (
    ViewTableModel,
    add_action,
    ask_save_path,
    export_job,
    print_folder,
    select_where,
)
from wuye_desktop.ui.revisits.revisit_dialog import ReassignDialog, RevisitDialog

SOON = timedelta(hours=24)
COL_NUMBER, COL_SOURCE, COL_DUE = 0, 1, 2


class TasksPage(QWidget):
    open_complaint_requested = Signal(int)
    open_work_order_requested = Signal(int)
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.projects: dict[int, str] = {}
        self._capped = False  # the last search matched more than the count shows
        self.toolbar = new_toolbar("回访任务")
        self.record_action = add_action(self.toolbar, self, "check", "登记回访", self.record_selected, "Ctrl+R")
        self.print_action = add_action(self.toolbar, self, "print", "打印回访记录表", self.print_selected, "Ctrl+P")
        self.reassign_action = add_action(self.toolbar, self, "user", "改派", self.reassign_selected)
        self.open_action = add_action(self.toolbar, self, "search", "查看投诉/维修单", self.open_complaint)
        self.toolbar.addSeparator()
        self.refresh_action = add_action(self.toolbar, self, "refresh", "刷新", self.refresh, "F5")
        self.export_action = add_action(self.toolbar, self, "export", "导出Excel", self.export_excel)

        self.status_box = QComboBox()
        self.status_box.addItems(list(TASK_FILTERS))
        self.status_box.setCurrentText("未回访（含逾期）")
        self.source_box = QComboBox()
        self.source_box.setObjectName("revisitSourceFilter")
        self.source_box.addItems(list(SOURCE_FILTERS))
        self.search = QLineEdit()
        self.search.setPlaceholderText("投诉编号、维修单号、房号、住户、电话")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("状态："))
        bar.addWidget(self.status_box)
        bar.addSpacing(12)
        bar.addWidget(QLabel("来源："))
        bar.addWidget(self.source_box)
        bar.addSpacing(12)
        bar.addWidget(QLabel("查找："))
        bar.addWidget(self.search, 1)
        bar.addSpacing(12)
        bar.addWidget(self.count_label)

        self.model = ViewTableModel(self._columns(), self._tone, self)
        self.view = make_table_view(self.model, "revisitTaskTable")
        self.view.setSortingEnabled(False)
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        header.setSortIndicator(COL_DUE, Qt.SortOrder.AscendingOrder)  # 回访期限, the list's default order
        self._filter = TaskFilter(status="未回访（含逾期）")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 6, 2)
        layout.addWidget(self.toolbar)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.status_box.currentTextChanged.connect(self.apply_filter)
        self.source_box.currentTextChanged.connect(self.apply_filter)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.view.doubleClicked.connect(self._double_clicked)
        self.model.reloaded.connect(self._show_counts)

    # --- columns ----------------------------------------------------------------------------------
    def _columns(self) -> list[Column]:
        def remaining(v: RevisitTaskView) -> str:
            status = v.status(self.ctx.now())
            if status in (TaskStatus.OPEN, TaskStatus.OVERDUE):
                return format_remaining(v.due_at - self.ctx.now())
            return ""

        return [
            Column("投诉/维修单号", lambda v: v.number, 136, sort_key="number"),
            Column("来源", lambda v: v.source, 54),
            Column("回访期限", lambda v: dt(v.due_at), 124, sort_key="due_at"),
            Column("剩余时间", remaining, 118),
            Column("状态", lambda v: v.status(self.ctx.now()).value, 86, sort_key="state"),
            Column("住户", lambda v: v.complainant, 70, sort_key="complainant"),
            Column("房号", lambda v: v.unit, 104, sort_key="unit"),
            Column("联系电话", lambda v: self.ctx.show_phone(v.phone), 104),  # issue 7: by the role
            Column("主题", lambda v: v.subject, 170, tip=lambda v: v.subject),
            Column("处理完成", lambda v: dt(v.completed_at), 124, sort_key="completed_at"),
            Column("回访负责人", lambda v: v.assignee, 84, sort_key="assignee"),
            Column("回访时间", lambda v: dt(v.done_at), 124, sort_key="done_at"),
            Column("方式", lambda v: v.method, 56),
            Column("回访结果", lambda v: v.result_text, 120, sort_key="satisfaction", tip=lambda v: v.content),
            Column("回访人", lambda v: v.visitor, 70),
            Column("管理处", lambda v: self.projects.get(v.project_id, ""), 110),
        ]

    def _tone(self, v: RevisitTaskView) -> str:
        now = self.ctx.now()
        if v.is_late(now):
            return "overdue"
        status = v.status(now)
        if status is TaskStatus.OPEN and v.due_at - now <= SOON:
            return "soon"
        return "closed" if status in (TaskStatus.ON_TIME, TaskStatus.CANCELLED) else ""

    # --- loading -------------------------------------------------------------------------------------
    def task_filter(self) -> TaskFilter:
        return self._filter.with_(project_id=self.ctx.project_id, status=self.status_box.currentText(),
                                  source=self.source_box.currentText(), search=self.search.text().strip())

    @Slot()
    def apply_filter(self) -> None:
        self._filter = self.task_filter()
        f = self._filter
        service = self.ctx.services.revisits

        def fetch(offset: int, limit: int) -> tuple[Any, int]:
            page = service.page(f, offset, limit, with_total=offset == 0)
            if offset == 0:
                self._capped = page.capped  # a search counts up to 2,000 matches
            return page.rows, page.total if offset == 0 else self.model.total

        self.projects = {p.id: p.name for p in self.ctx.services.settings.projects(include_inactive=True)}
        self.view.setColumnHidden(len(self.model.columns) - 1, self.ctx.project_id is not None)
        self.model.set_fetch(fetch)

    @Slot()
    def refresh(self) -> None:
        """Bring tasks in line with the complaint desk (cases imported from a ledger too) and the work
        orders (completed before this list knew them), then reload."""
        run_job(self, "正在核对回访任务…", lambda progress: self.ctx.services.revisits.sync(progress),
                self._synced, self._sync_failed)

    @Slot(object)
    def _synced(self, created: object) -> None:
        self.apply_filter()
        if created:
            self.status_message.emit(f"新建了 {created} 个回访任务（已完成处理的投诉、已完工的维修单）")

    @Slot(object, str)
    def _sync_failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(self, "核对回访任务", exc.message)
        else:
            msgbox.error(self, "核对回访任务", f"核对回访任务时出错：{exc}", detail=trace)
        self.apply_filter()

    @Slot()
    def _show_counts(self) -> None:
        now = self.ctx.now()
        rows = self.model.rows()
        if len(rows) >= self.model.total:  # all loaded: count them here
            late = sum(1 for v in rows if v.status(now) is TaskStatus.OVERDUE)
        elif self._filter.status in ("全部", "未回访（含逾期）", TaskStatus.OVERDUE.value):
            # Only the first pages are loaded: the database counts the overdue ones of the whole list.
            late = self.ctx.services.revisits.page(self._filter.with_(status=TaskStatus.OVERDUE.value), 0, 1).total
        else:
            late = 0
        text = f"超过 {self.model.total} 宗" if self._capped else f"共 {self.model.total} 宗"
        if late:
            text += f"，其中逾期未回访 {late} 宗"
        self.count_label.setText(text)

    @Slot(int)
    def _header_clicked(self, column: int) -> None:
        key = self.model.columns[column].sort_key
        if key is None:
            return
        descending = not self._filter.descending if key == self._filter.sort_key else False
        self._filter = self._filter.with_(sort_key=key, descending=descending)
        self.view.horizontalHeader().setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self.apply_filter()

    # --- actions ----------------------------------------------------------------------------------------
    def selected(self) -> RevisitTaskView | None:
        return selected_row(self.view)

    def select_task(self, task_id: int) -> bool:
        return select_where(self.view, self.model, lambda v: v.id == task_id)

    @Slot(QModelIndex)
    def _double_clicked(self, _index: QModelIndex) -> None:
        self.record_selected()

    @Slot()
    def record_selected(self) -> RevisitDialog | None:
        task = self.selected()
        if task is None:
            msgbox.information(self, "登记回访", "请先在列表中选择一个回访任务。")
            return None
        reason = self.ctx.services.revisits.blocked_reason(task.id)
        if reason:
            msgbox.question(self, "暂不能登记回访", reason, self.open_complaint,
                            yes_text=f"打开{task.source}", no_text="关闭")
            return None
        dialog = RevisitDialog(self.ctx, task, self)
        dialog.saved.connect(self._recorded)
        dialog.open()
        return dialog

    @Slot(object)
    def _recorded(self, view: object) -> None:
        assert isinstance(view, RevisitTaskView)
        self.apply_filter()
        self.select_task(view.id)
        if view.is_work_order:
            text = f"已登记维修单 {view.number} 的回访（{view.result_text}）"
            text += ("，工单已返修，派回原维修人员（可在「维修与设备」中转派）" if view.follow_up == FollowUp.REWORK.value
                     else "，工单已结单")
        else:
            text = f"已登记投诉 {view.number} 的回访（{view.result_text}），投诉状态已改为「已回访」"
        if view.follow_up_number:
            text += f"；已另立新投诉 {view.follow_up_number}"
        self.status_message.emit(text)

    @Slot()
    def reassign_selected(self) -> ReassignDialog | None:
        task = self.selected()
        if task is None:
            msgbox.information(self, "改派", "请先在列表中选择一个回访任务。")
            return None
        dialog = ReassignDialog(self.ctx, task, self)
        dialog.saved.connect(lambda _v: self.apply_filter())
        dialog.open()
        return dialog

    @Slot()
    def print_selected(self) -> None:
        task = self.selected()
        if task is None:
            msgbox.information(self, "打印回访记录表", "请先在列表中选择一个回访任务。")
            return
        out = print_folder(self.ctx) / f"回访记录表-{paper.safe_name(task.number)}-{self.ctx.now():%Y%m%d%H%M%S}.pdf"
        paper.show_pdf(self, f"客户回访记录表 — {task.number}",
                       lambda: self.ctx.services.revisits.write_record_pdf(task.id, out), out)

    @Slot()
    def open_complaint(self) -> None:
        """The case of the selected task: the complaint, or the work order in 维修与设备."""
        task = self.selected()
        if task is None:
            msgbox.information(self, "查看投诉/维修单", "请先在列表中选择一个回访任务。")
            return
        if task.work_order_id is not None:
            self.open_work_order_requested.emit(task.work_order_id)
        elif task.complaint_id is not None:
            self.open_complaint_requested.emit(task.complaint_id)

    @Slot()
    def export_excel(self) -> None:
        f = self.task_filter()
        service = self.ctx.services.revisits
        name = f"回访清单-{self.ctx.now():%Y%m%d-%H%M}.xlsx"
        ask_save_path(self, self.ctx, "导出回访清单", name,
                      lambda target: export_job(self, "正在导出回访清单…",
                                                lambda progress: service.export_tasks(f, target, progress)))

    def show_for_complaint(self, complaint_id: int) -> bool:
        """Show every task and select the newest of ``complaint_id`` (after a completion elsewhere)."""
        task = self.ctx.services.revisits.task_for_complaint(complaint_id)
        if task is None:
            return False
        if self.status_box.currentText() != "全部" and self.model.row_of(lambda v: v.id == task.id) < 0:
            self.status_box.setCurrentText("全部")
        return self.select_task(task.id)
