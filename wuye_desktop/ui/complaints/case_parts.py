"""Read-only parts of the case screen: timeline, deadlines table and the 五清楚一报告 checklist."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QListWidget, QListWidgetItem, QTableWidget, QTableWidgetItem

from wuye_desktop.domain.deadlines import Deadline, Status, format_remaining
from wuye_desktop.domain.five_clear import CheckItem
from wuye_desktop.services.complaint_views import EventView
from wuye_desktop.ui.complaints.model import AMBER, AMBER_BG, GREY, RED, RED_BG, SOON_HOURS

# The Chinese names of the data a step records (never show a code key to a clerk).
DATA_LABELS: dict[str, str] = {
    "department": "责任部门", "due_at": "处理期限", "work_done_at": "实际完成时间", "method": "回访方式",
    "satisfaction": "满意度", "confirmed_by": "客户确认人", "head": "部门负责人", "group": "集体投诉",
}


def _time(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


def _short(value: datetime | None) -> str:
    return f"{value:%m-%d %H:%M}" if value else ""


def event_text(e: EventView) -> str:
    """The note plus the step's own data, e.g. 「责任部门：工程部；处理期限：2026-09-24 17:00」."""
    parts = [f"{DATA_LABELS[k]}：{v}" for k, v in e.data.items() if k in DATA_LABELS and v]
    note = e.note.strip()
    return "；".join(([note] if note else []) + parts)


def read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def fill_timeline(table: QTableWidget, events: tuple[EventView, ...]) -> None:
    """时间, 环节, 经办人, 说明 — one row per recorded step, oldest first."""
    table.setRowCount(len(events))
    for r, e in enumerate(events):
        for c, text in enumerate((_time(e.at), e.action.value, e.by, event_text(e))):
            item = QTableWidgetItem(text)
            if c == 3:
                item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    if events:
        table.scrollToBottom()


def deadline_tone(d: Deadline, now: datetime) -> str:
    if d.status in (Status.OVERDUE,):
        return "overdue"
    if d.status is Status.DONE_LATE:
        return "late"
    if d.status is Status.PENDING and d.due_at and (d.due_at - now).total_seconds() <= SOON_HOURS * 3600:
        return "soon"
    if d.status in (Status.MET, Status.WAITING):
        return "done" if d.status is Status.MET else "waiting"
    return ""


def status_text(d: Deadline, now: datetime) -> str:
    if d.status in (Status.PENDING, Status.OVERDUE) and d.due_at:
        return f"{d.status.value}（{format_remaining(d.due_at - now)}）"
    return d.status.value


def fill_deadlines(table: QTableWidget, deadlines: tuple[Deadline, ...], now: datetime) -> None:
    """环节, 期限, 完成时间, 状态, 依据 — coloured: overdue red, due soon amber, done grey."""
    last = max((x.cycle for x in deadlines), default=0)
    shown = [d for d in deadlines if d.status is not Status.WAITING or d.cycle == last]
    # What needs doing first: overdue, then running (soonest first), then done, then not started.
    rank = {Status.OVERDUE: 0, Status.PENDING: 1, Status.DONE_LATE: 2, Status.MET: 3, Status.WAITING: 4}
    shown.sort(key=lambda d: (rank[d.status], d.due_at or datetime.max))
    table.setRowCount(len(shown))
    for r, d in enumerate(shown):
        label = d.label if d.cycle == 0 else f"{d.label}（第{d.cycle + 1}轮）"
        due = _short(d.due_at) if d.due_at else "—"
        cells = (label, due, _short(d.done_at), status_text(d, now), d.source)
        tone = deadline_tone(d, now)
        fg = {"overdue": RED, "late": RED, "soon": AMBER, "done": GREY, "waiting": GREY}.get(tone)
        bg = {"overdue": RED_BG, "soon": AMBER_BG}.get(tone)
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c in (1, 2) and text and text != "—":
                item.setToolTip(_time(d.due_at if c == 1 else d.done_at))
            if fg is not None:
                item.setForeground(QBrush(fg))
            if bg is not None:
                item.setBackground(QBrush(bg))
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def fill_checklist(widget: QListWidget, items: tuple[CheckItem, ...]) -> None:
    """The six points of 篇5 §1; ticks come from the events, the clerk cannot tick by hand."""
    widget.clear()
    for i in items:
        text = f"{i.label}：{i.hint}" if i.applies else f"{i.label}：{i.hint}（一般投诉不适用）"
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setData(Qt.ItemDataRole.CheckStateRole,
                     Qt.CheckState.Checked if i.done else Qt.CheckState.Unchecked)
        if not i.applies:
            item.setForeground(QBrush(GREY))
        widget.addItem(item)
    if widget.count():
        # All six points in view without a scroll bar.
        frame = 2 * widget.frameWidth()
        widget.setFixedHeight(widget.sizeHintForRow(0) * widget.count() + frame + 4)
