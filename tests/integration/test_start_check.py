"""The start check (issues 7 and 8): after a clean exit that left the file as it is, the program opens at
once and checks the file in the background; after a crash, a changed file or no mark, it checks first."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from wuye_desktop.services.backup import CLEAN_MARK, mark_clean_shutdown, take_clean_mark
from wuye_desktop.services.container import Services, open_services
from wuye_desktop.services.paths import DataPaths
from tests.conftest import FakeClock


def test_the_mark_names_the_file_as_a_clean_exit_left_it(services: Services, clock: FakeClock) -> None:
    paths = services.paths
    services.close()
    assert mark_clean_shutdown(paths, None)
    assert take_clean_mark(paths, None)          # unchanged: the next start may check in the background
    assert not (paths.root / CLEAN_MARK).exists()  # used up: a crash in this session means a check first
    assert not take_clean_mark(paths, None)

    assert mark_clean_shutdown(paths, None)
    again = open_services(paths, clock=clock)    # the file changes after the mark (copied in, written by
    again.settings.set_company_name("另一家公司")  # another program…): the next start checks first
    again.close()
    assert not take_clean_mark(paths, None)


def test_no_mark_for_a_server_database(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    assert not mark_clean_shutdown(paths, "postgresql+psycopg://postgres@127.0.0.1:1/postgres")


def _start(data: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WUYE_STARTUP_PROBE="shown")
    return subprocess.run([sys.executable, "-m", "wuye_desktop", "--data-dir", str(data), "--demo"], env=env,
                          capture_output=True, text=True, timeout=240)


def test_the_program_leaves_the_mark_and_a_damaged_file_found_in_the_background_loses_it(
        _demo_template: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(_demo_template, data / "demo")
    office = data / "demo"
    first = _start(data)
    assert first.returncode == 0, first.stderr[-2000:]
    assert (office / CLEAN_MARK).exists()

    # Damage the file without changing its size or time (a failing disk): the start trusts the mark,
    # the background check finds the damage, and no new mark is left — the next start refuses the file.
    database = office / "wuye.sqlite3"
    st = database.stat()
    with database.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\xff" * 4096 * 4)
    os.utime(database, ns=(st.st_atime_ns, st.st_mtime_ns))
    second = _start(data)
    # Whether the damage shows while starting (an error said, exit status 1) or only to the background
    # check (the window shows, status 0), the program ends normally and leaves no mark.
    assert second.returncode in (0, 1), second.stderr[-2000:]
    assert not (office / CLEAN_MARK).exists()
