"""Long work off the GUI thread: a job reports progress, can be cancelled, and never touches widgets.

``run_job`` shows a cancellable progress dialog; ``BackgroundLoader`` runs quiet loads the screen
announces itself (the dashboard's 「正在更新……」). Tests set ``JobRunner.serial = True`` so the job
runs at once on the calling thread and its signals arrive before ``run_job`` returns.
"""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """Raised inside a job when the clerk pressed 取消."""


class Progress:
    """Handed to the job function: ``progress(done, total, text)``; raises Cancelled when asked to stop."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._fn = fn
        self.progress = Progress(self.progressed.emit)

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self.progress)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # reported to the GUI thread, shown there
            self.failed.emit(exc, traceback.format_exc())
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class JobRunner(QObject):
    """Runs one job; keeps itself alive until the job has finished."""

    serial = False  # tests: run on the calling thread
    _alive: set["JobRunner"] = set()

    def __init__(self, parent: QWidget | None, title: str, fn: Callable[[Progress], Any],
                 on_success: Callable[[Any], None], on_error: Callable[[Exception, str], None] | None = None,
                 on_cancel: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._worker = _Worker(fn)
        self._on_success, self._on_error, self._on_cancel = on_success, on_error, on_cancel
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._worker.progress.cancel)
        self._worker.progressed.connect(self._show_progress)
        self._worker.succeeded.connect(self._succeeded)
        self._worker.failed.connect(self._failed)
        self._worker.cancelled.connect(self._cancelled)
        self._thread: QThread | None = None

    def start(self) -> None:
        JobRunner._alive.add(self)
        if JobRunner.serial:
            self._worker.finished.connect(self._done)
            self._worker.run()
            return
        self._thread = QThread()
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.finished.connect(self._thread.quit)
        self._thread.finished.connect(self._done)
        self._thread.start()

    def cancel(self) -> None:
        self._worker.progress.cancel()

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._close_dialog()
        self._on_success(result)

    @Slot(object, str)
    def _failed(self, exc: Exception, trace: str) -> None:
        self._close_dialog()
        if self._on_error:
            self._on_error(exc, trace)
        else:
            raise exc

    @Slot()
    def _cancelled(self) -> None:
        self._close_dialog()
        if self._on_cancel:
            self._on_cancel()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None  # type: ignore[assignment]

    @Slot()
    def _done(self) -> None:
        if self._thread is not None:
            self._thread.wait()
            self._thread.deleteLater()
            self._thread = None
        JobRunner._alive.discard(self)


def run_job(parent: QWidget | None, title: str, fn: Callable[[Progress], Any],
            on_success: Callable[[Any], None], on_error: Callable[[Exception, str], None] | None = None,
            on_cancel: Callable[[], None] | None = None) -> JobRunner:
    runner = JobRunner(parent, title, fn, on_success, on_error, on_cancel)
    runner.start()
    return runner


class BackgroundLoader(QObject):
    """Quiet loads off the GUI thread, one at a time; a request while one runs is remembered and run
    right after it (the latest wins). ``failed`` carries the Chinese message and the traceback."""

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
        worker = _Worker(lambda _progress: fn())
        worker.succeeded.connect(self.loaded)
        worker.failed.connect(self._failed)
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

    @Slot(object, str)
    def _failed(self, exc: Exception, trace: str) -> None:
        self.failed.emit(getattr(exc, "message", str(exc)), trace)

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
