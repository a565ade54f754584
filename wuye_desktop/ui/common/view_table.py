"""A read-only table over frozen views, shared by the tabs' list pages: columns described by ``Column``,
a whole row coloured by its tone (overdue red, due soon / warning amber, done grey), the row itself under
``ROW_ROLE``, and a table view set up the same way everywhere. Toolbar helpers for those pages live here too.

A tab subclasses ``FrozenRowsModel`` for how its rows load (sorted in memory, or paged in SQL)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QToolBar, QWidget

from wuye_desktop.locations import icon_path

Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
TONE_ROLE = Qt.ItemDataRole.UserRole + 3

# Colours that mean something (resources/style.qss): overdue red, due soon / warning amber, done grey.
RED, RED_BG = QColor("#c62828"), QColor("#fdecea")
AMBER, AMBER_BG = QColor("#b26a00"), QColor("#fff4dc")
GREY = QColor("#757575")
FOREGROUND = {"overdue": RED, "soon": AMBER, "warn": AMBER, "closed": GREY}
BACKGROUND = {"overdue": RED_BG, "soon": AMBER_BG, "warn": AMBER_BG}


def dt(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


def d(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    width: int = 100
    sort: Callable[[Any], Any] | None = None   # the in-memory sort value (default: the text)
    tip: Callable[[Any], str] | None = None
    sort_key: str | None = None                # the SQL sort key (paged lists) — None: not sortable there


class FrozenRowsModel(QAbstractTableModel):
    """Rows are frozen views; ``tone(row)`` colours a whole row ("overdue", "soon", "warn", "closed").
    Subclasses decide how rows arrive."""

    def __init__(self, columns: Sequence[Column], tone: Callable[[Any], str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._tone = tone
        self._rows: list[Any] = []

    # --- access ----------------------------------------------------------------------------------------
    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, key: Callable[[Any], bool]) -> int:
        return next((i for i, r in enumerate(self._rows) if key(r)), -1)

    def tone_of(self, row: Any) -> str:
        return self._tone(row) if self._tone else ""

    def sort_value(self, row: Any, col: Column) -> Any:
        """What ``SORT_ROLE`` answers for a cell."""
        return col.text(row)

    # --- Qt model interface -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == SORT_ROLE:
            return self.sort_value(row, col)
        if role == ROW_ROLE:
            return row
        if role == TONE_ROLE:
            return self.tone_of(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return FOREGROUND.get(self.tone_of(row))
        if role == Qt.ItemDataRole.BackgroundRole:
            return BACKGROUND.get(self.tone_of(row))
        if role == Qt.ItemDataRole.ToolTipRole and col.tip:
            return col.tip(row) or None
        return None


def make_table_view(model: QAbstractTableModel, name: str) -> QTableView:
    """A single-selection, read-only row table; a FrozenRowsModel's columns get their widths."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)  # the row colours carry meaning
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    if isinstance(model, FrozenRowsModel):
        for i, col in enumerate(model.columns):
            header.resizeSection(i, col.width)
    return view


def selected_row(view: QTableView) -> Any:
    """The row object (``ROW_ROLE``) of the selected row, or None."""
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isSelected(index):
        rows = view.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0]
    return view.model().data(view.model().index(index.row(), 0), ROW_ROLE)


def new_toolbar(title: str) -> QToolBar:
    bar = QToolBar(title)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return bar


def add_action(toolbar: QToolBar, owner: QWidget, icon: str, text: str, slot: Callable[[], object],
               shortcut: str = "", local_shortcut: bool = False) -> QAction:
    """A toolbar button; ``local_shortcut`` keeps its key to the page it sits on."""
    action = QAction(QIcon(str(icon_path(icon))) if icon else QIcon(), text, owner)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        if local_shortcut:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text}（{shortcut}）")
    action.triggered.connect(slot)
    toolbar.addAction(action)
    return action
