"""ORM rows (SQLAlchemy 2, dialect-neutral: the same models run on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class SettingRow(Base):
    """Company-wide settings as key/value pairs (company name, grouping window, …)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking (issue 7): a save naming an older version is refused, never silently overwrites.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class ProjectRow(Base):
    """A management office (管理处) of the company."""

    __tablename__ = "project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    households: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Optimistic locking (issue 7): a save naming an older version is refused, never silently overwrites.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class DepartmentRow(Base):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Optimistic locking (issue 7): a save naming an older version is refused, never silently overwrites.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class StaffRow(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), nullable=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), nullable=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    department: Mapped[DepartmentRow | None] = relationship(lazy="joined")
    # Optimistic locking (issue 7): a save naming an older version is refused, never silently overwrites.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class CalendarEntryRow(Base):
    """A day the office entered: 放假 (workday False) or 调休上班 (workday True)."""

    __tablename__ = "calendar_entry"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(80), default="")


class CalendarYearRow(Base):
    """A year whose published schedule the office has entered completely."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)


class ComplaintRow(Base):
    __tablename__ = "complaint"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    number: Mapped[str] = mapped_column(String(40), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    complainant: Mapped[str] = mapped_column(String(40))
    complainant_initials: Mapped[str] = mapped_column(String(40), default="")
    unit: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(20))
    first_responder: Mapped[str] = mapped_column(String(40), default="")
    department: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(12))
    remarks: Mapped[str] = mapped_column(Text, default="")
    # Denormalised from the events so lists filter and sort in SQL.
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revisit_due: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revisited_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revisit_result: Mapped[str] = mapped_column(String(8), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    next_due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    next_due_step: Mapped[str] = mapped_column(String(20), default="")
    # Steps done late (fixed once done) and the open steps with their due times (JSON list).
    late_steps: Mapped[str] = mapped_column(String(200), default="")
    has_late: Mapped[bool] = mapped_column(Boolean, default=False)
    open_steps: Mapped[list] = mapped_column(JSON, default=list)
    emergency_active: Mapped[bool] = mapped_column(Boolean, default=False)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list["ComplaintEventRow"]] = relationship(
        back_populates="complaint", order_by="ComplaintEventRow.at", cascade="all, delete-orphan")
    attachments: Mapped[list["AttachmentRow"]] = relationship(
        back_populates="complaint", order_by="AttachmentRow.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_complaint_project_received", "project_id", "received_at"),
        Index("ix_complaint_received", "received_at"),
        Index("ix_complaint_state", "project_id", "state", "received_at"),
        Index("ix_complaint_next_due", "next_due_at"),
        # Migration 0002: the pinyin-initials search reads this index alone (zs → 张三).
        Index("ix_complaint_initials", "complainant_initials", "project_id", "received_at"),
        Index("ix_complaint_unit", "unit"),
        Index("ix_complaint_phone", "phone"),
        # Migration 0002: 「我的首问案件」 (篇2 §8) and state + category filters count from these alone.
        Index("ix_complaint_first_responder", "first_responder", "project_id", "received_at"),
        Index("ix_complaint_category", "project_id", "category", "state", "received_at"),
        Index("ix_complaint_department", "project_id", "department", "received_at"),
        Index("ix_complaint_emergency", "emergency_active"),
        # Migration 0002: covering indexes of the complaint list — every filter column, and every
        # searched column, beside the list's order (received_at, id) — so filters, searches and
        # counts over 300,000 rows read an index instead of the wide rows (bench/bench_complaints.py).
        Index("ix_complaint_list_cover", "project_id", "received_at", "id", "state", "kind", "category",
              "department", "first_responder", "has_late", "next_due_at", "emergency_active", "channel"),
        Index("ix_complaint_search_cover", "project_id", "received_at", "id", "complainant", "unit", "phone",
              "number", "subject"),
        Index("ix_complaint_project_next_due", "project_id", "next_due_at"),
        Index("ix_complaint_state_all", "state", "received_at"),  # company-wide state filters
    )


class ComplaintEventRow(Base):
    __tablename__ = "complaint_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    complaint: Mapped[ComplaintRow] = relationship(back_populates="events")


class AttachmentRow(Base):
    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(200), unique=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(40), default="")
    complaint: Mapped[ComplaintRow] = relationship(back_populates="attachments")


class NumberSequenceRow(Base):
    """Per-project, per-year counters for case numbers (TS-2026-000123)."""

    __tablename__ = "number_sequence"
    __table_args__ = (UniqueConstraint("scope", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)
