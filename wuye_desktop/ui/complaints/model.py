"""The complaint list as a table model: filtered, sorted and paged in SQL, coloured by deadline."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from wuye_desktop.domain.deadlines import format_remaining
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.services.complaint_views import ComplaintView, Page

PageFn = Callable[..., Page]
Index = QModelIndex | QPersistentModelIndex

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

SORT_ROLE = Qt.ItemDataRole.UserRole + 1   # a plain sortable value (text, ISO time)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2    # the ComplaintView itself
TONE_ROLE = Qt.ItemDataRole.UserRole + 3   # "overdue" | "soon" | "closed" | ""

PAGE_SIZE = 200
SOON_HOURS = 4

# Colours that mean something (resources/style.qss): overdue red, due soon amber, done grey.
RED = QColor("#c62828")
RED_BG = QColor("#fdecea")
AMBER = QColor("#b26a00")
AMBER_BG = QColor("#fff4dc")
GREY = QColor("#757575")


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


class ComplaintTableModel(QAbstractTableModel):
    """Rows come a page at a time from ``fetch(filter, offset, limit, with_total=…)``."""

    reloaded = Signal()

    def __init__(self, fetch: PageFn, clock: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._clock = clock
        self._filter = ComplaintFilter()
        self._rows: list[ComplaintView] = []
        self._exhausted = True
        self._total = 0
        self._capped = False
        self._projects: dict[int, str] = {}
        self._now = clock()
        self.show_phone: Callable[[str], str] = str  # UiContext.show_phone: masked by the role (issue 7)

    # --- loading ---------------------------------------------------------------------------------
    @property
    def complaint_filter(self) -> ComplaintFilter:
        return self._filter

    @property
    def total(self) -> int:
        return self._total

    @property
    def capped(self) -> bool:
        return self._capped

    def set_project_names(self, names: dict[int, str]) -> None:
        self._projects = dict(names)
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_PROJECT), self.index(len(self._rows) - 1, COL_PROJECT))

    def set_filter(self, f: ComplaintFilter) -> None:
        self._filter = f
        self.reload()

    def reload(self) -> None:
        """Query the first page again (filter, sort and count run in SQL)."""
        self.beginResetModel()
        self._now = self._clock()
        page = self._fetch(self._filter, 0, PAGE_SIZE, with_total=True)
        self._rows = list(page.rows)
        self._total, self._capped = page.total, page.capped
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
        fresh = [v for v in page.rows if v.id not in known]  # a case saved meanwhile may shift pages
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

    def sort_column(self) -> int:
        for column, key in SORT_KEY_OF.items():
            if key == self._filter.sort_key:
                return column
        return COL_RECEIVED

    def refresh_times(self) -> None:
        """Move the clock on for 「下一期限」, 「超时环节」 and the colours, without a query."""
        self._now = self._clock()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))

    # --- access ------------------------------------------------------------------------------------
    def view_at(self, row: int) -> ComplaintView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, complaint_id: int) -> int:
        for i, v in enumerate(self._rows):
            if v.id == complaint_id:
                return i
        return -1

    def overdue_count_loaded(self) -> int:
        return sum(1 for v in self._rows if v.is_overdue(self._now))

    # --- Qt model interface -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
        view = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == SORT_ROLE:
            return self._sort_value(view, column)
        if role == ROW_ROLE:
            return view
        if role == TONE_ROLE:
            return row_tone(view, self._now)
        if role == Qt.ItemDataRole.ForegroundRole:
            tone = row_tone(view, self._now)
            if column == COL_OVERDUE and view.overdue_labels(self._now):
                return RED
            return {"overdue": RED, "soon": AMBER, "closed": GREY}.get(tone)
        if role == Qt.ItemDataRole.BackgroundRole:
            return {"overdue": RED_BG, "soon": AMBER_BG}.get(row_tone(view, self._now))
        if role == Qt.ItemDataRole.FontRole and view.emergency_active:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(view, column)
        return None

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
