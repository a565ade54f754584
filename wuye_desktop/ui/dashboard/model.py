"""The dashboard's lists (today's deadlines, live emergencies, certificates running out) as one
table model: overdue rows red, rows due today amber; the row role hands back the DueItem."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from wuye_desktop.services.dashboard import DueItem

Index = QModelIndex | QPersistentModelIndex

COL_STATUS, COL_MODULE, COL_STEP, COL_NUMBER, COL_SUBJECT, COL_DUE = range(6)
HEADERS: tuple[str, ...] = ("状态", "模块", "事项", "编号", "内容", "期限")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

RED, RED_BG = QColor("#c62828"), QColor("#fdecea")
AMBER = QColor("#b26a00")


class DueListModel(QAbstractTableModel):
    def __init__(self, clock: Callable[[], datetime], parent: Any = None,
                 headers: tuple[str, ...] = HEADERS) -> None:
        super().__init__(parent)
        self._clock = clock
        self._headers = headers
        self._rows: list[DueItem] = []
        self._now = clock()

    def set_items(self, items: tuple[DueItem, ...] | list[DueItem], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self._now = now or self._clock()
        self.endResetModel()

    def item(self, row: int) -> DueItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # --- Qt ---------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, col)
        if role == SORT_ROLE:
            return item.due_at.isoformat() if col in (COL_STATUS, COL_DUE) else self._text(item, col)
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.overdue:
                return RED
            return AMBER if col == COL_STATUS else None
        if role == Qt.ItemDataRole.BackgroundRole and item.overdue:
            return RED_BG
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.module} {item.number}：{item.subject}\n{item.step}　期限 {item.due_at:%Y-%m-%d %H:%M}" \
                   "\n双击或按回车打开"
        return None

    def _text(self, item: DueItem, col: int) -> str:
        if col == COL_STATUS:
            return item.status_text(self._now)
        if col == COL_MODULE:
            return item.module
        if col == COL_STEP:
            return item.step
        if col == COL_NUMBER:
            return item.number
        if col == COL_SUBJECT:
            return item.subject
        if col == COL_DUE:
            if item.due_at.time().strftime("%H:%M:%S") == "23:59:59":
                return f"{item.due_at:%Y-%m-%d}"
            return f"{item.due_at:%Y-%m-%d %H:%M}"
        return ""
