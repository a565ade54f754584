"""The complaint list as a table model: filtered, sorted and paged in SQL, coloured by deadline."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from wuye_desktop.domain.deadlines import format_remaining
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.services.complaint_views import ComplaintView, Page
from wuye_desktop.ui.common.paged_model import PAGE_SIZE, PagedCaseModel
from wuye_desktop.ui.common.view_table import (
    AMBER,
    AMBER_BG,
    GREY,
    RED,
    RED_BG,
    ROW_ROLE,
    SORT_ROLE,
    TONE_ROLE,
    Index,
)

__all__ = [
    "AMBER", "AMBER_BG", "COL_CATEGORY", "COL_COMPLAINANT", "COL_DEPARTMENT", "COL_KIND", "COL_NEXT_DUE",
    "COL_NUMBER", "COL_OVERDUE", "COL_PHONE", "COL_PROJECT", "COL_RECEIVED", "COL_STATE", "COL_SUBJECT",
    "COL_UNIT", "GREY", "HEADERS", "PAGE_SIZE", "RED", "RED_BG", "ROW_ROLE", "SORT_KEY_OF", "SORT_ROLE",
    "SOON_HOURS", "TONE_ROLE", "ComplaintTableModel", "Index", "PageFn", "next_due_text", "row_tone",
]

PageFn = Callable[..., Page]

(COL_NUMBER, COL_RECEIVED, COL_COMPLAINANT, COL_UNIT, COL_PHONE, COL_SUBJECT, COL_CATEGORY, COL_KIND,
 COL_STATE, COL_DEPARTMENT, COL_NEXT_DUE, COL_OVERDUE, COL_PROJECT) = range(13)

HEADERS: tuple[str, ...] = (
    "投诉编号", "受理时间", "投诉人", "房号", "联系电话", "投诉主题", "类别", "性质", "状态", "责任部门",
    "下一期限", "超时环节", "管理处",
)

# The SQL sort key of each column (domain/listing.py SORT_KEYS); None = not sortable.
SORT_KEY_OF: dict[int, str | None] = {
    COL_NUMBER: "number", COL_RECEIVED: "received_at", COL_COMPLAINANT: "complainant", COL_UNIT: "unit",
    COL_PHONE: "phone", COL_SUBJECT: "subject", COL_CATEGORY: "category", COL_KIND: "kind",
    COL_STATE: "state", COL_DEPARTMENT: "department", COL_NEXT_DUE: "next_due_at",
    COL_OVERDUE: None, COL_PROJECT: None,
}

SOON_HOURS = 4  # due within 4 hours: amber (the colours: ui/common/view_table.py)


def row_tone(view: ComplaintView, now: datetime, soon_hours: int = SOON_HOURS) -> str:
    """How a row is coloured: closed grey, overdue red, due within ``soon_hours`` amber."""
    if not view.is_open:
        return "closed"
    if view.is_overdue(now):
        return "overdue"
    if view.due_soon(now, soon_hours):
        return "soon"
    return ""


def next_due_text(view: ComplaintView, now: datetime) -> str:
    if view.next_due_at is None or not view.is_open:
        return ""
    return f"{view.next_due_step} {format_remaining(view.next_due_at - now)}"


def _time(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


class ComplaintTableModel(PagedCaseModel):
    """Rows come a page at a time from ``fetch(filter, offset, limit, with_total=…)`` (ui/common/paged_model.py)."""

    HEADERS = HEADERS
    SORT_KEY_OF = SORT_KEY_OF
    OVERDUE_COLUMN = COL_OVERDUE

    def __init__(self, fetch: PageFn, clock: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(fetch, clock, ComplaintFilter(), parent)

    @property
    def complaint_filter(self) -> ComplaintFilter:
        return self._filter

    def set_project_names(self, names: dict[int, str]) -> None:
        super().set_project_names(names)
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_PROJECT), self.index(len(self._rows) - 1, COL_PROJECT))

    def sort_column(self) -> int:
        for column, key in SORT_KEY_OF.items():
            if key == self._filter.sort_key:
                return column
        return COL_RECEIVED

    def overdue_count_loaded(self) -> int:
        return sum(1 for v in self._rows if v.is_overdue(self._now))

    def tone(self, view: ComplaintView) -> str:
        return row_tone(view, self._now)

    def bold(self, view: ComplaintView) -> bool:
        return view.emergency_active

    def _text(self, v: ComplaintView, column: int) -> str:
        if column == COL_NUMBER:
            return v.number
        if column == COL_RECEIVED:
            return _time(v.received_at)
        if column == COL_COMPLAINANT:
            return v.complainant
        if column == COL_UNIT:
            return v.unit
        if column == COL_PHONE:
            return self.show_phone(v.phone)
        if column == COL_SUBJECT:
            return v.subject
        if column == COL_CATEGORY:
            return v.category
        if column == COL_KIND:
            return v.kind
        if column == COL_STATE:
            return v.state
        if column == COL_DEPARTMENT:
            return v.department
        if column == COL_NEXT_DUE:
            return next_due_text(v, self._now)
        if column == COL_OVERDUE:
            return "、".join(v.overdue_labels(self._now))
        if column == COL_PROJECT:
            return self._projects.get(v.project_id, "")
        return ""

    def _sort_value(self, v: ComplaintView, column: int) -> str:
        if column == COL_RECEIVED:
            return v.received_at.isoformat()
        if column == COL_NEXT_DUE:
            return v.next_due_at.isoformat() if v.next_due_at and v.is_open else "9999"
        return self._text(v, column)

    def _tooltip(self, v: ComplaintView, column: int) -> str | None:
        if column == COL_NEXT_DUE and v.next_due_at and v.is_open:
            return f"{v.next_due_step}期限：{v.next_due_at:%Y-%m-%d %H:%M}"
        if column == COL_OVERDUE:
            lines = [f"{s.label}：期限 {s.due_at:%Y-%m-%d %H:%M}" for s in v.open_steps if s.due_at < self._now]
            lines += [f"{label}：超时完成" for label in v.done_late]
            return "\n".join(lines) or None
        if column == COL_SUBJECT:
            return v.subject
        return None
