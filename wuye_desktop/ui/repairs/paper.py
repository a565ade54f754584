"""Paper from the repairs tab: a PDF made into the data folder and shown in the preview (print from
there), and Excel ledgers written off the GUI thread as a job the clerk can cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import JobRunner, Progress, run_job
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog
from wuye_desktop.ui.context import UiContext

LAST_DIR_KEY = "paths/repairs_export_dir"


def print_folder(ctx: UiContext) -> Path:
    folder = ctx.services.paths.root / "print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def show_pdf(ctx: UiContext, parent: QWidget | None, title: str, make: Callable[[Path], Path]) -> QDialog | None:
    """Make the PDF (one page takes well under a second) and open the preview, from which it is printed."""
    safe = "".join(c for c in title if c not in '\\/:*?"<>|')
    target = print_folder(ctx) / f"{safe}-{ctx.now():%Y%m%d-%H%M%S}.pdf"
    try:
        path = make(target)
    except DomainError as exc:
        msgbox.warning(parent, "不能打印", exc.message)
        return None
    except OSError as exc:
        msgbox.warning(parent, "不能打印", f"无法写入「{target}」：{exc.strerror or exc}")
        return None
    dialog = PdfPreviewDialog(path, title, parent)
    dialog.open()
    return dialog


class XlsxExport(QObject):
    """Asks for the file, writes the workbook in a job, says how many rows were written."""

    _alive: set["XlsxExport"] = set()

    def __init__(self, ctx: UiContext, parent: QWidget | None, title: str,
                 write: Callable[[Path, Progress], int], unit: str = "条") -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget, self.title, self.write, self.unit = ctx, parent, title, write, unit
        self.runner: JobRunner | None = None
        self.count: int | None = None
        self.target: Path | None = None
        XlsxExport._alive.add(self)

    def ask_file(self) -> QFileDialog:
        folder = Path(str(self.ctx.settings.value(LAST_DIR_KEY, "") or Path.home()))
        name = f"{self.title}-{self.ctx.now():%Y%m%d-%H%M}.xlsx"
        dialog = QFileDialog(self.parent_widget, f"导出{self.title}", str(folder / name), "Excel 工作簿 (*.xlsx)")
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
        write = self.write
        self.runner = run_job(self.parent_widget, f"正在导出{self.title}…", lambda progress: write(target, progress),
                              self._done, self._failed, self._cancelled)

    @Slot(object)
    def _done(self, count: int) -> None:
        self.count = int(count)
        msgbox.information(self.parent_widget, "导出完成", f"已导出 {count} {self.unit}{self.title}到：\n{self.target}")
        self._finish()

    @Slot(object, str)
    def _failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(self.parent_widget, "不能导出", exc.message)
        elif isinstance(exc, PermissionError):
            msgbox.warning(self.parent_widget, "不能导出", f"无法写入「{self.target}」：文件可能正在 Excel 中打开，请关闭后重试。")
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
        XlsxExport._alive.discard(self)
        self.deleteLater()


def export_xlsx(ctx: UiContext, parent: QWidget | None, title: str, write: Callable[[Path, Progress], int],
                unit: str = "条") -> XlsxExport:
    export = XlsxExport(ctx, parent, title, write, unit)
    export.ask_file()
    return export
