"""A case's photos and scans: thumbnails, add files (copied into the data folder), open with the system viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.locations import icon_path
from wuye_desktop.services.complaint_views import AttachmentView
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.context import UiContext

THUMB = 88
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
LAST_DIR_KEY = "complaints/last_attachment_dir"
FILE_FILTER = "图片和扫描件 (*.png *.jpg *.jpeg *.gif *.bmp *.webp *.pdf);;所有文件 (*)"


def thumbnail(attachment: AttachmentView, fallback: QIcon) -> QIcon:
    """A scaled picture for images (read at thumbnail size, not in full), a file icon otherwise."""
    if attachment.is_image and Path(attachment.path).is_file():
        reader = QImageReader(attachment.path)
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if not image.isNull():
            return QIcon(QPixmap.fromImage(image))
    return fallback


class AttachmentsPanel(QWidget):
    """Shows one case's attachments; ``attachments_added`` after files were copied in."""

    attachments_added = Signal(int)  # how many

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.complaint_id: int | None = None
        self.list = QListWidget()
        self.list.setObjectName("attachmentList")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 36))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(THUMB + 48)
        self.list.itemActivated.connect(self._open_item)
        self.add_button = QPushButton(QIcon(str(icon_path("attach"))), "添加附件…")
        self.add_button.clicked.connect(self.choose_files)
        self.empty = QLabel("暂无附件。可添加现场照片、书面投诉的扫描件等，双击打开。")
        self.empty.setObjectName("hintText")
        top = QHBoxLayout()
        top.addWidget(self.empty, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self._file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def set_attachments(self, complaint_id: int, attachments: tuple[AttachmentView, ...]) -> None:
        self.complaint_id = complaint_id
        self.list.clear()
        for a in attachments:
            item = QListWidgetItem(thumbnail(a, self._file_icon), a.original_name)
            item.setData(PATH_ROLE, a.path)
            item.setToolTip(f"{a.original_name}\n{a.added_at:%Y-%m-%d %H:%M} {a.added_by} 添加")
            self.list.addItem(item)
        self.empty.setText("双击附件用系统程序打开。" if attachments
                           else "暂无附件。可添加现场照片、书面投诉的扫描件等，双击打开。")

    @Slot()
    def choose_files(self) -> None:
        start = str(self.ctx.settings.value(LAST_DIR_KEY, "") or str(Path.home()))
        dialog = QFileDialog(self, "选择附件", start, FILE_FILTER)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.filesSelected.connect(self.add_files)
        dialog.open()

    @Slot(list)
    def add_files(self, paths: list[str]) -> None:
        if self.complaint_id is None or not paths:
            return
        added, problems = 0, []
        for raw in paths:
            try:
                self.ctx.services.complaints.add_attachment(self.complaint_id, Path(raw), self.ctx.operator)
                added += 1
            except DomainError as exc:
                problems.append(f"{Path(raw).name}：{exc.message}")
        self.ctx.settings.setValue(LAST_DIR_KEY, str(Path(paths[0]).parent))
        if problems:
            msgbox.warning(self, "部分附件未能添加", "\n".join(problems))
        if added:
            self.attachments_added.emit(added)

    @Slot(QListWidgetItem)
    def _open_item(self, item: QListWidgetItem) -> None:
        path = str(item.data(PATH_ROLE))
        if not Path(path).is_file():
            msgbox.warning(self, "找不到附件", f"附件文件已不在数据文件夹中：\n{path}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
