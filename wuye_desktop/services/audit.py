"""Reading the audit trail (filters, pages, the Excel export), the recycle bin, "what changed meanwhile"
for a conflicting save, and the cheap change marker other PCs poll (issue 7).

The trail is written by storage/audit.py; nothing here can change or delete a line of it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from wuye_desktop.domain.auth import Permission
from wuye_desktop.domain.errors import DomainError, NotFoundError
from wuye_desktop.services.audit_labels import column_label, table_label
from wuye_desktop.services.clock import Clock
from wuye_desktop.storage import audit as trail
from wuye_desktop.storage.models_auth import AuditLogRow, RecycleBinRow
from wuye_desktop.storage.schema import Base
from wuye_desktop.storage.uow import UowFactory

Authorize = Callable[[Permission], None]

# Which screen a table belongs to, for ``ctx.data_changed(area)`` when another PC saved something.
AREA_PREFIXES: tuple[tuple[str, str], ...] = (
    ("complaint_link", "archives"), ("complaint", "complaints"), ("attachment", "complaints"),
    ("work_order", "repairs"), ("device", "repairs"), ("defect", "repairs"), ("accident", "repairs"),
    ("maintenance_plan", "repairs"), ("plan_", "repairs"), ("upgrade_proposal", "repairs"),
    ("outsourced_work", "repairs"), ("quality_check", "repairs"), ("stock_", "repairs"), ("tool_loan", "repairs"),
    ("calibration", "repairs"), ("safety_record", "repairs"), ("revisit_", "revisits"), ("archive_", "archives"),
    ("form_record", "archives"), ("setting", "settings"), ("project", "settings"), ("department", "settings"),
    ("staff", "settings"), ("calendar_", "settings"), ("app_user", "users"),
)


def area_of(table: str) -> str | None:
    for prefix, area in AREA_PREFIXES:
        if table.startswith(prefix):
            return area
    return None


@dataclass(frozen=True)
class AuditFilter:
    day_from: date | None = None
    day_to: date | None = None
    actor: str = ""
    table: str = ""        # a table name ("complaint"), "" for all
    action: str = ""
    text: str = ""         # in the record number, the old or new value or the note


@dataclass(frozen=True)
class AuditEntryView:
    id: int
    at: datetime
    actor: str
    action: str
    table: str             # Chinese
    table_name: str
    record_id: str
    field: str             # Chinese
    old: str
    new: str
    note: str
    origin: str


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditEntryView, ...]
    total: int


@dataclass(frozen=True)
class DeletedItem:
    table: str
    record_id: str
    summary: str


@dataclass(frozen=True)
class DeletedGroup:
    """Everything one save deleted: restored together."""

    txn: str
    deleted_at: datetime
    deleted_by: str
    items: tuple[DeletedItem, ...]

    @property
    def title(self) -> str:
        first = self.items[0]
        more = f" 等{len(self.items)}条" if len(self.items) > 1 else ""
        return f"{first.table} #{first.record_id}{more}"


def _readable(text: str) -> str:
    """A row's JSON (column → value) with Chinese column names."""
    if not text.startswith("{"):
        return text
    try:
        values = json.loads(text)
    except ValueError:
        return text
    if not isinstance(values, dict):
        return text
    return "；".join(f"{column_label(k)}：{v}" for k, v in values.items())


def _json(text: str) -> dict[str, str]:
    try:
        values = json.loads(text) if text.startswith("{") else {}
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def _entry(r: AuditLogRow) -> AuditEntryView:
    return AuditEntryView(r.id, r.at, r.actor, r.action, table_label(r.table_name) if r.table_name else "",
                          r.table_name, r.record_id, column_label(r.field), _readable(r.old), _readable(r.new),
                          r.note, r.origin)


class AuditService:
    EXPORT_LIMIT = 200_000

    def __init__(self, uow: UowFactory, clock: Clock, authorize: Authorize) -> None:
        self._uow = uow
        self._clock = clock
        self._authorize = authorize

    # --- reading ---------------------------------------------------------------------------------------
    def _query(self, f: AuditFilter) -> Select[AuditLogRow]:
        a = AuditLogRow
        stmt = select(a)
        if f.day_from:
            stmt = stmt.where(a.at >= datetime.combine(f.day_from, time.min))
        if f.day_to:
            stmt = stmt.where(a.at < datetime.combine(f.day_to + timedelta(days=1), time.min))
        if f.actor.strip():
            stmt = stmt.where(a.actor == f.actor.strip())
        if f.table:
            stmt = stmt.where(a.table_name == f.table)
        if f.action:
            stmt = stmt.where(a.action == f.action)
        if f.text.strip():
            like = f"%{f.text.strip()}%"
            stmt = stmt.where(or_(a.record_id == f.text.strip(), a.old.like(like), a.new.like(like), a.note.like(like)))
        return stmt

    def page(self, f: AuditFilter, offset: int = 0, limit: int = 200) -> AuditPage:
        """Newest first."""
        self._authorize(Permission.VIEW_AUDIT)
        stmt = self._query(f)
        with self._uow() as uow:
            s = uow.session
            total = int(s.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
            rows = s.scalars(stmt.order_by(AuditLogRow.id.desc()).offset(offset).limit(limit))
            return AuditPage(tuple(_entry(r) for r in rows), total)

    def actors(self) -> list[str]:
        self._authorize(Permission.VIEW_AUDIT)
        with self._uow() as uow:
            return sorted(a for a in uow.session.scalars(select(AuditLogRow.actor).distinct()) if a)

    def tables(self) -> list[tuple[str, str]]:
        """(table name, Chinese name) of every table that appears in the trail."""
        self._authorize(Permission.VIEW_AUDIT)
        with self._uow() as uow:
            names = [t for t in uow.session.scalars(select(AuditLogRow.table_name).distinct()) if t]
        return sorted(((n, table_label(n)) for n in names), key=lambda p: p[1])

    def record_history(self, table: str, record_id: int | str) -> list[AuditEntryView]:
        self._authorize(Permission.VIEW_AUDIT)
        with self._uow() as uow:
            rows = uow.session.scalars(select(AuditLogRow).where(
                AuditLogRow.table_name == table, AuditLogRow.record_id == str(record_id)).order_by(AuditLogRow.id))
            return [_entry(r) for r in rows]

    def export(self, f: AuditFilter, out: Path, progress: Callable[[int, int, str], None] | None = None) -> int:
        """The filtered trail as a workbook (newest first); the export itself is logged."""
        from wuye_desktop.export.xlsx_complaints import Column, write_complaint_list

        self._authorize(Permission.VIEW_AUDIT)
        columns = (Column("时间", 18, "datetime"), Column("操作人", 10), Column("操作", 8), Column("数据", 14),
                   Column("记录编号", 9), Column("字段", 12), Column("原值", 36), Column("新值", 36),
                   Column("说明", 20), Column("电脑", 18))
        with self._uow() as uow:
            s = uow.session
            stmt = self._query(f)
            total = min(int(s.scalar(select(func.count()).select_from(stmt.subquery())) or 0), self.EXPORT_LIMIT)
            rows = (_entry(r) for r in s.scalars(stmt.order_by(AuditLogRow.id.desc()).limit(self.EXPORT_LIMIT)))
            values = ([e.at, e.actor, e.action, e.table, e.record_id, e.field, e.old, e.new, e.note, e.origin]
                      for e in rows)
            span = f"{f.day_from or '最早'} 至 {f.day_to or '今天'}"
            count = write_complaint_list(out, "审计日志", f"范围：{span}　导出时间：{self._clock():%Y-%m-%d %H:%M}",
                                         values, columns, total, progress, sheet_title="审计日志")
        with self._uow() as uow:
            trail.write(uow.session, "导出", f"导出审计日志 {count} 条到 {out.name}", table="audit_log")
            uow.commit()
        return count

    def log_export(self, what: str, count: int, out: Path | str, *, whole_personal_data: bool) -> None:
        """An export of personal data (whole ID numbers or phones) is a fact of the trail (PIPL)."""
        amount = f" {count} 条" if count else ""
        note = f"导出{what}{amount}到 {Path(str(out)).name}" + ("（含完整个人资料）" if whole_personal_data else "")
        with self._uow() as uow:
            trail.write(uow.session, "导出", note)
            uow.commit()

    # --- conflicts: what another clerk saved meanwhile ----------------------------------------------------
    def _since(self, table: str, record_id: int | str, version: int) -> list[tuple[AuditEntryView, str, str, str]]:
        """(entry, raw action, raw field, raw new value) of every line after ``version``."""
        a = AuditLogRow
        with self._uow() as uow:
            s = uow.session
            start = s.scalar(select(func.min(a.id)).where(
                a.table_name == table, a.record_id == str(record_id), a.field == "version", a.old == str(version)))
            if start is None:
                return []
            txns = list(dict.fromkeys(s.scalars(select(a.txn).where(
                a.table_name == table, a.record_id == str(record_id), a.id >= start).order_by(a.id))))
            return [(_entry(r), r.action, r.field, r.new)
                    for r in s.scalars(select(a).where(a.txn.in_(txns)).order_by(a.id))]

    def changes_since(self, table: str, record_id: int | str, version: int) -> list[AuditEntryView]:
        """The lines of every save of the record after its version ``version`` (oldest first),
        including rows those saves added elsewhere (a case's new event). Needs no permission: a
        clerk sees what happened to the record in front of them."""
        return [e for e, *_ in self._since(table, record_id, version)]

    def describe_changes(self, table: str, record_id: int | str, version: int, limit: int = 8) -> str:
        """Plain Chinese lines for a message box: who saved what, when (steps of a case by name)."""
        lines = []
        for e, action, field_name, raw_new in self._since(table, record_id, version):
            if field_name == "version" or action not in (trail.INSERT, trail.UPDATE, trail.DELETE):
                continue
            when = f"{e.at:%m-%d %H:%M} {e.actor}"
            if action == trail.INSERT:
                values = _json(raw_new)
                if "action" in values:  # a step of the case (complaint_event, work_order_event)
                    by = f"，经办人{values['by']}" if values.get("by") else ""
                    lines.append(f"{when} 记录了「{values['action']}」{by}")
                else:
                    lines.append(f"{when} 新增{e.table}")
            elif action == trail.UPDATE:
                lines.append(f"{when} 把「{e.field}」由「{e.old[:30]}」改为「{e.new[:30]}」")
            else:
                lines.append(f"{when} 删除了{e.table}")
        if len(lines) > limit:
            lines = ["……（更早的修改从略）"] + lines[-limit:]
        return "\n".join(lines)

    # --- change marker for the other PCs -----------------------------------------------------------------
    def recent(self, after_id: int) -> list[tuple[int, str, str]]:
        """(id, table, origin) of lines with id > ``after_id`` (the change poll; an index read)."""
        a = AuditLogRow
        with self._uow() as uow:
            return [(int(i), t, o) for i, t, o in uow.session.execute(
                select(a.id, a.table_name, a.origin).where(a.id > after_id).order_by(a.id).limit(5000))]

    def last_id(self) -> int:
        with self._uow() as uow:
            return int(uow.session.scalar(select(func.max(AuditLogRow.id))) or 0)

    # --- the recycle bin ----------------------------------------------------------------------------------
    def deleted(self, limit: int = 300) -> list[DeletedGroup]:
        """Saves that deleted rows still waiting in the bin, newest first."""
        self._authorize(Permission.RESTORE_DELETED)
        b = RecycleBinRow
        with self._uow() as uow:
            s = uow.session
            txns = list(s.execute(select(b.txn, func.max(b.id)).where(b.restored_at.is_(None))
                                  .group_by(b.txn).order_by(func.max(b.id).desc()).limit(limit)))
            groups = []
            for txn, _ in txns:
                rows = list(s.scalars(select(b).where(b.txn == txn, b.restored_at.is_(None)).order_by(b.id)))
                groups.append(DeletedGroup(txn, rows[0].deleted_at, rows[0].deleted_by, tuple(
                    DeletedItem(table_label(r.table_name), r.record_id, r.summary) for r in rows)))
            return groups

    def restore_deleted(self, txn: str) -> int:
        """Put back everything one save deleted (a case with its events), logged as 恢复."""
        self._authorize(Permission.RESTORE_DELETED)
        order = [t.name for t in Base.metadata.sorted_tables]
        with self._uow() as uow:
            try:
                done = trail.restore_deleted(uow.session, txn, dict(Base.metadata.tables), order)
            except LookupError as exc:
                raise NotFoundError("回收站中没有这条记录（可能已被恢复或永久删除）") from exc
            except ValueError as exc:
                raise DomainError(str(exc)) from exc
            uow.commit()
            return len(done)

    def purge_deleted(self, txn: str) -> int:
        """Empty one entry of the bin for good: the administrator's alone (issue 7)."""
        self._authorize(Permission.PURGE_DELETED)
        b = RecycleBinRow
        with self._uow() as uow:
            s = uow.session
            rows = list(s.scalars(select(b).where(and_(b.txn == txn, b.restored_at.is_(None)))))
            if not rows:
                raise NotFoundError("回收站中没有这条记录")
            for r in rows:
                trail.write(s, "永久删除", f"从回收站永久删除：{r.summary[:100]}", table=r.table_name,
                            record_id=r.record_id)
                s.delete(r)
            uow.commit()
            return len(rows)


def log_exports_of(audit: AuditService, owner: object, method: str, what: str) -> None:
    """Make every successful call of ``owner.method`` (an export whose rows carry whole phone numbers
    or names) write a line to the trail — issue 7: every export containing whole personal data is
    logged — without touching the area's own service. The count is the method's int result, if any."""
    original = getattr(owner, method)

    @functools.wraps(original)
    def logged(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        out = kwargs.get("out") or next((a for a in args if isinstance(a, Path)), "")
        count = result if isinstance(result, int) and not isinstance(result, bool) else 0
        audit.log_export(what, count, out, whole_personal_data=True)
        return result

    setattr(owner, method, logged)
