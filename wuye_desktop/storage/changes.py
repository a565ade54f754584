"""PostgreSQL LISTEN/NOTIFY between PCs (issue 7): every saving transaction announces the tables it
changed on the ``wuye_changes`` channel, and a listener on its own connection hears other PCs' saves.

``announce`` is called by the audit trail (storage/audit.py), which already runs in every saving
transaction: PostgreSQL delivers a NOTIFY only when its transaction commits (never on rollback), so
a listener is never woken for a save that did not happen. The payload names the schema (one server
may hold several offices, or the tests' schemas) and the program instance that saved, so a PC can
ignore its own saves. SQLite has no such thing: there the lists keep polling the audit trail.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

CHANNEL = "wuye_changes"
_ANNOUNCED = "changes_announced"  # session.info key: tables already announced in this transaction

log = logging.getLogger(__name__)


def announce(session: Session, connection: Connection, origin: str, tables: Iterable[str]) -> None:
    """Queue a notification of ``tables`` (once per table and transaction) on PostgreSQL."""
    if connection.dialect.name != "postgresql":
        return
    sent: set[str] = session.info.setdefault(_ANNOUNCED, set())
    new = sorted({t for t in tables if t} - sent)
    if not new:
        return
    sent.update(new)
    # current_schema() is taken on the server: it is what the saving session really wrote into.
    connection.execute(
        text("SELECT pg_notify(:channel, json_build_object('s', current_schema(), 'o', CAST(:origin AS text), "
             "'t', CAST(:tables AS text))::text)"),
        {"channel": CHANNEL, "origin": origin, "tables": ",".join(new)[:7000]})


def forget_announced(session: Session) -> None:
    """At the end of a transaction: the next one announces its tables afresh."""
    session.info.pop(_ANNOUNCED, None)


@dataclass(frozen=True)
class Notice:
    schema: str
    origin: str
    tables: tuple[str, ...]


def _parse(payload: str) -> Notice | None:
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    tables = tuple(t for t in str(data.get("t") or "").split(",") if t)
    return Notice(str(data.get("s") or ""), str(data.get("o") or ""), tables)


class NoticeListener:
    """A dedicated autocommit psycopg connection LISTENing on the channel. Not thread-safe: one
    thread calls ``wait`` and ``close``. A dropped connection raises from ``wait`` (the caller
    reconnects by making a new listener)."""

    def __init__(self, engine: Engine) -> None:
        import psycopg

        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        cparams.pop("context", None)
        cparams.setdefault("connect_timeout", 10)
        # A listener idles for hours: TCP keepalives notice a silently vanished server in about a
        # minute, so the lists fall back to polling instead of waiting forever.
        cparams.setdefault("keepalives", 1)
        cparams.setdefault("keepalives_idle", 30)
        cparams.setdefault("keepalives_interval", 10)
        cparams.setdefault("keepalives_count", 3)
        cparams.setdefault("application_name", "wuye_desktop listener")
        self._conn: Any = psycopg.connect(*cargs, autocommit=True, **cparams)
        try:
            row = self._conn.execute("SELECT current_schema()").fetchone()
            self.schema = str(row[0] if row else "")
            self._conn.execute(f"LISTEN {CHANNEL}")
        except Exception:
            self._conn.close()
            raise

    def wait(self, timeout: float) -> list[Notice]:
        """Notices of this schema that arrive within ``timeout`` seconds (returns at the first ones)."""
        payloads = [n.payload for n in self._conn.notifies(timeout=timeout, stop_after=1)]
        if payloads:  # a burst of saves: take what else is already there
            payloads.extend(n.payload for n in self._conn.notifies(timeout=0.01))
        notices = [_parse(p) for p in payloads]
        return [n for n in notices if n is not None and n.schema == self.schema]

    def close(self) -> None:
        try:
            self._conn.close()
        except Exception:  # noqa: BLE001 — closing a dead connection
            log.debug("listener close failed", exc_info=True)

    @property
    def backend_pid(self) -> int:
        """The server process of this connection (tests cut it to see the reconnection)."""
        return int(self._conn.info.backend_pid)
