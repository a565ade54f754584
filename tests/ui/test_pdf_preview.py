"""The in-app PDF preview: page count, zoom, printing through QPdfDocument.render(), saving a copy."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from wuye_desktop.domain.complaint import Channel
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog


@pytest.fixture
def record_pdf(ui_ctx) -> Path:
    services = ui_ctx.services
    detail = services.complaints.register(ComplaintDraft(
        received_at=datetime(2026, 9, 24, 8, 30), complainant="张三", unit="A座1203", phone="13800138000",
        subject="楼上装修噪音", content="晚上九点后仍在施工", channel=Channel.WRITTEN, category="装修噪音",
        first_responder="李四", front_desk_at=datetime(2026, 9, 24, 8, 40)), ui_ctx.working_project_id, "前台")
    return services.printing.complaint_record(detail.id)


@pytest.fixture
def preview(record_pdf, qtbot):
    dialog = PdfPreviewDialog(record_pdf, "客户投诉记录表 — 测试")
    dialog.show()
    yield dialog
    if shiboken6.isValid(dialog):
        dialog.close()


def test_shows_the_page_count_and_zooms(preview) -> None:
    assert preview.windowTitle() == "客户投诉记录表 — 测试"
    assert preview.page_label.text() == "共 1 页"
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()
    preview.zoom_in()
    assert preview.zoom_label.text() == "125%"
    preview.zoom_out()
    preview.zoom_out()
    assert preview.zoom_label.text() == "80%"
    preview.fit_width()
    assert preview.zoom_label.text() == ""


def test_prints_every_page_onto_the_printer(preview, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)

    assert preview.print_to(printer) == 1

    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == 1


def test_print_opens_the_system_print_dialog_and_prints_when_accepted(preview, tmp_path: Path) -> None:
    preview.print_button.click()
    dialog = preview.findChild(QPrintDialog)
    assert dialog is not None and dialog.isVisible()
    printer = preview._printer
    assert printer is not None  # kept alive while the dialog is open (a temporary one segfaults)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # as if 「打印到文件」 was chosen
    printer.setOutputFileName(str(tmp_path / "from_dialog.pdf"))

    # The clerk's choices are applied to the printer by the dialog itself; what follows 确定 is ours.
    dialog.finished.emit(QDialog.DialogCode.Accepted.value)
    dialog.close()

    assert len(PdfReader(str(tmp_path / "from_dialog.pdf")).pages) == 1


def test_save_as_copies_the_pdf(preview, record_pdf: Path, tmp_path: Path) -> None:
    target = tmp_path / "副本.pdf"
    preview.save_to(str(target))
    assert target.read_bytes() == record_pdf.read_bytes()
    assert "已另存为 副本.pdf" in preview.page_label.text()


def test_a_broken_file_says_so_and_offers_no_printing(tmp_path: Path, qtbot) -> None:
    broken = tmp_path / "坏的.pdf"
    broken.write_bytes(b"not a pdf")
    dialog = PdfPreviewDialog(broken, "坏文件")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_label.text() == "无法打开文件「坏的.pdf」"
    assert not dialog.print_button.isEnabled()

