"""The filter bar above the complaint list: search, choice lists, date range and one-click filters."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from wuye_desktop.domain.complaint import GENERAL_CATEGORIES, MAJOR_CATEGORIES, Kind, State, categories_for
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.locations import icon_path
from wuye_desktop.ui.context import UiContext

ANY = ""
SEARCH_DELAY_MS = 300


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class ComplaintFilterBar(QWidget):
    """Emits ``filter_changed`` whenever the clerk changes a filter; ``complaint_filter()`` reads it."""

    filter_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.filter_changed)

        self.search = QLineEdit()
        self.search.setObjectName("complaintSearch")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(QIcon(str(icon_path("search"))), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setPlaceholderText("搜索：姓名、房号、电话、主题、编号，或姓名拼音首字母（如 zs）")
        self.search.setMinimumWidth(320)

        self.state = QComboBox()
        self.state.addItem("全部状态", ANY)
        for s in State:
            self.state.addItem(s.value, s.value)
        self.kind = QComboBox()
        self.kind.addItem("全部性质", ANY)
        for k in Kind:
            self.kind.addItem(k.value, k.value)
        self.category = QComboBox()
        self.category.setMinimumContentsLength(8)
        self.department = QComboBox()
        self.department.setMinimumContentsLength(6)
        self._fill_categories()
        self.reload_choices()

        self.use_dates = QCheckBox("受理日期")
        today = ctx.now().date()
        self.date_from = QDateEdit(_qdate(today - timedelta(days=30)))
        self.date_to = QDateEdit(_qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setEnabled(False)

        self.overdue_only = QCheckBox("仅超时")
        self.due_soon = QCheckBox("即将到期：")
        self.due_hours = QSpinBox()
        self.due_hours.setRange(1, 720)
        self.due_hours.setValue(4)
        self.due_hours.setSuffix(" 小时内")
        self.due_hours.setMinimumWidth(96)
        # The shared stylesheet's padding squeezes the arrow buttons into a dash; give them room.
        self.due_hours.setStyleSheet("QSpinBox { padding-right: 18px; } "
                                     "QSpinBox::up-button, QSpinBox::down-button { width: 16px; }")
        self.due_hours.setEnabled(False)
        self.open_only = QCheckBox("仅未结案")
        self.mine = QCheckBox("我的首问案件")
        self.mine.setToolTip("只显示当前操作员作为首问人的投诉（篇2 §8 首问责任制）")
        self.clear_button = QPushButton("清除筛选")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        row1 = QHBoxLayout()
        row1.addWidget(self.search, 1)
        for label, box, width in (("状态", self.state, 130), ("性质", self.kind, 110),
                                  ("类别", self.category, 140), ("部门", self.department, 110)):
            row1.addSpacing(6)
            row1.addWidget(QLabel(f"{label}："))
            box.setMinimumWidth(width)
            row1.addWidget(box)
        row2 = QHBoxLayout()
        row2.addWidget(self.use_dates)
        row2.addWidget(self.date_from)
        row2.addWidget(QLabel("至"))
        row2.addWidget(self.date_to)
        row2.addSpacing(12)
        row2.addWidget(self.overdue_only)
        row2.addWidget(self.due_soon)
        row2.addWidget(self.due_hours)
        row2.addWidget(self.open_only)
        row2.addWidget(self.mine)
        row2.addStretch(1)
        row2.addWidget(self.clear_button)
        grid.addLayout(row1, 0, 0)
        grid.addLayout(row2, 1, 0)

        self.search.textChanged.connect(self._search_edited)
        self.search.returnPressed.connect(self.apply_now)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for box in (self.state, self.category, self.department):
            box.currentIndexChanged.connect(self.filter_changed)
        self.use_dates.toggled.connect(self._dates_toggled)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.filter_changed)
        self.due_soon.toggled.connect(self._due_soon_toggled)
        self.due_hours.valueChanged.connect(self._due_hours_changed)
        for check in (self.overdue_only, self.open_only, self.mine):
            check.toggled.connect(self.filter_changed)
        self.clear_button.clicked.connect(self.clear)

    # --- the filter -------------------------------------------------------------------------------
    def complaint_filter(self, base: ComplaintFilter | None = None) -> ComplaintFilter:
        """The bar's filter on top of ``base`` (which keeps the sort order)."""
        base = base or ComplaintFilter()
        return base.with_(
            project_id=self.ctx.project_id,
            states=(self.state.currentData(),) if self.state.currentData() else (),
            kind=self.kind.currentData() or "",
            category=self.category.currentData() or "",
            department=self.department.currentData() or "",
            received_from=_pydate(self.date_from.date()) if self.use_dates.isChecked() else None,
            received_to=_pydate(self.date_to.date()) if self.use_dates.isChecked() else None,
            overdue_only=self.overdue_only.isChecked(),
            due_within_hours=self.due_hours.value() if self.due_soon.isChecked() else None,
            open_only=self.open_only.isChecked(),
            first_responder=self.ctx.operator if self.mine.isChecked() else "",
            search=self.search.text().strip(),
        )

    def is_filtered(self) -> bool:
        f = self.complaint_filter()
        return f != ComplaintFilter(project_id=self.ctx.project_id)

    @Slot()
    def apply_now(self) -> None:
        self._search_timer.stop()
        self.filter_changed.emit()

    @Slot()
    def clear(self) -> None:
        widgets = (self.search, self.state, self.kind, self.category, self.department, self.use_dates,
                   self.overdue_only, self.due_soon, self.open_only, self.mine)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        for box in (self.state, self.kind, self.department):
            box.setCurrentIndex(0)
        self._fill_categories()
        for check in (self.use_dates, self.overdue_only, self.due_soon, self.open_only, self.mine):
            check.setChecked(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.due_hours.setEnabled(False)
        for w in widgets:
            w.blockSignals(False)
        self.apply_now()

    def reload_choices(self) -> None:
        """Departments come from the settings (they may change while the program runs)."""
        current = self.department.currentData()
        self.department.blockSignals(True)
        self.department.clear()
        self.department.addItem("全部部门", ANY)
        for d in self.ctx.services.settings.departments():
            self.department.addItem(d.name, d.name)
        index = self.department.findData(current) if current else 0
        self.department.setCurrentIndex(max(index, 0))
        self.department.blockSignals(False)

    # --- slots -------------------------------------------------------------------------------------
    def _fill_categories(self) -> None:
        current = self.category.currentData()
        kind = self.kind.currentData()
        if kind in (Kind.GENERAL.value, Kind.MAJOR.value):
            names: tuple[str, ...] = categories_for(Kind(kind))
        else:
            names = GENERAL_CATEGORIES + MAJOR_CATEGORIES
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("全部类别", ANY)
        for name in names:
            self.category.addItem(name, name)
        index = self.category.findData(current) if current else 0
        self.category.setCurrentIndex(max(index, 0))
        self.category.blockSignals(False)

    @Slot(int)
    def _kind_changed(self, _index: int) -> None:
        self._fill_categories()
        self.filter_changed.emit()

    @Slot(str)
    def _search_edited(self, _text: str) -> None:
        self._search_timer.start()

    @Slot(bool)
    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.filter_changed.emit()

    @Slot(bool)
    def _due_soon_toggled(self, on: bool) -> None:
        self.due_hours.setEnabled(on)
        self.filter_changed.emit()

    @Slot(int)
    def _due_hours_changed(self, _value: int) -> None:
        if self.due_soon.isChecked():
            self.filter_changed.emit()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape and self.search.hasFocus() and self.search.text():
            self.search.clear()
            return
        super().keyPressEvent(event)
