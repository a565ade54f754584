"""公司与管理处: the company name printed on forms, and the projects (管理处) the rule books apply to
(篇2: 属下各项目) — name, the code in case numbers, and the households served (有效投诉率, 篇4 二.1(4))."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from wuye_desktop.domain.errors import EditConflictError, ValidationError
from wuye_desktop.services.settings import ProjectView
from wuye_desktop.ui.common.conflict import resolve_conflict
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.settings.models import Column, state_text
from wuye_desktop.ui.settings.record_page import RecordPage


class ProjectsEditor(RecordPage[ProjectView]):
    noun = "管理处"

    def columns(self) -> Sequence[Column[ProjectView]]:
        return [
            Column("管理处名称", lambda p: p.name),
            Column("代码", lambda p: p.code),
            Column("服务户数", lambda p: f"{p.households:,}", sort=lambda p: p.households, align_right=True),
            Column("状态", lambda p: state_text(p.active)),
        ]

    def load(self) -> list[ProjectView]:
        return self.ctx.services.settings.projects(include_inactive=True)

    def build_form(self, form: ErrorForm) -> None:
        name = QLineEdit()
        name.setPlaceholderText("如：华苑小区管理处")
        name.returnPressed.connect(self.save_form)
        form.add("name", "管理处名称", name, required=True)
        code = QLineEdit()
        code.setMaxLength(10)
        code.setPlaceholderText("1–10位字母或数字，如 HY")
        code.setToolTip("投诉编号以此代码开头，如 HY-2026-00001；修改代码不影响已有编号")
        code.returnPressed.connect(self.save_form)
        form.add("code", "编号代码", code, required=True)
        households = QSpinBox()
        households.setRange(0, 1_000_000)
        households.setGroupSeparatorShown(True)
        households.setSuffix(" 户")
        households.setMaximumWidth(180)
        households.setToolTip("用于计算有效投诉率（有效投诉数 ÷ 服务户数，目标低于1%）")
        form.add("households", "服务户数", households)
        hint = QLabel("服务户数用于统计有效投诉率（合理投诉数 ÷ 服务户数，目标低于1%）。"
                      "管理处不能删除，不再服务的请「停用」。")
        hint.setObjectName("hintText")
        hint.setWordWrap(True)
        form.addRow(hint)

    def fill_form(self, record: ProjectView | None) -> None:
        self.field("name").setText(record.name if record else "")
        self.field("code").setText(record.code if record else "")
        self.field("households").setValue(record.households if record else 0)

    def save(self, record: ProjectView | None, active: bool) -> ProjectView:
        return self.ctx.services.settings.save_project(
            self.field("name").text(), self.field("code").text(), self.field("households").value(),
            project_id=record.id if record else None, active=active, expected_version=self.version)

    def record_values(self, record: ProjectView) -> dict[str, object]:
        return {"name": record.name, "code": record.code, "households": record.households}

    def form_values(self) -> dict[str, object]:
        return {"name": self.field("name").text().strip(), "code": self.field("code").text().strip().upper(),
                "households": self.field("households").value()}

    def fill_values(self, values: dict[str, object]) -> None:
        self.field("name").setText(str(values.get("name") or ""))
        self.field("code").setText(str(values.get("code") or ""))
        self.field("households").setValue(int(values.get("households") or 0))  # type: ignore[call-overload]

    def conflict_show(self) -> dict[str, Callable[[object], str]]:
        return {"households": lambda v: f"{v:,} 户"}

    def record_label(self, record: ProjectView) -> str:
        return f"{record.name}（{record.code}）"


class CompanyPage(QWidget):
    title = "公司与管理处"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        company_box = QGroupBox("公司")
        self.company_form = ErrorForm()
        self.company_name = QLineEdit(ctx.services.settings.company_name())
        # issue 7: the name and the version the page opened with
        self._company_base = self.company_name.text()
        self._company_version = ctx.services.settings.company_version()
        self._company_theirs = ""
        self.company_name.setToolTip("打印在各类表格的抬头")
        self.company_form.add("company_name", "公司名称", self.company_name, required=True)
        self.company_save = QPushButton("保存公司名称")
        self.company_saved = QLabel()
        self.company_saved.setObjectName("savedText")
        self.company_save.clicked.connect(self.save_company)
        self.company_name.returnPressed.connect(self.save_company)
        row = QHBoxLayout()
        note = QLabel("公司名称打印在投诉记录表等表格的抬头。")
        note.setObjectName("hintText")
        row.addWidget(note)
        row.addStretch(1)
        row.addWidget(self.company_saved)
        row.addWidget(self.company_save)
        box = QVBoxLayout(company_box)
        box.addLayout(self.company_form)
        box.addLayout(row)

        projects_box = QGroupBox("管理处（项目）")
        self.projects = ProjectsEditor(ctx)
        QVBoxLayout(projects_box).addWidget(self.projects)

        layout = QVBoxLayout(self)
        layout.addWidget(company_box)
        layout.addWidget(projects_box, 1)

    def refresh_choices(self) -> None:
        self.projects.refresh_choices()

    @Slot()
    def save_company(self) -> None:
        self.company_form.clear_errors()
        self.company_saved.clear()
        try:
            self._company_version = self.ctx.services.settings.set_company_name(
                self.company_name.text(), self._company_version)
        except ValidationError as error:
            self.company_form.show_errors(error.errors)
            return
        except EditConflictError as error:
            self._company_theirs = str(error.current.get("company_name", ""))
            resolve_conflict(self, error, {"company_name": self._company_base},
                             {"company_name": self.company_name.text().strip()},
                             self._save_merged_company, self._reload_company)
            return
        self.company_name.setText(self.ctx.services.settings.company_name())
        self._company_base = self.company_name.text()
        self.company_saved.setText("已保存")
        self.ctx.data_changed.emit("settings")

    def _save_merged_company(self, values: dict[str, object], version: int) -> None:
        self.company_name.setText(str(values.get("company_name") or ""))
        self._company_base, self._company_version = self._company_theirs, version
        self.save_company()

    def _reload_company(self) -> None:
        self.company_name.setText(self.ctx.services.settings.company_name())
        self._company_base = self.company_name.text()
        self._company_version = self.ctx.services.settings.company_version()
        self.company_saved.setText("已重新载入")
