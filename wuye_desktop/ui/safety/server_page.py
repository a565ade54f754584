"""数据库服务器: this PC's own database file, or a PostgreSQL server several PCs share. 「测试连接」
says in Chinese what is wrong; the choice takes effect at the next start (migrations run there, once)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wuye_desktop.domain.errors import DomainError, ValidationError
from wuye_desktop.services.connection import (
    ConnectionTest,
    ServerSettings,
    copy_to_server,
    load_server,
    network_share_warning,
    probe_server,
    save_server,
)
from wuye_desktop.ui.common import msgbox
from wuye_desktop.ui.common.fields import ErrorForm
from wuye_desktop.ui.common.jobs import run_job
from wuye_desktop.ui.context import UiContext


class ServerDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths = ctx.services.paths
        self.setWindowTitle("数据库服务器")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(620)
        self.last_test: ConnectionTest | None = None
        saved = load_server(self.paths)
        self.local = QRadioButton("本机数据库（只有这台电脑使用）")
        self.server = QRadioButton("数据库服务器（多台电脑同时使用，PostgreSQL）")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        (self.server if saved else self.local).setChecked(True)
        self.server.toggled.connect(self._toggled)

        s = saved or ServerSettings()
        self.form = ErrorForm()
        self.host = QLineEdit(s.host)
        self.host.setPlaceholderText("如 192.168.1.10 或 server01")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(s.port)
        self.database = QLineEdit(s.database)
        self.user = QLineEdit(s.user)
        self.password = QLineEdit(s.password)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.add("host", "服务器地址", self.host, required=True)
        self.form.add("port", "端口", self.port)
        self.form.add("database", "数据库名", self.database, required=True)
        self.form.add("user", "用户名", self.user, required=True)
        self.form.add("password", "密码", self.password)
        self.box = QGroupBox("服务器")
        self.box.setLayout(self.form)

        self.result = QLabel()
        self.result.setObjectName("connectionResult")
        self.result.setWordWrap(True)
        self.test_button = QPushButton("测试连接")
        self.test_button.clicked.connect(self.test)
        self.copy_button = QPushButton("把本机数据复制到服务器")
        self.copy_button.setToolTip("只能复制到空的数据库；服务器上已有数据时不会覆盖")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.confirm_copy)
        self.save_button = QPushButton("保存")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)

        now_label = QLabel(f"现在使用：{ctx.services.database_label}")
        now_label.setWordWrap(True)
        note = QLabel("保存后请重新启动本程序才会生效。第一次连接新数据库时会自动建立数据表；"
                      "数据库结构需要升级时，由第一台启动的电脑先备份再升级，只升级一次。"
                      "密码保存在本机的数据文件夹中。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addWidget(now_label)
        warning = network_share_warning(self.paths, None)
        if warning:
            share = QLabel(warning)
            share.setWordWrap(True)
            share.setStyleSheet("color: #c62828;")
            layout.addWidget(share)
        layout.addWidget(self.local)
        layout.addWidget(self.server)
        layout.addWidget(self.box)
        layout.addWidget(self.result)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self._toggled(self.server.isChecked())

    def settings_entered(self) -> ServerSettings:
        return ServerSettings(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                              self.user.text().strip(), self.password.text())

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        self.box.setEnabled(on)
        self.test_button.setEnabled(on)
        self.copy_button.setEnabled(on and bool(self.last_test and self.last_test.needs_setup))

    def _valid(self) -> ServerSettings | None:
        try:
            settings = self.settings_entered().validate()
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            return None
        self.form.clear_errors()
        return settings

    @Slot()
    def test(self) -> None:
        settings = self._valid()
        if settings is None:
            return
        self.result.setText("正在连接…")
        self.result.setStyleSheet("")
        run_job(self, "正在测试连接…", lambda _p: probe_server(settings), self.show_result, self._failed)

    def show_result(self, result: object) -> None:
        assert isinstance(result, ConnectionTest)
        self.last_test = result
        self.result.setText(("✓ " if result.ok else "✗ ") + result.message)
        self.result.setStyleSheet(f"color: {'#2e7d32' if result.ok else '#c62828'}; font-weight: bold;")
        self.copy_button.setEnabled(result.ok and result.needs_setup)

    def _failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, DomainError):
            msgbox.warning(self, "没有完成", exc.message)
        else:
            msgbox.error(self, "没有完成", f"出错：{exc}", detail=trace)

    @Slot()
    def save(self) -> None:
        if self.local.isChecked():
            save_server(self.paths, None)
            msgbox.information(self, "已保存", "已改为使用本机数据库。请重新启动本程序。")
            return
        settings = self._valid()
        if settings is None:
            return
        save_server(self.paths, settings)
        msgbox.information(self, "已保存", f"已改为使用数据库服务器 {settings.host}:{settings.port}/{settings.database}。"
                                         "请重新启动本程序。")

    @Slot()
    def confirm_copy(self) -> None:
        settings = self._valid()
        if settings is None:
            return
        msgbox.question(self, "复制本机数据", "把这台电脑上的全部数据复制到服务器上的空数据库？本机数据不会改变。",
                        lambda: self._copy(settings), yes_text="复制", no_text="取消")

    def _copy(self, settings: ServerSettings) -> None:
        paths = self.paths
        run_job(self, "正在复制数据到服务器…", lambda progress: copy_to_server(paths, settings, progress),
                self._copied, self._failed)

    def _copied(self, rows: object) -> None:
        self.copy_button.setEnabled(False)
        msgbox.information(self, "复制完成", f"已把 {rows} 行数据复制到服务器并逐表核对。保存设置并重新启动后即可使用。")
