"""A list-and-form editor shared by the projects, departments and staff pages: pick a row to edit it,
新增 to start a blank one, 保存, and 停用/启用 — records are never deleted, old cases still name them.
A save over another clerk's newer one opens the 「保存冲突」 dialog (issue 7)."""

from __future__ import annotations

from typing import Any, Callable, Generic, Sequence, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from wuye_desktop.domain.errors import EditConflictError, ValidationError
from wuye_desktop.ui.common.conflict import resolve_conflict
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.settings.models import Column, RecordTableModel

T = TypeVar("T")


class RecordPage(QWidget, Generic[T]):
    """Subclasses give ``noun``, ``columns()``, ``load()``, ``build_form()``, ``fill_form()`` and
    ``save(record_id, active)``; the page does the rest."""

    saved = Signal(object)  # the saved view object

    noun = "记录"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._editing: T | None = None
        # issue 7: the values and the version the form was opened with (what a conflicting save is compared to)
        self._base: dict[str, object] = {}
        self._version: int | None = None
        self._merge_base: dict[str, object] = {}
        self._merge_done = ""

        self.model: RecordTableModel[T] = RecordTableModel(self.columns(), self)
        self.table = QTableView()
        self.table.setObjectName(f"{type(self).__name__}Table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.form_box = QGroupBox()
        self.form = ErrorForm()
        self.build_form(self.form)
        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedText")

        self.new_button = QPushButton(f"新增{self.noun}")
        self.save_button = QPushButton("保存")
        self.save_button.setProperty("primary", True)
        self.toggle_button = QPushButton("停用")
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save_form)
        self.toggle_button.clicked.connect(self.toggle_active)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        buttons.addWidget(self.saved_label)
        buttons.addWidget(self.save_button)
        box = QVBoxLayout(self.form_box)
        box.addLayout(self.form)
        box.addWidget(self.general_error)
        box.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form_box)
        self.reload()
        self.start_new()

    # --- what a subclass provides ------------------------------------------------------------------
    def columns(self) -> Sequence[Column[T]]:
        raise NotImplementedError

    def load(self) -> list[T]:
        raise NotImplementedError

    def build_form(self, form: ErrorForm) -> None:
        raise NotImplementedError

    def fill_form(self, record: T | None) -> None:
        """Put ``record`` into the fields; None = a blank form for a new record."""
        raise NotImplementedError

    def save(self, record: T | None, active: bool) -> T:
        """Save the form's values (``record`` None = new) on ``self.version``; raises ValidationError and
        EditConflictError."""
        raise NotImplementedError

    def record_values(self, record: T) -> dict[str, object]:
        """The record's editable values keyed like the service's save arguments (without ``active``)."""
        raise NotImplementedError

    def form_values(self) -> dict[str, object]:
        """The form's values keyed like ``record_values``."""
        raise NotImplementedError

    def fill_values(self, values: dict[str, object]) -> None:
        """Put values keyed like ``record_values`` into the fields (a merged save)."""
        raise NotImplementedError

    def conflict_show(self) -> dict[str, Callable[[object], str]]:
        """How the 「保存冲突」 dialog shows a key's values (an id as its name)."""
        return {}

    @property
    def version(self) -> int | None:
        """The version a save of the record being edited must name (None for a new one)."""
        return self._version

    def refresh_choices(self) -> None:
        """Reload choice lists that other pages change (departments, projects)."""

    # --- behaviour -------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        """The page comes into view: other pages may have renamed things; keep the form as typed."""
        editing_id = getattr(self._editing, "id", None)
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.reload(select_id=editing_id)
        selection.blockSignals(False)
        self.table.viewport().update()
        self.refresh_choices()

    # --- editing -------------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        self.model.set_rows(self.load())
        self.table.resizeColumnsToContents()
        if select_id is not None:
            self.select_id(select_id)

    def select_id(self, record_id: int) -> None:
        for row, record in enumerate(self.model.rows()):
            if getattr(record, "id", None) == record_id:
                index = self.model.index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                return

    @property
    def editing(self) -> T | None:
        return self._editing

    @Slot()
    def start_new(self) -> None:
        self.table.selectionModel().clearSelection()
        self.table.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        self._edit(None)
        first = next(iter(self.form.widgets.values()), None)
        if first is not None:
            first.setFocus()

    @Slot(QModelIndex, QModelIndex)
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._edit(self.model.row_at(current.row()))

    def _edit(self, record: T | None) -> None:
        self._editing = record
        self._version = getattr(record, "version", None) if record is not None else None
        self._base = self._values_of(record) if record is not None else {}
        self.form.clear_errors()
        self.general_error.hide()
        self.saved_label.clear()
        self.refresh_choices()
        self.fill_form(record)
        if record is None:
            self.form_box.setTitle(f"新增{self.noun}")
            self.toggle_button.setEnabled(False)
            self.toggle_button.setText("停用")
        else:
            active = bool(getattr(record, "active", True))
            self.form_box.setTitle(f"修改{self.noun}：{self.record_label(record)}"
                                   + ("" if active else "（已停用）"))
            self.toggle_button.setEnabled(True)
            self.toggle_button.setText("停用" if active else "重新启用")

    def record_label(self, record: T) -> str:
        return str(getattr(record, "name", ""))

    @Slot()
    def save_form(self) -> None:
        active = bool(getattr(self._editing, "active", True)) if self._editing is not None else True
        self._store(active, "已保存")

    @Slot()
    def toggle_active(self) -> None:
        if self._editing is None:
            return
        active = not bool(getattr(self._editing, "active", True))
        self._store(active, "已重新启用" if active else "已停用")

    def _values_of(self, record: T) -> dict[str, object]:
        return {**self.record_values(record), "active": bool(getattr(record, "active", True))}

    def _store(self, active: bool, done_text: str) -> None:
        self.form.clear_errors()
        self.general_error.hide()
        try:
            record = self.save(self._editing, active)
        except ValidationError as error:
            self.show_errors(error.errors)
            return
        except EditConflictError as error:
            self._merge_base, self._merge_done = dict(error.current), done_text
            resolve_conflict(self, error, self._base, {**self.form_values(), "active": active},
                             self._save_merged, self._reload_record, show=self.conflict_show())
            return
        self.reload(select_id=getattr(record, "id", None))
        self._edit(record)
        self.saved_label.setText(f"{done_text}：{self.record_label(record)}")
        self.saved.emit(record)
        # The main window refreshes its project and operator lists on this.
        self.ctx.data_changed.emit("settings")

    def _save_merged(self, values: dict[str, object], version: int) -> None:
        """「合并后保存」: the merged values go into the form and are saved on the version now stored."""
        self.fill_values(values)
        self._version = version
        self._base = dict(self._merge_base)
        self._store(bool(values.get("active", True)), self._merge_done or "已保存")

    def _reload_record(self) -> None:
        """「放弃我的修改并重新载入」: the list and the form show the record as it is now."""
        record_id = getattr(self._editing, "id", None)
        self.reload(select_id=record_id)
        fresh = next((r for r in self.model.rows() if getattr(r, "id", None) == record_id), None)
        self._edit(fresh)
        self.saved_label.setText("已重新载入他人保存的内容")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; the form keeps what the clerk typed."""
        unplaced = self.form.show_errors(errors)
        if unplaced:
            self.general_error.setText("\n".join(unplaced))
            self.general_error.show()

    def field(self, key: str) -> Any:
        return self.form.widgets[key]
