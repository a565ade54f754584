"""Migration 0005 (revisits): a fresh database gets the tables, and a database at the previous head
is upgraded with its data kept and a copy made first."""

from __future__ import annotations

import importlib
from pathlib import Path

from sqlalchemy import inspect, text

from tests.conftest import database_at
from wuye_desktop.domain.revisits import TaskFilter
from wuye_desktop.services.container import open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage.db import (
    current_revision,
    head_revision,
    sqlite_url,
)

TABLES = {"revisit_task", "revisit_plan", "revisit_visit", "revisit_questionnaire", "revisit_question",
          "revisit_response", "revisit_opinion", "revisit_suggestion", "revisit_peer_visit"}
MIGRATION = importlib.import_module("wuye_desktop.storage.migrations.versions.0005_revisits")


def test_fresh_database_has_the_revisit_tables(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    services = open_services(DataPaths(tmp_path / "fresh"), clock=clock)
    try:
        assert TABLES <= set(inspect(services.engine).get_table_names())
        assert current_revision(services.engine) == head_revision(services.engine)
    finally:
        services.close()


def test_database_at_the_previous_revision_is_upgraded_with_its_data(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    paths = DataPaths(tmp_path / "old").ensure()
    engine = database_at(sqlite_url(paths.database), MIGRATION.down_revision)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO project (id, code, name, households, active) "
                          "VALUES (7, 'OLD', '老管理处', 321, 1)"))
    assert not TABLES & set(inspect(engine).get_table_names())
    engine.dispose()

    services = open_services(paths, clock=clock)
    try:
        assert TABLES <= set(inspect(services.engine).get_table_names())
        assert [(p.name, p.households) for p in services.settings.projects()] == [("老管理处", 321)]
        assert list(paths.backups.glob("*before-migration*")), "the old database was not copied before migrating"
        assert services.revisits.figures(2026, 9, 7).effective_complaint_rate.text == "0.00%"
        assert services.revisits.sync_from_complaints() == 0
        assert services.revisits.page(TaskFilter()).total == 0
    finally:
        services.close()
