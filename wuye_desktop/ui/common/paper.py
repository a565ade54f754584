"""Paper out of any tab: a PDF made into the data folder and shown in the in-app preview (printed from
there), a batch PDF made as a cancellable job, and an Excel file written off the GUI thread.

Shared helper (issue 3 factored it out of the repairs tab's ``paper.py`` pattern so tabs need not copy it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import JobRunner, Progress, run_job
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog

_UNSAFE = '\\/:*?"<>|'


def safe_name(text: str) -> str:
    return "".join("_" if c in _UNSAFE else c for c in text).strip(" .") or "文件"


def print_folder(root: Path) -> Path:
    folder = root / "print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def show_pdf(parent: QWidget | None, title: str, make: Callable[[], Path],
             target: Path | None = None) -> QDialog | None:
    """Make one PDF (well under a second) and open the preview; problems become a Chinese message
    (naming ``target``, the file being written, when the caller knows it)."""
    try:
        path = make()
    except DomainError as exc:
        msgbox.warning(parent, "不能打印", exc.message)
        return None
    except OSError as exc:
        where = f"「{target}」" if target is not None else "文件"
        msgbox.warning(parent, "不能打印", f"无法写入{where}：{exc.strerror or exc}")
        return None
    dialog = PdfPreviewDialog(path, title, parent)
    dialog.open()
    return dialog


class PdfJob(QObject):
    """A long PDF (batch printing) as a job with a progress bar and 取消; the preview opens when done."""

    _alive: set["PdfJob"] = set()

    def __init__(self, parent: QWidget | None, title: str, make: Callable[[Progress], Path]) -> None:
        super().__init__(parent)
        self.parent_widget, self.title = parent, title
        self.path: Path | None = None
        self.preview: PdfPreviewDialog | None = None
        self.cancelled = False
        PdfJob._alive.add(self)
        self.runner = run_job(parent, f"正在生成{title}…", make, self._done, self._failed, self._cancelled)

    @Slot(object)
    def _done(self, path: Path) -> None:
        self.path = Path(path)
        self.preview = PdfPreviewDialog(self.path, self.title, self.parent_widget)
        self.preview.open()
        self._finish()

    @Slot(object, str)
    def _failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(self.parent_widget, "不能打印", exc.message)
        elif isinstance(exc, OSError):
            msgbox.warning(self.parent_widget, "不能打印", f"无法写入文件：{exc.strerror or exc}")
        else:
            msgbox.error(self.parent_widget, "不能打印", f"生成PDF时出错：{exc}", detail=trace)
        self._finish()

    @Slot()
    def _cancelled(self) -> None:
        self.cancelled = True
        msgbox.information(self.parent_widget, "已取消", "已取消打印，没有生成文件。")
        self._finish()

    def _finish(self) -> None:
        PdfJob._alive.discard(self)
        self.deleteLater()


class XlsxExport(QObject):
    """Asks for the file, writes the workbook in a job, says how many rows were written (「已导出 3 条设备台账
    到：…」; ``what`` names the rows when the title does not, e.g. 「宗投诉」 for 投诉清单)."""

    _alive: set["XlsxExport"] = set()

    def __init__(self, settings: Any, now: Callable[[], Any], parent: QWidget | None, title: str,
                 write: Callable[[Path, Progress], int], unit: str = "条", last_dir_key: str = "paths/export_dir",
                 done_note: str = "", what: str | None = None) -> None:
        super().__init__(parent)
        self.settings, self.now, self.parent_widget = settings, now, parent
        self.title, self.write, self.unit, self.key, self.done_note = title, write, unit, last_dir_key, done_note
        self.what = title if what is None else what
        self.runner: JobRunner | None = None
        self.count: int | None = None
        self.target: Path | None = None
        XlsxExport._alive.add(self)

    def ask_file(self) -> QFileDialog:
        folder = Path(str(self.settings.value(self.key, "") or Path.home()))
        name = f"{safe_name(self.title)}-{self.now():%Y%m%d-%H%M}.xlsx"
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
        self.settings.setValue(self.key, str(target.parent))
        write = self.write
        self.runner = run_job(self.parent_widget, f"正在导出{self.title}…", lambda progress: write(target, progress),
                              self._done, self._failed, self._cancelled)

    @Slot(object)
    def _done(self, count: int) -> None:
        self.count = int(count)
        msgbox.information(self.parent_widget, "导出完成",
                           f"已导出 {count} {self.unit}{self.what}到：\n{self.target}{self.done_note}")
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
