"""Table models of the 客户档案 tab: columns as data (header, text, width), DTO rows, pages fetched from
the service as the view scrolls (filtered, searched and paged in SQL)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from wuye_desktop.services.archives_views import Page

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 2      # the DTO of the row, survives a proxy
PAGE_SIZE = 200

TONES = {"red": QColor("#c62828"), "amber": QColor("#b26a00"), "grey": QColor("#757575"), "green": QColor("#2e7d32")}


@dataclass(frozen=True)
class Col:
    header: str
    text: Callable[[Any], str]
    width: int = 100
    tone: Callable[[Any], str] | None = None      # a TONES key for the text colour
    tip: Callable[[Any], str] | None = None


class RowsModel(QAbstractTableModel):
    """Rows of any DTO shown through column definitions."""

    def __init__(self, columns: Sequence[Col], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: list[Col] = list(columns)
        self.rows: list[Any] = []

    def set_columns(self, columns: Sequence[Col]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.endResetModel()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and col.tone is not None:
            return TONES.get(col.tone(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.tip is not None:
                return col.tip(row)
            text = col.text(row)
            return text if len(text) > 12 else None
        return None


class PagedModel(RowsModel):
    """Rows a page at a time from ``fetch(offset, limit, with_total)``."""

    reloaded = Signal()

    def __init__(self, columns: Sequence[Col], fetch: Callable[[int, int, bool], Page], parent: Any = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(columns, parent)
        self._fetch = fetch
        self.page_size = page_size
        self.total = 0
        self.capped = False
        self._exhausted = True

    def set_fetch(self, fetch: Callable[[int, int, bool], Page]) -> None:
        self._fetch = fetch
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        page = self._fetch(0, self.page_size, True)
        self.rows = list(page.rows)
        self.total, self.capped = page.total, page.capped
        self._exhausted = len(page.rows) < self.page_size
        self.endResetModel()
        self.reloaded.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows, self.total, self.capped, self._exhausted = [], 0, False, True
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch(len(self.rows), self.page_size, False)
        self._exhausted = len(page.rows) < self.page_size
        known = {getattr(r, "id", None) for r in self.rows}
        fresh = [r for r in page.rows if getattr(r, "id", None) not in known]
        if not fresh:
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(fresh) - 1)
        self.rows.extend(fresh)
        self.endInsertRows()

    def count_text(self, unit: str) -> str:
        return f"超过 {self.total} {unit}" if self.capped else f"共 {self.total} {unit}"


def date_text(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def money_text(value: Any) -> str:
    return f"{value:,.2f}" if value is not None else ""
