"""用户管理 (管理员): the users with their roles, new user, change role or state, set a new password,
unlock; and the roles × permissions matrix as the program applies it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.auth import MATRIX, Permission, Role
from wuye_desktop.domain.errors import DomainError, EditConflictError, ValidationError
from wuye_desktop.services.auth import UserView
from wuye_desktop.ui.auth.login_dialog import password_edit
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.conflict import resolve_conflict
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.context import UiContext

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class UserTableModel(QAbstractTableModel):
    NAME, ROLE, PROJECT, STATE, LAST_LOGIN = range(5)
    HEADERS = ("用户名", "角色", "管理处", "状态", "上次登录")

    def __init__(self, projects: dict[int, str], now: datetime) -> None:
        super().__init__()
        self.rows: list[UserView] = []
        self.projects = projects
        self.now = now

    def set_rows(self, rows: list[UserView], now: datetime) -> None:
        self.beginResetModel()
        self.rows, self.now = list(rows), now
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def state_text(self, u: UserView) -> str:
        if not u.active:
            return "已停用"
        if u.locked_until and u.locked_until > self.now:
            return f"已锁定至 {u.locked_until:%H:%M}"
        if u.must_change_password:
            return "待修改密码"
        return "正常"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        u = self.rows[index.row()]
        if role == ROW_ROLE:
            return u
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == self.NAME:
                return u.name
            if col == self.ROLE:
                return u.role.value
            if col == self.PROJECT:
                return self.projects.get(u.project_id, "全公司") if u.project_id else "全公司"
            if col == self.STATE:
                return self.state_text(u)
            if col == self.LAST_LOGIN:
                return f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "从未登录"
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.STATE:
            text = self.state_text(u)
            if text != "正常":
                return QColor("#c62828" if "锁定" in text else "#757575")
        return None


class UserDialog(QDialog):
    """A new user (with a first password they must change) or an existing user's role and state."""

    saved = Signal(object)  # UserView

    def __init__(self, ctx: UiContext, user: UserView | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.user = ctx, user
        self.setWindowTitle("新建用户" if user is None else f"修改用户 — {user.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(420)
        self.form = ErrorForm()
        self.name = QLineEdit(user.name if user else "")
        self.name.setMaxLength(40)
        self.role = QComboBox()
        for r in Role:
            self.role.addItem(r.value, r.value)
        self.role.setCurrentIndex(self.role.findData((user.role if user else Role.FRONT_DESK).value))
        self.project = QComboBox()
        self.project.addItem("全公司", None)
        for p in ctx.services.settings.projects():
            self.project.addItem(p.name, p.id)
        if user and user.project_id:
            self.project.setCurrentIndex(max(self.project.findData(user.project_id), 0))
        self.active = QCheckBox("启用（停用后不能登录，历史记录保留）")
        self.active.setChecked(user.active if user else True)
        self.form.add("name", "用户名", self.name, required=True)
        self.form.add("role", "角色", self.role, required=True)
        self.form.add("project", "所属管理处", self.project)
        self.form.add("active", "状态", self.active)
        self.password = password_edit("至少6位，用户首次登录后须修改")
        self.repeat = password_edit("再输入一次")
        if user is None:
            self.form.add("password", "初始密码", self.password, required=True)
            self.form.add("repeat", "确认密码", self.repeat, required=True)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        # issue 7: the values and the version the dialog opened with, for a save that meets a newer one
        self._version = user.version if user else None
        self._base = self.values()
        self._merge_base: dict[str, object] = {}

    def values(self) -> dict[str, object]:
        """The form keyed like ``save_user`` (and the service's conflict)."""
        return {"name": self.name.text().strip(), "role": Role(self.role.currentData()),
                "project_id": self.project.currentData(), "active": self.active.isChecked()}

    def set_values(self, values: dict[str, object]) -> None:
        self.name.setText(str(values.get("name") or ""))
        role = values.get("role")
        self.role.setCurrentIndex(max(self.role.findData(getattr(role, "value", role)), 0))
        self.project.setCurrentIndex(max(self.project.findData(values.get("project_id")), 0))
        self.active.setChecked(bool(values.get("active")))

    def _save_merged(self, values: dict[str, object], version: int) -> None:
        self.set_values(values)
        self._version, self._base = version, self._merge_base
        self.submit()

    def _reload(self) -> None:
        assert self.user is not None
        fresh = next((x for x in self.ctx.services.auth.users() if x.id == self.user.id), None)
        if fresh is None:
            msgbox.warning(self, "不能重新载入", "该用户已不存在")
            return
        self.user = fresh
        self.set_values({"name": fresh.name, "role": fresh.role, "project_id": fresh.project_id,
                         "active": fresh.active})
        self._version, self._base = fresh.version, self.values()

    def _project_name(self, value: object) -> str:
        index = self.project.findData(value)
        return self.project.itemText(index) if index >= 0 else "全公司" if value is None else str(value)

    @Slot()
    def submit(self) -> None:
        u = self.user
        try:
            saved = self.ctx.services.auth.save_user(
                self.name.text(), str(self.role.currentData()), self.project.currentData(),
                active=self.active.isChecked(), password=None if u else self.password.text(),
                repeat=None if u else self.repeat.text(), user_id=u.id if u else None,
                expected_version=self._version)
        except EditConflictError as exc:
            self._merge_base = dict(exc.current)
            resolve_conflict(self, exc, self._base, self.values(), self._save_merged, self._reload,
                             show={"project_id": self._project_name})
            return
        except ValidationError as exc:
            unplaced = self.form.show_errors(exc.errors)
            if unplaced:
                msgbox.warning(self, "请检查填写内容", "\n".join(unplaced))
            return
        except DomainError as exc:
            msgbox.warning(self, "不能保存", exc.message)
            return
        self.saved.emit(saved)
        self.accept()


class ResetPasswordDialog(QDialog):
    saved = Signal(object)

    def __init__(self, ctx: UiContext, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.user = ctx, user
        self.setWindowTitle(f"重设密码 — {user.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = ErrorForm()
        self.password = password_edit("至少6位")
        self.repeat = password_edit("再输入一次")
        self.form.add("password", "新密码", self.password, required=True)
        self.form.add("repeat", "确认密码", self.repeat, required=True)
        note = QLabel("用户下次登录时须把它改成只有自己知道的密码；账户的锁定同时解除。")
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    @Slot()
    def submit(self) -> None:
        try:
            saved = self.ctx.services.auth.reset_password(self.user.id, self.password.text(), self.repeat.text())
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return
        except DomainError as exc:
            msgbox.warning(self, "不能重设密码", exc.message)
            return
        self.saved.emit(saved)
        self.accept()


def permission_table() -> QTableWidget:
    """Roles (columns) × permissions (rows), ✓ where allowed: the matrix of domain/auth.py."""
    roles = list(Role)
    perms = list(Permission)
    table = QTableWidget(len(perms), len(roles))
    table.setObjectName("permissionMatrix")
    table.setHorizontalHeaderLabels([r.value for r in roles])
    table.setVerticalHeaderLabels([p.value for p in perms])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for c, role in enumerate(roles):
        for r, perm in enumerate(perms):
            item = QTableWidgetItem("✓" if perm in MATRIX[role] else "")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if perm in MATRIX[role]:
                item.setForeground(QColor("#2e7d32"))
            table.setItem(r, c, item)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


class UsersDialog(QDialog):
    """用户管理: non-modal, only for those with 管理用户."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("用户与权限")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 560)
        projects = {p.id: p.name for p in ctx.services.settings.projects(include_inactive=True)}
        self.model = UserTableModel(projects, ctx.now())
        self.view = QTableView()
        self.view.setObjectName("users")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(self.edit_user)
        self.new_button = QPushButton("新建用户")
        self.edit_button = QPushButton("修改角色或状态")
        self.reset_button = QPushButton("重设密码")
        self.unlock_button = QPushButton("解除锁定")
        self.new_button.clicked.connect(self.new_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.reset_button, self.unlock_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        users_page = QWidget()
        page_layout = QVBoxLayout(users_page)
        page_layout.addLayout(buttons)
        page_layout.addWidget(self.view, 1)
        hint = QLabel("删除用户会丢失“谁做了什么”的线索，因此用户只能停用，不能删除。密码连续输错5次锁定15分钟。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        page_layout.addWidget(hint)
        self.tabs = QTabWidget()
        self.tabs.addTab(users_page, "用户")
        self.tabs.addTab(permission_table(), "角色与权限")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.reload()

    @Slot()
    def reload(self) -> None:
        try:
            users = self.ctx.services.auth.users()
        except DomainError as exc:
            msgbox.warning(self, "用户管理", exc.message)
            users = []
        self.model.set_rows(users, self.ctx.now())

    def selected(self) -> UserView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], ROW_ROLE) if rows else None  # type: ignore[return-value]

    def _need(self) -> UserView | None:
        user = self.selected()
        if user is None:
            msgbox.information(self, "用户管理", "请先在列表中选择一位用户")
        return user

    @Slot()
    def new_user(self) -> UserDialog:
        dialog = UserDialog(self.ctx, None, self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot()
    def edit_user(self) -> UserDialog | None:
        user = self._need()
        if user is None:
            return None
        dialog = UserDialog(self.ctx, user, self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot()
    def reset_password(self) -> ResetPasswordDialog | None:
        user = self._need()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self.ctx, user, self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    @Slot()
    def unlock(self) -> None:
        user = self._need()
        if user is None:
            return
        try:
            self.ctx.services.auth.unlock(user.id)
        except DomainError as exc:
            msgbox.warning(self, "解除锁定", exc.message)
            return
        self._saved(user)

    @Slot(object)
    def _saved(self, _user: object) -> None:
        self.reload()
        self.ctx.data_changed.emit("users")
