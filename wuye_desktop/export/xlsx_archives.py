"""Client archives in Excel: each form's ledger (台账), the client list, a client's archive, and the reader
of an office's client list (units, clients, contacts) for the all-or-nothing import.

The writers reuse export.xlsx_complaints (title, header, widths, frozen header, A4 landscape, print
titles, formula-safe text); the reader reuses export.ledger_reader's row and column types.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.properties import PageSetupProperties

from wuye_desktop.export.ledger_reader import LedgerColumn, LedgerFileError, LedgerRow, LedgerSheet
from wuye_desktop.export.safe_cells import set_safe
from wuye_desktop.export.xlsx_complaints import FONT, Column, write_complaint_list

Progress = Callable[[int, int, str], None]

__all__ = [
    "CLIENT_LIST_ALIASES", "CLIENT_LIST_COLUMNS", "CLIENT_LIST_REQUIRED", "Column", "LedgerFileError",
    "read_client_list", "write_archive_workbook", "write_ledger",
]


def write_ledger(out: Path, title: str, subtitle: str, columns: Sequence[Column], rows: Iterable[Sequence[object]],
                 total: int = 0, progress: Progress | None = None, sheet_title: str = "台账") -> int:
    """A form's ledger or the client list: one row per record under a title, printed A4 landscape."""
    return write_complaint_list(out, title, subtitle, rows, columns=columns, total=total, progress=progress,
                                sheet_title=re.sub(r"[\\/*?:\[\]]", "、", sheet_title)[:31] or "台账")


# --- a client's archive: one sheet per kind -------------------------------------------------------------

_thin = Side(style="thin", color="808080")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")


def write_archive_workbook(out: Path, title: str, facts: Sequence[tuple[str, str]],
                           sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]) -> Path:
    """A client's or unit's archive: a cover sheet with the facts, then one sheet per kind of record."""
    wb = Workbook()
    cover = wb.active
    cover.title = "档案概况"
    cover["A1"] = title
    cover["A1"].font = Font(name=FONT, size=16, bold=True)
    cover.merge_cells("A1:D1")
    for i, (label, value) in enumerate(facts, start=3):
        cover.cell(i, 1, label).font = Font(name=FONT, bold=True)
        _set_text(cover.cell(i, 2), value)
    cover.column_dimensions["A"].width = 16
    cover.column_dimensions["B"].width = 60
    for name, headers, rows in sheets:
        ws = wb.create_sheet(re.sub(r"[\\/*?:\[\]]", "", name)[:31] or "记录")
        for c, header in enumerate(headers, start=1):
            cell = ws.cell(1, c, header)
            cell.font, cell.fill, cell.border = Font(name=FONT, bold=True), _HEAD_FILL, _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center")
            ws.column_dimensions[get_column_letter(c)].width = max(10, min(50, 2.2 * len(header) + 4))
        for r, values in enumerate(rows, start=2):
            for c, item in enumerate(values, start=1):
                cell = ws.cell(r, c)
                _set_text(cell, item)
                cell.border = _BORDER
                cell.font = Font(name=FONT)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    wb.save(tmp)
    tmp.replace(out)
    return out


def _set_text(cell: object, value: object) -> None:
    """User text is written as text, never as a formula (export.safe_cells)."""
    if value is not None:
        set_safe(cell, value)


# --- the office's client list in -----------------------------------------------------------------------

CLIENT_LIST_COLUMNS: tuple[str, ...] = (
    "楼栋", "单元", "楼层", "房号", "房屋类型", "建筑面积", "客户名称", "客户类型", "客户身份", "证件类型", "证件号码",
    "联系电话", "联系人", "电子邮箱", "通讯地址", "入住日期", "紧急联系人", "紧急联系人关系", "紧急联系人电话", "备注",
)
CLIENT_LIST_REQUIRED: tuple[str, ...] = ("房号", "客户名称")
CLIENT_LIST_ALIASES: dict[str, str] = {
    "楼号": "楼栋", "栋": "楼栋", "座": "楼栋", "栋座": "楼栋", "楼座": "楼栋",
    "单元号": "单元", "层": "楼层", "所在楼层": "楼层",
    "房间号": "房号", "房号单元": "房号", "单元房号": "房号", "门牌号": "房号",
    "类型": "房屋类型", "物业类型": "房屋类型", "房屋性质": "房屋类型",
    "面积": "建筑面积", "建筑面积㎡": "建筑面积", "建筑面积m2": "建筑面积",
    "客户": "客户名称", "姓名": "客户名称", "业主姓名": "客户名称", "客户姓名": "客户名称", "单位名称": "客户名称",
    "业主租户": "客户身份", "身份": "客户身份", "业主或租户": "客户身份",
    "个人单位": "客户类型",
    "身份证号": "证件号码", "身份证号码": "证件号码", "证件号": "证件号码",
    "电话": "联系电话", "手机": "联系电话", "手机号码": "联系电话", "联系方式": "联系电话",
    "邮箱": "电子邮箱", "email": "电子邮箱", "e-mail": "电子邮箱",
    "地址": "通讯地址", "联系地址": "通讯地址",
    "入伙日期": "入住日期", "迁入日期": "入住日期", "收楼日期": "入住日期",
    "紧急联络人": "紧急联系人", "紧急联络人电话": "紧急联系人电话", "紧急联系电话": "紧急联系人电话",
    "紧急联络人关系": "紧急联系人关系", "关系": "紧急联系人关系",
    "说明": "备注",
}
HEADER_SEARCH_ROWS = 10


def canonical(header: object, columns: Sequence[str], aliases: dict[str, str]) -> str | None:
    """Our column name for a header cell: blanks, 「*」 and 「（必填）」 are ignored, aliases accepted."""
    if header is None:
        return None
    text = re.sub(r"[\s*＊:：/／、（）()]", "", str(header))
    text = re.sub(r"(必填|选填|可选|必须)$", "", text)
    if not text:
        return None
    if text in columns:
        return text
    return aliases.get(text) or aliases.get(text.lower())


def read_client_list(path: Path, progress: Progress | None = None) -> LedgerSheet:
    """The first sheet of an office's client list: header row (within the first ten rows) and the rows."""
    return read_table(path, CLIENT_LIST_COLUMNS, CLIENT_LIST_ALIASES, CLIENT_LIST_REQUIRED, progress)


def read_table(path: Path, columns: Sequence[str], aliases: dict[str, str], required: Sequence[str],
               progress: Progress | None = None) -> LedgerSheet:
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
        header_row: int | None = None
        header: tuple[object, ...] = ()
        for number in range(1, HEADER_SEARCH_ROWS + 1):
            try:
                values = next(rows_iter)
            except StopIteration:
                break
            if sum(1 for v in values if canonical(v, columns, aliases)) >= 2:
                header_row, header = number, tuple(values)
                break
        if header_row is None:
            raise LedgerFileError(f"「{path.name}」的第一个工作表中找不到表头：第一行应为列名，如 " + "、".join(required))
        found: dict[str, LedgerColumn] = {}
        unknown: list[LedgerColumn] = []
        duplicates: list[tuple[LedgerColumn, LedgerColumn]] = []
        head_cell: object
        for i, head_cell in enumerate(header):
            if head_cell is None or str(head_cell).strip() == "":
                continue
            name = canonical(head_cell, columns, aliases)
            col = LedgerColumn(name or "", str(head_cell).strip(), get_column_letter(i + 1))
            if name is None:
                unknown.append(col)
            elif name in found:
                duplicates.append((found[name], col))
            else:
                found[name] = col
        rows: list[LedgerRow] = []
        number = header_row
        index = {found_name: i for i, h in enumerate(header)
                 if (found_name := canonical(h, columns, aliases))
                 and found.get(found_name) and found[found_name].letter == get_column_letter(i + 1)}
        for values in rows_iter:
            number += 1
            if progress and number % 500 == 0:
                progress(number - header_row, total, f"正在读取第 {number} 行")
            cells: dict[str, object] = {}
            for name, i in index.items():
                value = values[i] if i < len(values) else None
                if isinstance(value, str):
                    value = value.strip() or None
                cells[name] = value
            if all(v is None for v in cells.values()):
                continue
            rows.append(LedgerRow(number, cells))
        return LedgerSheet(ws.title, header_row, found, tuple(unknown), tuple(duplicates), tuple(rows))
    finally:
        wb.close()

