"""The weekly/monthly analysis report as an A4 PDF (篇2 §9): addressed to 董事办、总经办 and
开发商客户服务部, with the comparison table, what improved and what did not, rankings, the overdue
cases and why, repairs and equipment, and two charts drawn with reportlab.graphics.

Plain data in (domain/analysis.py's AnalysisReport), a file out; only the bundled font is used and
it is embedded (TESTING.md); every page says 「第 N 页 共 M 页」.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from wuye_desktop.domain.analysis import (
    COMPLAINT_METRICS,
    FINDING_GROUPS,
    NO_BASIS,
    REPAIR_METRICS,
    AnalysisReport,
    Better,
    Comparison,
    Metric,
    RankItem,
    Verdict,
    compare,
)
from wuye_desktop.domain.stats import nice_max
from wuye_desktop.export.fonts import draw_string, escape, register_fonts

PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
OVERDUE_LIMIT = 30            # cases listed on paper; the workbook lists every one
BAR_LIMIT = 12                # categories in the bar chart
GREEN, RED, GREY = colors.HexColor("#1E7B34"), colors.HexColor("#C00000"), colors.HexColor("#595959")
HEAD_FILL, ZEBRA = colors.HexColor("#E7E6E6"), colors.HexColor("#F7F7F7")
METRIC_WIDTHS = [CONTENT_W * x for x in (0.16, 0.1, 0.12, 0.155, 0.12, 0.155, 0.19)]
SERIES = (colors.HexColor("#2F5597"), colors.HexColor("#C55A11"), colors.HexColor("#548235"))

DEFINITIONS = (
    "受理投诉、处理完成、按时完成率、超时案件按《客户月投诉统计表》的口径：本期受理的投诉在统计截止时的状况；"
    "按时完成＝已完成且从受理到完成报告的各环节均未超时（篇2 §1–§5）；超时环节一经超时即计为超时。",
    "回访率＝期内到期（本期尚未结束时：到此刻已到期或已提前回访）的回访任务中已回访的比例，目标100%；及时回访率＝其中在2个工作日内"
    "回访的比例（篇2 §5、§7）；满意率＝期内回访中「满意」「基本满意」的比例；意见处理率＝期内听取的意见中已处理的比例，"
    "目标100%；有效投诉率＝期内合理投诉÷服务户数，目标1%以下（篇4 二.1(4)）。",
    "设备完好率＝月末完好设备÷在用设备；保养计划完成率／按时率＝当月计划任务中已完成／按时完成的比例；"
    "维修及时率＝当月受理的维修工单中无超时环节的比例（篇1）。按时完成率目标95%、设备完好率目标98%为本公司默认目标。",
    "「—」表示该期没有可比较的数据；「与上期持平」表示按所示精度两期相等。",
)


def _styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("an_base", fontName=font, bulletFontName=font, fontSize=9.5, leading=13.5, wordWrap="CJK")
    return {
        "base": base,
        "to": ParagraphStyle("an_to", parent=base, fontSize=10.5, leading=15),
        "title": ParagraphStyle("an_title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER,
                                spaceBefore=4, spaceAfter=4),
        "sub": ParagraphStyle("an_sub", parent=base, fontSize=10, leading=14, alignment=TA_CENTER),
        "h1": ParagraphStyle("an_h1", parent=base, fontSize=12.5, leading=17, spaceBefore=8, spaceAfter=4),
        "h2": ParagraphStyle("an_h2", parent=base, fontSize=10.5, leading=15, spaceBefore=3, spaceAfter=2),
        "cell": ParagraphStyle("an_cell", parent=base, fontSize=8.5, leading=11),
        "cellc": ParagraphStyle("an_cellc", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "head": ParagraphStyle("an_head", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "note": ParagraphStyle("an_note", parent=base, fontSize=8, leading=11, textColor=GREY),
        "bullet": ParagraphStyle("an_bullet", parent=base, leftIndent=12, bulletIndent=2),
        "empty": ParagraphStyle("an_empty", parent=base, fontSize=12, leading=18, alignment=TA_LEFT,
                                spaceBefore=10, textColor=RED),
    }


def _dt(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


def _numbered_canvas(report: AnalysisReport) -> Callable[..., Canvas]:
    font = register_fonts()
    header = f"{report.company}　{report.scope}　{report.title}　{report.period.label}"

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        """The embedded font from the start (no Helvetica listed); 「第 N 页 共 M 页」 on every page."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if not kwargs.get("initialFontName"):  # DocTemplate passes None explicitly
                kwargs["initialFontName"] = font
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self.setFont(font, 8)
                self.setFillColor(GREY)
                if self._pageNumber > 1:
                    draw_string(self, MARGIN, PAGE_H - 10 * mm, header)
                draw_string(self, PAGE_W / 2, 9 * mm, f"第 {self._pageNumber} 页 共 {count} 页", align="centre")
                super().showPage()
            super().save()

    return NumberedCanvas


class _Builder:
    def __init__(self, report: AnalysisReport) -> None:
        self.r = report
        self.s = _styles()
        self.font = register_fonts()
        self.story: list[Flowable] = []
        self.section = 0

    # --- pieces --------------------------------------------------------------------------------------
    def p(self, text: str, style: str = "base") -> Paragraph:
        return Paragraph(escape(text), self.s[style])

    def heading(self, text: str, room: float = 40 * mm) -> None:
        """A numbered heading, moved to the next page unless ``room`` is left under it."""
        self.section += 1
        numbers = "一二三四五六七八九十"
        self.story.append(CondPageBreak(room))
        self.story.append(self.p(f"{numbers[self.section - 1]}、{text}", "h1"))

    def table(self, head: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
              centre_from: int = 1) -> Table:
        def cell(value: Any, col: int) -> Any:
            if isinstance(value, Flowable):
                return value
            return Paragraph(escape(str(value)), self.s["cellc" if col >= centre_from else "cell"])

        data = [[Paragraph(escape(h), self.s["head"]) for h in head]]
        data += [[cell(v, i) for i, v in enumerate(row)] for row in rows]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), self.font),   # else each cell selects Helvetica (unembedded)
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        for i in range(1, len(data)):
            if i % 2 == 0:
                style.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
        t = Table(data, colWidths=list(widths), repeatRows=1)
        t.setStyle(TableStyle(style))
        return t

    def coloured(self, text: str, colour: Any, style: str = "cellc") -> Paragraph:
        return Paragraph(f'<font color="{colour.hexval().replace("0x", "#")}">{escape(text)}</font>', self.s[style])

    # --- sections --------------------------------------------------------------------------------------
    def front(self) -> None:
        r = self.r
        self.story.append(self.p("报送：" + "、".join(r.addressees), "to"))
        self.story.append(Spacer(1, 4 * mm))
        self.story.append(self.p(f"{r.company}{r.title}", "title"))
        self.story.append(self.p(f"统计范围：{r.scope}　　统计期间：{r.period.title_text}", "sub"))
        self.story.append(self.p(f"统计截止：{r.cutoff_text}　　生成时间：{_dt(r.generated_at)}", "sub"))
        self.story.append(Spacer(1, 3 * mm))

    def figures(self) -> None:
        r = self.r
        prev, last = r.previous.period.label, r.last_year.period.label
        self.heading("主要指标")
        head = ["指标", "本期", f"{r.period.previous_word}\n{prev}", f"较{r.period.previous_word}",
                f"去年同期\n{last}", "较去年同期", "目标"]
        rows = self._metric_rows(r.comparisons(COMPLAINT_METRICS))
        self.story.append(self.table(head, rows, METRIC_WIDTHS))

    def _metric_rows(self, pairs: list[tuple[Comparison, Comparison]]) -> list[list[Any]]:
        rows: list[list[Any]] = []
        for prev, last in pairs:
            m = prev.metric
            goal: Any = ""
            if m.goal is not None:
                met = m.goal.met(prev.current)
                goal = m.goal.text if met is None else \
                    self.coloured(f"{'达标' if met else '未达标'}（{m.goal.text.replace('目标 ', '')}）",
                                  GREEN if met else RED)
            rows.append([m.label, m.format(prev.current), m.format(prev.base), self._delta(prev),
                         m.format(last.base), self._delta(last), goal])
        return rows

    def _delta(self, c: Comparison) -> Any:
        colour = {Verdict.IMPROVED: GREEN, Verdict.WORSE: RED}.get(c.verdict)
        return self.coloured(c.text, colour) if colour is not None else c.text

    def findings(self) -> None:
        self.heading("改进情况")
        groups: dict[Verdict, list[str]] = {}
        for f in self.r.findings():
            groups.setdefault(f.verdict, []).append(f.text)
        for verdict, title in FINDING_GROUPS:
            items = groups.get(verdict, [])
            if not items:
                continue
            self.story.append(self.p(f"{title}（{len(items)}项）", "h2"))
            for text in items:
                self.story.append(Paragraph(escape(text), self.s["bullet"], bulletText="•"))

    def categories(self) -> None:
        r = self.r
        chart = _category_chart(r.categories[:BAR_LIMIT], self.font) if r.categories else None
        self.heading("投诉类别", chart.height + 12 * mm if chart is not None else 40 * mm)
        if chart is None:
            self.story.append(self.p("本期无投诉。"))
            return
        self.story.append(chart)
        rows = [[c.label, str(c.count), _share(c.share)] for c in r.categories]
        self.story.append(Spacer(1, 2 * mm))
        self.story.append(self.table(["投诉类别", "宗数", "占比"], rows, [0.5 * CONTENT_W, 0.2 * CONTENT_W,
                                                                     0.2 * CONTENT_W]))

    def trend(self) -> None:
        r = self.r
        unit = "周" if r.period.is_week else "个月"
        chart = _trend_chart(r, self.font)
        self.heading(f"近{len(r.trend)}{unit}趋势", chart.height + 12 * mm)
        self.story.append(chart)

    def units(self) -> None:
        self.heading("投诉较多的单元")
        if not self.r.units:
            self.story.append(self.p("本期无投诉。"))
            return
        rows = [[str(i), u.label, str(u.count), _share(u.share)] for i, u in enumerate(self.r.units, 1)]
        self.story.append(self.table(["名次", "单元", "宗数", "占本期投诉"], rows,
                                     [0.12 * CONTENT_W, 0.44 * CONTENT_W, 0.2 * CONTENT_W, 0.24 * CONTENT_W],
                                     centre_from=2))

    def overdue(self) -> None:
        r = self.r
        self.heading("超时情况及原因")
        if not r.steps:
            self.story.append(self.p(f"本期和{r.period.previous_word}均无超时环节。"))
        else:
            rows = [[s.label, str(s.current), str(s.previous), self._delta(compare(_COUNT, s.current, s.previous,
                                                                                  r.period.previous_word))]
                    for s in r.steps]
            self.story.append(self.p("各环节超时宗数", "h2"))
            self.story.append(self.table(["环节", "本期", r.period.previous_word, f"较{r.period.previous_word}"],
                                         rows, [0.34 * CONTENT_W, 0.18 * CONTENT_W, 0.18 * CONTENT_W,
                                                0.3 * CONTENT_W]))
        if not r.overdue:
            self.story.append(self.p("本期受理的投诉无超时案件。"))
            return
        shown = r.overdue[:OVERDUE_LIMIT]
        more = f"，列出最早受理的{len(shown)}宗，全部见 Excel 工作簿" if len(r.overdue) > len(shown) else ""
        self.story.append(CondPageBreak(30 * mm))   # the list's title stays with its first rows
        self.story.append(self.p(f"超时案件（共{len(r.overdue)}宗{more}）", "h2"))
        rows = []
        for item in shown:
            o = item.case
            why = item.last_note if item.last_note else "（无处理记录）"
            if item.last_note_at:
                why = f"{why}（{item.last_note_at:%m-%d %H:%M}{' ' + item.last_note_by if item.last_note_by else ''}）"
            rows.append([o.number, f"{o.received_at:%m-%d %H:%M}", o.unit, o.subject, o.department or "（未派单）",
                         "、".join(o.steps), why])
        w = CONTENT_W
        self.story.append(self.table(["编号", "受理", "单元", "事由", "责任部门", "超时环节", "最后记录（原因）"], rows,
                                     [0.155 * w, 0.115 * w, 0.09 * w, 0.16 * w, 0.095 * w, 0.14 * w, 0.245 * w],
                                     centre_from=99))

    def repairs(self) -> None:
        r = self.r
        if not r.repairs_label:
            return
        self.heading(f"维修与设备（{r.repairs_label}）")
        if not r.has_repairs:
            self.story.append(self.p(f"{r.repairs_label}无设备、保养计划及维修工单数据。"))
            return
        now, prev, last = r.current.values(), r.previous.values(), r.last_year.values()
        pairs = [(compare(m, now[m.key], prev[m.key], "上月"), compare(m, now[m.key], last[m.key], "去年同月"))
                 for m in REPAIR_METRICS]
        rows = self._metric_rows(pairs)
        f = r.current.repairs
        assert f is not None
        self.story.append(self.table(["指标", "本月", "上月", "较上月", "去年同月", "较去年同月", "目标"], rows,
                                     METRIC_WIDTHS))
        self.story.append(self.p(
            f"在用设备 {f.devices_in_service} 台，其中完好 {f.devices_intact} 台、带病运行 {f.devices_degraded} 台，"
            f"停用 {f.devices_stopped} 台；保养任务 {f.tasks_planned} 项，完成 {f.tasks_done} 项，"
            f"逾期未做 {f.tasks_overdue} 项；维修工单 {f.orders_received} 张，已完成 {f.orders_finished} 张。", "note"))

    def definitions(self) -> None:
        self.story.append(Spacer(1, 4 * mm))
        self.story.append(self.p("口径说明", "h2"))
        for text in DEFINITIONS:
            self.story.append(self.p(text, "note"))

    def build(self, out: Path) -> Path:
        r = self.r
        self.front()
        if r.empty:
            self.story.append(self.p(r.empty_text, "empty"))
            self.repairs()
        else:
            self.figures()
            self.findings()
            self.categories()
            self.trend()
            self.units()
            self.overdue()
            self.repairs()
            self.definitions()
        out.parent.mkdir(parents=True, exist_ok=True)
        doc = SimpleDocTemplate(
            str(out), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=15 * mm, bottomMargin=16 * mm,
            title=f"{r.title} {r.period.label} {r.scope}", author=r.company, subject=r.title,
            creator="物业客户服务桌面系统", initialFontName=self.font)
        doc.build(self.story, canvasmaker=_numbered_canvas(r))
        return out


_COUNT = Metric("overdue_steps", "超时", False, Better.LOWER)   # fewer overdue cases is better


def _share(value: float | None) -> str:
    return NO_BASIS if value is None else f"{value * 100:.1f}%"


def _drawing(height: float, font: str) -> Drawing:
    d = Drawing(CONTENT_W, height)
    # The renderer starts every drawing in its default font (Helvetica, unembedded) unless told.
    d.initialFontName = font
    return d


def _category_chart(items: Sequence[RankItem], font: str) -> Drawing:
    """Complaints per category, most at the top."""
    rows = list(reversed(items))
    height = 22 * mm + 6.5 * mm * len(rows)
    d = _drawing(height, font)
    d.add(String(0, height - 11, "图1　本期各类投诉宗数", fontName=font, fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y = 34 * mm, 8 * mm
    chart.width, chart.height = CONTENT_W - 44 * mm, height - 24 * mm
    chart.data = [[c.count for c in rows]]
    chart.categoryAxis.categoryNames = [c.label for c in rows]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    largest = max((c.count for c in rows), default=1)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = nice_max(largest, 6)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d"
    chart.bars[0].fillColor = SERIES[0]
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d


def _trend_chart(r: AnalysisReport, font: str) -> Drawing:
    """Complaints, major complaints and suggestions per period: a line each."""
    height = 78 * mm
    d = _drawing(height, font)
    unit = "周" if r.period.is_week else "个月"
    d.add(String(0, height - 11, f"图2　近{len(r.trend)}{unit}受理趋势", fontName=font, fontSize=10))
    chart = HorizontalLineChart()
    chart.x, chart.y = 14 * mm, 16 * mm
    chart.width, chart.height = CONTENT_W - 20 * mm, height - 34 * mm
    series = [[t.complaints for t in r.trend], [t.major for t in r.trend], [t.suggestions for t in r.trend]]
    chart.data = series
    chart.categoryAxis.categoryNames = [t.period.short_label for t in r.trend]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.angle = 30 if r.period.is_week else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if r.period.is_week else "n"
    largest = max((max(s) for s in series if s), default=1)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = nice_max(largest, 6)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d"
    names = ("投诉", "其中重大投诉", "合理化建议")
    for i, colour in enumerate(SERIES):
        chart.lines[i].strokeColor = colour
        chart.lines[i].strokeWidth = 1.6
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = CONTENT_W - 100 * mm, height - 6
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 32 * mm
    legend.boxAnchor = "nw"
    legend.colorNamePairs = list(zip(SERIES, names))
    d.add(legend)
    return d


def write_analysis_pdf(report: AnalysisReport, out: Path) -> Path:
    """The report as an A4 PDF at ``out``."""
    return _Builder(report).build(Path(out))
