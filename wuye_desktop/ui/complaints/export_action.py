"""「导出Excel」: the current filtered list to a workbook, as a job the clerk can cancel (the shared
XlsxExport of ui/common/paper.py: a non-blocking save dialog, the count told to the clerk)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.ui.common.paper import XlsxExport
from wuye_desktop.ui.context import UiContext

LAST_DIR_KEY = "paths/complaint_export_dir"


class ComplaintExport(XlsxExport):
    """One export of 投诉清单: 「已导出 3 宗投诉到：…」."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, complaint_filter: ComplaintFilter) -> None:
        service = ctx.services.complaint_excel
        super().__init__(ctx.settings, ctx.now, parent, "投诉清单",
                         lambda target, progress: service.export_list(self.complaint_filter, target, progress),
                         unit="宗", last_dir_key=LAST_DIR_KEY, what="投诉")
        self.ctx = ctx
        self.complaint_filter = complaint_filter


def export_complaints(ctx: UiContext, parent: QWidget | None, complaint_filter: ComplaintFilter) -> ComplaintExport:
    """Ask where to save the list that ``complaint_filter`` selects, then export it."""
    export = ComplaintExport(ctx, parent, complaint_filter)
    export.ask_file()
    return export
