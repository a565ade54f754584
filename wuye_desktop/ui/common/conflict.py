"""The 「保存冲突」 dialog (issue 7): shows what another clerk changed meanwhile and merges it with this clerk's edit.

Any edit dialog that catches ``EditConflictError`` calls :func:`resolve_conflict` with the values it opened with
(base) and the values it tried to save (mine); nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QBrush
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from wuye_desktop.domain.edit_merge import CHOICE_LABELS, Choice, FieldChange, Kind, changes, merged, shown
from wuye_desktop.domain.errors import EditConflictError

COL_FIELD, COL_BASE, COL_THEIRS, COL_MINE, COL_RESULT = range(5)
HEADERS = ["字段", "您打开时", "他人改为", "您改为", "保存为"]
UNCHANGED = "（未改）"
PICK = "请选择…"
_CONFLICT_BG = QColor("#fff3cd")
MAX_ROW_HEIGHT = 96


class ConflictDialog(QDialog):
    """Non-blocking; ``merge_chosen`` / ``reload_chosen`` run after the dialog has closed."""

    def __init__(self, parent: QWidget | None, error: EditConflictError, base: Mapping[str, object],
                 mine: Mapping[str, object], on_merged: Callable[[dict[str, object], int], None],
                 on_reload: Callable[[], None], show: Mapping[str, Callable[[object], str]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("保存冲突")
        self.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
        self._error = error
        self._mine = dict(mine)
        self._on_merged = on_merged
        self._on_reload = on_reload
        self._outcome: str | None = None
        self._show = dict(show or {})
        self.changes: list[FieldChange] = changes(base, mine, error.current, error.labels)
        self._combos: dict[str, QComboBox] = {}

        layout = QVBoxLayout(self)
        head = QLabel(error.message)
        head.setObjectName("conflictMessage")
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: bold;")
        layout.addWidget(head)
        explain = QLabel(self._explanation())
        explain.setWordWrap(True)
        layout.addWidget(explain)

        self.table = QTableWidget(len(self.changes), len(HEADERS), self)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        for row, change in enumerate(self.changes):
            self._fill_row(row, change)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.ResizeToContents)
        for col in (COL_BASE, COL_THEIRS, COL_MINE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_RESULT, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        for row in range(self.table.rowCount()):
            # a long text (repeating rows of a form) stays readable in its tooltip instead of a page-high row
            self.table.setRowHeight(row, min(self.table.rowHeight(row), MAX_ROW_HEIGHT))
        layout.addWidget(self.table, 1)

        self.hint = QLabel()
        self.hint.setObjectName("fieldError")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        buttons = QDialogButtonBox(self)
        self.merge_button = QPushButton("合并后保存")
        self.reload_button = QPushButton("放弃我的修改并重新载入")
        self.cancel_button = QPushButton("取消")
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.merge_button.clicked.connect(self._merge_clicked)
        self.reload_button.clicked.connect(self._reload_clicked)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(self._after_close)
        self._update_hint()
        height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.resize(880, max(300, min(640, 230 + height)))

    def _explanation(self) -> str:
        if not self.changes:
            return "他人保存了这条记录，但没有改动任何字段；可以直接保存您的修改。"
        theirs = sum(1 for c in self.changes if c.kind in (Kind.THEIRS, Kind.CONFLICT))
        both = sum(1 for c in self.changes if c.kind is Kind.CONFLICT)
        text = f"您打开这条记录后，他人改了 {theirs} 个字段。他人改的字段采用他人的内容，您改的字段保留您的内容"
        if both:
            text += f"；双方都改了的 {both} 个字段请逐项选择「保留我的」或「采用他人的」"
        return text + "。"

    def _text(self, key: str, value: object) -> str:
        show = self._show.get(key)
        if show is None:
            return shown(value)
        return show(value) or "空"  # a show hook also names None (公司级, 未指定部门) when it can

    def _fill_row(self, row: int, change: FieldChange) -> None:
        texts = {
            COL_FIELD: change.label,
            COL_BASE: self._text(change.key, change.base),
            COL_THEIRS: self._text(change.key, change.theirs) if change.kind is not Kind.MINE else UNCHANGED,
            COL_MINE: self._text(change.key, change.mine) if change.kind is not Kind.THEIRS else UNCHANGED,
        }
        for col, text in texts.items():
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if change.kind is Kind.CONFLICT:
                item.setBackground(QBrush(_CONFLICT_BG))
            self.table.setItem(row, col, item)
        if change.kind is Kind.CONFLICT:
            combo = QComboBox()
            combo.setObjectName(f"choice_{change.key}")
            combo.addItem(PICK, None)
            for choice in (Choice.MINE, Choice.THEIRS):
                combo.addItem(CHOICE_LABELS[choice], choice.value)
            combo.currentIndexChanged.connect(self._update_hint)
            self._combos[change.key] = combo
            self.table.setCellWidget(row, COL_RESULT, combo)
        else:
            result = {Kind.THEIRS: "采用他人的", Kind.MINE: "保留我的", Kind.SAME: "双方相同"}[change.kind]
            item = QTableWidgetItem(result)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.table.setItem(row, COL_RESULT, item)

    def choose(self, key: str, choice: Choice) -> None:
        """Pick a side for a field both clerks changed (the same as the row's drop-down)."""
        combo = self._combos[key]
        combo.setCurrentIndex(combo.findData(choice.value))

    def choices(self) -> dict[str, Choice]:
        return {k: Choice(c.currentData()) for k, c in self._combos.items() if c.currentData() is not None}

    def open_choices(self) -> list[str]:
        chosen = self.choices()
        return [c.label for c in self.changes if c.kind is Kind.CONFLICT and c.key not in chosen]

    def merged_values(self) -> dict[str, object]:
        return merged(self._mine, self.changes, self.choices())

    @Slot()
    def _update_hint(self) -> None:
        missing = self.open_choices()
        self.merge_button.setEnabled(not missing)
        self.hint.setText(f"请为「{'」「'.join(missing)}」选择保留哪一方的内容" if missing else "")
        self.hint.setVisible(bool(missing))

    @Slot()
    def _merge_clicked(self) -> None:
        if self.open_choices():
            return
        self._outcome = "merge"
        self.accept()

    @Slot()
    def _reload_clicked(self) -> None:
        self._outcome = "reload"
        self.done(QDialog.DialogCode.Rejected)

    @Slot(int)
    def _after_close(self, _result: int) -> None:
        # The callbacks run after the dialog is gone, so a second conflict can open a fresh dialog.
        outcome, self._outcome = self._outcome, None
        if outcome == "merge":
            self._on_merged(self.merged_values(), self._error.current_version)
        elif outcome == "reload":
            self._on_reload()


def resolve_conflict(parent: QWidget | None, error: EditConflictError, base: Mapping[str, object],
                     mine: Mapping[str, object], on_merged: Callable[[dict[str, object], int], None],
                     on_reload: Callable[[], None], *,
                     show: Mapping[str, Callable[[object], str]] | None = None) -> ConflictDialog:
    """Open the 「保存冲突」 dialog (non-blocking).

    「合并后保存」 calls ``on_merged(merged values, error.current_version)``; 「放弃我的修改并重新载入」 calls
    ``on_reload()``; 「取消」 only closes it, leaving the edit dialog as the clerk filled it in.
    ``show`` (optional) turns a key's values into the text a clerk reads: a project id into its name, a phone
    into the masked number this user's role sees (issue 7: the dialog shows no more than the screens).
    """
    dialog = ConflictDialog(parent, error, base, mine, on_merged, on_reload, show)
    dialog.open()
    return dialog
