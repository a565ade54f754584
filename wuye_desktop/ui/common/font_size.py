"""A clerk can enlarge the font (视图 → 放大字体): the size is kept in the UI settings and applied to
the application font and, scaled alike, to every point size in the stylesheet (issue 8).

Sizes are in points, so Qt's high-DPI scaling still applies on top; nothing here is in pixels.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication

from wuye_desktop.locations import STYLESHEET

DEFAULT_POINT_SIZE = 10  # what create_qt_app and style.qss use
MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 20
SETTINGS_KEY = "view/font_point_size"
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")


def scaled_stylesheet(point_size: int, base: str | None = None) -> str:
    """style.qss with every ``Npt`` scaled by point_size / 10 (9pt hints stay smaller than 10pt text)."""
    text = base if base is not None else (STYLESHEET.read_text(encoding="utf-8") if STYLESHEET.exists() else "")
    factor = point_size / DEFAULT_POINT_SIZE
    if factor == 1:
        return text
    return _POINTS.sub(lambda m: f"{round(float(m.group(1)) * factor, 1):g}pt", text)


def saved_point_size(settings: QSettings) -> int:
    try:
        value = int(str(settings.value(SETTINGS_KEY, DEFAULT_POINT_SIZE)))
    except (TypeError, ValueError):
        return DEFAULT_POINT_SIZE
    return min(max(value, MIN_POINT_SIZE), MAX_POINT_SIZE)


def apply_point_size(point_size: int) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    font = app.font()
    if font.pointSize() == point_size and app.property("wuye_point_size") in (None, point_size):
        return
    font.setPointSize(point_size)
    app.setFont(font)
    app.setStyleSheet(scaled_stylesheet(point_size))
    app.setProperty("wuye_point_size", point_size)


class FontSizer(QObject):
    """放大字体 / 缩小字体 / 恢复默认字号, remembered in the data folder's UI settings."""

    changed = Signal(int)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.point_size = saved_point_size(settings)

    def apply_saved(self) -> None:
        if self.point_size != DEFAULT_POINT_SIZE or QApplication.font().pointSize() != DEFAULT_POINT_SIZE:
            apply_point_size(self.point_size)

    def set_point_size(self, point_size: int) -> int:
        point_size = min(max(point_size, MIN_POINT_SIZE), MAX_POINT_SIZE)
        self.point_size = point_size
        self.settings.setValue(SETTINGS_KEY, point_size)
        apply_point_size(point_size)
        self.changed.emit(point_size)
        return point_size

    def enlarge(self) -> int:
        return self.set_point_size(self.point_size + 1)

    def shrink(self) -> int:
        return self.set_point_size(self.point_size - 1)

    def reset(self) -> int:
        return self.set_point_size(DEFAULT_POINT_SIZE)
