"""The dashboard's lists (today's deadlines, live emergencies, certificates running out) as one
table model over the shared FrozenRowsModel (ui/common/view_table.py): overdue rows red, the status
of rows due today amber; the row role hands back the DueItem."""

from __future__ import annotations

from datetime import datetime, time
from operator import attrgetter
from typing import Any, Callable

from PySide6.QtCore import Qt

from wuye_desktop.services.dashboard import DueItem
from wuye_desktop.ui.common.view_table import AMBER, ROW_ROLE, Column, FrozenRowsModel, Index

__all__ = ["COL_DUE", "COL_MODULE", "COL_NUMBER", "COL_STATUS", "COL_STEP", "COL_SUBJECT", "ROW_ROLE",
           "DueListModel"]

COL_STATUS, COL_MODULE, COL_STEP, COL_NUMBER, COL_SUBJECT, COL_DUE = range(6)

END_OF_DAY = time(23, 59, 59)


def _due_text(item: DueItem) -> str:
    """A deadline at the end of a day (a certificate, a working-day step) shows as the date alone."""
    return f"{item.due_at:%Y-%m-%d}" if item.due_at.time().replace(microsecond=0) == END_OF_DAY else f"{item.due_at:%Y-%m-%d %H:%M}"


def _tip(item: DueItem) -> str:
    return f"{item.module} {item.number}：{item.subject}\n{item.step}　期限 {item.due_at:%Y-%m-%d %H:%M}" \
           "\n双击或按回车打开"


class DueListModel(FrozenRowsModel):
    def __init__(self, clock: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__((
            Column("状态", lambda item: item.status_text(self._now), 110, tip=_tip),
            Column("模块", attrgetter("module"), 64, tip=_tip),
            Column("事项", attrgetter("step"), 96, tip=_tip),
            Column("编号", attrgetter("number"), 124, tip=_tip),
            Column("内容", attrgetter("subject"), 200, tip=_tip),
            Column("期限", _due_text, 118, tip=_tip),
        ), tone=lambda item: "overdue" if item.overdue else "", parent=parent)
        self._clock = clock
        self._now = clock()

    def set_items(self, items: tuple[DueItem, ...] | list[DueItem], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self._now = now or self._clock()
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Due today, not yet missed: only the status is amber (an overdue row is red all along).
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == COL_STATUS:
            item = self.row_at(index.row())
            if item is not None and not item.overdue:
                return AMBER
        return super().data(index, role)

