"""A form layout whose every field has a red Chinese message line right under it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDateTimeEdit, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class ErrorForm(QFormLayout):
    """``add(key, label, widget)``; ``show_errors({key: message})`` puts each message under its field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: QWidget, required: bool = False) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        text = f"{label}{' *' if required else ''}："
        self.addRow(text, holder)
        self.widgets[key] = widget
        self.errors[key] = error
        return widget

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show each message under its field; returns the messages that have no field here."""
        self.clear_errors()
        unplaced = []
        first: QWidget | None = None
        for key, message in errors.items():
            label = self.errors.get(key)
            if label is None:
                unplaced.append(message)
                continue
            label.setText(message)
            label.show()
            widget = self.widgets[key]
            widget.setProperty("invalid", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            first = first or widget
        if first is not None:
            first.setFocus()
        return unplaced

    def clear_errors(self) -> None:
        for key, label in self.errors.items():
            label.hide()
            label.clear()
            widget = self.widgets[key]
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                widget.style().unpolish(widget)
                widget.style().polish(widget)


def datetime_edit(value: datetime | None = None) -> QDateTimeEdit:
    """A date-time field in the office's format with a calendar pop-up."""
    edit = QDateTimeEdit()
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setDateTime(to_qdatetime(value or datetime.now().replace(second=0, microsecond=0)))
    return edit


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second)


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def password_edit(placeholder: str = "") -> QLineEdit:
    """A password field: hidden characters, at most 128 (login, first administrator, users, first run)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(128)
    return edit
