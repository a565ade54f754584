"""First-run wizard, the office: welcome (or the demo office), company and first project,
departments, staff and their accounts. Pages only collect and check; nothing is written here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from wuye_desktop import APP_NAME
from wuye_desktop.domain import firstrun as rules
from wuye_desktop.domain.auth import MIN_PASSWORD
from wuye_desktop.domain.firstrun import NO_ACCOUNT, STAFF_ROLES, StaffEntry
from wuye_desktop.ui.common.fields import ErrorForm, password_edit

NO_ACCOUNT_TEXT = "不建账户"
NO_DEPARTMENT_TEXT = "（不属部门）"


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hintText")
    label.setWordWrap(True)
    return label


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class WelcomePage(QWizardPage):
    demo_requested = Signal()

    def __init__(self, data_folder: str) -> None:
        super().__init__()
        self.setTitle(f"欢迎使用{APP_NAME}")
        self.setSubTitle("这台电脑上还没有贵公司的数据，下面用几步完成首次设置。")
        steps = QLabel(
            "将依次设置：<br>"
            "① 公司名称与第一个管理处 &nbsp;② 部门 &nbsp;③ 员工与登录账户 &nbsp;④ 楼栋与房屋<br>"
            "⑤ 管理员密码 &nbsp;⑥ 检查工作日历 &nbsp;⑦ 备份位置<br><br>"
            "全部填完后点「完成」才会保存；中途点「取消」不会留下任何数据。以后都可以在「设置」中修改。")
        steps.setWordWrap(True)
        folder = hint(f"数据将保存在：{data_folder}")
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_button = QPushButton("先看看演示管理处（示例数据）")
        self.demo_button.setToolTip("打开一个填好示例数据的演示管理处，不影响贵公司的数据；下次启动仍会显示本向导")
        self.demo_button.setAutoDefault(False)  # Enter means 下一步
        self.demo_button.clicked.connect(self.demo_requested)
        row = QHBoxLayout()
        row.addWidget(self.demo_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(steps)
        layout.addSpacing(8)
        layout.addWidget(folder)
        layout.addStretch(1)
        layout.addWidget(hint("只想先熟悉程序？可以先打开演示管理处，里面的投诉、维修、回访都是虚构的示例。"))
        layout.addLayout(row)


class CompanyPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("公司与第一个管理处")
        self.setSubTitle("公司名称印在各种登记表和统计报表的表头上。")
        self.form = ErrorForm()
        self.company = QLineEdit()
        self.company.setMaxLength(60)
        self.company.setPlaceholderText("如：华苑物业管理有限公司")
        self.project = QLineEdit()
        self.project.setMaxLength(80)
        self.project.setPlaceholderText("如：华苑小区管理处")
        self.code = QLineEdit()
        self.code.setMaxLength(10)
        self.code.setPlaceholderText("1–10位字母或数字，如 HY")
        self.code.setToolTip("投诉编号以此代码开头，如 HY-2026-00001")
        self.households = QSpinBox()
        self.households.setRange(0, 1_000_000)
        self.households.setGroupSeparatorShown(True)
        self.households.setSuffix(" 户")
        self.households.setMaximumWidth(180)
        self.form.add("company_name", "公司名称", self.company, required=True)
        self.form.add("project_name", "管理处名称", self.project, required=True)
        self.form.add("project_code", "管理处代码", self.code, required=True)
        self.form.add("households", "服务户数", self.households)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(hint("服务户数用于计算有效投诉率（有效投诉数 ÷ 服务户数）。其他管理处以后在「设置 → 公司与管理处」中添加。"))
        layout.addStretch(1)

    def values(self) -> tuple[str, str, str, int]:
        return self.company.text(), self.project.text(), self.code.text(), self.households.value()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.form.show_errors(errors)

    def validatePage(self) -> bool:
        errors = rules.company_errors(*self.values())
        self.form.show_errors(errors)
        return not errors


class DepartmentsPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("部门")
        self.setSubTitle("投诉派单、员工归属都用这些部门。已填好常用的五个，可直接修改。")
        self.list = QListWidget()
        self.list.setObjectName("setupDepartments")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.set_names(rules.USUAL_DEPARTMENTS)
        add = QPushButton("增加部门")
        add.clicked.connect(self.add_department)
        remove = QPushButton("删除所选")
        remove.clicked.connect(self.remove_selected)
        usual = QPushButton("恢复常用五个")
        usual.clicked.connect(self.restore_usual)
        buttons = QHBoxLayout()
        for b in (add, remove, usual):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(hint("双击部门名称可修改。不用的部门删去即可；以后在「设置 → 部门」中增减。"))

    def set_names(self, names: tuple[str, ...] | list[str]) -> None:
        self.list.clear()
        for name in names:
            self._add_item(name)

    def _add_item(self, name: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)
        return item

    def names(self) -> tuple[str, ...]:
        return tuple(self.list.item(i).text() for i in range(self.list.count()))

    @Slot()
    def add_department(self) -> None:
        item = self._add_item("新部门")
        self.list.setCurrentItem(item)
        self.list.editItem(item)

    @Slot()
    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    @Slot()
    def restore_usual(self) -> None:
        self.set_names(rules.USUAL_DEPARTMENTS)

    def show_errors(self, errors: dict[str, str]) -> None:
        show_error(self.error, "；".join(errors.values()))

    def validatePage(self) -> bool:
        errors = rules.department_errors(self.names())
        self.show_errors(errors)
        return not errors


COL_NAME, COL_DEPARTMENT, COL_PHONE, COL_ROLE = range(4)


class StaffPage(QWizardPage):
    """Staff of the first project; a role gives the person a login account (初始密码, changed at first login)."""

    def __init__(self, departments: DepartmentsPage) -> None:
        super().__init__()
        self.departments_page = departments
        self.setTitle("员工与登录账户")
        self.setSubTitle("派单、回访时选择的员工。选了角色的员工会得到登录账户。")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("setupStaff")
        self.table.setHorizontalHeaderLabels(["姓名", "部门", "联系电话", "账户角色"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PHONE, QHeaderView.ResizeMode.Stretch)
        # Choice columns as wide as their longest choice in the current font (no pixels fixed: high DPI).
        metrics = self.fontMetrics()
        widest_role = max(metrics.horizontalAdvance(t) for t in [NO_ACCOUNT_TEXT, *(r.value for r in STAFF_ROLES)])
        header.resizeSection(COL_DEPARTMENT, metrics.horizontalAdvance(NO_DEPARTMENT_TEXT) + 4 * metrics.height())
        header.resizeSection(COL_ROLE, widest_role + 4 * metrics.height())
        add = QPushButton("增加一行")
        add.clicked.connect(self.add_row)
        remove = QPushButton("删除所选行")
        remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.rows_error = error_label()
        self.form = ErrorForm()
        self.password = password_edit(f"至少{MIN_PASSWORD}位，员工首次登录时须修改")
        self.repeat = password_edit("再输入一次")
        self.form.add("password", "账户初始密码", self.password)
        self.form.add("repeat", "确认初始密码", self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.rows_error)
        layout.addLayout(self.form)
        layout.addWidget(hint("角色决定能做什么：前台/客服登记和派单，部门人员反馈处理结果，主任审批和查看全部，"
                              "维修主管管理设备。不需要登录的员工选「不建账户」。以后在「设置」中增减员工和账户。"))
        self.add_row()

    def initializePage(self) -> None:
        """The department choices follow the departments page (its names may have changed)."""
        names = [NO_DEPARTMENT_TEXT, *rules.clean_departments(self.departments_page.names())]
        for row in range(self.table.rowCount()):
            box = self._combo(row, COL_DEPARTMENT)
            current = box.currentText()
            box.clear()
            box.addItems(names)
            box.setCurrentIndex(max(box.findText(current), 0))

    @Slot()
    def add_row(self) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, COL_NAME, QTableWidgetItem(""))
        self.table.setItem(row, COL_PHONE, QTableWidgetItem(""))
        department = QComboBox()
        department.addItems([NO_DEPARTMENT_TEXT, *rules.clean_departments(self.departments_page.names())])
        self.table.setCellWidget(row, COL_DEPARTMENT, department)
        role = QComboBox()
        role.addItem(NO_ACCOUNT_TEXT, NO_ACCOUNT)
        for r in STAFF_ROLES:
            role.addItem(r.value, r.value)
        self.table.setCellWidget(row, COL_ROLE, role)
        return row

    @Slot()
    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        if item is None:  # a cell the clerk cleared entirely
            item = QTableWidgetItem("")
            self.table.setItem(row, column, item)
        return item

    def _combo(self, row: int, column: int) -> QComboBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QComboBox)
        return widget

    def set_row(self, row: int, name: str, department: str = "", phone: str = "", role: str = NO_ACCOUNT) -> None:
        """Fill a row (tests, and a clerk's paste in the future)."""
        while self.table.rowCount() <= row:
            self.add_row()
        self._cell(row, COL_NAME).setText(name)
        self._cell(row, COL_PHONE).setText(phone)
        box = self._combo(row, COL_DEPARTMENT)
        box.setCurrentIndex(max(box.findText(department), 0) if department else 0)
        roles = self._combo(row, COL_ROLE)
        roles.setCurrentIndex(max(roles.findData(role), 0))

    def entries(self) -> tuple[StaffEntry, ...]:
        """The filled rows (a row with nothing typed and no role is ignored)."""
        out = []
        for row in range(self.table.rowCount()):
            name = self._cell(row, COL_NAME).text()
            phone = self._cell(row, COL_PHONE).text()
            department = self._combo(row, COL_DEPARTMENT).currentText()
            role = str(self._combo(row, COL_ROLE).currentData() or "")
            if not name.strip() and not phone.strip() and not role:
                continue
            out.append(StaffEntry(name, "" if department == NO_DEPARTMENT_TEXT else department, phone, role))
        return tuple(out)

    def show_errors(self, errors: dict[str, str]) -> None:
        rows = [m for k, m in errors.items() if k.startswith("row")]
        show_error(self.rows_error, "\n".join(rows))
        self.form.show_errors({k: m for k, m in errors.items() if not k.startswith("row")})

    def validatePage(self) -> bool:
        errors = rules.staff_errors(self.entries(), self.departments_page.names(), self.password.text(),
                                    self.repeat.text())
        self.show_errors(errors)
        return not errors
