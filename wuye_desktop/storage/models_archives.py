"""ORM rows of the client archives (篇3): units, clients, stays, employees, archive records, the 18 forms'
records, scanned files, complaint links and the access log. Dialect-neutral (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from wuye_desktop.storage.models import Base


class UnitRow(Base):
    """A unit of a project (房屋): building, entrance, floor, room; 一户一档 hangs off it."""

    __tablename__ = "archive_unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    building: Mapped[str] = mapped_column(String(20))
    entrance: Mapped[str] = mapped_column(String(20), default="")
    floor: Mapped[int] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(8))
    floor_area: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)
    label: Mapped[str] = mapped_column(String(60))
    unit_key: Mapped[str] = mapped_column(String(60))  # domain.archives.unit_key(label)
    remarks: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save naming an older version is refused, never silently overwrites.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("project_id", "unit_key", name="uq_archive_unit_key"),
        # Files are ordered by building, floor, room (common practice: 一户一档).
        Index("ix_archive_unit_order", "project_id", "building", "floor", "room"),
    )


class ClientRow(Base):
    """A client: a person or a company (商住大厦: households and companies)."""

    __tablename__ = "archive_client"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    kind: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(80))
    initials: Mapped[str] = mapped_column(String(40), default="")
    id_type: Mapped[str] = mapped_column(String(20), default="")
    id_no: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone_digits: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    contact: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(120), default="")
    nature: Mapped[str] = mapped_column(String(20), default="")
    industry: Mapped[str] = mapped_column(String(40), default="")
    legal_rep: Mapped[str] = mapped_column(String(40), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    # name, units, phone digits, ID last digits and pinyin initials: what the list search reads.
    search_text: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_archive_client_initials", "initials", "project_id"),
        Index("ix_archive_client_phone", "phone_digits"),
        Index("ix_archive_client_id_no", "id_no"),
        # A search reads this index alone (name, search text) instead of the wide rows.
        Index("ix_archive_client_search", "project_id", "id", "name", "search_text"),
    )


class OccupancyRow(Base):
    """A client's stay in a unit (owner or tenant), from move-in to move-out; never deleted (退场)."""

    __tablename__ = "archive_occupancy"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("archive_unit.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("archive_client.id"), index=True)
    role: Mapped[str] = mapped_column(String(4))
    move_in: Mapped[date] = mapped_column(Date)
    move_out: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(40), default="")


class EmployeeRow(Base):
    """A client company's employee (31311 foreign staff, 31313 cards and 31316 leavers refer to them)."""

    __tablename__ = "archive_employee"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("archive_client.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    post: Mapped[str] = mapped_column(String(40), default="")
    id_type: Mapped[str] = mapped_column(String(20), default="")
    id_no: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    leave_kind: Mapped[str] = mapped_column(String(4), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EntryRow(Base):
    """One dated record of an archive (篇3 §3): a payment or deposit, a letter, a violation, a document …"""

    __tablename__ = "archive_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("archive_client.id"), nullable=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("archive_unit.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    deposit: Mapped[bool] = mapped_column(Boolean, default=False)
    returned_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reference: Mapped[str] = mapped_column(String(40), default="")
    by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_archive_entry_client", "client_id", "kind", "occurred_on"),
        Index("ix_archive_entry_unit", "unit_id", "kind", "occurred_on"),
    )


class FormRecordRow(Base):
    """One filled registration form (qms-pm-31301 … 31318): values as JSON, as the FormSpec defines them."""

    __tablename__ = "form_record"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_number: Mapped[str] = mapped_column(String(20))
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("archive_unit.id"), nullable=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("archive_client.id"), nullable=True)
    unit_text: Mapped[str] = mapped_column(String(60), default="")
    client_text: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # formspecs.to_json of the values
    # Names, unit, phones, plates, ID last digits and the names' pinyin initials (formspecs values).
    search_text: Mapped[str] = mapped_column(String(600), default="")
    registered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The date the record runs out (EXPIRY_RULES), None when it never does or has ended.
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # A reading lower than the last one (31318) or another rule the clerk confirmed, with the reason.
    confirmation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(40), default="")
    updated_by: Mapped[str] = mapped_column(String(40), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Each form's list, newest first, for one project or the whole company, with the search text beside
        # it: a page, a search and a count read this index alone (bench/bench_archives.py).
        Index("ix_form_record_list", "form_number", "id", "project_id", "search_text"),
        Index("ix_form_record_client", "client_id", "form_number"),
        Index("ix_form_record_unit", "unit_id", "form_number"),
        Index("ix_form_record_expiry", "expires_on", "form_number"),
        # A form's list filtered by 登记日期 or 到期 (本月/本年/30天内到期) reads these alone (issue 8, 0010).
        Index("ix_form_record_registered", "form_number", "project_id", "registered_on"),
        Index("ix_form_record_expires", "form_number", "project_id", "expires_on"),
    )


class FormRecordKeyRow(Base):
    """What a record refers to, for the links between forms (FORMS.md): a phone line, a plate, a parking
    space, a meter, a card, a person. ``kind`` names what ``value`` is."""

    __tablename__ = "form_record_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("form_record.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(60))

    __table_args__ = (Index("ix_form_record_key_value", "kind", "value"),)


class ArchiveAttachmentRow(Base):
    """A scanned file of an archive record or of a form record, copied into the data folder."""

    __tablename__ = "archive_attachment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("archive_entry.id", ondelete="CASCADE"),
                                                 nullable=True, index=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("form_record.id", ondelete="CASCADE"),
                                                  nullable=True, index=True)
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(200), unique=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(40), default="")


class ComplaintLinkRow(Base):
    """Which unit and client a complaint of the desk belongs to (kept here: the complaint table is the desk's).

    A row with neither unit nor client records a case the clerk looked at and could not place.
    """

    __tablename__ = "complaint_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("archive_unit.id"), nullable=True, index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("archive_client.id"), nullable=True, index=True)
    matched_by: Mapped[str] = mapped_column(String(8))  # 自动 | 人工
    linked_at: Mapped[datetime] = mapped_column(DateTime)
    linked_by: Mapped[str] = mapped_column(String(40), default="")


class AccessLogRow(Base):
    """Every view, print and export of a client's archive (篇3 §3 「使用」; PIPL)."""

    __tablename__ = "archive_access_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    what: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("archive_client.id"), nullable=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("archive_unit.id"), nullable=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), nullable=True)
    whole: Mapped[bool] = mapped_column(Boolean, default=False)  # personal data shown unmasked

    __table_args__ = (
        Index("ix_archive_access_at", "at"),
        Index("ix_archive_access_client", "client_id", "at"),
    )
