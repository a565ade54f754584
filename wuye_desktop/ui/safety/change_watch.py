"""Lists refresh when another PC saves: every 20 s the audit trail's newest lines are read (an index
range on its key) and ``ctx.data_changed(area)`` is emitted for the areas another PC touched.

Why the trail and not max(updated_at): every save of every table writes it in the same
transaction, so one cheap query covers all areas. Ids are read from a window below the highest one
seen, because on PostgreSQL a transaction that took an id earlier may commit later.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from wuye_desktop.services.audit import area_of
from wuye_desktop.ui.context import UiContext

POLL_MS = 20_000
WINDOW = 500

log = logging.getLogger(__name__)


class ChangeWatcher(QObject):
    changes_seen = Signal(list)        # the areas another PC changed
    connection_lost = Signal(str)      # a Chinese sentence for the status bar
    connection_back = Signal()

    def __init__(self, ctx: UiContext, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.origin = ctx.services.audit_context.origin
        self.high = 0
        self.seen: set[int] = set()
        self.lost = False
        self._mark_current()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _mark_current(self) -> None:
        try:
            self.high = self.ctx.services.audit.last_id()
            self.seen = {i for i, _t, _o in self.ctx.services.audit.recent(max(self.high - WINDOW, 0))}
        except Exception:  # noqa: BLE001 — a server away at start is reported by the first poll
            log.exception("change marker unavailable")

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
