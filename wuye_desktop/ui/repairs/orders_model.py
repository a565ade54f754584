"""The work-order list as a table model: filtered, sorted and paged in SQL, coloured by deadline like
the complaint list (overdue red, due within 4 hours amber, finished grey)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from wuye_desktop.domain.deadlines import format_remaining
from wuye_desktop.domain.repairs import WorkOrderFilter
from wuye_desktop.services.repairs_views import OrderPage, WorkOrderView
from wuye_desktop.ui.common.paged_model import PagedCaseModel

PageFn = Callable[..., OrderPage]

(COL_NUMBER, COL_RECEIVED, COL_CLIENT, COL_PLACE, COL_PHONE, COL_SUBJECT, COL_CATEGORY, COL_URGENCY, COL_STATE,
 COL_TECHNICIAN, COL_NEXT_DUE, COL_OVERDUE, COL_PROJECT) = range(13)

HEADERS = ("工单编号", "报修时间", "报修人", "房号/地点", "联系电话", "报修内容", "维修类别", "紧急程度", "状态",
           "维修人员", "下一期限", "超时环节", "管理处")

SORT_KEY_OF: dict[int, str | None] = {
    COL_NUMBER: "number", COL_RECEIVED: "received_at", COL_CLIENT: "client", COL_PLACE: "unit", COL_PHONE: "phone",
    COL_SUBJECT: "subject", COL_CATEGORY: "category", COL_URGENCY: "urgency", COL_STATE: "state",
    COL_TECHNICIAN: "technician", COL_NEXT_DUE: "next_due_at", COL_OVERDUE: None, COL_PROJECT: None,
}

SOON_HOURS = 4


def order_tone(v: WorkOrderView, now: datetime) -> str:
    if not v.is_open:
        return "closed"
    if v.is_overdue(now):
        return "overdue"
    if v.due_soon(now, SOON_HOURS):
        return "soon"
    return ""


class WorkOrderTableModel(PagedCaseModel):
    """Rows come a page at a time from ``fetch(filter, offset, limit, with_total=…)`` (ui/common/paged_model.py)."""

    HEADERS = HEADERS
    SORT_KEY_OF = SORT_KEY_OF
    OVERDUE_COLUMN = COL_OVERDUE

    def __init__(self, fetch: PageFn, clock: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(fetch, clock, WorkOrderFilter(), parent)

    @property
    def order_filter(self) -> WorkOrderFilter:
        return self._filter

    def tone(self, view: WorkOrderView) -> str:
        return order_tone(view, self._now)

    def bold(self, view: WorkOrderView) -> bool:
        return view.urgent and view.is_open

    def _sort_value(self, v: WorkOrderView, column: int) -> str:
        if column == COL_RECEIVED:
            return v.received_at.isoformat()
        return self._text(v, column)

    def _tooltip(self, v: WorkOrderView, column: int) -> str | None:
        if column == COL_NEXT_DUE and v.next_due_at and v.is_open:
            return f"{v.next_due_step}期限：{v.next_due_at:%Y-%m-%d %H:%M}"
        if column == COL_SUBJECT:
            return v.subject
        return None

    def _text(self, v: WorkOrderView, column: int) -> str:
        if column == COL_NUMBER:
            return v.number
        if column == COL_RECEIVED:
            return f"{v.received_at:%Y-%m-%d %H:%M}"
        if column == COL_CLIENT:
            return v.client or "（内部）"
        if column == COL_PLACE:
            return v.place
        if column == COL_PHONE:
            return self.show_phone(v.phone)
        if column == COL_SUBJECT:
            return v.subject
        if column == COL_CATEGORY:
            return v.category
        if column == COL_URGENCY:
            return v.urgency
        if column == COL_STATE:
            return v.state
        if column == COL_TECHNICIAN:
            return " ".join(x for x in (v.technician, v.team) if x)
        if column == COL_NEXT_DUE:
            if v.next_due_at is None or not v.is_open:
                return ""
            return f"{v.next_due_step} {format_remaining(v.next_due_at - self._now)}"
        if column == COL_OVERDUE:
            return "、".join(v.overdue_labels(self._now))
        if column == COL_PROJECT:
            return self._projects.get(v.project_id, "")
        return ""
