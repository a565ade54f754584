"""Pieces every page of the revisits tab shares: a table model over frozen views (optionally paged
in SQL), a form dialog that puts a Chinese message under each bad field, field helpers, files and
the PDF preview. (Tabs never import each other, so this is the revisits tab's own copy.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import DomainError, EditConflictError, ValidationError
from wuye_desktop.locations import icon_path
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.edit_lock import EditLock
from wuye_desktop.ui.common.fields import ErrorForm, datetime_edit, from_qdatetime, to_qdatetime
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog
from wuye_desktop.ui.context import UiContext

Index = QModelIndex | QPersistentModelIndex
W = TypeVar("W", bound=QWidget)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
TONE_ROLE = Qt.ItemDataRole.UserRole + 3

# Colours that mean something (resources/style.qss): overdue red, due soon amber, done/cancelled grey.
RED, RED_BG = QColor("#c62828"), QColor("#fdecea")
AMBER, AMBER_BG = QColor("#b26a00"), QColor("#fff4dc")
GREY = QColor("#757575")
FOREGROUND = {"overdue": RED, "soon": AMBER, "closed": GREY}
BACKGROUND = {"overdue": RED_BG, "soon": AMBER_BG}
PAGE_SIZE = 200
AREA = "revisits"  # what ``ctx.data_changed`` announces


def dt(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


def d(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    width: int = 100
    sort_key: str | None = None      # the SQL sort key (paged lists) — None: not sortable there
    tip: Callable[[Any], str] | None = None


Fetch = Callable[[int, int], tuple[Sequence[Any], int]]   # (offset, limit) → (rows, total)


class ViewTableModel(QAbstractTableModel):
    """Rows are frozen views. ``set_rows`` for short lists; ``set_fetch`` pages a long list from SQL
    (``fetchMore`` as the clerk scrolls). ``tone(row)`` colours a whole row."""

    reloaded = Signal()

    def __init__(self, columns: Sequence[Column], tone: Callable[[Any], str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._tone = tone
        self._rows: list[Any] = []
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

    # --- access ----------------------------------------------------------------------------------------
    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, key: Callable[[Any], bool]) -> int:
        return next((i for i, r in enumerate(self._rows) if key(r)), -1)

    def tone_of(self, row: Any) -> str:
        return self._tone(row) if self._tone else ""

    # --- Qt model interface -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == SORT_ROLE:
            return col.text(row)
        if role == ROW_ROLE:
            return row
        if role == TONE_ROLE:
            return self.tone_of(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return FOREGROUND.get(self.tone_of(row))
        if role == Qt.ItemDataRole.BackgroundRole:
            return BACKGROUND.get(self.tone_of(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            return (col.tip(row) if col.tip else None) or None
        return None


def make_table(model: ViewTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)  # the row colours carry meaning
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    for i, col in enumerate(model.columns):
        header.resizeSection(i, col.width)
    return view


def selected_row(view: QTableView) -> Any:
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    return view.model().data(view.model().index(rows[0].row(), 0), ROW_ROLE)


def select_where(view: QTableView, model: ViewTableModel, key: Callable[[Any], bool]) -> bool:
    row = model.row_of(key)
    if row < 0:
        return False
    view.selectRow(row)
    view.scrollTo(model.index(row, 0))
    return True


def new_toolbar(title: str) -> QToolBar:
    bar = QToolBar(title)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return bar


def add_action(toolbar: QToolBar, owner: QWidget, icon: str, text: str, slot: Callable[[], Any],
               shortcut: str = "") -> QAction:
    action = QAction(QIcon(str(icon_path(icon))) if icon else QIcon(), text, owner)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text}（{shortcut}）")
    action.triggered.connect(slot)
    toolbar.addAction(action)
    return action


# --- fields ------------------------------------------------------------------------------------------------

def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def text_area(text: str = "", height: int = 64, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def choice(items: Sequence[str], current: str = "", editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    if editable:
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(list(items))
    if current:
        box.setCurrentText(current)
    return box


def staff_box(ctx: UiContext, current: str | None = None) -> QComboBox:
    """A name from the staff list, or typed (someone not entered yet); None = the current operator."""
    names = [s.name for s in ctx.services.settings.staff(ctx.working_project_id)]
    box = choice(names, editable=True)
    box.setCurrentText(ctx.operator if current is None else current)
    return box


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class OptionalDateTime(QWidget):
    """A time the clerk may leave out: a check box switches the field on."""

    def __init__(self, label: str, value: datetime | None, default: datetime) -> None:
        super().__init__()
        self.check = QCheckBox(label)
        self.edit = datetime_edit(value or default)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)

    def value(self) -> datetime | None:
        return from_qdatetime(self.edit.dateTime()) if self.check.isChecked() else None

    def set_value(self, value: datetime | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDateTime(to_qdatetime(value))


# --- the form dialog ------------------------------------------------------------------------------------

class FormDialog(EditLock, QDialog):
    """A dialog around an ErrorForm: ``submit()`` calls a service; a ValidationError puts each message
    under its field, a save over someone else's opens the 「保存冲突」 dialog (EditLock, issue 7), any other
    broken rule is shown plainly; success emits ``saved`` and announces ``ctx.data_changed("revisits")``.
    Always shown with ``open()``."""

    saved = Signal(object)

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None, ok_text: str = "保存",
                 width: int = 540) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.form = ErrorForm()
        self.general = QLabel()
        self.general.setObjectName("fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("primary", True)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout()
        self.body.addLayout(self.form)
        layout = QVBoxLayout(self)
        layout.addLayout(self.body)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

    def field(self, key: str, label: str, widget: W, required: bool = False) -> W:
        """Add a field to the form (its message line under it) and hand the widget back, typed."""
        self.form.add(key, label, widget, required)
        return widget

    def submit(self) -> object:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def show_general(self, messages: list[str]) -> None:
        self.general.setText("\n".join(messages))
        self.general.setVisible(bool(messages))

    @Slot()
    def _submit(self) -> None:
        self.form.clear_errors()
        self.show_general([])
        try:
            result = self.submit()
        except ValidationError as exc:
            self.show_general(self.form.show_errors(exc.errors))
        except EditConflictError as exc:
            self.handle_edit_conflict(exc)
        except DomainError as exc:
            self.show_general([exc.message])
        else:
            self.saved.emit(result)
            self.ctx.data_changed.emit(AREA)
            self.accept()


# --- files and paper ----------------------------------------------------------------------------------------

def print_folder(ctx: UiContext) -> Path:
    folder = ctx.services.paths.root / "print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_name(text: str) -> str:
    return "".join(c for c in text if c not in '\\/:*?"<>|').strip() or "文件"


def preview_pdf(parent: QWidget, path: Path, title: str) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(path, title, parent)
    dialog.open()
    return dialog


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


def show_failure(parent: QWidget, title: str, exc: Exception) -> None:
    if isinstance(exc, DomainError):
        msgbox.warning(parent, title, exc.message)
    elif isinstance(exc, OSError):
        msgbox.warning(parent, title, f"无法写入文件：{exc.strerror or exc}")
    else:
        raise exc
