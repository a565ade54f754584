"""One small dialog per step of a case: it asks exactly what ComplaintService.act validates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.complaint import Action, Satisfaction
from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.services.complaints import REVISIT_METHODS, ConflictError, StepInput
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.fields import ErrorForm, datetime_edit, from_qdatetime
from wuye_desktop.ui.complaints.register_dialog import department_names, editable_combo, staff_names
from wuye_desktop.ui.context import UiContext

CHOOSE = "（请选择）"


@dataclass(frozen=True)
class StepSpec:
    """What one step asks: its time label, the note (label, required) and the step's own fields."""

    at_label: str = "时间"
    note_label: str = "说明"
    note_required: bool = False
    fields: tuple[str, ...] = ()
    hint: str = ""
    labels: dict[str, str] = field(default_factory=dict)


SPECS: dict[Action, StepSpec] = {
    Action.TO_FRONT_DESK: StepSpec("交前台时间", hint="员工接报的投诉须在24小时内交客户中心前台（篇2 §1）"),
    Action.VERIFY: StepSpec("核实时间", "核实情况", True, hint="当天调查核实（篇4 一.3）"),
    Action.DISPATCH: StepSpec("派单时间", "派单说明", False, ("department", "due_at"),
                              "前台接收后12小时内派单，并写明处理期限（篇2 §2）", {"due_at": "处理期限"}),
    Action.RESPOND: StepSpec("回应时间", "不能按时完成的原因", True, ("due_at",),
                             "不能按期完成时，部门须在派单后2小时内回应前台并给出新的期限（篇2 §4）",
                             {"due_at": "新的承诺完成时间"}),
    Action.COMPLETE: StepSpec("报告完成时间", "处理结果", True, ("work_done_at",),
                              "处理完毕后2小时内向前台反馈（篇2 §5）"),
    Action.FEEDBACK: StepSpec("反馈时间", "反馈说明", False,
                              hint="前台收到完成反馈后2小时内告知首问人（篇2 §8）"),
    Action.REPLY: StepSpec("回复时间", "回复内容", True, hint="把处理过程及结果回复客户（篇5 §1 复清楚）"),
    Action.REVISIT: StepSpec("回访时间", "回访记录", True, ("method", "satisfaction"),
                             "处理完成后2个工作日内回访客户（篇2 §5、§7）"),
    Action.CLOSE: StepSpec("结案时间", "结案说明", False, ("confirmed_by",),
                           "处理过程及结果由客户确认后收回存档（篇5 §1 记清楚）"),
    Action.EXPLAIN: StepSpec("解释时间", "解释内容", True, hint="非合理投诉：耐心向客户解释（篇2 §3）"),
    Action.ESCALATE: StepSpec("协调时间", "协调说明", False, ("head",),
                              "客户不接受解释时，由部门负责人出面协调（篇2 §3）"),
    Action.REOPEN: StepSpec("重新打开时间", "重新打开的原因", True),
    Action.NOTE: StepSpec("记录时间", "跟进记录", True),
    Action.REPORT: StepSpec("报告时间", "报告内容", True, hint="重大投诉立即报告部门经理和中心领导（篇5 §1 报告）"),
    Action.LADDER_NOTIFY_DEPT: StepSpec("知会时间", hint="接报人或前台在受理后3分钟内知会相关部门（篇2 §6）"),
    Action.LADDER_REPORT_LEADER: StepSpec("上报时间", hint="管理处负责人在5分钟内上报公司主管领导（篇2 §6）"),
    Action.LADDER_OFFICE_WRITTEN: StepSpec("报告时间", hint="管理处在受理后24小时内提交书面报告（篇2 §6）"),
    Action.LADDER_PHONE_BOARD: StepSpec("上报时间", hint="公司主管领导收到报告后10分钟内电话上报董事领导（篇2 §7）"),
    Action.LADDER_LEADER_WRITTEN: StepSpec("报告时间", hint="公司主管领导收到报告后48小时内提交书面报告（篇2 §7）"),
    Action.LADDER_DEVELOPER_VERIFY: StepSpec("验证时间", hint="处理完成后8小时内由发展商客户服务部跟进验证（篇2 §7）"),
}

FIELD_LABELS: dict[str, str] = {
    "department": "责任部门", "due_at": "处理期限", "work_done_at": "实际完成时间", "method": "回访方式",
    "satisfaction": "满意度", "confirmed_by": "客户确认人", "head": "部门负责人",
}


def iso_minutes(value: datetime) -> str:
    """The form the service stores times in: "YYYY-MM-DD HH:MM"."""
    return value.isoformat(sep=" ", timespec="minutes")


class StepDialog(QDialog):
    """Record ``action`` on a case; stays filled in when the service refuses the step."""

    step_recorded = Signal(object)  # the ComplaintDetail after the step

    def __init__(self, ctx: UiContext, action: Action, complaint_id: int, *, number: str = "",
                 expected_version: int | None = None, defaults: dict[str, str] | None = None,
                 written_reply: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.action = action
        self.complaint_id = complaint_id
        self.expected_version = expected_version
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("stepDialog")
        self.setWindowTitle(f"{action.value} — {number}" if number else action.value)
        spec = SPECS.get(action, StepSpec())
        defaults = defaults or {}
        now = ctx.now().replace(second=0, microsecond=0)

        self.form = ErrorForm()
        self.by = self.form.add("by", "经办人", editable_combo(staff_names(ctx), ctx.operator), required=True)
        self.at = self.form.add("at", spec.at_label, datetime_edit(now), required=True)
        self.inputs: dict[str, QWidget] = {}
        for key in spec.fields:
            label = spec.labels.get(key, FIELD_LABELS[key])
            self.inputs[key] = self.form.add(key, label, self._field(key, now, defaults), required=key != "work_done_at")
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        note_label = spec.note_label
        hint = spec.hint
        if action is Action.REPLY and written_reply:
            # A written complaint is answered in writing; the text prints as the reply letter (篇5 §2(7)).
            note_label = "书面回复函内容"
            hint = "书面投诉须书面回复：此内容将打印为回复函（篇5 §2(7)）"
            self.note.setFixedHeight(180)
        else:
            self.note.setFixedHeight(72)
        self.note.setPlainText(defaults.get("note", ""))
        self.form.add("note", note_label, self.note, required=spec.note_required)

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.ok_button.setObjectName("okButton")
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if hint:
            label = QLabel(hint)
            label.setObjectName("hintText")
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.submit)
        self.setMinimumWidth(460)
        first = self.inputs[spec.fields[0]] if spec.fields else (self.note if spec.note_required else self.ok_button)
        first.setFocus()

    def _field(self, key: str, now: datetime, defaults: dict[str, str]) -> QWidget:
        if key == "department":
            box = QComboBox()
            box.setEditable(False)
            names = department_names(self.ctx)
            current = defaults.get("department", "")
            if current and current not in names:
                names.append(current)
            box.addItems(names)
            box.setCurrentIndex(max(box.findText(current), 0))
            return box
        if key == "due_at":
            hours = 24 if self.action is Action.RESPOND else 4
            return datetime_edit(now + timedelta(hours=hours))
        if key == "work_done_at":
            return datetime_edit(now)
        if key == "method":
            box = QComboBox()
            box.addItems(list(REVISIT_METHODS))
            return box
        if key == "satisfaction":
            box = QComboBox()
            box.addItem(CHOOSE, "")
            for s in Satisfaction:
                box.addItem(s.value, s.value)
            return box
        if key == "confirmed_by":
            return QLineEdit(defaults.get("confirmed_by", ""))
        if key == "head":
            return editable_combo(staff_names(self.ctx), "")
        raise KeyError(key)

    def data(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QDateTimeEdit):
                result[key] = iso_minutes(from_qdatetime(widget.dateTime()))
            elif isinstance(widget, QComboBox):
                value = widget.currentData() if not widget.isEditable() and widget.currentData() is not None \
                    else widget.currentText()
                result[key] = str(value).strip()
            elif isinstance(widget, QLineEdit):
                result[key] = widget.text().strip()
        return result

    def step(self) -> StepInput:
        return StepInput(self.action, self.by.currentText().strip(), from_qdatetime(self.at.dateTime()),
                         self.note.toPlainText().strip(), self.data())

    @Slot()
    def submit(self) -> None:
        try:
            detail = self.ctx.services.complaints.act(self.complaint_id, self.step(), self.expected_version)
        except ValidationError as exc:
            unplaced = self.form.show_errors(exc.errors)
            if unplaced:
                msgbox.warning(self, "请检查填写内容", "\n".join(unplaced))
            return
        except ConflictError as exc:
            self.form.clear_errors()
            self.ctx.data_changed.emit("complaints")  # the case window shows what the other clerk saved
            self._offer_merge(exc.message)
            return
        except DomainError as exc:  # TransitionError, NotFoundError
            self.form.clear_errors()
            msgbox.warning(self, f"不能{self.action.value}", exc.message)
            return
        self.ctx.data_changed.emit("complaints")
        self.step_recorded.emit(detail)
        self.accept()

    def _offer_merge(self, message: str) -> None:
        """Another clerk saved the case meanwhile (issue 7): say what changed and offer to record this
        step on the latest version (a step is added, nothing of theirs is overwritten) or to go back."""
        changed = ""
        if self.expected_version is not None:
            changed = self.ctx.services.audit.describe_changes("complaint", self.complaint_id, self.expected_version)
        text = message + (f"\n\n期间的修改：\n{changed}" if changed else "") + \
            f"\n\n您填写的内容还在。要在最新版本上记录「{self.action.value}」吗？"
        msgbox.question(self, "案件已被他人修改", text, self._record_on_latest, yes_text="在最新版本上记录",
                        no_text="返回查看")

    def _record_on_latest(self) -> None:
        try:
            self.expected_version = self.ctx.services.complaints.get(self.complaint_id).row.version
        except DomainError as exc:
            msgbox.warning(self, f"不能{self.action.value}", exc.message)
            return
        self.submit()
