"""投诉设置: options of the complaint desk — the window in which complaints of three or more
units about one category are proposed as one collective (major) case (篇5 §2(6), RULES.md)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from wuye_desktop.domain.errors import ValidationError
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.context import UiContext


class DeskPage(QWidget):
    title = "投诉设置"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        box = QGroupBox("集体投诉")
        self.form = ErrorForm()
        self.window_days = QSpinBox()
        # The service checks 1–30; the box allows a little more so its message can be seen.
        self.window_days.setRange(0, 99)
        self.window_days.setSuffix(" 天")
        self.window_days.setMaximumWidth(120)
        self.window_days.setValue(ctx.services.settings.collective_window_days())
        self.form.add("window", "合并窗口", self.window_days)
        hint = QLabel("三户及以上不同房号在此天数内就同一类别投诉、且均未办结时，系统提示合并为一宗集体投诉"
                      "（按重大投诉处理）。默认3天。")
        hint.setObjectName("hintText")
        hint.setWordWrap(True)
        self.save_button = QPushButton("保存")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedText")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.saved_label)
        row.addWidget(self.save_button)
        inner = QVBoxLayout(box)
        inner.addLayout(self.form)
        inner.addWidget(hint)
        inner.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)

    @Slot()
    def save(self) -> None:
        self.form.clear_errors()
        self.saved_label.clear()
        try:
            self.ctx.services.settings.set_collective_window_days(self.window_days.value())
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        self.saved_label.setText("已保存")
        self.ctx.data_changed.emit("settings")
