"""One entry widget per field type of a FormSpec (forms/README.md): the dialog is generated from the same
definition that lays out the PDF. Every widget gives its value as the validator reads it (text, a list of
options, True/False, rows of texts) and takes a stored (typed) value back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from wuye_desktop.domain.validators import parse_datetime_text
from wuye_desktop.formspecs import FieldSpec, format_value, is_blank
from wuye_desktop.formspecs.values import chosen_options
from wuye_desktop.ui.common.masked_edit import REPLACE_TIP, Mask, MaskedLineEdit

INVALID_BG = QColor("#fdecea")
KEPT_ROLE = Qt.ItemDataRole.UserRole + 11   # a repeat cell's stored number while its mask is shown
MASK_ROLE = Qt.ItemDataRole.UserRole + 12   # the mask shown for it
PLACEHOLDERS = {
    "date": "2026-09-18", "datetime": "2026-09-18 14:30", "mobile": "13800138000", "landline": "0755-12345678",
    "phone": "手机或固定电话", "id_card": "18位居民身份证号码", "uscc": "18位统一社会信用代码", "passport": "护照号码",
    "id_number": "按证件类型填写", "plate": "粤B12345 / 粤BD12345", "email": "name@example.com",
}


class FieldWidget(QWidget):
    """Base: ``value()`` for the validator, ``set_value()`` from a stored record, ``changed`` on edits."""

    changed = Signal()

    def __init__(self, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"field_{field.key}")

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self


def _row(widget: QWidget) -> QHBoxLayout:
    box = QHBoxLayout(widget)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(4)
    return box


class TextField(FieldWidget):
    """text, phones, ID numbers, plates, e-mail: one line, with the field's example as placeholder.
    ``mask``: the user's role may not see this number whole (issue 7) — shown masked, kept unless retyped."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None, mask: Mask | None = None) -> None:
        super().__init__(field, parent)
        self.edit: QLineEdit = MaskedLineEdit("", mask, self) if mask is not None else QLineEdit(self)
        self.edit.setPlaceholderText(field.hint or PLACEHOLDERS.get(field.type, ""))
        if field.type == "text" and field.effective_max_length:
            self.edit.setMaxLength(field.effective_max_length + 20)  # the validator names the limit
        _row(self).addWidget(self.edit)
        self.edit.textEdited.connect(self.changed)
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(format_value(self.field, value, with_unit=False) if not is_blank(value) else "")


class MultiLineField(FieldWidget):
    def __init__(self, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText(field.hint)
        line = self.fontMetrics().lineSpacing()
        self.edit.setFixedHeight(max(2, min(field.lines, 5)) * line + 16)
        _row(self).addWidget(self.edit)
        self.edit.textChanged.connect(self.changed)
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if is_blank(value) else str(value))


class NumberField(FieldWidget):
    """integer, decimal and money: digits typed freely (1,200.50), the unit shown after the box."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setPlaceholderText(field.hint or ("0" if field.type == "integer" else "0.00"))
        box = _row(self)
        box.addWidget(self.edit, 1)
        unit = field.unit or ("元" if field.type == "money" else "")
        self.unit_label = QLabel(unit, self)
        if unit:
            box.addWidget(self.unit_label)
        self.edit.textEdited.connect(self.changed)
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        text = "" if is_blank(value) else format_value(self.field, value, with_unit=False)
        self.edit.setText(text.replace(",", ""))


class DateField(FieldWidget):
    """A date (or date-time) typed as the office writes it, or picked from a calendar; may stay empty."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(PLACEHOLDERS[field.type])
        self.button = QToolButton(self)
        self.button.setText("日历")
        self.button.setToolTip("从日历中选择日期")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self.menu)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._prepare_calendar)
        self.button.setMenu(self.menu)
        box = _row(self)
        box.addWidget(self.edit, 1)
        box.addWidget(self.button)
        self.calendar.clicked.connect(self.pick)
        self.edit.textEdited.connect(self.changed)
        self.setFocusProxy(self.edit)

    @Slot()
    def _prepare_calendar(self) -> None:
        parsed = parse_datetime_text(self.edit.text())
        day = parsed.date() if parsed else date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    @Slot(QDate)
    def pick(self, day: QDate) -> None:
        text = f"{day.year():04d}-{day.month():02d}-{day.day():02d}"
        if self.field.type == "datetime":
            current = self.edit.text().strip()
            time_part = current.split(" ", 1)[1] if " " in current else "09:00"
            text = f"{text} {time_part}"
        self.edit.setText(text)
        self.menu.close()
        self.changed.emit()

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        if isinstance(value, datetime):
            text = f"{value:%Y-%m-%d %H:%M}" if self.field.type == "datetime" else f"{value:%Y-%m-%d}"
        elif isinstance(value, date):
            text = f"{value:%Y-%m-%d}" + (" 09:00" if self.field.type == "datetime" else "")
        else:
            text = "" if is_blank(value) else str(value)
        self.edit.setText(text)


class ChoiceField(FieldWidget):
    """One option of a list: a combo box that starts empty (「请选择」)."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        if not field.required:
            self.combo.addItem("")  # a field that may stay empty can be emptied again
        self.combo.addItems(list(field.choices))
        self.combo.setPlaceholderText("请选择")
        self.combo.setCurrentIndex(-1)
        self.combo.setMinimumContentsLength(min(12, max(len(c) for c in field.choices) + 1))
        _row(self).addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self.changed)
        self.setFocusProxy(self.combo)

    def value(self) -> str | None:
        return self.combo.currentText() or None if self.combo.currentIndex() >= 0 else None

    def set_value(self, value: Any) -> None:
        index = self.combo.findText(str(value)) if not is_blank(value) else -1
        self.combo.setCurrentIndex(index)


class MultiChoiceField(FieldWidget):
    """Several options: a tick box each (31307 用途: 电话、传真 …)."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        box = _row(self)
        self.boxes: list[QCheckBox] = []
        for option in field.choices:
            check = QCheckBox(option, self)
            check.toggled.connect(self.changed)
            box.addWidget(check)
            self.boxes.append(check)
        box.addStretch(1)
        self.setFocusProxy(self.boxes[0])

    def value(self) -> list[str]:
        return [b.text() for b in self.boxes if b.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = chosen_options(self.field, value)
        for b in self.boxes:
            b.setChecked(b.text() in chosen)


class YesNoField(FieldWidget):
    """是 / 否 as two radio buttons; neither is ticked until the clerk answers."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.yes = QRadioButton("是", self)
        self.no = QRadioButton("否", self)
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        box = _row(self)
        box.addWidget(self.yes)
        box.addWidget(self.no)
        box.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)
        self.setFocusProxy(self.yes)

    @Slot()
    def _toggled(self) -> None:
        self.changed.emit()

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: Any) -> None:
        chosen = chosen_options(self.field, value)
        self.group.setExclusive(False)
        self.yes.setChecked("是" in chosen)
        self.no.setChecked("否" in chosen)
        self.group.setExclusive(True)


class RepeatTable(FieldWidget):
    """Repeating rows (emergency contacts, keys): a small editable table with 增加一行 / 删除所选行.
    ``masks``: column key → the mask of a number the user's role may not see whole (issue 7): the cell
    shows the mask and keeps the stored number until something else is typed in it."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None,
                 masks: dict[str, Mask] | None = None) -> None:
        super().__init__(field, parent)
        assert field.repeat is not None
        self.columns = field.repeat.fields
        self.masks = masks or {}
        self.max_rows = field.repeat.max_rows
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setObjectName(f"repeat_{field.key}")
        self.table.setHorizontalHeaderLabels([c.label + (" *" if c.required else "") for c in self.columns])
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.table.horizontalHeader()
        total = sum(c.width for c in self.columns) or 1
        metrics = header.fontMetrics()
        for i, c in enumerate(self.columns):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            needed = metrics.horizontalAdvance(c.label + " *") + 28  # the header text is never clipped
            header.resizeSection(i, max(70, needed, int(560 * c.width / total)))
        header.setStretchLastSection(True)
        for i, c in enumerate(self.columns):
            tip = c.hint or PLACEHOLDERS.get(c.type, "")
            if c.choices:
                tip = "可选：" + "、".join(c.choices)
            head = self.table.horizontalHeaderItem(i)
            if tip and head is not None:
                head.setToolTip(tip)
        self.add_button = QPushButton("增加一行", self)
        self.remove_button = QPushButton("删除所选行", self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hintText")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemChanged.connect(self._edited)
        for _ in range(max(1, field.repeat.min_rows)):
            self.add_row()
        self._fit_height()
        self.setFocusProxy(self.table)

    def _fit_height(self) -> None:
        rows = max(3, min(self.table.rowCount(), 8))
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 26 * rows + 6)

    @Slot()
    def add_row(self) -> int:
        if self.table.rowCount() >= self.max_rows:
            return -1
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col in range(len(self.columns)):
            self.table.setItem(row, col, QTableWidgetItem(""))
        self._update_buttons()
        return row

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self) -> None:
        n = self.table.rowCount()
        self.add_button.setEnabled(n < self.max_rows)
        self.count_label.setText(f"共 {n} 行，最多 {self.max_rows} 行")
        self._fit_height()

    @Slot(QTableWidgetItem)
    def _edited(self, item: QTableWidgetItem) -> None:
        if item.background().color() == INVALID_BG:
            item.setBackground(QBrush())
            item.setToolTip("")
        self.changed.emit()

    def item(self, row: int, col: int) -> QTableWidgetItem:
        """The cell's item (every cell gets one when its row is added)."""
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem("")
            self.table.setItem(row, col, item)
        return item

    def set_cell(self, row: int, key: str, text: str) -> None:
        while self.table.rowCount() <= row:
            if self.add_row() < 0:
                return
        col = [c.key for c in self.columns].index(key)
        self.item(row, col).setText(text)

    def value(self) -> list[dict[str, str]]:
        rows = []
        for r in range(self.table.rowCount()):
            rows.append({c.key: self._cell_value(self.item(r, i)) for i, c in enumerate(self.columns)})
        return rows

    @staticmethod
    def _cell_value(item: QTableWidgetItem) -> str:
        """The typed text, or the stored number while its mask is still shown unchanged."""
        text = item.text()
        kept, shown = item.data(KEPT_ROLE), item.data(MASK_ROLE)
        return str(kept) if shown is not None and text == shown else text

    def set_value(self, value: Any) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        rows = value if isinstance(value, list) else []
        for data in rows:
            row = self.add_row()
            if row < 0:
                break
            for i, c in enumerate(self.columns):
                v = data.get(c.key) if isinstance(data, dict) else None
                text = "" if is_blank(v) else format_value(c, v, with_unit=False)
                mask = self.masks.get(c.key)
                cell = self.item(row, i)
                if mask is not None and text.strip() and mask(text) != text:
                    cell.setData(KEPT_ROLE, text)
                    cell.setData(MASK_ROLE, mask(text))
                    cell.setToolTip(REPLACE_TIP)
                    text = mask(text)
                cell.setText(text)
        assert self.field.repeat is not None
        while self.table.rowCount() < max(1, self.field.repeat.min_rows):
            self.add_row()

    def mark(self, cells: dict[tuple[int, str], str]) -> None:
        """Colour the cells a message is about (row index, column key) and put the message in their tip."""
        keys = [c.key for c in self.columns]
        for r in range(self.table.rowCount()):
            for i in range(len(self.columns)):
                cell = self.item(r, i)
                if cell.background().color() == INVALID_BG:
                    cell.setBackground(QBrush())
                    cell.setToolTip("")
        # Rows left entirely blank are skipped by the validator: map its row numbers onto the table's.
        filled = [r for r in range(self.table.rowCount())
                  if any(self.item(r, i).text().strip() for i in range(len(self.columns)))]
        self.table.blockSignals(True)
        for (row, key), message in cells.items():
            if row >= len(filled) or key not in keys:
                continue
            cell = self.item(filled[row], keys.index(key))
            cell.setBackground(QBrush(INVALID_BG))
            cell.setToolTip(message)
        self.table.blockSignals(False)


def make_field(field: FieldSpec, parent: QWidget | None = None,
               mask_for: Callable[[str], Mask | None] | None = None) -> FieldWidget:
    """The widget for a field's type; ``mask_for(type)`` gives the mask of the numbers this user's role
    may not see whole (UiContext.field_mask), None for the others."""
    t = field.type
    if t == "repeat":
        assert field.repeat is not None
        masks = {c.key: m for c in field.repeat.fields if mask_for is not None and (m := mask_for(c.type))}
        return RepeatTable(field, parent, masks)
    if t == "multiline":
        return MultiLineField(field, parent)
    if t in ("date", "datetime"):
        return DateField(field, parent)
    if t in ("integer", "decimal", "money"):
        return NumberField(field, parent)
    if t == "choice":
        return MultiChoiceField(field, parent) if field.multiple else ChoiceField(field, parent)
    if t == "bool":
        return YesNoField(field, parent)
    return TextField(field, parent, mask_for(t) if mask_for is not None else None)
