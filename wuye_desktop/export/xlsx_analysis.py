"""The analysis report's numbers as a workbook (篇2 §9): the same figures as the PDF, written as
values (rates as numbers in percent format, 「—」 where there is no basis), one table a sheet,
A4, fit to width, frozen headers, columns wide enough for Chinese text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wuye_desktop.domain.analysis import (
    COMPLAINT_METRICS,
    FINDING_GROUPS,
    NO_BASIS,
    REPAIR_METRICS,
    AnalysisReport,
    Comparison,
    Verdict,
    compare,
)
from wuye_desktop.export.safe_cells import set_safe
from wuye_desktop.export.xlsx_monthly import setup_page, styled, text_width

SUMMARY_SHEET = "分析概要"
SHEETS = (SUMMARY_SHEET, "投诉类别", "单元排行", "超时环节", "超时案件", "趋势")
FONT = "宋体"
PERCENT = "0.0%"
PERCENT2 = "0.00%"
DATETIME = "yyyy-mm-dd hh:mm"

_TITLE = Font(name=FONT, size=16, bold=True)
_SUB = Font(name=FONT, size=10)
_HEAD = Font(name=FONT, size=10, bold=True)
_BODY = Font(name=FONT, size=10)
_GREEN = Font(name=FONT, size=10, color="1E7B34")
_RED = Font(name=FONT, size=10, color="C00000")
_HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")


def _value(value: float | None) -> Any:
    return NO_BASIS if value is None else value


def _head(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, 1):
        styled(ws.cell(row, col, text), _HEAD, _CENTER, fill=_HEAD_FILL)


def _body(ws: Worksheet, row: int, values: Sequence[Any], formats: Sequence[str] | None = None,
          fonts: dict[int, Font] | None = None) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row, col)
        font = (fonts or {}).get(col, _BODY)
        fmt = formats[col - 1] if formats else ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            styled(cell, font, _RIGHT, fmt or "General")
        elif isinstance(value, datetime):
            styled(cell, font, _CENTER, DATETIME)
        else:
            styled(cell, font, _CENTER if value == NO_BASIS or col > 1 and fmt != "text" else _LEFT)
        # After the style, which would drop the quote prefix set_safe gives formula-like text.
        set_safe(cell, value)  # category and staff names are user text (export/safe_cells.py)


def _titles(ws: Worksheet, report: AnalysisReport, title: str, width: int) -> int:
    """Title block over ``width`` columns; returns the next free row."""
    lines = [("报送：" + "、".join(report.addressees), _SUB),
             (f"{report.company}{report.title}——{title}", _TITLE),
             (f"统计范围：{report.scope}　统计期间：{report.period.title_text}　统计截止：{report.cutoff_text}", _SUB)]
    for row, (text, font) in enumerate(lines, 1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 1))
        cell = ws.cell(row, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center" if font is _TITLE else "left", vertical="center",
                                   wrap_text=True)
    ws.row_dimensions[2].height = 26
    return len(lines) + 2


def _widths(ws: Worksheet, minimum: Sequence[float]) -> None:
    """Each column as wide as its longest text (a Chinese character counts two), within limits."""
    best = list(minimum)
    merged = {c.coordinate for rng in ws.merged_cells.ranges for row in ws[rng.coord] for c in row}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.coordinate in merged or cell.column > len(best):
                continue
            text = cell.value if isinstance(cell.value, str) else (
                "2026-09-30 23:59" if isinstance(cell.value, datetime) else f"{cell.value:,}")
            longest = max(text_width(part) for part in str(text).split("\n"))
            best[cell.column - 1] = max(best[cell.column - 1], min(longest + 2, 60))
    for i, w in enumerate(best, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _finish(ws: Worksheet, header_row: int, minimum: Sequence[float], landscape: bool = False) -> None:
    _widths(ws, minimum)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    setup_page(ws, landscape)


def _delta_font(c: Comparison) -> Font:
    return {Verdict.IMPROVED: _GREEN, Verdict.WORSE: _RED}.get(c.verdict, _BODY)


def _metric_table(ws: Worksheet, row: int, pairs: list[tuple[Comparison, Comparison]],
                  head: Sequence[str]) -> int:
    _head(ws, row, head)
    header_row = row
    for prev, last in pairs:
        row += 1
        m = prev.metric
        fmt = (PERCENT2 if m.digits == 2 else PERCENT) if m.rate else "0"
        goal = ""
        fonts = {4: _delta_font(prev), 6: _delta_font(last)}
        if m.goal is not None:
            met = m.goal.met(prev.current)
            goal = m.goal.text if met is None else f"{'达标' if met else '未达标'}（{m.goal.text}）"
            if met is not None:
                fonts[7] = _GREEN if met else _RED
        _body(ws, row, [m.label, _value(prev.current), _value(prev.base), prev.text,
                        _value(last.base), last.text, goal],
              ["text", fmt, fmt, "", fmt, "", ""], fonts)
    return header_row


def _summary(ws: Worksheet, r: AnalysisReport) -> None:
    row = _titles(ws, r, "分析概要", 7)
    if r.empty:
        ws.cell(row, 1, r.empty_text).font = _RED
        row += 2
    else:
        header = _metric_table(ws, row, r.comparisons(COMPLAINT_METRICS),
                               ["指标", "本期", f"{r.period.previous_word}（{r.previous.period.label}）",
                                f"较{r.period.previous_word}", f"去年同期（{r.last_year.period.label}）",
                                "较去年同期", "目标"])
        ws.freeze_panes = f"B{header + 1}"
        row += len(COMPLAINT_METRICS) + 2
    if r.repairs_label:
        ws.cell(row, 1, f"维修与设备（{r.repairs_label}）").font = _HEAD
        row += 1
        if r.has_repairs:
            now, prev, last = r.current.values(), r.previous.values(), r.last_year.values()
            pairs = [(compare(m, now[m.key], prev[m.key], "上月"), compare(m, now[m.key], last[m.key], "去年同月"))
                     for m in REPAIR_METRICS]
            _metric_table(ws, row, pairs, ["指标", "本月", "上月", "较上月", "去年同月", "较去年同月", "目标"])
            row += len(REPAIR_METRICS) + 2
        else:
            ws.cell(row, 1, f"{r.repairs_label}无设备、保养计划及维修工单数据。")
            row += 2
    if not r.empty:
        ws.cell(row, 1, "改进情况").font = _HEAD
        row += 1
        for f in sorted(r.findings(), key=lambda f: ORDER.index(f.verdict) if f.verdict in ORDER else len(ORDER)):
            verdict = f.verdict
            ws.cell(row, 1, LABEL.get(verdict, "")).font = {Verdict.IMPROVED: _GREEN, Verdict.WORSE: _RED}.get(verdict, _BODY)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
            ws.cell(row, 2, f.text).font = _BODY
            row += 1
    _widths(ws, [16, 12, 20, 18, 20, 18, 22])
    setup_page(ws, landscape=True)


def _ranked(ws: Worksheet, r: AnalysisReport, title: str, label: str, items: Sequence[Any]) -> None:
    row = _titles(ws, r, title, 4)
    if not items:
        ws.cell(row, 1, "本期无投诉。")
        setup_page(ws, False)
        return
    _head(ws, row, ["名次", label, "宗数", "占本期投诉"])
    header = row
    for i, item in enumerate(items, 1):
        row += 1
        _body(ws, row, [i, item.label, item.count, _value(item.share)], ["0", "text", "0", PERCENT])
    _finish(ws, header, [6, 20, 8, 12])


def _steps(ws: Worksheet, r: AnalysisReport) -> None:
    row = _titles(ws, r, "各环节超时宗数", 4)
    word = r.period.previous_word
    if not r.steps:
        ws.cell(row, 1, f"本期和{word}均无超时环节。")
        setup_page(ws, False)
        return
    _head(ws, row, ["环节", "本期", word, f"较{word}"])
    header = row
    for s in r.steps:
        row += 1
        c = compare(_LOWER_COUNT, s.current, s.previous, word)
        _body(ws, row, [s.label, s.current, s.previous, c.text], ["text", "0", "0", ""], {4: _delta_font(c)})
    _finish(ws, header, [16, 8, 8, 14])


def _overdue(ws: Worksheet, r: AnalysisReport) -> None:
    headers = ["编号", "受理时间", "单元", "事由", "类别", "责任部门", "状态", "超时环节", "最后记录（原因）", "记录时间",
               "记录人"]
    row = _titles(ws, r, "超时案件", len(headers))
    if not r.overdue:
        ws.cell(row, 1, "本期受理的投诉无超时案件。")
        setup_page(ws, True)
        return
    _head(ws, row, headers)
    header = row
    for item in r.overdue:
        row += 1
        o = item.case
        _body(ws, row, [o.number, o.received_at, o.unit, o.subject, o.category, o.department or "（未派单）", o.state,
                        "、".join(o.steps), item.last_note or "（无处理记录）", item.last_note_at or "",
                        item.last_note_by], ["text"] * len(headers))
    _finish(ws, header, [16, 17, 10, 16, 12, 10, 8, 16, 24, 17, 8], landscape=True)


def _trend(ws: Worksheet, r: AnalysisReport) -> None:
    row = _titles(ws, r, "受理趋势", 5)
    _head(ws, row, ["期间", "起止", "投诉", "其中重大投诉", "合理化建议"])
    header = row
    for t in r.trend:
        row += 1
        _body(ws, row, [t.period.label, t.period.span_text, t.complaints, t.major, t.suggestions],
              ["text", "text", "0", "0", "0"])
    _finish(ws, header, [14, 24, 8, 12, 10])


ORDER = [verdict for verdict, _ in FINDING_GROUPS]
LABEL = dict(FINDING_GROUPS)
_LOWER_COUNT = next(m for m in COMPLAINT_METRICS if m.key == "overdue_cases")


def write_analysis_xlsx(report: AnalysisReport, out: Path) -> Path:
    """The report's numbers as a workbook at ``out``."""
    out = Path(out)
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    _summary(summary, report)
    _ranked(wb.create_sheet(SHEETS[1]), report, "投诉类别", "投诉类别", report.categories)
    _ranked(wb.create_sheet(SHEETS[2]), report, "投诉较多的单元", "单元", report.units)
    _steps(wb.create_sheet(SHEETS[3]), report)
    _overdue(wb.create_sheet(SHEETS[4]), report)
    _trend(wb.create_sheet(SHEETS[5]), report)
    wb.properties.title = f"{report.title} {report.period.label} {report.scope}"
    wb.properties.creator = "物业客户服务桌面系统"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
