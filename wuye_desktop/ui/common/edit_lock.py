"""Optimistic locking in the edit dialogs (issue 7): a form dialog keeps the values and the version it opened
with; a save that meets EditConflictError opens the 「保存冲突」 dialog, and a merge is saved again on the new
version, a reload refills the form from the database. Nothing another clerk saved is silently overwritten."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from wuye_desktop.domain.edit_merge import same
from wuye_desktop.domain.errors import EditConflictError
from wuye_desktop.services.edit_conflict import EditShape
from wuye_desktop.ui.common.conflict import ConflictDialog, resolve_conflict
from wuye_desktop.ui.common.fields import from_qdatetime, to_qdatetime


def widget_value(widget: QWidget) -> object:
    """What a form field holds, as the services' plain values (text, int, date, datetime, a tuple of ids)."""
    value_of = getattr(widget, "value", None)
    if callable(value_of) and not isinstance(widget, QSpinBox):  # OptionalDate / OptionalDateTime
        return value_of()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return data if data is not None and not widget.isEditable() else widget.currentText()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QDateEdit) and not widget.displayFormat().count("H"):
        q = widget.date()
        return date(q.year(), q.month(), q.day())
    if isinstance(widget, QDateTimeEdit):
        return from_qdatetime(widget.dateTime())
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QListWidget):  # a check list of records: the ids ticked
        return tuple(widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                     if widget.item(i).checkState() == Qt.CheckState.Checked)
    raise TypeError(f"no value for {type(widget).__name__}")


def set_widget_value(widget: QWidget, value: object) -> None:
    set_value = getattr(widget, "set_value", None)
    if callable(set_value):
        set_value(value)
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QComboBox):
        index = widget.findData(value) if value is not None else -1
        if index < 0:
            index = widget.findText("" if value is None else str(value))
        if index >= 0:
            widget.setCurrentIndex(index)
        elif widget.isEditable():
            widget.setCurrentText("" if value is None else str(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))  # type: ignore[call-overload]
    elif isinstance(widget, QDateEdit) and isinstance(value, date) and not isinstance(value, datetime) \
            and not widget.displayFormat().count("H"):
        widget.setDate(QDate(value.year, value.month, value.day))
    elif isinstance(widget, QDateTimeEdit) and isinstance(value, datetime):
        widget.setDateTime(to_qdatetime(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QListWidget):
        chosen = set(value) if isinstance(value, (tuple, list, set)) else set()
        for i in range(widget.count()):
            item = widget.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)


class EditLock:
    """Mixed into a form dialog (``self.form`` an ErrorForm, ``self._submit`` its save slot).

    ``lock_edit(shape, view, reload)`` when editing a record; the dialog's ``submit`` passes ``self.edit_version``
    to the service; ``handle_edit_conflict`` is called by the save slot on EditConflictError.
    """

    edit_shape: EditShape[Any] | None = None
    edit_base: dict[str, object] | None = None
    edit_version: int | None = None
    conflict_dialog: ConflictDialog | None = None
    _edit_reload: Callable[[], Any] | None = None
    _pending_conflict: EditConflictError | None = None
    _quiet_retries = 0

    def lock_edit(self, shape: EditShape[Any], view: Any, reload: Callable[[], Any] | None = None) -> None:
        """Remember what the form opened with (``view``) and how to read the record again (``reload``)."""
        self.edit_shape = shape
        self.edit_base = shape.values(view)
        self.edit_version = shape.version_of(view)
        self._edit_reload = reload

    def form_values(self) -> dict[str, object]:
        """The edited fields as the clerk has them now (mine), keyed like the shape."""
        assert self.edit_shape is not None
        widgets = self.form.widgets  # type: ignore[attr-defined]
        return {k: self.edit_value(k, widgets[k]) for k in self.edit_shape.labels if k in widgets}

    def edit_value(self, key: str, widget: QWidget) -> object:
        """A dialog whose field reads otherwise overrides this."""
        return widget_value(widget)

    def fill_form(self, values: Mapping[str, object]) -> None:
        widgets = self.form.widgets  # type: ignore[attr-defined]
        for key, value in values.items():
            if key in widgets:
                self.set_edit_value(key, widgets[key], value)

    def set_edit_value(self, key: str, widget: QWidget, value: object) -> None:
        set_widget_value(widget, value)

    def edit_show(self) -> dict[str, Callable[[object], str]]:
        """How the 保存冲突 dialog writes a key's values where the plain value means nothing to a clerk (ids)."""
        return {}

    def handle_edit_conflict(self, error: EditConflictError) -> None:
        if self.edit_shape is None or self.edit_base is None:
            self.show_general([error.message])  # type: ignore[attr-defined]
            return
        base = self.edit_base
        if all(same(v, base.get(k)) for k, v in error.current.items()) and self._quiet_retries < 1:
            # Someone saved the record but changed none of these fields (a note, another step): saving on the
            # new version overwrites nothing of theirs.
            self._quiet_retries += 1
            self.edit_version = error.current_version
            self._submit()  # type: ignore[attr-defined]
            return
        self._quiet_retries = 0
        self._pending_conflict = error
        self.conflict_dialog = resolve_conflict(self, error, base, self.form_values(),  # type: ignore[arg-type]
                                                self._merge_chosen, self._reload_chosen, show=self.edit_show())

    def _merge_chosen(self, values: dict[str, object], version: int) -> None:
        error = self._pending_conflict
        self.conflict_dialog = None
        self.fill_form(values)
        self.edit_version = version
        if error is not None:
            self.edit_base = dict(error.current)
        self._submit()  # type: ignore[attr-defined]

    def _reload_chosen(self) -> None:
        error, shape = self._pending_conflict, self.edit_shape
        self.conflict_dialog = None
        assert shape is not None
        if self._edit_reload is not None:
            view = self._edit_reload()
            values, version = shape.values(view), shape.version_of(view)
        else:
            assert error is not None
            values, version = dict(error.current), error.current_version
        self.fill_form(values)
        self.edit_base, self.edit_version = dict(values), version
        self.form.clear_errors()  # type: ignore[attr-defined]
        self.show_general(["已重新载入他人保存的内容，请核对后再保存"])  # type: ignore[attr-defined]
