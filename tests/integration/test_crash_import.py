"""A power cut during a large ledger import: a child process importing 1,200 cases in ONE transaction
is killed (SIGKILL) at several random moments; each time the database must pass SQLite's integrity
check and hold either every imported case (with all its events) or none."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.services.container import open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage.backup import sqlite_problems

ROWS = 1200
KILLS = 3
ROOT = Path(__file__).resolve().parents[2]

# The child wires only what the import needs (the whole program takes seconds to import on a busy
# machine) and commits a preview the parent checked and pickled: the clerk's 「导入」 after 「检查」.
CHILD = r"""
import pickle, sys, time
from pathlib import Path
from wuye_desktop.services.calendar import CalendarService
from wuye_desktop.services.complaint_excel import ComplaintExcelService
from wuye_desktop.services.complaints import ComplaintService
from wuye_desktop.services.settings import SettingsService
from wuye_desktop.storage.audit import AuditContext
from wuye_desktop.storage.db import make_engine, sqlite_url
from wuye_desktop.storage.uow import uow_factory

data = Path(sys.argv[1])
engine = make_engine(sqlite_url(data / "wuye.sqlite3"))
uow = uow_factory(engine, AuditContext(actor="台账导入"))
calendar = CalendarService(uow, lambda: __import__("datetime").datetime(2026, 9, 24, 9, 0))
settings = SettingsService(uow)
complaints = ComplaintService(uow, calendar._clock, calendar, data / "attachments")
excel = ComplaintExcelService(complaints, settings, calendar._clock)
preview = pickle.loads(Path(sys.argv[2]).read_bytes())
print("COMMIT", flush=True)
start = time.perf_counter()
excel.commit_import(preview, "台账导入")
print(f"DONE {time.perf_counter() - start:.3f}", flush=True)
engine.dispose()
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")


def _ledger(path: Path) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["受理时间", "投诉人", "房号", "联系电话", "投诉主题", "投诉类别", "责任部门", "派单时间", "完成时间"])
    for i in range(ROWS):
        day = datetime(2025, 1 + i % 12, 1 + i % 28, 9, 0)
        ws.append([day, f"住户{i}", f"{i % 30 + 1}栋{i % 200 + 101}", "13800138000", "楼道灯不亮", "公共设施故障",
                   "工程部", day.replace(hour=10), day.replace(hour=15)])
    wb.save(path)
    return path


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        cases = conn.execute("SELECT count(*) FROM complaint").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM complaint_event").fetchone()[0]
        orphans = conn.execute("SELECT count(*) FROM complaint c WHERE NOT EXISTS "
                               "(SELECT 1 FROM complaint_event e WHERE e.complaint_id = c.id)").fetchone()[0]
    assert orphans == 0, "a case without its events: half a case was written"
    return cases, events


def _child(data: Path, ledger: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(ledger)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))


def _wait_for(proc: subprocess.Popen[str], word: str) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith(word):
        proc.kill()
        raise AssertionError(f"child said {line!r}; stderr: {proc.stderr.read() if proc.stderr else ''}")
    return line


def test_killing_a_large_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    base = DataPaths(tmp_path / "base")
    services = open_services(base)  # a migrated, empty database
    try:
        preview = services.complaint_excel.preview_import(_ledger(tmp_path / "台账.xlsx"),
                                                          services.settings.projects()[0].id)
    finally:
        services.close()
    assert not preview.errors and len(preview.cases) == ROWS
    ledger = tmp_path / "preview.pickle"
    ledger.write_bytes(pickle.dumps(preview))

    # One complete import (in this process) measures how long the commit takes and shows what "all" is.
    full = tmp_path / "full"
    shutil.copytree(base.root, full)
    services = open_services(DataPaths(full))
    services.complaint_excel.after_import.clear()
    start = time.perf_counter()
    services.complaint_excel.commit_import(preview, "台账导入")
    took = time.perf_counter() - start
    services.close()
    all_cases, all_events = _counts(full / "wuye.sqlite3")
    assert all_cases == ROWS and all_events > ROWS

    rng = random.Random(int(os.environ.get("WUYE_CRASH_SEED", "20260924")))
    outcomes = []
    for k in range(KILLS):
        data = tmp_path / f"kill{k}"
        shutil.copytree(base.root, data)
        proc = _child(data, ledger)
        _wait_for(proc, "COMMIT")
        # Moments spread over the whole commit: early, middle, late (plus jitter).
        time.sleep(took * (k + rng.random()) / KILLS)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        db = data / "wuye.sqlite3"
        assert sqlite_problems(db, quick=False) == [], f"kill {k}: damaged database"
        cases, events = _counts(db)
        assert (cases, events) in ((0, 0), (all_cases, all_events)), f"kill {k}: {cases} cases, {events} events"
        outcomes.append(cases)
    assert len(outcomes) == KILLS
    print("cases after each kill:", outcomes)
