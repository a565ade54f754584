"""The revisits area's paper as one-page A4 PDFs with the embedded font: 客户回访记录表, a blank
questionnaire, the public notice of suggestions (张榜公布) and the 「文明户」 priority list.

Pure functions: plain data in, a PDF file out. Each sheet is laid out in one frame that shrinks
its content when it would overflow, so a sheet never spills onto a second page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wuye_desktop.export.fonts import escape, make_canvas, register_fonts

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
FRAME_H = PAGE_H - 2 * MARGIN - 2  # the frame's padding
CHECKED, UNCHECKED = "■", "□"     # the bundled font has these, not ☑/☐
BLANK_LINE = "&nbsp;" * 30


# --- plain data -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RevisitSheet:
    """What 客户回访记录表 shows; the revisit fields are blank until the revisit is recorded."""

    company: str
    project: str
    number: str
    complainant: str
    unit: str
    phone: str
    subject: str
    content: str
    department: str
    result: str              # the department's handling result
    completed_at: datetime
    due_at: datetime
    done_at: datetime | None = None
    visitor: str = ""
    method: str = ""
    satisfaction: str = ""
    record: str = ""
    opinion: str = ""
    question: str = ""
    promised_at: datetime | None = None
    follow_up: str = ""
    timeliness: str = ""     # 按时回访 / 超时回访 / 逾期未回访 / 待回访
    kind: str = "投诉"        # or 维修单: the job of a work order is revisited on the same sheet


@dataclass(frozen=True)
class SheetQuestion:
    kind: str                # 单选 / 多选 / 评分 / 文字
    text: str
    options: tuple[str, ...] = ()
    scale: int = 5


@dataclass(frozen=True)
class QuestionnaireSheet:
    company: str
    project: str
    title: str
    intro: str
    questions: tuple[SheetQuestion, ...]


@dataclass(frozen=True)
class NoticeMeasure:
    content: str             # the suggestion
    plan: str                # the rectification measure
    owner: str
    due_on: date | None
    state: str


@dataclass(frozen=True)
class NoticeSheet:
    company: str
    project: str
    issued_on: date
    measures: tuple[NoticeMeasure, ...]
    praised: tuple[tuple[str, str], ...]   # (unit, name) praised as 「爱我小区」 residents


@dataclass(frozen=True)
class CandidateRow:
    unit: str
    name: str
    suggestions: int
    adopted: int


@dataclass(frozen=True)
class CandidateSheet:
    company: str
    project: str
    year: int
    rows: tuple[CandidateRow, ...]
    printed_on: date


# --- common pieces ------------------------------------------------------------------------------------

def _styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("rv_base", fontName=font, fontSize=10, leading=14, wordWrap="CJK", alignment=TA_LEFT)
    return {
        "value": base,
        "small": ParagraphStyle("rv_small", parent=base, fontSize=9, leading=12),
        "label": ParagraphStyle("rv_label", parent=base, alignment=TA_CENTER),
        "company": ParagraphStyle("rv_company", parent=base, fontSize=12, leading=16, alignment=TA_CENTER),
        "title": ParagraphStyle("rv_title", parent=base, fontSize=19, leading=26, alignment=TA_CENTER,
                                spaceAfter=4),
        "big_title": ParagraphStyle("rv_big", parent=base, fontSize=26, leading=34, alignment=TA_CENTER,
                                    spaceAfter=6),
        "sub": ParagraphStyle("rv_sub", parent=base, fontSize=10, leading=14),
        "right": ParagraphStyle("rv_right", parent=base, fontSize=11, leading=16, alignment=TA_RIGHT),
        "body": ParagraphStyle("rv_body", parent=base, fontSize=11, leading=18, firstLineIndent=22),
        "question": ParagraphStyle("rv_question", parent=base, fontSize=10.5, leading=15, spaceBefore=5),
        "option": ParagraphStyle("rv_option", parent=base, fontSize=10, leading=15, leftIndent=14),
        "heading": ParagraphStyle("rv_heading", parent=base, fontSize=13, leading=18, spaceBefore=8, spaceAfter=4),
    }


GRID = [
    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
    ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def _grid(data: list[list[Any]], widths: list[float], extra: list[tuple[Any, ...]] | None = None,
          min_heights: Sequence[float] | None = None, header_rows: int = 0) -> Table:
    table = Table(data, colWidths=widths, minRowHeights=min_heights, hAlign="CENTER", repeatRows=header_rows)
    # Plain-string cells would otherwise set Helvetica, which then shows up unembedded.
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts())] + GRID + (extra or [])))
    return table


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text) if text else "&nbsp;", style)


def _dt(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _cn_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _choices(options: tuple[str, ...] | list[str], chosen: str = "") -> str:
    return "&nbsp;&nbsp;&nbsp;".join(f"{CHECKED if o == chosen else UNCHECKED} {escape(o)}" for o in options)


def _build(out: Path, title: str, story: list[Flowable]) -> Path:
    """One page: the story in a frame that shrinks it to fit."""
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=title, author="物业客户服务桌面系统",
                            initialFontName=register_fonts())
    frame = KeepInFrame(CONTENT_W, FRAME_H, story, mode="shrink", hAlign="CENTER", vAlign="TOP")
    doc.build([frame], canvasmaker=make_canvas)
    return out


def _header(s: dict[str, ParagraphStyle], company: str, title: str, left: str, right: str = "") -> list[Flowable]:
    line = Table([[_p(left, s["sub"]), Paragraph(escape(right), ParagraphStyle(
        "rv_hr", parent=s["sub"], alignment=TA_RIGHT))]], colWidths=[CONTENT_W * 0.6, CONTENT_W * 0.4])
    line.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return [_p(company, s["company"]), _p(title, s["title"]), line]


# --- 客户回访记录表 ------------------------------------------------------------------------------------

METHODS = ("电话", "上门", "座谈会", "问卷", "其他")
ORDER_METHODS = ("电话", "上门", "其他")   # a work order's revisit (domain/repairs_drafts.REVISIT_METHODS)
SATISFACTIONS = ("满意", "基本满意", "不满意")


def write_revisit_record(sheet: RevisitSheet, out: Path) -> Path:
    """The revisit record of one case (篇2 §5、§7, 篇4 二.1(2)(3))."""
    s = _styles()
    w = CONTENT_W
    lw = 24 * mm
    widths = [lw, w / 2 - lw, lw, w / 2 - lw]
    v, lab = s["value"], s["label"]

    def row(l1: str, v1: str, l2: str, v2: str) -> list[Any]:
        return [_p(l1, lab), _p(v1, v), _p(l2, lab), _p(v2, v)]

    def wide(label: str, value: Any) -> list[Any]:
        return [_p(label, lab), value if isinstance(value, Flowable) else _p(value, v), "", ""]

    question = sheet.question
    if question and sheet.promised_at:
        question += f"（约定 {_dt(sheet.promised_at)} 前答复）"
    order = sheet.kind == "维修单"
    data = [
        row("维修单号" if order else "投诉编号", sheet.number, "回访期限", _dt(sheet.due_at)),
        row("住户姓名", sheet.complainant, "房号" if not order else "房号/位置", sheet.unit),
        row("联系电话", sheet.phone, "维修人员" if order else "责任部门", sheet.department),
        wide("报修事项" if order else "投诉主题", sheet.subject),
        wide("报修内容" if order else "投诉内容",
             _p(sheet.content[:600] + ("……" if len(sheet.content) > 600 else ""), v)),
        wide("处理结果", _p((sheet.result or "")[:400] + f"（完成时间：{_dt(sheet.completed_at)}）", v)),
        row("回访时间", _dt(sheet.done_at), "回访人", sheet.visitor),
        wide("回访方式", Paragraph(_choices(ORDER_METHODS if order else METHODS, sheet.method), v)),
        wide("回访记录", _p(sheet.record[:800], v)),
        wide("满意度", Paragraph(_choices(SATISFACTIONS, sheet.satisfaction), v)),
        wide("住户意见建议", _p(sheet.opinion[:400], v)),
        wide("未能当场答复的问题", _p(question[:400], v)),
        wide("后续处理", _p(sheet.follow_up, v)),
        row("是否按时", sheet.timeliness, "住户签字", ""),
    ]
    heights = [24, 24, 24, 24, 60, 48, 24, 24, 110, 24, 50, 50, 28, 34]
    spans = [("SPAN", (1, i), (3, i)) for i in (3, 4, 5, 7, 8, 9, 10, 11, 12)]
    table = _grid(data, widths, spans + [("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                                          ("BACKGROUND", (2, 0), (2, 2), colors.HexColor("#f2f2f2")),
                                          ("BACKGROUND", (2, 6), (2, 6), colors.HexColor("#f2f2f2")),
                                          ("BACKGROUND", (2, 13), (2, 13), colors.HexColor("#f2f2f2"))],
                  min_heights=heights)
    story: list[Flowable] = _header(s, sheet.company, "客户回访记录表", f"管理处：{sheet.project}",
                                    f"编号：{sheet.number}")
    story += [table, Spacer(1, 6),
              _p(f"注：{'维修完工' if order else '投诉处理完毕'}后2个工作日内回访；不能当即答复的询问和意见，"
                 "应告知预约时间回复。", s["small"])]
    return _build(out, f"客户回访记录表 {sheet.number}", story)


# --- blank questionnaire --------------------------------------------------------------------------------

def write_blank_questionnaire(q: QuestionnaireSheet, out: Path) -> Path:
    """A themed questionnaire to hand out (篇4 二.2(5)): boxes to tick, lines to write on."""
    s = _styles()
    story: list[Flowable] = [_p(q.company, s["company"]), _p(q.title, s["title"])]
    if q.intro:
        story.append(_p(q.intro, s["body"]))
    story.append(Spacer(1, 4))
    for i, question in enumerate(q.questions, start=1):
        hint = {"单选": "（单选）", "多选": "（可多选）", "评分": f"（请打分，1–{question.scale}分）", "文字": ""}.get(
            question.kind, "")
        story.append(Paragraph(f"{i}. {escape(question.text)}{hint}", s["question"]))
        if question.kind in ("单选", "多选"):
            story.append(Paragraph(_choices(question.options), s["option"]))
        elif question.kind == "评分":
            story.append(Paragraph(_choices([f"{n}分" for n in range(1, question.scale + 1)]), s["option"]))
        else:
            lines = _grid([[""], [""]], [CONTENT_W - 14], [("GRID", (0, 0), (-1, -1), 0, colors.white),
                                                          ("BOX", (0, 0), (-1, -1), 0, colors.white),
                                                          ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey)],
                          min_heights=[20, 20])
            lines.hAlign = "RIGHT"
            story.append(lines)
    story += [Spacer(1, 14),
              Paragraph("住户姓名（可不填）：" + "&nbsp;" * 24 + "房号：" + "&nbsp;" * 24 + "填写日期："
                        + "&nbsp;" * 10 + "年" + "&nbsp;" * 5 + "月" + "&nbsp;" * 5 + "日", s["value"]),
              Spacer(1, 8),
              _p(f"感谢您的支持！请将问卷交回{q.project}服务中心。", s["small"])]
    return _build(out, q.title, story)


# --- public notice (张榜公布) ----------------------------------------------------------------------------

def write_public_notice(n: NoticeSheet, out: Path) -> Path:
    """The posted notice of rectification measures and 「爱我小区」 residents (篇4 一.4)."""
    s = _styles()
    story: list[Flowable] = [_p(n.company, s["company"]), _p("公　告", s["big_title"]),
                             _p("合理化建议整改措施及「爱我小区」住户表彰名单", s["title"]), Spacer(1, 4),
                             _p("尊敬的各位业主、住户：", s["value"]),
                             Paragraph("感谢各位住户对小区管理工作的关心和支持。对住户提出的合理化建议，管理处经主任研究决定，"
                                       "制定以下整改措施，现予公布，欢迎监督：", s["body"]), Spacer(1, 6)]
    if n.measures:
        head = [_p(h, s["label"]) for h in ("序号", "住户建议", "整改措施", "负责人", "完成期限", "进度")]
        rows: list[list[Any]] = [head]
        for i, m in enumerate(n.measures, start=1):
            rows.append([_p(str(i), s["label"]), _p(m.content[:200], s["small"]), _p(m.plan[:300], s["small"]),
                         _p(m.owner, s["label"]),
                         _p(m.due_on.strftime("%Y-%m-%d") if m.due_on else "", s["label"]),
                         _p(m.state, s["label"])])
        widths = [11 * mm, 50 * mm, 62 * mm, 19 * mm, 21 * mm, CONTENT_W - 163 * mm]
        story.append(_grid(rows, widths, [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2"))],
                           header_rows=1))
    else:
        story.append(_p("（本期无整改措施）", s["value"]))
    story += [Spacer(1, 10), _p("「爱我小区」表彰名单", s["heading"])]
    if n.praised:
        story.append(Paragraph("以下住户积极为小区建设献计献策，特予表彰，并在「文明户」评选中优先考虑：", s["body"]))
        names = [f"{unit}&nbsp;{escape(name)}" for unit, name in n.praised]
        cells = [names[i:i + 3] + [""] * (3 - len(names[i:i + 3])) for i in range(0, len(names), 3)]
        table = Table([[Paragraph(c, s["value"]) if c else "" for c in r] for r in cells],
                      colWidths=[CONTENT_W / 3] * 3)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 22)]))
        story.append(table)
    else:
        story.append(_p("（本期无）", s["value"]))
    story += [Spacer(1, 18), _p(n.project, s["right"]), _p(_cn_date(n.issued_on), s["right"])]
    return _build(out, "合理化建议整改措施公告", story)


# --- 「文明户」 priority list ------------------------------------------------------------------------

def write_candidate_list(c: CandidateSheet, out: Path) -> Path:
    """The year's households with priority in the 「文明户」 selection: everyone who proposed (篇4 一.4)."""
    s = _styles()
    story: list[Flowable] = _header(s, c.company, f"{c.year}年度「文明户」优先评选名单", f"管理处：{c.project}",
                                    f"打印日期：{c.printed_on:%Y-%m-%d}")
    story.append(Paragraph("依据《接待来访投诉与回访管理制度》：主动提出合理化建议的住户，在「文明户」评选中优先考虑。",
                           s["small"]))
    story.append(Spacer(1, 4))
    rows: list[list[Any]] = [[_p(h, s["label"]) for h in ("序号", "房号", "住户", "提出建议（条）", "被采纳（条）", "备注")]]
    for i, r in enumerate(c.rows, start=1):
        rows.append([_p(str(i), s["label"]), _p(r.unit, s["value"]), _p(r.name, s["value"]),
                     _p(str(r.suggestions), s["label"]), _p(str(r.adopted), s["label"]), ""])
    if not c.rows:
        rows.append([_p("本年度尚无住户提出合理化建议", s["label"]), "", "", "", "", ""])
    widths = [14 * mm, 42 * mm, 36 * mm, 28 * mm, 28 * mm, CONTENT_W - 148 * mm]
    extra: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2"))]
    if not c.rows:
        extra.append(("SPAN", (0, 1), (-1, 1)))
    story.append(_grid(rows, widths, extra, min_heights=[22] * len(rows), header_rows=1))
    story += [Spacer(1, 16), Paragraph("管理处主任（签字）：" + BLANK_LINE, s["value"])]
    return _build(out, f"{c.year}年度文明户优先评选名单", story)
