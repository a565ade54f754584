"""The complaint list workbook read back with openpyxl: header, values, dates, print setup, no formulas."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.export.xlsx_complaints import COMPLAINT_COLUMNS, write_complaint_list

HEADERS = ["投诉编号", "受理时间", "投诉人", "房号", "联系电话", "投诉主题", "投诉方式", "投诉类别", "性质", "状态",
           "责任部门", "首问人", "派单时间", "完成时间", "回访期限", "回访时间", "回访结果", "超时环节"]


def row(**changes: object) -> list[object]:
    values: dict[str, object] = dict(zip(HEADERS, [
        "HY-2026-00001", datetime(2026, 9, 18, 14, 30), "张三", "A座1203", "13800138000", "楼上装修噪音",
        "电话", "装修噪音", "一般", "已派单", "保安部", "李四", datetime(2026, 9, 18, 15, 0), None,
        datetime(2026, 9, 22, 23, 59, 59), None, "", "派单、回访"]))
    values.update(changes)
    return [values[h] for h in HEADERS]


def write(tmp_path: Path, rows: list[list[object]], **kw: object) -> Path:
    out = tmp_path / "list.xlsx"
    write_complaint_list(out, "海悦物业客户投诉清单", "管理处：全公司", rows, **kw)  # type: ignore[arg-type]
    return out


def test_columns_are_the_ones_the_issue_names() -> None:
    assert [c.header for c in COMPLAINT_COLUMNS] == HEADERS


def test_title_header_and_a_row_read_back(tmp_path: Path) -> None:
    out = write(tmp_path, [row(), row(投诉编号="HY-2026-00002", 超时环节="")])
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "海悦物业客户投诉清单"
    assert "A1:R1" in [str(r) for r in ws.merged_cells.ranges]
    assert [c.value for c in ws[3]] == HEADERS
    first = {h: c for h, c in zip(HEADERS, ws[4])}
    assert first["投诉人"].value == "张三"
    assert first["联系电话"].value == "13800138000" and first["联系电话"].data_type == "s"
    assert first["超时环节"].value == "派单、回访"
    assert ws["R5"].value is None  # no overdue step: empty
    # Real Excel dates with a number format, the revisit deadline as a date.
    assert first["受理时间"].value == datetime(2026, 9, 18, 14, 30)
    assert first["受理时间"].number_format == "yyyy-mm-dd hh:mm"
    assert first["回访期限"].value == datetime(2026, 9, 22, 0, 0)
    assert first["回访期限"].number_format == "yyyy-mm-dd"
    assert first["完成时间"].value is None


def test_frozen_header_widths_and_a4_landscape_print_setup(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [row()])).active
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    # A Chinese character needs about two width units: 投诉主题 (up to 100 characters) gets room.
    assert ws.column_dimensions["F"].width >= 30
    assert all(ws.column_dimensions[c].width >= 2 * len(h) + 1 for c, h in zip("ABCDEFGHIJKLMNOPQR", HEADERS))


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"点我\")", "+86 138", "-1+1", "@SUM(A1:A2)"])
def test_user_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path, text: str) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [row(投诉主题=text)])).active
    cell = ws["F4"]
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_progress_can_cancel_and_leaves_no_file(tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int, text: str) -> None:
        if done >= 500 and "已写入" in text:
            raise Stop

    out = tmp_path / "list.xlsx"
    with pytest.raises(Stop):
        write_complaint_list(out, "t", "s", (row() for _ in range(2000)), total=2000, progress=progress)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_empty_list_still_has_title_and_header(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [])).active
    assert [c.value for c in ws[3]] == HEADERS
    assert ws.max_row == 3


def test_dates_given_as_dates_stay_dates(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [row(回访期限=date(2026, 9, 29))])).active
    assert ws["O4"].value == datetime(2026, 9, 29)
