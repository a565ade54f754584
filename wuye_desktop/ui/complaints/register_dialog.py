"""Register a complaint (or correct its registered facts): keyboard-first, errors at each field (篇2 §1)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.complaint import Channel, Kind, categories_for
from wuye_desktop.domain.draft import ComplaintDraft
from wuye_desktop.domain.errors import DomainError, EditConflictError, ValidationError
from wuye_desktop.services.complaint_views import ComplaintDetail
from wuye_desktop.services.complaints import DETAIL_KEYS
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.conflict import resolve_conflict
from wuye_desktop.ui.common.fields import ErrorForm, datetime_edit, from_qdatetime, to_qdatetime
from wuye_desktop.ui.common.masked_edit import MaskedLineEdit
from wuye_desktop.ui.context import UiContext

NO_DEPARTMENT = "（暂不指定）"


def staff_names(ctx: UiContext) -> list[str]:
    return [s.name for s in ctx.services.settings.staff(ctx.working_project_id)]


def department_names(ctx: UiContext) -> list[str]:
    return [d.name for d in ctx.services.settings.departments()]


def editable_combo(names: list[str], current: str) -> QComboBox:
    """A choice list the clerk may also type into (a name not in the staff list yet)."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(names)
    box.setCurrentText(current)
    return box


class ComplaintDialog(QDialog):
    """``ComplaintDialog(ctx, parent)`` registers; with ``detail`` it corrects that case's facts.

    ``complaint_saved(id)`` is emitted after a successful save; the dialog then closes.
    """

    complaint_saved = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, detail: ComplaintDetail | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("complaintDialog")
        editing = detail is not None
        self.setWindowTitle(f"修改登记信息 — {detail.row.number}" if detail else "登记投诉")
        now = ctx.now().replace(second=0, microsecond=0)
        row = detail.row if detail else None

        # Two columns so the dialog fits a 768-pixel screen at 150 %: the five facts of 篇2 §1 on the
        # left, the classification on the right, the free text below.
        self.facts_form, self.class_form, self.more_form = ErrorForm(), ErrorForm(), ErrorForm()
        self.forms = (self.facts_form, self.class_form, self.more_form)
        facts = self.facts_form
        self.received_at = facts.add("received_at", "受理时间", datetime_edit(row.received_at if row else now),
                                     required=True)
        self.complainant = facts.add("complainant", "投诉人", QLineEdit(row.complainant if row else ""),
                                     required=True)
        self.unit = facts.add("unit", "房号", QLineEdit(row.unit if row else ""), required=True)
        self.unit.setPlaceholderText("如 A座1203、3栋2单元501")
        # issue 7: a role that may not see whole phones sees the mask; typing replaces the number
        self.phone = facts.add("phone", "联系电话", MaskedLineEdit(row.phone if row else "", ctx.phone_mask()),
                               required=True)
        self.phone.setPlaceholderText("手机11位，或如 0755-12345678")
        self.subject = facts.add("subject", "投诉主题", QLineEdit(row.subject if row else ""), required=True)

        classes = self.class_form
        self.channel = QComboBox()
        for c in Channel:
            self.channel.addItem(c.value, c.value)
        self.channel.setCurrentIndex(self.channel.findData(Channel.PHONE.value))
        classes.add("channel", "投诉方式", self.channel)
        self.kind = QComboBox()
        for k in Kind:
            self.kind.addItem(k.value, k.value)
        classes.add("kind", "性质", self.kind)
        self.category = QComboBox()
        classes.add("category", "投诉类别", self.category, required=True)
        self.first_responder = classes.add(
            "first_responder", "首问人", editable_combo(staff_names(ctx), row.first_responder if row else ctx.operator))
        self.department = QComboBox()
        self.department.addItem(NO_DEPARTMENT, "")
        for name in department_names(ctx):
            self.department.addItem(name, name)
        classes.add("department", "责任部门", self.department)

        more = self.more_form
        self.content = QPlainTextEdit(detail.content if detail else "")
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText("客户反映的详细情况（听清楚、问清楚）")
        # The stylesheet's min-height would let the layout squeeze the box to one line.
        self.content.setStyleSheet("QPlainTextEdit { min-height: 64px; }")
        more.add("content", "投诉内容", self.content)
        # Unchecked: a staff member took it elsewhere and must still hand it to the front desk
        # within 24 hours (篇2 §1).
        self.at_front_desk = QCheckBox("前台已接收")
        self.at_front_desk.setChecked(True)
        self.at_front_desk.setToolTip("不勾选：由员工在别处接报，须在24小时内交客户中心前台（篇2 §1）")
        self.front_desk_at = datetime_edit(now)
        desk = QWidget()
        desk_row = QHBoxLayout(desk)
        desk_row.setContentsMargins(0, 0, 0, 0)
        desk_row.addWidget(self.at_front_desk)
        desk_row.addWidget(self.front_desk_at, 1)
        more.add("front_desk_at", "前台接收", desk)
        more.widgets["front_desk_at"] = self.front_desk_at
        self.number = more.add("number", "投诉编号", QLineEdit(row.number if row else ""))
        self.number.setPlaceholderText("留空则自动编号")
        self.remarks = more.add("remarks", "备注", QLineEdit(detail.remarks if detail else ""))

        if row:
            self.channel.setCurrentIndex(max(self.channel.findData(row.channel), 0))
            self.kind.setCurrentIndex(max(self.kind.findData(row.kind), 0))
            self._set_department(row.department)
        self._fill_categories(row.category if row else "")
        if editing:
            more.setRowVisible(desk.parentWidget(), False)  # the receipt is an event: not corrected here

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存" if editing else "登记", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setObjectName("saveButton")
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel("Tab 键依次填写，回车保存，Esc 取消；在投诉内容中按 Ctrl+回车 保存。")
        hint.setObjectName("hintText")
        hint.setWordWrap(True)

        columns = QHBoxLayout()
        columns.addLayout(facts, 3)
        columns.addSpacing(12)
        columns.addLayout(classes, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(more)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.save)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.at_front_desk.toggled.connect(self.front_desk_at.setEnabled)
        # Tab follows the blocks as they are read: the facts, the classification, then the text below.
        order: list[QWidget] = [self.received_at, self.complainant, self.unit, self.phone, self.subject,
                                self.channel, self.kind, self.category, self.first_responder, self.department,
                                self.content, self.at_front_desk, self.front_desk_at, self.number,
                                self.remarks, self.save_button]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self.setMinimumWidth(760)
        (self.received_at if editing else self.complainant).setFocus()
        # issue 7: the facts and the version the correction started from, for the 「保存冲突」 dialog
        self._version = detail.row.version if detail else 0
        self._base = self.detail_values() if detail else {}

    # --- optimistic locking (issue 7) -------------------------------------------------------------------
    def detail_values(self, draft: ComplaintDraft | None = None) -> dict[str, object]:
        """The correctable facts as the service keys them (ComplaintDraft fields)."""
        d = draft or self.draft().cleaned()
        return {k: getattr(d, k) for k in DETAIL_KEYS}

    def set_detail_values(self, values: dict[str, object]) -> None:
        """Fill the fields with ``values`` (the merged facts, or the case reloaded)."""
        received = values.get("received_at")
        if received is not None:
            self.received_at.setDateTime(to_qdatetime(received))  # type: ignore[arg-type]
        for key, edit in (("complainant", self.complainant), ("unit", self.unit), ("phone", self.phone),
                          ("subject", self.subject), ("number", self.number), ("remarks", self.remarks)):
            edit.setText(str(values.get(key) or ""))
        self.content.setPlainText(str(values.get("content") or ""))
        for key, box in (("channel", self.channel), ("kind", self.kind)):
            value = values.get(key)
            box.setCurrentIndex(max(box.findData(getattr(value, "value", value)), 0))
        self._fill_categories(str(values.get("category") or ""))
        self.first_responder.setCurrentText(str(values.get("first_responder") or ""))
        self._set_department(str(values.get("department") or ""))

    def _conflict(self, error: EditConflictError, draft: ComplaintDraft) -> None:
        resolve_conflict(self, error, self._base, self.detail_values(draft), self._save_merged, self._reload,
                         show={"phone": lambda v: self.ctx.show_phone(str(v or ""))})

    def _save_merged(self, values: dict[str, object], version: int) -> None:
        """「合并后保存」: the merged facts go into the fields and are saved on the version now stored."""
        self.set_detail_values(values)
        self._version = version
        self._base = {k: values[k] for k in DETAIL_KEYS}
        self.save()

    def _reload(self) -> None:
        """「放弃我的修改并重新载入」: the fields show the case as it is now."""
        assert self.detail is not None
        self.detail = self.ctx.services.complaints.get(self.detail.id)
        row = self.detail
        self.set_detail_values({"received_at": row.row.received_at, "complainant": row.row.complainant,
                                "unit": row.row.unit, "phone": row.row.phone, "subject": row.row.subject,
                                "number": row.row.number, "remarks": row.remarks, "content": row.content,
                                "channel": row.row.channel, "kind": row.row.kind, "category": row.row.category,
                                "first_responder": row.row.first_responder, "department": row.row.department})
        self._version = row.row.version
        self._base = self.detail_values()

    # --- choices ---------------------------------------------------------------------------------------
    def _set_department(self, name: str) -> None:
        if name and self.department.findData(name) < 0:
            self.department.addItem(name, name)  # a department since retired stays readable
        self.department.setCurrentIndex(max(self.department.findData(name), 0))

    def _fill_categories(self, current: str = "") -> None:
        """The list of the chosen kind; a stored category outside it (an imported ledger) stays choosable."""
        names = list(categories_for(Kind(self.kind.currentData())))
        if current and current not in names:
            names.append(current)
        self.category.clear()
        self.category.addItems(names)
        self.category.setCurrentIndex(max(self.category.findText(current), 0))

    @Slot(int)
    def _kind_changed(self, _index: int) -> None:
        self._fill_categories()

    # --- saving -------------------------------------------------------------------------------------
    def draft(self) -> ComplaintDraft:
        return ComplaintDraft(
            received_at=from_qdatetime(self.received_at.dateTime()),
            complainant=self.complainant.text(), unit=self.unit.text(), phone=self.phone.text(),
            subject=self.subject.text(), content=self.content.toPlainText(),
            channel=Channel(self.channel.currentData()), kind=Kind(self.kind.currentData()),
            category=self.category.currentText(), first_responder=self.first_responder.currentText(),
            department=self.department.currentData() or "",
            front_desk_at=from_qdatetime(self.front_desk_at.dateTime())
            if self.at_front_desk.isChecked() and self.detail is None else None,
            number=self.number.text(), remarks=self.remarks.text(),
        )

    @Slot()
    def save(self) -> None:
        draft = self.draft().cleaned()
        try:
            draft.validate(self.ctx.now())
        except ValidationError as exc:
            self._show(exc)
            return
        for form in self.forms:
            form.clear_errors()
        if self.detail is not None:
            self._commit(draft)
            return
        project_id = self.ctx.working_project_id
        assert draft.received_at is not None
        duplicates = self.ctx.services.complaints.duplicates_for(draft.unit, draft.category, draft.received_at,
                                                                 project_id) if project_id else []
        if duplicates:
            lines = "\n".join(f"{d.number}  {d.received_at:%m-%d %H:%M}  {d.complainant}：{d.subject}（{d.state}）"
                              for d in duplicates[:5])
            msgbox.question(self, "可能重复登记",
                            f"房号「{draft.unit}」7天内已有同类（{draft.category}）投诉：\n{lines}\n\n仍然登记?",
                            on_yes=self._commit_current, yes_text="仍然登记", no_text="返回修改")
            return
        self._commit(draft)

    @Slot()
    def _commit_current(self) -> None:
        self._commit(self.draft().cleaned())

    def _commit(self, draft: ComplaintDraft) -> None:
        service = self.ctx.services.complaints
        try:
            if self.detail is None:
                project_id = self.ctx.working_project_id
                if project_id is None:
                    msgbox.warning(self, "不能登记", "尚未设置管理处，请先在「设置」中添加管理处")
                    return
                saved = service.register(draft, project_id, self.ctx.operator)
            else:
                saved = service.update_details(self.detail.id, draft, self._version)
        except ValidationError as exc:
            self._show(exc)
            return
        except EditConflictError as exc:
            self._conflict(exc, draft)
            return
        except DomainError as exc:
            msgbox.warning(self, "未能保存", exc.message)
            return
        self.ctx.data_changed.emit("complaints")
        self.complaint_saved.emit(saved.id)
        self.accept()

    def error_label(self, key: str) -> QLabel:
        return next(form.errors[key] for form in self.forms if key in form.errors)

    def _show(self, exc: ValidationError) -> None:
        placed: set[str] = set()
        # Bottom form first so the focus ends on the first bad field in reading order.
        for form in reversed(self.forms):
            mine = {k: v for k, v in exc.errors.items() if k in form.errors}
            form.show_errors(mine)
            placed |= set(mine)
        leftover = [message for key, message in exc.errors.items() if key not in placed]
        if leftover:
            msgbox.warning(self, "请检查填写内容", "\n".join(leftover))
