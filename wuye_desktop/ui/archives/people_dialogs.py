"""Small dialogs of the archives: a unit, a client, a move-in and a move-out, an employee, an archive record.

Plain data in, a saved id out (``saved``); every bad field shows its Chinese message under it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.errors import DomainError, EditConflictError, ValidationError
from wuye_desktop.services.archives import CLIENT_EDIT, UNIT_EDIT
from wuye_desktop.services.archives_views import ClientView, EntryView, UnitView
from wuye_desktop.ui.archives.attachments import AttachmentStrip
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.edit_lock import EditLock
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.common.masked_edit import MaskedLineEdit
from wuye_desktop.ui.context import UiContext


def date_edit(value: date | None) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    if value is not None:
        edit.setDate(QDate(value.year, value.month, value.day))
    return edit


def edit_date(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def combo(options: tuple[str, ...] | list[str], current: str = "", editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.addItems(list(options))
    box.setEditable(editable)
    if current:
        index = box.findText(current)
        if index >= 0:
            box.setCurrentIndex(index)
        elif editable:
            box.setEditText(current)
    return box


class _Dialog(EditLock, QDialog):
    """An ErrorForm with 保存/取消; subclasses fill ``form`` and implement ``_save`` → id. An edit dialog calls
    ``lock_edit`` (issue 7): a save over another clerk's newer one opens the 「保存冲突」 dialog."""

    saved = Signal(int)

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_id: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.form = ErrorForm()
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        self.save_button = QPushButton("保存", self)
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("取消", self)
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.message)
        self.body.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.setMinimumWidth(460)

    @Slot()
    def save(self) -> int | None:
        self.form.clear_errors()
        self.message.hide()
        try:
            self.saved_id = self._save()
        except ValidationError as exc:
            rest = self.form.show_errors(exc.errors)
            if rest:
                self.message.setText("\n".join(rest))
                self.message.show()
            return None
        except EditConflictError as exc:
            self.handle_edit_conflict(exc)
            return None
        except DomainError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return None
        self.saved.emit(self.saved_id)
        self.ctx.data_changed.emit("archives")
        self.accept()
        return self.saved_id

    def _save(self) -> int:
        raise NotImplementedError

    def _submit(self) -> None:  # EditLock saves a merge again through this
        self.save()

    def show_general(self, messages: list[str]) -> None:
        self.message.setText("\n".join(messages))
        self.message.setVisible(bool(messages))

    def edit_value(self, key: str, widget: QWidget) -> object:
        return self.values()[key]

    def fill_form(self, values: Mapping[str, object]) -> None:
        self.set_values({**self.values(), **values})

    def values(self) -> dict[str, object]:
        """The fields keyed like the service's draft (an edit dialog with ``lock_edit`` gives them)."""
        raise NotImplementedError

    def set_values(self, values: dict[str, object]) -> None:
        raise NotImplementedError


class UnitDialog(_Dialog):
    def __init__(self, ctx: UiContext, unit: UnitView | None = None, project_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "修改房屋" if unit else "登记房屋", parent)
        self.unit = unit
        self.project_id = unit.project_id if unit else (project_id or ctx.working_project_id)
        u = unit
        self.building = combo(ctx.services.archives.buildings(self.project_id), u.building if u else "", True)
        self.building.setEditText(u.building if u else "")
        line = self.building.lineEdit()
        if line is not None:
            line.setPlaceholderText("A座、3栋")
        self.entrance = QLineEdit(u.entrance if u else "")
        self.entrance.setPlaceholderText("2单元（没有可不填）")
        self.room = QLineEdit(u.room if u else "")
        self.room.setPlaceholderText("1203")
        self.floor = QSpinBox()
        self.floor.setRange(-11, 200)
        self.floor.setSpecialValueText("按房号")  # -11: taken from the room number (1203 → 12)
        self.floor.setValue(u.floor if u else -11)
        self.kind = combo(arc.UNIT_KINDS, u.kind if u else "")
        self.area = QLineEdit(f"{u.floor_area}" if u and u.floor_area is not None else "")
        self.remarks = QLineEdit(u.remarks if u else "")
        for key, label, widget, required in (
                ("building", "楼栋", self.building, True), ("entrance", "单元", self.entrance, False),
                ("room", "房号", self.room, True), ("floor", "楼层", self.floor, True),
                ("kind", "房屋类型", self.kind, True), ("floor_area", "建筑面积（㎡）", self.area, False),
                ("remarks", "备注", self.remarks, False)):
            self.form.add(key, label, widget, required)
        if unit is not None:
            self.lock_edit(UNIT_EDIT, unit, partial(ctx.services.archives.unit, unit.id))

    def values(self) -> dict[str, object]:
        """The fields keyed like UnitDraft, the area as the number it is stored as."""
        floor = self.floor.value()
        area: object = self.area.text().strip()
        try:
            area = Decimal(str(area)) if area else None
        except InvalidOperation:
            pass  # the service names the bad area under its field
        return {"building": self.building.currentText().strip(), "entrance": self.entrance.text().strip(),
                "room": self.room.text().strip(), "floor": None if floor == -11 else floor,
                "kind": self.kind.currentText(), "floor_area": area, "remarks": self.remarks.text().strip()}

    def set_values(self, values: dict[str, object]) -> None:
        self.building.setEditText(str(values.get("building") or ""))
        self.entrance.setText(str(values.get("entrance") or ""))
        self.room.setText(str(values.get("room") or ""))
        floor = values.get("floor")
        self.floor.setValue(floor if isinstance(floor, int) else -11)
        self.kind.setCurrentIndex(max(self.kind.findText(str(values.get("kind") or "")), 0))
        area = values.get("floor_area")
        self.area.setText("" if area is None else str(area))
        self.remarks.setText(str(values.get("remarks") or ""))

    def _save(self) -> int:
        if self.project_id is None:
            raise DomainError("没有管理处：请先在设置中添加管理处")
        v = self.values()
        draft = arc.UnitDraft(str(v["building"]), str(v["room"]), str(v["kind"]), str(v["entrance"]),
                              v["floor"], self.area.text(), str(v["remarks"]))  # type: ignore[arg-type]
        return self.ctx.services.archives.save_unit(self.project_id, draft, self.unit.id if self.unit else None,
                                                    self.edit_version).id


class ClientDialog(_Dialog):
    TEXTS = (("name", "客户名称", True), ("id_no", "证件号码", False), ("phone", "联系电话", False),
             ("contact", "联系人", False), ("email", "电子邮箱", False), ("address", "通讯地址", False),
             ("nature", "单位性质", False), ("industry", "所属行业", False), ("legal_rep", "法定代表人/负责人", False))

    def __init__(self, ctx: UiContext, client: ClientView | None = None, project_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "修改客户资料" if client else "登记客户", parent)
        self.client = client
        self.project_id = client.project_id if client else (project_id or ctx.working_project_id)
        c = client
        self.texts = {key: QLineEdit(getattr(c, key) if c else "") for key, _l, _r in self.TEXTS}
        # issue 7: a role that may not see the whole number sees the mask; typing replaces the number,
        # leaving it untouched keeps it (the stars are never saved)
        self.texts["id_no"] = MaskedLineEdit(c.id_no if c else "", ctx.id_mask())
        self.texts["phone"] = MaskedLineEdit(c.phone if c else "", ctx.phone_mask())
        self.kind = combo(arc.CLIENT_KINDS, c.kind if c else "")
        self.id_type = combo(("",) + arc.ID_TYPES, c.id_type if c else "")
        self.remarks = QPlainTextEdit(c.remarks if c else "")
        self.remarks.setFixedHeight(60)
        self.form.add("name", "客户名称", self.texts["name"], True)
        self.form.add("kind", "客户类型", self.kind, True)
        self.form.add("id_type", "证件类型", self.id_type)
        for key, label, required in self.TEXTS[1:]:
            self.form.add(key, label, self.texts[key], required)
        self.form.add("remarks", "备注", self.remarks)
        self.setMinimumWidth(520)
        if client is not None:
            self.lock_edit(CLIENT_EDIT, client, partial(ctx.services.archives.client, client.id))

    def values(self) -> dict[str, object]:
        """The fields keyed like ClientDraft (the whole numbers, never the mask)."""
        return {"kind": self.kind.currentText(), "id_type": self.id_type.currentText(),
                "remarks": self.remarks.toPlainText(), **{k: w.text() for k, w in self.texts.items()}}

    def set_values(self, values: dict[str, object]) -> None:
        for key, edit in self.texts.items():
            edit.setText(str(values.get(key) or ""))
        for key, box in (("kind", self.kind), ("id_type", self.id_type)):
            box.setCurrentIndex(max(box.findText(str(values.get(key) or "")), 0))
        self.remarks.setPlainText(str(values.get("remarks") or ""))

    def _save(self) -> int:
        if self.project_id is None:
            raise DomainError("没有管理处：请先在设置中添加管理处")
        draft = arc.ClientDraft(**self.values())  # type: ignore[arg-type]
        c = self.client
        return self.ctx.services.archives.save_client(self.project_id, draft, c.id if c else None,
                                                      self.edit_version).id

    def edit_show(self) -> dict[str, Callable[[object], str]]:
        """The conflict rows show ID numbers and phones masked as this clerk's role sees them (issue 7)."""
        return {"id_no": lambda v: self.ctx.show_id(str(v or "")),
                "phone": lambda v: self.ctx.show_phone(str(v or ""))}


class Picker(QWidget):
    """Choose one unit or client of thousands: type part of the name, initials, unit or phone; pick a match."""

    picked = Signal(int)

    def __init__(self, search: Any, label: Any, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search, self._label = search, label
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.box = QComboBox(self)
        self.box.setMinimumContentsLength(18)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.box, 2)
        self.edit.textEdited.connect(self.refresh)
        self.box.currentIndexChanged.connect(self._changed)
        self.setFocusProxy(self.edit)
        self.refresh("")

    @Slot(str)
    def refresh(self, text: str) -> None:
        current = self.value()
        self.box.blockSignals(True)
        self.box.clear()
        for item in self._search(text.strip()):
            self.box.addItem(self._label(item), item.id)
        index = self.box.findData(current) if current is not None else -1
        self.box.setCurrentIndex(index if index >= 0 else (0 if self.box.count() else -1))
        self.box.blockSignals(False)
        self._changed()

    def select(self, item_id: int, label: str) -> None:
        index = self.box.findData(item_id)
        if index < 0:
            self.box.insertItem(0, label, item_id)
            index = 0
        self.box.setCurrentIndex(index)

    @Slot()
    def _changed(self) -> None:
        value = self.value()
        if value is not None:
            self.picked.emit(value)

    def value(self) -> int | None:
        data = self.box.currentData()
        return int(data) if data is not None else None


class StayDialog(_Dialog):
    """登记入住: a client in a unit from a date, as owner or tenant."""

    def __init__(self, ctx: UiContext, project_id: int, *, unit: UnitView | None = None,
                 client: ClientView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "登记入住", parent)
        archives = ctx.services.archives
        self.unit_picker = Picker(lambda text: archives.find_units(project_id, text), lambda u: u.label,
                                  "输入楼栋或房号查找", self)
        self.client_picker = Picker(lambda text: archives.find_clients(project_id, text),
                                    lambda c: f"{c.name}（{c.kind}）", "输入姓名、拼音首字母或电话查找", self)
        self.form.add("unit", "房屋", self.unit_picker, True)
        self.form.add("client", "客户", self.client_picker, True)
        if unit is not None:
            self.unit_picker.select(unit.id, unit.label)
            self.unit_picker.setEnabled(False)
        if client is not None:
            self.client_picker.select(client.id, client.name)
            self.client_picker.setEnabled(False)
        self.role = combo(arc.ROLES)
        self.move_in = date_edit(ctx.now().date())
        self.note = QLineEdit()
        self.form.add("role", "客户身份", self.role, True)
        self.form.add("move_in", "入住日期", self.move_in, True)
        self.form.add("note", "说明", self.note)
        self.setMinimumWidth(560)

    def _save(self) -> int:
        unit_id, client_id = self.unit_picker.value(), self.client_picker.value()
        errors = {}
        if unit_id is None:
            errors["unit"] = "请选择房屋"
        if client_id is None:
            errors["client"] = "请选择客户"
        if errors:
            raise ValidationError(errors)
        assert unit_id is not None and client_id is not None
        draft = arc.OccupancyDraft(unit_id, client_id, self.role.currentText(), edit_date(self.move_in), None,
                                   self.note.text())
        return self.ctx.services.archives.move_in(draft, self.ctx.operator).id


class MoveOutDialog(_Dialog):
    """迁出: the stay ends; its file stays under the unit as 退场 (一户一档)."""

    def __init__(self, ctx: UiContext, stay_id: int, who: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"迁出：{who}", parent)
        self.stay_id = stay_id
        hint = QLabel("迁出后，该户的档案仍保留在房屋档案中（退场），不会删除。", self)
        hint.setObjectName("hintText")
        self.body.insertWidget(0, hint)
        self.move_out = date_edit(ctx.now().date())
        self.note = QLineEdit()
        self.note.setPlaceholderText("租约到期、房屋出售 …")
        self.form.add("move_out", "迁出日期", self.move_out, True)
        self.form.add("note", "说明", self.note)

    def _save(self) -> int:
        return self.ctx.services.archives.move_out(self.stay_id, edit_date(self.move_out), self.ctx.operator,
                                                   self.note.text()).id


class EmployeeDialog(_Dialog):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "登记员工", parent)
        self.client_id = client_id
        self.name, self.post, self.id_no, self.phone = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.id_type = combo(("", "居民身份证", "护照", "其他"))
        self.started = date_edit(ctx.now().date())
        for key, label, widget, required in (
                ("name", "员工姓名", self.name, True), ("post", "职务", self.post, False),
                ("id_type", "证件类型", self.id_type, False), ("id_no", "证件号码", self.id_no, False),
                ("phone", "联系电话", self.phone, False), ("started_on", "入职日期", self.started, False)):
            self.form.add(key, label, widget, required)

    def _save(self) -> int:
        draft = arc.EmployeeDraft(self.name.text(), self.post.text(), self.id_type.currentText(), self.id_no.text(),
                                  self.phone.text(), edit_date(self.started))
        return self.ctx.services.archives.save_employee(self.client_id, draft).id


class EntryDialog(_Dialog):
    """A dated record of the archive (篇3 §3): a payment or deposit, a letter, a violation, a document …"""

    def __init__(self, ctx: UiContext, *, client_id: int | None = None, unit_id: int | None = None,
                 kind: str = "", entry: EntryView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "修改档案记录" if entry else "添加档案记录", parent)
        self.client_id, self.unit_id, self.entry = client_id, unit_id, entry
        e = entry
        self.kind = QComboBox()
        for code in arc.ENTRY_KINDS:
            self.kind.addItem(arc.KIND_BY_CODE[code].label, code)
        chosen = e.kind if e else kind
        if chosen in arc.ENTRY_KINDS:
            self.kind.setCurrentIndex(arc.ENTRY_KINDS.index(chosen))
        self.occurred = date_edit(e.occurred_on if e else ctx.now().date())
        self.title = QLineEdit(e.title if e else "")
        self.title.setPlaceholderText("2026年9月物业费、装修押金、整改通知书 …")
        self.detail = QPlainTextEdit(e.detail if e else "")
        self.detail.setFixedHeight(70)
        self.amount = QLineEdit(f"{e.amount}" if e and e.amount is not None else "")
        self.deposit = QCheckBox("这是一笔押金（收取后待退还）")
        self.deposit.setChecked(bool(e and e.deposit))
        self.returned = QCheckBox("已退还，退还日期：")
        self.returned.setChecked(bool(e and e.returned_on))
        self.returned_on = date_edit(e.returned_on if e and e.returned_on else ctx.now().date())
        returned_row = QWidget()
        row = QHBoxLayout(returned_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.returned)
        row.addWidget(self.returned_on, 1)
        self.reference = QLineEdit(e.reference if e else "")
        for key, label, widget, required in (
                ("kind", "档案类别", self.kind, True), ("occurred_on", "日期", self.occurred, True),
                ("title", "事项", self.title, True), ("detail", "内容", self.detail, False),
                ("amount", "金额（元）", self.amount, False), ("deposit", "押金", self.deposit, False),
                ("returned_on", "退还", returned_row, False), ("reference", "单据/文件编号", self.reference, False)):
            self.form.add(key, label, widget, required)
        self.attachments = AttachmentStrip(ctx, self)
        if e is not None:
            self.attachments.set_entry(e.id, e.attachments)
            self.body.insertWidget(1, self.attachments)
        self.setMinimumWidth(540)

    def _save(self) -> int:
        draft = arc.EntryDraft(
            str(self.kind.currentData()), edit_date(self.occurred), self.title.text(), self.detail.toPlainText(),
            self.amount.text() or None, self.deposit.isChecked(),
            edit_date(self.returned_on) if self.returned.isChecked() else None,
            self.reference.text(), self.entry.by if self.entry else self.ctx.operator)
        return self.ctx.services.archives.add_entry(draft, client_id=self.client_id, unit_id=self.unit_id,
                                                    entry_id=self.entry.id if self.entry else None).id
