"""「统计报表」 through pytest-qt: each button writes its file in the background, the PDF opens in the
preview, a workbook is handed to its program, 「另存为」 copies it; periods that cannot be reported on
are named under the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QFileDialog

from wuye_desktop.domain.analysis import Period
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog
from wuye_desktop.ui.reports import tab as reports_tab
from wuye_desktop.ui.reports.tab import ReportsTab
from tests.integration.test_monthly_stats import build_september
from tests.unit.test_export_pdf_forms import page_texts


def visible(cls):  # type: ignore[no-untyped-def]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(reports_tab, "open_url", fake_open)
    return urls


@pytest.fixture
def tab(ui_ctx, clock, qtbot) -> ReportsTab:  # type: ignore[no-untyped-def]
    data = build_september(ui_ctx.services, clock)       # the clock now reads 20 Oct 2026
    ui_ctx.data_changed.emit("settings")
    tab = ReportsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.project.setCurrentIndex(tab.project.findData(data.hy))
    tab.set_period(Period.month(2026, 9))
    return tab


def test_the_analysis_pdf_is_written_and_previewed(tab: ReportsTab, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab.pdf_button.click()
    assert tab.last_file is not None and tab.last_file.name == "客户服务月分析报告-2026-09-海悦管理处.pdf"
    first = page_texts(tab.last_file)[0]
    assert "统计范围：海悦管理处" in first and "统计期间：2026年9月" in first
    previews = visible(PdfPreviewDialog)
    assert len(previews) == 1 and previews[0].page_count == 3
    previews[0].close()
    assert tab.result_label.text() == f"已生成PDF：{tab.last_file}"
    assert tab.pdf_button.isEnabled() and tab.preview_button.text() == "预览"


def test_a_workbook_is_handed_to_its_program(tab: ReportsTab, opened: list[str]) -> None:
    tab.xlsx_button.click()
    assert tab.last_file is not None and tab.last_file.name == "分析数据-月分析报告-2026-09-海悦管理处.xlsx"
    assert load_workbook(tab.last_file).sheetnames[0] == "分析概要"
    assert tab.preview_button.text() == "打开" and not visible(PdfPreviewDialog)
    tab.preview_button.click()
    tab.folder_button.click()
    assert opened == [str(tab.last_file), str(tab.last_file.parent)]


def test_the_monthly_statistics_workbook(tab: ReportsTab) -> None:
    tab.stats_button.click()
    assert tab.last_file is not None and tab.last_file.name == "客户月投诉统计表-2026-09-海悦管理处.xlsx"
    sheet = load_workbook(tab.last_file).worksheets[0]
    assert sheet.title == "客户月投诉统计表"


def test_weeks_the_53rd_and_a_week_not_begun(tab: ReportsTab) -> None:
    tab.by_week.setChecked(True)
    assert not tab.stats_button.isEnabled()         # the 客户月投诉统计表 is monthly
    assert tab.year.isHidden() and not tab.week.isHidden()
    tab.week_year.setValue(2027)
    assert tab.week.maximum() == 52
    tab.week_year.setValue(2026)
    assert tab.week.maximum() == 53
    tab.week.setValue(40)
    assert tab.week_span.text() == "2026年9月28日至10月4日"
    tab.week.setValue(53)
    tab.pdf_button.click()
    assert tab.last_file is None
    error = tab.form.errors["period"]
    assert not error.isHidden() and error.text() == "2026年第53周尚未开始，不能统计"
    tab.week.setValue(40)
    tab.pdf_button.click()
    assert error.isHidden()
    assert tab.last_file is not None and tab.last_file.name.endswith("2026-W40-海悦管理处.pdf")
    for preview in visible(PdfPreviewDialog):
        preview.close()


def test_save_as_copies_the_file(tab: ReportsTab, tmp_path: Path, opened: list[str]) -> None:
    tab.xlsx_button.click()
    dialog = tab.choose_save_path()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    target = tmp_path / "另存" / "分析.xlsx"
    target.parent.mkdir()
    dialog.fileSelected.emit(str(target))
    dialog.close()
    assert target.read_bytes() == tab.last_file.read_bytes()  # type: ignore[union-attr]
    assert tab.result_label.text() == f"已另存为：{target}"


def test_cancel_leaves_no_file_and_the_buttons_usable(tab: ReportsTab, ui_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def cancelled_midway(period, project_id, out, progress):  # type: ignore[no-untyped-def]
        progress(1, 6, "正在统计……")
        progress.cancel()              # the clerk pressed 取消
        progress(2, 6, "正在统计上月……")

    monkeypatch.setattr(ui_ctx.services.analysis, "write_pdf", cancelled_midway)
    messages: list[str] = []
    tab.status_message.connect(messages.append)
    tab.pdf_button.click()
    assert tab.last_file is None and messages == ["已取消生成报表"]
    assert tab.pdf_button.isEnabled() and tab.xlsx_button.isEnabled()
