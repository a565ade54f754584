"""Backups that can be trusted: backup → change → restore gives identical data (SQLite file, portable
zip, PostgreSQL, and across the two), damaged databases and damaged backups are refused in plain
Chinese, the daily rotation keeps 30 days and 12 month-ends, and the command line never shows a
traceback."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from wuye_desktop.app import main
from wuye_desktop.domain.auth import Role
from wuye_desktop.domain.complaint import Action
from wuye_desktop.domain.errors import DomainError
from wuye_desktop.services.backup import BackupFailed, check_database, keep_for_rotation
from wuye_desktop.services.complaints import StepInput
from wuye_desktop.services.container import DatabaseDamagedError, Services, open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage.db import make_engine, migrate, upgrade_on
from tests.conftest import PG_URL, _fresh_pg_schema_url
from tests.integration.test_desk_rules import draft

SKIP_TABLES = {"audit_log"}  # the trail keeps growing with every backup and restore line


def snapshot(s: Services) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in key order (values as Python gives them back)."""
    meta = MetaData()
    with s.engine.connect() as conn:
        meta.reflect(conn)
        return {name: [tuple(r) for r in conn.execute(select(t).order_by(*(t.primary_key.columns or t.c)))]
                for name, t in sorted(meta.tables.items()) if name not in SKIP_TABLES | {"alembic_version"}}


def fill(s: Services, clock) -> int:  # type: ignore[no-untyped-def]
    """A little of everything: users, a case with steps and a collective case, settings, a 10,000-
    character text with emoji, a whole number sequence."""
    s.auth.create_first_admin("管理员", "admin-pass1", "admin-pass1")
    s.auth.save_user("张丽", Role.FRONT_DESK, password="start-pass1", repeat="start-pass1")
    s.settings.set_company_name("海悦物业😀")
    pid = s.settings.projects()[0].id
    case = s.complaints.register(draft(content="漏水" * 4999 + "🏠😀"), pid, "张丽")
    clock.set(datetime(2026, 9, 24, 10, 0))
    s.complaints.act(case.id, StepInput(Action.DISPATCH, "张丽", data={"department": "工程部",
                                                                    "due_at": "2026-09-24 18:00"}))
    members = [s.complaints.register(draft(unit=f"B座{i}"), pid, "张丽").id for i in range(3)]
    s.complaints.group_collective(members, "张丽")
    return case.id


def spoil(s: Services) -> None:
    s.auth.sign_in_as("管理员", Role.ADMIN)
    s.settings.set_company_name("改过的名字")
    s.complaints.register(draft(unit="C座1"), s.settings.projects()[0].id, "管理员")


def test_sqlite_backup_then_restore_gives_identical_data(services: Services, clock, tmp_path: Path) -> None:
    fill(services, clock)
    before = snapshot(services)
    info = services.backup.backup_to(tmp_path / "备份.sqlite3")
    assert info.ok and info.counts["complaint"] == 5 and info.kind == "sqlite"
    spoil(services)
    assert snapshot(services) != before
    services.backup.restore(tmp_path / "备份.sqlite3")
    assert snapshot(services) == before
    replaced = list(services.paths.backups.glob("wuye-replaced-*.sqlite3"))
    assert len(replaced) == 1  # the database that was replaced is kept


def test_portable_backup_restores_into_sqlite(services: Services, clock, tmp_path: Path) -> None:
    fill(services, clock)
    before = snapshot(services)
    services.backup.backup_to(tmp_path / "备份.zip")
    with zipfile.ZipFile(tmp_path / "备份.zip") as z:
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["counts"]["complaint"] == 5 and manifest["revision"]
    spoil(services)
    services.backup.restore(tmp_path / "备份.zip")
    assert snapshot(services) == before
    text = services.complaints.get(1).content
    assert len(text) == 10000 and text.endswith("🏠😀")


@pytest.mark.skipif(not PG_URL, reason="未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器")
def test_postgresql_dump_then_restore_gives_identical_data(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    s = open_services(DataPaths(tmp_path / "pg"), _fresh_pg_schema_url(), clock=clock)
    try:
        fill(s, clock)
        before = snapshot(s)
        info = s.backup.backup_to(tmp_path / "server.zip")
        assert info.kind == "dump" and info.counts["complaint"] == 5
        spoil(s)
        s.backup.restore(tmp_path / "server.zip")
        assert snapshot(s) == before
        # New rows after a restore get fresh ids (the sequences were moved past the restored ones).
        again = s.complaints.register(draft(unit="D座9"), s.settings.projects()[0].id, "管理员")
        assert again.id == 6
    finally:
        s.close()


@pytest.mark.skipif(not PG_URL, reason="未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器")
def test_a_single_pc_backup_moves_onto_the_server(services: Services, clock, tmp_path: Path) -> None:
    fill(services, clock)
    before = snapshot(services)
    services.backup.backup_to(tmp_path / "本机.sqlite3")
    server = open_services(DataPaths(tmp_path / "pg"), _fresh_pg_schema_url(), clock=clock)
    try:
        server.backup.restore(tmp_path / "本机.sqlite3")
        assert snapshot(server) == before
    finally:
        server.close()


def test_restore_refuses_damaged_and_foreign_files_and_leaves_the_database(services: Services, clock,
                                                                          tmp_path: Path) -> None:
    fill(services, clock)
    before = snapshot(services)
    (tmp_path / "随便.zip").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "文本.sqlite3").write_text("不是数据库", encoding="utf-8")
    with pytest.raises(BackupFailed) as info:
        services.backup.restore(tmp_path / "文本.sqlite3")
    assert "不是本程序的备份文件" in info.value.message
    with pytest.raises(BackupFailed) as info:
        services.backup.restore(tmp_path / "随便.zip")
    assert "不能用于恢复" in info.value.message
    # A dump whose counts do not match its rows is rolled back as a whole.
    services.backup.backup_to(tmp_path / "好的.zip")
    bad = tmp_path / "行数不对.zip"
    with zipfile.ZipFile(tmp_path / "好的.zip") as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["counts"]["complaint"] += 1
                data = json.dumps(manifest).encode()
            dst.writestr(item, data)
    with pytest.raises(BackupFailed) as info:
        services.backup.restore(bad)
    assert "核对行数不一致" in info.value.message and "complaint" in info.value.message
    assert snapshot(services) == before
    # A backup from a newer program is refused before anything changes.
    newer = tmp_path / "新版本.zip"
    with zipfile.ZipFile(tmp_path / "好的.zip") as src, zipfile.ZipFile(newer, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["revision"] = "9999"
                data = json.dumps(manifest).encode()
            dst.writestr(item, data)
    with pytest.raises(BackupFailed) as info:
        services.backup.restore(newer)
    assert "较新版本的程序" in info.value.message


def test_only_the_administrator_restores_and_the_head_backs_up(services: Services, tmp_path: Path) -> None:
    services.auth.sign_in_as("张丽", Role.FRONT_DESK)
    with pytest.raises(DomainError):
        services.backup.backup_to(tmp_path / "a.sqlite3")
    services.auth.sign_in_as("陈主任", Role.OFFICE_HEAD)
    services.backup.backup_to(tmp_path / "a.sqlite3")
    with pytest.raises(DomainError) as info:
        services.backup.restore(tmp_path / "a.sqlite3")
    assert "从备份恢复" in info.value.message


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096 * 2, min(len(data), 4096 * 2 + 6000)):
        data[i] = 0x5A
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_refused_and_the_latest_good_backup_offered(tmp_path: Path, clock,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    paths = DataPaths(tmp_path / "data")
    s = open_services(paths, clock=clock)
    fill(s, clock)
    good = snapshot(s)
    s.backup.auto_backup_if_due()
    s.close()
    _corrupt(paths.database)
    with pytest.raises(DatabaseDamagedError) as info:
        open_services(paths, clock=clock)
    assert "数据库文件已损坏" in info.value.message
    check = check_database(paths, None, clock)
    assert not check.ok and check.latest_good is not None
    assert "数据库文件已损坏" in check.message() and check.latest_good.path.name in check.message()
    # The command line: a message and exit code 2, never a traceback.
    code = main(["--data-dir", str(paths.root), "check"])
    err = capsys.readouterr().err
    assert code == 2 and "数据库文件已损坏" in err and "Traceback" not in err
    assert "restore" in err
    code = main(["--data-dir", str(paths.root), "export", "complaints", "-o", str(tmp_path / "x.xlsx")])
    assert code == 3 and "数据库文件已损坏" in capsys.readouterr().err
    code = main(["--data-dir", str(paths.root), "restore", str(check.latest_good.path)])
    out = capsys.readouterr()
    assert code == 0 and "已从备份恢复" in out.out and "Traceback" not in out.err
    assert main(["--data-dir", str(paths.root), "check"]) == 0
    s = open_services(paths, clock=clock)
    try:
        assert snapshot(s) == good
    finally:
        s.close()


def test_a_file_that_is_not_a_database_is_damaged_too(tmp_path: Path, clock) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    paths.database.write_bytes(b"\x00" * 5000)
    check = check_database(paths, None, clock)
    assert not check.ok and check.latest_good is None
    assert "没有找到完好的备份" in check.message()


def test_cli_backup_and_restore_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "create-admin", "--name", "管理员", "--password", "admin-pass1"]) == 0
    assert main(["--data-dir", str(data), "backup", "-o", str(tmp_path / "b.sqlite3")]) == 0
    assert "已备份并核对" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "backup", "-o", str(tmp_path / "b.zip")]) == 0
    code = main(["--data-dir", str(data), "restore", str(tmp_path / "不存在.zip")])
    err = capsys.readouterr().err
    assert code == 1 and "找不到备份文件" in err and "Traceback" not in err
    assert main(["--data-dir", str(data), "restore", str(tmp_path / "b.zip")]) == 0
    out = capsys.readouterr().out
    assert "已先把当前数据库备份到" in out and "已从备份恢复" in out
    code = main(["--data-dir", str(tmp_path / "empty"), "backup", "-o", str(tmp_path / "c.sqlite3")])
    assert code == 3 and "还没有数据库" in capsys.readouterr().err


def test_rotation_keeps_thirty_days_and_twelve_month_ends() -> None:
    today = date(2026, 9, 24)
    days = [today - timedelta(days=i) for i in range(0, 500)]
    keep = keep_for_rotation(days, today)
    assert all(today - timedelta(days=i) in keep for i in range(30))
    month_ends = sorted(d for d in keep if (today - d).days >= 30)
    assert month_ends == [date(2025, 10, 31), date(2025, 11, 30), date(2025, 12, 31), date(2026, 1, 31),
                          date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
                          date(2026, 6, 30), date(2026, 7, 31)]
    assert date(2026, 8, 31) in keep and date(2025, 9, 30) not in keep  # 12 months: 2025-10 … 2026-09
    assert len(keep) == 30 + 10  # August's and September's month-end copies are among the last 30 days


def test_the_daily_backup_runs_once_a_day_and_rotates(services: Services, clock) -> None:
    clock.set(datetime(2026, 9, 24, 9, 0))
    first = services.backup.auto_backup_if_due()
    assert first is not None and first.ok
    assert services.backup.auto_backup_if_due() is None  # once a day
    old = services.backup.auto_dir
    for d in (date(2025, 1, 15), date(2025, 1, 31), date(2026, 8, 1), date(2026, 8, 20)):
        (old / f"wuye-auto-{d:%Y%m%d}-080000.sqlite3").write_bytes(b"x")
    clock.set(datetime(2026, 9, 25, 8, 0))
    assert services.backup.auto_backup_if_due() is not None
    names = sorted(p.name for p in old.iterdir())
    # Kept: the last 30 days, and the last copy of each of the 12 latest months that have one
    # (January 2025's 31st, August's 20th); gone: January's 15th and August's 1st.
    assert names == ["wuye-auto-20250131-080000.sqlite3", "wuye-auto-20260820-080000.sqlite3",
                     "wuye-auto-20260924-090000.sqlite3", "wuye-auto-20260925-080000.sqlite3"]


@pytest.mark.skipif(not PG_URL, reason="未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器")
def test_a_server_is_dumped_before_its_schema_is_upgraded(tmp_path: Path) -> None:
    engine = make_engine(_fresh_pg_schema_url())
    try:
        with engine.begin() as conn:
            upgrade_on(conn, engine, "0003")
        copy = migrate(engine, tmp_path / "backups")
        assert copy is not None and copy.suffix == ".zip" and "before-migration-0003" in copy.name
        with zipfile.ZipFile(copy) as z:
            assert json.loads(z.read("manifest.json"))["revision"] == "0003"
        assert migrate(engine, tmp_path / "backups") is None  # at the head: nothing runs, no copy
    finally:
        engine.dispose()


def test_a_sqlite_backup_opens_as_it_is(services: Services, tmp_path: Path) -> None:
    services.settings.set_company_name("海悦物业")
    services.backup.backup_to(tmp_path / "b.sqlite3")
    with sqlite3.connect(tmp_path / "b.sqlite3") as conn:
        assert conn.execute("SELECT value FROM setting WHERE key='company_name'").fetchone() == ("海悦物业",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
