"""「工作台」, the first tab a clerk sees: today's deadlines in every module, live emergencies,
certificates running out, the month's KPI tiles against their goals, and two charts. Every list item
and tile opens what is behind it through ``record_activated(kind, id)`` (the main window wires it)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.services.dashboard import Dashboard, DueItem
from wuye_desktop.ui.common.jobs import BackgroundLoader
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.dashboard.charts import CategoryChart, TrendChart
from wuye_desktop.ui.dashboard.model import COL_MODULE, COL_SUBJECT, ROW_ROLE, DueListModel
from wuye_desktop.ui.dashboard.tiles import KpiTile

REFRESH_MS = 60_000       # the 「已逾期…」 texts move with the clock
DEBOUNCE_MS = 400         # several data_changed in a row load once
WEEKDAYS = "一二三四五六日"
TILE_COUNT = 6


class ItemTable(QTableView):
    """A read-only list whose rows open with a double-click or Enter."""

    item_activated = Signal(QModelIndex)

    def __init__(self, model: DueListModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for col, column in enumerate(model.columns):
            self.setColumnWidth(col, column.width)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.doubleClicked.connect(self.item_activated)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.item_activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class DashboardTab(QWidget):
    record_activated = Signal(str, int)    # (kind, id): services/dashboard.py COMPLAINT … or TAB_* with 0
    status_message = Signal(str)
    refreshed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dashboard: Dashboard | None = None
        self._stale = True

        self.heading = QLabel("")
        self.heading.setObjectName("dashboardHeading")
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.updated_label = QLabel("")
        self.refresh_button = QPushButton("刷新")
        # F5 is the window's key for 「刷新」 (ui/common/tab_commands.py), routed to ``refresh()``.
        self.refresh_button.setToolTip("重新读取今日期限和本月指标（F5）")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.updated_label)
        top.addWidget(self.refresh_button)

        self.tiles = [KpiTile(self) for _ in range(TILE_COUNT)]
        tiles = QHBoxLayout()
        tiles.setSpacing(8)
        for tile in self.tiles:
            tiles.addWidget(tile, 1)
            tile.activated.connect(self._tile_activated)

        self.deadlines_model = DueListModel(ctx.now, self)
        self.emergencies_model = DueListModel(ctx.now, self)
        self.expiring_model = DueListModel(ctx.now, self)
        self.deadlines_view = ItemTable(self.deadlines_model, "dashboardDeadlines")
        self.emergencies_view = ItemTable(self.emergencies_model, "dashboardEmergencies")
        self.expiring_view = ItemTable(self.expiring_model, "dashboardExpiring")
        for view in (self.deadlines_view, self.emergencies_view, self.expiring_view):
            view.item_activated.connect(self._item_activated)
        for view in (self.emergencies_view, self.expiring_view):   # one module each: the box says which
            view.setColumnHidden(COL_MODULE, True)
        self.counts_label = QLabel("")
        self.counts_label.setWordWrap(True)
        self.expiring_note = QLabel("")
        self.expiring_note.setWordWrap(True)

        self.deadlines_box = self._box("今日到期与逾期", self.counts_label, self.deadlines_view)
        self.emergencies_box = self._box("进行中的突发事件", self.emergencies_view)
        self.expiring_box = self._box("证件到期提醒（30天内）", self.expiring_note, self.expiring_view)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.emergencies_box)
        right.addWidget(self.expiring_box)
        lists = QSplitter(Qt.Orientation.Horizontal)
        lists.addWidget(self.deadlines_box)
        lists.addWidget(right)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)

        self.category_chart = CategoryChart()
        self.trend_chart = TrendChart()
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.category_chart)
        charts.addWidget(self.trend_chart)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(lists)
        body.addWidget(charts)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(body, 1)

        self.loader = BackgroundLoader(self)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.refresh_button.clicked.connect(self.refresh)
        ctx.data_changed.connect(self._changed)
        ctx.project_changed.connect(self._changed)

    @staticmethod
    def _box(title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 6, 6, 6)
        for w in widgets:
            inner.addWidget(w)
        return box

    # --- loading ---------------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Load again (off the GUI thread); the lists stay as they are until the new data arrives."""
        self._stale = False
        self.updated_label.setText("正在更新……")
        project_id = self.ctx.project_id
        dashboard = self.ctx.services.dashboard
        self.loader.request(lambda: dashboard.load(project_id))

    @Slot(object)
    def _changed(self, _what: object = None) -> None:
        if self.isVisible():
            self._debounce.start()
        else:
            self._stale = True

    @Slot()
    def _tick(self) -> None:
        if self.isVisible() and not self.loader.busy:
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @Slot(str, str)
    def _failed(self, message: str, _trace: str) -> None:
        self.updated_label.setText("更新失败")
        self.status_message.emit(f"工作台更新失败：{message}")

    @Slot(object)
    def _loaded(self, d: Dashboard) -> None:
        self.dashboard = d
        day = d.now.date()
        self.heading.setText(f"今天 {day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}　·　{d.scope}")
        self.updated_label.setText(f"更新于 {d.now:%H:%M}")
        for widget, tile in zip(self.tiles, d.tiles):
            widget.set_tile(tile)
        self.deadlines_model.set_items(d.deadlines, d.now)
        overdue = sum(c.overdue for c in d.counts)
        today = sum(c.today for c in d.counts)
        self.deadlines_box.setTitle(f"今日到期与逾期（逾期 {overdue} 项，今天到期 {today} 项）")
        parts = [f"{c.module}：逾期 {c.overdue}、今天 {c.today}" for c in d.counts]
        listed = len(d.deadlines)
        more = f"；列出最紧急的 {listed} 项" if listed < overdue + today else ""
        self.counts_label.setText("　".join(parts) + more if parts else "")
        self.emergencies_model.set_items(d.emergencies, d.now)
        self.emergencies_box.setTitle(f"进行中的突发事件（{len(d.emergencies)}）")
        self.emergencies_view.setVisible(bool(d.emergencies))
        if d.expiring is None:
            self.expiring_model.set_items([], d.now)
            self.expiring_view.hide()
            self.expiring_note.setText("；".join(d.notes))
        else:
            self.expiring_model.set_items(d.expiring, d.now)
            self.expiring_view.setVisible(bool(d.expiring))
            self.expiring_note.setText("" if d.expiring else "30天内没有到期的证件。")
        self.expiring_note.setVisible(bool(self.expiring_note.text()))
        self.expiring_box.setTitle(f"证件到期提醒（30天内，{len(d.expiring or ())}）")
        if not d.emergencies:
            self.emergencies_box.setTitle("进行中的突发事件（无）")
        self.category_chart.show_counts(f"{d.month.label}各类投诉", d.categories)
        span = f"（{d.trend[0].period.label}至{d.trend[-1].period.label}）" if d.trend else ""
        self.trend_chart.show_trend(f"近{len(d.trend)}个月受理趋势{span}", d.trend)
        self.refreshed.emit()

    # --- opening ---------------------------------------------------------------------------------------
    @Slot(QModelIndex)
    def _item_activated(self, index: QModelIndex) -> None:
        item = index.data(ROW_ROLE)
        if isinstance(item, DueItem):
            self.record_activated.emit(item.kind, item.id)

    @Slot(str)
    def _tile_activated(self, opens: str) -> None:
        self.record_activated.emit(opens, 0)

    def shutdown(self) -> None:
        self._timer.stop()
        self._debounce.stop()
        self.loader.wait()
