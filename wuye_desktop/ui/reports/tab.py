"""「统计报表」: the 《客户月投诉统计表》 (篇5 §2(8)) and the weekly/monthly analysis report (篇2 §9)
for a chosen period and project or the whole company — each generated in the background with a
cancellable progress bar, then previewed (the PDF in the app, a workbook in its own program) and
saved elsewhere with 「另存为…」."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QUrl, Qt, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.analysis import Period, weeks_in_year
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.common.jobs import Progress, run_job
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog
from wuye_desktop.ui.context import UiContext

WHOLE_COMPANY = "全公司"
MONTHLY_STATS = "客户月投诉统计表"


def open_url(url: QUrl) -> bool:
    """Hands a file or folder to the system (Excel, the file manager); tests replace it."""
    return QDesktopServices.openUrl(url)


class ReportsTab(QWidget):
    status_message = Signal(str)
    file_written = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_file: Path | None = None
        self.preview: PdfPreviewDialog | None = None
        self.runner: Any = None

        today = ctx.now().date()
        last_month = Period.month_of(today).previous()
        last_week = Period.week_of(today - timedelta(days=7))

        self.by_month = QRadioButton("按月")
        self.by_week = QRadioButton("按周")
        self.by_month.setChecked(True)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.by_month)
        self.kind_group.addButton(self.by_week)
        kinds = QWidget()
        kinds_row = QHBoxLayout(kinds)
        kinds_row.setContentsMargins(0, 0, 0, 0)
        kinds_row.addWidget(self.by_month)
        kinds_row.addWidget(self.by_week)
        kinds_row.addStretch(1)

        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.year.setSuffix(" 年")
        self.year.setValue(last_month.year)
        self.month = QComboBox()
        self.month.addItems([f"{m}月" for m in range(1, 13)])
        self.month.setCurrentIndex(last_month.number - 1)
        self.week_year = QSpinBox()
        self.week_year.setRange(2000, 2099)
        self.week_year.setSuffix(" 年")
        self.week_year.setValue(last_week.year)
        self.week = QSpinBox()
        self.week.setRange(1, weeks_in_year(last_week.year))
        self.week.setPrefix("第 ")
        self.week.setSuffix(" 周")
        self.week.setValue(last_week.number)
        self.week_span = QLabel("")
        self.period_row = QWidget()
        row = QHBoxLayout(self.period_row)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.year, self.month, self.week_year, self.week, self.week_span):
            row.addWidget(w)
        row.addStretch(1)

        self.project = QComboBox()
        self.project.setMinimumWidth(220)
        self._fill_projects()

        self.form = ErrorForm()
        self.form.add("kind", "报表周期", kinds)
        self.form.add("period", "统计期间", self.period_row)
        self.form.add("project", "统计范围", self.project)
        choose = QGroupBox("选择期间和范围")
        choose.setLayout(self.form)

        self.stats_button = QPushButton(f"生成{MONTHLY_STATS}")
        self.stats_button.setToolTip("按月统计投诉，Excel 工作簿，可直接打印上交（篇5 §2(8)）")
        self.pdf_button = QPushButton("生成分析报告（PDF）")
        self.pdf_button.setToolTip("报送董事办、总经办、开发商客户服务部的周／月分析报告（篇2 §9）")
        self.pdf_button.setProperty("primary", True)
        self.xlsx_button = QPushButton("导出分析数据（Excel）")
        self.xlsx_button.setToolTip("与分析报告相同的数字，Excel 工作簿")
        buttons = QHBoxLayout()
        for b in (self.stats_button, self.pdf_button, self.xlsx_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.result_label = QLabel("尚未生成报表。生成的文件保存在数据文件夹的「报表」文件夹中。")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_button = QPushButton("预览")
        self.folder_button = QPushButton("打开所在文件夹")
        self.save_as_button = QPushButton("另存为…")
        result_buttons = QHBoxLayout()
        for b in (self.preview_button, self.folder_button, self.save_as_button):
            result_buttons.addWidget(b)
            b.setEnabled(False)
        result_buttons.addStretch(1)
        result = QGroupBox("最近生成的文件")
        result_layout = QVBoxLayout(result)
        result_layout.addWidget(self.result_label)
        result_layout.addLayout(result_buttons)

        note = QLabel(
            "客户月投诉统计表：本月受理的每宗投诉在月末（本月未结束时为此刻）的状况，按类别、性质、部门、首问人、经办人统计。\n"
            "分析报告：本期与上期、去年同期对比，投诉类别和单元排行，超时案件及原因，回访率（目标100%）、"
            "有效投诉率（目标1%以下）、满意率，维修与设备指标，以及改进情况。每周从周一到周日，按国际标准周次编号（如2026年第40周）。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #57606a;")

        column = QWidget()
        column.setMaximumWidth(860)      # a form, not a banner: fields stay near their labels
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(10)
        inner.addWidget(choose)
        inner.addLayout(buttons)
        inner.addWidget(result)
        inner.addWidget(note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(column)
        layout.addStretch(1)

        self.by_week.toggled.connect(self._kind_changed)
        self.week_year.valueChanged.connect(self._week_year_changed)
        self.week.valueChanged.connect(self._show_week_span)
        self.stats_button.clicked.connect(self.generate_monthly_stats)
        self.pdf_button.clicked.connect(self.generate_pdf)
        self.xlsx_button.clicked.connect(self.generate_xlsx)
        self.preview_button.clicked.connect(self.preview_last)
        self.folder_button.clicked.connect(self.open_folder)
        self.save_as_button.clicked.connect(self.choose_save_path)
        ctx.data_changed.connect(self._data_changed)
        ctx.project_changed.connect(self._project_changed)
        self._kind_changed(False)

    # --- choices ---------------------------------------------------------------------------------------
    def _fill_projects(self) -> None:
        current = self.project.currentData() if self.project.count() else self.ctx.project_id
        self.project.blockSignals(True)
        self.project.clear()
        for p in self.ctx.services.settings.projects():
            self.project.addItem(p.name, p.id)
        self.project.addItem(WHOLE_COMPANY, None)
        index = self.project.findData(current) if current is not None else self.project.count() - 1
        self.project.setCurrentIndex(index if index >= 0 else self.project.count() - 1)
        self.project.blockSignals(False)

    @Slot(str)
    def _data_changed(self, area: str) -> None:
        if area == "settings":
            self._fill_projects()

    @Slot(object)
    def _project_changed(self, project_id: object) -> None:
        index = self.project.findData(project_id) if project_id is not None else self.project.count() - 1
        if index >= 0:
            self.project.setCurrentIndex(index)

    @Slot(bool)
    def _kind_changed(self, weekly: bool) -> None:
        monthly_widgets: tuple[QWidget, ...] = (self.year, self.month)
        weekly_widgets: tuple[QWidget, ...] = (self.week_year, self.week, self.week_span)
        for w in monthly_widgets:
            w.setVisible(not weekly)
        for w in weekly_widgets:
            w.setVisible(weekly)
        # The 《客户月投诉统计表》 is a monthly table (篇5 §2(8)).
        self.stats_button.setEnabled(not weekly)
        self.stats_button.setToolTip(f"{MONTHLY_STATS}只按月统计" if weekly else
                                     "按月统计投诉，Excel 工作簿，可直接打印上交（篇5 §2(8)）")
        self.form.clear_errors()
        self._show_week_span()

    @Slot(int)
    def _week_year_changed(self, year: int) -> None:
        self.week.setMaximum(weeks_in_year(year))   # 2026 has a 53rd week, 2027 does not
        self._show_week_span()

    @Slot()
    def _show_week_span(self) -> None:
        try:
            self.week_span.setText(Period.week(self.week_year.value(), self.week.value()).span_text)
        except ValidationError:
            self.week_span.setText("")

    def period(self) -> Period:
        """The chosen period; a Chinese message under the field when it cannot be reported on."""
        if self.by_week.isChecked():
            period = Period.week(self.week_year.value(), self.week.value())
        else:
            period = Period.month(self.year.value(), self.month.currentIndex() + 1)
        if period.window[0] > self.ctx.now():
            raise ValidationError.single("period", f"{period.label}尚未开始，不能统计")
        return period

    def set_period(self, period: Period) -> None:
        if period.is_week:
            self.by_week.setChecked(True)
            self.week_year.setValue(period.year)
            self.week.setValue(period.number)
        else:
            self.by_month.setChecked(True)
            self.year.setValue(period.year)
            self.month.setCurrentIndex(period.number - 1)

    def project_id(self) -> int | None:
        value = self.project.currentData()
        return int(value) if value is not None else None

    def _scope(self) -> str:
        return self.project.currentText()

    def _target(self, stem: str, period: Period, suffix: str) -> Path:
        folder = self.ctx.services.paths.root / "报表"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{stem}-{period.code}-{self._scope()}{suffix}"

    # --- generating ------------------------------------------------------------------------------------
    def _checked_period(self) -> Period | None:
        self.form.clear_errors()
        try:
            return self.period()
        except ValidationError as exc:
            self.form.show_errors({"period": exc.message})
            return None

    @Slot()
    def generate_monthly_stats(self) -> None:
        period = self._checked_period()
        if period is None or period.is_week:
            return
        out = self._target(MONTHLY_STATS, period, ".xlsx")
        project_id = self.project_id()
        stats = self.ctx.services.monthly_stats

        def work(progress: Progress) -> Path:
            return stats.write_workbook(period.year, period.number, project_id, out, progress)

        self._run(f"生成{MONTHLY_STATS}", work)

    @Slot()
    def generate_pdf(self) -> None:
        self._generate_analysis("生成分析报告", "客户服务{}", ".pdf", self.ctx.services.analysis.write_pdf)

    @Slot()
    def generate_xlsx(self) -> None:
        self._generate_analysis("导出分析数据", "分析数据-{}", ".xlsx", self.ctx.services.analysis.write_xlsx)

    def _generate_analysis(self, title: str, stem: str, suffix: str,
                           write: Callable[[Period, int | None, Path, Progress], Path]) -> None:
        """The analysis report as a PDF or a workbook; ``stem`` takes the report's name (「周分析报告」…)."""
        period = self._checked_period()
        if period is None:
            return
        out = self._target(stem.format(period.report_name), period, suffix)
        project_id = self.project_id()

        def work(progress: Progress) -> Path:
            return write(period, project_id, out, progress)

        self._run(title, work)

    def _run(self, title: str, work: Callable[[Progress], Path]) -> None:
        for b in (self.stats_button, self.pdf_button, self.xlsx_button):
            b.setEnabled(False)
        self.runner = run_job(self, title, work, self._written, self._failed, self._cancelled)

    def _buttons_back(self) -> None:
        self.pdf_button.setEnabled(True)
        self.xlsx_button.setEnabled(True)
        self.stats_button.setEnabled(not self.by_week.isChecked())

    def _written(self, path: object) -> None:
        self._buttons_back()
        self.last_file = Path(str(path))
        kind = "PDF" if self.last_file.suffix.lower() == ".pdf" else "Excel 工作簿"
        self.result_label.setText(f"已生成{kind}：{self.last_file}")
        for b in (self.preview_button, self.folder_button, self.save_as_button):
            b.setEnabled(True)
        self.preview_button.setText("预览" if kind == "PDF" else "打开")
        self.status_message.emit(f"已生成 {self.last_file.name}")
        self.file_written.emit(str(self.last_file))
        if kind == "PDF":
            self.preview_last()

    def _failed(self, exc: Exception, trace: str) -> None:
        self._buttons_back()
        if isinstance(exc, ValidationError):
            unplaced = self.form.show_errors({("period" if k in ("month", "week") else k): v
                                              for k, v in exc.errors.items()})
            if unplaced:
                msgbox.warning(self, "不能生成报表", "；".join(unplaced))
        elif isinstance(exc, DomainError):
            msgbox.warning(self, "不能生成报表", exc.message)
        else:
            msgbox.error(self, "生成报表失败", f"生成报表时出错：{exc}", trace)

    def _cancelled(self) -> None:
        self._buttons_back()
        self.status_message.emit("已取消生成报表")

    # --- the file --------------------------------------------------------------------------------------
    @Slot()
    def preview_last(self) -> None:
        if self.last_file is None:
            return
        if self.last_file.suffix.lower() == ".pdf":
            self.preview = PdfPreviewDialog(self.last_file, self.last_file.stem, self)
            self.preview.open()
            return
        if not open_url(QUrl.fromLocalFile(str(self.last_file))):
            msgbox.warning(self, "无法打开", f"没有能打开「{self.last_file.name}」的程序，请用「另存为…」保存后再打开。")

    @Slot()
    def open_folder(self) -> None:
        if self.last_file is not None:
            open_url(QUrl.fromLocalFile(str(self.last_file.parent)))

    @Slot()
    def choose_save_path(self) -> QFileDialog | None:
        if self.last_file is None:
            return None
        suffix = self.last_file.suffix.lower()
        what = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 工作簿 (*.xlsx)"
        last_dir = str(self.ctx.settings.value("reports/last_dir", "") or Path.home())
        dialog = QFileDialog(self, "另存为", str(Path(last_dir) / self.last_file.name), what)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix.lstrip("."))
        dialog.fileSelected.connect(self.save_to)
        dialog.open()
        return dialog

    @Slot(str)
    def save_to(self, target: str) -> None:
        if not target or self.last_file is None:
            return
        try:
            if Path(target).resolve() != self.last_file.resolve():
                shutil.copyfile(self.last_file, target)
        except OSError as exc:
            msgbox.warning(self, "保存失败", f"无法保存到「{target}」：{exc.strerror or exc}")
            return
        self.ctx.settings.setValue("reports/last_dir", str(Path(target).parent))
        self.result_label.setText(f"已另存为：{target}")
        self.status_message.emit(f"已另存为 {Path(target).name}")

