"""「问卷调查」: themed questionnaires, their blank PDF, returned answers and per-question results
with a chart (篇4 二.2(5))."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QItemSelection, QMargins, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QSplitter, QVBoxLayout, QWidget

from wuye_desktop.domain.revisit_survey import QuestionKind, QuestionResult
from wuye_desktop.services.revisits_views import QuestionnaireView, SurveyResults
from wuye_desktop.ui.common import msgbox, paper
from wuye_desktop.ui.common.view_table import Column, d, make_table_view, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import (
    ViewTableModel,
    add_action,
    ask_save_path,
    export_job,
    print_folder,
    select_where,
)
from wuye_desktop.ui.revisits.survey_dialogs import QuestionnaireDialog, ResponseDialog


class ResultChart(QChartView):
    """Counts per option (or per score) of one question as bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)

    def show_result(self, result: QuestionResult | None) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if result is None or not result.counts:
            chart.setTitle("")
            return
        chart.setTitle(f"{result.question.position}. {result.question.text}")
        bars = QBarSet("人数")
        bars.setColor(QColor("#1f6feb"))
        for _label, count in result.counts:
            bars.append(count)
        bars.setLabelColor(QColor("#1f2328"))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([label for label, _ in result.counts])
        values = QValueAxis()
        top = max(max((c for _, c in result.counts), default=0) + 1, 4)
        values.setLabelFormat("%d")
        values.setRange(0, top)
        if top <= 10:
            values.setTickCount(top + 1)  # one tick per whole answer, so labels never lie
        else:
            values.applyNiceNumbers()
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)


class SurveyPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.results: SurveyResults | None = None
        self.toolbar = new_toolbar("问卷调查")
        add_action(self.toolbar, self, "add", "设计问卷", self.new_questionnaire)
        add_action(self.toolbar, self, "settings", "修改问卷", self.edit_questionnaire)
        add_action(self.toolbar, self, "print", "打印空白问卷", self.print_blank)
        add_action(self.toolbar, self, "import", "录入答卷", self.enter_response)
        add_action(self.toolbar, self, "export", "导出答卷Excel", self.export_answers)
        self.model = ViewTableModel([
            Column("问卷标题", lambda q: q.title, 200),
            Column("发放日期", lambda q: d(q.issued_on), 90),
            Column("题数", lambda q: str(len(q.questions)), 48),
            Column("回收份数", lambda q: str(q.responses), 64),
        ], None, self)
        self.view = make_table_view(self.model, "revisitQuestionnaireTable")
        self.question_box = QComboBox()
        self.summary = QLabel()
        self.summary.setObjectName("surveySummary")
        self.chart = ResultChart()
        self.texts = QListWidget()
        self.texts.setObjectName("surveyTexts")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(QLabel("<b>逐题统计</b>"))
        right_layout.addWidget(self.question_box)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.chart, 2)
        right_layout.addWidget(self.texts, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(right)
        split.setSizes([460, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 6, 2)
        layout.addWidget(self.toolbar)
        layout.addWidget(split, 1)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.question_box.currentIndexChanged.connect(self._question_changed)

    @Slot()
    def reload(self) -> None:
        current = self.selected()
        self.model.set_rows(self.ctx.services.revisits.surveys.list(self.ctx.project_id))
        if current is None or not select_where(self.view, self.model, lambda q: q.id == current.id):
            if self.model.rowCount():
                self.view.selectRow(0)
            else:
                self.show_results(None)

    def selected(self) -> QuestionnaireView | None:
        return selected_row(self.view)

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        q = self.selected()
        self.show_results(self.ctx.services.revisits.surveys.results(q.id) if q else None)

    def show_results(self, results: SurveyResults | None) -> None:
        self.results = results
        self.question_box.blockSignals(True)
        self.question_box.clear()
        if results is not None:
            for r in results.results:
                self.question_box.addItem(f"{r.question.position}. {r.question.text}")
        self.question_box.blockSignals(False)
        self._question_changed(0)

    @Slot(int)
    def _question_changed(self, index: int) -> None:
        result = self.results.results[index] if self.results and 0 <= index < len(self.results.results) else None
        self.texts.clear()
        if result is None:
            self.summary.setText("请选择左侧的问卷" if self.results is None else "该问卷还没有题目")
            self.chart.show_result(None)
            self.texts.hide()
            return
        total = self.results.questionnaire.responses if self.results else 0
        self.summary.setText(f"{result.summary}（共回收 {total} 份）")
        if result.question.kind is QuestionKind.TEXT:
            self.chart.show_result(None)
            self.chart.hide()
            self.texts.addItems(list(result.texts) or ["（暂无回答）"])
            self.texts.show()
        else:
            self.chart.show()
            self.chart.show_result(result)
            self.texts.hide()

    def _need(self, title: str) -> QuestionnaireView | None:
        q = self.selected()
        if q is None:
            msgbox.information(self, title, "请先在左侧选择一份问卷。")
        return q

    @Slot()
    def new_questionnaire(self) -> QuestionnaireDialog:
        dialog = QuestionnaireDialog(self.ctx, None, self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot()
    def edit_questionnaire(self) -> QuestionnaireDialog | None:
        q = self._need("修改问卷")
        if q is None:
            return None
        dialog = QuestionnaireDialog(self.ctx, q, self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot(object)
    def _saved(self, q: object) -> None:
        assert isinstance(q, QuestionnaireView)
        self.reload()
        select_where(self.view, self.model, lambda x: x.id == q.id)

    @Slot()
    def enter_response(self) -> ResponseDialog | None:
        q = self._need("录入答卷")
        if q is None:
            return None
        dialog = ResponseDialog(self.ctx, q, self)
        dialog.saved.connect(lambda _r: self._response_saved(q.id, dialog.again.isChecked()))
        dialog.open()
        return dialog

    def _response_saved(self, questionnaire_id: int, again: bool) -> None:
        self.reload()
        select_where(self.view, self.model, lambda x: x.id == questionnaire_id)
        self.status_message.emit("答卷已保存；文字题的回答已列入「意见处理」")
        if again:
            self.enter_response()

    @Slot()
    def print_blank(self) -> None:
        q = self._need("打印空白问卷")
        if q is None:
            return
        out = print_folder(self.ctx) / f"问卷-{paper.safe_name(q.title)}-{self.ctx.now():%Y%m%d%H%M%S}.pdf"
        paper.show_pdf(self, q.title, lambda: self.ctx.services.revisits.surveys.write_blank_pdf(q.id, out), out)

    @Slot()
    def export_answers(self) -> None:
        q = self._need("导出答卷")
        if q is None:
            return
        service = self.ctx.services.revisits.surveys
        ask_save_path(self, self.ctx, "导出答卷", f"{paper.safe_name(q.title)}-答卷.xlsx",
                      lambda target: export_job(self, "正在导出答卷…",
                                                lambda _progress: service.export_answers(q.id, target)))
