"""The emergency banner above all tabs: live countdowns of the reporting ladder (篇2 §6–7).

State lives in the database (emergencies()), so the banner comes back after a restart; the
countdowns are recomputed every second from the injected clock.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCursor, QIcon, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.deadlines import RULES_BY_STEP, Unit, format_remaining
from wuye_desktop.locations import icon_path
from wuye_desktop.services.complaint_views import EmergencyView, LadderStep
from wuye_desktop.ui.complaints.step_dialogs import StepDialog
from wuye_desktop.ui.context import UiContext

MAX_CASES = 3
ALERT_SECONDS = 60          # tray message and beep when a step has a minute left (or has expired)
RELOAD_MS = 30_000          # another PC may have recorded a step
WAITING_TEXT = {
    "phone_board": "待上报领导后计时",
    "leader_written": "待上报领导后计时",
    "developer_verify": "待处理完成后计时",
}


def step_tone(step: LadderStep, now: datetime) -> str:
    """The objectName that colours a step (resources/style.qss)."""
    if step.done_at is not None:
        return "ladderDone"
    if step.due_at is None:
        return "ladderPending"
    left = (step.due_at - now).total_seconds()
    if left < 0:
        return "ladderOverdue"
    rule = RULES_BY_STEP.get(step.step)
    soon = ALERT_SECONDS if rule is None or rule.unit is Unit.MINUTES else 3600
    return "ladderSoon" if left <= soon else "ladderPending"


def step_text(step: LadderStep, now: datetime) -> str:
    if step.done_at is not None:
        return f"{step.label} 已办 {step.done_at:%H:%M} {step.done_by}".rstrip()
    if step.due_at is None:
        return f"{step.label} {WAITING_TEXT.get(step.step, '未开始计时')}"
    return f"{step.label} {format_remaining(step.due_at - now)}"


class LadderLabel(QLabel):
    """One step of the ladder; one click (or Enter/Space) records it."""

    clicked = Signal()

    def __init__(self, step: LadderStep, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if step.done_at is None else Qt.FocusPolicy.NoFocus)
        if step.done_at is None:
            self.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        due = f"期限 {step.due_at:%Y-%m-%d %H:%M}" if step.due_at else "尚未开始计时"
        action = "" if step.done_at else "\n单击记录此步骤"
        self.setToolTip(f"{step.action.value}（{step.source}）\n{due}{action}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    def show_time(self, now: datetime) -> None:
        self.setText(step_text(self.step, now))
        tone = step_tone(self.step, now)
        if self.objectName() != tone:
            self.setObjectName(tone)
            self.style().unpolish(self)
            self.style().polish(self)


class EmergencyBanner(QFrame):
    """Every live major case of the current project (all projects when None), above all tabs."""

    open_case_requested = Signal(int)
    step_alerted = Signal(int, str)  # complaint id, step label: a step about to expire (or expired)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("emergencyBanner")
        # style.qss colours every banner label dark red, which outranks the ladder colours by
        # specificity; a widget's own sheet wins, so restate the text colours of the states here.
        self.setStyleSheet("QLabel#ladderOverdue, QLabel#ladderDone { color: #ffffff; } "
                           "QLabel#ladderSoon { color: #1f2328; }")
        self.cases: list[EmergencyView] = []
        self.step_labels: list[tuple[EmergencyView, LadderLabel]] = []
        self._alerted: set[tuple[int, str]] = set()
        self._tray: QSystemTrayIcon | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._layout.setSpacing(4)
        self._rows: list[QWidget] = []

        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(1000)
        self._tick_timer.timeout.connect(self.tick)
        self._reload_timer = QTimer(self)
        self._reload_timer.setInterval(RELOAD_MS)
        self._reload_timer.timeout.connect(self.reload)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.project_changed.connect(self._on_project_changed)
        self.reload()
        self._reload_timer.start()

    # --- loading ----------------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        self.cases = self.ctx.services.complaints.emergencies(self.ctx.project_id)
        for row in self._rows:
            self._layout.removeWidget(row)
            row.hide()  # deleteLater waits for the event loop; never paint old and new rows together
            row.deleteLater()
        self._rows.clear()
        self.step_labels.clear()
        projects = {p.id: p.name for p in self.ctx.services.settings.projects()} \
            if self.ctx.project_id is None else {}
        for case in self.cases[:MAX_CASES]:
            self._rows.append(self._case_row(case, projects.get(case.project_id, "")))
        if len(self.cases) > MAX_CASES:
            more = QLabel(f"另有 {len(self.cases) - MAX_CASES} 宗突发事件尚未完成逐级上报，"
                          "请在投诉列表中筛选「重大」性质查看。")
            self._rows.append(more)
        for row in self._rows:
            self._layout.addWidget(row)
        self.setVisible(bool(self.cases))
        if self.cases:
            self.tick()
            self._tick_timer.start()
        else:
            self._tick_timer.stop()

    def _case_row(self, case: EmergencyView, project: str) -> QWidget:
        row = QWidget()
        box = QVBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(3)
        head = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(QIcon(str(icon_path("alert"))).pixmap(18, 18))
        head.addWidget(icon)
        where = f"{project}　" if project else ""
        title = QLabel(f"突发事件　{case.number}　{where}{case.category}　{case.unit}　{case.subject}"
                       f"　（受理 {case.received_at:%m-%d %H:%M}）")
        title.setStyleSheet("font-weight: bold;")
        head.addWidget(title, 1)
        button = QPushButton("查看案件")
        button.setObjectName("openEmergencyCase")
        button.clicked.connect(partial(self.open_case_requested.emit, case.id))
        head.addWidget(button)
        box.addLayout(head)
        steps = QHBoxLayout()
        steps.setSpacing(6)
        caption = QLabel("逐级上报：")
        steps.addWidget(caption)
        for step in case.steps:
            label = LadderLabel(step)
            label.clicked.connect(partial(self.record_step, case, step))
            steps.addWidget(label)
            self.step_labels.append((case, label))
        steps.addStretch(1)
        box.addLayout(steps)
        return row

    @Slot(str)
    def _on_data_changed(self, area: str) -> None:
        if area in ("complaints", "settings"):
            self.reload()

    @Slot(object)
    def _on_project_changed(self, _project_id: object) -> None:
        self.reload()

    # --- every second -----------------------------------------------------------------------------
    @Slot()
    def tick(self) -> None:
        now = self.ctx.now()
        due: list[str] = []
        for case, label in self.step_labels:
            label.show_time(now)
            step = label.step
            if step.done_at is None and step.due_at is not None \
                    and (step.due_at - now).total_seconds() <= ALERT_SECONDS:
                key = (case.id, step.step)
                if key not in self._alerted:
                    self._alerted.add(key)
                    due.append(f"{case.number} {step_text(step, now)}")
                    self.step_alerted.emit(case.id, step.label)
        if due:
            self._alert("突发事件上报即将超时", "\n".join(due))

    def _alert(self, title: str, text: str) -> None:
        QApplication.beep()
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            self._tray = QSystemTrayIcon(QIcon(str(icon_path("alert"))), self)
            self._tray.setToolTip("物业客户服务 — 突发事件")
            self._tray.show()
        self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 15_000)

    # --- one click records a step -----------------------------------------------------------------
    def record_step(self, case: EmergencyView, step: LadderStep) -> StepDialog | None:
        if step.done_at is not None:
            return None
        dialog = StepDialog(self.ctx, step.action, case.id, number=case.number, parent=self.window())
        dialog.open()
        return dialog
