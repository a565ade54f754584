"""In-app preview of a generated PDF: pages, zoom, 「打印…」 through the system print dialog, 「另存为…」.

Printing renders each page with QPdfDocument.render() onto the QPrinter (TESTING.md): the PDF
the clerk sees is exactly what is printed, on any printer Qt can drive.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.ui.common import msgbox

ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
MAX_PRINT_DPI = 300  # enough for forms; a 1200-dpi printer would need 0.5 GB per A4 page image


class PdfPreviewDialog(QDialog):
    """Shows ``pdf_path``; the clerk prints it, saves a copy elsewhere, or closes."""

    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.pdf_path = Path(pdf_path)
        self._printer: QPrinter | None = None  # kept alive while its dialog is open (TESTING.md)
        self._zoom = 1.0

        self.document = QPdfDocument(self)
        error = self.document.load(str(self.pdf_path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.page_label = QLabel(self)
        self.zoom_label = QLabel("", self)  # the custom zoom in percent; empty while fitting the width
        self.zoom_out_button = QPushButton("缩小", self)
        self.zoom_in_button = QPushButton("放大", self)
        self.fit_button = QPushButton("适合宽度", self)
        self.print_button = QPushButton("打印…", self)
        self.save_button = QPushButton("另存为…", self)
        self.close_button = QPushButton("关闭", self)
        self.print_button.setDefault(True)

        bar = QHBoxLayout()
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        for w in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)

        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button.clicked.connect(self.choose_save_path)
        self.close_button.clicked.connect(self.close)
        self.finished.connect(self._release)
        for key, slot in ((QKeySequence.StandardKey.Print, self.choose_printer),
                          (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                          (QKeySequence.StandardKey.ZoomOut, self.zoom_out)):
            QShortcut(QKeySequence(key), self).activated.connect(slot)

        ok = error == QPdfDocument.Error.None_ and self.document.pageCount() > 0
        if ok:
            self.page_label.setText(f"共 {self.document.pageCount()} 页")
        else:
            self.page_label.setText(f"无法打开文件「{self.pdf_path.name}」")
        for w in (self.print_button, self.save_button, self.zoom_in_button, self.zoom_out_button, self.fit_button):
            w.setEnabled(ok)
        self.resize(860, 1000)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    # --- zoom -----------------------------------------------------------------------------------------------
    def _set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self.zoom_label.setText(f"{round(factor * 100)}%")

    def _current_zoom(self) -> float:
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self._zoom
        return float(self.view.zoomFactor()) or 1.0

    @Slot()
    def zoom_in(self) -> None:
        now = self._current_zoom()
        self._set_zoom(next((z for z in ZOOM_STEPS if z > now + 0.01), ZOOM_STEPS[-1]))

    @Slot()
    def zoom_out(self) -> None:
        now = self._current_zoom()
        self._set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < now - 0.01), ZOOM_STEPS[0]))

    @Slot()
    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.zoom_label.setText("")

    # --- print --------------------------------------------------------------------------------------------
    @Slot()
    def choose_printer(self) -> None:
        if self.page_count == 0:
            return
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._printer.setDocName(self.windowTitle())
        # The PDF carries its own margins: map its page onto the whole sheet, 1:1 on A4.
        self._printer.setFullPage(True)
        dialog = QPrintDialog(self._printer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, self.page_count)
        # finished(int), not accepted: QPrintDialog overloads accepted with accepted(QPrinter*).
        dialog.finished.connect(self._print_finished)
        QDialog.open(dialog)  # PySide's QPrintDialog.open() only offers the (receiver, member) overload

    @Slot(int)
    def _print_finished(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted or self._printer is None:
            return
        try:
            printed = self.print_to(self._printer)
        except RuntimeError as exc:
            msgbox.warning(self, "打印失败", f"无法打印：{exc}")
            return
        if printed == 0:
            msgbox.warning(self, "打印失败", "打印机没有准备好，未能打印。请检查打印机后重试。")

    def print_to(self, printer: QPrinter) -> int:
        """Draw the chosen pages onto ``printer``; returns how many pages were sent."""
        first, last = 1, self.page_count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = max(printer.fromPage(), 1), min(printer.toPage() or last, last)
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        options = QPdfDocumentRenderOptions()
        sent = 0
        try:
            for number in range(first, last + 1):
                if sent:
                    printer.newPage()
                index = number - 1
                points = self.document.pagePointSize(index)
                size = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
                image: QImage = self.document.render(index, size, options)
                target = QRectF(painter.viewport())
                scale = min(target.width() / size.width(), target.height() / size.height())
                w, h = size.width() * scale, size.height() * scale
                origin = QPointF(target.x() + (target.width() - w) / 2, target.y() + (target.height() - h) / 2)
                painter.drawImage(QRectF(origin.x(), origin.y(), w, h), image)
                sent += 1
        finally:
            painter.end()
        return sent

    # --- save a copy ----------------------------------------------------------------------------------------
    @Slot()
    def choose_save_path(self) -> None:
        dialog = QFileDialog(self, "另存为", str(Path.home() / self.pdf_path.name), "PDF 文件 (*.pdf)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(self.save_to)
        dialog.open()

    @Slot(str)
    def save_to(self, target: str) -> None:
        if not target:
            return
        try:
            if Path(target).resolve() != self.pdf_path.resolve():
                shutil.copyfile(self.pdf_path, target)
        except OSError as exc:
            msgbox.warning(self, "保存失败", f"无法保存到「{target}」：{exc.strerror or exc}")
            return
        self.page_label.setText(f"共 {self.page_count} 页 · 已另存为 {Path(target).name}")

    @Slot()
    def _release(self) -> None:
        self.document.close()  # Windows keeps the file locked while it is open

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._release()
        super().closeEvent(event)
