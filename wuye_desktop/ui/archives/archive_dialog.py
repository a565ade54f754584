"""The archive of one client or one unit on one screen (篇3 §3, 一户一档): the twelve kinds as a list with
counts, each a table of dated records (archive records, filled forms, deposits, stays, repair requests,
complaints); stays with move-out (退场), a company's employees; add a record, fill a form, attach scans,
print, export. Opening the screen is written to the access log."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.auth import Permission
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.archives_views import ArchiveItem, ClientArchive, EmployeeView, StayView, UnitArchive
from wuye_desktop.ui.archives.form_dialog import FormRecordDialog
from wuye_desktop.ui.archives.models import Col, RowsModel, date_text, money_text
from wuye_desktop.ui.archives.people_dialogs import (
    ClientDialog,
    EmployeeDialog,
    EntryDialog,
    MoveOutDialog,
    StayDialog,
    UnitDialog,
)
from wuye_desktop.ui.archives.people_pages import make_table, set_widths
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.paper import XlsxExport, print_folder, safe_name, show_pdf
from wuye_desktop.ui.context import UiContext

KIND_ROLE = Qt.ItemDataRole.UserRole + 1

ITEM_COLUMNS = (
    Col("日期", lambda i: date_text(i.on), 90),
    Col("来源", lambda i: i.source, 70),
    Col("事项", lambda i: i.title, 230),
    Col("内容", lambda i: i.detail, 240),
    Col("金额（元）", lambda i: money_text(i.amount), 90),
    Col("状态", lambda i: i.status, 130,
        tone=lambda i: "red" if i.status.startswith(("未退还", "已过期")) else ("grey" if i.status == "退场" else "")),
    Col("扫描件", lambda i: str(i.attachments or ""), 50),
)
STAY_COLUMNS = (
    Col("房屋", lambda s: s.unit_label, 120),
    Col("客户", lambda s: s.client_name, 200),
    Col("身份", lambda s: s.role, 50),
    Col("入住日期", lambda s: date_text(s.move_in), 90),
    Col("迁出日期", lambda s: date_text(s.move_out), 90),
    Col("状态", lambda s: s.state, 50, tone=lambda s: "grey" if s.state == "退场" else "green"),
    Col("说明", lambda s: s.note, 200),
)
EMPLOYEE_COLUMNS = (
    Col("姓名", lambda e: e.name, 90),
    Col("职务", lambda e: e.post, 100),
    Col("证件号码", lambda e: e.id_no, 170),
    Col("联系电话", lambda e: e.phone, 120),
    Col("入职日期", lambda e: date_text(e.started_on), 90),
    Col("状态", lambda e: e.state, 70, tone=lambda e: "grey" if e.left_on else ""),
)


def employee_columns(ctx: UiContext) -> tuple[Col, ...]:
    """The employees as the record shows them: ID numbers and phones whole or masked by the role (issue 7)."""
    shown = {"证件号码": lambda e: ctx.show_id(e.id_no), "联系电话": lambda e: ctx.show_phone(e.phone)}
    return tuple(Col(c.header, shown[c.header], c.width, c.tone, c.tip) if c.header in shown else c
                 for c in EMPLOYEE_COLUMNS)


class ArchiveDialog(QDialog):
    """``ArchiveDialog(ctx, client_id=…)`` or ``ArchiveDialog(ctx, unit_id=…)``."""

    complaint_requested = Signal(int)

    def __init__(self, ctx: UiContext, *, client_id: int | None = None, unit_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert (client_id is None) != (unit_id is None)
        self.ctx = ctx
        self.client_id, self.unit_id = client_id, unit_id
        self.archive: ClientArchive | UnitArchive | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("archiveDialog")

        self.header = QLabel(self)
        self.header.setObjectName("archiveHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.edit_button = QPushButton("修改资料" if client_id else "修改房屋", self)
        self.stay_button = QPushButton("登记入住", self)
        self.export_button = QToolButton(self)
        self.export_button.setText("导出档案")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        export_menu = QMenu(self.export_button)
        self.export_masked = QAction("导出档案（证件号码和电话部分隐藏）", self)
        self.export_whole = QAction("导出档案（完整证件号码和电话，记入查阅记录）", self)
        export_menu.addAction(self.export_masked)
        export_menu.addAction(self.export_whole)
        self.export_button.setMenu(export_menu)
        self.export_button.setDefaultAction(self.export_masked)
        self.export_button.setText("导出档案")
        self.export_button.setVisible(client_id is not None)
        self.export_whole.setEnabled(ctx.can(Permission.EXPORT_PERSONAL))  # issue 7: whole data by role
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        for w in (self.edit_button, self.stay_button, self.export_button):
            top.addWidget(w, 0, Qt.AlignmentFlag.AlignTop)

        # The twelve kinds on the left, the chosen kind's records on the right.
        self.kinds = QListWidget(self)
        self.kinds.setObjectName("archiveKinds")
        for n, kind in enumerate(arc.ARCHIVE_KINDS, start=1):
            item = QListWidgetItem(f"{n}. {kind.label}")
            item.setData(KIND_ROLE, kind.code)
            item.setToolTip(kind.source)
            self.kinds.addItem(item)
        self.kinds.setMinimumWidth(180)
        self.items = RowsModel(ITEM_COLUMNS, self)
        self.items_view = make_table(self.items, "archiveItems")
        set_widths(self.items_view, self.items)
        self.note = QLabel(self)
        self.note.setObjectName("hintText")
        self.note.hide()
        self.add_button = QPushButton("添加记录", self)
        self.form_button = QToolButton(self)
        self.form_button.setText("填写登记表")
        self.form_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.form_menu = QMenu(self.form_button)
        self.form_button.setMenu(self.form_menu)
        self.open_button = QPushButton("打开", self)
        self.print_button = QPushButton("打印", self)
        self.return_button = QPushButton("退还押金", self)
        item_buttons = QHBoxLayout()
        for w in (self.add_button, self.form_button, self.open_button, self.print_button, self.return_button):
            item_buttons.addWidget(w)
        item_buttons.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.items_view, 1)
        right_layout.addWidget(self.note)
        right_layout.addLayout(item_buttons)
        split = QSplitter(self)
        split.addWidget(self.kinds)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 960])

        self.stays = RowsModel(STAY_COLUMNS, self)
        self.stays_view = make_table(self.stays, "archiveStays")
        set_widths(self.stays_view, self.stays)
        self.move_out_button = QPushButton("迁出…", self)
        stays_page = QWidget(self)
        stays_layout = QVBoxLayout(stays_page)
        stays_layout.addWidget(self.stays_view, 1)
        stays_layout.addWidget(self.move_out_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.employees = RowsModel(employee_columns(ctx), self)
        self.employees_view = make_table(self.employees, "archiveEmployees")
        set_widths(self.employees_view, self.employees)
        self.employee_button = QPushButton("登记员工", self)
        self.leave_button = QPushButton("填写辞职、辞退员工名单记录表", self)
        employees_page = QWidget(self)
        employees_layout = QVBoxLayout(employees_page)
        employees_layout.addWidget(self.employees_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.employee_button)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        employees_layout.addLayout(buttons)

        self.pages = QTabWidget(self)
        self.pages.addTab(split, "档案内容")
        self.pages.addTab(stays_page, "入住记录")
        self.employees_index = self.pages.addTab(employees_page, "员工")
        self.close_button = QPushButton("关闭", self)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a list must not edit the client or move anyone out
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        self.kinds.currentRowChanged.connect(self._show_kind)
        self.items_view.doubleClicked.connect(self._open_index)
        self.add_button.clicked.connect(self.add_entry)
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.return_button.clicked.connect(self.return_deposit)
        self.edit_button.clicked.connect(self.edit_subject)
        self.stay_button.clicked.connect(self.move_in)
        self.move_out_button.clicked.connect(self.move_out)
        self.employee_button.clicked.connect(self.add_employee)
        self.leave_button.clicked.connect(self.employee_left)
        self.export_masked.triggered.connect(self.export_archive)
        self.export_whole.triggered.connect(self.export_archive_whole)
        self.close_button.clicked.connect(self.close)
        ctx.data_changed.connect(self._on_data_changed)
        self._build_form_menu()
        self.load(log=True)
        self.kinds.setCurrentRow(0)
        self.resize(1180, 720)

    # --- loading --------------------------------------------------------------------------------------------
    def load(self, log: bool = False) -> None:
        a = self.ctx.services.archives
        if self.client_id is not None:
            archive: ClientArchive | UnitArchive = a.client_archive(self.client_id, self.ctx.operator, log=log)
            assert isinstance(archive, ClientArchive)
            c = archive.client
            self.setWindowTitle(f"客户档案 — {c.name}")
            facts = [f"<span style='font-size:14pt;font-weight:bold'>{c.name}</span>　{c.kind}　"
                     f"<span style='color:{'#757575' if c.state == '退场' else '#2e7d32'}'>{c.state}</span>",
                     f"房屋：{c.units or '—'}　联系电话：{self.ctx.show_phone(c.phone) or '—'}　"
                     f"联系人：{c.contact or '—'}",
                     f"证件：{c.id_type} {self.ctx.show_id(c.id_no)}" if c.id_no else "证件：—"]
            if c.kind == "单位":
                facts.append(f"单位性质：{c.nature or '—'}　所属行业：{c.industry or '—'}　"
                             f"法定代表人/负责人：{c.legal_rep or '—'}")
            self.employees.set_rows(archive.employees)
            self.pages.setTabVisible(self.employees_index, c.kind == "单位")
        else:
            assert self.unit_id is not None
            archive = a.unit_archive(self.unit_id, self.ctx.operator, log=log)
            assert isinstance(archive, UnitArchive)
            u = archive.unit
            self.setWindowTitle(f"房屋档案 — {u.label}")
            retired = sum(1 for s in archive.stays if s.state == "退场")
            facts = [f"<span style='font-size:14pt;font-weight:bold'>{u.label}</span>　{u.kind}　{u.area_text}",
                     f"楼栋：{u.building}　单元：{u.entrance or '—'}　楼层：{u.floor}　房号：{u.room}",
                     f"当前客户：{u.occupants or '空置'}" + (f"　已退场 {retired} 户（档案保留）" if retired else "")]
            self.pages.setTabVisible(self.employees_index, False)
        self.archive = archive
        self.header.setText("<br>".join(facts))
        self.stays.set_rows(archive.stays)
        for i in range(self.kinds.count()):
            item = self.kinds.item(i)
            code = item.data(KIND_ROLE)
            kind = arc.KIND_BY_CODE[code]
            item.setText(f"{i + 1}. {kind.label}（{archive.count(code)}）")
        self.note.setText("；".join(archive.notes))
        self.note.setVisible(bool(archive.notes))
        self._show_kind(self.kinds.currentRow())

    @Slot(str)
    def _on_data_changed(self, area: str) -> None:
        if area in ("archives", "complaints", "repairs"):
            try:
                self.load(log=False)
            except DomainError:
                self.close()

    @Slot(int)
    def _show_kind(self, row: int) -> None:
        if self.archive is None or row < 0:
            return
        code = self.kinds.item(row).data(KIND_ROLE)
        self.items.set_rows(self.archive.items.get(code, ()))
        self.add_button.setEnabled(code in arc.ENTRY_KINDS)

    def current_kind(self) -> str:
        item = self.kinds.currentItem()
        return str(item.data(KIND_ROLE)) if item else "unit_data"

    def selected_item(self) -> ArchiveItem | None:
        index = self.items_view.currentIndex()
        row = self.items.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, ArchiveItem) else None

    def _subject_ids(self) -> tuple[int | None, int | None]:
        """(unit_id, client_id) a new record of this archive belongs to."""
        if isinstance(self.archive, ClientArchive):
            live = [s for s in self.archive.stays if s.state == "在住"]
            return (live[0].unit_id if len(live) == 1 else None), self.client_id
        return self.unit_id, None

    # --- records ---------------------------------------------------------------------------------------------
    def _build_form_menu(self) -> None:
        specs = self.ctx.services.form_records.specs
        if not specs:
            self.form_button.setEnabled(False)
            self.form_button.setToolTip("登记表定义文件有误，暂不能填写登记表")
            return
        for number, spec in specs.items():
            action = self.form_menu.addAction(f"{spec.code} {spec.title}")
            action.triggered.connect(partial(self.fill_form, number))

    def fill_form(self, number: str, _checked: bool = False) -> FormRecordDialog:
        spec = self.ctx.services.form_records.spec(number)
        unit_id, client_id = self._subject_ids()
        prefill: dict[str, Any] = {}
        project_id = None
        if isinstance(self.archive, ClientArchive):
            c = self.archive.client
            project_id = c.project_id
            prefill["client"] = c.name
            live = [s for s in self.archive.stays if s.state == "在住"]
            if live:
                prefill["unit"] = live[0].unit_label
        elif isinstance(self.archive, UnitArchive):
            project_id = self.archive.unit.project_id
            prefill["unit"] = self.archive.unit.label
            if self.archive.unit.occupants and "、" not in self.archive.unit.occupants:
                prefill["client"] = self.archive.unit.occupants
        dialog = FormRecordDialog(self.ctx, spec, prefill=prefill, unit_id=unit_id, client_id=client_id,
                                  project_id=project_id, parent=self)
        dialog.print_requested.connect(self.print_record)
        dialog.open()
        return dialog

    @Slot()
    def add_entry(self) -> EntryDialog:
        unit_id, client_id = self._subject_ids()
        dialog = EntryDialog(self.ctx, client_id=client_id, unit_id=unit_id, kind=self.current_kind(), parent=self)
        dialog.open()
        return dialog

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        self.open_selected()

    @Slot()
    def open_selected(self) -> QDialog | None:
        item = self.selected_item()
        if item is None:
            return None
        if item.ref == "entry":
            dialog: QDialog = EntryDialog(self.ctx, entry=self.ctx.services.archives.entry(item.ref_id), parent=self)
        elif item.ref == "record":
            record = self.ctx.services.form_records.get(item.ref_id)
            dialog = FormRecordDialog(self.ctx, self.ctx.services.form_records.spec(record.form_number), record,
                                      parent=self)
            dialog.print_requested.connect(self.print_record)
        elif item.ref == "complaint":
            self.complaint_requested.emit(item.ref_id)
            return None
        elif item.ref == "stay":
            self.pages.setCurrentIndex(1)
            return None
        else:
            msgbox.information(self, item.title, f"{item.title}\n{item.detail}\n状态：{item.status}")
            return None
        dialog.open()
        return dialog

    @Slot()
    def print_selected(self) -> None:
        item = self.selected_item()
        if item is None or item.ref != "record":
            self.note.setText("请选择一份登记表后再打印")
            self.note.show()
            return
        self.print_record(item.ref_id)

    @Slot(int)
    def print_record(self, record_id: int) -> QDialog | None:
        forms, by = self.ctx.services.form_records, self.ctx.operator
        target = print_folder(self.ctx.services.paths.root) / f"登记表-{record_id}-{self.ctx.now():%Y%m%d-%H%M%S}.pdf"
        hide = self.ctx.print_options()  # the paper shows no more than this user's screen (issue 7)
        return show_pdf(self, "打印登记表", lambda: forms.print_record(record_id, by, target, **hide))

    @Slot()
    def return_deposit(self) -> None:
        item = self.selected_item()
        if item is None or item.ref != "entry" or item.source != "押金":
            self.note.setText("请在「缴费记录及押金」中选择一笔登记为押金的档案记录")
            self.note.show()
            return
        try:
            self.ctx.services.archives.return_deposit(item.ref_id, self.ctx.now().date(), self.ctx.operator)
        except DomainError as exc:
            msgbox.warning(self, "不能退还", exc.message)
            return
        self.ctx.data_changed.emit("archives")

    # --- the client or unit itself ------------------------------------------------------------------------------
    @Slot()
    def edit_subject(self) -> QDialog:
        if isinstance(self.archive, ClientArchive):
            dialog: QDialog = ClientDialog(self.ctx, self.ctx.services.archives.client(self.archive.client.id),
                                           parent=self)
        else:
            assert isinstance(self.archive, UnitArchive)
            dialog = UnitDialog(self.ctx, self.archive.unit, parent=self)
        dialog.open()
        return dialog

    @Slot()
    def move_in(self) -> StayDialog:
        if isinstance(self.archive, ClientArchive):
            c = self.archive.client
            dialog = StayDialog(self.ctx, c.project_id, client=self.ctx.services.archives.client(c.id), parent=self)
        else:
            assert isinstance(self.archive, UnitArchive)
            dialog = StayDialog(self.ctx, self.archive.unit.project_id, unit=self.archive.unit, parent=self)
        dialog.open()
        return dialog

    @Slot()
    def move_out(self) -> MoveOutDialog | None:
        index = self.stays_view.currentIndex()
        stay = self.stays.row_at(index.row()) if index.isValid() else None
        if not isinstance(stay, StayView) or stay.move_out is not None:
            msgbox.information(self, "迁出", "请先选择一条尚未迁出的入住记录")
            return None
        dialog = MoveOutDialog(self.ctx, stay.id, f"{stay.client_name}（{stay.unit_label}）", self)
        dialog.open()
        return dialog

    @Slot()
    def add_employee(self) -> EmployeeDialog | None:
        if self.client_id is None:
            return None
        dialog = EmployeeDialog(self.ctx, self.client_id, self)
        dialog.open()
        return dialog

    @Slot()
    def employee_left(self) -> FormRecordDialog | None:
        """An employee leaves: the 31316 form, pre-filled, whose list offers to revoke cards and keys."""
        index = self.employees_view.currentIndex()
        employee = self.employees.row_at(index.row()) if index.isValid() else None
        try:
            dialog = self.fill_form("qms-pm-31316")
        except DomainError as exc:
            msgbox.warning(self, "不能填写", exc.message)
            return None
        if isinstance(employee, EmployeeView):
            dialog.set_values({"employee": employee.name, "post": employee.post,
                               "id_type": employee.id_type or None, "id_no": employee.id_no,
                               "left_on": self.ctx.now().date()})
            dialog.record_saved.connect(partial(self._employee_gone, employee.id))
        return dialog

    def _employee_gone(self, employee_id: int, record_id: int) -> None:
        """The 31316 record is saved: the employee is marked as left on the date it gives."""
        values = self.ctx.services.form_records.get(record_id).values
        left = values.get("left_on")
        kind = str(values.get("leave_kind") or "")
        if isinstance(left, date) and kind in arc.LEAVE_KINDS:
            self.ctx.services.archives.employee_left(employee_id, left, kind)
            self.ctx.data_changed.emit("archives")

    @Slot()
    def export_archive(self, whole: bool = False) -> XlsxExport | None:
        if not isinstance(self.archive, ClientArchive):
            return None
        client = self.archive.client
        excel, by = self.ctx.services.archive_excel, self.ctx.operator

        def write(out: Any, progress: Any) -> int:
            excel.export_archive(client.id, out, by, whole=whole)
            return sum(len(v) for v in self.archive.items.values()) if self.archive else 0

        export = XlsxExport(self.ctx.settings, self.ctx.now, self, f"客户档案-{safe_name(client.name)}", write, "条记录的",
                            "paths/archive_export_dir",
                            "\n（证件号码和电话为完整显示，已记入查阅记录）" if whole else "")
        export.ask_file()
        return export

    @Slot()
    def export_archive_whole(self) -> XlsxExport | None:
        return self.export_archive(True)
