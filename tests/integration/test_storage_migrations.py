"""Migrations at start on SQLite and PostgreSQL: schema at head, a second start changes nothing,
and an older SQLite file is copied to backups/ before anything runs (ARCHITECTURE.md: storage)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from tests.conftest import FakeClock
from wuye_desktop.domain.listing import ComplaintFilter
from wuye_desktop.services.container import Services, open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage import db
from wuye_desktop.storage.schema import Base

LIST_INDEXES = {"ix_complaint_list_cover", "ix_complaint_search_cover", "ix_complaint_project_next_due",
                "ix_complaint_initials", "ix_complaint_project_received"}


def test_schema_is_created_at_the_newest_revision(any_services: Services) -> None:
    engine = any_services.engine
    assert db.current_revision(engine) == db.head_revision(engine) is not None
    tables = set(inspect(engine).get_table_names())
    assert {"complaint", "complaint_event", "attachment", "project", "department", "staff", "setting",
            "calendar_entry", "calendar_year", "number_sequence", "alembic_version"} <= tables
    assert LIST_INDEXES <= {i["name"] for i in inspect(engine).get_indexes("complaint")}
    # A new database is usable at once: the usual departments and one project.
    assert any_services.settings.departments() and any_services.settings.projects()


def test_migrations_and_models_agree(any_services: Services) -> None:
    """Every ORM row and index is created by a migration: nothing left for autogenerate to add."""
    with any_services.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_a_second_start_runs_no_migration(any_services: Services, tmp_path: Path) -> None:
    backups = tmp_path / "second-start-backups"
    assert db.migrate(any_services.engine, backups) is None
    assert not backups.exists() or not any(backups.iterdir())
    assert db.current_revision(any_services.engine) == db.head_revision(any_services.engine)


def test_reopening_a_sqlite_office_keeps_its_data_and_copies_nothing(tmp_path: Path, clock: FakeClock) -> None:
    paths = DataPaths(tmp_path / "office")
    first = open_services(paths, clock=clock)
    first.settings.set_company_name("测试物业管理有限公司")
    first.close()
    again = open_services(paths, clock=clock)
    try:
        assert again.settings.company_name() == "测试物业管理有限公司"
        assert list(paths.backups.iterdir()) == []
        assert len(again.settings.projects()) == 1  # defaults are not added twice
    finally:
        again.close()


def _upgrade_to(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        db.upgrade_on(conn, engine, revision)


def test_an_older_sqlite_file_is_copied_before_it_is_migrated(tmp_path: Path, clock: FakeClock) -> None:
    paths = DataPaths(tmp_path / "office").ensure()
    engine = db.make_engine(db.sqlite_url(paths.database))
    _upgrade_to(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO project (id, code, name, households, active) "
                          "VALUES (1, 'HY', '华苑小区', 1260, 1)"))
        conn.execute(text(
            "INSERT INTO complaint (id, project_id, number, received_at, complainant, complainant_initials, unit,"
            " phone, subject, content, channel, kind, category, first_responder, department, state, remarks,"
            " revisit_result, next_due_step, late_steps, has_late, open_steps, emergency_active, created_at,"
            " updated_at, version) VALUES (1, 1, 'HY-2026-00001', '2026-09-20 10:00:00', '张三', 'zs',"
            " 'A座1203', '13800138000', '楼上漏水', '', '电话', '一般', '室内设施维修', '李四', '', '已受理', '',"
            " '', '', '', 0, '[]', 0, '2026-09-20 10:00:00', '2026-09-20 10:00:00', 1)"))
    engine.dispose()

    services = open_services(paths, clock=clock)
    try:
        copies = list(paths.backups.iterdir())
        assert len(copies) == 1 and "before-migration-0001" in copies[0].name
        with sqlite3.connect(copies[0]) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert copy.execute("SELECT number FROM complaint").fetchall() == [("HY-2026-00001",)]
        assert db.current_revision(services.engine) == db.head_revision(services.engine)
        # The migrated office still finds its case, through the new indexes.
        found = services.complaints.page(ComplaintFilter(project_id=1, search="zs")).rows
        assert [r.number for r in found] == ["HY-2026-00001"]
        assert {"ix_complaint_list_cover", "ix_complaint_search_cover"} <= {
            i["name"] for i in inspect(services.engine).get_indexes("complaint")}
    finally:
        services.close()


def test_a_server_database_at_an_older_revision_is_brought_to_head(any_services: Services,
                                                                     tmp_path: Path) -> None:
    """On PostgreSQL (and SQLite) an office created by an older version upgrades in place."""
    engine = any_services.engine
    with engine.begin() as conn:
        cfg = db._alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert db.current_revision(engine) == "0001"
    db.migrate(engine, tmp_path / "backups")
    assert db.current_revision(engine) == db.head_revision(engine)
    assert LIST_INDEXES <= {i["name"] for i in inspect(engine).get_indexes("complaint")}
    any_services.complaints.page(ComplaintFilter(search="zs"))  # the queries run on the upgraded schema


def test_backup_names_carry_the_time(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "office").ensure()
    engine = db.make_engine(db.sqlite_url(paths.database))
    _upgrade_to(engine, "head")
    copy = db.backup_sqlite_file(engine, paths.backups, "test")
    engine.dispose()
    assert copy is not None and copy.exists()
    stamp = copy.stem.rsplit("-", 2)[-2:]
    assert datetime.strptime("".join(stamp), "%Y%m%d%H%M%S")
