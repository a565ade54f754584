"""Paper from the repairs tab: a PDF made into the data folder and shown in the preview (print from
there), and Excel ledgers written off the GUI thread as a job the clerk can cancel. The work is the
shared ui/common/paper.py; this module names the repairs tab's file and folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from wuye_desktop.ui.common import paper
from wuye_desktop.ui.common.jobs import Progress
from wuye_desktop.ui.common.paper import XlsxExport
from wuye_desktop.ui.context import UiContext

LAST_DIR_KEY = "paths/repairs_export_dir"


def print_folder(ctx: UiContext) -> Path:
    return paper.print_folder(ctx.services.paths.root)


def show_pdf(ctx: UiContext, parent: QWidget | None, title: str, make: Callable[[Path], Path]) -> QDialog | None:
    """Make the PDF (one page takes well under a second) and open the preview, from which it is printed."""
    target = print_folder(ctx) / f"{paper.safe_name(title)}-{ctx.now():%Y%m%d-%H%M%S}.pdf"
    return paper.show_pdf(parent, title, lambda: make(target), target)


def export_xlsx(ctx: UiContext, parent: QWidget | None, title: str, write: Callable[[Path, Progress], int],
                unit: str = "条") -> XlsxExport:
    export = XlsxExport(ctx.settings, ctx.now, parent, title, write, unit, LAST_DIR_KEY)
    export.ask_file()
    return export
