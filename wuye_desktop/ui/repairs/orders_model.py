"""The work-order list as a table model: filtered, sorted and paged in SQL, coloured by deadline like
the complaint list (overdue red, due within 4 hours amber, finished grey)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from wuye_desktop.domain.deadlines import format_remaining
from wuye_desktop.domain.repairs import WorkOrderFilter
from wuye_desktop.services.repairs_views import OrderPage, WorkOrderView
from wuye_desktop.ui.repairs.common import BACKGROUND, FOREGROUND, RED, ROW_ROLE, SORT_ROLE, TONE_ROLE, Index

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

PAGE_SIZE = 200
SOON_HOURS = 4


def order_tone(v: WorkOrderView, now: datetime) -> str:
    if not v.is_open:
        return "closed"
    if v.is_overdue(now):
        return "overdue"
    if v.due_soon(now, SOON_HOURS):
        return "soon"
    return ""


class WorkOrderTableModel(QAbstractTableModel):
    reloaded = Signal()

    def __init__(self, fetch: PageFn, clock: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch, self._clock = fetch, clock
        self._filter = WorkOrderFilter()
        self._rows: list[WorkOrderView] = []
        self._exhausted = True
        self.total, self.capped = 0, False
        self._projects: dict[int, str] = {}
        self._now = clock()
        self.show_phone: Callable[[str], str] = str  # UiContext.show_phone: masked by the role (issue 7)

    @property
    def order_filter(self) -> WorkOrderFilter:
        return self._filter

    def set_project_names(self, names: dict[int, str]) -> None:
        self._projects = dict(names)

    def set_filter(self, f: WorkOrderFilter) -> None:
        self._filter = f
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._now = self._clock()
        page = self._fetch(self._filter, 0, PAGE_SIZE, with_total=True)
        self._rows = list(page.rows)
        self.total, self.capped = page.total, page.capped
        self._exhausted = len(page.rows) < PAGE_SIZE
        self.endResetModel()
        self.reloaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch(self._filter, len(self._rows), PAGE_SIZE, with_total=False)
        self._exhausted = len(page.rows) < PAGE_SIZE
        known = {v.id for v in self._rows}
        fresh = [v for v in page.rows if v.id not in known]
        if not fresh:
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(fresh) - 1)
        self._rows.extend(fresh)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEY_OF.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._filter.sort_key and descending == self._filter.descending and self._rows:
            return
        self.set_filter(self._filter.with_(sort_key=key, descending=descending))

    def refresh_times(self) -> None:
        self._now = self._clock()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))

    def view_at(self, row: int) -> WorkOrderView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, order_id: int) -> int:
        return next((i for i, v in enumerate(self._rows) if v.id == order_id), -1)

    # --- Qt model interface -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and SORT_KEY_OF.get(section) is None:
                return "此列不能排序"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        v, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(v, column)
        if role == SORT_ROLE:
            if column == COL_RECEIVED:
                return v.received_at.isoformat()
            return self._text(v, column)
        if role == ROW_ROLE:
            return v
        if role == TONE_ROLE:
            return order_tone(v, self._now)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_OVERDUE and v.overdue_labels(self._now):
                return RED
            return FOREGROUND.get(order_tone(v, self._now))
        if role == Qt.ItemDataRole.BackgroundRole:
            return BACKGROUND.get(order_tone(v, self._now))
        if role == Qt.ItemDataRole.FontRole and v.urgent and v.is_open:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
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
