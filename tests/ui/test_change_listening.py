"""Another PC's save shows in this PC's lists within about a second when the server notifies (issue 7):
the listening thread wakes the read of the audit trail, falls back to the 20 s poll when its
connection drops and comes back by itself, and ends when the window closes."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.conftest import PG_URL, _fresh_pg_schema_url
from tests.integration.test_desk_rules import draft
from tests.ui.test_complaints_tab import names
from wuye_desktop.domain.auth import Role
from wuye_desktop.services.container import open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.ui.complaints.tab import ComplaintsTab
from wuye_desktop.ui.safety import change_watch
from wuye_desktop.ui.safety.change_watch import LISTENING_POLL_MS, ChangeWatcher


class FakeServer:
    """Stands in for PostgreSQL's notifications: ``notify`` wakes the listeners, ``drop`` cuts them."""

    def __init__(self) -> None:
        self.connections = 0
        self.events: queue.Queue[object] = queue.Queue()

    def listener(self) -> "FakeListener":
        self.connections += 1
        return FakeListener(self)

    def notify(self, *areas: str) -> None:
        self.events.put(set(areas))

    def drop(self) -> None:
        self.events.put(ConnectionError("server closed the connection"))


class FakeListener:
    def __init__(self, server: FakeServer) -> None:
        self.server = server
        self.closed = False

    def wait(self, timeout: float) -> set[str]:
        try:
            event = self.server.events.get(timeout=timeout)
        except queue.Empty:
            return set()
        if isinstance(event, Exception):
            raise event
        return event  # type: ignore[return-value]

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fast_retry(monkeypatch):
    monkeypatch.setattr(change_watch, "RETRY_S", 0.05)
    monkeypatch.setattr(change_watch, "WAIT_S", 0.05)


@pytest.fixture
def other_pc(ui_ctx, clock):
    other = open_services(ui_ctx.services.paths, clock=clock)  # the second PC on the same database
    other.auth.sign_in_as("李明", Role.FRONT_DESK)
    yield other
    other.close()


def complaints_tab(ctx, qtbot) -> ComplaintsTab:
    tab = ComplaintsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def test_a_notification_refreshes_the_list_at_once_and_the_timer_slows_down(ui_ctx, qtbot, other_pc,
                                                                           fast_retry) -> None:
    server = FakeServer()
    tab = complaints_tab(ui_ctx, qtbot)
    watcher = ChangeWatcher(ui_ctx, interval_ms=20_000, listener_factory=server.listener)
    try:
        qtbot.waitUntil(lambda: watcher.listening, timeout=2000)
        assert watcher.timer.interval() == LISTENING_POLL_MS  # the poll is only a safety net now
        assert names(tab) == []
        other_pc.complaints.register(draft(complainant="赵六"), other_pc.settings.projects()[0].id, "李明")
        refreshed: list[str] = []
        ui_ctx.data_changed.connect(refreshed.append)
        server.notify("complaints")
        qtbot.waitUntil(lambda: names(tab) == ["赵六"], timeout=2000)  # not the 20 s timer
        assert refreshed == ["complaints"]
        # A burst of notifications for one save refreshes once; this PC's own save never.
        ui_ctx.services.complaints.register(draft(complainant="孙七"), ui_ctx.working_project_id, "前台")
        for _ in range(5):
            server.notify("complaints")
        qtbot.wait(600)
        assert refreshed == ["complaints"]
    finally:
        watcher.stop()
    assert not watcher.listener_thread.isRunning()


def test_a_dropped_connection_falls_back_to_polling_and_reconnects_quietly(ui_ctx, qtbot, other_pc,
                                                                           fast_retry) -> None:
    server = FakeServer()
    tab = complaints_tab(ui_ctx, qtbot)
    watcher = ChangeWatcher(ui_ctx, interval_ms=20_000, listener_factory=server.listener)
    lost: list[str] = []
    watcher.connection_lost.connect(lost.append)
    states: list[bool] = []
    watcher.listener_thread.listening.connect(states.append)
    try:
        qtbot.waitUntil(lambda: states == [True], timeout=2000)
        server.drop()
        qtbot.waitUntil(lambda: len(states) >= 3, timeout=2000)
        assert states[:3] == [True, False, True]
        assert server.connections == 2
        assert lost == []  # quietly: the database itself is fine, nothing in the status bar
        other_pc.complaints.register(draft(complainant="周八"), other_pc.settings.projects()[0].id, "李明")
        server.notify("complaints")
        qtbot.waitUntil(lambda: names(tab) == ["周八"], timeout=2000)
    finally:
        watcher.stop()


def test_while_the_listener_is_down_the_timer_polls_every_20_seconds(ui_ctx, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(change_watch, "RETRY_S", 30.0)

    def unreachable():
        raise ConnectionError("could not connect to server")

    watcher = ChangeWatcher(ui_ctx, interval_ms=20_000, listener_factory=unreachable)
    try:
        qtbot.wait(200)
        assert not watcher.listening and watcher.timer.interval() == 20_000 and watcher.timer.isActive()
        start = time.monotonic()
    finally:
        watcher.stop()  # even in the middle of a 30 s wait before the next try
    assert time.monotonic() - start < 1.5
    assert not watcher.listener_thread.isRunning()


def test_closing_the_main_window_ends_the_listening_thread(ui_ctx, qtbot, monkeypatch, fast_retry) -> None:
    from wuye_desktop.ui.main_window import MainWindow

    server = FakeServer()
    monkeypatch.setattr(type(ui_ctx.services), "listens_for_changes", property(lambda _s: True))
    monkeypatch.setattr(ui_ctx.services, "changes_listener", server.listener)
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    thread = window.safety.watcher.listener_thread
    qtbot.waitUntil(lambda: window.safety.watcher.listening, timeout=2000)
    window.close()
    assert not thread.isRunning()


needs_pg = pytest.mark.skipif(not PG_URL, reason="未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器（.ci/run 会启动一个）")


@needs_pg
def test_on_the_real_server_another_pcs_complaint_appears_within_two_seconds(qapp, qtbot, tmp_path: Path,
                                                                             clock) -> None:
    from wuye_desktop.app import create_qt_app
    from wuye_desktop.ui.context import UiContext

    create_qt_app([])
    url = _fresh_pg_schema_url()
    here = open_services(DataPaths(tmp_path / "here"), url, clock=clock)
    there = open_services(DataPaths(tmp_path / "there"), url, clock=clock)
    watcher = None
    try:
        here.auth.sign_in_as("王芳", Role.OFFICE_HEAD)
        there.auth.sign_in_as("李明", Role.FRONT_DESK)
        ctx = UiContext(here, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        tab = complaints_tab(ctx, qtbot)
        watcher = ChangeWatcher(ctx)  # on PostgreSQL it listens by itself
        qtbot.waitUntil(lambda: watcher.listening, timeout=5000)
        there.complaints.register(draft(complainant="钱九"), there.settings.projects()[0].id, "李明")
        start = time.monotonic()  # from the moment the save has committed
        qtbot.waitUntil(lambda: names(tab) == ["钱九"], timeout=2000)
        assert time.monotonic() - start < 2
    finally:
        if watcher is not None:
            watcher.stop()
        here.close()
        there.close()


EXIT_SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QSettings, QTimer
    from wuye_desktop.app import create_qt_app
    from wuye_desktop.domain.auth import Role
    from wuye_desktop.services.container import open_services
    from wuye_desktop.services.paths import DataPaths
    from wuye_desktop.ui.context import UiContext
    from wuye_desktop.ui.main_window import MainWindow

    app = create_qt_app(sys.argv[:1])
    services = open_services(DataPaths(Path(sys.argv[2])), sys.argv[1])
    services.auth.sign_in_as("王芳", Role.OFFICE_HEAD)
    ctx = UiContext(services, QSettings(sys.argv[2] + "/ui.ini", QSettings.Format.IniFormat))
    window = MainWindow(ctx)
    window.show()
    watcher = window.safety.watcher

    def close_when_listening():
        if watcher.listening:
            print("listening", flush=True)
            window.close()
        else:
            QTimer.singleShot(50, close_when_listening)

    QTimer.singleShot(50, close_when_listening)
    code = app.exec()
    services.close()
    print("closed", watcher.listener_thread.isRunning(), flush=True)
    sys.exit(code)
""")


@needs_pg
def test_the_program_exits_promptly_after_its_window_closes(tmp_path: Path) -> None:
    start = time.monotonic()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", EXIT_SCRIPT, _fresh_pg_schema_url(), str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=60, env=env,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["listening", "closed", "False"]
    assert "QThread" not in done.stderr
    assert time.monotonic() - start < 30
