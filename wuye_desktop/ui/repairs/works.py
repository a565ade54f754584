"""外包工程: contractors' jobs and the supervisor's quality checks of their electrical part (篇1 §3) —
checklist items, result, rectification demanded and verified."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.repairs import DEFAULT_ELECTRICAL_CHECKS, CheckResult, WorkState
from wuye_desktop.domain.repairs_records import CheckDraft, CheckItem, VerifyDraft, WorkDraft
from wuye_desktop.services.repairs_views import CheckView, WorkView
from wuye_desktop.services.repairs_works import WORK_EDIT
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.field_widgets import OptionalDate, choice, date_edit, from_qdate, line, text_area
from wuye_desktop.ui.common.fields import datetime_edit
from wuye_desktop.ui.common.view_table import Column, add_action, d, dt, new_toolbar, selected_row
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.repairs.common import FormDialog, ListModel, make_table, staff_box, time_of


class WorkDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, work: WorkView | None = None) -> None:
        super().__init__(ctx, f"修改外包工程 — {work.name}" if work else "登记外包工程", parent, width=560)
        self.work = work
        today = ctx.now().date()
        self.name = self.field("name", "工程名称", line(work.name if work else ""), required=True)
        self.contractor = self.field("contractor", "施工单位", line(work.contractor if work else ""), required=True)
        self.contact = self.field("contact", "联系人", line(work.contact if work else ""))
        self.phone = self.field("phone", "联系电话", line(work.phone if work else ""))
        self.start = self.field("start_date", "开工日期", date_edit(work.start_date if work else today), required=True)
        self.end = self.field("end_date", "竣工日期", OptionalDate("设定", work.end_date if work else None, today))
        self.scope = self.field("scope", "工程内容", text_area(work.scope if work else ""))
        self.supervisor = self.field("supervisor", "管理人", staff_box(ctx, work.supervisor if work else ""))
        self.state = self.field("state", "状态", choice([s.value for s in WorkState], work.state if work else ""))
        self.state.setEnabled(work is not None)
        if work is not None:
            self.lock_edit(WORK_EDIT, work, self._reload)

    def _reload(self) -> WorkView:
        assert self.work is not None
        return self.ctx.services.repairs.works.get(self.work.id)

    def submit(self) -> object:
        draft = WorkDraft(self.name.text(), self.contractor.text(), from_qdate(self.start.date()), self.end.value(),
                          self.contact.text(), self.phone.text(), self.scope.toPlainText(), self.supervisor.currentText())
        works = self.ctx.services.repairs.works
        if self.work is None:
            return works.create(draft, self.ctx.working_project_id)
        return works.update(self.work.id, draft, WorkState(self.state.currentText()), self.edit_version)


class CheckDialog(FormDialog):
    """A quality check: each item passed or failed (with a note), the result, and what must be rectified."""

    def __init__(self, ctx: UiContext, work: WorkView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"电气质量检查 — {work.name}", parent, "保存检查", width=680)
        self.work = work
        self.at = self.field("checked_at", "检查时间", datetime_edit(ctx.now().replace(second=0)), required=True)
        self.by = self.field("checked_by", "检查人", staff_box(ctx), required=True)
        self.items = QTableWidget(0, 3)
        self.items.setHorizontalHeaderLabels(["检查项目", "合格", "问题说明"])
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.items.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.items.verticalHeader().setVisible(False)
        self.items.setMinimumHeight(250)
        for text in DEFAULT_ELECTRICAL_CHECKS:
            self.add_item(text)
        self.add_button = QPushButton("增加一项")
        self.add_button.clicked.connect(self._add_empty)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.items)
        box.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.field("items", "检查项目", holder, required=True)
        self.conclusion = self.field("result", "结论", choice([CheckResult.PASSED.value, CheckResult.FAILED.value]))
        self.rectification = self.field("rectification", "整改要求", text_area(height=52))
        self.due = self.field("rectify_due", "整改期限", OptionalDate("设定", None, ctx.now().date()))

    @Slot()
    def _add_empty(self) -> None:
        self.add_item("")

    def add_item(self, text: str) -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        self.items.setItem(row, 0, QTableWidgetItem(text))
        ok = QTableWidgetItem()
        ok.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        ok.setCheckState(Qt.CheckState.Checked)
        self.items.setItem(row, 1, ok)
        self.items.setItem(row, 2, QTableWidgetItem(""))

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.items.item(row, column)
        if item is None:  # a cell the clerk emptied: put a fresh item back
            item = QTableWidgetItem("")
            self.items.setItem(row, column, item)
        return item

    def set_failed(self, row: int, note: str) -> None:
        self._cell(row, 1).setCheckState(Qt.CheckState.Unchecked)
        self._cell(row, 2).setText(note)

    def check_items(self) -> tuple[CheckItem, ...]:
        result = []
        for row in range(self.items.rowCount()):
            text, note = self._cell(row, 0).text(), self._cell(row, 2).text()
            if not text.strip() and not note.strip():
                continue  # an empty row added by mistake
            result.append(CheckItem(text, self._cell(row, 1).checkState() == Qt.CheckState.Checked, note))
        return tuple(result)

    def submit(self) -> object:
        draft = CheckDraft(time_of(self.at), self.by.currentText(), self.check_items(),
                           CheckResult(self.conclusion.currentText()), self.rectification.toPlainText(), self.due.value())
        return self.ctx.services.repairs.works.check(self.work.id, draft)


class VerifyDialog(FormDialog):
    def __init__(self, ctx: UiContext, check: CheckView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "整改验证", parent, "验证合格")
        self.check = check
        self.body.insertWidget(0, QLabel(f"整改要求：{check.rectification}\n整改期限：{d(check.rectify_due)}"))
        self.at = self.field("verified_at", "验证时间", datetime_edit(ctx.now().replace(second=0)), required=True)
        self.by = self.field("verified_by", "验证人", staff_box(ctx), required=True)
        self.note = self.field("note", "整改情况", text_area(), required=True)

    def submit(self) -> object:
        draft = VerifyDraft(time_of(self.at), self.by.currentText(), self.note.toPlainText())
        return self.ctx.services.repairs.works.verify(self.check.id, draft)


class WorksPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        tb = self.toolbar = new_toolbar("外包工程")
        self.new_action = add_action(tb, self, "add", "登记工程", self.new_work)
        self.edit_action = add_action(tb, self, "", "修改/验收", self.edit_work)
        self.check_action = add_action(tb, self, "check", "质量检查", self.new_check)
        self.verify_action = add_action(tb, self, "", "整改验证", self.verify)
        self.refresh_action = add_action(tb, self, "refresh", "刷新", self.refresh)
        today = ctx.now
        self.works = ListModel([
            Column("工程名称", lambda w: w.name, 180), Column("施工单位", lambda w: w.contractor, 160),
            Column("联系人", lambda w: f"{w.contact} {w.phone}".strip(), 150),
            Column("工期", lambda w: f"{d(w.start_date)} 至 {d(w.end_date) or '—'}", 180),
            Column("管理人", lambda w: w.supervisor, 60), Column("状态", lambda w: w.state, 60),
            Column("检查", lambda w: f"{len(w.checks)}次", 50), Column("最近结论", lambda w: w.last_result, 130),
            Column("待整改", lambda w: str(w.open_rectifications or ""), 60)],
            lambda w: "overdue" if any(c.rectification_overdue(today().date()) for c in w.checks)
            else ("warn" if w.open_rectifications else ("closed" if w.state == "已验收" else "")), self)
        self.checks = ListModel([
            Column("检查时间", lambda c: dt(c.checked_at), 122), Column("检查人", lambda c: c.checked_by, 60),
            Column("不合格项", lambda c: "、".join(f"{i.text}（{i.note}）" if i.note else i.text
                                                 for i in c.items if not i.ok) or "无", 300),
            Column("结论", lambda c: c.result, 110), Column("整改要求", lambda c: c.rectification, 200),
            Column("整改期限", lambda c: d(c.rectify_due), 90),
            Column("整改验证", lambda c: f"{dt(c.verified_at)} {c.verified_by}" if c.verified_at else "", 150)],
            lambda c: "overdue" if c.rectification_overdue(today().date())
            else ("warn" if c.awaiting_rectification else ""), self)
        self.work_view = make_table(self.works, "workTable")
        self.check_view = make_table(self.checks, "checkTable")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.work_view)
        box = QWidget()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel("所选工程的电气部分质量检查（篇1 §3）"))
        bl.addWidget(self.check_view, 1)
        split.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(tb)
        layout.addWidget(split, 1)
        self.work_view.selectionModel().currentRowChanged.connect(self._show_checks)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        keep = selected_row(self.work_view)
        self.works.set_rows(self.ctx.services.repairs.works.works(self.ctx.project_id))
        row = self.works.row_of(lambda w: keep is not None and w.id == keep.id)
        if row < 0 and self.works.rowCount() > 0:
            row = 0  # show the newest job's checks at once
        if row >= 0:
            self.work_view.selectRow(row)
        self._show_checks()

    @Slot()
    def _show_checks(self, *_args: object) -> None:
        work = selected_row(self.work_view)
        self.checks.set_rows(work.checks if work else [])

    def _work(self) -> WorkView | None:
        w = selected_row(self.work_view)
        if w is None:
            msgbox.information(self, "外包工程", "请先选择一项外包工程")
        return w  # type: ignore[no-any-return]

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.saved.connect(self.refresh)  # type: ignore[attr-defined]
        dialog.open()
        return dialog

    @Slot()
    def new_work(self) -> QDialog:
        return self._open(WorkDialog(self.ctx, self))

    @Slot()
    def edit_work(self) -> QDialog | None:
        return self._open(WorkDialog(self.ctx, self, w)) if (w := self._work()) else None

    @Slot()
    def new_check(self) -> QDialog | None:
        return self._open(CheckDialog(self.ctx, w, self)) if (w := self._work()) else None

    @Slot()
    def verify(self) -> QDialog | None:
        c: CheckView | None = selected_row(self.check_view)
        if c is None or not c.awaiting_rectification:
            msgbox.information(self, "整改验证", "请先在下方选择一次「不合格，限期整改」且尚未验证的检查")
            return None
        return self._open(VerifyDialog(self.ctx, c, self))
