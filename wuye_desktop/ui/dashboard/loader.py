"""Loads the dashboard off the GUI thread: at 300,000 complaints the month's figures take about half
a second (bench/bench_reports.py), too long to freeze the window each time data changes. No
progress dialog — the tab shows 「正在更新……」. Runs at once on the calling thread in tests
(``JobRunner.serial``), like every other job."""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from wuye_desktop.ui.common.jobs import JobRunner


class _Worker(QObject):
    succeeded = Signal(object)
    failed = Signal(str, str)
    finished = Signal()

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # shown by the tab, never raised in the worker thread
            self.failed.emit(getattr(exc, "message", str(exc)), traceback.format_exc())
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class BackgroundLoader(QObject):
    """One load at a time; a request while one runs is remembered and run right after it."""

    loaded = Signal(object)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._pending: Callable[[], Any] | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def request(self, fn: Callable[[], Any]) -> None:
        if self.busy:
            self._pending = fn
            return
        worker = _Worker(fn)
        worker.succeeded.connect(self.loaded)
        worker.failed.connect(self.failed)
        if JobRunner.serial:
            worker.run()
            return
        thread = QThread()
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(thread.quit)
        thread.finished.connect(self._done)
        self._thread, self._worker = thread, worker
        thread.start()

    @Slot()
    def _done(self) -> None:
        if self._thread is not None:
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = self._worker = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self.request(pending)

    def wait(self) -> None:
        """Block until the running load has finished (closing the window)."""
        if self._thread is not None:
            self._pending = None
            self._thread.quit()
            self._thread.wait()
