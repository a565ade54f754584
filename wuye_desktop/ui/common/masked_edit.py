"""A phone or ID-number field for a user whose role may not see the whole value (issue 7: masking
follows the role): it shows 138****5678, keeps the stored value, and the first key typed replaces it.
The stars are never handed back as the field's value, so a save cannot overwrite the number with them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

Mask = Callable[[str], str]
REPLACE_TIP = "号码已部分隐藏（您的角色不能查看完整号码）；直接输入新号码即替换原号码，不改动则保持原号码"


class MaskedLineEdit(QLineEdit):
    """``MaskedLineEdit(value, mask)``: with ``mask`` None it is a plain line edit.

    ``text()`` gives the kept whole value while the mask shows, else what was typed; ``setText`` from
    code keeps the new value and shows it masked. Typing, deleting or pasting clears the mask first.
    """

    def __init__(self, value: str = "", mask: Mask | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mask = mask
        self._kept: str | None = None  # the whole value while its mask is shown
        self.setText(value)

    @property
    def masking(self) -> bool:
        """Is the mask on screen now (the value untouched)?"""
        return self._kept is not None

    def shown_text(self) -> str:
        return super().text()

    def text(self) -> str:  # type: ignore[override]
        return self._kept if self._kept is not None else super().text()

    def setText(self, value: str | None) -> None:  # type: ignore[override]  # noqa: N802 (Qt name)
        value = value or ""
        masked = self._mask(value) if self._mask is not None and value.strip() else value
        if masked != value:
            self._kept = value
            super().setText(masked)
            self.setToolTip(REPLACE_TIP)
            self.setAcceptDrops(False)
        else:
            self._drop_mask()
            super().setText(value)

    def _drop_mask(self) -> None:
        if self._kept is not None:
            self._kept = None
            super().setText("")
            self.setToolTip("")
            self.setAcceptDrops(True)

    # --- the first edit replaces the hidden value ---------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if self._kept is not None and _edits(event):
            self._drop_mask()
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt override)
        if self._kept is not None and event.commitString():
            self._drop_mask()
        super().inputMethodEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        if self._kept is not None:
            event.accept()  # no cut/paste/delete on the stars (copy would give only the stars anyway)
            return
        super().contextMenuEvent(event)


def _edits(event: QKeyEvent) -> bool:
    if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
        return True
    if event.matches(QKeySequence.StandardKey.Paste) or event.matches(QKeySequence.StandardKey.Cut):
        return True
    text = event.text()
    control = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                   | Qt.KeyboardModifier.MetaModifier)
    return bool(text) and text.isprintable() and not control
