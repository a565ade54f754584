"""A measuring run for bench/bench_scale.py (issue 8): with WUYE_STARTUP_PROBE set, the main window
reports when it first paints (and, with ``tabs``, the peak memory after every tab was opened) on
stdout as one ``WUYE_PROBE {json}`` line, then closes. Nothing else changes, and it logs no one in."""

from __future__ import annotations

import json
import os
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QStackedWidget, QTabWidget, QWidget

ENV = "WUYE_STARTUP_PROBE"


def requested() -> str:
    """``""`` (a normal run), ``"shown"`` or ``"tabs"``."""
    return os.environ.get(ENV, "")


def memory_kb() -> dict[str, int]:
    """VmRSS and VmHWM (the peak) of this process from /proc (Linux); empty elsewhere."""
    found: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    found[key] = int(value.split()[0])
    except OSError:
        pass
    return found


def _settle(seconds: float) -> None:
    """Let the lists load (some load off the GUI thread) and paint."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


class StartupProbe(QObject):
    """Waits for the window's first paint; reports; optionally opens every tab and page; closes it."""

    def __init__(self, window: QWidget, mode: str, settle: float = 0.6) -> None:
        super().__init__(window)
        self.window, self.mode, self.settle = window, mode, settle
        self.figures: dict[str, object] = {}
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if watched is self.window and event.type() == QEvent.Type.Paint and not self.figures:
            self.figures = {"shown_at": time.time(), "cpu": time.process_time(), **memory_kb()}
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self._after_shown)
        return False

    def _after_shown(self) -> None:
        if self.mode == "tabs":
            self._open_everything()
            self.figures["tabs"] = memory_kb()
        print("WUYE_PROBE " + json.dumps(self.figures), flush=True)
        self.window.close()
        QApplication.quit()

    def _open_everything(self) -> None:
        tabs = self.window.findChild(QTabWidget)
        if tabs is None:
            return
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            _settle(self.settle)
            # The tab's own pages (维修与设备, 回访与意见, 客户档案 …): each shown once.
            for inner in tabs.widget(i).findChildren(QTabWidget) + tabs.widget(i).findChildren(QStackedWidget):
                if not inner.isVisible():
                    continue
                for j in range(inner.count()):
                    inner.setCurrentIndex(j)
                    _settle(self.settle / 3)
        _settle(self.settle)


def install(window: QWidget) -> StartupProbe | None:
    mode = requested()
    if mode not in ("shown", "tabs"):
        return None
    return StartupProbe(window, mode)
