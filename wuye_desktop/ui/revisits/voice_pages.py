"""「意见处理」, 「合理化建议」 and 「同行参观」 pages: lists with their actions (篇4 二.1(4), 一.4, 一.7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from wuye_desktop.domain.revisit_voice import OPINION_FILTERS, OpinionFilter, OpinionSource, SuggestionState
from wuye_desktop.services.revisits_views import OpinionView, SuggestionView
from wuye_desktop.ui.common import msgbox, paper
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog
from wuye_desktop.ui.common.view_table import Column, d, dt, make_table_view, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import (
    FormDialog,
    ViewTableModel,
    add_action,
    ask_save_path,
    export_job,
    print_folder,
)
from wuye_desktop.ui.revisits.voice_dialogs import (
    DecisionDialog,
    OpinionDialog,
    OpinionHandleDialog,
    OpinionReportDialog,
    PeerVisitDialog,
    PublishDialog,
    RectifiedDialog,
    SuggestionDialog,
    SuggestionReportDialog,
)


class OpinionsPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.toolbar = new_toolbar("意见处理")
        add_action(self.toolbar, self, "add", "新增意见", self.add_opinion)
        add_action(self.toolbar, self, "alert", "报告主任", self.report_selected)
        add_action(self.toolbar, self, "check", "处理答复", self.handle_selected)
        self.toolbar.addSeparator()
        add_action(self.toolbar, self, "refresh", "刷新", self.reload)
        add_action(self.toolbar, self, "export", "导出Excel", self.export_excel)
        self.status_box = QComboBox()
        self.status_box.addItems(list(OPINION_FILTERS))
        self.status_box.setCurrentText("未处理")
        self.source_box = QComboBox()
        self.source_box.addItems(["全部来源"] + [s.value for s in OpinionSource])
        self.search = QLineEdit()
        self.search.setPlaceholderText("内容、房号、住户、来源说明")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        for w in (QLabel("状态："), self.status_box, QLabel("来源："), self.source_box, QLabel("查找：")):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        self.model = ViewTableModel([
            Column("听取时间", lambda v: dt(v.heard_at), 124),
            Column("来源", lambda v: v.source, 96),
            Column("来源说明", lambda v: v.source_ref, 120),
            Column("类别", lambda v: v.category, 48),
            Column("住户", lambda v: v.resident, 64),
            Column("房号", lambda v: v.unit, 96),
            Column("意见内容", lambda v: v.content, 240, tip=lambda v: v.content),
            Column("重大", lambda v: "是" if v.major else "", 40),
            Column("答复期限", lambda v: dt(v.due_at), 124),
            Column("状态", lambda v: v.state.value, 70),
            Column("处理结果", lambda v: v.result, 200, tip=lambda v: v.result or v.instruction),
        ], self._tone, self)
        self.view = make_table_view(self.model, "revisitOpinionTable")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 6, 2)
        layout.addWidget(self.toolbar)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.status_box.currentTextChanged.connect(self.reload)
        self.source_box.currentTextChanged.connect(self.reload)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self.view.doubleClicked.connect(self._double_clicked)
        self.model.reloaded.connect(self._counts)

    @Slot(QModelIndex)
    def _double_clicked(self, _index: QModelIndex) -> None:
        self.handle_selected()

    def _tone(self, v: OpinionView) -> str:
        if v.is_late(self.ctx.now()):
            return "overdue"
        if v.handled_at is None and v.major:
            return "soon"
        return "closed" if v.handled_at else ""

    def opinion_filter(self) -> OpinionFilter:
        source = self.source_box.currentText()
        return OpinionFilter(self.ctx.project_id, self.status_box.currentText(),
                             "" if source == "全部来源" else source, self.search.text().strip())

    @Slot()
    def reload(self) -> None:
        f = self.opinion_filter()
        service = self.ctx.services.revisits.opinions

        def fetch(offset: int, limit: int) -> tuple[Any, int]:
            page = service.page(f, offset, limit)
            return page.rows, page.total

        self.model.set_fetch(fetch)

    @Slot()
    def _counts(self) -> None:
        self.count_label.setText(f"共 {self.model.total} 条")

    def selected(self) -> OpinionView | None:
        return selected_row(self.view)

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.saved.connect(lambda _v: self.reload())
        dialog.open()
        return dialog

    @Slot()
    def add_opinion(self) -> FormDialog:
        return self._open(OpinionDialog(self.ctx, self))

    @Slot()
    def report_selected(self) -> FormDialog | None:
        item = self.selected()
        if item is None:
            msgbox.information(self, "报告主任", "请先在列表中选择一条意见。")
            return None
        return self._open(OpinionReportDialog(self.ctx, item, self))

    @Slot()
    def handle_selected(self) -> FormDialog | None:
        item = self.selected()
        if item is None:
            msgbox.information(self, "处理答复", "请先在列表中选择一条意见。")
            return None
        if item.handled_at is not None:
            msgbox.information(self, "处理答复", f"该意见已于 {dt(item.handled_at)} 处理：{item.result}")
            return None
        return self._open(OpinionHandleDialog(self.ctx, item, self))

    @Slot()
    def export_excel(self) -> None:
        f = self.opinion_filter()
        service = self.ctx.services.revisits.opinions
        ask_save_path(self, self.ctx, "导出意见清单", f"意见处理-{self.ctx.now():%Y%m%d-%H%M}.xlsx",
                      lambda target: export_job(self, "正在导出意见清单…",
                                                lambda progress: service.export(f, target, progress)))


class SuggestionsPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.toolbar = new_toolbar("合理化建议")
        add_action(self.toolbar, self, "add", "登记建议", self.add_suggestion)
        add_action(self.toolbar, self, "alert", "报告主任", self.report_selected)
        add_action(self.toolbar, self, "user", "主任决定", self.decide_selected)
        add_action(self.toolbar, self, "check", "整改完成", self.complete_selected)
        self.toolbar.addSeparator()
        add_action(self.toolbar, self, "pdf", "张榜公布", self.publish)
        add_action(self.toolbar, self, "print", "文明户优先名单", self.print_candidates)
        add_action(self.toolbar, self, "export", "导出Excel", self.export_excel)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.now().year)
        self.year.setSuffix(" 年")
        top = QHBoxLayout()
        top.addWidget(self.toolbar, 1)
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        self.model = ViewTableModel([
            Column("提出时间", lambda v: dt(v.proposed_at), 124),
            Column("建议人", lambda v: v.proposer, 64),
            Column("房号", lambda v: v.unit, 96),
            Column("建议内容", lambda v: v.content, 220, tip=lambda v: v.content),
            Column("状态", lambda v: v.state.value, 86),
            Column("决定", lambda v: v.decision, 64, tip=lambda v: v.decision_note),
            Column("整改措施", lambda v: v.plan, 180, tip=lambda v: v.plan),
            Column("负责人", lambda v: v.owner, 64),
            Column("整改期限", lambda v: d(v.due_on), 90),
            Column("公布日期", lambda v: d(v.published_on), 90),
            Column("爱我小区", lambda v: "表彰" if v.praised and v.decision and v.decision != "不采纳" else "", 64),
        ], self._tone, self)
        self.view = make_table_view(self.model, "revisitSuggestionTable")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 6, 2)
        layout.addLayout(top)
        layout.addWidget(QLabel("建议人一律在「文明户」评选中优先考虑（篇4 一.4）；红色：整改超过期限。"))
        layout.addWidget(self.view, 1)
        self.year.valueChanged.connect(self.reload)

    def _tone(self, v: SuggestionView) -> str:
        if v.is_late(self.ctx.now().date()):
            return "overdue"
        return "closed" if v.state in (SuggestionState.PUBLISHED, SuggestionState.REJECTED) else ""

    @Slot()
    def reload(self) -> None:
        self.model.set_rows(self.ctx.services.revisits.suggestions.list(self.ctx.project_id, self.year.value()))

    def selected(self) -> SuggestionView | None:
        return selected_row(self.view)

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.saved.connect(lambda _v: self.reload())
        dialog.open()
        return dialog

    def _need(self, title: str) -> SuggestionView | None:
        item = self.selected()
        if item is None:
            msgbox.information(self, title, "请先在列表中选择一条建议。")
        return item

    @Slot()
    def add_suggestion(self) -> FormDialog:
        return self._open(SuggestionDialog(self.ctx, self))

    @Slot()
    def report_selected(self) -> FormDialog | None:
        item = self._need("报告主任")
        return self._open(SuggestionReportDialog(self.ctx, item, self)) if item else None

    @Slot()
    def decide_selected(self) -> FormDialog | None:
        item = self._need("主任决定")
        return self._open(DecisionDialog(self.ctx, item, self)) if item else None

    @Slot()
    def complete_selected(self) -> FormDialog | None:
        item = self._need("整改完成")
        return self._open(RectifiedDialog(self.ctx, item, self)) if item else None

    @Slot()
    def publish(self) -> FormDialog | None:
        adopted = [v for v in self.model.rows()
                   if v.state in (SuggestionState.RECTIFYING, SuggestionState.DONE, SuggestionState.PUBLISHED)]
        if not adopted:
            msgbox.information(self, "张榜公布", "本年度还没有已采纳的建议可以公布。")
            return None
        dialog = PublishDialog(self.ctx, adopted, self)
        dialog.saved.connect(self._published)
        dialog.open()
        return dialog

    @Slot(object)
    def _published(self, path: object) -> None:
        self.reload()
        PdfPreviewDialog(Path(str(path)), "合理化建议整改措施公告", self).open()

    @Slot()
    def print_candidates(self) -> None:
        project = self.ctx.working_project_id
        assert project is not None
        year = self.year.value()
        out = print_folder(self.ctx) / f"文明户优先名单-{year}-{self.ctx.now():%Y%m%d%H%M%S}.pdf"
        paper.show_pdf(self, f"{year}年度「文明户」优先评选名单",
                       lambda: self.ctx.services.revisits.suggestions.write_candidates_pdf(project, year, out), out)

    @Slot()
    def export_excel(self) -> None:
        project, year = self.ctx.project_id, self.year.value()
        service = self.ctx.services.revisits.suggestions
        ask_save_path(self, self.ctx, "导出合理化建议", f"合理化建议-{year}.xlsx",
                      lambda target: export_job(self, "正在导出合理化建议…",
                                                lambda _progress: service.export(project, year, target)))


class PeersPage(QWidget):
    """Peer companies' visits, received and shown round (篇4 一.7)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.toolbar = new_toolbar("同行参观")
        add_action(self.toolbar, self, "add", "登记参观", self.add_visit)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.now().year)
        self.year.setSuffix(" 年")
        top = QHBoxLayout()
        top.addWidget(self.toolbar, 1)
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        self.model = ViewTableModel([
            Column("日期", lambda v: d(v.visited_on), 90),
            Column("来访单位", lambda v: v.company, 180),
            Column("来访人员", lambda v: v.visitors, 160),
            Column("人数", lambda v: str(v.headcount), 48),
            Column("接待人", lambda v: v.received_by, 70),
            Column("介绍内容", lambda v: v.content, 260, tip=lambda v: v.content),
            Column("备注", lambda v: v.note, 160),
        ], None, self)
        self.view = make_table_view(self.model, "revisitPeerTable")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 6, 2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.year.valueChanged.connect(self.reload)

    @Slot()
    def reload(self) -> None:
        self.model.set_rows(self.ctx.services.revisits.peers.list(self.ctx.project_id, self.year.value()))

    @Slot()
    def add_visit(self) -> FormDialog:
        dialog = PeerVisitDialog(self.ctx, self)
        dialog.saved.connect(lambda _v: self.reload())
        dialog.open()
        return dialog
