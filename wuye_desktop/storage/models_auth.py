"""Rows of the data-safety area: users, the append-only audit trail and the recycle bin (issue 7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wuye_desktop.storage.models import Base


class UserRow(Base):
    """A person who logs in. ``name`` is both the login name and the "who" of every event."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[str] = mapped_column(String(12))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class AuditLogRow(Base):
    """One fact of the trail: who, when, which record, which field, old → new.

    Written by storage/audit.py inside the transaction that made the change; never updated or
    deleted (database triggers refuse it, migration 0006). ``txn`` groups the lines of one save;
    ``origin`` names the PC and process so a PC can tell its own changes from another's.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(12))
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(60), default="")
    field: Mapped[str] = mapped_column(String(60), default="")
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    txn: Mapped[str] = mapped_column(String(32), default="")
    origin: Mapped[str] = mapped_column(String(80), default="")

    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_record", "table_name", "record_id", "id"),
        Index("ix_audit_log_actor", "actor", "at"),
        Index("ix_audit_log_txn", "txn"),
    )


class RecycleBinRow(Base):
    """A deleted row kept whole (tagged JSON of its columns) so that it can be put back.

    Every delete of a business row lands here in the same transaction; restoring puts back every
    row deleted by the same save (``txn``: a case with its events and attachments). Emptying the bin
    is the administrator's alone.
    """

    __tablename__ = "recycle_bin"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    txn: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[str] = mapped_column(Text)
    deleted_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_by: Mapped[str] = mapped_column(String(40), default="")
    restored_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    restored_by: Mapped[str] = mapped_column(String(40), default="")

    __table_args__ = (
        Index("ix_recycle_bin_txn", "txn"),
        Index("ix_recycle_bin_deleted", "deleted_at"),
    )
