"""The entry dialog of a registration form, generated from its FormSpec — the same definition that lays
out the PDF: a group per section, one widget per field type, each field's Chinese message under it
(ErrorForm), repeating rows as a small table whose bad cells are marked. On a failed save the form
stays filled; a 31318 reading lower than the last one asks for a confirmation and a reason."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.archives import LowerReadingError
from wuye_desktop.domain.edit_merge import shown
from wuye_desktop.domain.errors import DomainError, EditConflictError, ValidationError
from wuye_desktop.formspecs import FieldSpec, FormSpec
from wuye_desktop.formspecs.values import coerce_lenient
from wuye_desktop.services.archives_views import FormRecordView
from wuye_desktop.ui.archives.attachments import AttachmentStrip
from wuye_desktop.ui.archives.form_fields import FieldWidget, RepeatTable, make_field
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.conflict import resolve_conflict
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.context import UiContext

_ROW_KEY = re.compile(r"^(?P<field>[a-z][a-z0-9_]*)\[(?P<row>\d+)\]\.(?P<col>[a-z][a-z0-9_]*)$")
FULL_WIDTH_TYPES = ("multiline", "repeat")
# Dates a new form starts with: the day the clerk fills it in.
TODAY_KEYS = ("registered_on", "issued_on", "applied_on", "requested_on", "read_on", "notified_on", "custody_from")


class FormRecordDialog(QDialog):
    """New or existing record of one form; ``record_saved(id)`` after a save (``print_requested`` to print)."""

    record_saved = Signal(int)
    print_requested = Signal(int)

    def __init__(self, ctx: UiContext, spec: FormSpec, record: FormRecordView | None = None, *,
                 prefill: dict[str, Any] | None = None, unit_id: int | None = None, client_id: int | None = None,
                 project_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.record = record
        self.unit_id = record.unit_id if record else unit_id
        self.client_id = record.client_id if record else client_id
        self.project_id = record.project_id if record else (project_id or ctx.working_project_id)
        self.saved_id: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("formRecordDialog")
        self.setWindowTitle(f"{spec.code} {spec.title}" + (f"（记录 {record.id}）" if record else "（新登记）"))

        self.widgets: dict[str, FieldWidget] = {}
        self.forms: list[tuple[ErrorForm, list[str]]] = []
        body = QWidget()
        body.setObjectName("formBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        title = QLabel(f"<b>{spec.title}</b>　<span style='color:#57606a'>{spec.code}</span>")
        title.setObjectName("formTitle")
        column.addWidget(title)
        for n, section in enumerate(spec.sections, start=1):
            column.addWidget(self._section(n, section.title, section.fields))
        column.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)

        self.summary = QLabel(self)
        self.summary.setObjectName("fieldError")
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.confirm_box = QGroupBox("底数低于上次", self)
        self.confirm_text = QLabel(self.confirm_box)
        self.confirm_text.setWordWrap(True)
        self.confirm_check = QCheckBox("已核实，确认按此底数登记", self.confirm_box)
        self.confirm_reason = QLineEdit(self.confirm_box)
        self.confirm_reason.setPlaceholderText("原因，如：换表（新表从0起计）、表具故障已更换")
        self.confirm_form = ErrorForm()
        self.confirm_form.add("confirm_reason", "原因", self.confirm_reason, required=True)
        confirm_layout = QVBoxLayout(self.confirm_box)
        confirm_layout.addWidget(self.confirm_text)
        confirm_layout.addWidget(self.confirm_check)
        confirm_layout.addLayout(self.confirm_form)
        self.confirm_box.hide()

        self.attachments = AttachmentStrip(ctx, self)
        self.attachments.setVisible(record is not None)
        if record is not None:
            self.attachments.set_record(record.id, record.attachments)
        self.confirmation_label = QLabel(self)
        self.confirmation_label.setObjectName("warningText")
        self.confirmation_label.setWordWrap(True)
        self.confirmation_label.setVisible(bool(record and record.confirmation))
        if record and record.confirmation:
            self.confirmation_label.setText(record.confirmation)

        self.save_button = QPushButton("保存", self)
        self.save_button.setDefault(True)
        self.save_print_button = QPushButton("保存并打印", self)
        self.cancel_button = QPushButton("取消", self)
        for b in (self.save_print_button, self.cancel_button):
            b.setAutoDefault(False)
        buttons = QHBoxLayout()
        who = f"录入：{record.created_by} {record.created_at:%Y-%m-%d %H:%M}" if record else ""
        meta = QLabel(who, self)
        meta.setObjectName("hintText")
        buttons.addWidget(meta)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_print_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.confirmation_label)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.attachments)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.save_print_button.clicked.connect(self.save_and_print)
        self.cancel_button.clicked.connect(self.reject)

        if record is not None:
            self.set_values(record.values)
        else:
            self.set_values(self._defaults(prefill or {}))
        self.resize(900, 720)
        # issue 7: the values and the version the form opened with, for a save that meets a newer one
        self._version = record.version if record else None
        self._base = self.typed_values()
        self._merge_base: dict[str, Any] = {}

    # --- building ---------------------------------------------------------------------------------------
    def _section(self, n: int, title: str, fields: tuple[FieldSpec, ...]) -> QGroupBox:
        box = QGroupBox(f"{n}. {title}")
        outer = QVBoxLayout(box)
        columns = QHBoxLayout()
        left, right, wide = ErrorForm(), ErrorForm(), ErrorForm()
        keys: dict[int, list[str]] = {id(left): [], id(right): [], id(wide): []}
        side = 0
        for f in fields:
            widget = make_field(f, mask_for=self.ctx.field_mask)  # issue 7: numbers masked by role
            widget.changed.connect(self._clear_summary)
            self.widgets[f.key] = widget
            if f.type in FULL_WIDTH_TYPES or f.width >= 4:
                target = wide
            else:
                target = (left, right)[side]
                side = 1 - side
            target.add(f.key, f.label, widget, f.required)
            keys[id(target)].append(f.key)
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        outer.addLayout(columns)
        outer.addLayout(wide)
        for form in (left, right, wide):
            self.forms.append((form, keys[id(form)]))
        return box

    def _defaults(self, prefill: dict[str, Any]) -> dict[str, Any]:
        """A new form: today's date where the form registers one, the clerk, and what the archive knows."""
        today = self.ctx.now().date()
        values: dict[str, Any] = {}
        for f in self.spec.fields():
            if f.type == "date" and f.key in TODAY_KEYS:
                values[f.key] = today
            if f.key == "clerk":
                values[f.key] = self.ctx.operator
        values.update({k: v for k, v in prefill.items() if v not in (None, "")})
        return values

    # --- values -------------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {key: w.value() for key, w in self.widgets.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for key, w in self.widgets.items():
            if key in values:
                w.set_value(values[key])

    def widget(self, key: str) -> FieldWidget:
        return self.widgets[key]

    # --- errors -------------------------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; a repeating row's message under its table, the cell marked."""
        placed: dict[str, list[str]] = {}
        cells: dict[str, dict[tuple[int, str], str]] = {}
        for key, message in errors.items():
            m = _ROW_KEY.match(key)
            if m:
                top = m.group("field")
                cells.setdefault(top, {})[(int(m.group("row")), m.group("col"))] = message
            else:
                top = key
            placed.setdefault(top, []).append(message)
        joined = {k: "\n".join(v) for k, v in placed.items()}
        leftover: list[str] = []
        for form, keys in self.forms:
            leftover += form.show_errors({k: v for k, v in joined.items() if k in keys})
        leftover += [v for k, v in joined.items() if k not in self.widgets]
        for key, w in self.widgets.items():
            if isinstance(w, RepeatTable):
                w.mark(cells.get(key, {}))
        first = next((k for k in self.widgets if k in joined), None)
        if first is not None:
            self.widgets[first].setFocus()
            self.scroll_area.ensureWidgetVisible(self.widgets[first])
        count = len(joined)
        text = f"有 {count} 处需要改正（见各项下方的红字）。" if count else ""
        if leftover:
            text += "".join(f"\n{m}" for m in leftover)
        self.summary.setText(text.strip())
        self.summary.setVisible(bool(text.strip()))

    def clear_errors(self) -> None:
        for form, _keys in self.forms:
            form.clear_errors()
        for w in self.widgets.values():
            if isinstance(w, RepeatTable):
                w.mark({})
        self.summary.hide()

    @Slot()
    def _clear_summary(self) -> None:
        if self.summary.isVisible() and self.summary.text().startswith("有 "):
            self.summary.setText("修改后请重新保存。")

    # --- another clerk saved first (issue 7) -------------------------------------------------------------------
    def typed_values(self) -> dict[str, Any]:
        """The fields as the service stores them (dates, amounts, numbers typed; blank repeat rows dropped), so
        the 「保存冲突」 dialog compares like with like."""
        out: dict[str, Any] = {}
        for f in self.spec.fields():
            value = self.widgets[f.key].value() if f.key in self.widgets else None
            if f.is_repeat and f.repeat is not None:
                subs = f.repeat.fields
                rows = [{sub.key: coerce_lenient(sub, row.get(sub.key)) for sub in subs}
                        for row in (value or []) if isinstance(row, dict)]
                out[f.key] = [row for row in rows if any(v is not None for v in row.values())]
            else:
                out[f.key] = coerce_lenient(f, value)
        return out

    def _conflict_show(self) -> dict[str, Any]:
        """Masked numbers stay masked for this role; repeating rows read with their column names."""
        out: dict[str, Any] = {}
        for f in self.spec.fields():
            if f.is_repeat and f.repeat is not None:
                subs = f.repeat.fields
                out[f.key] = lambda rows, subs=subs: "\n".join(
                    "；".join(f"{sub.label}：{self._shown(sub, row.get(sub.key))}" for sub in subs
                             if row.get(sub.key) not in (None, ""))
                    for row in (rows or []) if isinstance(row, dict)) or "空"
            elif self.ctx.field_mask(f.type) is not None:
                out[f.key] = lambda value, f=f: self._shown(f, value)
        return out

    def _shown(self, f: FieldSpec, value: Any) -> str:
        mask = self.ctx.field_mask(f.type)
        return mask(str(value)) if mask is not None and value not in (None, "") else shown(value)

    def _save_merged(self, values: dict[str, Any], version: int) -> None:
        self.set_values(values)
        self._version, self._base = version, self._merge_base
        self.save()

    def _reload(self) -> None:
        assert self.record is not None
        self.record = self.ctx.services.form_records.get(self.record.id)
        self.set_values(self.record.values)
        self._version, self._base = self.record.version, self.typed_values()

    # --- saving -------------------------------------------------------------------------------------------
    @Slot()
    def save_and_print(self) -> None:
        if self.save() is not None:
            self.print_requested.emit(self.saved_id or 0)

    @Slot()
    def save(self) -> int | None:
        if self.project_id is None:
            msgbox.warning(self, "不能保存", "没有管理处：请先在设置中添加管理处。")
            return None
        self.clear_errors()
        self.confirm_form.clear_errors()
        reason: str | None = None
        if self.confirm_box.isVisible():
            if not self.confirm_check.isChecked():
                self.summary.setText("底数低于上次：请核实后勾选「已核实，确认按此底数登记」并填写原因。")
                self.summary.show()
                return None
            reason = self.confirm_reason.text().strip()
            if not reason:
                self.confirm_form.show_errors({"confirm_reason": "原因不能为空：请说明底数低于上次的原因"})
                return None
        forms = self.ctx.services.form_records
        try:
            view = forms.save(self.spec.number, self.values(), self.project_id, self.ctx.operator,
                              record_id=self.record.id if self.record else None,
                              expected_version=self._version,
                              unit_id=self.unit_id, client_id=self.client_id, confirm_reason=reason)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return None
        except EditConflictError as exc:
            self._merge_base = dict(exc.current)
            resolve_conflict(self, exc, self._base, self.typed_values(), self._save_merged, self._reload,
                             show=self._conflict_show())
            return None
        except LowerReadingError as exc:
            self.confirm_text.setText(exc.message)
            self.confirm_box.show()
            self.confirm_check.setFocus()
            self.summary.setText("底数低于上次，尚未保存：请核实并确认。")
            self.summary.show()
            return None
        except DomainError as exc:
            msgbox.warning(self, "不能保存", exc.message)
            return None
        self.saved_id = view.id
        self.record_saved.emit(view.id)
        self.ctx.data_changed.emit("archives")
        self.accept()
        return view.id
