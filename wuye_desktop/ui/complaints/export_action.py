"""「导出Excel」: the current filtered list to a workbook, as a job the clerk can cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import JobRunner, run_job
from wuye_desktop.ui.context import UiContext

LAST_DIR_KEY = "paths/complaint_export_dir"


class ComplaintExport(QObject):
    """One export: asks for the file name, writes the workbook off the GUI thread, says how many rows."""

    _alive: set["ComplaintExport"] = set()  # kept until finished, even without a parent widget

    def __init__(self, ctx: UiContext, parent: QWidget | None, complaint_filter: ComplaintFilter) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.complaint_filter = complaint_filter
        self.runner: JobRunner | None = None
        self.count: int | None = None
        self.target: Path | None = None
        ComplaintExport._alive.add(self)

    def ask_file(self) -> QFileDialog:
        folder = Path(str(self.ctx.settings.value(LAST_DIR_KEY, "") or Path.home()))
        name = f"投诉清单-{self.ctx.now():%Y%m%d-%H%M}.xlsx"
        dialog = QFileDialog(self.parent_widget, "导出投诉清单", str(folder / name), "Excel 工作簿 (*.xlsx)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(self.export_to)
        dialog.rejected.connect(self._finish)
        dialog.open()
        return dialog

    @Slot(str)
    def export_to(self, path: str) -> None:
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self.target = target
        self.ctx.settings.setValue(LAST_DIR_KEY, str(target.parent))
        service, f = self.ctx.services.complaint_excel, self.complaint_filter
        self.runner = run_job(self.parent_widget, "正在导出投诉清单…",
                              lambda progress: service.export_list(f, target, progress),
                              self._done, self._failed, self._cancelled)

    @Slot(object)
    def _done(self, count: int) -> None:
        self.count = int(count)
        msgbox.information(self.parent_widget, "导出完成", f"已导出 {count} 宗投诉到：\n{self.target}")
        self._finish()

    @Slot(object, str)
    def _failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(self.parent_widget, "不能导出", exc.message)
        elif isinstance(exc, PermissionError):
            msgbox.warning(self.parent_widget, "不能导出",
                           f"无法写入「{self.target}」：文件可能正在 Excel 中打开，请关闭后重试。")
        elif isinstance(exc, OSError):
            msgbox.warning(self.parent_widget, "不能导出", f"无法写入「{self.target}」：{exc.strerror or exc}")
        else:
            msgbox.error(self.parent_widget, "不能导出", f"导出时出错：{exc}", detail=trace)
        self._finish()

    @Slot()
    def _cancelled(self) -> None:
        msgbox.information(self.parent_widget, "已取消", "已取消导出，没有写入文件。")
        self._finish()


    @Slot()
    def _finish(self) -> None:
        ComplaintExport._alive.discard(self)
        self.deleteLater()


def export_complaints(ctx: UiContext, parent: QWidget | None, complaint_filter: ComplaintFilter) -> ComplaintExport:
    """Ask where to save the list that ``complaint_filter`` selects, then export it."""
    export = ComplaintExport(ctx, parent, complaint_filter)
    export.ask_file()
    return export
