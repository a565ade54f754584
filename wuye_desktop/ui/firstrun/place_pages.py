"""First-run wizard, the place and the safeguards: buildings and units (typed, or a client list
from Excel checked now and imported after 完成), the administrator, the working-day calendar
check, the backup folder and the summary. Nothing is written here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from wuye_desktop.domain import firstrun as rules
from wuye_desktop.domain.auth import MIN_PASSWORD
from wuye_desktop.services.archives_excel import ClientImportPreview
from wuye_desktop.services.calendar import YearStatus
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.firstrun.office_pages import error_label, hint, password_edit, show_error

Previewer = Callable[[Path, Callable[[ClientImportPreview], None], Callable[[str], None]], None]


class UnitsPage(QWizardPage):
    def __init__(self, preview_client_list: Previewer | None) -> None:
        super().__init__()
        self._preview_client_list = preview_client_list
        self.preview: ClientImportPreview | None = None
        self.setTitle("楼栋与房屋")
        self.setSubTitle("登记第一个管理处的房屋，投诉、报修、客户档案都按房屋查找。可以以后再登记。")
        self.text = QPlainTextEdit()
        self.text.setObjectName("setupUnits")
        self.text.setPlaceholderText("每行一套或多套房屋，用空格、逗号或顿号隔开，例如：\n"
                                     "A座1201 A座1202 A座1203\n3栋2单元501、3栋2单元502")
        self.count = QLabel()
        self.count.setObjectName("hintText")
        self.error = error_label()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.update_count)
        self.text.textChanged.connect(self._timer.start)

        self.import_button = QPushButton("从 Excel 客户名单导入…")
        self.import_button.setToolTip("客户名单中的房屋和客户在「完成」后导入；现在先检查每一行")
        self.import_button.clicked.connect(self.choose_client_list)
        self.clear_import = QPushButton("不导入")
        self.clear_import.clicked.connect(self.drop_client_list)
        self.clear_import.hide()
        self.import_label = QLabel()
        self.import_label.setWordWrap(True)
        self.import_label.hide()
        self.import_error = error_label()
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.clear_import)
        row.addStretch(1)
        if preview_client_list is None:
            self.import_button.setEnabled(False)
            self.import_button.setToolTip("本版本不能从 Excel 导入客户名单")

        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.error)
        layout.addSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.import_label)
        layout.addWidget(self.import_error)
        layout.addWidget(hint("房号按「楼栋 + 单元 + 房号」书写，楼层取房号前几位（1203 → 12层）。"
                              "已有 Excel 客户名单的，可直接导入房屋和客户（列名见「客户档案 → 导入」的说明）。"))
        self.update_count()

    @Slot()
    def update_count(self) -> None:
        units, errors = rules.parse_units(self.text.toPlainText())
        self.count.setText(f"已识别 {len(units)} 套房屋" if units else "尚未填写房屋（可以跳过）")
        if not errors:
            show_error(self.error, "")

    def units_text(self) -> str:
        return self.text.toPlainText()

    # --- the client list from Excel ---------------------------------------------------------------------
    @Slot()
    def choose_client_list(self) -> QFileDialog:
        dialog = QFileDialog(self, "选择客户名单（Excel）")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter("Excel 工作簿 (*.xlsx *.xlsm)")
        dialog.fileSelected.connect(self.check_client_list)
        dialog.open()
        return dialog

    @Slot(str)
    def check_client_list(self, path: str) -> None:
        if not path or self._preview_client_list is None:
            return
        self.import_label.setText(f"正在检查 {Path(path).name} …")
        self.import_label.show()
        self._preview_client_list(Path(path), self._checked, self._failed)

    def _checked(self, preview: ClientImportPreview) -> None:
        name = preview.path.name
        if preview.errors:
            self.preview = None
            lines = [f"第{e.row}行「{e.column}」：{e.reason}" for e in preview.errors[:8]]
            more = f"\n……共 {len(preview.errors)} 处错误" if len(preview.errors) > 8 else ""
            self.import_label.setText(f"客户名单 {name} 有错误，不会导入：")
            show_error(self.import_error, "\n".join(lines) + more)
            self.clear_import.show()
            return
        self.preview = preview
        show_error(self.import_error, "")
        warnings = ("\n" + "\n".join(preview.warnings)) if preview.warnings else ""
        self.import_label.setText(f"客户名单 {name}：{len(preview.rows)} 行已检查无误，完成后导入"
                                  f"（新房屋 {preview.new_units} 套，新客户 {preview.new_clients} 位）。{warnings}")
        self.clear_import.show()

    def _failed(self, message: str) -> None:
        self.preview = None
        self.import_label.setText("客户名单没有检查成功，不会导入：")
        show_error(self.import_error, message)
        self.clear_import.show()

    @Slot()
    def drop_client_list(self) -> None:
        self.preview = None
        self.import_label.hide()
        show_error(self.import_error, "")
        self.clear_import.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        show_error(self.error, "；".join(errors.values()))

    def validatePage(self) -> bool:
        _units, errors = rules.parse_units(self.units_text())
        self.show_errors(errors)
        if self.import_error.isVisible() and self.preview is None:
            show_error(self.error, "客户名单有错误：请改正后重新选择，或点「不导入」")
            return False
        return not errors


class AdminPage(QWizardPage):
    def __init__(self, staff_entries: Callable[[], tuple[rules.StaffEntry, ...]]) -> None:
        super().__init__()
        self._staff_entries = staff_entries
        self.setTitle("管理员账户")
        self.setSubTitle("管理员可以建立用户、分配角色、备份和恢复数据、查看审计日志。")
        self.form = ErrorForm()
        self.name = QLineEdit("管理员")
        self.name.setMaxLength(40)
        self.password = password_edit(f"至少{MIN_PASSWORD}位")
        self.repeat = password_edit("再输入一次")
        self.form.add("name", "用户名", self.name, required=True)
        self.form.add("password", "密码", self.password, required=True)
        self.form.add("repeat", "确认密码", self.repeat, required=True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(hint("请牢记密码：忘记后只能由另一位管理员重设。完成设置后程序以管理员身份登录。"))
        layout.addStretch(1)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.form.show_errors(errors)

    def validatePage(self) -> bool:
        errors = rules.admin_errors(self.name.text(), self.password.text(), self.repeat.text(),
                                    self._staff_entries())
        self.form.show_errors(errors)
        return not errors


class CalendarPage(QWizardPage):
    """Is this year's and next year's official schedule (放假与调休) known? 篇2 deadlines count working days."""

    def __init__(self, years: list[YearStatus]) -> None:
        super().__init__()
        self.setTitle("工作日历检查")
        self.setSubTitle("投诉各环节的时限按工作日计算，需要国家公布的放假和调休安排。")
        layout = QVBoxLayout(self)
        self.year_labels: list[QLabel] = []
        for status in years:
            label = QLabel(("✔ " if status.ok else "⚠ ") + status.text)
            label.setWordWrap(True)
            label.setObjectName("hintText" if status.ok else "warningText")
            self.year_labels.append(label)
            layout.addWidget(label)
        missing = [s.year for s in years if not s.ok]
        if missing:
            layout.addWidget(hint(f"{'、'.join(str(y) for y in missing)}年的安排通常在上一年11月由国务院公布。"
                                  "公布后请在「设置 → 工作日历」中录入；未录入前计算该年的时限会醒目提示。"))
        else:
            layout.addWidget(hint("今明两年的放假与调休安排都已具备，时限按工作日准确计算。"))
        layout.addStretch(1)


class BackupPage(QWizardPage):
    def __init__(self, data_folder: str) -> None:
        super().__init__()
        self.data_folder = data_folder
        self.setTitle("备份位置")
        self.setSubTitle("程序每天自动备份到数据文件夹；建议再选一个另外的地方存一份。")
        self.form = ErrorForm()
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("不选则只备份在本机数据文件夹中")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self.choose_folder)
        holder = QHBoxLayout()
        holder.setContentsMargins(0, 0, 0, 0)
        holder.addWidget(self.folder, 1)
        holder.addWidget(browse)
        box = QWidget()
        box.setLayout(holder)
        self.form.add("backup_folder", "另存备份到", box)
        self.form.widgets["backup_folder"] = self.folder
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"自动备份位置：{Path(data_folder) / 'backups'}"))
        layout.addLayout(self.form)
        layout.addWidget(hint("可以选 U 盘、移动硬盘或另一台电脑的共享文件夹。完成设置时会立即在那里备份一次，"
                              "以后也可在「数据安全」菜单中随时备份到该处。"))
        layout.addStretch(1)

    @Slot()
    def choose_folder(self) -> QFileDialog:
        dialog = QFileDialog(self, "选择另存备份的文件夹")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.open()
        return dialog

    def errors(self) -> dict[str, str]:
        text = self.folder.text().strip()
        if not text:
            return {}
        path = Path(text)
        if not path.is_absolute():
            return {"backup_folder": "另存备份的文件夹应写完整路径，如 E:\\物业备份"}
        if not path.is_dir():
            return {"backup_folder": f"文件夹「{text}」不存在，请先建立或重新选择"}
        if not os.access(path, os.W_OK):
            return {"backup_folder": f"文件夹「{text}」不能写入（只读或没有权限），请另选"}
        try:
            if path.resolve() == Path(self.data_folder).resolve() or \
                    Path(self.data_folder).resolve() in path.resolve().parents:
                return {"backup_folder": "另存备份应选数据文件夹以外的地方（最好是另一块磁盘）"}
        except OSError:
            pass
        return {}

    def validatePage(self) -> bool:
        errors = self.errors()
        self.form.show_errors(errors)
        return not errors


class SummaryPage(QWizardPage):
    def __init__(self, describe: Callable[[], str]) -> None:
        super().__init__()
        self._describe = describe
        self.setTitle("确认并完成")
        self.setSubTitle("以下内容将在点「完成」时一次保存。")
        self.summary = QLabel()
        self.summary.setObjectName("setupSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self.summary.setText(self._describe())
        show_error(self.error, "")
