"""Fixtures of the integration tests that open the same database twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from wuye_desktop.services.container import Services, open_services
from wuye_desktop.services.paths import DataPaths


@pytest.fixture
def second_pc(any_services: Services, tmp_path: Path, clock) -> Services:  # type: ignore[no-untyped-def]
    """Another PC: its own engine and connections on the same database (SQLite file or PostgreSQL)."""
    url = any_services.engine.url.render_as_string(hide_password=False)
    other = open_services(DataPaths(tmp_path / "pc2") if url.startswith("postgresql") else any_services.paths,
                          url, clock=clock)
    yield other
    other.close()
