"""Dialogs of the visit programme: a plan for the year, and one visit (door visit, area round,
forum with minutes, festival or community event) with the opinions heard there (篇4 二.2)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from wuye_desktop.domain.revisit_programme import PlanDraft, PlanKind, VisitDraft
from wuye_desktop.services.revisits_programme import PLAN_EDIT
from wuye_desktop.services.revisits_views import PlanView
from wuye_desktop.ui.common.field_widgets import choice, line, text_area
from wuye_desktop.ui.common.fields import datetime_edit, from_qdatetime
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import FormDialog, staff_box

TARGET_HINT = {
    PlanKind.DIRECTOR.value: "每行一户，如「3栋2单元501 张三」",
    PlanKind.AREA.value: "每行一个区域（楼栋、单元的组合），如「1–3栋」「5栋1单元」",
    PlanKind.FORUM.value: "（座谈会不需要名单）",
    PlanKind.EVENT.value: "（活动不需要名单）",
}


class PlanDialog(FormDialog):
    def __init__(self, ctx: UiContext, year: int, plan: PlanView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "修改回访计划" if plan else "新建回访计划", parent, width=560)
        self.plan = plan
        self.kind = self.field("kind", "计划类型", choice([k.value for k in PlanKind], plan.kind if plan else ""),
                          required=True)
        self.year = self.field("year", "年度", QSpinBox(), required=True)
        self.year.setRange(2000, 2100)
        self.year.setValue(plan.year if plan else year)
        self.title = self.field("title", "计划名称", line(plan.title if plan else ""), required=True)
        self.owner = self.field("owner", "负责人", staff_box(ctx, plan.owner if plan else ""), required=True)
        self.times = self.field("times_per_year", "每年次数", QSpinBox())
        self.times.setRange(1, 50)
        self.times.setValue(plan.times_per_year if plan else 1)
        self.targets = self.field("targets", "名单 / 区域", text_area("\n".join(plan.targets) if plan else "", height=110))
        self.note = self.field("note", "备注", text_area(plan.note if plan else "", height=44))
        if plan:
            self.kind.setEnabled(False)
        self.kind.currentTextChanged.connect(self._kind_changed)
        self._kind_changed(self.kind.currentText())
        if plan is not None:
            self.lock_edit(PLAN_EDIT, plan, self._reload)

    def _reload(self) -> PlanView:
        assert self.plan is not None
        return self.ctx.services.revisits.programme.plan(self.plan.id)

    @Slot(str)
    def _kind_changed(self, kind: str) -> None:
        self.targets.setPlaceholderText(TARGET_HINT.get(kind, ""))
        self.targets.setEnabled(kind in (PlanKind.DIRECTOR.value, PlanKind.AREA.value))
        fixed = {PlanKind.AREA.value: 4, PlanKind.FORUM.value: 2}.get(kind)
        self.times.setEnabled(fixed is None)
        if fixed is not None:
            self.times.setValue(fixed)
        elif kind == PlanKind.DIRECTOR.value:
            self.times.setRange(1, 2)
        else:
            self.times.setRange(1, 50)
        if not self.title.text().strip() and not self.plan:
            self.title.setText(f"{self.year.value()}年{kind}")

    def submit(self) -> object:
        draft = PlanDraft(self.kind.currentText(), self.year.value(), self.title.text(), self.owner.currentText(),
                          self.targets.toPlainText(), self.times.value(), self.note.toPlainText())
        project = self.plan.project_id if self.plan else self.ctx.working_project_id
        assert project is not None
        return self.ctx.services.revisits.programme.save_plan(project, draft, self.plan.id if self.plan else None,
                                                              self.edit_version)


class VisitDialog(FormDialog):
    """One visit; the plan (optional) decides the form and the list of households or areas."""

    def __init__(self, ctx: UiContext, plans: list[PlanView], plan: PlanView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "登记回访 / 座谈会 / 活动", parent, width=600)
        self.plans = plans
        self.plan_box: QComboBox = self.field("plan", "所属计划", QComboBox())  # type: ignore[assignment]
        self.plan_box.addItem("（不属于计划）", None)
        for p in plans:
            self.plan_box.addItem(f"{p.title}（{p.owner}）", p.id)
        self.kind = self.field("kind", "形式", choice([k.value for k in PlanKind]), required=True)
        self.held_at = self.field("held_at", "时间", datetime_edit(ctx.now()), required=True)
        self.by = self.field("by", "回访人 / 主持人", staff_box(ctx), required=True)
        self.target = self.field("target", "对象", choice([], editable=True), required=True)
        self.place = self.field("place", "地点", line())
        self.attendees = self.field("attendees", "参加人员", text_area(height=44))
        self.content = self.field("content", "记录 / 会议纪要", text_area(height=100), required=True)
        self.satisfaction = self.field("satisfaction", "住户满意度", choice(["", "满意", "基本满意", "不满意"]))
        self.opinions = self.field("opinions", "听取的意见建议",
                              text_area(height=64, placeholder="每行一条；每条都会列入「意见处理」并跟踪到答复"))
        self.plan_box.currentIndexChanged.connect(self._plan_changed)
        self.kind.currentTextChanged.connect(self._kind_changed)
        if plan is not None:
            self.plan_box.setCurrentIndex(max(self.plan_box.findData(plan.id), 0))
        self._plan_changed(self.plan_box.currentIndex())

    def _current_plan(self) -> PlanView | None:
        plan_id = self.plan_box.currentData()
        return next((p for p in self.plans if p.id == plan_id), None)

    @Slot(int)
    def _plan_changed(self, _index: int) -> None:
        plan = self._current_plan()
        self.kind.setEnabled(plan is None)
        if plan is not None:
            self.kind.setCurrentText(plan.kind)
            self.by.setCurrentText(plan.owner)
        self._kind_changed(self.kind.currentText())

    @Slot(str)
    def _kind_changed(self, kind: str) -> None:
        plan = self._current_plan()
        self.target.clear()
        if plan is not None and plan.targets:
            due = [item.target for item in plan.progress.due_now]
            self.target.addItems(due + [t for t in plan.targets if t not in due])
        elif kind == PlanKind.FORUM.value:
            self.target.setEditText(f"{self.held_at.dateTime().date().year()}年住户座谈会")
        editor = self.target.lineEdit()
        assert editor is not None
        editor.setPlaceholderText(
            {PlanKind.DIRECTOR.value: "房号 姓名", PlanKind.AREA.value: "区域",
             PlanKind.FORUM.value: "会议名称", PlanKind.EVENT.value: "活动名称（如中秋游园会）"}.get(kind, ""))

    def submit(self) -> object:
        plan = self._current_plan()
        draft = VisitDraft(self.kind.currentText(), from_qdatetime(self.held_at.dateTime()), self.by.currentText(),
                           self.target.currentText(), self.place.text(), self.attendees.toPlainText(),
                           self.content.toPlainText(), self.satisfaction.currentText(), self.opinions.toPlainText(),
                           plan.id if plan else None)
        project = plan.project_id if plan else self.ctx.working_project_id
        assert project is not None
        return self.ctx.services.revisits.programme.record_visit(project, draft)
