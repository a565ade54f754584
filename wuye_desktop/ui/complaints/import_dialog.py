"""Import the office's complaint ledger (投诉登记台账): check every row first, import all or nothing.

The check and the import run as jobs (progress, 取消); every bad row is listed with its Excel
row number, column and reason, and 「导入」 stays disabled until the file has no bad row. The dialog is
the shared one (ui/common/import_dialog.py) with the ledger's words and the working 管理处.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.complaint_excel import ImportPreview
from wuye_desktop.ui.common.import_dialog import HEADERS, ExcelImportDialog, RowErrorModel
from wuye_desktop.ui.common.jobs import Progress
from wuye_desktop.ui.context import UiContext

__all__ = ["COL_COLUMN", "COL_REASON", "COL_ROW", "HEADERS", "HINT", "LAST_DIR_KEY", "ImportErrorModel",
           "LedgerImportDialog"]

COL_ROW, COL_COLUMN, COL_REASON = range(3)
LAST_DIR_KEY = "paths/ledger_import_dir"
HINT = ("台账为 Excel 工作簿（.xlsx）：第一个工作表，一行表头，列的顺序不限。必填列：受理时间、投诉人、房号、"
        "联系电话、投诉主题；可选列：投诉编号、投诉内容、投诉方式、投诉类别、性质、首问人、责任部门、派单时间、"
        "完成时间、回访时间、回访结果、备注。")

ImportErrorModel = RowErrorModel  # the bad rows of a ledger: 行号, 列, 原因


def _project(ctx: UiContext) -> tuple[int | None, str]:
    """The working 管理处 to import into, and its name; (None, "") when there is none."""
    project_id = ctx.working_project_id
    if project_id is None:
        return None, ""
    try:
        return project_id, ctx.services.settings.project(project_id).name
    except DomainError:
        return None, ""


class LedgerImportDialog(ExcelImportDialog):
    """Choose the ledger, see every bad row, import when there is none; ``result`` is the number imported
    and ``ctx.data_changed("complaints")`` tells the other tabs."""

    file_label = "台账文件："
    placeholder = "请选择台账文件（.xlsx）"
    choose_title = "选择投诉登记台账"
    start_text = "请选择台账文件。导入前会先检查每一行，有错误时不会导入任何数据。"
    checking_text = "正在检查台账…"
    empty_text = "台账中没有可导入的投诉。"
    importing_title = "正在导入投诉…"
    failure_text = "读取或导入台账时出错，未导入任何数据："

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        project_id, project = _project(ctx)
        service = ctx.services.complaint_excel

        def check(path: Path, progress: Progress) -> ImportPreview:
            return service.preview_import(Path(path), project_id, progress)  # type: ignore[arg-type]

        def commit(preview: ImportPreview, progress: Progress) -> int:
            return service.commit_import(preview, ctx.operator, progress)

        super().__init__(
            parent, settings=ctx.settings, title="导入投诉登记台账", hint=HINT,
            target=f"导入到管理处：{project}" if project else "没有可导入的管理处，请先在设置中添加管理处",
            check=check, commit=commit,
            ready_text=lambda p: f"检查通过：共 {len(p.cases)} 宗投诉可以导入。点「导入」开始。",
            done_text=lambda count: f"已导入 {count} 宗投诉。",
            last_dir_key=LAST_DIR_KEY)
        self.ctx = ctx
        self.project_id = project_id
        self.project_label = self.target_label
        self.choose_button.setEnabled(project_id is not None)
        self.imported.connect(self._announce)

    @Slot(object)
    def _announce(self, _count: object) -> None:
        self.ctx.data_changed.emit("complaints")

    @Slot()
    def recheck(self) -> None:
        if self.project_id is not None:
            super().recheck()

    def _restore(self) -> None:
        super()._restore()
        self.choose_button.setEnabled(self.project_id is not None)
