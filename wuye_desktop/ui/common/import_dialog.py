"""Import an office's workbook all-or-nothing: check every row first, list every bad row (行号, 列, 原因),
import only when there is none. Both steps run as cancellable jobs.

Shared helper (issue 3): the complaint ledger's import dialog (ui/complaints/import_dialog.py) made
generic — the check and the import are callables, the preview any object with ``errors`` (each with
``row``, ``column``, ``reason``), ``warnings``, ``ok``, ``bad_rows`` and ``rows_read``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
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
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import Progress, run_job

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("行号", "列", "原因")


class RowErrorModel(QAbstractTableModel):
    """The bad rows of a workbook: 行号, 列, 原因."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors: list[Any] = []

    def set_errors(self, errors: Any) -> None:
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


class ExcelImportDialog(QDialog):
    """Choose the file, see every bad row, import when there is none; ``imported(result)`` afterwards."""

    imported = Signal(object)

    # What the clerk reads; a tab's own import (the complaint ledger) names its file and records instead.
    file_label = "文件："
    placeholder = "请选择 Excel 工作簿（.xlsx）"
    choose_title: str | None = None          # the file chooser's title (None: the dialog's)
    start_text = "请选择文件。导入前会先检查每一行，有错误时不会导入任何数据。"
    checking_text = "正在检查…"
    empty_text = "文件中没有可导入的数据。"
    importing_title = "正在导入…"
    failure_text = "读取或导入时出错，未导入任何数据："

    def __init__(self, parent: QWidget | None, *, settings: Any, title: str, hint: str, target: str,
                 check: Callable[[Path, Progress], Any], commit: Callable[[Any, Progress], Any],
                 ready_text: Callable[[Any], str], done_text: Callable[[Any], str],
                 last_dir_key: str = "paths/import_dir") -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.settings, self.check, self.commit = settings, check, commit
        self.ready_text, self.done_text, self.key, self.title = ready_text, done_text, last_dir_key, title
        self.preview: Any = None
        self.result: Any = None

        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.placeholder)
        self.choose_button = QPushButton("选择文件…", self)
        self.recheck_button = QPushButton("重新检查", self)
        self.recheck_button.setEnabled(False)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(self.file_label, self))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.recheck_button)
        self.target_label = QLabel(target, self)
        hint_label = QLabel(hint, self)
        hint_label.setWordWrap(True)
        hint_label.setObjectName("hint")
        self.summary_label = QLabel(self.start_text, self)
        self.summary_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("fieldError")
        self.error_label.hide()
        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("warningText")
        self.warning_label.hide()
        self.model = RowErrorModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.import_button = QPushButton("导入", self)
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        for b in (self.choose_button, self.recheck_button):
            b.setAutoDefault(False)
        self.close_button = QPushButton("关闭", self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.target_label)
        layout.addWidget(hint_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button.clicked.connect(self.recheck)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self.resize(820, 560)

    @Slot()
    def choose_file(self) -> QFileDialog:
        start = str(self.settings.value(self.key, "") or Path.home())
        dialog = QFileDialog(self, self.choose_title or self.title, start, "Excel 工作簿 (*.xlsx);;所有文件 (*)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load_file)
        dialog.open()
        return dialog

    @Slot(str)
    def load_file(self, path: str) -> None:
        if not path:
            return
        self.path_edit.setText(path)
        self.settings.setValue(self.key, str(Path(path).parent))
        self.recheck_button.setEnabled(True)
        self.recheck()

    @Slot()
    def recheck(self) -> None:
        path = self.path_edit.text()
        if not path:
            return
        self._set_preview(None)
        self.summary_label.setText(self.checking_text)
        check = self.check
        run_job(self, self.checking_text, lambda progress: check(Path(path), progress), self._checked, self._failed,
                self._check_cancelled)

    @Slot(object)
    def _checked(self, preview: Any) -> None:
        self._set_preview(preview)
        if preview.errors:
            self.summary_label.setText(f"共读取 {preview.rows_read} 行，其中 {preview.bad_rows} 行有错误（见下表）。"
                                       "请在 Excel 中改正后点「重新检查」；在此之前不会导入任何数据。")
        elif not preview.ok:
            self.summary_label.setText(self.empty_text)
        else:
            self.summary_label.setText(self.ready_text(preview))

    def _set_preview(self, preview: Any) -> None:
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

    @Slot()
    def start_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.ok:
            return
        for b in (self.import_button, self.choose_button, self.recheck_button):
            b.setEnabled(False)
        self.summary_label.setText("正在导入…")
        commit = self.commit
        run_job(self, self.importing_title, lambda progress: commit(preview, progress), self._imported, self._failed,
                self._import_cancelled)

    @Slot(object)
    def _imported(self, result: Any) -> None:
        self.result = result
        text = self.done_text(result)
        self.summary_label.setText(text)
        self.imported.emit(result)
        msgbox.information(self, "导入完成", text, on_close=self.accept)

    @Slot()
    def _import_cancelled(self) -> None:
        self._restore()
        self.summary_label.setText("已取消导入，未写入任何数据。")

    @Slot(object, str)
    def _failed(self, exc: Exception, trace: str) -> None:
        self._restore()
        if isinstance(exc, DomainError):
            self.summary_label.setText("未导入任何数据。")
            self.error_label.setText(exc.message)
            self.error_label.show()
        else:
            self.summary_label.setText("出错了，未导入任何数据。")
            msgbox.error(self, "不能导入", f"{self.failure_text}{exc}", detail=trace)

    def _restore(self) -> None:
        self.choose_button.setEnabled(True)
        self.recheck_button.setEnabled(bool(self.path_edit.text()))
        self.import_button.setEnabled(bool(self.preview and self.preview.ok))
