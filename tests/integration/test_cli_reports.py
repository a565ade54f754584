"""`wuye-desktop export monthly-stats` from a scheduled task: the workbook and plain Chinese errors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wuye_desktop.app import main
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.services.container import open_services
from wuye_desktop.services.paths import DataPaths


def test_monthly_stats_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
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
    out = tmp_path / "九月.xlsx"
    assert main(["--data-dir", str(data), "export", "monthly-stats", "--month", "2026-09", "-o", str(out)]) == 0
    assert "已写入 2026年9月 客户月投诉统计表（全公司）" in capsys.readouterr().out
    sheet = load_workbook(out).worksheets[0]
    assert sheet.title == "客户月投诉统计表"
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("2026年9月" in t for t in texts)
    assert "合计" in texts

    assert main(["--data-dir", str(data), "export", "monthly-stats", "--month", "九月", "-o", str(out)]) == 1
    assert "月份「九月」格式不正确" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "export", "monthly-stats", "--month", "2026-09", "--project", "ZZ",
                 "-o", str(out)]) == 1
    assert "没有代码为「ZZ」的管理处" in capsys.readouterr().err
