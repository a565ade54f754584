"""Engines for the embedded SQLite file and a shared PostgreSQL server, and migrations at start."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from wuye_desktop.storage import schema  # noqa: F401  (registers every table before migrating)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def make_engine(url: str) -> Engine:
    """An engine with the pragmas SQLite needs for safe concurrent use (WAL, FKs, busy timeout)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 15, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


# Alembic is imported where it works: a start with nothing to migrate (the usual one) never needs it
# (issue 8: its import is a tenth of the start-up time; bench/bench_scale.py).
def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()


_REVISION = re.compile(r"""^revision\s*=\s*["']([^"']+)["']""", re.M)
_DOWN_REVISION = re.compile(r"""^down_revision\s*=\s*(?:["']([^"']+)["']|None)""", re.M)


def _written_head() -> str | None:
    """The head as the migration files name it, read as text; None when that is not plain (the files
    then go to Alembic, which decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text_ = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text_), _DOWN_REVISION.search(text_)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    """The revision in the database's alembic_version table (None if there is none, or several)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except Exception:  # noqa: BLE001 — no table yet (a new database): Alembic's path handles it
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def backup_sqlite_file(engine: Engine, backup_dir: Path, reason: str) -> Path | None:
    """Copy the SQLite database with the online backup API (consistent even in WAL mode)."""
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return None
    source = Path(engine.url.database)
    if not source.exists() or source.stat().st_size == 0:
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / f"{source.stem}-{reason}-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def migrate(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to the newest revision; the database is backed up first if anything runs
    (a SQLite file copy; on PostgreSQL a portable dump, storage/backup.py).

    On PostgreSQL several PCs may start at once: the migration runs under an advisory lock and the
    revision is read again under it, so it runs exactly once (issue 7)."""
    written = _written_head()
    if written is not None and _stored_revision(engine) == written:
        return None  # at the head: nothing to run, Alembic not even imported
    from alembic.runtime.migration import MigrationContext

    head = head_revision(engine)
    current = current_revision(engine)
    if current == head:
        return None
    copy = None
    if backup_dir is not None and current is not None:
        copy = backup_sqlite_file(engine, backup_dir, f"before-migration-{current}")
        if copy is None and engine.url.get_backend_name() == "postgresql":
            from wuye_desktop.storage.backup import dump

            now = datetime.now()
            copy = dump(engine, backup_dir / f"server-before-migration-{current}-{now:%Y%m%d-%H%M%S}.zip", now).path
    with engine.begin() as conn:
        lock_for_schema_change(conn)
        if MigrationContext.configure(conn).get_current_revision() == head:
            return copy  # another PC migrated while this one waited
        upgrade_on(conn, engine, "head")
    return copy


# One advisory-lock key for every schema change of this program on a PostgreSQL server.
_SCHEMA_LOCK = 7_041_926_003


def lock_for_schema_change(conn: Connection) -> None:
    """Serialise migrations and restores between PCs (PostgreSQL; SQLite locks the file itself)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SCHEMA_LOCK})


def upgrade_on(conn: Connection, engine: Engine, revision: str) -> None:
    """Run the migrations up to ``revision`` on ``conn`` (inside the caller's transaction)."""
    from alembic import command

    cfg = _alembic_config(engine)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def known_revisions(engine: Engine) -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config(engine)).walk_revisions()}

