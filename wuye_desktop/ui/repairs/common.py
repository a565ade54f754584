"""What the repairs tab's pages share beyond ui/common (view_table, field_widgets, form_dialog): a list
model kept in the order the clerk chose by clicking a header, the staff box, and the form dialog with the
repairs tab's settings (rules in a message box). Pages import the shared pieces from ui/common directly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QTableView, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.ui.common import form_dialog, msgbox
from wuye_desktop.ui.common.field_widgets import choice, text_area
from wuye_desktop.ui.common.fields import from_qdatetime
from wuye_desktop.ui.common.view_table import Column, FrozenRowsModel, make_table_view
from wuye_desktop.ui.context import UiContext


class ListModel(FrozenRowsModel):
    """Rows kept in the order the clerk chose by clicking a header (else the service's order)."""

    def __init__(self, columns: Sequence[Column], tone: Callable[[Any], str] | None = None,
                 parent: Any = None) -> None:
        super().__init__(columns, tone, parent)
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        """New rows, kept in the order the clerk chose by clicking a header."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sorted is not None:
            self._sort_rows(*self._sorted)
        self.endResetModel()

    def sort_value(self, row: Any, col: Column) -> Any:
        value = col.sort(row) if col.sort else col.text(row)
        return value if isinstance(value, (str, int, float)) else str(value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sorted = (column, order)
        self.beginResetModel()
        self._sort_rows(column, order)
        self.endResetModel()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        col = self.columns[column]
        key = col.sort or col.text

        def sort_key(row: Any) -> tuple[bool, Any]:
            value = key(row)
            return (value is None or value == "", value if value is not None else "")

        self._rows.sort(key=sort_key, reverse=order == Qt.SortOrder.DescendingOrder)


def make_table(model: QAbstractTableModel, name: str, sortable: bool = True) -> QTableView:
    view = make_table_view(model, name)
    if isinstance(model, ListModel):
        # Keep the service's order (newest first, open first …) until the clerk clicks a header.
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(sortable)
    return view


# --- fields --------------------------------------------------------------------------------------------


def staff_box(ctx: UiContext, current: str = "") -> QComboBox:
    """A name from the staff list, or typed (a contractor, a name not entered yet)."""
    names = [s.name for s in ctx.services.settings.staff(ctx.working_project_id)]
    return choice(names, current or ctx.operator, editable=True)


def time_of(edit: QDateTimeEdit) -> datetime:
    return from_qdatetime(edit.dateTime())


# --- the form dialog ------------------------------------------------------------------------------------


class FormDialog(form_dialog.FormDialog):
    """The shared form dialog (ui/common/form_dialog.py) for the repairs tab: announces "repairs", keeps its
    fields together, and shows a broken rule in a message box."""

    area = "repairs"
    default_width = 520
    keep_fields_together = True

    def show_domain_error(self, exc: DomainError) -> None:
        msgbox.warning(self, self.windowTitle(), exc.message)


class TextDialog(FormDialog):
    """One text (a reason, a note) handed to ``action(text)``."""

    def __init__(self, ctx: UiContext, title: str, label: str, action: Callable[[str], object],
                 parent: QWidget | None = None, ok_text: str = "确定", placeholder: str = "") -> None:
        super().__init__(ctx, title, parent, ok_text)
        self._action = action
        self.text = self.field("note", label, text_area(placeholder=placeholder), required=True)

    def submit(self) -> object:
        return self._action(self.text.toPlainText())

