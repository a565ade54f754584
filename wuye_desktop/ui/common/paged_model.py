"""A long case list (complaints, work orders) as a table model: filtered, sorted and paged in SQL, a page
at a time from ``fetch(filter, offset, limit, with_total=…)`` as the clerk scrolls, coloured by deadline
(overdue red, due soon amber, finished grey; an overdue 「超时环节」 cell red). The clock moves on without
a query (``refresh_times``).

A subclass names its ``HEADERS``, ``SORT_KEY_OF`` (column → the SQL sort key, None = not sortable) and
``OVERDUE_COLUMN``, and says how a row reads: ``tone``, ``_text``, ``_sort_value``, ``_tooltip``, ``bold``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from wuye_desktop.ui.common.view_table import BACKGROUND, FOREGROUND, RED, ROW_ROLE, SORT_ROLE, TONE_ROLE, Index

PAGE_SIZE = 200


class PagedCaseModel(QAbstractTableModel):
    reloaded = Signal()

    HEADERS: ClassVar[tuple[str, ...]] = ()
    SORT_KEY_OF: ClassVar[dict[int, str | None]] = {}
    OVERDUE_COLUMN: ClassVar[int] = -1

    def __init__(self, fetch: Callable[..., Any], clock: Callable[[], datetime], empty_filter: Any,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch, self._clock = fetch, clock
        self._filter = empty_filter
        self._rows: list[Any] = []
        self._exhausted = True
        self.total, self.capped = 0, False
        self._projects: dict[int, str] = {}
        self._now = clock()
        self.show_phone: Callable[[str], str] = str  # UiContext.show_phone: masked by the role (issue 7)

    # --- what a subclass says about its rows -------------------------------------------------------
    def tone(self, view: Any) -> str:
        """"overdue" | "soon" | "closed" | ""."""
        return ""

    def bold(self, view: Any) -> bool:
        return False

    def _text(self, view: Any, column: int) -> str:
        return ""

    def _sort_value(self, view: Any, column: int) -> str:
        return self._text(view, column)

    def _tooltip(self, view: Any, column: int) -> str | None:
        return None

    # --- loading ---------------------------------------------------------------------------------
    def set_project_names(self, names: dict[int, str]) -> None:
        self._projects = dict(names)

    def set_filter(self, f: Any) -> None:
        self._filter = f
        self.reload()

    def reload(self) -> None:
        """Query the first page again (filter, sort and count run in SQL)."""
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
        fresh = [v for v in page.rows if v.id not in known]  # a case saved meanwhile may shift pages
        if not fresh:
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(fresh) - 1)
        self._rows.extend(fresh)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEY_OF.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._filter.sort_key and descending == self._filter.descending and self._rows:
            return
        self.set_filter(self._filter.with_(sort_key=key, descending=descending))

    def refresh_times(self) -> None:
        """Move the clock on for 「下一期限」, 「超时环节」 and the colours, without a query."""
        self._now = self._clock()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1))

    # --- access ------------------------------------------------------------------------------------
    def view_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, view_id: int) -> int:
        return next((i for i, v in enumerate(self._rows) if v.id == view_id), -1)

    # --- Qt model interface -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and self.SORT_KEY_OF.get(section) is None:
                return "此列不能排序"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        view, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == SORT_ROLE:
            return self._sort_value(view, column)
        if role == ROW_ROLE:
            return view
        if role == TONE_ROLE:
            return self.tone(view)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.OVERDUE_COLUMN and view.overdue_labels(self._now):
                return RED
            return FOREGROUND.get(self.tone(view))
        if role == Qt.ItemDataRole.BackgroundRole:
            return BACKGROUND.get(self.tone(view))
        if role == Qt.ItemDataRole.FontRole and self.bold(view):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(view, column)
        return None
