"""The small input widgets the tabs' form dialogs are built from: a line, a text area, a choice, a date,
and dates / times the clerk may leave out (a check box switches the field on)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from wuye_desktop.ui.common.fields import datetime_edit, from_qdatetime, to_qdatetime


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


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


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _Optional(QWidget):
    """A value the clerk may leave out: a check box switches ``edit`` on."""

    def __init__(self, label: str, edit: QWidget, present: bool) -> None:
        super().__init__()
        self.check = QCheckBox(label)
        self.edit = edit
        self.check.setChecked(present)
        self.edit.setEnabled(present)
        self.check.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)


class OptionalDate(_Optional):
    """A date the clerk may leave out: a check box switches the date field on."""

    edit: QDateEdit

    def __init__(self, label: str, value: date | None, default: date) -> None:
        super().__init__(label, date_edit(value or default), value is not None)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class OptionalDateTime(_Optional):
    """A time the clerk may leave out: a check box switches the field on."""

    edit: QDateTimeEdit

    def __init__(self, label: str, value: datetime | None, default: datetime) -> None:
        super().__init__(label, datetime_edit(value or default), value is not None)

    def value(self) -> datetime | None:
        return from_qdatetime(self.edit.dateTime()) if self.check.isChecked() else None

    def set_value(self, value: datetime | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDateTime(to_qdatetime(value))
