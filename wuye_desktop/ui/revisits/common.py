"""What the revisits tab's pages share beyond ui/common (view_table, field_widgets, form_dialog, paper):
a table model over frozen views, optionally paged in SQL, the staff box, the form dialog with the tab's
settings, and the Excel save dialog and job. Pages import the shared pieces from ui/common directly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QFileDialog, QTableView, QToolBar, QWidget

from wuye_desktop.domain.errors import DomainError
from wuye_desktop.ui.common import form_dialog, msgbox, paper, view_table
from wuye_desktop.ui.common.field_widgets import choice
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.common.view_table import Column, FrozenRowsModel, Index
from wuye_desktop.ui.context import UiContext

PAGE_SIZE = 200
AREA = "revisits"  # what ``ctx.data_changed`` announces


Fetch = Callable[[int, int], tuple[Sequence[Any], int]]   # (offset, limit) → (rows, total)


class ViewTableModel(FrozenRowsModel):
    """Rows are frozen views. ``set_rows`` for short lists; ``set_fetch`` pages a long list from SQL
    (``fetchMore`` as the clerk scrolls). ``tone(row)`` colours a whole row."""

    reloaded = Signal()

    def __init__(self, columns: Sequence[Column], tone: Callable[[Any], str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(columns, tone, parent)
        self._fetch: Fetch | None = None
        self._exhausted = True
        self.total = 0

    # --- loading ----------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._fetch = None
        self._rows = list(rows)
        self.total = len(self._rows)
        self._exhausted = True
        self.endResetModel()
        self.reloaded.emit()

    def set_fetch(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self.reload()

    def reload(self) -> None:
        if self._fetch is None:
            self.refresh_tones()
            return
        self.beginResetModel()
        rows, self.total = self._fetch(0, PAGE_SIZE)
        self._rows = list(rows)
        self._exhausted = len(self._rows) >= self.total or len(self._rows) < PAGE_SIZE
        self.endResetModel()
        self.reloaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted or self._fetch is None:
            return
        rows, _ = self._fetch(len(self._rows), PAGE_SIZE)
        known = {getattr(r, "id", None) for r in self._rows}
        fresh = [r for r in rows if getattr(r, "id", None) not in known]
        self._exhausted = len(rows) < PAGE_SIZE or not fresh
        if not fresh:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(fresh) - 1)
        self._rows.extend(fresh)
        self.endInsertRows()

    def refresh_tones(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))


def select_where(view: QTableView, model: ViewTableModel, key: Callable[[Any], bool]) -> bool:
    row = model.row_of(key)
    if row < 0:
        return False
    view.selectRow(row)
    view.scrollTo(model.index(row, 0))
    return True


def add_action(toolbar: QToolBar, owner: QWidget, icon: str, text: str, slot: Callable[[], Any],
               shortcut: str = "") -> QAction:
    """A toolbar button whose key works on its own page only."""
    return view_table.add_action(toolbar, owner, icon, text, slot, shortcut, local_shortcut=True)


# --- fields ------------------------------------------------------------------------------------------------

def staff_box(ctx: UiContext, current: str | None = None) -> QComboBox:
    """A name from the staff list, or typed (someone not entered yet); None = the current operator."""
    names = [s.name for s in ctx.services.settings.staff(ctx.working_project_id)]
    box = choice(names, editable=True)
    box.setCurrentText(ctx.operator if current is None else current)
    return box


# --- the form dialog ------------------------------------------------------------------------------------

class FormDialog(form_dialog.FormDialog):
    """The shared form dialog (ui/common/form_dialog.py) for the revisits tab: announces "revisits"; a broken
    rule is shown plainly above the buttons."""

    area = AREA
    default_width = 540


# --- files and paper ----------------------------------------------------------------------------------------

def print_folder(ctx: UiContext) -> Path:
    return paper.print_folder(ctx.services.paths.root)


def ask_save_path(parent: QWidget, ctx: UiContext, title: str, name: str, on_chosen: Callable[[Path], None],
                  key: str = "paths/revisits_export_dir") -> QFileDialog:
    """A save dialog (``open()``, never the static helper); remembers the folder."""
    folder = Path(str(ctx.settings.value(key, "") or Path.home()))
    dialog = QFileDialog(parent, title, str(folder / name), "Excel 工作簿 (*.xlsx)")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("xlsx")

    def chosen(path: str) -> None:
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        ctx.settings.setValue(key, str(target.parent))
        on_chosen(target)

    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def export_job(parent: QWidget, title: str, work: Callable[[Any], Path]) -> None:
    """Write a workbook off the GUI thread; say where it went, or why not."""

    def done(path: object) -> None:
        msgbox.information(parent, "导出完成", f"已导出到：\n{path}")

    def failed(exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(parent, "不能导出", exc.message)
        elif isinstance(exc, PermissionError):
            msgbox.warning(parent, "不能导出", "无法写入文件：文件可能正在 Excel 中打开，请关闭后重试。")
        elif isinstance(exc, OSError):
            msgbox.warning(parent, "不能导出", f"无法写入文件：{exc.strerror or exc}")
        else:
            msgbox.error(parent, "不能导出", f"导出时出错：{exc}", detail=trace)

    run_job(parent, title, work, done, failed)
