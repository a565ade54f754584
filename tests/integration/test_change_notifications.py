"""Other PCs hear a save at once on the real PostgreSQL server (LISTEN/NOTIFY, issue 7): two program
instances on one database, each with its own listener connection."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import PG_URL, _fresh_pg_schema_url
from tests.integration.test_desk_rules import draft
from wuye_desktop.domain.auth import Role
from wuye_desktop.services.container import Services, open_services
from wuye_desktop.services.paths import DataPaths

needs_pg = pytest.mark.skipif(not PG_URL, reason="未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器（.ci/run 会启动一个）")


def wait_for(listener, seconds: float) -> tuple[set[str], float]:
    """Everything heard within ``seconds`` and when the first area came."""
    start, first, areas = time.monotonic(), None, set()
    while time.monotonic() - start < seconds:
        got = listener.wait(0.2)
        if got and first is None:
            first = time.monotonic() - start
        areas |= got
    return areas, first if first is not None else float("inf")


@pytest.fixture
def two_pcs(tmp_path: Path, clock):
    if not PG_URL:
        pytest.skip("未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器（.ci/run 会启动一个）")
    url = _fresh_pg_schema_url()
    here = open_services(DataPaths(tmp_path / "here"), url, clock=clock)
    there = open_services(DataPaths(tmp_path / "there"), url, clock=clock)
    here.auth.sign_in_as("王芳", Role.FRONT_DESK)
    there.auth.sign_in_as("李明", Role.FRONT_DESK)
    yield here, there
    here.close()
    there.close()


@needs_pg
def test_a_save_on_another_pc_wakes_the_listener_within_two_seconds(two_pcs) -> None:
    here, there = two_pcs
    assert here.listens_for_changes
    listener = here.changes_listener()
    try:
        assert listener.wait(0.2) == set()
        there.complaints.register(draft(), there.settings.projects()[0].id, "李明")
        start = time.monotonic()  # from the moment the save has committed (the machine may be busy)
        areas = set()
        while not areas and time.monotonic() - start < 2:
            areas = listener.wait(0.5)
        assert time.monotonic() - start < 2
        assert "complaints" in areas
        there.settings.set_company_name("另一台电脑改的名称")
        assert wait_for(listener, 1.0)[0] == {"settings"}
    finally:
        listener.close()


@needs_pg
def test_own_saves_rollbacks_and_other_offices_wake_nobody(two_pcs, tmp_path: Path, clock) -> None:
    here, there = two_pcs
    listener = here.changes_listener()
    elsewhere = open_services(DataPaths(tmp_path / "elsewhere"), _fresh_pg_schema_url(), clock=clock)
    try:
        here.complaints.register(draft(), here.settings.projects()[0].id, "王芳")   # this PC's own save
        elsewhere.settings.set_company_name("同一台服务器上的另一个管理处")                 # another schema
        with there.uow() as uow:                                                    # never committed
            from wuye_desktop.storage.models import SettingRow

            uow.session.add(SettingRow(key="test_only", value="x"))
            uow.flush()
        assert wait_for(listener, 1.0)[0] == set()
        # The listener still hears the next real save of another PC.
        there.settings.set_company_name("改了")
        assert wait_for(listener, 1.5)[0] == {"settings"}
    finally:
        listener.close()
        elsewhere.close()


@needs_pg
def test_a_dropped_listening_connection_raises_and_a_new_one_listens_again(two_pcs) -> None:
    here, there = two_pcs
    listener = here.changes_listener()
    engine = create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": listener.backend_pid}).scalar()
        with pytest.raises(Exception):
            for _ in range(10):
                listener.wait(0.2)
        listener.close()
        listener = here.changes_listener()
        there.settings.set_company_name("重新连接以后")
        assert wait_for(listener, 1.5)[0] == {"settings"}
    finally:
        listener.close()
        engine.dispose()


def test_sqlite_has_no_listener(services: Services) -> None:
    assert not services.listens_for_changes
    assert services.changes_listener() is None
