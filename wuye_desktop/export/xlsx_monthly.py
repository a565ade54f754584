"""The 《客户月投诉统计表》 workbook (篇5 §2(8)): statistics in, file out. Every figure is written
as a value (no formulas, so every viewer shows it); rates are numbers with a percent format, or
「—」 when there is nothing to divide by. Each sheet prints on A4 landscape, one page wide."""

from __future__ import annotations

import math
import os
from copy import copy
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from wuye_desktop.export.safe_cells import set_safe

from wuye_desktop.domain.deadlines import RULES_BY_STEP, Status
from wuye_desktop.domain.stats import (
    AFTER_STEPS,
    EMPTY_TEXT,
    HANDLING_STEPS,
    LADDER_STEPS,
    NO_RATE,
    ClerkRow,
    Counts,
    LadderTime,
    MonthlyStats,
    StatRow,
    nice_step,
)

MAIN_SHEET = "客户月投诉统计表"
SHEETS = (MAIN_SHEET, "按部门", "按首问人", "按经办人", "重大事件", "超时案件", "图表")

FONT = "宋体"   # present on every Chinese Windows (TESTING.md); other viewers substitute a CJK face
PERCENT = "0.0%"
DATETIME = "yyyy-mm-dd hh:mm"

_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_TITLE = Font(name=FONT, size=16, bold=True)
_SUB = Font(name=FONT, size=10)
_HEAD = Font(name=FONT, size=10, bold=True)
_BODY = Font(name=FONT, size=10)
_BOLD = Font(name=FONT, size=10, bold=True)
_RED = Font(name=FONT, size=10, color="C00000")
_SECTION = Font(name=FONT, size=10, bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=False)
_LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_MIDDLE = Alignment(horizontal="center", vertical="center")
_NOTE = Alignment(horizontal="left", vertical="top", wrap_text=True)

LINE_HEIGHT = 13.5     # points per line of 10-point text


# Setting a font or an alignment hashes it against every style the workbook holds, which made
# styling most of the writing time; each combination is set once per workbook and its style
# ids (openpyxl's StyleArray) are copied to the next cells. Shared with xlsx_analysis.
def styled(cell, font: Font, align: Alignment, number_format: str = "General",  # type: ignore[no-untyped-def]
           fill: PatternFill | None = None) -> None:
    wb = cell.parent.parent
    cache = wb.__dict__.setdefault("_wuye_style_cache", {})
    key = (id(font), id(align), number_format, id(fill))
    proto = cache.get(key)
    if proto is not None:
        cell._style = copy(proto)
        return
    cell.font, cell.alignment, cell.border, cell.number_format = font, align, _BORDER, number_format
    if fill is not None:
        cell.fill = fill
    cache[key] = copy(cell._style)


def _merge(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """Merge a range without openpyxl's per-edge border copying (``merge_cells`` hashes a border
    for every covered cell); the covered cells here are empty and styled by the caller."""
    ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"))


@lru_cache(maxsize=8192)
def text_width(text: str) -> int:
    """Width in Excel character units: a Chinese (wide) character takes two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


# Where a numeric column's header breaks when the even split would cut a word.
_BREAKS = {
    "电话上报董事": "电话上报\n董事", "领导书面报告": "领导\n书面报告", "发展商验证": "发展商\n验证",
    "限期处理超时": "限期处理\n超时", "完成反馈超时": "完成反馈\n超时", "交前台超时": "交前台\n超时",
    "回复客户次数": "回复客户\n次数",
}


def split_label(text: str) -> str:
    """A narrow column's header on two lines: 「按时\n完成率」, 「知会\n部门」; three characters stay whole."""
    if "\n" in text or len(text) <= 3:
        return text
    return _BREAKS.get(text, text[:len(text) // 2] + "\n" + text[len(text) // 2:])


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = "int"      # text | wrap | int | rate | datetime | mark
    group: str = ""        # consecutive columns with the same group share a header cell above
    max_width: float = 40

    @property
    def label(self) -> str:
        """The header as printed; figures' columns are narrow, so their headers break in two."""
        return split_label(self.header) if self.kind in ("int", "rate") else self.header


def lines_in(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` units wide (explicit breaks kept)."""
    usable = max(1.0, width - 1)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def _rate(value: float | None) -> float | str:
    return NO_RATE if value is None else value


class _Table:
    """One titled, bordered table on a sheet, written top to bottom."""

    def __init__(self, ws: Worksheet, title: str, stats: MonthlyStats, cols: Sequence[Col]) -> None:
        self.ws, self.cols = ws, list(cols)
        self.n = len(cols)
        self.widths = [0.0] * self.n
        self.row = 1
        self._merged_line(title, _TITLE, Alignment(horizontal="center", vertical="center"), 30)
        self.subtitle = f"单位：{stats.office_text}　　月份：{stats.month_text}　　统计截至：{stats.cutoff_text}"
        self._merged_line(self.subtitle, _SUB, _LEFT_WRAP, 18)
        self.header_top = self.row
        self._header()
        self.body_top = self.row

    # --- layout pieces ------------------------------------------------------------------------------
    def _merged_line(self, text: str, font: Font, align: Alignment, height: float) -> None:
        cell = self.ws.cell(self.row, 1, text)
        cell.font, cell.alignment = font, align
        if self.n > 1:
            _merge(self.ws, self.row, 1, self.row, self.n)
        self.ws.row_dimensions[self.row].height = height
        self.row += 1

    def _style_header(self, cell) -> None:  # type: ignore[no-untyped-def]
        cell.font, cell.alignment, cell.border, cell.fill = _HEAD, _CENTER, _BORDER, _HEAD_FILL

    def _header(self) -> None:
        ws, top = self.ws, self.row
        two_rows = any(c.group for c in self.cols)
        for i, col in enumerate(self.cols, start=1):
            if two_rows and col.group:
                ws.cell(top + 1, i, col.label)
            else:
                ws.cell(top, i, col.label)
                if two_rows:
                    _merge(ws, top, i, top + 1, i)
        if two_rows:
            i = 0
            while i < self.n:
                group = self.cols[i].group
                j = i
                while j + 1 < self.n and group and self.cols[j + 1].group == group:
                    j += 1
                if group:
                    ws.cell(top, i + 1, group)
                    if j > i:
                        _merge(ws, top, i + 1, top, j + 1)
                i = j + 1
        for r in range(top, top + (2 if two_rows else 1)):
            for i in range(1, self.n + 1):
                self._style_header(ws.cell(r, i))
        self.header_rows = 2 if two_rows else 1
        self.row = top + self.header_rows

    def section(self, label: str) -> None:
        cell = self.ws.cell(self.row, 1, label)
        cell.font, cell.alignment = _SECTION, _LEFT
        for i in range(1, self.n + 1):
            self.ws.cell(self.row, i).border = _BORDER
        _merge(self.ws, self.row, 1, self.row, self.n)
        self.row += 1

    def message(self, text: str) -> None:
        """A whole-width line such as 「本月无投诉记录」 where figures would stand."""
        cell = self.ws.cell(self.row, 1, text)
        cell.font, cell.alignment = _BOLD, Alignment(horizontal="center", vertical="center")
        for i in range(1, self.n + 1):
            self.ws.cell(self.row, i).border = _BORDER
        _merge(self.ws, self.row, 1, self.row, self.n)
        self.ws.row_dimensions[self.row].height = 36
        self.row += 1

    def add(self, values: Sequence[object], bold: bool = False, red: Sequence[int] = ()) -> None:
        lines = 1
        for i, (col, value) in enumerate(zip(self.cols, values)):
            cell = self.ws.cell(self.row, i + 1)
            shown, align, number_format = self._put(cell, col, value)
            font = _RED if i in red else (_BOLD if bold else _BODY)
            styled(cell, font, align, number_format, _TOTAL_FILL if bold else None)
            width: float = max((text_width(part) for part in shown.split("\n")), default=0) + 2
            if col.kind == "wrap" and width > col.max_width:
                lines = max(lines, math.ceil(width / col.max_width))
                width = col.max_width
            lines = max(lines, shown.count("\n") + 1)
            self.widths[i] = max(self.widths[i], min(width, col.max_width))
        if lines > 1:
            self.ws.row_dimensions[self.row].height = LINE_HEIGHT * lines + 2
        self.row += 1

    @staticmethod
    def _put(cell, col: Col, value: object) -> tuple[str, Alignment, str]:  # type: ignore[no-untyped-def]
        """Write ``value``; return the text a reader sees (to size the column), its alignment and
        number format."""
        if value is None or value == "":
            return "", _CENTER, "General"
        if isinstance(value, str) and value == NO_RATE:
            cell.value = value
            return value, _MIDDLE, "General"
        if col.kind == "rate":
            cell.value = value
            return f"{float(value) * 100:.1f}%", _RIGHT, PERCENT  # type: ignore[arg-type]
        if col.kind == "int":
            cell.value = value
            return str(value), _RIGHT, "General"
        if col.kind == "datetime" and isinstance(value, datetime):
            cell.value = value
            return "2026-09-30 23:59", _CENTER, DATETIME
        text = str(value)
        set_safe(cell, text)  # user text is never run as a formula (export/safe_cells.py)
        return text, (_CENTER if col.kind == "mark" else (_LEFT_WRAP if col.kind == "wrap" else _LEFT)), "General"

    def notes(self, lines: Sequence[str]) -> None:
        """Explanations under the table, each a merged line as wide as the table."""
        self.row += 1
        chars_per_line = max(20, sum(self.final_widths()) - 2)
        for text in lines:
            cell = self.ws.cell(self.row, 1, text)
            cell.font, cell.alignment = _SUB, _NOTE
            _merge(self.ws, self.row, 1, self.row, self.n)
            n_lines = max(1, math.ceil(text_width(text) / chars_per_line))
            self.ws.row_dimensions[self.row].height = LINE_HEIGHT * n_lines + 3
            self.row += 1

    # --- finishing ---------------------------------------------------------------------------------
    def final_widths(self) -> list[float]:
        result = []
        for col, data_width in zip(self.cols, self.widths):
            head = max(text_width(part) for part in col.label.split("\n")) + 1
            result.append(max(data_width, head, 5.0))
        return result

    def finish(self, freeze_column: int = 1, landscape: bool = True) -> None:
        ws = self.ws
        widths = self.final_widths()
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        # Header heights: sub-labels need their lines in the lower row; a header spanning both
        # rows needs its lines over the two together.
        sub = max((lines_in(c.label, w) for c, w in zip(self.cols, widths) if c.group), default=0)
        whole = max((lines_in(c.label, w) for c, w in zip(self.cols, widths) if not c.group), default=1)
        if self.header_rows == 2:
            top_lines, sub_lines = 1, max(sub, whole - 1, 1)
            ws.row_dimensions[self.header_top].height = LINE_HEIGHT * top_lines + 6
            ws.row_dimensions[self.header_top + 1].height = LINE_HEIGHT * sub_lines + 6
        else:
            ws.row_dimensions[self.header_top].height = LINE_HEIGHT * max(whole, 1) + 6
        # A narrow table (a few columns) wraps the office line instead of cutting it at the print edge.
        sub_lines = lines_in(self.subtitle, sum(widths))
        ws.row_dimensions[self.header_top - 1].height = max(18, LINE_HEIGHT * sub_lines + 4)
        ws.freeze_panes = f"{get_column_letter(freeze_column + 1)}{self.body_top}"
        ws.print_title_rows = f"{self.header_top}:{self.header_top + self.header_rows - 1}"
        setup_page(ws, landscape)


def setup_page(ws: Worksheet, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0          # as many pages down as needed, one page across
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.2, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


# --- the first sheet -----------------------------------------------------------------------------------

_HANDLING_LABELS = [RULES_BY_STEP[s].label for s in (*HANDLING_STEPS, *AFTER_STEPS)]
_LADDER_LABELS = [RULES_BY_STEP[s].label for s in LADDER_STEPS]

MAIN_COLS: tuple[Col, ...] = (
    Col("项目", "text"),
    Col("受理数"), Col("完成数"), Col("按时完成数"), Col("按时完成率", "rate"), Col("超时宗数"),
    *(Col(label, group="超时环节（宗）") for label in _HANDLING_LABELS),
    *(Col(label, group="重大投诉逐级上报超时（宗）") for label in _LADDER_LABELS),
    Col("应回访", group="回访"), Col("已回访", group="回访"), Col("回访超时", group="回访"),
    Col("回访率", "rate", group="回访"), Col("满意", group="回访"), Col("基本满意", group="回访"),
    Col("不满意", group="回访"), Col("满意率", "rate", group="回访"),
)


def _main_values(label: str, c: Counts) -> list[object]:
    return [label, c.received, c.completed, c.on_time, _rate(c.on_time_rate), c.overdue_cases,
            *(c.step(x) for x in _HANDLING_LABELS), *(c.step(x) for x in _LADDER_LABELS),
            c.revisit_due, c.revisited, c.revisit_late, _rate(c.revisit_rate), c.satisfied, c.basic,
            c.unsatisfied, _rate(c.satisfaction_rate)]


def _pct(value: float | None) -> str:
    return NO_RATE if value is None else f"{value * 100:.1f}%"


def _main_sheet(ws: Worksheet, stats: MonthlyStats) -> None:
    t = _Table(ws, MAIN_SHEET, stats, MAIN_COLS)
    if stats.empty:
        t.message(EMPTY_TEXT)
    else:
        t.section("一、按投诉类别")
        for row in stats.categories:
            t.add(_main_values(row.label, row.counts))
        t.section("二、按投诉性质")
        for row in stats.kinds:
            t.add(_main_values(row.label, row.counts))
        t.add(_main_values("合计", stats.total), bold=True)
    c = stats.total
    summary = (EMPTY_TEXT + "。" if stats.empty else
               f"本月受理投诉及合理化建议共{c.received}宗，完成{c.completed}宗，按时完成率{_pct(c.on_time_rate)}；"
               f"回访{c.revisited}宗，回访率{_pct(c.revisit_rate)}（目标100%），满意率{_pct(c.satisfaction_rate)}。")
    t.notes([
        "小结：" + summary,
        f"说明：1. 统计{stats.month_text}受理的全部投诉及合理化建议（按受理时间），各项状态截至{stats.cutoff_text}，"
        "此后的处理不计入本表。",
        "2. 按时完成：已完成且自受理至完成反馈的各环节均未超时；超时：环节完成时间晚于时限，或截至统计时仍未完成且已过时限。",
        "3. 回访率＝已回访÷应回访（应回访＝已回访＋回访期限已过仍未回访）；满意率＝（满意＋基本满意）÷已回访；无可计算时记「—」。",
        "4. 书面投诉按投诉方式统计，已含于一般、重大、非合理投诉之中；合计含合理化建议。",
        f"制表：＿＿＿＿＿＿　　审核：＿＿＿＿＿＿　　制表日期：{stats.generated_at.year}年"
        f"{stats.generated_at.month}月{stats.generated_at.day}日",
    ])
    t.finish()


# --- the further sheets -------------------------------------------------------------------------------------

DEPT_COLS = (Col("责任部门", "text"), Col("受理数"), Col("完成数"), Col("按时完成数"), Col("按时完成率", "rate"),
             Col("超时宗数"), Col("回应超时"), Col("限期处理超时"), Col("完成反馈超时"), Col("已回访"),
             Col("满意率", "rate"))


def _dept_values(label: str, c: Counts) -> list[object]:
    return [label, c.received, c.completed, c.on_time, _rate(c.on_time_rate), c.overdue_cases,
            c.step("回应"), c.step("限期处理"), c.step("完成反馈"), c.revisited, _rate(c.satisfaction_rate)]


RESPONDER_COLS = (Col("首问人", "text"), Col("接报数"), Col("交前台超时"), Col("完成数"), Col("按时完成数"),
                  Col("按时完成率", "rate"), Col("超时宗数"), Col("已回访"), Col("满意率", "rate"))


def _responder_values(label: str, c: Counts) -> list[object]:
    return [label, c.received, c.step("交前台"), c.completed, c.on_time, _rate(c.on_time_rate),
            c.overdue_cases, c.revisited, _rate(c.satisfaction_rate)]


CLERK_COLS = (Col("经办人", "text"), Col("派单次数"), Col("派单超时"), Col("回复客户次数"), Col("回访次数"),
              Col("回访超时"), Col("按时率", "rate"))


def _clerk_values(r: ClerkRow) -> list[object]:
    return [r.name, r.dispatched, r.dispatch_late, r.replied, r.revisited, r.revisit_late, _rate(r.on_time_rate)]


def _grouped_sheet(ws: Worksheet, stats: MonthlyStats, title: str, cols: Sequence[Col],
                   rows: Sequence[StatRow], values: Callable[[str, Counts], list[object]],
                   notes: list[str]) -> None:
    t = _Table(ws, title, stats, cols)
    if stats.empty:
        t.message(EMPTY_TEXT)
    else:
        for row in rows:
            t.add(values(row.label, row.counts))
        t.add(values("合计", stats.total), bold=True)
    t.notes(notes)
    t.finish(landscape=True)


def _clerk_sheet(ws: Worksheet, stats: MonthlyStats) -> None:
    t = _Table(ws, "经办人处理时效统计", stats, CLERK_COLS)
    if stats.empty:
        t.message(EMPTY_TEXT)
    elif not stats.clerks:
        t.message("本月投诉尚无派单、回复或回访记录")
    else:
        for row in stats.clerks:
            t.add(_clerk_values(row))
        t.add(_clerk_values(stats.clerk_total()), bold=True)
    t.notes(["说明：统计本月受理投诉的派单、回复客户、回访记录（截至统计时），按记录的经办人归属。"
             "派单以首次派单计时（前台接收后12小时内），回访以处理完成后2个工作日内为按时；"
             "按时率＝（派单次数＋回访次数－超时）÷（派单次数＋回访次数）。"])
    t.finish()


def _ladder_text(step: LadderTime) -> tuple[str, bool]:
    """A ladder cell: the time it was done, and whether it was late."""
    if step.done_at is not None:
        late = step.status is Status.DONE_LATE
        return f"{step.done_at:%m-%d %H:%M}" + ("\n超时" if late else ""), late
    if step.status is Status.OVERDUE:
        return "未完成\n已超时", True
    if step.status is Status.PENDING:
        return "未完成", False
    return "—", False


def _major_sheet(ws: Worksheet, stats: MonthlyStats) -> None:
    ladder_cols = [Col(f"{RULES_BY_STEP[s].label}\n（{RULES_BY_STEP[s].wording}）", "mark", group="逐级上报（完成时间）")
                   for s in LADDER_STEPS]
    cols = [Col("序号"), Col("投诉编号", "text"), Col("受理时间", "datetime"), Col("房号", "text"),
            Col("类别", "text"), Col("主题", "wrap", max_width=28), Col("状态", "text"), *ladder_cols]
    t = _Table(ws, "重大投诉（突发事件）逐级上报时间", stats, cols)
    if stats.empty:
        t.message(EMPTY_TEXT)
    elif not stats.majors:
        t.message("本月无重大投诉（突发事件）")
    for i, m in enumerate(stats.majors, start=1):
        cells = [_ladder_text(step) for step in m.ladder]
        red = [7 + k for k, (_, late) in enumerate(cells) if late]
        t.add([i, m.number, m.received_at, m.unit, m.category, m.subject, m.state, *(text for text, _ in cells)],
              red=red)
    t.notes(["说明：时限见表头括号（篇2 §6、§7）：知会部门、上报领导、书面报告自受理起计；电话上报董事、领导书面报告"
             "自上报领导起计；发展商验证自处理完成起计。红字为超时；「—」为尚未开始计时。"])
    t.finish()


def _overdue_sheet(ws: Worksheet, stats: MonthlyStats) -> None:
    cols = [Col("序号"), Col("投诉编号", "text"), Col("受理时间", "datetime"), Col("房号", "text"),
            Col("主题", "wrap", max_width=30), Col("类别", "text"), Col("责任部门", "text"), Col("状态", "text"),
            Col("超时环节", "wrap", max_width=30)]
    t = _Table(ws, "超时案件清单", stats, cols)
    if stats.empty:
        t.message(EMPTY_TEXT)
    elif not stats.overdue_cases:
        t.message("本月无超时案件")
    for i, o in enumerate(stats.overdue_cases, start=1):
        t.add([i, o.number, o.received_at, o.unit, o.subject, o.category, o.department or "（未派单）",
               o.state, "、".join(o.steps)])
    t.finish()


def _chart_sheet(ws: Worksheet, stats: MonthlyStats) -> None:
    ws.cell(1, 1, "投诉统计图表").font = _TITLE
    ws.cell(2, 1, f"单位：{stats.office_text}　　月份：{stats.month_text}　　统计截至：{stats.cutoff_text}").font = _SUB
    # The charts' data, written as values beside them.
    top = 4
    head = ["月份", "一般投诉", "重大投诉", "非合理投诉", "合理化建议", "合计", "其中书面"]
    for j, text in enumerate(head, start=1):
        cell = ws.cell(top, j, text)
        cell.font, cell.alignment, cell.border, cell.fill = _HEAD, _CENTER, _BORDER, _HEAD_FILL
    for i, p in enumerate(stats.trend, start=1):
        for j, value in enumerate([p.label, p.general, p.major, p.unreasonable, p.suggestion, p.total, p.written],
                                  start=1):
            cell = ws.cell(top + i, j, value)
            cell.font, cell.border = _BODY, _BORDER
            cell.alignment = _LEFT if j == 1 else _RIGHT
    last_trend = top + len(stats.trend)
    cat_top = last_trend + 2
    for j, text in enumerate(["投诉类别", "受理数"], start=1):
        cell = ws.cell(cat_top, j, text)
        cell.font, cell.alignment, cell.border, cell.fill = _HEAD, _CENTER, _BORDER, _HEAD_FILL
    for i, row in enumerate(stats.categories, start=1):
        for j, value in enumerate([row.label, row.counts.received], start=1):
            cell = ws.cell(cat_top + i, j, value)
            cell.font, cell.border = _BODY, _BORDER
            cell.alignment = _LEFT if j == 1 else _RIGHT
    widths = [max([text_width(p.label) for p in stats.trend] + [text_width(r.label) for r in stats.categories]
                  + [8]) + 2] + [text_width(h) + 2 for h in head[1:]]
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width

    line = LineChart()
    line.title = f"近12个月投诉受理趋势（至{stats.month_text}）"
    line.y_axis.title = "宗数"
    line.height, line.width = 9, 20
    line.add_data(Reference(ws, min_col=2, max_col=6, min_row=top, max_row=last_trend), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last_trend))
    for series in line.series:
        series.smooth = False      # counts per month, not a curve
    line.x_axis.txPr = _rotated(-45)
    _axes(line, max((p.total for p in stats.trend), default=0))
    ws.add_chart(line, "I4")
    if stats.categories:
        bar = BarChart()
        bar.type = "bar"
        bar.title = f"{stats.month_text}各类别投诉受理数"
        bar.height, bar.width = 9, 20
        bar.add_data(Reference(ws, min_col=2, min_row=cat_top, max_row=cat_top + len(stats.categories)),
                     titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=1, min_row=cat_top + 1, max_row=cat_top + len(stats.categories)))
        bar.legend = None
        bar.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                       showPercent=False)
        bar.x_axis.scaling.orientation = "maxMin"   # first category on top, as in the table
        _axes(bar, max(r.counts.received for r in stats.categories))
        ws.add_chart(bar, "I24")
    else:
        ws.cell(cat_top + 1, 1, EMPTY_TEXT).font = _BOLD
    setup_page(ws, landscape=True)
    ws.page_setup.fitToHeight = 1


def _rotated(degrees: int) -> RichText:
    return RichText(bodyPr=RichTextProperties(rot=degrees * 60000, vert="horz"),
                    p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties()),
                                 endParaRPr=CharacterProperties())])


def _axes(chart: BarChart | LineChart, largest: int) -> None:
    """Both axes shown (openpyxl hides them by default), whole numbers on the value axis."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = nice_step(largest)
    chart.y_axis.number_format = "0"


def write_monthly_stats(stats: MonthlyStats, out: Path) -> Path:
    """Write the workbook to ``out`` (through a temporary file, so a failure leaves no half file)."""
    wb = Workbook()
    main = wb.active
    main.title = MAIN_SHEET
    _main_sheet(main, stats)
    _grouped_sheet(wb.create_sheet("按部门"), stats, "各责任部门投诉处理时效统计", DEPT_COLS, stats.departments,
                   _dept_values, ["说明：按投诉的责任部门（最后一次派单的部门）统计；按时完成率＝按时完成数÷完成数。"
                                  "部门环节时限：不能按时完成须2小时内回应前台、按承诺期限完成、完成后2小时内反馈前台"
                                  "（篇2 §2、§4、§5）。"])
    _grouped_sheet(wb.create_sheet("按首问人"), stats, "首问人投诉接报统计", RESPONDER_COLS, stats.first_responders,
                   _responder_values, ["说明：首问人为最初接报投诉的员工，须在24小时内交前台（篇2 §1）。"])
    _clerk_sheet(wb.create_sheet("按经办人"), stats)
    _major_sheet(wb.create_sheet("重大事件"), stats)
    _overdue_sheet(wb.create_sheet("超时案件"), stats)
    _chart_sheet(wb.create_sheet("图表"), stats)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
