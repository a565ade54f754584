"""The supervisor's paper as A4 PDFs with the embedded font: 维修派工单 and 设备卡片 (one page each: text
too long for its cell is shortened with 「……」), and a month's plan tasks as a printable checklist.

Pure functions: plain data in, a PDF file out (fonts registered by export/fonts.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wuye_desktop.export.fonts import draw_string, escape, make_canvas, register_fonts

MARGIN = 14 * mm
SHORTENED = "……"


# --- plain data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MaterialLine:
    code: str
    name: str
    quantity: int
    unit: str


@dataclass(frozen=True)
class WorkOrderSheet:
    company: str
    project: str
    number: str
    received_at: datetime
    received_by: str
    source: str
    client: str
    place: str
    phone: str
    category: str
    urgency: str
    subject: str
    description: str = ""
    device: str = ""
    technician: str = ""
    dispatched_at: datetime | None = None
    appointment_at: datetime | None = None
    promised_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    result: str = ""
    materials: tuple[MaterialLine, ...] = ()
    labour: str = ""
    charge: str = ""
    signed_by: str = ""
    sign_note: str = ""
    revisit_due: datetime | None = None
    revisit: str = ""
    state: str = ""
    complaint_number: str = ""


@dataclass(frozen=True)
class HistoryLine:
    day: date
    kind: str        # 维修 / 缺陷 / 事故 / 保养 / 状态
    text: str
    outcome: str


@dataclass(frozen=True)
class DeviceSheet:
    company: str
    project: str
    code: str
    name: str
    system: str
    location: str
    model: str
    maker: str
    install_date: date | None
    state: str
    notes: str = ""
    documents: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    history: tuple[HistoryLine, ...] = ()
    open_defects: int = 0
    printed_on: date | None = None


@dataclass(frozen=True)
class ChecklistLine:
    scheduled: date
    plan: str
    kind: str
    devices: str
    content: str
    due: datetime
    done: bool
    done_at: datetime | None = None
    done_by: str = ""
    state: str = ""


@dataclass(frozen=True)
class Checklist:
    company: str
    project: str
    year: int
    month: int
    lines: tuple[ChecklistLine, ...] = field(default_factory=tuple)
    printed_on: date | None = None


# --- styles and helpers ----------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=13, wordWrap="CJK", alignment=TA_LEFT)
    return {
        "value": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "label": ParagraphStyle("label", parent=base, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=11, alignment=TA_CENTER),
        "company": ParagraphStyle("company", parent=base, fontSize=12, leading=16, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=2),
        "sub": ParagraphStyle("sub", parent=base, fontSize=9.5, leading=13),
    }


def _dt(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _d(value: date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def fit(text: str, style: ParagraphStyle, width: float, max_height: float) -> Paragraph:
    """``text`` shortened with 「……」 until it fits ``width`` × ``max_height`` (the page stays one page)."""
    inner = width - 6
    full = Paragraph(escape(text), style)
    if full.wrap(inner, 10 ** 6)[1] <= max_height:
        return full
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if Paragraph(escape(text[:mid].rstrip()) + SHORTENED, style).wrap(inner, 10 ** 6)[1] <= max_height:
            lo = mid
        else:
            hi = mid - 1
    return Paragraph(escape(text[:lo].rstrip()) + SHORTENED, style)


_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
    ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
]


def _table(data: list[list[Any]], widths: Sequence[float], extra: list[tuple[Any, ...]] | None = None,
           heights: Sequence[float] | None = None, repeat: int = 0) -> Table:
    table = Table(data, colWidths=widths, minRowHeights=heights or [19] * len(data), hAlign="CENTER",
                  repeatRows=repeat)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts())] + _GRID + (extra or [])))
    return table


def _header(st: dict[str, ParagraphStyle], company: str, title: str, left: str, right: str,
            width: float) -> list[Flowable]:
    line = Table([[Paragraph(escape(left), st["sub"]), Paragraph(escape(right), st["sub"])]],
                 colWidths=[width * 0.55, width * 0.45])
    line.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return [Paragraph(escape(company), st["company"]), Paragraph(escape(title), st["title"]), line]


def _build(out: Path, story: list[Flowable], title: str, author: str, pagesize: tuple[float, float] = A4,
           footer: str = "") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(out), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=title, author=author, subject=title,
                            creator="物业客户服务桌面系统", initialFontName=register_fonts())

    def decorate(canvas: Canvas, d: Any) -> None:
        if footer:
            canvas.saveState()
            canvas.setFont(register_fonts(), 8.5)
            draw_string(canvas, pagesize[0] / 2, 6 * mm, f"{footer}　第 {d.page} 页", align="centre")
            canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=make_canvas)
    return out


# --- 维修派工单 --------------------------------------------------------------------------------------------

MATERIAL_ROWS = 7


def work_order_pdf(sheet: WorkOrderSheet, out: Path) -> Path:
    """One A4 page: the request, the dispatch, materials, labour and charge, the customer's sign-off
    and the revisit due (篇2 §5), with signature lines as on the paper form."""
    st = _styles()
    width = A4[0] - 2 * MARGIN
    lw, vw = 24 * mm, width / 2 - 24 * mm
    widths = [lw, vw, lw, vw]
    wide = vw * 2 + lw

    def lab(text: str) -> Paragraph:
        return Paragraph(escape(text), st["label"])

    def val(text: str, w: float = vw, h: float = 26) -> Paragraph:
        return fit(text, st["value"], w, h)

    device = sheet.device or "—"
    rows: list[list[Any]] = [
        [lab("报修时间"), val(_dt(sheet.received_at)), lab("受理人"), val(sheet.received_by)],
        [lab("报修人"), val(sheet.client or "（内部报修）"), lab("房号/地点"), val(sheet.place)],
        [lab("联系电话"), val(sheet.phone), lab("报修方式"), val(sheet.source + (f"（投诉 {sheet.complaint_number}）"
                                                                               if sheet.complaint_number else ""))],
        [lab("维修类别"), val(sheet.category), lab("紧急程度"), val(sheet.urgency)],
        [lab("相关设备"), val(device, wide), "", ""],
        [lab("报修内容"), val(sheet.subject, wide), "", ""],
        [lab("详细描述"), val(sheet.description, wide, 78), "", ""],
        [lab("维修人员"), val(sheet.technician), lab("派工时间"), val(_dt(sheet.dispatched_at))],
        [lab("预约上门"), val(_dt(sheet.appointment_at)), lab("限期完工"), val(_dt(sheet.promised_at))],
        [lab("到场时间"), val(_dt(sheet.started_at)), lab("完工时间"), val(_dt(sheet.completed_at))],
        [lab("维修结果"), val(sheet.result, wide, 90), "", ""],
    ]
    spans = [("SPAN", (1, i), (3, i)) for i in (4, 5, 6, 10)]
    heights = [21] * 4 + [21, 24, 84, 21, 21, 21, 96]
    form = _table(rows, widths, spans, heights)

    mat_widths = [14 * mm, 34 * mm, width - 14 * mm - 34 * mm - 24 * mm - 18 * mm, 24 * mm, 18 * mm]
    mat: list[list[Any]] = [[Paragraph(h, st["head"]) for h in ("序号", "物料编号", "材料名称", "数量", "单位")]]
    shown = list(sheet.materials[:MATERIAL_ROWS])
    for i, m in enumerate(shown, start=1):
        mat.append([str(i), fit(m.code, st["small"], mat_widths[1], 14), fit(m.name, st["small"], mat_widths[2], 14),
                    str(m.quantity), m.unit])
    if len(sheet.materials) > MATERIAL_ROWS:
        rest = sheet.materials[MATERIAL_ROWS - 1:]
        mat[-1] = ["", "", Paragraph(escape(f"另有{len(rest)}项材料，见工单记录"), st["small"]), "", ""]
    while len(mat) < MATERIAL_ROWS + 1:
        mat.append(["", "", "", "", ""])
    materials = _table(mat, mat_widths, [("ALIGN", (0, 0), (0, -1), "CENTER"), ("ALIGN", (3, 0), (4, -1), "CENTER"),
                                         ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))],
                       [17] * (MATERIAL_ROWS + 1))

    sign_rows: list[list[Any]] = [
        [lab("工时"), val(sheet.labour), lab("收费"), val(sheet.charge)],
        [lab("客户签认"), val(sheet.signed_by), lab("签认意见"), val(sheet.sign_note)],
        [lab("回访期限"), val(_dt(sheet.revisit_due)), lab("回访结果"), val(sheet.revisit)],
        [Paragraph("维修人员签字：", st["value"]), "", Paragraph("客户签字：", st["value"]), ""],
        [Paragraph("日期：&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;年&nbsp;&nbsp;&nbsp;&nbsp;月"
                   "&nbsp;&nbsp;&nbsp;&nbsp;日", st["value"]), "",
         Paragraph("日期：&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;年&nbsp;&nbsp;&nbsp;&nbsp;月"
                   "&nbsp;&nbsp;&nbsp;&nbsp;日", st["value"]), ""],
    ]
    sign = _table(sign_rows, widths, [("SPAN", (0, 3), (1, 3)), ("SPAN", (2, 3), (3, 3)), ("SPAN", (0, 4), (1, 4)),
                                      ("SPAN", (2, 4), (3, 4)), ("LINEABOVE", (0, 4), (-1, 4), 0, colors.white),
                                      ("VALIGN", (0, 3), (-1, 3), "TOP")],
                  [21, 21, 21, 48, 21])
    story: list[Flowable] = _header(st, sheet.company, "维修派工单", f"管理处：{sheet.project}",
                                    f"工单编号：{sheet.number}", width)
    story += [form, Spacer(1, 4), Paragraph("领用材料", st["sub"]), Spacer(1, 2), materials, Spacer(1, 4), sign,
              Spacer(1, 3), Paragraph(escape(f"状态：{sheet.state}　　本单一式两联：维修班组、客户服务中心各执一联"),
                                      st["small"])]
    return _build(out, story, f"维修派工单 {sheet.number}", sheet.company)


# --- 设备卡片 ----------------------------------------------------------------------------------------------

HISTORY_ROWS = 24


def device_card_pdf(sheet: DeviceSheet, out: Path) -> Path:
    """One A4 page: the register facts, drawings and documents, plans, and the latest history."""
    st = _styles()
    width = A4[0] - 2 * MARGIN
    lw, vw = 24 * mm, width / 2 - 24 * mm
    widths = [lw, vw, lw, vw]
    wide = vw * 2 + lw

    def lab(text: str) -> Paragraph:
        return Paragraph(escape(text), st["label"])

    def val(text: str, w: float = vw, h: float = 26) -> Paragraph:
        return fit(text, st["value"], w, h)

    rows: list[list[Any]] = [
        [lab("设备编号"), val(sheet.code), lab("设备名称"), val(sheet.name)],
        [lab("所属系统"), val(sheet.system), lab("安装位置"), val(sheet.location)],
        [lab("规格型号"), val(sheet.model), lab("生产厂家"), val(sheet.maker)],
        [lab("安装日期"), val(_d(sheet.install_date)), lab("当前状态"),
         val(sheet.state + (f"（未消除缺陷{sheet.open_defects}项）" if sheet.open_defects else ""))],
        [lab("图纸资料"), val("、".join(sheet.documents) or "无", wide, 28), "", ""],
        [lab("保养计划"), val("；".join(sheet.plans) or "无", wide, 40), "", ""],
        [lab("备注"), val(sheet.notes, wide, 28), "", ""],
    ]
    facts = _table(rows, widths, [("SPAN", (1, i), (3, i)) for i in (4, 5, 6)], [20] * 4 + [32, 44, 32])

    hw = [24 * mm, 16 * mm, width - 24 * mm - 16 * mm - 36 * mm, 36 * mm]
    hist: list[list[Any]] = [[Paragraph(h, st["head"]) for h in ("日期", "类别", "内容", "结果")]]
    for line in sheet.history[:HISTORY_ROWS]:
        hist.append([_d(line.day), line.kind, fit(line.text, st["small"], hw[2], 14),
                     fit(line.outcome, st["small"], hw[3], 14)])
    while len(hist) < HISTORY_ROWS + 1:
        hist.append(["", "", "", ""])
    history = _table(hist, hw, [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                                ("ALIGN", (0, 0), (1, -1), "CENTER"), ("FONTSIZE", (0, 1), (1, -1), 8.5)],
                     [17] * (HISTORY_ROWS + 1))
    more = len(sheet.history) - HISTORY_ROWS
    note = f"另有较早记录{more}条，见系统中的设备履历。" if more > 0 else ""
    story: list[Flowable] = _header(st, sheet.company, "设备卡片", f"管理处：{sheet.project}",
                                    f"打印日期：{_d(sheet.printed_on)}", width)
    story += [facts, Spacer(1, 5), Paragraph("设备履历（维修、缺陷、事故、保养，最近在前）", st["sub"]), Spacer(1, 2),
              history]
    if note:
        story.append(Paragraph(escape(note), st["small"]))
    story += [Spacer(1, 6), Paragraph("维修主管：______________　　　　审核：______________", st["value"])]
    return _build(out, story, f"设备卡片 {sheet.code}", sheet.company)


# --- 月度保养巡检任务清单 ---------------------------------------------------------------------------------------


def _tick(line: ChecklistLine) -> str:
    """√ done, □ to do; a late or overdue task says so on paper too (RULES.md 「超时」)."""
    if line.done:
        return "√ 超时" if line.state == "超时完成" else "√"
    return "□ 逾期" if line.state == "已逾期" else "□"


def checklist_pdf(sheet: Checklist, out: Path) -> Path:
    """The month's dated plan tasks on landscape A4, a tick box and signature column per task."""
    st = _styles()
    page = landscape(A4)
    width = page[0] - 2 * MARGIN
    widths = [10 * mm, 20 * mm, 36 * mm, 12 * mm, 56 * mm, 0.0, 18 * mm, 16 * mm, 20 * mm, 22 * mm]
    widths[5] = width - sum(widths)
    head = ["序号", "计划日期", "计划名称", "类别", "设备", "保养（巡检）内容", "完成期限", "完成", "执行人", "完成日期"]
    data: list[list[Any]] = [[Paragraph(h, st["head"]) for h in head]]
    for i, line in enumerate(sheet.lines, start=1):
        data.append([
            str(i), _d(line.scheduled), fit(line.plan, st["small"], widths[2], 24), line.kind,
            fit(line.devices, st["small"], widths[4], 24), fit(line.content, st["small"], widths[5], 24),
            line.due.strftime("%m-%d"), _tick(line),
            line.done_by, line.done_at.strftime("%m-%d %H:%M") if line.done_at else "",
        ])
    if len(data) == 1:
        data.append(["", "", Paragraph("本月没有保养巡检任务", st["small"]), "", "", "", "", "", "", ""])
    table = _table(data, widths, [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                                  ("ALIGN", (0, 0), (1, -1), "CENTER"), ("ALIGN", (3, 0), (3, -1), "CENTER"),
                                  ("ALIGN", (6, 0), (7, -1), "CENTER"), ("FONTSIZE", (0, 1), (-1, -1), 8.5),
                                  ("FONTSIZE", (7, 1), (7, -1), 10)],
                   [20] + [26] * (len(data) - 1), repeat=1)
    done = sum(1 for x in sheet.lines if x.done)
    title = f"{sheet.year}年{sheet.month}月 保养巡检任务清单"
    story: list[Flowable] = _header(st, sheet.company, title, f"管理处：{sheet.project}",
                                    f"共{len(sheet.lines)}项，已完成{done}项　打印日期：{_d(sheet.printed_on)}", width)
    story += [table, Spacer(1, 8),
              Paragraph("说明：完成后在「完成」栏打√并由执行人签字；逾期未完成的任务请注明原因。"
                        "　　维修主管：______________", st["small"])]
    return _build(out, story, title, sheet.company, page, footer=title)
