"""The complaint desk's paper: 客户投诉记录表, 客户意见处理表 and the written-reply letter as A4 PDFs.

Pure functions: plain data in, a PDF file out. A normal case fits on one page; text too long
for its cell is cut with 「（续见附页）」 and continues in full on an appendix page, so even a
10,000-character complaint never breaks the form's grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from wuye_desktop.export.fonts import draw_string, escape, register_fonts, text_width

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
MARGIN_V = 12 * mm
CONTENT_W = PAGE_W - 2 * MARGIN  # 180 mm
CONTINUED = "……（续见附页）"
DATE_BLANK = "&nbsp;" * 8 + "年" + "&nbsp;" * 5 + "月" + "&nbsp;" * 5 + "日"


# --- plain data ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseFacts:
    """The registered facts of a case (篇2 §1: time, complainant, unit, phone, subject …)."""

    number: str
    company: str
    project: str
    received_at: datetime
    complainant: str
    unit: str
    phone: str
    subject: str
    content: str = ""
    channel: str = ""
    kind: str = ""
    category: str = ""
    first_responder: str = ""
    department: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class DispatchInfo:
    department: str
    at: datetime
    due_at: datetime | None
    by: str


@dataclass(frozen=True)
class TimelineEntry:
    step: str
    at: datetime
    by: str
    note: str = ""


@dataclass(frozen=True)
class DeadlineEntry:
    step: str
    rule: str                 # 「12小时」, 「2个工作日」 …
    due_at: datetime | None
    done_at: datetime | None
    status: str               # 按时完成 / 超时完成 / 已超时 / 进行中
    late: bool


@dataclass(frozen=True)
class RevisitInfo:
    method: str
    satisfaction: str
    at: datetime
    by: str
    note: str


@dataclass(frozen=True)
class CheckEntry:
    label: str
    done: bool
    applies: bool = True


@dataclass(frozen=True)
class HandlingRecord:
    """What 客户意见处理表 shows (篇5 §1(5)): facts, the handling, the revisit, the six points."""

    facts: CaseFacts
    verification: str = ""
    result: str = ""
    reply: str = ""
    timeline: tuple[TimelineEntry, ...] = ()
    deadlines: tuple[DeadlineEntry, ...] = ()
    revisit: RevisitInfo | None = None
    checklist: tuple[CheckEntry, ...] = ()
    state: str = ""


@dataclass(frozen=True)
class ReplyLetter:
    """A written complaint's written answer (篇5 §2(7))."""

    number: str
    company: str
    project: str
    complainant: str
    unit: str
    subject: str
    received_at: datetime
    reply: str
    replied_at: datetime


# --- styles -----------------------------------------------------------------------------------------

def _styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=14, wordWrap="CJK", alignment=TA_LEFT)
    return {
        "value": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12),
        "label": ParagraphStyle("label", parent=base, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=12, alignment=TA_CENTER),
        "company": ParagraphStyle("company", parent=base, fontSize=12, leading=16, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=19, leading=24, alignment=TA_CENTER,
                                spaceAfter=4),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10, leading=14),
        "sub_right": ParagraphStyle("sub_right", parent=base, fontSize=10, leading=14, alignment=TA_RIGHT),
        "letter": ParagraphStyle("letter", parent=base, fontSize=12, leading=22),
        "letter_body": ParagraphStyle("letter_body", parent=base, fontSize=12, leading=22, firstLineIndent=24),
        "letter_right": ParagraphStyle("letter_right", parent=base, fontSize=12, leading=22, alignment=TA_RIGHT),
        "appendix_head": ParagraphStyle("appendix_head", parent=base, fontSize=11, leading=16, spaceBefore=8,
                                        spaceAfter=4),
    }


def _dt(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _short_dt(value: datetime | None) -> str:
    return value.strftime("%m-%d %H:%M") if value else ""


def _cn_date(value: datetime) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


# --- long text: cut to its cell, the rest on an appendix page -----------------------------------

class _Appendix:
    """Collects text that did not fit its cell; printed in full after the form."""

    def __init__(self, styles: dict[str, ParagraphStyle]) -> None:
        self.styles = styles
        self.parts: list[tuple[str, str]] = []

    def fit(self, text: str, width: float, max_height: float, what: str, style: str = "value") -> Paragraph:
        """A paragraph of ``text`` no taller than ``max_height``; the full text goes to the appendix."""
        st = self.styles[style]
        inner = width - 6  # the cell's left and right padding
        full = Paragraph(escape(text), st)
        if full.wrap(inner, 10 ** 6)[1] <= max_height:
            return full
        lo, hi = 0, len(text)
        while lo < hi:  # the longest prefix that fits together with the marker
            mid = (lo + hi + 1) // 2
            trial = Paragraph(escape(text[:mid].rstrip()) + CONTINUED, st)
            if trial.wrap(inner, 10 ** 6)[1] <= max_height:
                lo = mid
            else:
                hi = mid - 1
        self.parts.append((what, text))
        return Paragraph(escape(text[:lo].rstrip()) + CONTINUED, st)

    def flowables(self, number: str) -> list[Flowable]:
        if not self.parts:
            return []
        story: list[Flowable] = [PageBreak(), Paragraph(f"附页（编号：{escape(number)}）", self.styles["title"])]
        for what, text in self.parts:
            story.append(Paragraph(escape(what) + "（全文）", self.styles["appendix_head"]))
            for line in text.replace("\r\n", "\n").split("\n"):
                story.append(Paragraph(escape(line) or "&nbsp;", self.styles["value"]))
        return story


# --- the form grid ---------------------------------------------------------------------------------

GRID = [
    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
    ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def _grid(data: list[list[Any]], widths: Sequence[float], extra: list[tuple[Any, ...]] | None = None,
          min_heights: Sequence[float] | None = None) -> Table:
    table = Table(data, colWidths=list(widths), minRowHeights=list(min_heights or [20] * len(data)),
                  hAlign="CENTER")
    # Plain-string cells would otherwise set Helvetica, which then shows up unembedded.
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts())] + GRID + (extra or [])))
    return table


def _vertical(text: str, st: ParagraphStyle) -> Paragraph:
    """A section label written top to bottom, one character per line, as on paper forms."""
    return Paragraph("<br/>".join(escape(ch) for ch in text), st)


class _Doc:
    """One PDF: header (company, title, project), the form's flowables, page decorations."""

    def __init__(self, out: Path, title: str, number: str, company: str, project: str) -> None:
        self.out, self.title, self.number, self.company, self.project = out, title, number, company, project
        self.styles = _styles()
        self.appendix = _Appendix(self.styles)

    def header(self, with_project: bool = True) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [Paragraph(escape(self.company), s["company"]),
                                 Paragraph(escape(self.title), s["title"])]
        if with_project:
            line = Table([[Paragraph(f"管理处：{escape(self.project)}", s["sub"]), ""]],
                         colWidths=[CONTENT_W * 0.6, CONTENT_W * 0.4])
            line.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            story.append(line)
        return story

    def _decorate(self, canvas: Canvas, _doc: Any) -> None:
        """The case number in the top corner of every page."""
        canvas.saveState()
        canvas.setFont(register_fonts(), 9)
        draw_string(canvas, PAGE_W - MARGIN, PAGE_H - 8 * mm, f"编号：{self.number}", align="right")
        canvas.restoreState()

    def build(self, story: list[Flowable]) -> Path:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        doc = SimpleDocTemplate(
            str(self.out), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN_V,
            bottomMargin=MARGIN_V, title=f"{self.title} {self.number}", author=self.company,
            subject=self.title, creator="物业客户服务桌面系统", initialFontName=register_fonts())
        story = story + self.appendix.flowables(self.number)
        doc.build(story, onFirstPage=self._decorate, onLaterPages=self._decorate,
                  canvasmaker=_page_numbering_canvas())
        return self.out


def _page_numbering_canvas() -> Callable[..., Canvas]:
    font = register_fonts()

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        """Embedded font from the start (no Helvetica listed); 「第 n 页 共 m 页」 when m > 1."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if not kwargs.get("initialFontName"):  # DocTemplate passes None explicitly
                kwargs["initialFontName"] = font
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                if total > 1:
                    self.setFont(font, 9)
                    draw_string(self, PAGE_W / 2, 8 * mm, f"第 {self._pageNumber} 页  共 {total} 页", align="centre")
                super().showPage()
            super().save()

    return NumberedCanvas


# --- 客户投诉记录表 (篇5 §2(4)) -------------------------------------------------------------------------

def complaint_record_pdf(facts: CaseFacts, dispatch: DispatchInfo | None, out: Path) -> Path:
    """The complaint as received, with the dispatch and the receptionist's signature line."""
    doc = _Doc(out, "客户投诉记录表", facts.number, facts.company, facts.project)
    s = doc.styles
    lw, vw = 30 * mm, 60 * mm
    widths = [lw, vw, lw, vw]
    wide = vw * 2 + lw

    def lab(text: str) -> Paragraph:
        return Paragraph(escape(text), s["label"])

    def val(text: str) -> Paragraph:
        return Paragraph(escape(text), s["value"])

    kind = f"{facts.kind}投诉" if facts.kind and not facts.kind.endswith("建议") else facts.kind
    rows: list[list[Any]] = [
        [lab("投诉编号"), val(facts.number), lab("受理时间"), val(_dt(facts.received_at))],
        [lab("投诉人"), val(facts.complainant), lab("房号"), val(facts.unit)],
        [lab("联系电话"), val(facts.phone), lab("投诉方式"), val(facts.channel)],
        [lab("性质"), val(kind), lab("类别"), val(facts.category)],
        [lab("首问人"), val(facts.first_responder), lab("责任部门"), val(facts.department)],
        [lab("投诉主题"), doc.appendix.fit(facts.subject, wide, 44, "投诉主题"), "", ""],
        [lab("投诉内容"), doc.appendix.fit(facts.content, wide, 300, "投诉内容"), "", ""],
        [lab("派单部门"), val(dispatch.department if dispatch else ""), lab("派单时间"),
         val(_dt(dispatch.at) if dispatch else "")],
        [lab("处理期限"), val(_dt(dispatch.due_at) if dispatch else ""), lab("派单人"),
         val(dispatch.by if dispatch else "")],
        [lab("备注"), doc.appendix.fit(facts.remarks, wide, 60, "备注"), "", ""],
        [lab("接待人（签字）"), "", lab("日期"), Paragraph(DATE_BLANK, s["value"])],
    ]
    heights = [22] * len(rows)
    heights[6] = 320   # the content box a clerk writes into on paper
    heights[9] = 40
    heights[10] = 34
    spans = [("SPAN", (1, r), (3, r)) for r in (5, 6, 9)]
    valign_top = [("VALIGN", (1, 6), (3, 6), "TOP")]
    story = doc.header() + [_grid(rows, widths, spans + valign_top, heights)]
    return doc.build(story)


# --- 客户意见处理表 (篇5 §1(5)) -------------------------------------------------------------------------

def handling_record_pdf(record: HandlingRecord, out: Path) -> Path:
    """The handling record the customer confirms and that is filed (「由客户确认后收回存档」)."""
    f = record.facts
    doc = _Doc(out, "客户意见处理表", f.number, f.company, f.project)
    s = doc.styles
    fit = doc.appendix.fit
    lw, vw = 30 * mm, 60 * mm
    wide = vw * 2 + lw

    def lab(text: str) -> Paragraph:
        return Paragraph(escape(text), s["label"])

    def val(text: str) -> Paragraph:
        return Paragraph(escape(text), s["value"])

    def small(text: str, st: str = "small") -> Paragraph:
        return Paragraph(escape(text), s[st])

    kind = f"{f.kind}投诉" if f.kind and not f.kind.endswith("建议") else f.kind
    kind_cat = "／".join(x for x in (kind, f.category) if x)
    facts_rows: list[list[Any]] = [
        [lab("投诉人"), val(f.complainant), lab("房号"), val(f.unit)],
        [lab("联系电话"), val(f.phone), lab("受理时间"), val(_dt(f.received_at))],
        [lab("投诉方式"), val(f.channel), lab("性质／类别"), val(kind_cat)],
        [lab("首问人"), val(f.first_responder), lab("责任部门"), val(f.department)],
        [lab("投诉主题"), fit(f.subject, wide, 44, "投诉主题"), "", ""],
        [lab("投诉内容"), fit(f.content, wide, 72, "投诉内容"), "", ""],
        [lab("核实情况"), fit(record.verification, wide, 44, "核实情况"), "", ""],
    ]
    facts_h = [18] * 4 + [18, 44, 22]
    story = doc.header() + [_grid(facts_rows, [lw, vw, lw, vw],
                                  [("SPAN", (1, r), (3, r)) for r in (4, 5, 6)], facts_h)]

    # 处理经过: one row per recorded step, oldest first.
    tw = [9 * mm, 32 * mm, 27 * mm, 20 * mm, 92 * mm]  # 环节 holds 「上报公司主管领导」 on one line
    timeline: list[list[Any]] = [["", small("环节", "head"), small("时间", "head"), small("经办人", "head"),
                                  small("说明", "head")]]
    for i, e in enumerate(record.timeline, start=1):
        timeline.append(["", small(e.step), small(_dt(e.at)), small(e.by),
                         fit(e.note, tw[4], 26, f"处理经过第{i}项「{e.step}」的说明", "small")])
    if not record.timeline:
        timeline.append(["", "", "", "", ""])
    timeline[0][0] = _vertical("处理经过", s["label"])
    story.append(_grid(timeline, tw, [("SPAN", (0, 0), (0, -1))],
                       [18] + [18] * (len(timeline) - 1)))

    # 处理时限: every deadline with its due time, two per row; late ones carry 「※…超时…」
    # (RULES.md: a step done late stays overdue).
    half = [22 * mm, 22 * mm, 22 * mm, 19.5 * mm]  # 「电话上报董事」, 「09-19 14:30」, 「※超时完成」
    dw = [9 * mm] + half + half
    head = [small("环节", "head"), small("期限", "head"), small("完成时间", "head"), small("情况", "head")]
    deadlines: list[list[Any]] = [[""] + head + head]
    cells: list[list[Any]] = []
    for d in record.deadlines:
        status = f"※{d.status}" if d.late else d.status
        cells.append([small(d.step), small(_short_dt(d.due_at)), small(_short_dt(d.done_at)), small(status)])
    if len(cells) % 2:
        cells.append(["", "", "", ""])
    for i in range(0, len(cells), 2):
        deadlines.append([""] + cells[i] + cells[i + 1])
    if len(deadlines) == 1:
        deadlines.append([""] * 9)
    deadlines[0][0] = _vertical("时限", s["label"])
    story.append(_grid(deadlines, dw, [("SPAN", (0, 0), (0, -1)), ("LINEAFTER", (4, 0), (4, -1), 1.2, colors.black)],
                       [18] * len(deadlines)))

    r = record.revisit
    rest: list[list[Any]] = [
        [lab("处理结果"), fit(record.result, wide, 44, "处理结果"), "", ""],
        [lab("回访方式"), val(r.method if r else ""), lab("满意度"), val(r.satisfaction if r else "")],
        [lab("回访时间"), val(_dt(r.at) if r else ""), lab("回访人"), val(r.by if r else "")],
        [lab("回访记录"), fit(r.note if r else "", wide, 44, "回访记录"), "", ""],
        [lab("五清楚一报告"), Paragraph(_checks(record.checklist), s["value"]), "", ""],
        [lab("客户确认（签字）"), "", lab("日期"), Paragraph(DATE_BLANK, s["value"])],
        [lab("经办人（签字）"), "", lab("日期"), Paragraph(DATE_BLANK, s["value"])],
        [lab("主管审核（签字）"), "", lab("日期"), Paragraph(DATE_BLANK, s["value"])],
    ]
    rest_h = [30, 18, 18, 30, 22, 28, 28, 28]
    story.append(_grid(rest, [lw, vw, lw, vw],
                       [("SPAN", (1, i), (3, i)) for i in (0, 3, 4)], rest_h))
    return doc.build(story)


def _checks(items: tuple[CheckEntry, ...]) -> str:
    """「√听清楚 □问清楚 …」: the six points of 篇5 §1; 报告 applies to major cases only."""
    parts = []
    for item in items:
        if not item.applies:
            parts.append(f"—{escape(item.label)}（不适用）")
        else:
            parts.append(("√" if item.done else "□") + escape(item.label))
    return "&nbsp;&nbsp;&nbsp;".join(parts)


# --- 书面回复函 (篇5 §2(7)) ----------------------------------------------------------------------------

def reply_letter_pdf(letter: ReplyLetter, out: Path) -> Path:
    """A letter to the complainant of a written complaint, with the company's name, date and stamp area."""
    doc = _Doc(out, "书面回复函", letter.number, letter.company, letter.project)
    s = doc.styles
    story: list[Flowable] = doc.header(with_project=False)
    story += [
        Spacer(1, 4 * mm),
        Paragraph(f"尊敬的{escape(letter.complainant)}（房号：{escape(letter.unit)}）：", s["letter"]),
        Paragraph(f"事由：关于“{escape(letter.subject)}”的投诉回复", s["letter"]),
        Spacer(1, 2 * mm),
        Paragraph(f"您于{_cn_date(letter.received_at)}以书面形式反映的“{escape(letter.subject)}”一事"
                  f"（投诉编号：{escape(letter.number)}），我们已认真调查处理，现回复如下：", s["letter_body"]),
    ]
    for line in letter.reply.replace("\r\n", "\n").split("\n"):
        if line.strip():
            story.append(Paragraph(escape(line.strip()), s["letter_body"]))
    story.append(Paragraph("特此函复。", s["letter_body"]))
    story.append(Paragraph("如有疑问，欢迎到客户服务中心前台或来电垂询。", s["letter_body"]))
    story.append(CondPageBreak(60 * mm))
    story.append(Spacer(1, 10 * mm))
    story.append(_SignatureBlock(letter.company, letter.project, _cn_date(letter.replied_at)))
    return doc.build(story)


class _SignatureBlock(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """落款: company, office and date on the right, and a dashed circle over them where the seal goes."""

    def __init__(self, company: str, project: str, date_text: str) -> None:
        super().__init__()
        self.lines = [company, project, date_text]
        self.width, self.height = CONTENT_W, 48 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        font = register_fonts()
        c.saveState()
        c.setFont(font, 12)
        top = self.height - 12 * mm
        for i, line in enumerate(self.lines):
            draw_string(c, self.width, top - i * 22, line, align="right")
        widest = max(text_width(x, font, 12) for x in self.lines)
        cx, cy = self.width - widest / 2, top - 22 + 4
        c.setStrokeColor(colors.grey)
        c.setDash(3, 3)
        c.circle(cx, cy, 21 * mm)
        c.setFillColor(colors.grey)
        c.setFont(font, 9)
        draw_string(c, cx, cy - 21 * mm + 5 * mm, "（盖章）", align="centre")
        c.restoreState()


__all__ = [
    "CaseFacts", "DispatchInfo", "TimelineEntry", "DeadlineEntry", "RevisitInfo", "CheckEntry", "HandlingRecord",
    "ReplyLetter", "complaint_record_pdf", "handling_record_pdf", "reply_letter_pdf",
]
