"""The embedded SQLite file is opened safely: WAL, foreign keys and a busy timeout on every connection."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from wuye_desktop.services.container import Services


def test_every_connection_gets_wal_foreign_keys_and_a_busy_timeout(services: Services) -> None:
    # Two connections at once: the pragmas come from the engine's connect hook, not from luck.
    with services.engine.connect() as a, services.engine.connect() as b:
        for conn in (a, b):
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
    assert services.paths.database.exists()


def test_foreign_keys_are_enforced(services: Services) -> None:
    with pytest.raises(IntegrityError):
        with services.engine.begin() as conn:
            conn.execute(text("INSERT INTO complaint_event (complaint_id, action, at, by, note, data, recorded_at) "
                              "VALUES (999, '受理', :t, '', '', '{}', :t)"), {"t": datetime(2026, 9, 24, 9, 0)})


def test_a_reader_does_not_block_a_writer(services: Services) -> None:
    """WAL: a clerk reading the list while another saves does not get 「database is locked」."""
    with services.engine.connect() as reader:
        reader.execute(text("BEGIN"))
        assert reader.execute(text("SELECT count(*) FROM project")).scalar() == 1
        services.settings.save_project("金融大厦", "JR", 86)
        # The reader's snapshot is unchanged until it ends its transaction.
        assert reader.execute(text("SELECT count(*) FROM project")).scalar() == 1
        reader.execute(text("COMMIT"))
        assert reader.execute(text("SELECT count(*) FROM project")).scalar() == 2
