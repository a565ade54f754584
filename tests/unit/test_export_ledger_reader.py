"""Reading the office's ledger (投诉登记台账): headers in any order, other names, Excel row numbers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.export.ledger_reader import LedgerFileError, canonical, read_ledger


def workbook(path: Path, rows: list[list[object]], title: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for r in rows:
        ws.append(r)
    extra = wb.create_sheet("第二页")
    extra.append(["受理时间", "投诉人"])
    extra.append([datetime(2020, 1, 1), "不该读到"])
    wb.save(path)
    return path


def test_headers_in_any_order_with_the_office_s_own_names(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", [
        ["联系方式", "投诉主题", "序号", "受理日期", "客户姓名", "房号/单元", "投诉类型", "满意度"],
        ["13800138000", "电梯异响", 1, datetime(2026, 9, 1, 9, 30), "张三", "A座1203", "公共设施故障", "满意"],
    ])
    sheet = read_ledger(path)
    assert set(sheet.columns) == {"联系电话", "投诉主题", "受理时间", "投诉人", "房号", "投诉类别", "回访结果"}
    assert sheet.columns["受理时间"].header == "受理日期" and sheet.columns["受理时间"].letter == "D"
    assert [(c.letter, c.header) for c in sheet.unknown] == [("C", "序号")]
    (row,) = sheet.rows
    assert row.row == 2
    assert row.values["投诉人"] == "张三"
    assert row.values["受理时间"] == datetime(2026, 9, 1, 9, 30)
    assert "序号" not in row.values


def test_a_title_row_above_the_header_and_blank_rows_keep_excel_row_numbers(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", [
        ["受理时间", "投诉人", "房号", "联系电话", "投诉主题"],
        ["2026-09-18 14:30", "张三", "A座1203", "13800138000", "噪音"],
        [None, None, None, "   ", None],
        ["2026-09-19 09:00", " 李四 ", "B座502", 13900139000, "漏水"],
    ], title="2026年投诉登记台账")
    sheet = read_ledger(path)
    assert sheet.header_row == 2
    assert [r.row for r in sheet.rows] == [3, 5]
    assert sheet.rows[1].values["投诉人"] == "李四"
    assert sheet.rows[1].values["联系电话"] == 13900139000  # as stored; the service makes it text


def test_the_same_column_twice_is_reported(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", [["投诉人", "受理时间", "客户姓名"], ["张三", "2026-09-18", "李四"]])
    sheet = read_ledger(path)
    ((first, second),) = sheet.duplicates
    assert (first.letter, second.letter, second.header) == ("A", "C", "客户姓名")


@pytest.mark.parametrize("header, name", [
    ("受理时间", "受理时间"), (" 投诉人 ", "投诉人"), ("投诉主题（必填）", "投诉主题"), ("*联系电话", "联系电话"),
    ("房号/单元", "房号"), ("回访\n结果", "回访结果"), ("状态", None), (None, None), ("", None),
])
def test_canonical_header_names(header: object, name: str | None) -> None:
    assert canonical(header) == name


def test_missing_file_not_a_workbook_and_old_xls_say_so_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError, match="找不到文件"):
        read_ledger(tmp_path / "nope.xlsx")
    text = tmp_path / "notes.xlsx"
    text.write_text("这不是工作簿", encoding="utf-8")
    with pytest.raises(LedgerFileError, match="不是有效的 Excel 工作簿"):
        read_ledger(text)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(LedgerFileError, match="另存为 .xlsx"):
        read_ledger(old)


def test_a_sheet_without_a_header_row_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", [["张三", "A座1203"], ["李四", "B座502"]])
    with pytest.raises(LedgerFileError, match="找不到表头"):
        read_ledger(path)
