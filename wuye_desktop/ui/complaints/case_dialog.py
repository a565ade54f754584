"""The case screen: facts, timeline, deadlines, 五清楚一报告, attachments, the next steps and paper."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.complaint import LADDER_ACTIONS, Action, Channel
from wuye_desktop.domain.errors import DomainError, NotFoundError
from wuye_desktop.locations import icon_path
from wuye_desktop.services.complaint_views import ComplaintDetail
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.complaints.attachments import AttachmentsPanel
from wuye_desktop.ui.complaints.case_parts import fill_checklist, fill_deadlines, fill_timeline, read_only_table
from wuye_desktop.ui.complaints.model import next_due_text
from wuye_desktop.ui.complaints.register_dialog import ComplaintDialog
from wuye_desktop.ui.complaints.step_dialogs import StepDialog
from wuye_desktop.ui.context import UiContext

RECORD_ACTIONS = (Action.VERIFY, Action.NOTE, Action.REPORT)
MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1
RELOAD_MS = 60_000

# (printing service method, button text, preview title)
PRINTS: tuple[tuple[str, str, str], ...] = (
    ("complaint_record", "打印投诉记录表", "客户投诉记录表"),
    ("handling_record", "打印意见处理表", "客户意见处理表"),
    ("reply_letter", "打印回复函", "书面投诉回复函"),
)


class CaseDialog(QDialog):
    """A non-modal window for one case; reloads itself whenever complaints change."""

    case_requested = Signal(int)  # open another case (the collective case or one of its originals)

    def __init__(self, ctx: UiContext, complaint_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.complaint_id = complaint_id
        self.detail: ComplaintDetail | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("caseDialog")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1180, 820)

        self.title = QLabel()
        self.title.setObjectName("caseTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.state_label = QLabel()
        self.state_label.setObjectName("caseState")
        self.facts: dict[str, QLabel] = {}
        facts = QGridLayout()
        facts.setHorizontalSpacing(14)
        rows = (("性质", "类别", "投诉方式", "管理处"), ("投诉人", "联系电话", "房号", "受理时间"),
                ("首问人", "责任部门", "下一期限", "超时环节"))
        for r, names in enumerate(rows):
            for c, name in enumerate(names):
                caption = QLabel(f"{name}：")
                caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                value = QLabel()
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                facts.addWidget(caption, r, c * 2)
                facts.addWidget(value, r, c * 2 + 1)
                self.facts[name] = value
        for c in range(4):
            facts.setColumnStretch(c * 2 + 1, 1)
        self.subject = QLabel()
        self.subject.setWordWrap(True)
        self.subject.setStyleSheet("font-weight: bold;")
        self.content = QPlainTextEdit()
        self.content.setReadOnly(True)
        self.content.setMaximumHeight(64)
        self.group_info = QLabel()
        self.group_info.setWordWrap(True)
        self.group_button = QPushButton("查看集体投诉")
        self.group_button.clicked.connect(self._open_group)
        self.members = QListWidget()
        self.members.setMaximumHeight(80)
        self.members.itemActivated.connect(self._open_member)
        self.calendar_warning = QLabel()
        self.calendar_warning.setObjectName("calendarWarning")
        self.calendar_warning.setWordWrap(True)

        self.timeline = read_only_table(["时间", "环节", "经办人", "说明"])
        self.timeline.setObjectName("timeline")
        self.deadlines = read_only_table(["环节", "期限", "完成时间", "状态", "依据"])
        self.deadlines.setObjectName("deadlines")
        self.checklist = QListWidget()
        self.checklist.setObjectName("checklist")
        self.attachments = AttachmentsPanel(ctx)
        self.attachments.attachments_added.connect(self.reload)

        self.actions_box = QGroupBox("办理")
        self.actions_layout = QVBoxLayout(self.actions_box)
        self.action_buttons: dict[Action, QPushButton] = {}

        self.print_buttons: dict[str, QPushButton] = {}
        bottom = QHBoxLayout()
        for method, text, title in PRINTS:
            button = QPushButton(QIcon(str(icon_path("print"))), text)
            button.clicked.connect(partial(self.print_form, method, title))
            bottom.addWidget(button)
            self.print_buttons[method] = button
        bottom.addStretch(1)
        self.edit_button = QPushButton("修改登记信息")
        self.edit_button.clicked.connect(self.edit_details)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(close)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.state_label)
        header.addStretch(1)
        group_row = QHBoxLayout()
        group_row.addWidget(self.group_info, 1)
        group_row.addWidget(self.group_button)

        # Left: what happened (timeline; attachments on the second page). Right: what is due and
        # the 五清楚一报告 ticks, always in view.
        self.pages = QTabWidget()
        self.pages.addTab(self.timeline, "处理过程")
        self.pages.addTab(self.attachments, "附件")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        deadlines_box = QGroupBox("期限")
        QVBoxLayout(deadlines_box).addWidget(self.deadlines)
        check_box = QGroupBox("五清楚，一报告（篇5 §1）")
        QVBoxLayout(check_box).addWidget(self.checklist)
        right_layout.addWidget(deadlines_box, 1)
        right_layout.addWidget(check_box)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.pages)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 600])

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(facts)
        layout.addWidget(self.subject)
        layout.addWidget(self.content)
        layout.addLayout(group_row)
        layout.addWidget(self.members)
        layout.addWidget(self.calendar_warning)
        layout.addWidget(split, 1)
        layout.addWidget(self.actions_box)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setInterval(RELOAD_MS)
        self._timer.timeout.connect(self.reload)
        self._timer.start()
        ctx.data_changed.connect(self._on_data_changed)
        self.reload()

    # --- loading ----------------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        try:
            detail = self.ctx.services.complaints.get(self.complaint_id)
        except NotFoundError as exc:
            msgbox.warning(self.parentWidget(), "案件不存在", exc.message)
            self.close()
            return
        self.show_detail(detail)

    @Slot(str)
    def _on_data_changed(self, area: str) -> None:
        if area in ("complaints", "settings"):
            self.reload()

    def show_detail(self, d: ComplaintDetail) -> None:
        self.detail = d
        v = d.row
        now = self.ctx.now()
        self.setWindowTitle(f"投诉案件 {v.number}")
        self.title.setText(f"{v.number}　{v.category}")
        self.state_label.setText(v.state)
        colour = "#757575" if not v.is_open else ("#c62828" if v.is_overdue(now) else "#1f6feb")
        self.state_label.setStyleSheet(f"color: #ffffff; background: {colour}; border-radius: 3px; "
                                       "padding: 2px 8px; font-weight: bold;")
        values = {
            "性质": v.kind, "类别": v.category, "投诉方式": v.channel, "管理处": d.project_name,
            "投诉人": v.complainant, "联系电话": self.ctx.show_phone(v.phone), "房号": v.unit,
            "受理时间": f"{v.received_at:%Y-%m-%d %H:%M}", "首问人": v.first_responder or "—",
            "责任部门": v.department or "—", "下一期限": next_due_text(v, now) or "—",
            "超时环节": "、".join(v.overdue_labels(now)) or "无",
        }
        for key, text in values.items():
            self.facts[key].setText(text)
        self.facts["超时环节"].setStyleSheet("color: #c62828; font-weight: bold;" if v.overdue_labels(now) else "")
        self.subject.setText(f"投诉主题：{v.subject}")
        self.content.setPlainText(d.content or "（未填写投诉内容）")
        if d.group_id:
            self.group_info.setText("本投诉已并入一宗集体投诉。")
        elif d.members:
            self.group_info.setText(f"集体投诉，由以下 {len(d.members)} 宗投诉合并（双击打开）：")
        self.group_info.setVisible(bool(d.group_id or d.members))
        self.group_button.setVisible(bool(d.group_id))
        self.members.clear()
        for m in d.members:
            item = QListWidgetItem(f"{m.number}　{m.unit}　{m.complainant}：{m.subject}（{m.state}）")
            item.setData(MEMBER_ROLE, m.id)
            self.members.addItem(item)
        self.members.setVisible(bool(d.members))
        self.calendar_warning.setText(d.calendar_warning)
        self.calendar_warning.setVisible(bool(d.calendar_warning))
        fill_timeline(self.timeline, d.events)
        fill_deadlines(self.deadlines, d.deadlines, now)
        fill_checklist(self.checklist, d.checklist)
        self.attachments.set_attachments(d.id, d.attachments)
        self.pages.setTabText(1, f"附件（{len(d.attachments)}）" if d.attachments else "附件")
        self._build_actions(d)
        written = d.channel is Channel.WRITTEN
        letter = self.print_buttons["reply_letter"]
        letter.setVisible(written)
        letter.setEnabled(bool(d.written_reply))
        letter.setToolTip("" if d.written_reply else "请先记录「回复客户」的书面回复内容")

    def _build_actions(self, d: ComplaintDetail) -> None:
        while self.actions_layout.count():
            item = self.actions_layout.takeAt(0)
            layout = item.layout()
            if layout is not None:
                while layout.count():
                    w = layout.takeAt(0).widget()
                    if w is not None:
                        w.deleteLater()
        self.action_buttons.clear()
        moves = [a for a in d.allowed if a not in RECORD_ACTIONS and a not in LADDER_ACTIONS]
        records = [a for a in d.allowed if a in RECORD_ACTIONS]
        ladder = [a for a in d.allowed if a in LADDER_ACTIONS]
        for caption, actions in (("下一步：", moves), ("记录：", records), ("突发事件逐级上报：", ladder)):
            if not actions:
                continue
            row = QHBoxLayout()
            label = QLabel(caption)
            label.setMinimumWidth(130)
            row.addWidget(label)
            for a in actions:
                button = QPushButton(a.value)
                button.setObjectName(f"action_{a.name}")
                if caption == "下一步：":
                    button.setProperty("primary", True)
                button.clicked.connect(partial(self.start_step, a))
                row.addWidget(button)
                self.action_buttons[a] = button
            row.addStretch(1)
            self.actions_layout.addLayout(row)
        if not d.allowed:
            row = QHBoxLayout()
            row.addWidget(QLabel("本案件已结案，没有待办步骤。"))
            self.actions_layout.addLayout(row)

    # --- steps ------------------------------------------------------------------------------------
    def start_step(self, action: Action) -> StepDialog | None:
        d = self.detail
        if d is None:
            return None
        dialog = StepDialog(self.ctx, action, d.id, number=d.row.number, expected_version=d.row.version,
                            defaults={"department": d.row.department, "confirmed_by": d.row.complainant},
                            written_reply=d.channel is Channel.WRITTEN, parent=self)
        dialog.open()
        return dialog

    @Slot()
    def edit_details(self) -> ComplaintDialog | None:
        if self.detail is None:
            return None
        dialog = ComplaintDialog(self.ctx, self, self.detail)
        dialog.open()
        return dialog

    @Slot()
    def _open_group(self) -> None:
        if self.detail and self.detail.group_id:
            self.case_requested.emit(self.detail.group_id)

    @Slot(QListWidgetItem)
    def _open_member(self, item: QListWidgetItem) -> None:
        self.case_requested.emit(int(item.data(MEMBER_ROLE)))

    # --- paper ------------------------------------------------------------------------------------
    def print_form(self, method: str, title: str) -> None:
        """Render the form as a PDF off the GUI thread, then show the in-app preview."""
        make: Callable[[int], Path] = getattr(self.ctx.services.printing, method)
        complaint_id = self.complaint_id
        run_job(self, f"正在生成{title}…", partial(_render, make, complaint_id),
                partial(self._preview, title), self._print_failed)

    def _preview(self, title: str, path: object) -> None:
        from wuye_desktop.ui.common.pdf_preview import PdfPreviewDialog

        number = self.detail.row.number if self.detail else ""
        dialog = PdfPreviewDialog(Path(str(path)), f"{title} — {number}", self)
        dialog.open()

    def _print_failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(self, "不能打印", exc.message)
        else:
            msgbox.error(self, "不能打印", f"生成表格时出错：{exc}", detail=trace)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._timer.stop()
        try:
            self.ctx.data_changed.disconnect(self._on_data_changed)
        except (RuntimeError, TypeError):
            pass
        super().closeEvent(event)


def _render(make: Callable[[int], Path], complaint_id: int, _progress: object) -> Path:
    return make(complaint_id)
