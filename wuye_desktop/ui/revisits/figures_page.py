"""「统计」: the five figures per month and for the year (篇4 二.1(4)); 「—」 where nothing happened."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from wuye_desktop.domain.revisit_figures import RevisitFigures
from wuye_desktop.ui.common.view_table import Column, make_table_view, new_toolbar
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.revisits.common import ViewTableModel, add_action, ask_save_path, export_job

EXPLANATION = (
    "回访率＝期内到期的回访任务（投诉和维修单）中已回访的比例；及时回访率＝其中在2个工作日期限内回访的比例（篇2 §5、§7）；"
    "满意率＝期内完成的回访中「满意」和「基本满意」的比例；意见处理率＝期内听取的意见中已处理的比例，目标100%；"
    "有效投诉率＝期内合理投诉（不含非合理投诉、合理化建议）÷服务户数，目标1%以下（篇4 二.1(4)）。"
    "「—」表示该期间没有可计算的数据。"
)


def _rate(name: str) -> Column:
    def text(f: RevisitFigures) -> str:
        return dict(f.rates())[name].text

    def tip(f: RevisitFigures) -> str:
        return f"{name}：{dict(f.rates())[name].detail}"

    return Column(name, text, 92, tip=tip)


class FiguresPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.toolbar = new_toolbar("统计")
        add_action(self.toolbar, self, "refresh", "刷新", self.reload)
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
            Column("期间", lambda f: f.label, 96),
            _rate("回访率"), _rate("及时回访率"), _rate("满意率"), _rate("意见处理率"), _rate("有效投诉率"),
            Column("应回访", lambda f: str(f.counts.tasks_due), 60),
            Column("已回访", lambda f: str(f.counts.tasks_done), 60),
            Column("按时回访", lambda f: str(f.counts.tasks_on_time), 66),
            Column("意见", lambda f: str(f.counts.opinions), 50),
            Column("已处理", lambda f: str(f.counts.opinions_handled), 60),
            Column("有效投诉", lambda f: str(f.counts.reasonable_complaints), 66),
            Column("服务户数", lambda f: str(f.counts.households), 66),
        ], self._tone, self)
        self.view = make_table_view(self.model, "revisitFiguresTable")
        note = QLabel(EXPLANATION)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 6, 2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        self.year.valueChanged.connect(self.reload)

    @staticmethod
    def _tone(f: RevisitFigures) -> str:
        """Red when a target of 篇4 二.1(4) is missed: opinions not all handled, or ≥ 1 % effective complaints."""
        handled, effective = f.opinions_handled_rate.value, f.effective_complaint_rate.value
        if (handled is not None and handled < 1) or (effective is not None and effective >= 0.01):
            return "overdue"
        return ""

    @Slot()
    def reload(self) -> None:
        self.model.set_rows(self.ctx.services.revisits.figures_by_month(self.year.value(), self.ctx.project_id))

    @Slot()
    def export_excel(self) -> None:
        year, project = self.year.value(), self.ctx.project_id
        service = self.ctx.services.revisits
        ask_save_path(self, self.ctx, "导出回访统计", f"回访统计-{year}.xlsx",
                      lambda target: export_job(self, "正在导出回访统计…",
                                                lambda _p: service.write_figures_xlsx(year, project, target)))
