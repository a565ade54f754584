"""A KPI tile of the month: the figure, what it counts, its goal, green when the goal is met and
red when it is missed; double-click or Enter opens the list behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from wuye_desktop.services.dashboard import Tile

TONES = {
    True: ("#1e7b34", "#eef8f0", "#7cc48d"),     # goal met: text, background, border
    False: ("#c62828", "#fdecea", "#e5a3a3"),    # goal missed
    None: ("#1f2328", "#ffffff", "#d0d7de"),     # nothing to judge
}


class KpiTile(QFrame):
    activated = Signal(str)      # the tile's ``opens`` (TAB_*)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile: Tile | None = None
        self.setObjectName("kpiTile")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumWidth(150)
        self.title_label = QLabel("")
        self.value_label = QLabel("—")
        self.value_label.setObjectName("kpiValue")
        self.detail_label = QLabel("")
        self.goal_label = QLabel("")
        for label in (self.detail_label, self.goal_label):
            label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.goal_label)
        layout.addStretch(1)
        self._paint(None)

    def set_tile(self, tile: Tile) -> None:
        self.tile = tile
        self.title_label.setText(tile.label)
        self.value_label.setText(tile.text)
        self.detail_label.setText(tile.detail)
        verdict = "" if tile.met is None or not tile.goal else ("（已达标）" if tile.met else "（未达标）")
        self.goal_label.setText(f"{tile.goal}{verdict}" if tile.goal else "")
        self.goal_label.setVisible(bool(tile.goal))
        self.setToolTip(f"{tile.label}：{tile.text}\n{tile.detail}\n{tile.goal}\n双击或按回车查看".replace("\n\n", "\n"))
        self.setAccessibleName(f"{tile.label} {tile.text}")
        self._paint(tile.met if tile.goal else None)

    @property
    def tone(self) -> str:
        if self.tile is None or self.tile.met is None or not self.tile.goal:
            return ""
        return "met" if self.tile.met else "missed"

    def _paint(self, met: bool | None) -> None:
        text, background, border = TONES[met]
        self.setStyleSheet(
            f"QFrame#kpiTile {{ background: {background}; border: 1px solid {border}; border-radius: 6px; }}"
            f"QFrame#kpiTile:focus {{ border: 2px solid #1f6feb; }}"
            f"QFrame#kpiTile QLabel {{ background: transparent; color: #57606a; font-size: 9pt; }}"
            f"QFrame#kpiTile QLabel#kpiValue {{ color: {text}; font-size: 20pt; font-weight: bold; }}")

    def activate(self) -> None:
        if self.tile is not None:
            self.activated.emit(self.tile.opens)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.activate()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activate()
            event.accept()
            return
        super().keyPressEvent(event)
