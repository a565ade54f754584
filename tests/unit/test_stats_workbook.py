"""The workbook writer on hand-made statistics: user text is never a formula, header labels break
where a clerk reads them, and a file that cannot be written leaves nothing half-written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.domain.stats import Counts, MonthlyStats, OverdueCase, StatRow, nice_max, nice_step, trend_months, trend_points
from wuye_desktop.export.xlsx_monthly import split_label, text_width, write_monthly_stats


def stats(**over: object) -> MonthlyStats:
    counts = Counts(received=1)
    values: dict[str, object] = dict(
        year=2026, month=9, project_id=1, company="海悦物业", project_name="海悦管理处",
        cutoff=datetime(2026, 10, 1), month_end=datetime(2026, 10, 1), generated_at=datetime(2026, 10, 8, 9, 0),
        categories=(StatRow("装修噪音", counts),), kinds=(StatRow("一般投诉", counts),), total=counts,
        departments=(StatRow("（未派单）", counts),), first_responders=(StatRow("李四", counts),), clerks=(),
        majors=(), overdue_cases=(OverdueCase("=HYPERLINK(\"x\")", datetime(2026, 9, 3, 9, 0), "=1+1",
                                              "=SUM(A1:A9) 楼上漏水", "装修噪音", "", "前台处理中", ("派单",)),),
        trend=trend_points(trend_months(2026, 9), [(11, "一般", "电话", 1)]))
    values.update(over)
    return MonthlyStats(**values)  # type: ignore[arg-type]


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    out = write_monthly_stats(stats(), tmp_path / "book.xlsx")
    ws = openpyxl.load_workbook(out)["超时案件"]
    row = ws[4]
    assert (row[1].value, row[3].value, row[4].value) == ("=HYPERLINK(\"x\")", "=1+1", "=SUM(A1:A9) 楼上漏水")
    assert {row[1].data_type, row[3].data_type, row[4].data_type} == {"s"}
    assert row[6].value == "（未派单）"


def test_the_clerk_sheet_says_when_nobody_acted(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_monthly_stats(stats(), tmp_path / "b.xlsx"))["按经办人"]
    assert "本月投诉尚无派单、回复或回访记录" in [c.value for c in ws["A"]]
    major = openpyxl.load_workbook(tmp_path / "b.xlsx")["重大事件"]
    assert "本月无重大投诉（突发事件）" in [c.value for c in major["A"]]


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")

    def broken(self, filename):  # type: ignore[no-untyped-def]
        Path(filename).write_bytes(b"half")
        raise OSError(28, "磁盘已满")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError):
        write_monthly_stats(stats(), target)
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(("label", "shown"), [
    ("受理数", "受理数"), ("按时完成率", "按时\n完成率"), ("知会部门", "知会\n部门"), ("反馈首问人", "反馈\n首问人"),
    ("电话上报董事", "电话上报\n董事"), ("领导书面报告", "领导\n书面报告"), ("发展商验证", "发展商\n验证"),
])
def test_narrow_headers_break_between_words(label: str, shown: str) -> None:
    assert split_label(label) == shown


def test_text_width_counts_chinese_double() -> None:
    assert text_width("A座1203") == 7
    assert text_width("重大投诉（突发事件）") == 20


@pytest.mark.parametrize(("largest", "step"), [(0, 1), (8, 1), (9, 2), (17, 5), (41, 10), (484, 100), (2544, 500)])
def test_chart_axes_step_in_round_numbers(largest: int, step: int) -> None:
    assert nice_step(largest) == step


# The dashboard's axes have 5 intervals at most, the analysis PDF's 6: the top is a whole step above the largest.
@pytest.mark.parametrize(("largest", "ticks", "top_step"), [(0, 5, (1, 1)), (39, 5, (40, 10)), (7, 5, (8, 2)),
                                                            (6, 6, (6, 1)), (38, 6, (40, 10)), (26, 6, (30, 5))])
def test_chart_axes_top_is_a_whole_step(largest: int, ticks: int, top_step: tuple[int, int]) -> None:
    assert nice_max(largest, ticks) == top_step
