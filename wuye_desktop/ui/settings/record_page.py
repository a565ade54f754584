"""A list-and-form editor shared by the projects, departments and staff pages: pick a row to edit it,
新增 to start a blank one, 保存, and 停用/启用 — records are never deleted, old cases still name them."""

from __future__ import annotations

from typing import Any, Generic, Sequence, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from wuye_desktop.domain.errors import ValidationError
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
        """Save the form's values (``record`` None = new); raises ValidationError."""
        raise NotImplementedError

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

    def _store(self, active: bool, done_text: str) -> None:
        self.form.clear_errors()
        self.general_error.hide()
        try:
            record = self.save(self._editing, active)
        except ValidationError as error:
            self.show_errors(error.errors)
            return
        self.reload(select_id=getattr(record, "id", None))
        self._edit(record)
        self.saved_label.setText(f"{done_text}：{self.record_label(record)}")
        self.saved.emit(record)
        # The main window refreshes its project and operator lists on this.
        self.ctx.data_changed.emit("settings")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; the form keeps what the clerk typed."""
        unplaced = self.form.show_errors(errors)
        if unplaced:
            self.general_error.setText("\n".join(unplaced))
            self.general_error.show()

    def field(self, key: str) -> Any:
        return self.form.widgets[key]
