"""Dialogs for residents' voice: an opinion heard, reported to the head, handled and answered
(篇4 二.1(4)); a suggestion recorded, reported, decided, rectified, posted (篇4 一.4); a peer visit (一.7)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QSpinBox, QWidget

from wuye_desktop.domain.revisit_voice import (
    Decision,
    DecisionInput,
    HandleInput,
    OpinionCategory,
    OpinionDraft,
    OpinionSource,
    PeerVisitDraft,
    ReportInput,
    SuggestionDraft,
)
from wuye_desktop.services.revisits_views import OpinionView, SuggestionView
from wuye_desktop.services.revisits_voice import (
    DECISION_EDIT,
    OPINION_HANDLE_EDIT,
    OPINION_REPORT_EDIT,
    RECTIFIED_EDIT,
    SUGGESTION_REPORT_EDIT,
)
from wuye_desktop.ui.common.field_widgets import OptionalDateTime, choice, date_edit, from_qdate, line, text_area
from wuye_desktop.ui.common.fields import datetime_edit, from_qdatetime
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import FormDialog, print_folder, staff_box


class OpinionDialog(FormDialog):
    """An opinion heard outside a recorded visit (at the desk, in the street, at an event)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "新增意见", parent)
        now = ctx.now()
        self.source = self.field("source", "来源", choice([s.value for s in OpinionSource], OpinionSource.OTHER.value),
                            required=True)
        self.source_ref = self.field("source_ref", "来源说明", line(placeholder="如：中秋游园会、业主微信群"))
        self.heard_at = self.field("heard_at", "听取时间", datetime_edit(now), required=True)
        self.resident = self.field("resident", "住户", line())
        self.unit = self.field("unit", "房号", line())
        self.category = self.field("category", "类别", choice([c.value for c in OpinionCategory]), required=True)
        self.content = self.field("content", "意见内容", text_area(height=80), required=True)
        self.major = self.field("major", "重大问题", QCheckBox("须报告主任（篇4 二.1(4)）"))
        self.due = self.field("due_at", "答复期限", OptionalDateTime("已约定答复时间", None, now))

    def submit(self) -> object:
        project = self.ctx.working_project_id
        assert project is not None
        return self.ctx.services.revisits.opinions.add(project, OpinionDraft(
            self.source.currentText(), from_qdatetime(self.heard_at.dateTime()), self.content.toPlainText(),
            self.category.currentText(), self.resident.text(), self.unit.text(), self.major.isChecked(),
            self.due.value(), self.source_ref.text()))


class OpinionReportDialog(FormDialog):
    def __init__(self, ctx: UiContext, item: OpinionView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "报告主任", parent, ok_text="登记报告")
        self.item = item
        self.field("content", "意见", line(item.content)).setEnabled(False)
        self.head = self.field("head", "报告对象（主任）", staff_box(ctx, item.head), required=True)
        self.at = self.field("at", "报告时间", datetime_edit(ctx.now()), required=True)
        self.instruction = self.field("instruction", "主任批示", text_area(height=60))
        self.lock_edit(OPINION_REPORT_EDIT, item, self._reload)

    def _reload(self) -> OpinionView:
        return self.ctx.services.revisits.opinions.get(self.item.id)

    def submit(self) -> object:
        return self.ctx.services.revisits.opinions.report(self.item.id, ReportInput(
            self.head.currentText(), from_qdatetime(self.at.dateTime()), self.instruction.toPlainText()),
            self.edit_version)


class OpinionHandleDialog(FormDialog):
    def __init__(self, ctx: UiContext, item: OpinionView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "处理答复", parent, ok_text="处理完毕")
        self.item = item
        self.field("content", "意见", line(item.content)).setEnabled(False)
        self.handler = self.field("handler", "处理人", staff_box(ctx), required=True)
        self.at = self.field("at", "处理时间", datetime_edit(ctx.now()), required=True)
        self.result_edit = self.field("result", "处理结果及答复", text_area(height=80), required=True)
        self.lock_edit(OPINION_HANDLE_EDIT, item, self._reload)

    def _reload(self) -> OpinionView:
        return self.ctx.services.revisits.opinions.get(self.item.id)

    def submit(self) -> object:
        return self.ctx.services.revisits.opinions.handle(self.item.id, HandleInput(
            self.handler.currentText(), from_qdatetime(self.at.dateTime()), self.result_edit.toPlainText()),
            self.edit_version)


class SuggestionDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "登记合理化建议", parent)
        self.proposed_at = self.field("proposed_at", "提出时间", datetime_edit(ctx.now()), required=True)
        self.proposer = self.field("proposer", "建议人", line(), required=True)
        self.unit = self.field("unit", "房号", line(), required=True)
        self.phone = self.field("phone", "联系电话", line())
        self.content = self.field("content", "建议内容", text_area(height=100, placeholder="详细、认真地记录（篇4 一.4）"),
                             required=True)
        self.recorded_by = self.field("recorded_by", "记录人", staff_box(ctx), required=True)

    def submit(self) -> object:
        project = self.ctx.working_project_id
        assert project is not None
        return self.ctx.services.revisits.suggestions.add(project, SuggestionDraft(
            from_qdatetime(self.proposed_at.dateTime()), self.proposer.text(), self.unit.text(),
            self.content.toPlainText(), self.recorded_by.currentText(), self.phone.text()))


class SuggestionReportDialog(FormDialog):
    def __init__(self, ctx: UiContext, item: SuggestionView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "建议报告主任", parent, ok_text="登记报告")
        self.item = item
        self.field("content", "建议", line(item.content)).setEnabled(False)
        self.head = self.field("head", "主任", staff_box(ctx, ""), required=True)
        self.at = self.field("at", "报告时间", datetime_edit(ctx.now()), required=True)
        self.lock_edit(SUGGESTION_REPORT_EDIT, item, self._reload)

    def _reload(self) -> SuggestionView:
        return self.ctx.services.revisits.suggestions.get(self.item.id)

    def submit(self) -> object:
        return self.ctx.services.revisits.suggestions.report(self.item.id, self.head.currentText(),
                                                            from_qdatetime(self.at.dateTime()), self.edit_version)


class DecisionDialog(FormDialog):
    """The head decides; adopted → rectification plan with an owner and a due date."""

    def __init__(self, ctx: UiContext, item: SuggestionView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "主任决定", parent, ok_text="登记决定", width=580)
        self.item = item
        now = ctx.now()
        self.field("content", "建议", line(item.content)).setEnabled(False)
        self.head = self.field("head", "主任", staff_box(ctx, item.head), required=True)
        self.decided_at = self.field("decided_at", "决定时间", datetime_edit(now), required=True)
        self.decision = self.field("decision", "决定", choice([x.value for x in Decision]), required=True)
        self.note = self.field("note", "决定说明", text_area(height=44, placeholder="不采纳时写明理由，以便答复住户"))
        self.plan = self.field("plan", "整改措施", text_area(height=70), required=True)
        self.owner = self.field("owner", "整改负责人", staff_box(ctx, ""), required=True)
        self.due_on = self.field("due_on", "整改期限", date_edit(now.date()), required=True)
        self.decision.currentTextChanged.connect(self._decision_changed)
        self.lock_edit(DECISION_EDIT, item, self._reload)

    def _reload(self) -> SuggestionView:
        return self.ctx.services.revisits.suggestions.get(self.item.id)

    def _decision_changed(self, value: str) -> None:
        adopted = value != Decision.REJECT.value
        for w in (self.plan, self.owner, self.due_on):
            w.setEnabled(adopted)

    def submit(self) -> object:
        return self.ctx.services.revisits.suggestions.decide(self.item.id, DecisionInput(
            self.head.currentText(), from_qdatetime(self.decided_at.dateTime()), self.decision.currentText(),
            self.note.toPlainText(), self.plan.toPlainText(), self.owner.currentText(),
            from_qdate(self.due_on.date())), self.edit_version)


class RectifiedDialog(FormDialog):
    def __init__(self, ctx: UiContext, item: SuggestionView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "整改完成", parent, ok_text="登记完成")
        self.item = item
        self.field("plan", "整改措施", line(item.plan)).setEnabled(False)
        self.at = self.field("at", "完成时间", datetime_edit(ctx.now()), required=True)
        self.note = self.field("note", "整改结果", text_area(height=70), required=True)
        self.lock_edit(RECTIFIED_EDIT, item, self._reload)

    def _reload(self) -> SuggestionView:
        return self.ctx.services.revisits.suggestions.get(self.item.id)

    def submit(self) -> object:
        return self.ctx.services.revisits.suggestions.complete(self.item.id, from_qdatetime(self.at.dateTime()),
                                                              self.note.toPlainText(), self.edit_version)


class PublishDialog(FormDialog):
    """张榜公布: the chosen adopted suggestions on one notice; the PDF is shown for printing."""

    def __init__(self, ctx: UiContext, items: list[SuggestionView], parent: QWidget | None = None) -> None:
        super().__init__(ctx, "张榜公布", parent, ok_text="生成公告")
        self.items = items
        self.checks: list[tuple[QCheckBox, SuggestionView]] = []
        for item in items:
            box = QCheckBox(f"{item.unit} {item.proposer}：{item.content[:30]}（{item.state.value}）")
            box.setChecked(item.published_on is None)
            self.checks.append((box, item))
            self.field(f"s{item.id}", "", box)
        self.field("suggestions", "共", line(f"{len(items)} 条已采纳的建议")).setEnabled(False)
        self.on = self.field("on", "公布日期", date_edit(ctx.now().date()), required=True)
        self.path: object = None

    def submit(self) -> object:
        ids = [item.id for box, item in self.checks if box.isChecked()]
        on = from_qdate(self.on.date())
        out = print_folder(self.ctx) / f"合理化建议公告-{on:%Y%m%d}-{self.ctx.now():%H%M%S}.pdf"
        self.path = self.ctx.services.revisits.suggestions.publish(ids, on, out)
        return self.path


class PeerVisitDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "登记同行参观", parent)
        self.visited_on = self.field("visited_on", "参观日期", date_edit(ctx.now().date()), required=True)
        self.company = self.field("company", "来访单位", line(), required=True)
        self.visitors = self.field("visitors", "来访人员", line(placeholder="姓名、职务"))
        self.headcount = self.field("headcount", "人数", QSpinBox(), required=True)
        self.headcount.setRange(0, 500)
        self.headcount.setValue(1)
        self.received_by = self.field("received_by", "接待人", staff_box(ctx), required=True)
        self.content = self.field("content", "介绍内容", text_area(height=60, placeholder="向来宾全面介绍了哪些情况（篇4 一.7）"))
        self.note = self.field("note", "备注", text_area(height=44))

    def submit(self) -> object:
        project = self.ctx.working_project_id
        assert project is not None
        return self.ctx.services.revisits.peers.save(project, PeerVisitDraft(
            from_qdate(self.visited_on.date()), self.company.text(), self.visitors.text(), self.headcount.value(),
            self.received_by.currentText(), self.content.toPlainText(), self.note.toPlainText()))
