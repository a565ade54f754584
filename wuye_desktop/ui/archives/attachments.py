"""Scanned files of an archive record or a filled form: listed by name, added (copied into the data folder
like the complaint desk's attachments), opened with the system viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.complaint_views import AttachmentView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.context import UiContext

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
LAST_DIR_KEY = "archives/last_attachment_dir"
FILE_FILTER = "图片和扫描件 (*.png *.jpg *.jpeg *.gif *.bmp *.webp *.pdf *.tif *.tiff);;所有文件 (*)"


class AttachmentStrip(QWidget):
    """One line: 附件 … [添加扫描件…]; ``attachments_added(count)`` after files were copied in."""

    attachments_added = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_id: int | None = None
        self.entry_id: int | None = None
        self.label = QLabel("附件：", self)
        self.list = QListWidget(self)
        self.list.setObjectName("archiveAttachments")
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setFixedHeight(30)
        self.list.setToolTip("双击用系统程序打开")
        self.empty = QLabel("暂无扫描件", self)
        self.empty.setObjectName("hintText")
        self.add_button = QPushButton("添加扫描件…", self)
        self.add_button.setAutoDefault(False)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.label)
        box.addWidget(self.empty)
        box.addWidget(self.list, 1)
        box.addWidget(self.add_button)
        self.add_button.clicked.connect(self.choose_files)
        self.list.itemActivated.connect(self._open)

    def set_record(self, record_id: int, files: tuple[AttachmentView, ...]) -> None:
        self.record_id, self.entry_id = record_id, None
        self._show(files)

    def set_entry(self, entry_id: int, files: tuple[AttachmentView, ...]) -> None:
        self.entry_id, self.record_id = entry_id, None
        self._show(files)

    def _show(self, files: tuple[AttachmentView, ...]) -> None:
        self.list.clear()
        for a in files:
            item = QListWidgetItem(a.original_name)
            item.setData(PATH_ROLE, a.path)
            item.setToolTip(f"{a.original_name}\n{a.added_at:%Y-%m-%d %H:%M} {a.added_by} 添加")
            self.list.addItem(item)
        self.empty.setVisible(not files)
        self.list.setVisible(bool(files))

    @Slot()
    def choose_files(self) -> QFileDialog:
        start = str(self.ctx.settings.value(LAST_DIR_KEY, "") or Path.home())
        dialog = QFileDialog(self, "选择扫描件", start, FILE_FILTER)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(self.add_files)
        dialog.open()
        return dialog

    @Slot(list)
    def add_files(self, paths: list[str]) -> int:
        if not paths or (self.record_id is None and self.entry_id is None):
            return 0
        archives = self.ctx.services.archives
        added, problems = 0, []
        for raw in paths:
            try:
                archives.add_attachment(Path(raw), self.ctx.operator, entry_id=self.entry_id, record_id=self.record_id)
                added += 1
            except DomainError as exc:
                problems.append(f"{Path(raw).name}：{exc.message}")
        self.ctx.settings.setValue(LAST_DIR_KEY, str(Path(paths[0]).parent))
        if self.record_id is not None:
            self._show(self.ctx.services.form_records.get(self.record_id).attachments)
        elif self.entry_id is not None:
            self._show(archives.entry(self.entry_id).attachments)
        if problems:
            msgbox.warning(self, "部分扫描件未能添加", "\n".join(problems))
        if added:
            self.attachments_added.emit(added)
            self.ctx.data_changed.emit("archives")
        return added

    @Slot(QListWidgetItem)
    def _open(self, item: QListWidgetItem) -> None:
        path = str(item.data(PATH_ROLE))
        if not Path(path).is_file():
            msgbox.warning(self, "找不到扫描件", f"文件已不在数据文件夹中：\n{path}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
