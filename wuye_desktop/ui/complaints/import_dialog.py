"""Import the office's complaint ledger (投诉登记台账): check every row first, import all or nothing.

The check and the import run as jobs (progress, 取消); every bad row is listed with its Excel
row number, column and reason, and 「导入」 stays disabled until the file has no bad row.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.complaint_excel import ImportPreview, RowError
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.context import UiContext

COL_ROW, COL_COLUMN, COL_REASON = range(3)
HEADERS = ("行号", "列", "原因")
LAST_DIR_KEY = "paths/ledger_import_dir"
HINT = ("台账为 Excel 工作簿（.xlsx）：第一个工作表，一行表头，列的顺序不限。必填列：受理时间、投诉人、房号、"
        "联系电话、投诉主题；可选列：投诉编号、投诉内容、投诉方式、投诉类别、性质、首问人、责任部门、派单时间、"
        "完成时间、回访时间、回访结果、备注。")

Index = QModelIndex | QPersistentModelIndex


class ImportErrorModel(QAbstractTableModel):
    """The bad rows of a ledger: 行号, 列, 原因."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors: list[RowError] = []

    def set_errors(self, errors: tuple[RowError, ...] | list[RowError]) -> None:
        self.beginResetModel()
        self._errors = list(errors)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._errors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._errors):
            return None
        e = self._errors[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (f"第 {e.row} 行", e.column, e.reason)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return e
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None


class LedgerImportDialog(QDialog):
    """Choose the ledger, see every bad row, import when there is none."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("导入投诉登记台账")
        self.preview: ImportPreview | None = None
        self.project_id = ctx.working_project_id
        self.imported = 0

        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("请选择台账文件（.xlsx）")
        self.choose_button = QPushButton("选择文件…", self)
        self.recheck_button = QPushButton("重新检查", self)
        self.recheck_button.setEnabled(False)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("台账文件：", self))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.recheck_button)

        project = self._project_name()
        self.project_label = QLabel(f"导入到管理处：{project}" if project else "没有可导入的管理处，请先在设置中添加管理处",
                                    self)
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        self.summary_label = QLabel("请选择台账文件。导入前会先检查每一行，有错误时不会导入任何数据。", self)
        self.summary_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("fieldError")
        self.error_label.hide()
        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("warningText")
        self.warning_label.hide()

        self.model = ImportErrorModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_ROW, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)

        self.import_button = QPushButton("导入", self)
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        for button in (self.choose_button, self.recheck_button):
            button.setAutoDefault(False)
        self.close_button = QPushButton("关闭", self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.project_label)
        layout.addWidget(hint)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button.clicked.connect(self.recheck)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self.choose_button.setEnabled(self.project_id is not None)
        self.resize(820, 560)

    def _project_name(self) -> str:
        if self.project_id is None:
            return ""
        try:
            return self.ctx.services.settings.project(self.project_id).name
        except DomainError:
            self.project_id = None
            return ""

    # --- choose and check ----------------------------------------------------------------------------------
    @Slot()
    def choose_file(self) -> None:
        start = str(self.ctx.settings.value(LAST_DIR_KEY, "") or Path.home())
        dialog = QFileDialog(self, "选择投诉登记台账", start, "Excel 工作簿 (*.xlsx);;所有文件 (*)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(self.load_file)
        dialog.open()

    @Slot(str)
    def load_file(self, path: str) -> None:
        if not path:
            return
        self.path_edit.setText(path)
        self.ctx.settings.setValue(LAST_DIR_KEY, str(Path(path).parent))
        self.recheck_button.setEnabled(True)
        self.recheck()

    @Slot()
    def recheck(self) -> None:
        path = self.path_edit.text()
        if not path or self.project_id is None:
            return
        self._set_preview(None)
        self.summary_label.setText("正在检查台账…")
        project_id = self.project_id
        service = self.ctx.services.complaint_excel
        run_job(self, "正在检查台账…", lambda progress: service.preview_import(Path(path), project_id, progress),
                self._checked, self._failed, self._check_cancelled)

    @Slot(object)
    def _checked(self, preview: ImportPreview) -> None:
        self._set_preview(preview)
        if preview.errors:
            self.summary_label.setText(
                f"共读取 {preview.rows_read} 行，其中 {preview.bad_rows} 行有错误（见下表）。"
                "请在 Excel 中改正后点「重新检查」；在此之前不会导入任何数据。")
        elif not preview.cases:
            self.summary_label.setText("台账中没有可导入的投诉。")
        else:
            self.summary_label.setText(f"检查通过：共 {len(preview.cases)} 宗投诉可以导入。点「导入」开始。")

    def _set_preview(self, preview: ImportPreview | None) -> None:
        self.preview = preview
        self.error_label.hide()
        self.model.set_errors(preview.errors if preview else ())
        warnings = preview.warnings if preview else ()
        self.warning_label.setText("提示：" + "；".join(warnings) if warnings else "")
        self.warning_label.setVisible(bool(warnings))
        self.import_button.setEnabled(bool(preview and preview.ok))
        if preview and preview.errors:
            self.table.resizeRowsToContents()

    @Slot()
    def _check_cancelled(self) -> None:
        self.summary_label.setText("已取消检查，未导入任何数据。")

    # --- import --------------------------------------------------------------------------------------------------
    @Slot()
    def start_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.ok:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.recheck_button.setEnabled(False)
        self.summary_label.setText("正在导入…")
        service, by = self.ctx.services.complaint_excel, self.ctx.operator
        run_job(self, "正在导入投诉…", lambda progress: service.commit_import(preview, by, progress),
                self._imported, self._failed, self._import_cancelled)

    @Slot(object)
    def _imported(self, count: int) -> None:
        self.imported = int(count)
        self.summary_label.setText(f"已导入 {count} 宗投诉。")
        self.close_button.setEnabled(True)
        self.ctx.data_changed.emit("complaints")
        # The box belongs to this dialog (a parentless box would be collected at once); 确定 closes both.
        msgbox.information(self, "导入完成", f"已导入 {count} 宗投诉。", on_close=self.accept)

    @Slot()
    def _import_cancelled(self) -> None:
        self._restore_buttons()
        self.summary_label.setText("已取消导入，未写入任何数据。")

    @Slot(object, str)
    def _failed(self, exc: Exception, trace: str) -> None:
        self._restore_buttons()
        if isinstance(exc, DomainError):  # a file that cannot be read, a number taken meanwhile …
            self.summary_label.setText("未导入任何数据。")
            self.error_label.setText(exc.message)
            self.error_label.show()
        else:
            self.summary_label.setText("出错了，未导入任何数据。")
            msgbox.error(self, "不能导入", f"读取或导入台账时出错，未导入任何数据：{exc}", detail=trace)

    def _restore_buttons(self) -> None:
        self.choose_button.setEnabled(self.project_id is not None)
        self.recheck_button.setEnabled(bool(self.path_edit.text()))
        self.import_button.setEnabled(bool(self.preview and self.preview.ok))
