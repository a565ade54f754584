"""The start-up probe bench/bench_scale.py relies on (issue 8): the real program, started as a clerk
starts it, reports its first paint and its memory after every tab was opened, then quits — and a
measuring run leaves the data folder as it was (no automatic backup)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def test_the_demo_office_reports_its_first_paint_and_memory_with_every_tab_open(_demo_template: Path,
                                                                                 tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(_demo_template, data / "demo")  # --demo opens <data-dir>/demo
    backups = data / "demo" / "backups"
    before = sorted(backups.glob("*")) if backups.exists() else []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WUYE_STARTUP_PROBE="tabs")
    done = subprocess.run([sys.executable, "-m", "wuye_desktop", "--data-dir", str(data), "--demo"], env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("WUYE_PROBE ")]
    assert len(lines) == 1, done.stdout
    figures = json.loads(lines[0].removeprefix("WUYE_PROBE "))
    assert figures["shown_at"] > 0 and figures["cpu"] > 0
    if sys.platform.startswith("linux"):
        assert 0 < figures["VmRSS"] <= figures["VmHWM"] <= figures["tabs"]["VmHWM"]
    assert sorted(backups.glob("*")) == before, "a measuring run made a backup"
