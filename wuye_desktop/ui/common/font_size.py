"""A clerk can enlarge the font (视图 → 放大字体): the size is kept in the UI settings and applied to
the main window (issue 8).

style.qss sets the sizes application-wide (10pt text, 9pt hints). A bigger size is a small style sheet
on the main window holding only the scaled size rules: its dialogs and pages inherit it, and Qt
re-polishes just that window (replacing the application's style sheet re-polished every widget and took
seconds). The application font follows too, for windows opened without a parent.

Sizes are in points, so Qt's high-DPI scaling still applies on top; nothing here is in pixels.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication, QWidget

from wuye_desktop.locations import STYLESHEET

DEFAULT_POINT_SIZE = 10  # what create_qt_app and style.qss use
MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 20
SETTINGS_KEY = "view/font_point_size"
_SIZE_RULE = re.compile(r"([^{}]+)\{[^{}]*?font-size:\s*(\d+(?:\.\d+)?)pt[^{}]*\}")


def size_rules(point_size: int, base: str | None = None) -> str:
    """Only the font-size rules of style.qss, each scaled by point_size / 10 ("" at the default size)."""
    if point_size == DEFAULT_POINT_SIZE:
        return ""
    text = base if base is not None else (STYLESHEET.read_text(encoding="utf-8") if STYLESHEET.exists() else "")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    factor = point_size / DEFAULT_POINT_SIZE
    return "\n".join(f"{selector.strip()} {{ font-size: {round(float(size) * factor, 1):g}pt; }}"
                     for selector, size in _SIZE_RULE.findall(text))


def saved_point_size(settings: QSettings) -> int:
    try:
        value = int(str(settings.value(SETTINGS_KEY, DEFAULT_POINT_SIZE)))
    except (TypeError, ValueError):
        return DEFAULT_POINT_SIZE
    return min(max(value, MIN_POINT_SIZE), MAX_POINT_SIZE)


def apply_point_size(point_size: int, window: QWidget | None = None) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    font = app.font()
    if font.pointSize() != point_size:
        font.setPointSize(point_size)
        app.setFont(font)
    if window is not None:
        window.setStyleSheet(size_rules(point_size))


class FontSizer(QObject):
    """放大字体 / 缩小字体 / 恢复默认字号 of one main window, remembered in the data folder's UI settings."""

    changed = Signal(int)

    def __init__(self, settings: QSettings, window: QWidget | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.window = window
        self.point_size = saved_point_size(settings)

    def apply_saved(self) -> None:
        if self.point_size != DEFAULT_POINT_SIZE or QApplication.font().pointSize() != DEFAULT_POINT_SIZE:
            apply_point_size(self.point_size, self.window)

    def set_point_size(self, point_size: int) -> int:
        point_size = min(max(point_size, MIN_POINT_SIZE), MAX_POINT_SIZE)
        self.point_size = point_size
        self.settings.setValue(SETTINGS_KEY, point_size)
        apply_point_size(point_size, self.window)
        self.changed.emit(point_size)
        return point_size

    def enlarge(self) -> int:
        return self.set_point_size(self.point_size + 1)

    def shrink(self) -> int:
        return self.set_point_size(self.point_size - 1)

    def reset(self) -> int:
        return self.set_point_size(DEFAULT_POINT_SIZE)
