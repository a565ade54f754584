"""Dialogs for defects (found, made safe, removed) and accidents (what happened, the report to the
superior with its time, cause and measures) — 篇1 §1, §5."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from wuye_desktop.domain.complaint import MAJOR_CATEGORIES
from wuye_desktop.domain.repairs import Severity
from wuye_desktop.domain.repairs_deadlines import ACCIDENT_REPORT_MINUTES
from wuye_desktop.domain.repairs_drafts import AccidentDraft, DefectDraft, RemovalDraft
from wuye_desktop.services.repairs_incidents import FINDINGS_EDIT
from wuye_desktop.services.repairs_views import AccidentView, DefectView
from wuye_desktop.ui.common.field_widgets import OptionalDate, OptionalDateTime, choice, line, text_area
from wuye_desktop.ui.common.fields import datetime_edit
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import FormDialog, staff_box, time_of
from wuye_desktop.ui.repairs.order_dialogs import device_choice


def _staff_phone(ctx: UiContext, name: str) -> str:
    return next((s.phone for s in ctx.services.settings.staff(ctx.working_project_id) if s.name == name), "")


class DefectDialog(FormDialog):
    """登记缺陷: a 重大 defect is reported at once and shows in the emergency banner (篇1 §5)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, device_id: int | None = None) -> None:
        super().__init__(ctx, "登记设备缺陷", parent, "登记")
        now = ctx.now().replace(second=0, microsecond=0)
        self.device = self.field("device_id", "设备", device_choice(ctx, device_id), required=True)
        self.device.setItemText(0, "（请选择设备）")
        self.found_at = self.field("found_at", "发现时间", datetime_edit(now), required=True)
        self.found_by = self.field("found_by", "发现人", staff_box(ctx), required=True)
        self.description = self.field("description", "缺陷情况", text_area(), required=True)
        self.severity = self.field("severity", "严重程度", choice([s.value for s in Severity]))
        self.made_safe = self.field("made_safe", "已采取的安全措施", text_area(height=52, placeholder="严重及以上缺陷必填"))
        self.due = self.field("due_date", "限期消除", OptionalDate("设定期限", None, now.date()))
        self.phone = self.field("contact_phone", "联系电话（上报用）",
                           line(_staff_phone(ctx, ctx.operator), "重大缺陷必填，用于突发事件上报"))
        self.degrade = QCheckBox("严重及以上缺陷：同时将完好的设备改为「带病运行」")
        self.degrade.setChecked(True)
        self.body.addWidget(self.degrade)

    def submit(self) -> object:
        draft = DefectDraft(self.device.currentData(), time_of(self.found_at), self.found_by.currentText(),
                            self.description.toPlainText(), Severity(self.severity.currentText()),
                            self.made_safe.toPlainText(), self.due.value(), self.phone.text())
        view = self.ctx.services.repairs.defects.report(draft, self.ctx.operator, self.degrade.isChecked())
        if view.alert_complaint_id:
            self.ctx.data_changed.emit("complaints")
        return view


class RemovalDialog(FormDialog):
    def __init__(self, ctx: UiContext, defect: DefectView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"消除缺陷 — {defect.number}", parent, "消除")
        self.defect = defect
        self.body.insertWidget(0, QLabel(f"{defect.device_label}：{defect.description}"))
        self.at = self.field("removed_at", "消除时间", datetime_edit(ctx.now().replace(second=0)), required=True)
        self.by = self.field("removed_by", "消除人", staff_box(ctx), required=True)
        self.note = self.field("note", "处理情况", text_area(), required=True)
        self.restore = QCheckBox("设备没有其他未消除的缺陷时，恢复为「完好」")
        self.restore.setChecked(True)
        self.body.addWidget(self.restore)

    def submit(self) -> object:
        draft = RemovalDraft(time_of(self.at), self.by.currentText(), self.note.toPlainText())
        return self.ctx.services.repairs.defects.remove(self.defect.id, draft, self.restore.isChecked())


class AccidentDialog(FormDialog):
    """登记事故: registered as a major event at once; the report to the superior is due within
    5 minutes (篇1 §5, 篇2 §6)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "登记设备事故", parent, "登记并上报", width=560)
        now = ctx.now().replace(second=0, microsecond=0)
        hint = QLabel(f"事故将登记为重大事件，在突发事件提示栏中逐级上报；须在{ACCIDENT_REPORT_MINUTES}分钟内"
                      "向上级如实汇报（篇1 §5、篇2 §6）。")
        hint.setObjectName("warningText")
        hint.setWordWrap(True)
        self.body.insertWidget(0, hint)
        self.occurred = self.field("occurred_at", "发生时间", datetime_edit(now), required=True)
        self.category = self.field("category", "事故类别", choice(MAJOR_CATEGORIES, "主要设备故障"))
        self.place = self.field("place", "发生地点", line(), required=True)
        self.device = self.field("device_id", "相关设备", device_choice(ctx))
        self.what = self.field("what", "事故经过", text_area(), required=True)
        self.reported = self.field("reported_at", "已上报", OptionalDateTime("已向上级汇报", None, now))
        self.reported_to = self.field("reported_to", "上报对象", line(placeholder="如 管理处主任 林志远"))
        self.recorded_by = self.field("recorded_by", "记录人", staff_box(ctx), required=True)
        self.phone = self.field("contact_phone", "联系电话（上报用）", line(_staff_phone(ctx, ctx.operator)), required=True)

    def submit(self) -> object:
        draft = AccidentDraft(time_of(self.occurred), self.place.text(), self.what.toPlainText(),
                              self.recorded_by.currentText(), self.phone.text(), self.category.currentText(),
                              self.device.currentData(), self.reported_to.text(), self.reported.value())
        view = self.ctx.services.repairs.accidents.record(draft, self.ctx.working_project_id, self.ctx.operator)
        self.ctx.data_changed.emit("complaints")
        return view


class ReportDialog(FormDialog):
    """记录上报: to whom and when the accident was reported (a deadline)."""

    def __init__(self, ctx: UiContext, accident: AccidentView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"记录上报 — {accident.number}", parent, "记录")
        self.accident = accident
        self.body.insertWidget(0, QLabel(f"上报期限：{accident.report_due:%Y-%m-%d %H:%M}"))
        self.to = self.field("reported_to", "上报对象", line(), required=True)
        self.at = self.field("reported_at", "上报时间", datetime_edit(ctx.now().replace(second=0)), required=True)

    def submit(self) -> object:
        view = self.ctx.services.repairs.accidents.report(self.accident.id, self.to.text(), time_of(self.at),
                                                          self.ctx.operator)
        self.ctx.data_changed.emit("complaints")
        return view


class FindingsDialog(FormDialog):
    """Cause, measures and losses; closing needs the cause, the measures and the report."""

    def __init__(self, ctx: UiContext, accident: AccidentView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"原因与措施 — {accident.number}", parent, "保存", width=560)
        self.accident = accident
        self.cause = self.field("cause", "事故原因", text_area(accident.cause))
        self.measures = self.field("measures", "整改措施", text_area(accident.measures))
        self.losses = self.field("losses", "损失情况", text_area(accident.losses, 52))
        self.close_box = QCheckBox("处理完毕，结案")
        self.body.addWidget(self.close_box)
        self.lock_edit(FINDINGS_EDIT, accident, self._reload)

    def _reload(self) -> AccidentView:
        return self.ctx.services.repairs.accidents.get(self.accident.id)

    def submit(self) -> object:
        return self.ctx.services.repairs.accidents.update_findings(
            self.accident.id, self.cause.toPlainText(), self.measures.toPlainText(), self.losses.toPlainText(),
            self.close_box.isChecked(), self.ctx.operator, self.edit_version)
