"""备份与恢复: the backups the program keeps (daily, before upgrades), 「立即备份」, 「备份到…」 any folder
or USB stick, and 「从备份恢复…」 — checked before and counted after; the program then restarts."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Qt, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.auth import Permission
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.backup import BackupFile
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.context import UiContext

LAST_DIR_KEY = "paths/backup_dir"


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return ""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


class BackupDialog(QDialog):
    restart_required = Signal()  # the database was replaced: every screen must be rebuilt

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("备份与恢复")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(820, 520)
        self.files: list[BackupFile] = []
        self.last_result: object = None
        backup = ctx.services.backup
        where = QLabel(ctx.services.database_label)
        where.setWordWrap(True)
        rule = QLabel("每天第一次启动时自动备份一次，保留最近30天的每日备份和最近12个月的月末备份；"
                      "升级数据库结构前也会先备份。建议每周用「备份到…」另存一份到U盘或另一台电脑。")
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #555555;")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels(["备份时间", "种类", "大小"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 170)
        self.now_button = QPushButton("立即备份")
        self.now_button.setProperty("primary", True)
        self.now_button.clicked.connect(self.backup_now)
        self.to_button = QPushButton("备份到…")
        self.to_button.clicked.connect(self.ask_folder)
        self.restore_button = QPushButton("用选中的备份恢复")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton("从备份文件恢复…")
        self.restore_file_button.clicked.connect(self.ask_restore_file)
        self.open_button = QPushButton("打开备份文件夹")
        self.open_button.clicked.connect(self.open_folder)
        can_backup = ctx.can(Permission.BACKUP)
        can_restore = ctx.can(Permission.RESTORE)
        self.now_button.setEnabled(can_backup)
        self.to_button.setEnabled(can_backup)
        self.restore_button.setVisible(can_restore)
        self.restore_file_button.setVisible(can_restore)
        buttons = QHBoxLayout()
        for b in (self.now_button, self.to_button, self.restore_button, self.restore_file_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(rule)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.backup = backup
        self.reload()

    @Slot()
    def reload(self) -> None:
        self.files = self.backup.all_backups()
        self.table.setRowCount(len(self.files))
        for r, f in enumerate(self.files):
            kind = "自动备份" if f.automatic else ("升级前备份" if "before-migration" in f.path.name
                                               else ("恢复前的数据库" if "replaced" in f.path.name else "手动备份"))
            for c, text in enumerate((f"{f.made_at:%Y-%m-%d %H:%M}", f"{kind}　{f.path.name}", _size(f.path))):
                item = QTableWidgetItem(text)
                item.setToolTip(str(f.path))
                self.table.setItem(r, c, item)

    # --- backing up -------------------------------------------------------------------------------------
    @Slot()
    def backup_now(self) -> None:
        self._backup_into(self.ctx.services.paths.backups)

    @Slot()
    def ask_folder(self) -> QFileDialog:
        folder = str(self.ctx.settings.value(LAST_DIR_KEY, "") or Path.home())
        dialog = QFileDialog(self, "备份到哪个文件夹（可选U盘）", folder)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.backup_to_folder)
        dialog.open()
        return dialog

    @Slot(str)
    def backup_to_folder(self, folder: str) -> None:
        if folder:
            self.ctx.settings.setValue(LAST_DIR_KEY, folder)
            self._backup_into(Path(folder))

    def _backup_into(self, folder: Path) -> None:
        backup = self.backup
        run_job(self, "正在备份…", lambda progress: backup.backup_to(folder, progress),
                self._backed_up, self._failed)

    def _backed_up(self, info: object) -> None:
        self.last_result = info
        self.reload()
        path = getattr(info, "path", "")
        rows = getattr(info, "rows", 0)
        msgbox.information(self, "备份完成", f"已备份并核对（共 {rows} 行）：\n{path}")

    def _failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(self, "没有完成", exc.message)
        else:
            msgbox.error(self, "没有完成", f"出错：{exc}", detail=trace)

    # --- restoring ----------------------------------------------------------------------------------------
    @Slot()
    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            msgbox.information(self, "恢复", "请先在列表中选择一份备份")
            return
        self.confirm_restore(self.files[rows[0].row()].path)

    @Slot()
    def ask_restore_file(self) -> QFileDialog:
        folder = str(self.ctx.settings.value(LAST_DIR_KEY, "") or self.ctx.services.paths.backups)
        dialog = QFileDialog(self, "选择备份文件", folder, "备份文件 (*.sqlite3 *.zip)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda p: self.confirm_restore(Path(p)) if p else None)
        dialog.open()
        return dialog

    def confirm_restore(self, path: Path) -> None:
        try:
            info = self.backup.inspect(path)
        except DomainError as exc:
            msgbox.warning(self, "不能恢复", exc.message)
            return
        made = info.created_at[:16].replace("T", " ") if info.created_at else path.name
        msgbox.question(
            self, "从备份恢复",
            f"用备份「{made}」（共 {info.rows} 行）替换现在的全部数据？\n\n"
            "现在的数据会先另存一份到备份文件夹。恢复后程序会关闭，请重新启动。其他电脑请先退出本程序。",
            # Started after the question box has gone (a job inside its finished signal crashes Qt).
            lambda: QTimer.singleShot(0, partial(self._restore, path)), yes_text="恢复", no_text="取消")

    def _restore(self, path: Path) -> None:
        backup = self.backup
        folder = self.ctx.services.paths.backups

        def work(progress):  # type: ignore[no-untyped-def]
            if backup.check().ok:
                backup.backup_to(folder, progress, reason="恢复前备份")
            return backup.restore(path, progress)

        run_job(self, "正在恢复…", work, self._restored, self._failed)

    def _restored(self, info: object) -> None:
        self.last_result = info
        rows = getattr(info, "rows", 0)
        msgbox.information(self, "恢复完成", f"已从备份恢复并逐表核对（共 {rows} 行）。程序将关闭，请重新启动。",
                           on_close=self.restart_required.emit)

    @Slot()
    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.services.paths.backups)))
