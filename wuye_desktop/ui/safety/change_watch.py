"""Lists refresh when another PC saves: the audit trail's newest lines are read (an index range on its
key) and ``ctx.data_changed(area)`` is emitted for the areas another PC touched.

When to read: on a shared PostgreSQL server a thread listens for the other PCs' notifications
(services/changes.py, LISTEN/NOTIFY) and wakes the read within about a second, debounced; the
20 s timer then only runs every few minutes as a safety net. On SQLite, and while the listening
connection is down (it reconnects quietly), the read runs every 20 s.

Why the trail and not max(updated_at): every save of every table writes it in the same
transaction, so one cheap query covers all areas, and a notification and the timer never refresh
a list twice for one save. Ids are read from a window below the highest one seen, because on
PostgreSQL a transaction that took an id earlier may commit later.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from wuye_desktop.services.audit import area_of
from wuye_desktop.services.changes import ChangeSource
from wuye_desktop.ui.context import UiContext

POLL_MS = 20_000
LISTENING_POLL_MS = 300_000   # while notifications arrive: only a safety net
DEBOUNCE_MS = 300             # a burst of saves on another PC: one refresh
WINDOW = 500
WAIT_S = 0.5                  # how often the listening thread looks whether it should stop
RETRY_S = 5.0                 # first wait before connecting again (doubles up to a minute)

log = logging.getLogger(__name__)

ListenerFactory = Callable[[], ChangeSource | None]


class ListenThread(QThread):
    """Waits for notifications off the GUI thread; never touches widgets, only emits signals.
    A dropped connection is closed and a new one tried after ``retry_s`` (doubling up to a minute)."""

    heard = Signal(list)        # areas another PC changed
    listening = Signal(bool)    # True: notifications arrive; False: the connection dropped

    def __init__(self, factory: ListenerFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeListener")
        self._factory = factory
        self._wait_s, self._retry_s = WAIT_S, RETRY_S
        self._stop = threading.Event()

    def run(self) -> None:
        source: ChangeSource | None = None
        retry = self._retry_s
        try:
            while not self._stop.is_set():
                if source is None:
                    try:
                        source = self._factory()
                    except Exception as exc:  # noqa: BLE001 — the server away: the timer polls meanwhile
                        log.info("change listener not connected: %s", exc)
                        self._stop.wait(retry)
                        retry = min(retry * 2, 60.0)
                        continue
                    if source is None:
                        return  # nothing to listen to (SQLite)
                    retry = self._retry_s
                    self.listening.emit(True)
                try:
                    areas = source.wait(self._wait_s)
                except Exception as exc:  # noqa: BLE001 — the connection dropped
                    log.info("change listener lost its connection: %s", exc)
                    _close(source)
                    source = None
                    self.listening.emit(False)
                    self._stop.wait(retry)
                    continue
                if areas:
                    self.heard.emit(sorted(areas))
        finally:
            if source is not None:
                _close(source)

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Ask the loop to end and wait for it (it looks every ``wait_s``); False if it did not end."""
        self._stop.set()
        return self.wait(timeout_ms) if self.isRunning() else True


def _close(source: ChangeSource) -> None:
    try:
        source.close()
    except Exception:  # noqa: BLE001
        log.debug("closing the change listener failed", exc_info=True)


class ChangeWatcher(QObject):
    changes_seen = Signal(list)        # the areas another PC changed
    connection_lost = Signal(str)      # a Chinese sentence for the status bar
    connection_back = Signal()

    def __init__(self, ctx: UiContext, parent: QObject | None = None, interval_ms: int = POLL_MS,
                 listener_factory: ListenerFactory | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.origin = ctx.services.audit_context.origin
        self.high = 0
        self.seen: set[int] = set()
        self.lost = False
        self.interval_ms = interval_ms
        self._mark_current()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.poll)
        self.listening = False
        self.listener_thread: ListenThread | None = None
        if listener_factory is None and getattr(ctx.services, "listens_for_changes", False):
            listener_factory = ctx.services.changes_listener
        if listener_factory is not None:
            self.listener_thread = ListenThread(listener_factory, parent=self)
            self.listener_thread.heard.connect(self._heard)
            self.listener_thread.listening.connect(self._listening)
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.stop)
            self.listener_thread.start()

    def _mark_current(self) -> None:
        try:
            self.high = self.ctx.services.audit.last_id()
            self.seen = {i for i, _t, _o in self.ctx.services.audit.recent(max(self.high - WINDOW, 0))}
        except Exception:  # noqa: BLE001 — a server away at start is reported by the first poll
            log.exception("change marker unavailable")

    @Slot(list)
    def _heard(self, areas: list[str]) -> None:
        log.debug("another PC changed %s", areas)
        if not self.debounce.isActive():
            self.debounce.start()

    @Slot(bool)
    def _listening(self, on: bool) -> None:
        self.listening = on
        self.timer.setInterval(LISTENING_POLL_MS if on else self.interval_ms)
        # Catch up with what was saved before listening began (or while the connection was down).
        self.debounce.start()

    @Slot()
    def stop(self) -> None:
        """Before the window goes: the listening thread ends (within about half a second)."""
        self.timer.stop()
        self.debounce.stop()
        if self.listener_thread is not None and not self.listener_thread.stop():
            log.warning("change listener did not stop in time")

    @Slot()
    def poll(self) -> list[str]:
        try:
            rows = self.ctx.services.audit.recent(max(self.high - WINDOW, 0))
        except Exception as exc:  # noqa: BLE001 — the network may be down for a while
            log.warning("change poll failed: %s", exc)
            if not self.lost:
                self.lost = True
                self.connection_lost.emit("与数据库的连接中断，正在重试…（其他电脑的修改暂时不会自动显示）")
            return []
        if self.lost:
            self.lost = False
            self.connection_back.emit()
        areas: set[str] = set()
        for row_id, table, origin in rows:
            if row_id in self.seen:
                continue
            self.seen.add(row_id)
            if origin != self.origin:
                area = area_of(table)
                if area:
                    areas.add(area)
        if rows:
            self.high = max(self.high, max(r[0] for r in rows))
        self.seen = {i for i in self.seen if i > self.high - WINDOW}
        found = sorted(areas)
        for area in found:
            self.ctx.data_changed.emit(area)
        if found:
            self.changes_seen.emit(found)
        return found
