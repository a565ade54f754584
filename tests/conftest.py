"""Shared fixtures: an injected clock, services on a temporary SQLite file (and, when
WUYE_TEST_PG_URL is set, on a real PostgreSQL), and guards that keep GUI tests honest."""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from wuye_desktop.services.container import Services, open_services  # noqa: E402
from wuye_desktop.services.paths import DataPaths  # noqa: E402

PG_URL = os.environ.get("WUYE_TEST_PG_URL", "")


class FakeClock:
    """A clock tests move by hand: ``clock.set(datetime(…))`` / ``clock.advance(hours=2)``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.now = self.now + timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    # Thursday 2026-09-24 09:00, the day before the Mid-Autumn holiday.
    return FakeClock(datetime(2026, 9, 24, 9, 0))


# Migrating a new database costs ~0.5 s; a copy of one migrated per session (per xdist worker) ~0.08 s.
TEMPLATE_NOW = datetime(2026, 9, 24, 9, 0)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("empty-template") / "data"
    open_services(DataPaths(root), clock=FakeClock(TEMPLATE_NOW)).close()
    return root


def _fresh_sqlite(template: Path, target: Path) -> DataPaths:
    """A data folder holding a new, migrated, empty office database (a copy of the session's template)."""
    shutil.copytree(template, target)
    return DataPaths(target)


@pytest.fixture
def services(_sqlite_template: Path, tmp_path: Path, clock: FakeClock) -> Services:
    svc = open_services(_fresh_sqlite(_sqlite_template, tmp_path / "data"), clock=clock)
    yield svc
    svc.close()


def _fresh_pg_schema_url() -> str:
    """A new, empty schema on the test server so tests never see each other's rows."""
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
                           if PG_URL.startswith("postgresql://") else PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def _pg_admin_engine():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")  # CREATE DATABASE runs outside a transaction


def _pg_database_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _pg_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated once per session on the test server, copied (CREATE DATABASE … TEMPLATE) by tests."""
    from sqlalchemy import text

    name = f"tpl_{uuid.uuid4().hex[:12]}"
    engine = _pg_admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    open_services(DataPaths(tmp_path_factory.mktemp("pg-template")), _pg_database_url(name),
                  clock=FakeClock(TEMPLATE_NOW)).close()  # closed: a template must have no connection
    return name


def _fresh_pg_database_url(template: str) -> str:
    """A new database on the test server holding a migrated, empty office (a copy of the template)."""
    from sqlalchemy import text

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = _pg_admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    engine.dispose()
    return _pg_database_url(name)


@pytest.fixture(params=["sqlite", "postgres"])
def any_services(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Services:
    """Services on SQLite and on the real PostgreSQL server (skipped, with the reason, without one)."""
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("未设置 WUYE_TEST_PG_URL：没有可用的 PostgreSQL 测试服务器（.ci/run 会启动一个）")
        url = _fresh_pg_database_url(request.getfixturevalue("_pg_template"))
        svc = open_services(DataPaths(tmp_path / "pgdata"), url, clock=clock)
    else:
        paths = _fresh_sqlite(request.getfixturevalue("_sqlite_template"), tmp_path / "data")
        svc = open_services(paths, clock=clock)
    yield svc
    svc.close()


def database_at(url: str, revision: str):  # type: ignore[no-untyped-def]
    """An empty office database migrated only up to ``revision``: to test the migrations after it."""
    from wuye_desktop.storage import db

    engine = db.make_engine(url)
    with engine.begin() as conn:
        db.upgrade_on(conn, engine, revision)
    return engine


# The demo office is expensive to build (every area's part); tests that only read it share one
# build per session, each getting its own copy of the files.
DEMO_NOW = datetime(2026, 11, 30, 10, 0)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wuye_desktop.services.demo import ensure_demo_data

    root = tmp_path_factory.mktemp("demo-template") / "data"
    svc = open_services(DataPaths(root), clock=FakeClock(DEMO_NOW))
    ensure_demo_data(svc)
    svc.close()
    return root


@pytest.fixture
def demo_services(_demo_template: Path, tmp_path: Path, clock: FakeClock) -> Services:
    """Services on a private copy of the demo office, built at DEMO_NOW (the clock is set to it)."""
    clock.set(DEMO_NOW)
    target = tmp_path / "demo"
    shutil.copytree(_demo_template, target)
    svc = open_services(DataPaths(target), clock=clock)
    yield svc
    svc.close()
