"""The 到期提醒, 投诉关联 and 查阅记录 pages of the archives tab."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wuye_desktop.services.archives_views import Page, ReminderView, UnmatchedComplaint
from wuye_desktop.ui.archives.links_dialogs import ComplaintPlaceDialog
from wuye_desktop.ui.archives.models import Col, PagedModel, RowsModel, date_text
from wuye_desktop.ui.archives.people_pages import make_table, set_widths
from wuye_desktop.ui.context import UiContext

REMINDER_COLUMNS = (
    Col("到期日", lambda r: date_text(r.expires_on), 90),
    Col("剩余", lambda r: r.text, 90, tone=lambda r: "red" if r.days_left < 0 else ("amber" if r.days_left <= 7 else "")),
    Col("类别", lambda r: r.what, 110),
    Col("内容", lambda r: r.subject, 200),
    Col("房号", lambda r: r.unit_text, 100),
    Col("客户", lambda r: r.client_text, 200),
    Col("登记表", lambda r: r.form_title, 150),
)
UNMATCHED_COLUMNS = (
    Col("投诉编号", lambda c: c.number, 130),
    Col("受理时间", lambda c: f"{c.received_at:%Y-%m-%d %H:%M}", 125),
    Col("投诉人", lambda c: c.complainant, 90),
    Col("房号（原文）", lambda c: c.unit, 120),
    Col("投诉主题", lambda c: c.subject, 220),
    Col("原因", lambda c: c.reason, 200, tone=lambda c: "amber"),
)
LOG_COLUMNS = (
    Col("时间", lambda r: f"{r.at:%Y-%m-%d %H:%M:%S}", 140),
    Col("操作人", lambda r: r.who, 80),
    Col("操作", lambda r: r.action, 90, tone=lambda r: "red" if r.whole else ""),
    Col("客户", lambda r: r.client_name, 180),
    Col("房屋", lambda r: r.unit_label, 100),
    Col("内容", lambda r: r.what, 360),
)


class RemindersPage(QWidget):
    """到期提醒: permits, cards, visas, leases … running out, with the days left (FORMS.md)."""

    record_requested = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.days = QComboBox(self)
        for days in (7, 15, 30, 60, 90):
            self.days.addItem(f"{days}天内到期及已过期", days)
        self.days.setCurrentIndex(2)
        self.model = RowsModel(REMINDER_COLUMNS, self)
        self.view = make_table(self.model, "reminderTable")
        set_widths(self.view, self.model)
        self.count_label = QLabel(self)
        hint = QLabel("包括：停车证、用户身份卡、境外雇员签证/居留许可、租期、车位租期、非机动车车牌、常驻单位登记、"
                      "钥匙代管期。双击打开登记表。", self)
        hint.setObjectName("hintText")
        hint.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示：", self))
        bar.addWidget(self.days)
        bar.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.days.currentIndexChanged.connect(self.reload)
        self.view.doubleClicked.connect(self._open)

    @Slot()
    def reload(self) -> None:
        rows = self.ctx.services.form_links.reminders(self.ctx.project_id, int(self.days.currentData()))
        self.model.set_rows(rows)
        late = sum(1 for r in rows if r.days_left < 0)
        self.count_label.setText(f"共 {len(rows)} 项，其中已过期 {late} 项")

    @Slot(QModelIndex)
    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if isinstance(row, ReminderView):
            self.record_requested.emit(row.record_id)


class UnmatchedPage(QWidget):
    """投诉关联: complaints of the desk that no unit could be found for; the clerk places them."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.match_button = QPushButton("自动匹配", self)
        self.match_button.setToolTip("按房号把投诉关联到已登记的房屋及当时的客户")
        self.link_button = QPushButton("关联到房屋/客户…", self)
        hint = QLabel("投诉登记时按房号自动关联到房屋档案和当时的客户；房号写法无法识别或房屋尚未登记的投诉列在这里，"
                      "请选择房屋或客户。", self)
        hint.setObjectName("hintText")
        hint.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(hint, 1)
        bar.addWidget(self.match_button)
        bar.addWidget(self.link_button)
        self.model = PagedModel(UNMATCHED_COLUMNS, self._fetch, self, page_size=500)
        self.view = make_table(self.model, "unmatchedTable")
        set_widths(self.view, self.model)
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.match_button.clicked.connect(self.match)
        self.link_button.clicked.connect(self.place_selected)
        self.view.doubleClicked.connect(self._place_index)
        self.model.reloaded.connect(self._count)

    def _fetch(self, offset: int, limit: int, with_total: bool) -> Page:
        return self.ctx.services.archive_links.unmatched(self.ctx.project_id, offset, limit)

    @Slot()
    def reload(self) -> None:
        self.model.reload()

    @Slot()
    def _count(self) -> None:
        self.count_label.setText(f"共 {self.model.total} 宗投诉尚未关联到房屋")

    @Slot()
    def match(self) -> int:
        linked = self.ctx.services.archive_links.match_existing(self.ctx.project_id, self.ctx.operator)
        self.reload()
        self.count_label.setText(f"已自动关联 {linked} 宗；" + self.count_label.text())
        if linked:
            self.ctx.data_changed.emit("archives")
        return linked

    @Slot(QModelIndex)
    def _place_index(self, index: QModelIndex) -> None:
        self.place_selected()

    @Slot()
    def place_selected(self) -> ComplaintPlaceDialog | None:
        index = self.view.currentIndex()
        case = self.model.row_at(index.row()) if index.isValid() else None
        if not isinstance(case, UnmatchedComplaint):
            self.count_label.setText("请先在列表中选择一宗投诉")
            return None
        dialog = ComplaintPlaceDialog(self.ctx, case, self)
        dialog.linked.connect(self._linked)
        dialog.open()
        return dialog

    @Slot(int)
    def _linked(self, _complaint_id: int) -> None:
        self.reload()


class AccessLogPage(QWidget):
    """查阅记录: every view, print and export of an archive (篇3 「使用」; PIPL) — who, when, what."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.action = QComboBox(self)
        self.action.addItems(["全部操作", "查看", "打印", "导出", "导出（完整）"])
        hint = QLabel("红字为完整显示了证件号码和电话的导出。", self)
        hint.setObjectName("hintText")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("操作：", self))
        bar.addWidget(self.action)
        bar.addWidget(hint, 1)
        self.model = PagedModel(LOG_COLUMNS, self._fetch, self)
        self.view = make_table(self.model, "accessLogTable")
        set_widths(self.view, self.model)
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.action.currentIndexChanged.connect(self.reload)
        self.model.reloaded.connect(self._count)

    def _fetch(self, offset: int, limit: int, with_total: bool) -> Page:
        action = self.action.currentText() if self.action.currentIndex() > 0 else ""
        return self.ctx.services.archives.access_log(self.ctx.project_id, None, offset, limit, action)

    @Slot()
    def reload(self) -> None:
        self.model.reload()

    @Slot()
    def _count(self) -> None:
        self.count_label.setText(f"共 {self.model.total} 条查阅记录")

