"""The 投诉受理 tab: toolbar, filter bar and the complaint list; it opens the dialogs and case screens."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTableView, QToolBar, QVBoxLayout, QWidget

from wuye_desktop.domain.errors import NotFoundError
from wuye_desktop.locations import icon_path
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.complaints.case_dialog import CaseDialog
from wuye_desktop.ui.complaints.collective import CollectiveDialog, offer_grouping, proposals_for
from wuye_desktop.ui.complaints.filter_bar import ComplaintFilterBar
from wuye_desktop.ui.complaints.model import (
    COL_CATEGORY,
    COL_COMPLAINANT,
    COL_DEPARTMENT,
    COL_KIND,
    COL_NEXT_DUE,
    COL_NUMBER,
    COL_OVERDUE,
    COL_PHONE,
    COL_PROJECT,
    COL_RECEIVED,
    COL_STATE,
    COL_SUBJECT,
    COL_UNIT,
    SORT_KEY_OF,
    ComplaintTableModel,
)
from wuye_desktop.ui.complaints.register_dialog import ComplaintDialog
from wuye_desktop.ui.context import UiContext

TIME_REFRESH_MS = 30_000
HEADER_KEY = "complaints/header_state"


class ComplaintsTab(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_dialogs: dict[int, CaseDialog] = {}

        self.toolbar = QToolBar("投诉")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.register_action = self._action("add", "登记投诉", "Ctrl+N", self.register_complaint)
        self.open_action = self._action("search", "查看案件", "", self.open_selected)
        self.refresh_action = self._action("refresh", "刷新", "F5", self.refresh)
        self.toolbar.addSeparator()
        self.group_action = self._action("group", "合并集体投诉", "", self.show_collective)
        self.toolbar.addSeparator()
        self.export_action = self._action("export", "导出Excel", "Ctrl+E", self.export_excel)
        self.import_action = self._action("import", "导入台账", "", self.import_ledger)

        self.filter_bar = ComplaintFilterBar(ctx)
        self.model = ComplaintTableModel(ctx.services.complaints.page, ctx.now, self)
        self.model.show_phone = ctx.show_phone  # issue 7: whole or 138****5678 by the role
        self.view = QTableView()
        self.view.setObjectName("complaintTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(False)  # the row colours carry meaning
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        widths = {COL_NUMBER: 125, COL_RECEIVED: 122, COL_COMPLAINANT: 70, COL_UNIT: 104, COL_PHONE: 102,
                  COL_SUBJECT: 180, COL_CATEGORY: 96, COL_KIND: 56, COL_STATE: 116, COL_DEPARTMENT: 70,
                  COL_NEXT_DUE: 180, COL_OVERDUE: 110, COL_PROJECT: 110}
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.moveSection(header.visualIndex(COL_PROJECT), 1)  # shown after 投诉编号 for the whole company
        saved = ctx.settings.value(HEADER_KEY)
        if isinstance(saved, QByteArray):
            header.restoreState(saved)
        header.setSortIndicator(COL_RECEIVED, Qt.SortOrder.DescendingOrder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.view, 1)

        self.filter_bar.filter_changed.connect(self.apply_filter)
        self.model.reloaded.connect(self._show_counts)
        self.view.doubleClicked.connect(self._open_index)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, self.open_selected)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        keypad_enter = QShortcut(QKeySequence(Qt.Key.Key_Enter), self.view, self.open_selected)
        keypad_enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        ctx.project_changed.connect(self._on_project_changed)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.operator_changed.connect(self._on_operator_changed)
        self._save_header_timer = QTimer(self)
        self._save_header_timer.setSingleShot(True)
        self._save_header_timer.setInterval(1000)
        self._save_header_timer.timeout.connect(self._save_header)
        header.sectionResized.connect(self._header_changed)
        header.sectionMoved.connect(self._header_changed)
        self._time_timer = QTimer(self)
        self._time_timer.setInterval(TIME_REFRESH_MS)
        self._time_timer.timeout.connect(self.model.refresh_times)
        self._time_timer.start()

        self._update_project_column()
        self.model.set_filter(self.filter_bar.complaint_filter())
        QTimer.singleShot(0, self._show_counts)  # again once the main window listens
        self.view.setSortingEnabled(True)  # clicking a header re-queries in SQL (model.sort)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)

    def _action(self, icon: str, text: str, shortcut: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(QIcon(str(icon_path(icon))), text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text}（{shortcut}）")
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    # --- the list ---------------------------------------------------------------------------------
    @Slot()
    def apply_filter(self) -> None:
        self.model.set_filter(self.filter_bar.complaint_filter(self.model.complaint_filter))

    @Slot()
    def refresh(self) -> None:
        """Query again, keeping the selected case selected."""
        selected = self.selected_id()
        self.filter_bar.reload_choices()
        self.model.set_filter(self.filter_bar.complaint_filter(self.model.complaint_filter))
        if selected is not None:
            self.select_complaint(selected)

    @Slot()
    def _show_counts(self) -> None:
        f = self.model.complaint_filter
        total = f"超过{self.model.total}宗" if self.model.capped else f"{self.model.total} 宗"
        late = self.ctx.services.complaints.page(f.with_(overdue_only=True), 0, 1, with_total=True)
        overdue = f"超过{late.total}宗" if late.capped else f"{late.total} 宗"
        self.status_message.emit(f"共 {total}，超时 {overdue}")

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        view = self.model.view_at(index.row()) if index.isValid() else None
        return view.id if view else None

    def select_complaint(self, complaint_id: int) -> bool:
        row = self.model.row_of(complaint_id)
        if row < 0:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _update_project_column(self) -> None:
        whole_company = self.ctx.project_id is None
        self.view.setColumnHidden(COL_PROJECT, not whole_company)
        if whole_company:
            self.model.set_project_names({p.id: p.name for p in self.ctx.services.settings.projects(True)})

    @Slot(int, Qt.SortOrder)
    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if SORT_KEY_OF.get(column) is None:  # 超时环节 and 管理处 are not sorted in SQL
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            order = Qt.SortOrder.DescendingOrder if self.model.complaint_filter.descending \
                else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(self.model.sort_column(), order)
            header.blockSignals(False)

    @Slot()
    def _header_changed(self) -> None:
        self._save_header_timer.start()

    @Slot()
    def _save_header(self) -> None:
        self.ctx.settings.setValue(HEADER_KEY, self.view.horizontalHeader().saveState())

    # --- context changes ----------------------------------------------------------------------------
    @Slot(object)
    def _on_project_changed(self, _project_id: object) -> None:
        self._update_project_column()
        self.apply_filter()

    @Slot(str)
    def _on_data_changed(self, area: str) -> None:
        if area == "complaints":
            self.refresh()
        elif area == "settings":
            self._update_project_column()
            self.refresh()

    @Slot(str)
    def _on_operator_changed(self, _name: str) -> None:
        if self.filter_bar.mine.isChecked():
            self.apply_filter()

    # --- cases ------------------------------------------------------------------------------------------
    @Slot()
    def register_complaint(self) -> ComplaintDialog:
        dialog = ComplaintDialog(self.ctx, self)
        dialog.complaint_saved.connect(self._registered)
        dialog.open()
        return dialog

    @Slot(int)
    def _registered(self, complaint_id: int) -> None:
        self.select_complaint(complaint_id)
        self.status_message.emit("投诉已登记")
        offer_grouping(self.ctx, self, complaint_id, self._grouped)

    def _grouped(self, complaint_id: int) -> None:
        self.select_complaint(complaint_id)
        self.status_message.emit("已合并为集体投诉")

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        view = self.model.view_at(index.row())
        if view is not None:
            self.open_case(view.id)

    @Slot()
    def open_selected(self) -> None:
        complaint_id = self.selected_id()
        if complaint_id is None:
            self.status_message.emit("请先在列表中选择一宗投诉")
            return
        self.open_case(complaint_id)

    @Slot(int)
    def open_case(self, complaint_id: int) -> CaseDialog | None:
        existing = self.case_dialogs.get(complaint_id)
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        try:
            self.ctx.services.complaints.get(complaint_id)
        except NotFoundError as exc:
            msgbox.warning(self, "案件不存在", exc.message)
            return None
        dialog = CaseDialog(self.ctx, complaint_id, self)
        dialog.case_requested.connect(self.open_case)
        dialog.finished.connect(partial(self._case_closed, complaint_id))
        dialog.destroyed.connect(partial(self._case_closed, complaint_id))
        self.case_dialogs[complaint_id] = dialog
        dialog.show()
        return dialog

    def _case_closed(self, complaint_id: int, _obj: object = None) -> None:
        self.case_dialogs.pop(complaint_id, None)

    @Slot()
    def show_collective(self) -> CollectiveDialog | None:
        groups = proposals_for(self.ctx)
        if not groups:
            window = self.ctx.services.settings.collective_window_days()
            msgbox.information(self, "合并集体投诉",
                               f"目前没有可合并的投诉：{window} 天内同一类别、来自三户或以上的未结案投诉才会被提示。")
            return None
        dialog = CollectiveDialog(self.ctx, groups, self)
        dialog.grouped.connect(self._grouped)
        dialog.open()
        return dialog

    # --- Excel --------------------------------------------------------------------------------------------
    @Slot()
    def export_excel(self) -> None:
        from wuye_desktop.ui.complaints.export_action import export_complaints

        export_complaints(self.ctx, self, self.model.complaint_filter)

    @Slot()
    def import_ledger(self) -> None:
        from wuye_desktop.ui.complaints.import_dialog import LedgerImportDialog

        dialog = LedgerImportDialog(self.ctx, self)
        dialog.open()
