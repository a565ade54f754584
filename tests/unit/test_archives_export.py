"""The client-list reader (headers in any order, other names, a title row above) and the archive workbook
(user text never becomes a formula) — files only, no database."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.export.xlsx_archives import LedgerFileError, read_client_list, write_archive_workbook


def book(path: Path, *rows: list[object]) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_headers_are_found_under_a_title_by_their_other_names(tmp_path: Path) -> None:
    path = book(tmp_path / "名单.xlsx", ["华苑小区业主名单"], ["业主姓名", "房间号（必填）", "手机", "备用"],
                ["王伟", "A座1203", 13800138000, "x"], [None, None, None, None], ["李娜", " B座0801 ", None, None])
    sheet = read_client_list(path)
    assert sheet.header_row == 2
    assert {k: v.header for k, v in sheet.columns.items()} == {"客户名称": "业主姓名", "房号": "房间号（必填）",
                                                             "联系电话": "手机"}
    assert [c.header for c in sheet.unknown] == ["备用"]
    assert [(r.row, r.values["客户名称"], r.values["房号"]) for r in sheet.rows] == [
        (3, "王伟", "A座1203"), (5, "李娜", "B座0801")]  # the blank row is skipped, cells trimmed


def test_a_file_that_is_not_a_client_list_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError) as caught:
        read_client_list(book(tmp_path / "别的.xlsx", ["甲", "乙"], [1, 2]))
    assert "找不到表头" in caught.value.message
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(LedgerFileError) as caught:
        read_client_list(tmp_path / "坏.xlsx")
    assert "不是有效的 Excel 工作簿" in caught.value.message


def test_user_text_in_an_archive_workbook_is_never_a_formula(tmp_path: Path) -> None:
    out = write_archive_workbook(tmp_path / "档案.xlsx", "客户档案：测试", [("客户名称", '=HYPERLINK("http://x")')],
                                 [("往来文件", ("事项",), [["+86 来函"], ["-"]])])
    wb = openpyxl.load_workbook(out)
    cell = wb["档案概况"]["B3"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert [c.value for c in wb["往来文件"]["A"]] == ["事项", "+86 来函", "-"]
    assert wb["往来文件"].print_title_rows == "$1:$1" and wb["往来文件"].page_setup.orientation == "landscape"
