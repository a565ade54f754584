"""Pieces every page of the repairs tab shares: a table model over frozen views, a form dialog that
shows a Chinese message under each bad field, optional date fields, and the meaning of colours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import DomainError, EditConflictError, ValidationError
from wuye_desktop.locations import icon_path
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.edit_lock import EditLock
from wuye_desktop.ui.common.fields import ErrorForm, datetime_edit, from_qdatetime, to_qdatetime
from wuye_desktop.ui.context import UiContext

Index = QModelIndex | QPersistentModelIndex
W = TypeVar("W", bound=QWidget)

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
    sort: Callable[[Any], Any] | None = None
    tip: Callable[[Any], str] | None = None


class ListModel(QAbstractTableModel):
    """Rows are frozen views; ``tone(row)`` colours a whole row ("overdue", "soon", "warn", "closed")."""

    def __init__(self, columns: Sequence[Column], tone: Callable[[Any], str] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._tone = tone
        self._rows: list[Any] = []
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        """New rows, kept in the order the clerk chose by clicking a header."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sorted is not None:
            self._sort_rows(*self._sorted)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, key: Callable[[Any], bool]) -> int:
        return next((i for i, r in enumerate(self._rows) if key(r)), -1)

    def tone_of(self, row: Any) -> str:
        return self._tone(row) if self._tone else ""

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
            value = col.sort(row) if col.sort else col.text(row)
            return value if isinstance(value, (str, int, float)) else str(value)
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
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    if isinstance(model, ListModel):
        for i, col in enumerate(model.columns):
            header.resizeSection(i, col.width)
        # Keep the service's order (newest first, open first …) until the clerk clicks a header.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(sortable)
    return view


def selected_row(view: QTableView) -> Any:
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isSelected(index):
        rows = view.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0]
    return view.model().data(view.model().index(index.row(), 0), ROW_ROLE)


def add_action(toolbar: QToolBar, owner: QWidget, icon: str, text: str, slot: Callable[[], object],
               shortcut: str = "") -> QAction:
    action = QAction(QIcon(str(icon_path(icon))) if icon else QIcon(), text, owner)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{text}（{shortcut}）")
    action.triggered.connect(slot)
    toolbar.addAction(action)
    return action


def new_toolbar(title: str) -> QToolBar:
    bar = QToolBar(title)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return bar


# --- fields --------------------------------------------------------------------------------------------


def text_area(text: str = "", height: int = 64, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def choice(items: Sequence[str], current: str = "", editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    if editable:
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(list(items))
    if current:
        box.setCurrentText(current)
    return box


def staff_box(ctx: UiContext, current: str = "") -> QComboBox:
    """A name from the staff list, or typed (a contractor, a name not entered yet)."""
    names = [s.name for s in ctx.services.settings.staff(ctx.working_project_id)]
    return choice(names, current or ctx.operator, editable=True)


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class OptionalDate(QWidget):
    """A date the clerk may leave out: a check box switches the date field on."""

    def __init__(self, label: str, value: date | None, default: date) -> None:
        super().__init__()
        self.check = QCheckBox(label)
        self.edit = date_edit(value or default)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class OptionalDateTime(QWidget):
    def __init__(self, label: str, value: datetime | None, default: datetime) -> None:
        super().__init__()
        self.check = QCheckBox(label)
        self.edit = datetime_edit(value or default)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)

    def value(self) -> datetime | None:
        return from_qdatetime(self.edit.dateTime()) if self.check.isChecked() else None

    def set_value(self, value: datetime | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDateTime(to_qdatetime(value))


def time_of(edit: QDateTimeEdit) -> datetime:
    return from_qdatetime(edit.dateTime())


# --- the form dialog ------------------------------------------------------------------------------------


class FormDialog(EditLock, QDialog):
    """A dialog around an ErrorForm: ``submit()`` calls a service; a ValidationError puts each message
    under its field, a save over someone else's opens the 「保存冲突」 dialog (EditLock, issue 7), any other
    rule broken is shown in a message box; success emits ``saved`` and announces ``ctx.data_changed("repairs")``.
    Always shown with ``open()``."""

    saved = Signal(object)

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None, ok_text: str = "保存",
                 width: int = 520) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.form = ErrorForm()
        self.general = QLabel()
        self.general.setObjectName("fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("primary", True)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout()
        self.body.addLayout(self.form)
        layout = QVBoxLayout(self)
        layout.addLayout(self.body)
        layout.addStretch(1)  # a taller dialog keeps its fields together instead of spreading them
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

    def field(self, key: str, label: str, widget: W, required: bool = False) -> W:
        """Add ``widget`` under ``label``; its errors show under it. Returns the widget, typed."""
        self.form.add(key, label, widget, required)
        return widget

    def submit(self) -> object:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def on_domain_error(self, exc: DomainError) -> bool:
        """A subclass may handle a rule (e.g. ask to confirm negative stock); True = handled."""
        return False

    def show_general(self, messages: list[str]) -> None:
        self.general.setText("\n".join(messages))
        self.general.setVisible(bool(messages))

    @Slot()
    def _submit(self) -> None:
        self.form.clear_errors()
        self.show_general([])
        try:
            result = self.submit()
        except ValidationError as exc:
            self.show_general(self.form.show_errors(exc.errors))
        except EditConflictError as exc:
            self.handle_edit_conflict(exc)
        except DomainError as exc:
            if not self.on_domain_error(exc):
                msgbox.warning(self, self.windowTitle(), exc.message)
        else:
            self.finish(result)

    def finish(self, result: object) -> None:
        self.saved.emit(result)
        self.ctx.data_changed.emit("repairs")
        self.accept()


class TextDialog(FormDialog):
    """One text (a reason, a note) handed to ``action(text)``."""

    def __init__(self, ctx: UiContext, title: str, label: str, action: Callable[[str], object],
                 parent: QWidget | None = None, ok_text: str = "确定", placeholder: str = "") -> None:
        super().__init__(ctx, title, parent, ok_text)
        self._action = action
        self.text = self.field("note", label, text_area(placeholder=placeholder), required=True)

    def submit(self) -> object:
        return self._action(self.text.toPlainText())


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit
