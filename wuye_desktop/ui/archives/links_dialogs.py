"""Dialogs of the links between forms (FORMS.md): revoke a leaver's cards and keys in one click, the records
another one refers to (permits and spaces, one phone number's history), a meter's readings as a series,
and placing an unmatched complaint in a unit and with a client."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.services.archives_views import LinkedRecord, MeterPoint, UnmatchedComplaint
from wuye_desktop.ui.archives.models import Col, RowsModel, date_text
from wuye_desktop.ui.archives.people_dialogs import Picker
from wuye_desktop.ui.archives.people_pages import make_table, set_widths
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.context import UiContext

ID_ROLE = Qt.ItemDataRole.UserRole + 1

LINKED_COLUMNS = (
    Col("登记表", lambda r: r.form_title, 150),
    Col("日期", lambda r: date_text(r.on), 90),
    Col("摘要", lambda r: r.summary, 330),
    Col("状态", lambda r: r.state, 120, tone=lambda r: "red" if r.state in ("已过期", "停机") else ""),
    Col("房号", lambda r: r.unit_text, 90),
    Col("客户", lambda r: r.client_text, 160),
)
METER_COLUMNS = (
    Col("抄表日期", lambda p: date_text(p.read_on), 90),
    Col("事由", lambda p: p.occasion, 50),
    Col("水表编号", lambda p: p.water_meter_no, 90),
    Col("水表底数（m³）", lambda p: "" if p.water_reading is None else f"{p.water_reading}", 110),
    Col("电表编号", lambda p: p.electricity_meter_no, 90),
    Col("电表底数（kWh）", lambda p: "" if p.electricity_reading is None else f"{p.electricity_reading}", 110),
    Col("确认", lambda p: p.confirmation, 260, tone=lambda p: "amber" if p.confirmation else ""),
)


class _TableDialog(QDialog):
    record_requested = Signal(int)

    def __init__(self, title: str, note: str, model: RowsModel, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.model = model
        model.setParent(self)
        self.view = make_table(model, "linkedTable")
        set_widths(self.view, model)
        hint = QLabel(note, self)
        hint.setObjectName("hintText")
        hint.setWordWrap(True)
        self.empty = QLabel("没有相关记录。", self)
        self.empty.setVisible(model.rowCount() == 0)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.view.doubleClicked.connect(self._open)
        self.resize(960, 420)

    @Slot(QModelIndex)
    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.record_requested.emit(row.record_id)


class LinkedRecordsDialog(_TableDialog):
    def __init__(self, ctx: UiContext, title: str, rows: list[LinkedRecord], note: str,
                 parent: QWidget | None = None) -> None:
        model = RowsModel(LINKED_COLUMNS)
        model.set_rows(rows)
        super().__init__(title, note + "　双击打开记录。", model, parent)


class MeterSeriesDialog(_TableDialog):
    def __init__(self, ctx: UiContext, points: list[MeterPoint], parent: QWidget | None = None) -> None:
        model = RowsModel(METER_COLUMNS)
        model.set_rows(points)
        super().__init__("水、电表底数记录", "同一表具的历次底数，按抄表日期排列；低于上次的底数须经确认并写明原因。"
                         "　双击打开记录。", model, parent)


class RevokeDialog(QDialog):
    """31316: the leaver's live cards (31313) and the keys (31317) they may collect — revoked in one click."""

    record_requested = Signal(int)
    revoked = Signal(int)

    def __init__(self, ctx: UiContext, leaver_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.leaver_id = leaver_id
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        leaver = ctx.services.form_records.get(leaver_id)
        name = leaver.values.get("employee") or ""
        self.setWindowTitle(f"收回身份卡和钥匙：{name}")
        cards, keys = ctx.services.form_links.leaver_items(leaver_id)
        self.cards = self._list(cards, "cardList")
        self.keys = self._list(keys, "keyList")
        intro = QLabel(f"{leaver.client_text} 的员工「{name}」{leaver.values.get('leave_kind') or '离职'}"
                       f"（{date_text(leaver.values.get('left_on'))}）。以下身份卡仍有效、钥匙仍可由其领取，"
                       "勾选后一键注销或取消领取资格（当天办理）。", self)
        intro.setWordWrap(True)
        self.revoke_button = QPushButton("一键注销所选", self)
        self.revoke_button.setDefault(True)
        self.revoke_button.setEnabled(bool(cards or keys))
        close = QPushButton("关闭", self)
        close.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(f"有效身份卡（用户身份卡登记表）：{len(cards)} 张", self))
        layout.addWidget(self.cards, 1)
        layout.addWidget(QLabel(f"可领取的代保管钥匙（代保管单元钥匙申请表）：{len(keys)} 处", self))
        layout.addWidget(self.keys, 1)
        if not cards and not keys:
            layout.addWidget(QLabel("没有需要收回的身份卡或钥匙。", self))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.revoke_button.clicked.connect(self.revoke)
        close.clicked.connect(self.close)
        self.cards.itemDoubleClicked.connect(self._open)
        self.keys.itemDoubleClicked.connect(self._open)
        self.resize(720, 460)

    def _list(self, records: list[LinkedRecord], name: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setObjectName(name)
        for r in records:
            item = QListWidgetItem(f"{r.summary}　{r.state}　（{r.unit_text} {r.client_text}）")
            item.setData(ID_ROLE, r.record_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            widget.addItem(item)
        return widget

    @staticmethod
    def _checked(widget: QListWidget) -> list[int]:
        return [int(widget.item(i).data(ID_ROLE)) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    @Slot(QListWidgetItem)
    def _open(self, item: QListWidgetItem) -> None:
        self.record_requested.emit(int(item.data(ID_ROLE)))

    @Slot()
    def revoke(self) -> int:
        cards, keys = self._checked(self.cards), self._checked(self.keys)
        if not cards and not keys:
            msgbox.information(self, "一键注销", "请勾选要注销的身份卡或钥匙。")
            return 0
        try:
            done = self.ctx.services.form_links.revoke(self.leaver_id, cards, keys, self.ctx.operator)
        except DomainError as exc:
            msgbox.warning(self, "不能注销", exc.message)
            return 0
        self.revoked.emit(done)
        self.ctx.data_changed.emit("archives")
        msgbox.information(self, "已办理", f"已注销身份卡 {len(cards)} 张、取消钥匙领取资格 {len(keys)} 处，"
                                           "并记入离职员工记录。", on_close=self.accept)
        return done


class ComplaintPlaceDialog(QDialog):
    """A complaint whose unit text names no registered unit: the clerk chooses the unit and/or the client."""

    linked = Signal(int)

    def __init__(self, ctx: UiContext, case: UnmatchedComplaint, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"关联投诉 {case.number}")
        archives = ctx.services.archives
        pid = case.project_id
        self.unit_picker = Picker(lambda text: archives.find_units(pid, text), lambda u: u.label, "输入房号查找", self)
        self.client_picker = Picker(lambda text: archives.find_clients(pid, text),
                                    lambda c: f"{c.name}（{c.units or c.state}）", "输入姓名、拼音首字母或电话查找", self)
        self.unit_picker.edit.setText(case.unit)
        self.unit_picker.refresh(case.unit)
        self.client_picker.edit.setText(case.complainant)
        self.client_picker.refresh(case.complainant)
        self.form = ErrorForm()
        info = QLabel(f"{case.received_at:%Y-%m-%d %H:%M}　{case.complainant}　房号「{case.unit}」　{case.subject}"
                      f"\n未能自动匹配：{case.reason}", self)
        info.setWordWrap(True)
        self.form.add("unit", "房屋", self.unit_picker)
        self.form.add("client", "客户", self.client_picker)
        self.save_button = QPushButton("关联", self)
        self.save_button.setDefault(True)
        cancel = QPushButton("取消", self)
        cancel.setAutoDefault(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(self.form)
        layout.addLayout(row)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.resize(620, 220)

    @Slot()
    def save(self) -> bool:
        try:
            self.ctx.services.archive_links.link(self.case.complaint_id, self.unit_picker.value(),
                                                 self.client_picker.value(), self.ctx.operator)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return False
        except DomainError as exc:
            msgbox.warning(self, "不能关联", exc.message)
            return False
        self.linked.emit(self.case.complaint_id)
        self.ctx.data_changed.emit("archives")
        self.accept()
        return True
