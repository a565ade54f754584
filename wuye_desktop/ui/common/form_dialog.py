"""The tabs' form dialog: fields in an ErrorForm, ``submit()`` calls a service; a ValidationError puts each
message under its field, a save over someone else's opens the 「保存冲突」 dialog (EditLock, issue 7), any
other broken rule is shown by ``show_domain_error``; success emits ``saved`` and announces
``ctx.data_changed(area)``. Always shown with ``open()``.

A tab subclasses it once to name its ``area`` (and, if it likes, its width, spacing and how a rule is shown)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from wuye_desktop.domain.errors import DomainError, EditConflictError, ValidationError
from wuye_desktop.ui.common.edit_lock import EditLock
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.context import UiContext

W = TypeVar("W", bound=QWidget)


class FormDialog(EditLock, QDialog):
    saved = Signal(object)

    area = ""                  # what ``ctx.data_changed`` announces after a save
    default_width = 520
    keep_fields_together = False  # a stretch under the form: a taller dialog does not spread its fields

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None, ok_text: str = "保存",
                 width: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.setMinimumWidth(self.default_width if width is None else width)
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
        if self.keep_fields_together:
            layout.addStretch(1)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

    def field(self, key: str, label: str, widget: W, required: bool = False) -> W:
        """Add ``widget`` under ``label`` (its message line under it) and hand it back, typed."""
        self.form.add(key, label, widget, required)
        return widget

    def submit(self) -> object:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def on_domain_error(self, exc: DomainError) -> bool:
        """A subclass may handle a rule (e.g. ask to confirm negative stock); True = handled."""
        return False

    def show_domain_error(self, exc: DomainError) -> None:
        """A broken rule nobody handled: shown plainly above the buttons."""
        self.show_general([exc.message])

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
                self.show_domain_error(exc)
        else:
            self.finish(result)

    def finish(self, result: object) -> None:
        self.saved.emit(result)
        self.ctx.data_changed.emit(self.area)
        self.accept()
