"""Dialogs of maintenance and inspection plans (篇1 §2): a plan for one device or a group, a task done
with notes and optional photo proof, and the supervisor's upgrade proposals (技改方案) with a decision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from wuye_desktop.domain.repairs import Decision, Period, PlanKind
from wuye_desktop.domain.repairs_records import DecisionDraft, PlanDraft, ProposalDraft, TaskDoneDraft
from wuye_desktop.domain.repairs_schedule import DEFAULT_WINDOW_DAYS
from wuye_desktop.services.repairs_plans import PLAN_EDIT
from wuye_desktop.services.repairs_views import PlanView, ProposalView, TaskView
from wuye_desktop.ui.common.field_widgets import OptionalDate, choice, date_edit, from_qdate, line, text_area
from wuye_desktop.ui.common.fields import datetime_edit
from wuye_desktop.ui.common.view_table import d
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import FormDialog, staff_box, time_of
from wuye_desktop.ui.repairs.order_dialogs import device_choice


class PlanDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, plan: PlanView | None = None) -> None:
        super().__init__(ctx, f"修改计划 — {plan.name}" if plan else "新建保养巡检计划", parent, width=600)
        self.plan = plan
        today = ctx.now().date()
        self.name = self.field("name", "计划名称", line(plan.name if plan else "", "如 变配电室月度保养"), required=True)
        self.kind = self.field("kind", "类别", choice([k.value for k in PlanKind], plan.kind if plan else ""))
        self.period = self.field("period", "周期", choice([p.value for p in Period], plan.period if plan else "每月"))
        self.every_n = QSpinBox()
        self.every_n.setRange(0, 999)
        self.every_n.setValue(plan.every_n if plan and plan.period == Period.EVERY_N_DAYS.value else 15)
        self.every_n.setSuffix(" 天")
        self.field("every_n", "间隔天数", self.every_n)
        self.start = self.field("start_date", "首次日期", date_edit(plan.start_date if plan else today), required=True)
        self.end = self.field("end_date", "结束日期", OptionalDate("设定", plan.end_date if plan else None, today))
        self.window_days = QSpinBox()
        self.window_days.setRange(-1, 365)
        self.window_days.setSuffix(" 天")
        self.window_days.setValue(plan.window_days if plan else DEFAULT_WINDOW_DAYS[Period.MONTHLY])
        self.field("window_days", "完成宽限", self.window_days)
        self.devices = QListWidget()
        self.devices.setMinimumHeight(200)
        chosen = set(plan.device_ids) if plan else set()
        for dv in ctx.services.repairs.devices.devices(ctx.working_project_id, include_scrapped=False):
            item = QListWidgetItem(f"{dv.code} {dv.name}（{dv.system}，{dv.location}）")
            item.setData(Qt.ItemDataRole.UserRole, dv.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if dv.id in chosen else Qt.CheckState.Unchecked)
            self.devices.addItem(item)
        self.field("device_ids", "设备（可多选）", self.devices, required=True)
        self.content = self.field("content", "保养（巡检）内容", text_area(plan.content if plan else ""), required=True)
        self.responsible = self.field("responsible", "负责人", staff_box(ctx, plan.responsible if plan else ""))
        self.backfill = QCheckBox("首次日期早于今天时，补建以前的任务（补录纸质记录时用）")
        if plan is None:
            self.body.addWidget(self.backfill)
        self.period.currentTextChanged.connect(self._period_changed)
        self._period_changed(self.period.currentText(), initial=plan is not None)
        if plan is not None:
            self.lock_edit(PLAN_EDIT, plan, self._reload)

    def _reload(self) -> PlanView:
        assert self.plan is not None
        return self.ctx.services.repairs.plans.get(self.plan.id)

    def edit_show(self) -> dict[str, Callable[[object], str]]:
        return {"device_ids": self._device_names}

    def _device_names(self, value: object) -> str:
        ids = [i for i in value if isinstance(i, int)] if isinstance(value, (tuple, list)) else []
        labels = self.ctx.services.repairs.devices.labels(ids)
        return "、".join(labels.get(i, f"（已删除的设备 {i}）") for i in ids)

    def edit_value(self, key: str, widget: QWidget) -> object:
        if key == "every_n" and not self.every_n.isEnabled():
            return 1  # a plan not of 「每N天」 keeps every_n 1 (services/repairs_plans.py)
        return super().edit_value(key, widget)

    @Slot(str)
    def _period_changed(self, text: str, initial: bool = False) -> None:
        period = Period(text)
        self.every_n.setEnabled(period is Period.EVERY_N_DAYS)
        if not initial:
            self.window_days.setValue(DEFAULT_WINDOW_DAYS[period])

    def checked_devices(self) -> tuple[int, ...]:
        return tuple(self.devices.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.devices.count())
                     if self.devices.item(i).checkState() == Qt.CheckState.Checked)

    def submit(self) -> object:
        draft = PlanDraft(self.name.text(), PlanKind(self.kind.currentText()), Period(self.period.currentText()),
                          from_qdate(self.start.date()), self.checked_devices(), self.content.toPlainText(),
                          self.responsible.currentText(), self.every_n.value(), self.window_days.value(), self.end.value())
        plans = self.ctx.services.repairs.plans
        if self.plan is None:
            return plans.create(draft, self.ctx.working_project_id, self.ctx.operator, self.backfill.isChecked())
        return plans.update(self.plan.id, draft, self.edit_version)


class TaskDoneDialog(FormDialog):
    """A task done: when, by whom, what was found, optional photo proof."""

    def __init__(self, ctx: UiContext, task: TaskView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"完成任务 — {task.plan_name} {d(task.scheduled)}", parent, "完成")
        self.task = task
        self.body.insertWidget(0, QLabel(f"设备：{task.devices_text}\n内容：{task.content}\n"
                                         f"完成期限：{task.due_at:%Y-%m-%d %H:%M}"))
        f = self.form
        self.done_at = self.field("done_at", "完成时间", datetime_edit(ctx.now().replace(second=0)), required=True)
        self.done_by = self.field("done_by", "执行人", staff_box(ctx), required=True)
        self.notes = self.field("notes", "执行情况", text_area(placeholder="检查了什么、发现什么、处理了什么"), required=True)
        self.photo = line(placeholder="可不选")
        self.browse = QPushButton("选择照片…")
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.photo, 1)
        row.addWidget(self.browse)
        self.field("photo", "照片", holder)
        f.widgets["photo"] = self.photo
        self.browse.clicked.connect(self.choose_photo)

    @Slot()
    def choose_photo(self) -> QFileDialog:
        dialog = QFileDialog(self, "选择照片", str(Path.home()), "图片 (*.png *.jpg *.jpeg *.bmp *.gif *.webp)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.photo.setText)
        dialog.open()
        return dialog

    def submit(self) -> object:
        draft = TaskDoneDraft(time_of(self.done_at), self.done_by.currentText(), self.notes.toPlainText(),
                              self.photo.text().strip())
        return self.ctx.services.repairs.plans.complete_task(self.task.id, draft)


class ProposalDialog(FormDialog):
    """提出技改方案 (篇1 §2, §5)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "提出技改方案", parent, "提交", width=560)
        self.title = self.field("title", "方案名称", line(), required=True)
        self.device = self.field("device_id", "相关设备", device_choice(ctx))
        self.reason = self.field("reason", "改造理由", text_area(), required=True)
        self.plan = self.field("plan", "方案内容", text_area(height=90), required=True)
        self.cost = self.field("cost", "预算费用（元）", line(placeholder="如 86400"), required=True)
        self.by = self.field("proposed_by", "提出人", staff_box(ctx), required=True)
        self.on = self.field("proposed_on", "提出日期", date_edit(ctx.now().date()), required=True)

    def submit(self) -> object:
        draft = ProposalDraft(self.title.text(), self.reason.toPlainText(), self.plan.toPlainText(), self.cost.text(),
                              self.by.currentText(), from_qdate(self.on.date()), self.device.currentData())
        return self.ctx.services.repairs.proposals.propose(draft, self.ctx.working_project_id)


class DecisionDialog(FormDialog):
    def __init__(self, ctx: UiContext, proposal: ProposalView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"决定 — {proposal.title}", parent, "保存")
        self.proposal = proposal
        self.body.insertWidget(0, QLabel(f"预算费用：{proposal.cost_text} 元　提出人：{proposal.proposed_by}"))
        self.decision = self.field("decision", "决定", choice([x.value for x in Decision if x is not Decision.PENDING]))
        self.by = self.field("decided_by", "决定人", staff_box(ctx), required=True)
        self.on = self.field("decided_on", "决定日期", date_edit(ctx.now().date()), required=True)
        self.note = self.field("note", "决定意见", text_area(height=52))

    def submit(self) -> object:
        draft = DecisionDraft(Decision(self.decision.currentText()), self.by.currentText(), from_qdate(self.on.date()),
                              self.note.toPlainText())
        return self.ctx.services.repairs.proposals.decide(self.proposal.id, draft)
