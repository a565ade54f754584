"""审计日志 (主任/管理员): who changed what and when, filtered and exported to Excel; and the recycle
bin, where a deleted record (with everything deleted with it) is put back or, by the 管理员 alone,
removed for good. Nothing here can change a line of the trail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.auth import Permission
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.audit import AuditEntryView, AuditFilter, DeletedGroup
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.context import UiContext

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 500
ALL = "（全部）"
ACTIONS = ("新增", "修改", "删除", "批量新增", "批量修改", "恢复", "登录", "登录失败", "退出", "导出", "备份",
           "自动备份", "从备份恢复", "永久删除")


class AuditTableModel(QAbstractTableModel):
    AT, ACTOR, ACTION, TABLE, RECORD, FIELD, OLD, NEW, NOTE = range(9)
    HEADERS = ("时间", "操作人", "操作", "数据", "记录编号", "字段", "原值", "新值", "说明")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AuditEntryView] = []

    def set_rows(self, rows: list[AuditEntryView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def add_rows(self, rows: list[AuditEntryView]) -> None:
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        e = self.rows[index.row()]
        if role == ROW_ROLE:
            return e
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.action, e.table, e.record_id, e.field, e.old, e.new,
                      e.note + (f"（电脑：{e.origin}）" if role == Qt.ItemDataRole.ToolTipRole and e.origin else ""))
            text = values[index.column()] if 0 <= index.column() < len(values) else ""
            if role == Qt.ItemDataRole.DisplayRole and len(text) > 120:
                return text[:120] + "…"
            return text
        return None


class AuditDialog(QDialog):
    """Non-modal; opened from the 数据安全 menu by those with 查看审计日志."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("审计日志")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1280, 720)
        self.total = 0
        self.export_path: Path | None = None

        today = ctx.now().date()
        self.day_from = QDateEdit(QDate(today.year, today.month, today.day).addDays(-30))
        self.day_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.day_from, self.day_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.actor = QComboBox()
        self.table = QComboBox()
        self.action = QComboBox()
        self.action.addItem(ALL, "")
        for a in ACTIONS:
            self.action.addItem(a, a)
        self.actor.setMinimumWidth(110)
        self.table.setMinimumWidth(150)
        self.action.setMinimumWidth(100)
        self.text = QLineEdit()
        self.text.setPlaceholderText("记录编号或内容中的文字")
        self.text.returnPressed.connect(self.search)
        self.search_button = QPushButton("查询")
        self.search_button.setProperty("primary", True)
        self.search_button.clicked.connect(self.search)
        self.export_button = QPushButton("导出Excel")
        self.export_button.clicked.connect(self.ask_export)
        bar = QHBoxLayout()
        for label, widget in (("日期", self.day_from), ("至", self.day_to), ("操作人", self.actor),
                              ("数据", self.table), ("操作", self.action), ("查找", self.text)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search_button)
        bar.addWidget(self.export_button)

        self.model = AuditTableModel()
        self.view = QTableView()
        self.view.setObjectName("auditLog")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for col, width in enumerate((150, 80, 70, 100, 70, 100, 260, 260, 200)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        self.count_label = QLabel()
        self.more_button = QPushButton("显示更多")
        self.more_button.clicked.connect(self.more)
        foot = QHBoxLayout()
        foot.addWidget(self.count_label, 1)
        foot.addWidget(self.more_button)
        note = QLabel("审计日志只能追加：程序中没有任何地方可以修改或删除它，数据库也会拒绝修改。")
        note.setStyleSheet("color: #555555;")

        log_page = QWidget()
        log_layout = QVBoxLayout(log_page)
        log_layout.addLayout(bar)
        log_layout.addWidget(self.view, 1)
        log_layout.addLayout(foot)
        log_layout.addWidget(note)
        self.tabs = QTabWidget()
        self.tabs.addTab(log_page, "审计日志")
        self.bin_page: RecycleBinPage | None = None
        if ctx.can(Permission.RESTORE_DELETED):
            self.bin_page = RecycleBinPage(ctx)
            self.tabs.addTab(self.bin_page, "回收站")
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._fill_choices()
        self.search()

    def _fill_choices(self) -> None:
        audit = self.ctx.services.audit
        self.actor.clear()
        self.actor.addItem(ALL, "")
        self.table.clear()
        self.table.addItem(ALL, "")
        try:
            for name in audit.actors():
                self.actor.addItem(name, name)
            for name, label in audit.tables():
                self.table.addItem(label, name)
        except DomainError as exc:
            msgbox.warning(self, "审计日志", exc.message)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(self.day_from.date().toPython(), self.day_to.date().toPython(),  # type: ignore[arg-type]
                           str(self.actor.currentData() or ""), str(self.table.currentData() or ""),
                           str(self.action.currentData() or ""), self.text.text())

    @Slot()
    def search(self) -> None:
        try:
            page = self.ctx.services.audit.page(self.current_filter(), 0, PAGE)
        except DomainError as exc:
            msgbox.warning(self, "审计日志", exc.message)
            return
        self.total = page.total
        self.model.set_rows(list(page.rows))
        self._update_count()

    @Slot()
    def more(self) -> None:
        try:
            page = self.ctx.services.audit.page(self.current_filter(), len(self.model.rows), PAGE)
        except DomainError as exc:
            msgbox.warning(self, "审计日志", exc.message)
            return
        self.model.add_rows(list(page.rows))
        self._update_count()

    def _update_count(self) -> None:
        shown = len(self.model.rows)
        self.count_label.setText(f"共 {self.total} 条，显示 {shown} 条" if self.total else "没有符合条件的记录")
        self.more_button.setEnabled(shown < self.total)

    # --- export ----------------------------------------------------------------------------------------
    @Slot()
    def ask_export(self) -> QFileDialog:
        name = f"审计日志-{self.ctx.now():%Y%m%d-%H%M}.xlsx"
        folder = Path(str(self.ctx.settings.value("paths/audit_export_dir", "") or Path.home()))
        dialog = QFileDialog(self, "导出审计日志", str(folder / name), "Excel 工作簿 (*.xlsx)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(self.export_to)
        dialog.open()
        return dialog

    @Slot(str)
    def export_to(self, path: str) -> None:
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self.export_path = target
        self.ctx.settings.setValue("paths/audit_export_dir", str(target.parent))
        audit, f = self.ctx.services.audit, self.current_filter()
        run_job(self, "正在导出审计日志…", lambda progress: audit.export(f, target, progress),
                self._exported, self._export_failed)

    def _exported(self, count: object) -> None:
        msgbox.information(self, "导出完成", f"已导出 {count} 条审计记录到：\n{self.export_path}")

    def _export_failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(self, "不能导出", exc.message)
        elif isinstance(exc, OSError):
            msgbox.warning(self, "不能导出", f"无法写入「{self.export_path}」：文件可能正在 Excel 中打开，请关闭后重试。")
        else:
            msgbox.error(self, "不能导出", f"导出时出错：{exc}", detail=trace)


class RecycleBinPage(QWidget):
    """Deleted records, one line per save that deleted them; 恢复 puts all of it back."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.groups: list[DeletedGroup] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("recycleBin")
        self.table.setHorizontalHeaderLabels(["删除时间", "删除人", "内容", "摘要"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(2, 220)
        self.restore_button = QPushButton("恢复")
        self.restore_button.clicked.connect(self.restore)
        self.purge_button = QPushButton("永久删除")
        self.purge_button.clicked.connect(self.purge)
        self.purge_button.setVisible(ctx.can(Permission.PURGE_DELETED))
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        note = QLabel("删除的记录都先放在回收站里，可以连同一起删除的处理过程、附件记录原样恢复。"
                      "只有管理员可以永久删除。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.reload()

    @Slot()
    def reload(self) -> None:
        try:
            self.groups = self.ctx.services.audit.deleted()
        except DomainError as exc:
            msgbox.warning(self, "回收站", exc.message)
            self.groups = []
        self.table.setRowCount(len(self.groups))
        for r, g in enumerate(self.groups):
            summary = "；".join(f"{i.table}：{i.summary}" for i in g.items[:3])
            for c, text in enumerate((f"{g.deleted_at:%Y-%m-%d %H:%M}", g.deleted_by, g.title, summary)):
                item = QTableWidgetItem(text[:200])
                item.setToolTip(text)
                self.table.setItem(r, c, item)

    def selected(self) -> DeletedGroup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.groups[rows[0].row()] if rows else None

    @Slot()
    def restore(self) -> None:
        group = self.selected()
        if group is None:
            msgbox.information(self, "回收站", "请先选择要恢复的记录")
            return
        try:
            count = self.ctx.services.audit.restore_deleted(group.txn)
        except DomainError as exc:
            msgbox.warning(self, "不能恢复", exc.message)
            return
        self.reload()
        self.ctx.data_changed.emit("complaints")
        for area in ("repairs", "revisits", "archives", "settings"):
            self.ctx.data_changed.emit(area)
        msgbox.information(self, "已恢复", f"已恢复 {count} 条记录（{group.title}）。")

    @Slot()
    def purge(self) -> None:
        group = self.selected()
        if group is None:
            msgbox.information(self, "回收站", "请先选择要永久删除的记录")
            return
        msgbox.question(self, "永久删除", f"永久删除「{group.title}」？删除后不能再恢复。",
                        lambda: self._purge(group), yes_text="永久删除", no_text="取消")

    def _purge(self, group: DeletedGroup) -> None:
        try:
            self.ctx.services.audit.purge_deleted(group.txn)
        except DomainError as exc:
            msgbox.warning(self, "不能永久删除", exc.message)
            return
        self.reload()
