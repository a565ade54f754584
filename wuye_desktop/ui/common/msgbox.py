"""Every message box of the program: non-blocking (``open()`` plus a callback), never ``exec()``."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Callback = Callable[[], None]


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         buttons: QMessageBox.StandardButton, detail: str = "") -> QMessageBox:
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(buttons)
    if detail:
        box.setDetailedText(detail)
    box.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
    return box


def information(parent: QWidget | None, title: str, text: str, on_close: Callback | None = None) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok)
    if on_close:
        box.finished.connect(lambda _r: on_close())
    box.open()
    return box


def warning(parent: QWidget | None, title: str, text: str, detail: str = "") -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, detail)
    box.open()
    return box


def error(parent: QWidget | None, title: str, text: str, detail: str = "") -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, detail)
    box.open()
    return box


def question(parent: QWidget | None, title: str, text: str, on_yes: Callback,
             on_no: Callback | None = None, yes_text: str = "是", no_text: str = "否") -> QMessageBox:
    """Ask; ``on_yes``/``on_no`` run when the clerk answers."""
    box = _box(parent, QMessageBox.Icon.Question, title, text,
               QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.button(QMessageBox.StandardButton.No).setText(no_text)
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def done(result: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            on_yes()
        elif on_no:
            on_no()

    box.finished.connect(done)
    box.open()
    return box
