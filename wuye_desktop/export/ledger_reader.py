"""Reads the office's complaint ledger (投诉登记台账) into plain rows keyed by our column names.

Only the reading happens here (first sheet, one header row, Chinese headers in any order);
what a value means and whether it is valid is decided by services.complaint_excel.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from wuye_desktop.domain.errors import DomainError

Progress = Callable[[int, int, str], None]

LEDGER_COLUMNS: tuple[str, ...] = (
    "投诉编号", "受理时间", "投诉人", "房号", "联系电话", "投诉主题", "投诉内容", "投诉方式", "投诉类别",
    "性质", "首问人", "责任部门", "派单时间", "完成时间", "回访时间", "回访结果", "备注",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("受理时间", "投诉人", "房号", "联系电话", "投诉主题")

# Other names offices give the same columns.
ALIASES: dict[str, str] = {
    "编号": "投诉编号", "案件编号": "投诉编号",
    "受理日期": "受理时间", "投诉时间": "受理时间", "投诉日期": "受理时间", "登记时间": "受理时间",
    "接报时间": "受理时间",
    "投诉人姓名": "投诉人", "客户姓名": "投诉人", "姓名": "投诉人", "客户": "投诉人", "业主姓名": "投诉人",
    "房号单元": "房号", "单元": "房号", "房间号": "房号", "单元号": "房号", "地址": "房号", "住址": "房号",
    "电话": "联系电话", "手机": "联系电话", "联系方式": "联系电话", "手机号码": "联系电话",
    "主题": "投诉主题", "事由": "投诉主题", "投诉事项": "投诉主题",
    "内容": "投诉内容", "投诉详情": "投诉内容", "具体内容": "投诉内容",
    "方式": "投诉方式", "投诉渠道": "投诉方式", "来源": "投诉方式",
    "类别": "投诉类别", "投诉类型": "投诉类别", "类型": "投诉类别",
    "投诉性质": "性质",
    "首问责任人": "首问人", "接报人": "首问人", "受理人": "首问人",
    "部门": "责任部门", "处理部门": "责任部门",
    "派单日期": "派单时间",
    "完成日期": "完成时间", "处理完成时间": "完成时间",
    "回访日期": "回访时间",
    "满意度": "回访结果", "回访满意度": "回访结果",
    "说明": "备注",
}

HEADER_SEARCH_ROWS = 10


class LedgerFileError(DomainError):
    """The file cannot be read as a ledger at all (missing, not a workbook, no header row)."""


@dataclass(frozen=True)
class LedgerColumn:
    name: str       # our column name (LEDGER_COLUMNS)
    header: str     # as written in the file
    letter: str     # Excel column letter


@dataclass(frozen=True)
class LedgerRow:
    row: int                        # Excel row number, as the clerk sees it
    values: dict[str, object]       # our column name -> cell value (str, int, float, datetime, None)


@dataclass(frozen=True)
class LedgerSheet:
    sheet: str
    header_row: int
    columns: dict[str, LedgerColumn]
    unknown: tuple[LedgerColumn, ...]
    duplicates: tuple[tuple[LedgerColumn, LedgerColumn], ...]
    rows: tuple[LedgerRow, ...] = field(default=())

    def column_label(self, name: str) -> str:
        """How the file calls our column (for messages); our name when the file lacks it."""
        col = self.columns.get(name)
        return col.header if col else name


def canonical(header: object) -> str | None:
    """Our column name for a header cell, or None: blanks, brackets, 「（必填）」 and 「*」 are ignored."""
    if header is None:
        return None
    text = str(header)
    text = re.sub(r"[\s*＊:：/／、]", "", text)
    text = re.sub(r"[（(](必填|选填|可选|必须)[）)]", "", text)
    if not text:
        return None
    if text in LEDGER_COLUMNS:
        return text
    return ALIASES.get(text)


def read_ledger(path: Path, progress: Progress | None = None) -> LedgerSheet:
    """The first sheet's header row and every non-empty row below it."""
    if not path.exists():
        raise LedgerFileError(f"找不到文件「{path}」")
    if path.suffix.lower() == ".xls":
        raise LedgerFileError(f"「{path.name}」是旧版 Excel 97-2003 文件（.xls），请在 Excel 中另存为 .xlsx 后再导入")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        if isinstance(exc, PermissionError):
            raise LedgerFileError(f"无法打开「{path.name}」：文件正被其他程序使用或没有读取权限") from exc
        raise LedgerFileError(f"「{path.name}」不是有效的 Excel 工作簿（.xlsx），无法读取") from exc
    try:
        if not wb.worksheets:
            raise LedgerFileError(f"「{path.name}」中没有工作表")
        ws = wb.worksheets[0]
        total = max((ws.max_row or 0) - 1, 0)
        rows_iter = ws.iter_rows(values_only=True)
        header_row, header = _find_header(rows_iter, path)
        columns, unknown, duplicates = _map_columns(header)
        rows: list[LedgerRow] = []
        row_number = header_row
        for values in rows_iter:
            row_number += 1
            if progress and row_number % 500 == 0:
                progress(row_number - header_row, total, f"正在读取第 {row_number} 行")
            cells = {}
            for name, col in columns.items():
                index = _index(col.letter)
                value = values[index] if index < len(values) else None
                if isinstance(value, str):
                    value = value.strip()
                    if value == "":
                        value = None
                cells[name] = value
            if all(v is None for v in cells.values()):
                continue  # blank or only formatted
            rows.append(LedgerRow(row_number, cells))
        return LedgerSheet(ws.title, header_row, columns, tuple(unknown), tuple(duplicates), tuple(rows))
    finally:
        wb.close()


def _index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _find_header(rows_iter: object, path: Path) -> tuple[int, tuple[object, ...]]:
    """The first row (of the first ten) naming at least two of our columns; a title row may precede it."""
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        try:
            values = next(rows_iter)  # type: ignore[call-overload]
        except StopIteration:
            break
        if sum(1 for v in values if canonical(v)) >= 2:
            return number, tuple(values)
    raise LedgerFileError(
        f"「{path.name}」的第一个工作表中找不到表头：第一行应为列名，如 " + "、".join(REQUIRED_COLUMNS))


def _map_columns(header: tuple[object, ...]) -> tuple[dict[str, LedgerColumn], list[LedgerColumn],
                                                      list[tuple[LedgerColumn, LedgerColumn]]]:
    columns: dict[str, LedgerColumn] = {}
    unknown: list[LedgerColumn] = []
    duplicates: list[tuple[LedgerColumn, LedgerColumn]] = []
    for i, cell in enumerate(header):
        if cell is None or str(cell).strip() == "":
            continue
        letter = get_column_letter(i + 1)
        name = canonical(cell)
        col = LedgerColumn(name or "", str(cell).strip(), letter)
        if name is None:
            unknown.append(col)
        elif name in columns:
            duplicates.append((columns[name], col))
        else:
            columns[name] = col
    return columns, unknown, duplicates
