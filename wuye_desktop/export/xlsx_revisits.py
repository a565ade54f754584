"""Workbooks of the revisits area: plain rows in, an .xlsx out (title, frozen header, filters,
A4 landscape fitted to width, late rows in red). The services decide the columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from wuye_desktop.export.safe_cells import set_safe

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="EEF1F4")
RED = Font(color="C62828")
FONT = "宋体"


@dataclass(frozen=True)
class Sheet:
    name: str                         # tab name (≤ 31 characters)
    title: str                        # merged title line above the header
    headers: tuple[str, ...]
    rows: list[list[Any]]
    widths: tuple[int, ...] = ()
    red_rows: frozenset[int] = frozenset()   # indexes into ``rows`` shown in red (late)
    note: str = ""                    # a line under the table (definitions, source)
    charts: list["ChartSpec"] = field(default_factory=list)


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart of rows [first, last] (0-based in ``rows``): labels in column 0, values in ``column``."""

    title: str
    first: int
    last: int
    column: int
    anchor_column: int


def write_workbook(sheets: list[Sheet], out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        _sheet(book, spec)
    book.save(out)
    return out


def _sheet(book: Workbook, spec: Sheet) -> None:
    ws = book.create_sheet(spec.name[:31])
    columns = max(len(spec.headers), 1)
    ws.cell(row=1, column=1, value=spec.title).font = Font(name=FONT, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    for c, header in enumerate(spec.headers, start=1):
        cell = ws.cell(row=2, column=c, value=header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, values in enumerate(spec.rows, start=3):
        red = (r - 3) in spec.red_rows
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            set_safe(cell, value)  # user text never becomes a formula (export/safe_cells.py)
            cell.border = BORDER
            cell.font = Font(name=FONT, color="C62828" if red else None)
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 20)
            if hasattr(value, "hour"):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif hasattr(value, "year"):
                cell.number_format = "yyyy-mm-dd"
    for c in range(1, columns + 1):
        width = spec.widths[c - 1] if c - 1 < len(spec.widths) else 14
        ws.column_dimensions[get_column_letter(c)].width = width
    last_row = 2 + len(spec.rows)
    ws.freeze_panes = "A3"
    if spec.rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(columns)}{last_row}"
    if spec.note:
        ws.cell(row=last_row + 2, column=1, value=spec.note).font = Font(name=FONT, size=9, color="555555")
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for chart in spec.charts:
        bar = BarChart()
        bar.title = chart.title
        bar.legend = None
        bar.height, bar.width = 6, 12
        data = Reference(ws, min_col=chart.column + 1, min_row=chart.first + 3, max_row=chart.last + 3)
        labels = Reference(ws, min_col=1, min_row=chart.first + 3, max_row=chart.last + 3)
        bar.add_data(data, titles_from_data=False)
        bar.set_categories(labels)
        ws.add_chart(bar, f"{get_column_letter(chart.anchor_column)}{chart.first + 3}")
