"""Hearing other PCs' saves at once on a shared PostgreSQL server (issue 7 「其他电脑修改后列表刷新」).

``ChangesListener.wait(timeout)`` returns the screens (areas, as ``ctx.data_changed`` names them)
another program instance changed; this instance's own saves are left out — its lists already show
them. Qt-free: the GUI runs it on a thread of its own (ui/safety/change_watch.py). SQLite has no
notifications: ``open_changes_listener`` gives None and the lists keep polling the audit trail.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Engine

from wuye_desktop.services.audit import area_of
from wuye_desktop.storage.changes import NoticeListener


class ChangeSource(Protocol):
    """What the GUI's listening thread needs (a fake in GUI tests)."""

    def wait(self, timeout: float) -> set[str]: ...

    def close(self) -> None: ...


class ChangesListener:
    """One dedicated server connection; ``wait`` raises when it drops (make a new listener then)."""

    def __init__(self, engine: Engine, origin: str) -> None:
        self._origin = origin
        self._listener = NoticeListener(engine)

    def wait(self, timeout: float) -> set[str]:
        areas: set[str] = set()
        for notice in self._listener.wait(timeout):
            if notice.origin == self._origin:
                continue  # this PC's own save
            areas.update(a for a in map(area_of, notice.tables) if a)
        return areas

    def close(self) -> None:
        self._listener.close()

    @property
    def backend_pid(self) -> int:
        return self._listener.backend_pid


def can_listen(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "postgresql"


def open_changes_listener(engine: Engine, origin: str) -> ChangesListener | None:
    """A listener on PostgreSQL (connects now: call it off the GUI thread); None on SQLite."""
    if not can_listen(engine):
        return None
    return ChangesListener(engine, origin)
