"""工作日历: the office enters a year's published 放假/调休 schedule (the packages lag the State
Council's November notice) and says when it is complete; the official schedule is shown beside it
for reference (RULES.md 「工作日」; the 2-working-day revisit of 篇2 §5、§7 counts on it)."""

from __future__ import annotations

import re
from functools import partial
from datetime import date, timedelta

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from wuye_desktop.domain.errors import EditConflictError, ValidationError
from wuye_desktop.services.calendar import (CONFIRMED_KEY, CalendarEntryView, OfficialDayView, calendar_labels,
                                            calendar_values, entries_from_values, weekday_text)
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.conflict import resolve_conflict
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.settings.models import Column, RecordTableModel

HOLIDAY, WORKDAY = "放假", "上班（调休）"
MAX_RANGE_DAYS = 31


def _table(model: RecordTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _row(*widgets: QWidget, stretch: bool = False) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    if stretch:
        row.addStretch(1)
    return holder


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class CalendarPage(QWidget):
    title = "工作日历"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.calendar = ctx.services.calendar
        self.dirty = False
        self._entries: list[CalendarEntryView] = []
        self._version = 0
        self._base: dict[str, object] = {}
        self._merge_base: dict[str, object] = {}

        this_year = ctx.now().year
        self.year_box = QComboBox()
        for year in (this_year, this_year + 1):
            self.year_box.addItem(f"{year}年", year)
        self._year = this_year
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("年份："))
        top.addWidget(self.year_box)
        top.addWidget(self.status_label, 1)

        # --- the office's entries ----------------------------------------------------------------------
        self.entries_model: RecordTableModel[CalendarEntryView] = RecordTableModel([
            Column("日期", lambda e: f"{e.day:%Y-%m-%d}", sort=lambda e: e.day),
            Column("星期", lambda e: weekday_text(e.day)),
            Column("安排", lambda e: e.kind_text),
            Column("备注", lambda e: e.note),
        ], self)
        self.entries_table = _table(self.entries_model, "calendarEntries")
        self.rows_error = QLabel()
        self.rows_error.setObjectName("fieldError")
        self.rows_error.setWordWrap(True)
        self.rows_error.hide()
        self.remove_button = QPushButton("删除所选行")
        self.remove_button.clicked.connect(self.remove_selected)

        self.add_form = ErrorForm()
        self.start_edit = QDateEdit()
        self.end_edit = QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        self.start_edit.dateChanged.connect(self._start_changed)
        self.kind_box = QComboBox()
        self.kind_box.addItems([HOLIDAY, WORKDAY])
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(80)
        self.note_edit.setPlaceholderText("如：春节")
        self.note_edit.returnPressed.connect(self.add_range)
        self.add_button = QPushButton("添加到列表")
        self.add_button.clicked.connect(self.add_range)
        # One line per line of the State Council notice: 「2月16日至22日放假」 is one range.
        self.add_form.add("dates", "日期", _row(self.start_edit, QLabel("至"), self.end_edit, stretch=True))
        self.add_form.add("kind", "安排", _row(self.kind_box, QLabel("备注："), self.note_edit, self.add_button))
        # The red frame and the focus go to the field at fault, not to the whole row.
        self.add_form.widgets["dates"] = self.start_edit
        self.add_form.widgets["kind"] = self.kind_box
        add_hint = QLabel("按国务院通知录入：放假可一次录入连续多天（如 2月16日 至 2月22日），"
                          "调休上班的周六、周日逐天录入。")
        add_hint.setObjectName("hintText")
        add_hint.setWordWrap(True)
        add_box = QGroupBox("添加日期")
        add_layout = QVBoxLayout(add_box)
        add_layout.addLayout(self.add_form)
        add_layout.addWidget(add_hint)

        self.confirmed_box = QCheckBox("本年度放假安排已完整录入")
        self.confirmed_box.toggled.connect(self._mark_dirty)
        self.confirmed_error = QLabel()
        self.confirmed_error.setObjectName("fieldError")
        self.confirmed_error.hide()
        confirm_hint = QLabel("勾选后，本年度未录入的日期一律按周一至周五上班、周六周日休息计算，"
                              "不再按常规节日估算，工作日历的提醒也随之消失。")
        confirm_hint.setObjectName("hintText")
        confirm_hint.setWordWrap(True)
        self.save_button = QPushButton("保存本年度安排")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedText")

        own_box = QGroupBox("本管理处录入的放假及调休安排")
        own = QVBoxLayout(own_box)
        own.addWidget(self.entries_table, 1)
        own.addWidget(self.rows_error)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch(1)
        own.addLayout(remove_row)
        own.addWidget(add_box)
        own.addWidget(self.confirmed_box)
        own.addWidget(self.confirmed_error)
        own.addWidget(confirm_hint)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.saved_label)
        save_row.addWidget(self.save_button)
        own.addLayout(save_row)

        # --- the official schedule, for reference ----------------------------------------------------
        self.reference_model: RecordTableModel[OfficialDayView] = RecordTableModel([
            Column("日期", lambda d: f"{d.day:%Y-%m-%d}", sort=lambda d: d.day),
            Column("星期", lambda d: d.weekday_text),
            Column("安排", lambda d: d.kind_text),
            Column("节日", lambda d: d.name),
        ], self)
        self.reference_table = _table(self.reference_model, "officialDays")
        self.reference_note = QLabel()
        self.reference_note.setObjectName("hintText")
        self.reference_note.setWordWrap(True)
        reference_box = QGroupBox("国家公布的安排（参考）")
        reference = QVBoxLayout(reference_box)
        reference.addWidget(self.reference_note)
        reference.addWidget(self.reference_table, 1)

        columns = QHBoxLayout()
        columns.addWidget(own_box, 3)
        columns.addWidget(reference_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns, 1)

        self.year_box.currentIndexChanged.connect(self._year_chosen)
        self.load_year(this_year)

    # --- loading ---------------------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self._year

    def load_year(self, year: int) -> None:
        self._year = year
        index = self.year_box.findData(year)
        if index >= 0 and index != self.year_box.currentIndex():
            self.year_box.blockSignals(True)
            self.year_box.setCurrentIndex(index)
            self.year_box.blockSignals(False)
        # issue 7: the year's version and entries as loaded, for a save that meets another clerk's newer one
        self._version = self.calendar.year_version(year)
        self._entries = self.calendar.entries(year)
        self.entries_model.set_rows(self._entries)
        status = self.calendar.year_status(year)
        self._base = calendar_values(self._entries, status.office_entered)
        self.confirmed_box.blockSignals(True)
        self.confirmed_box.setChecked(status.office_entered)
        self.confirmed_box.blockSignals(False)
        first_day = date(year, 1, 1)
        for edit in (self.start_edit, self.end_edit):
            edit.setDateRange(_qdate(first_day), _qdate(date(year, 12, 31)))
        # Keep the date fields where the clerk was if they are in this year, else 1 January.
        if self.start_edit.date().year() != year:
            self.start_edit.setDate(_qdate(first_day))
            self.end_edit.setDate(_qdate(first_day))
        self.add_form.clear_errors()
        self.rows_error.hide()
        self.confirmed_error.hide()
        self.saved_label.clear()
        self._show_status()
        self._show_reference()
        self.dirty = False

    def _show_status(self) -> None:
        status = self.calendar.year_status(self._year)
        self.status_label.setText(status.text)
        # A year without a schedule is said loudly (RULES.md 「工作日」).
        self.status_label.setObjectName("calendarOk" if status.ok else "calendarWarning")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    def _show_reference(self) -> None:
        official = self.calendar.official_days(self._year)
        if official:
            self.reference_note.setText(f"程序已收录{self._year}年国务院公布的安排（周末本来休息的日子不列出）："
                                        "以下日期已自动计算，无需再录入。")
            self.reference_model.set_rows(official)
        elif self.calendar.year_status(self._year).office_entered:
            self.reference_note.setText(f"程序尚未收录{self._year}年国务院公布的安排；本年度已按本管理处录入的安排计算，"
                                        "下列常规节日估算不再使用，仅供对照：")
            self.reference_model.set_rows(self.calendar.estimated_holidays(self._year))
        else:
            self.reference_note.setText(f"程序尚未收录{self._year}年国务院公布的安排。在本管理处录入并确认之前，"
                                        "暂按下列常规节日（不含调休上班）估算：")
            self.reference_model.set_rows(self.calendar.estimated_holidays(self._year))
        self.reference_table.resizeColumnsToContents()

    @Slot(int)
    def _year_chosen(self, index: int) -> None:
        year = self.year_box.itemData(index)
        if year == self._year:
            return
        if not self.dirty:
            self.load_year(year)
            return
        msgbox.question(self, "未保存的修改", f"{self._year}年的安排有修改尚未保存，放弃这些修改吗？",
                        on_yes=partial(self.load_year, year), on_no=self._keep_year,
                        yes_text="放弃修改", no_text="返回")

    @Slot()
    def _keep_year(self) -> None:
        self.year_box.blockSignals(True)
        self.year_box.setCurrentIndex(self.year_box.findData(self._year))
        self.year_box.blockSignals(False)

    @Slot()
    def _mark_dirty(self) -> None:
        self.dirty = True
        self.saved_label.setText("有修改尚未保存")
        self.confirmed_error.hide()

    @Slot(QDate)
    def _start_changed(self, value: QDate) -> None:
        if self.end_edit.date() < value:
            self.end_edit.setDate(value)

    # --- editing --------------------------------------------------------------------------------------------
    @Slot()
    def add_range(self) -> None:
        """Add every day from 起始日期 to 结束日期 with the chosen 安排."""
        start, end = _pydate(self.start_edit.date()), _pydate(self.end_edit.date())
        workday = self.kind_box.currentText() == WORKDAY
        note = self.note_edit.text().strip()
        errors = self.range_errors(start, end, workday)
        if errors:
            self.add_form.show_errors(errors)
            return
        self.add_form.clear_errors()
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        self._entries = sorted(self._entries + [CalendarEntryView(d, workday, note) for d in days],
                               key=lambda e: e.day)
        self.entries_model.set_rows(self._entries)
        self.rows_error.hide()
        self._mark_dirty()
        self.saved_label.setText(f"已添加{len(days)}天，尚未保存")
        # Ready for the next line of the notice.
        following = end + timedelta(days=1)
        if following.year == self._year:
            self.start_edit.setDate(_qdate(following))
            self.end_edit.setDate(_qdate(following))

    def range_errors(self, start: date, end: date, workday: bool) -> dict[str, str]:
        year = self._year
        if start.year != year:
            return {"dates": f"起始日期应在{year}年内"}
        if end < start:
            return {"dates": "结束日期不能早于起始日期"}
        if end.year != year:
            return {"dates": f"结束日期应在{year}年内"}
        if (end - start).days + 1 > MAX_RANGE_DAYS:
            return {"dates": f"一次最多录入{MAX_RANGE_DAYS}天，请分段录入"}
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        if workday:
            weekday = next((d for d in days if d.weekday() < 5), None)
            if weekday is not None:
                return {"kind": f"{weekday:%Y-%m-%d}（{weekday_text(weekday)}）本来就是工作日，无需登记为调休上班；"
                                "调休上班只登记周六、周日"}
        existing = {e.day: e for e in self._entries}
        clash = next((d for d in days if d in existing), None)
        if clash is not None:
            return {"dates": f"{clash:%Y-%m-%d} 已在列表中（{existing[clash].kind_text}），如需更改请先删除该行"}
        return {}

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.entries_table.selectionModel().selectedRows()})
        if not rows:
            self.rows_error.setText("请先在列表中选中要删除的日期")
            self.rows_error.show()
            return
        self._entries = [e for i, e in enumerate(self._entries) if i not in rows]
        self.entries_model.set_rows(self._entries)
        self.rows_error.hide()
        self._mark_dirty()
        self.saved_label.setText(f"已删除{len(rows)}行，尚未保存")

    @Slot()
    def save(self) -> None:
        self.rows_error.hide()
        self.confirmed_error.hide()
        confirmed = self.confirmed_box.isChecked()
        if confirmed and not self._entries and not self.calendar.official_days(self._year):
            self.confirmed_error.setText(f"尚未录入{self._year}年的任何放假日期，不能确认为已完整录入")
            self.confirmed_error.show()
            return
        try:
            self.calendar.save_year(self._year, list(self._entries), confirmed, self._version)
        except ValidationError as error:
            self.rows_error.setText("\n".join(error.errors.values()))
            self.rows_error.show()
            self._select_bad_row(error.errors)
            return
        except EditConflictError as error:
            # Day by day: a day only the other clerk entered or removed is taken from them (issue 7).
            mine = calendar_values(self._entries, confirmed)
            keys = sorted((set(mine) | set(error.current) | set(self._base)) - {CONFIRMED_KEY}) + [CONFIRMED_KEY]
            blank = dict.fromkeys(keys)
            by_day = EditConflictError(error.message, error.current_version, blank | error.current,
                                       calendar_labels(keys))
            self._merge_base = dict(error.current)
            resolve_conflict(self, by_day, blank | self._base, blank | mine, self._save_merged, self._reload_year)
            return
        self.load_year(self._year)
        self.saved_label.setText(f"{self._year}年的安排已保存")
        self.ctx.data_changed.emit("settings")

    def _save_merged(self, values: dict[str, object], version: int) -> None:
        entries, confirmed = entries_from_values(values)
        self._entries = entries
        self.entries_model.set_rows(entries)
        self.confirmed_box.setChecked(confirmed)
        self._version, self._base = version, self._merge_base
        self.save()

    def _reload_year(self) -> None:
        self.load_year(self._year)
        self.saved_label.setText(f"已重新载入{self._year}年他人保存的安排")

    def _select_bad_row(self, errors: dict[str, str]) -> None:
        for key in errors:
            match = re.fullmatch(r"row(\d+)", key)
            if match and 1 <= int(match.group(1)) <= self.entries_model.rowCount():
                self.entries_table.selectRow(int(match.group(1)) - 1)
                return
