"""Migration 0009 (version columns of the repairs and revisits records, issue 7): an office at the revision before
is upgraded with its devices and plans kept at version 1, and their first edit after it is version-checked."""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from tests.conftest import database_at
from wuye_desktop.domain.errors import EditConflictError
from wuye_desktop.domain.repairs import DeviceState
from wuye_desktop.domain.repairs_drafts import DeviceDraft
from wuye_desktop.domain.revisit_programme import PlanDraft
from wuye_desktop.services.container import open_services
from wuye_desktop.services.paths import DataPaths
from wuye_desktop.storage.db import (
    current_revision,
    head_revision,
    sqlite_url,
)

MIGRATION = importlib.import_module("wuye_desktop.storage.migrations.versions.0009_repairs_revisits_versions")


def test_every_table_of_the_migration_is_versioned_on_a_fresh_database(services) -> None:  # type: ignore[no-untyped-def]
    columns = inspect(services.engine)
    assert all("version" in {c["name"] for c in columns.get_columns(t)} for t in MIGRATION.TABLES)


def test_an_office_before_0009_keeps_its_records_at_version_1(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    paths = DataPaths(tmp_path / "old").ensure()
    engine = database_at(sqlite_url(paths.database), MIGRATION.down_revision)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO project (id, code, name, households, active) "
                          "VALUES (7, 'OLD', '老管理处', 321, 1)"))
        conn.execute(text(
            "INSERT INTO device (id, project_id, code, name, system, location, model, maker, install_date, state,"
            " notes, created_at, updated_at) VALUES (3, 7, 'JS-01', '1#生活水泵', '给排水', '水泵房', '', '', NULL,"
            " '完好', '', '2026-01-05 09:00:00', '2026-01-05 09:00:00')"))
        conn.execute(text(
            "INSERT INTO revisit_plan (id, project_id, year, kind, title, owner, targets, times_per_year, note,"
            " created_at) VALUES (4, 7, 2026, '住户座谈会', '2026年住户座谈会', '王主任', '', 2, '',"
            " '2026-01-05 09:00:00')"))
    assert "version" not in {c["name"] for c in inspect(engine).get_columns("device")}
    engine.dispose()

    services = open_services(paths, clock=clock)
    try:
        assert current_revision(services.engine) == head_revision(services.engine)
        device = services.repairs.devices.get(3)
        plan = services.revisits.programme.plan(4)
        assert (device.version, plan.version) == (1, 1)
        draft = DeviceDraft("JS-01", "1#生活水泵", "给排水", "水泵房", state=DeviceState.INTACT)
        saved = services.repairs.devices.update(3, replace(draft, maker="格兰富"), "李明", expected_version=1)
        assert saved.version == 2
        with pytest.raises(EditConflictError) as info:
            services.repairs.devices.update(3, replace(draft, model="CR10-4"), "张丽", expected_version=1)
        assert info.value.current["maker"] == "格兰富"
        changed = services.revisits.programme.save_plan(
            7, PlanDraft("住户座谈会", 2026, "2026年住户座谈会", "刘主任"), 4, expected_version=1)
        assert (changed.owner, changed.version) == ("刘主任", 2)
    finally:
        services.close()
