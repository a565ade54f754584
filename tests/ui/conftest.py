"""GUI test guards: no blocking exec()/static message boxes, no dialog left open, jobs run serially."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from wuye_desktop.ui.common.jobs import JobRunner


@pytest.fixture(autouse=True)
def _serial_jobs():
    JobRunner.serial = True
    yield
    JobRunner.serial = False


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch):
    def forbidden(*_a, **_k):
        raise AssertionError("blocking dialog call in GUI code (use .open() and a callback)")

    for name in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(forbidden))
    monkeypatch.setattr(QDialog, "exec", forbidden)
    monkeypatch.setattr(QMessageBox, "exec", forbidden)
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory", "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(forbidden))
    yield


@pytest.fixture(autouse=True)
def _no_leftover_dialogs(qapp: QApplication):
    yield
    QApplication.processEvents()
    open_dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    names = [f"{type(w).__name__}:{w.windowTitle()}" for w in open_dialogs]  # before they are deleted
    for w in open_dialogs:
        w.close()
        w.deleteLater()
    QApplication.processEvents()
    assert not names, f"dialogs left open: {names}"


@pytest.fixture
def ui_ctx(services, tmp_path, qapp):
    """A UiContext on the test services, with the app's font and stylesheet, logged in (issue 7) as
    a 主任 named 前台 — the operator name GUI tests have always seen — who may do every desk step."""
    from wuye_desktop.app import create_qt_app
    from wuye_desktop.domain.auth import Role
    from wuye_desktop.ui.context import UiContext

    create_qt_app([])
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    services.auth.sign_in_as("前台", Role.OFFICE_HEAD)
    return UiContext(services, settings)
