"""The 客户 and 房屋 pages of the archives tab: lists searched in SQL (name, pinyin initials, unit, phone,
ID last digits), personal data masked; each opens the archive screen of a client or a unit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain import archives as arc
from wuye_desktop.domain.auth import Permission
from wuye_desktop.services.archives_views import ClientView, Page, UnitView
from wuye_desktop.ui.archives.models import Col, PagedModel, RowsModel
from wuye_desktop.ui.archives.people_dialogs import ClientDialog, StayDialog, UnitDialog
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.import_dialog import ExcelImportDialog
from wuye_desktop.ui.common.paper import XlsxExport
from wuye_desktop.ui.context import UiContext

SEARCH_DELAY_MS = 250
IMPORT_HINT = ("客户名单为 Excel 工作簿（.xlsx）：第一个工作表，一行表头，列的顺序不限。必填列：房号、客户名称；"
               "房号可写成 A座1203、3栋2单元501，或分列填写楼栋、单元、楼层、房号。可选列：房屋类型、建筑面积、客户类型、"
               "客户身份（业主/租户）、证件类型、证件号码、联系电话、联系人、电子邮箱、通讯地址、入住日期、紧急联系人、"
               "紧急联系人关系、紧急联系人电话、备注。")


def make_table(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


def set_widths(view: QTableView, model: RowsModel) -> None:
    """Each column its planned width, never narrower than its header text."""
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    for i, col in enumerate(model.columns):
        header.resizeSection(i, max(col.width, metrics.horizontalAdvance(col.header) + 24))


CLIENT_COLUMNS = (
    Col("客户名称", lambda c: c.name, 220),
    Col("类型", lambda c: c.kind, 50),
    Col("房屋", lambda c: c.units, 160),
    Col("状态", lambda c: c.state, 60, tone=lambda c: "grey" if c.state == "退场" else ""),
    Col("联系电话", lambda c: c.phone_masked, 120),
    Col("证件号码", lambda c: c.id_masked, 170),
    Col("联系人", lambda c: c.contact, 80),
)


class ClientsPage(QWidget):
    """客户: every client of the project; 查看档案 opens the one-screen archive (and logs the view)."""

    archive_requested = Signal(int)
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(self)
        self.search.setObjectName("clientSearch")
        self.search.setPlaceholderText("姓名、拼音首字母、房号、电话或证件号后4位")
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox(self)
        self.kind.addItems(["全部类型", *arc.CLIENT_KINDS])
        self.state = QComboBox(self)
        self.state.addItems(["全部状态", "在住", "退场", "无房屋"])
        self.new_button = QPushButton("登记客户", self)
        self.open_button = QPushButton("查看档案", self)
        self.edit_button = QPushButton("修改资料", self)
        self.export_button = QToolButton(self)
        self.export_button.setText("导出客户名单")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.export_button)
        self.export_masked = QAction("导出（证件号码和电话部分隐藏）", self)
        self.export_whole = QAction("导出（完整证件号码和电话，记入查阅记录）", self)
        menu.addAction(self.export_masked)
        menu.addAction(self.export_whole)
        self.export_button.setMenu(menu)
        self.export_button.setDefaultAction(self.export_masked)
        self.export_whole.setEnabled(ctx.can(Permission.EXPORT_PERSONAL))  # issue 7: whole data by role
        self.export_button.setText("导出客户名单")
        self.import_button = QPushButton("导入客户名单", self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("查找：", self))
        bar.addWidget(self.search, 2)
        bar.addWidget(self.kind)
        bar.addWidget(self.state)
        bar.addStretch(1)
        for b in (self.new_button, self.open_button, self.edit_button, self.export_button, self.import_button):
            bar.addWidget(b)
        self.model = PagedModel(CLIENT_COLUMNS, self._fetch, self)
        self.view = make_table(self.model, "clientTable")
        set_widths(self.view, self.model)
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self.kind.currentIndexChanged.connect(self.reload)
        self.state.currentIndexChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_client)
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.export_masked.triggered.connect(self.export_clients)
        self.export_whole.triggered.connect(self.export_clients_whole)
        self.import_button.clicked.connect(self.import_clients)
        self.view.doubleClicked.connect(self._open_index)
        self.model.reloaded.connect(self._count)

    def query(self) -> arc.ClientQuery:
        kind = self.kind.currentText() if self.kind.currentIndex() > 0 else ""
        state = self.state.currentText() if self.state.currentIndex() > 0 else ""
        return arc.ClientQuery(self.ctx.project_id, self.search.text(), kind, state)

    def _fetch(self, offset: int, limit: int, with_total: bool) -> Page:
        return self.ctx.services.archives.clients(self.query(), offset, limit, with_total)

    @Slot()
    def reload(self) -> None:
        self.model.reload()

    @Slot()
    def _count(self) -> None:
        self.count_label.setText(self.model.count_text("户客户"))

    def selected(self) -> ClientView | None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, ClientView) else None

    @Slot()
    def new_client(self) -> ClientDialog:
        dialog = ClientDialog(self.ctx, project_id=self.ctx.working_project_id, parent=self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot(int)
    def _saved(self, client_id: int) -> None:
        self.reload()
        self.status_message.emit("客户资料已保存")

    @Slot()
    def edit_selected(self) -> ClientDialog | None:
        client = self.selected()
        if client is None:
            self.status_message.emit("请先在列表中选择一位客户")
            return None
        dialog = ClientDialog(self.ctx, self.ctx.services.archives.client(client.id), parent=self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if isinstance(row, ClientView):
            self.archive_requested.emit(row.id)

    @Slot()
    def open_selected(self) -> None:
        client = self.selected()
        if client is None:
            self.status_message.emit("请先在列表中选择一位客户")
            return
        self.archive_requested.emit(client.id)

    @Slot()
    def export_clients(self, whole: bool = False) -> XlsxExport:
        q, by, service = self.query(), self.ctx.operator, self.ctx.services.archive_excel
        export = XlsxExport(self.ctx.settings, self.ctx.now, self, "客户名单",
                            lambda out, progress: service.export_clients(q, out, by, whole=whole, progress=progress),
                            "户", "paths/archive_export_dir",
                            "\n（证件号码和电话为完整显示，已记入查阅记录）" if whole else "")
        export.ask_file()
        return export

    @Slot()
    def export_clients_whole(self) -> XlsxExport:
        return self.export_clients(True)

    @Slot()
    def import_clients(self) -> ExcelImportDialog | None:
        project_id = self.ctx.working_project_id
        if project_id is None:
            msgbox.warning(self, "不能导入", "没有管理处：请先在设置中添加管理处。")
            return None
        name = self.ctx.services.settings.project(project_id).name
        excel, links, by = self.ctx.services.archive_excel, self.ctx.services.archive_links, self.ctx.operator

        def commit(preview: object, progress: object) -> object:
            result = excel.commit_import(preview, by, progress)  # type: ignore[arg-type]
            links.match_existing(project_id, by)  # cases of the newly registered units find their unit
            return result

        dialog = ExcelImportDialog(
            self, settings=self.ctx.settings, title="导入客户名单", hint=IMPORT_HINT, target=f"导入到管理处：{name}",
            check=lambda path, progress: excel.preview_import(Path(path), project_id, progress), commit=commit,
            ready_text=lambda p: (f"检查通过：共 {len(p.rows)} 行可以导入（新房屋 {p.new_units} 处，新客户 "
                                  f"{p.new_clients} 户）。点「导入」开始。"),
            done_text=lambda r: (f"已导入：新房屋 {r.units} 处，新客户 {r.clients} 户，入住记录 {r.stays} 条，"
                                 f"紧急联系人 {r.contacts} 位。"),
            last_dir_key="paths/client_import_dir")
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    @Slot(object)
    def _imported(self, _result: object) -> None:
        self.ctx.data_changed.emit("archives")


UNIT_COLUMNS = (
    Col("房屋", lambda u: u.label, 130),
    Col("楼栋", lambda u: u.building, 60),
    Col("单元", lambda u: u.entrance, 60),
    Col("楼层", lambda u: str(u.floor), 50),
    Col("房号", lambda u: u.room, 60),
    Col("类型", lambda u: u.kind, 60),
    Col("建筑面积", lambda u: u.area_text, 90),
    Col("状态", lambda u: u.state, 50, tone=lambda u: "grey" if u.state == "空置" else ""),
    Col("当前客户", lambda u: u.occupants, 240),
)


class UnitsPage(QWidget):
    """房屋: the unit register by building, floor, room (一户一档)."""

    archive_requested = Signal(int)
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("房号，如 1203、3栋2单元")
        self.search.setClearButtonEnabled(True)
        self.building = QComboBox(self)
        self.kind = QComboBox(self)
        self.kind.addItems(["全部类型", *arc.UNIT_KINDS])
        self.vacant = QCheckBox("只看空置", self)
        self.new_button = QPushButton("登记房屋", self)
        self.open_button = QPushButton("查看房屋档案", self)
        self.edit_button = QPushButton("修改", self)
        self.stay_button = QPushButton("登记入住", self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("查找：", self))
        bar.addWidget(self.search, 2)
        bar.addWidget(self.building)
        bar.addWidget(self.kind)
        bar.addWidget(self.vacant)
        bar.addStretch(1)
        for b in (self.new_button, self.open_button, self.edit_button, self.stay_button):
            bar.addWidget(b)
        self.model = PagedModel(UNIT_COLUMNS, self._fetch, self, page_size=500)
        self.view = make_table(self.model, "unitTable")
        set_widths(self.view, self.model)
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self.building.currentIndexChanged.connect(self.reload)
        self.kind.currentIndexChanged.connect(self.reload)
        self.vacant.toggled.connect(self.reload)
        self.new_button.clicked.connect(self.new_unit)
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.stay_button.clicked.connect(self.move_in)
        self.view.doubleClicked.connect(self._open_index)
        self.model.reloaded.connect(self._count)
        self.fill_buildings()

    def fill_buildings(self) -> None:
        current = self.building.currentText()
        self.building.blockSignals(True)
        self.building.clear()
        self.building.addItem("全部楼栋")
        self.building.addItems(self.ctx.services.archives.buildings(self.ctx.project_id))
        index = self.building.findText(current)
        self.building.setCurrentIndex(max(index, 0))
        self.building.blockSignals(False)

    def query(self) -> arc.UnitQuery:
        building = self.building.currentText() if self.building.currentIndex() > 0 else ""
        kind = self.kind.currentText() if self.kind.currentIndex() > 0 else ""
        return arc.UnitQuery(self.ctx.project_id, self.search.text(), building, kind, self.vacant.isChecked())

    def _fetch(self, offset: int, limit: int, with_total: bool) -> Page:
        return self.ctx.services.archives.units(self.query(), offset, limit)

    @Slot()
    def reload(self) -> None:
        self.model.reload()

    @Slot()
    def _count(self) -> None:
        self.count_label.setText(self.model.count_text("处房屋"))

    def selected(self) -> UnitView | None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, UnitView) else None

    @Slot()
    def new_unit(self) -> UnitDialog:
        dialog = UnitDialog(self.ctx, project_id=self.ctx.working_project_id, parent=self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot(int)
    def _saved(self, _id: int) -> None:
        self.fill_buildings()
        self.reload()
        self.status_message.emit("已保存")

    @Slot()
    def edit_selected(self) -> UnitDialog | None:
        unit = self.selected()
        if unit is None:
            self.status_message.emit("请先在列表中选择一处房屋")
            return None
        dialog = UnitDialog(self.ctx, unit, parent=self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot()
    def move_in(self) -> StayDialog | None:
        unit = self.selected()
        if unit is None:
            self.status_message.emit("请先在列表中选择一处房屋")
            return None
        dialog = StayDialog(self.ctx, unit.project_id, unit=unit, parent=self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if isinstance(row, UnitView):
            self.archive_requested.emit(row.id)

    @Slot()
    def open_selected(self) -> None:
        unit = self.selected()
        if unit is None:
            self.status_message.emit("请先在列表中选择一处房屋")
            return
        self.archive_requested.emit(unit.id)
