"""`wuye-desktop report` from a scheduled task: the PDF (and workbook) of a month or an ISO week,
「上月」/「上周」, the 「{期间}」 file-name placeholder, and Chinese errors naming what is wrong."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wuye_desktop.app import main
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.services.container import open_services
from wuye_desktop.services.paths import DataPaths
from tests.unit.test_export_pdf_forms import page_texts


@pytest.fixture
def office(tmp_path: Path) -> Path:
    data = tmp_path / "office"
    services = open_services(DataPaths(data))
    try:
        project = services.settings.projects()[0]
        services.complaints.register(ComplaintDraft(
            received_at=datetime(2026, 9, 30, 23, 59), complainant="张三", unit="A座1203", phone="13800138000",
            subject="楼道灯不亮", category="公共设施故障", front_desk_at=datetime(2026, 9, 30, 23, 59)),
            project.id, "王前台")
    finally:
        services.close()
    return data


def test_a_month_to_pdf_and_workbook(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, xlsx = tmp_path / "九月.pdf", tmp_path / "九月.xlsx"
    assert main(["--data-dir", str(office), "report", "--month", "2026-09", "-o", str(pdf), "--xlsx", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert f"已写入 2026年9月 客户服务月分析报告（全公司）：{pdf}" in out
    assert f"已写入分析数据（Excel）：{xlsx}" in out
    first = page_texts(pdf)[0]
    assert "报送：董事办、总经办、开发商客户服务部" in first and "统计期间：2026年9月" in first
    assert "受理投诉 1 — — — —" in first        # August and September 2025 hold nothing: no basis
    summary = load_workbook(xlsx).worksheets[0]
    assert summary.title == "分析概要"
    assert any(r[0].value == "受理投诉" and r[1].value == 1 for r in summary.iter_rows())


def test_a_week_with_the_period_in_the_file_name(office: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "周报-{期间}.pdf"
    assert main(["--data-dir", str(office), "report", "--week", "2026-W40", "-o", str(target)]) == 0
    written = tmp_path / "周报-2026-W40.pdf"
    assert written.exists()
    assert "已写入 2026年第40周 客户服务周分析报告（全公司）" in capsys.readouterr().out
    assert "统计期间：2026年第40周（2026年9月28日至10月4日）" in page_texts(written)[0]


def test_last_month_for_a_scheduled_task(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The first working day of October 2026 is Thu 8 Oct (National Day): 「上月」 is September."""
    import wuye_desktop.services.container as container

    opened = container.open_services
    monkeypatch.setattr(container, "open_services",
                        lambda paths, db_url=None, clock=None: opened(paths, db_url,
                                                                     clock=lambda: datetime(2026, 10, 8, 7, 0)))
    assert main(["--data-dir", str(office), "report", "--month", "上月", "-o", str(tmp_path / "{期间}.pdf")]) == 0
    assert (tmp_path / "2026-09.pdf").exists()
    assert "2026年9月" in capsys.readouterr().out
    assert main(["--data-dir", str(office), "report", "--week", "上周", "-o", str(tmp_path / "{期间}.pdf")]) == 0
    assert (tmp_path / "2026-W40.pdf").exists()


def test_an_empty_month_is_written_and_said(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(office), "report", "--month", "2026-03", "-o", str(tmp_path / "三月.pdf")]) == 0
    assert "提示：2026年3月无投诉、回访及意见记录，本期不作统计分析。" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--month", "九月"], "错误：月份「九月」格式不对，应为 YYYY-MM，如 2026-09"),
    (["--month", "2026-13"], "错误：月份应为1–12"),
    (["--week", "2026-40"], "错误：周「2026-40」格式不对，应为 YYYY-Www，如 2026-W40"),
    (["--week", "2027-W53"], "错误：2027年只有52周，没有第53周"),
    (["--month", "2026-09", "--project", "ZZ"], "错误：管理处代码「ZZ」不存在（现有："),
    (["--month", "2026-09", "--xlsx", "a.csv"], "错误：输出文件「a.csv」应以 .xlsx 结尾"),
])
def test_bad_input_is_named_in_chinese(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       args: list[str], message: str) -> None:
    assert main(["--data-dir", str(office), "report", *args, "-o", str(tmp_path / "r.pdf")]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_month_or_week_is_required(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(office), "report", "-o", str(tmp_path / "r.pdf")])
    assert exited.value.code == 2
    assert "参数 --month --week 必须给出其中之一" in capsys.readouterr().err
