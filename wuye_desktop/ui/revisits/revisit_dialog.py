"""「登记回访」: who, when, how, what the resident said, satisfaction, an unanswered question with the
promised reply time, and — when not satisfied — what happens next (篇4 二.1(2)(3), 篇2 §5、§7).
A work order's revisit offers the repairs form's methods and 返修 instead of reopening a complaint."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from wuye_desktop.domain.complaint import Satisfaction
from wuye_desktop.domain.deadlines import format_remaining
from wuye_desktop.domain.revisits import FollowUp, RevisitInput, RevisitMethod, follow_ups_for
from wuye_desktop.services.revisits import ASSIGN_EDIT
from wuye_desktop.services.revisits_views import RevisitTaskView
from wuye_desktop.ui.common.field_widgets import OptionalDateTime, choice, line, text_area
from wuye_desktop.ui.common.fields import datetime_edit, from_qdatetime
from wuye_desktop.ui.common.view_table import dt
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import FormDialog, staff_box


class RevisitDialog(FormDialog):
    def __init__(self, ctx: UiContext, task: RevisitTaskView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"登记回访 — {task.number}", parent, ok_text="保存回访", width=600)
        self.task = task
        now = ctx.now()
        facts = QLabel(
            f"<b>{task.number}</b>　{task.unit}　{task.complainant}　{ctx.show_phone(task.phone)}<br>"
            + (f"报修事项：{task.subject}<br>维修完工：" if task.is_work_order else f"投诉主题：{task.subject}<br>处理完成：")
            + f"{dt(task.completed_at)}　回访期限：{dt(task.due_at)}"
            + (f"（<span style='color:#c62828'>{format_remaining(task.due_at - now)}</span>）"
               if task.due_at < now else f"（{format_remaining(task.due_at - now)}）"))
        facts.setWordWrap(True)
        facts.setObjectName("revisitFacts")
        self.body.insertWidget(0, facts)
        self.by = self.field("by", "回访人", staff_box(ctx), required=True)
        self.at = self.field("at", "回访时间", datetime_edit(now), required=True)
        # The work order keeps its own revisit with the repairs form's methods (domain/repairs_drafts.py).
        methods = [m.value for m in RevisitMethod
                   if not task.is_work_order or m in (RevisitMethod.PHONE, RevisitMethod.DOOR, RevisitMethod.OTHER)]
        self.method = self.field("method", "回访方式", choice(methods, RevisitMethod.PHONE.value), required=True)
        self.satisfaction = self.field("satisfaction", "满意度", choice([s.value for s in Satisfaction]), required=True)
        self.content = self.field("content", "回访记录", text_area(height=70, placeholder="住户的原话、对处理结果的评价"),
                             required=True)
        self.opinion = self.field("opinion", "住户意见建议", text_area(height=52, placeholder="每行一条；每条都会列入「意见处理」"))
        self.question = self.field("question", "未能当场答复的问题", line(placeholder="如有，须约定答复时间（篇4 二.1(3)）"))
        self.promised = self.field("promised_at", "约定答复时间", OptionalDateTime("已约定", None, now))
        self.follow_up = self.field("follow_up", "后续处理", choice(list(follow_ups_for(task.source))))
        self.satisfaction.currentTextChanged.connect(self._satisfaction_changed)
        self.question.textChanged.connect(self._question_changed)
        self._satisfaction_changed(self.satisfaction.currentText())

    @Slot(str)
    def _satisfaction_changed(self, value: str) -> None:
        unsatisfied = value == Satisfaction.UNSATISFIED.value
        self.follow_up.setEnabled(unsatisfied)
        if not unsatisfied:
            self.follow_up.setCurrentText(FollowUp.NONE.value)

    @Slot(str)
    def _question_changed(self, text: str) -> None:
        if text.strip() and not self.promised.check.isChecked():
            self.promised.check.setChecked(True)

    def value(self) -> RevisitInput:
        return RevisitInput(
            by=self.by.currentText().strip(), at=from_qdatetime(self.at.dateTime()),
            method=self.method.currentText(), satisfaction=self.satisfaction.currentText(),
            content=self.content.toPlainText(), opinion=self.opinion.toPlainText(), question=self.question.text(),
            promised_at=self.promised.value() if self.question.text().strip() else None,
            follow_up=self.follow_up.currentText())

    def submit(self) -> object:
        return self.ctx.services.revisits.record(self.task.id, self.value())


class ReassignDialog(FormDialog):
    """改派: another person revisits."""

    def __init__(self, ctx: UiContext, task: RevisitTaskView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"改派回访 — {task.number}", parent, ok_text="改派")
        self.task = task
        self.assignee = self.field("assignee", "回访负责人", staff_box(ctx, task.assignee), required=True)
        self.lock_edit(ASSIGN_EDIT, task, self._reload)

    def _reload(self) -> RevisitTaskView:
        return self.ctx.services.revisits.get(self.task.id)

    def submit(self) -> object:
        return self.ctx.services.revisits.reassign(self.task.id, self.assignee.currentText(), self.edit_version)
