"""The audit trail, generic: every inserted, changed or deleted mapped row is written to ``audit_log``
by a session event inside the same transaction, so a save and its trail commit or vanish together.

* ``after_flush`` sees every ORM change (new/dirty/deleted objects, attribute history, the ids of
  new rows) and writes the lines with one Core INSERT on the flush's own connection.
* ``do_orm_execute`` sees bulk statements run through the session (``insert(...)`` of a ledger
  import, ``delete(...).where(...)``): an INSERT is summarised in one line (a 10,000-row import
  must stay fast); the rows a DELETE or UPDATE is about to touch are read first and logged one by one.
* Every deleted row is also kept whole, as tagged JSON, in ``recycle_bin`` (soft delete without a
  ``deleted_at`` column in every table): ``restore_deleted`` puts back all rows of one save.
* On PostgreSQL the tables written are also announced to other PCs (storage/changes.py, NOTIFY),
  delivered by the server only when the transaction commits.

Who: ``AuditContext.actor`` (the logged-in user, set by services/auth.py) unless a ``acting_as``
block overrides it; when: ``AuditContext.clock`` (the services' clock). Left out on purpose: the
trail itself, the recycle bin, the archives' own access log (already a log), the complaint's list
columns that are recomputed from its events on every step (``_refresh``), ``updated_at`` stamps;
password hashes are never written, only the fact that they changed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, event, insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.orm.base import NO_VALUE

from wuye_desktop.storage.changes import announce, forget_announced
from wuye_desktop.storage.models_auth import AuditLogRow, RecycleBinRow

AUDIT_TABLE = cast(Table, AuditLogRow.__table__)
BIN_TABLE = cast(Table, RecycleBinRow.__table__)

# --- what is logged ----------------------------------------------------------------------------------

EXCLUDED_TABLES = frozenset({"audit_log", "recycle_bin", "archive_access_log", "alembic_version"})
SECRET_COLUMNS = frozenset({"password_hash"})
SKIPPED_COLUMNS: dict[str, frozenset[str]] = {
    # Stamps and keys derived from other columns (list deadlines, search keys): recomputed by the
    # services on every save of the row, they would bury the real changes.
    "*": frozenset({"updated_at", "open_steps", "next_due_at", "next_due_step", "late_steps", "has_late",
                    "search_text", "phone_digits", "unit_key", "client_initials", "complainant_initials"}),
    # Recomputed from the events by ComplaintService._refresh on every step: the events themselves
    # are logged, these would bury them.
    "complaint": frozenset({"complainant_initials", "dispatched_at", "completed_at", "revisit_due",
                            "revisited_at", "revisit_result", "closed_at", "next_due_at", "next_due_step",
                            "late_steps", "has_late", "open_steps", "emergency_active"}),
}

INSERT, UPDATE, DELETE = "新增", "修改", "删除"
BULK_INSERT, BULK_UPDATE = "批量新增", "批量修改"
RESTORE = "恢复"
ACTIONS = (INSERT, UPDATE, DELETE, BULK_INSERT, BULK_UPDATE, RESTORE, "登录", "登录失败", "退出", "导出",
           "备份", "从备份恢复", "永久删除")

SYSTEM_ACTOR = "系统"


def _system_clock() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass
class AuditContext:
    """Shared by every session of one set of services: the clock and the logged-in user."""

    clock: Callable[[], datetime] = _system_clock
    actor: str = ""
    # Which PC and program instance saved: the change poll skips its own lines (ui/safety/change_watch.py).
    origin: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[-80:])


_override: ContextVar[str | None] = ContextVar("wuye_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(name: str) -> Iterator[None]:
    """Within the block, changes are logged as made by ``name`` (a job, a test's second clerk)."""
    token = _override.set(name)
    try:
        yield
    finally:
        _override.reset(token)


def context_of(session: Session) -> AuditContext:
    ctx = session.info.get("audit")
    if not isinstance(ctx, AuditContext):
        ctx = AuditContext()
        session.info["audit"] = ctx
    return ctx


def actor_of(session: Session) -> str:
    return (_override.get() or context_of(session).actor or SYSTEM_ACTOR)[:40]


def install(makers: sessionmaker[Session], ctx: AuditContext) -> None:
    """Audit every session ``makers`` creates."""
    makers.configure(info={"audit": ctx})
    event.listen(makers, "after_flush", _after_flush)
    event.listen(makers, "do_orm_execute", _on_execute)
    event.listen(makers, "after_transaction_end", _after_transaction_end)


# --- values ------------------------------------------------------------------------------------------

def display(value: Any) -> str:
    """How a value reads in the trail and its workbook."""
    if value is None or value is NO_VALUE:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    if isinstance(value, bytes):
        return f"（{len(value)}字节的二进制数据）"
    return str(value)


def to_jsonable(value: Any) -> Any:
    """Tagged JSON that gives back the same Python value (recycle bin, portable backups)."""
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (dict, list)):
        return {"$j": value}
    return value


def from_jsonable(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (tag, raw), = value.items()
        if tag == "$dt":
            return datetime.fromisoformat(raw)
        if tag == "$d":
            return date.fromisoformat(raw)
        if tag == "$t":
            return time.fromisoformat(raw)
        if tag == "$dec":
            return Decimal(raw)
        if tag == "$b64":
            return base64.b64decode(raw)
        if tag == "$j":
            return raw
    return value


def _skipped(table: str, column: str) -> bool:
    return column in SKIPPED_COLUMNS["*"] or column in SKIPPED_COLUMNS.get(table, frozenset())


def _shown(table: str, column: str, value: Any) -> Any:
    return "（已设置）" if column in SECRET_COLUMNS else value


def _row_display(table: str, values: dict[str, Any]) -> str:
    return display({k: display(_shown(table, k, v)) for k, v in values.items()
                    if not _skipped(table, k) and v not in (None, "", [], {})})


# --- the session events -------------------------------------------------------------------------------

def _txn(session: Session) -> str:
    txn = session.info.get("audit_txn")
    if not txn:
        txn = uuid.uuid4().hex[:16]
        session.info["audit_txn"] = txn
    return str(txn)


def _after_transaction_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop("audit_txn", None)
        forget_announced(session)


def _written(session: Session, connection: Any, lines: list[dict[str, Any]]) -> None:
    """Lines just written: other PCs hear of their tables when this transaction commits (PostgreSQL)."""
    announce(session, connection, context_of(session).origin, (str(line.get("table_name") or "") for line in lines))


def _base(session: Session) -> dict[str, Any]:
    ctx = context_of(session)
    return {"at": ctx.clock(), "actor": actor_of(session), "txn": _txn(session), "origin": ctx.origin,
            "field": "", "old": "", "new": "", "note": "", "record_id": ""}


def _table_of(obj: Any) -> Table | None:
    table = inspect(obj).mapper.local_table
    return table if isinstance(table, Table) else None


def _record_id(mapper: Any, obj: Any) -> str:
    return ",".join(str(v) for v in mapper.primary_key_from_instance(obj))


def _column_values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if not isinstance(column.table, Table):
            continue
        value = state.dict.get(attr.key, NO_VALUE)
        if value is NO_VALUE:
            hist = state.attrs[attr.key].history
            value = (hist.deleted or hist.unchanged or [None])[0]
        values[column.name] = value
    return values


def _after_flush(session: Session, _flush_context: Any) -> None:
    lines: list[dict[str, Any]] = []
    binned: list[dict[str, Any]] = []
    base: dict[str, Any] | None = None

    def line(**kw: Any) -> None:
        nonlocal base
        base = base or _base(session)
        lines.append({**base, **kw})

    for obj in session.new:
        table = _table_of(obj)
        if table is None or table.name in EXCLUDED_TABLES:
            continue
        mapper = inspect(obj).mapper
        line(action=INSERT, table_name=table.name, record_id=_record_id(mapper, obj),
             new=_row_display(table.name, _column_values(obj)))
    for obj in session.dirty:
        table = _table_of(obj)
        if table is None or table.name in EXCLUDED_TABLES:
            continue
        state = inspect(obj)
        if state.deleted or state.was_deleted:
            continue
        record_id = _record_id(state.mapper, obj)
        touched = False
        for attr in state.mapper.column_attrs:
            column = attr.columns[0]
            if not isinstance(column.table, Table):
                continue
            hist = state.attrs[attr.key].history
            if not hist.added and not hist.deleted:
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old == new and type(old) is type(new):
                continue
            touched = True
            if _skipped(table.name, column.name):
                continue
            line(action=UPDATE, table_name=table.name, record_id=record_id, field=column.name[:60],
                 old=display(_shown(table.name, column.name, old)), new=display(_shown(table.name, column.name, new)))
        version_col = state.mapper.version_id_col
        if touched and version_col is not None:
            # The version counter is bumped by the flush itself, outside the attribute history: its
            # line lets a conflicting save find every change after the version it had opened, even a
            # save that only added a step (its list columns are not logged themselves).
            prop = state.mapper.get_property_by_column(version_col)
            new_version = state.dict.get(prop.key)
            if isinstance(new_version, int):
                line(action=UPDATE, table_name=table.name, record_id=record_id, field=version_col.name,
                     old=str(new_version - 1), new=str(new_version))
    for obj in session.deleted:
        table = _table_of(obj)
        if table is None or table.name in EXCLUDED_TABLES:
            continue
        mapper = inspect(obj).mapper
        values = _column_values(obj)
        record_id = _record_id(mapper, obj)
        line(action=DELETE, table_name=table.name, record_id=record_id, old=_row_display(table.name, values))
        binned.append(_bin_row(lines[-1], table.name, record_id, values))
    if lines:
        connection = session.connection()
        connection.execute(insert(AUDIT_TABLE), lines)
        _written(session, connection, lines)
        if binned:
            connection.execute(insert(BIN_TABLE), binned)


def _bin_row(audit_line: dict[str, Any], table: str, record_id: str, values: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps({k: to_jsonable(v) for k, v in values.items()}, ensure_ascii=False)
    summary = "、".join(display(v) for k, v in values.items()
                       if isinstance(v, str) and v and k not in SECRET_COLUMNS)[:200]
    return {"txn": audit_line["txn"], "table_name": table, "record_id": record_id, "summary": summary,
            "data": data, "deleted_at": audit_line["at"], "deleted_by": audit_line["actor"],
            "restored_at": None, "restored_by": ""}


def _statement_table(state: ORMExecuteState) -> Table | None:
    table = getattr(state.statement, "table", None)
    return table if isinstance(table, Table) else None


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = _statement_table(state)
    if table is None or table.name in EXCLUDED_TABLES:
        return
    session = state.session
    base = _base(session)
    connection = session.connection()
    if state.is_insert:
        params = state.parameters
        count = len(params) if isinstance(params, list) else 1
        connection.execute(insert(AUDIT_TABLE), [{
            **base, "action": BULK_INSERT, "table_name": table.name, "note": f"批量新增 {count} 行"}])
        _written(session, connection, [{"table_name": table.name}])
        return
    where = state.statement.whereclause  # type: ignore[attr-defined]
    query = select(table) if where is None else select(table).where(where)
    touched = [dict(r._mapping) for r in connection.execute(query)]
    if not touched:
        return
    pk = [c.name for c in table.primary_key.columns]
    lines: list[dict[str, Any]] = []
    binned: list[dict[str, Any]] = []
    for values in touched:
        record_id = ",".join(str(values[c]) for c in pk)
        if state.is_delete:
            lines.append({**base, "action": DELETE, "table_name": table.name, "record_id": record_id,
                          "old": _row_display(table.name, values)})
            binned.append(_bin_row(lines[-1], table.name, record_id, values))
        else:
            changes = getattr(state.statement, "_values", None) or {}
            for key, bind in changes.items():
                name = getattr(key, "name", str(key))
                if _skipped(table.name, name):
                    continue
                new = getattr(bind, "value", None)
                lines.append({**base, "action": BULK_UPDATE, "table_name": table.name, "record_id": record_id,
                              "field": name[:60], "old": display(_shown(table.name, name, values.get(name))),
                              "new": display(_shown(table.name, name, new))})
    if lines:
        connection.execute(insert(AUDIT_TABLE), lines)
        _written(session, connection, lines)
    if binned:
        connection.execute(insert(BIN_TABLE), binned)


# --- explicit lines (login, export, backup) -------------------------------------------------------------

def write(session: Session, action: str, note: str, *, table: str = "", record_id: str = "",
          actor: str | None = None, field: str = "", old: str = "", new: str = "") -> None:
    """A fact that is not a row change (a login, an export of personal data, a backup)."""
    row = {**_base(session), "action": action[:12], "table_name": table[:60], "record_id": record_id[:60],
           "field": field[:60], "old": old, "new": new, "note": note}
    if actor is not None:
        row["actor"] = (actor or SYSTEM_ACTOR)[:40]
    session.connection().execute(insert(AUDIT_TABLE), [row])
    _written(session, session.connection(), [row])


# --- the recycle bin --------------------------------------------------------------------------------------

def restore_deleted(session: Session, txn: str, tables: dict[str, Table], order: list[str]) -> list[tuple[str, str]]:
    """Put back every row deleted by the save ``txn``; parents first. Returns (table, record id) pairs.

    Raises LookupError when nothing of ``txn`` is waiting in the bin and ValueError (with a Chinese
    message) when a row with the same key exists again.
    """
    entries = list(session.scalars(select(RecycleBinRow).where(RecycleBinRow.txn == txn,
                                                               RecycleBinRow.restored_at.is_(None))))
    if not entries:
        raise LookupError(txn)
    rank = {name: i for i, name in enumerate(order)}
    entries.sort(key=lambda e: (rank.get(e.table_name, len(rank)), e.id))
    base = _base(session)
    connection = session.connection()
    done: list[tuple[str, str]] = []
    for entry in entries:
        table = tables.get(entry.table_name)
        if table is None:
            raise ValueError(f"数据表「{entry.table_name}」已不存在，不能恢复")
        values = {k: from_jsonable(v) for k, v in json.loads(entry.data).items() if k in table.c}
        pk = [table.c[c.name] == values.get(c.name) for c in table.primary_key.columns]
        if connection.execute(select(*table.primary_key.columns).where(*pk)).first() is not None:
            raise ValueError(f"记录（{entry.table_name} #{entry.record_id}）已经存在，不能重复恢复")
        connection.execute(insert(table), [values])
        connection.execute(insert(AUDIT_TABLE), [{
            **base, "action": RESTORE, "table_name": entry.table_name, "record_id": entry.record_id,
            "new": _row_display(entry.table_name, values), "note": "从回收站恢复"}])
        entry.restored_at, entry.restored_by = base["at"], base["actor"]
        done.append((entry.table_name, entry.record_id))
    _written(session, connection, [{"table_name": t} for t, _r in done])
    return done
