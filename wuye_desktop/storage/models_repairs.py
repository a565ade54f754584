"""ORM rows of the repairs & equipment area (篇1): work orders, equipment, defects, accidents, plans,
stock, outsourced works and the safety log. Dialect-neutral; money in fen, labour in minutes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wuye_desktop.storage.models import Base


class WorkOrderRow(Base):
    """A repair request and the work order that fixes it (请修记录 / 维修派工单)."""

    __tablename__ = "work_order"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    number: Mapped[str] = mapped_column(String(40), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(8))
    client: Mapped[str] = mapped_column(String(40), default="")
    client_initials: Mapped[str] = mapped_column(String(40), default="")
    unit: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    location: Mapped[str] = mapped_column(String(80), default="")
    category: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(8))
    received_by: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(8))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), nullable=True)
    defect_id: Mapped[int | None] = mapped_column(ForeignKey("defect.id"), nullable=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), nullable=True, unique=True)
    alert_complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), nullable=True)
    technician: Mapped[str] = mapped_column(String(40), default="")
    team: Mapped[str] = mapped_column(String(40), default="")
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    appointment_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    promised_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="")
    labour_minutes: Mapped[int] = mapped_column(Integer, default=0)
    charge: Mapped[str] = mapped_column(String(4), default="免费")
    charge_fen: Mapped[int] = mapped_column(Integer, default=0)
    signed_by: Mapped[str] = mapped_column(String(40), default="")
    sign_note: Mapped[str] = mapped_column(String(500), default="")
    revisit_due: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revisited_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revisit_result: Mapped[str] = mapped_column(String(8), default="")
    # Denormalised from the deadlines so lists filter, sort and colour in SQL (as complaints do).
    next_due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    next_due_step: Mapped[str] = mapped_column(String(20), default="")
    late_steps: Mapped[str] = mapped_column(String(100), default="")
    has_late: Mapped[bool] = mapped_column(Boolean, default=False)
    open_steps: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list["WorkOrderEventRow"]] = relationship(
        back_populates="order", order_by="WorkOrderEventRow.id", cascade="all, delete-orphan")
    materials: Mapped[list["MaterialRow"]] = relationship(
        back_populates="order", order_by="MaterialRow.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_work_order_project_received", "project_id", "received_at"),
        # The list reads ids from these narrow covering indexes, newest first, then the rows by key
        # (storage/repair_queries.py; 100,000 orders in bench/bench_repairs.py).
        Index("ix_work_order_list_cover", "received_at", "id", "project_id", "state", "urgency", "technician",
              "category", "source", "has_late", "next_due_at", "device_id"),
        Index("ix_work_order_search_cover", "received_at", "id", "project_id", "client", "unit", "phone", "number",
              "subject", "location", "technician"),
        Index("ix_work_order_state", "project_id", "state", "received_at"),
        Index("ix_work_order_state_all", "state", "received_at"),
        Index("ix_work_order_next_due", "next_due_at"),
        Index("ix_work_order_initials", "client_initials", "project_id", "received_at"),
        Index("ix_work_order_unit", "unit"),
        Index("ix_work_order_technician", "technician", "received_at"),
        Index("ix_work_order_device", "device_id"),
        Index("ix_work_order_completed", "completed_at"),
    )


class WorkOrderEventRow(Base):
    __tablename__ = "work_order_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    order: Mapped[WorkOrderRow] = relationship(back_populates="events")


class MaterialRow(Base):
    """Parts a work order took from stock (negative = returned)."""

    __tablename__ = "work_order_material"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_item.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(40), default="")
    negative_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[WorkOrderRow] = relationship(back_populates="materials")


class DeviceRow(Base):
    """One device of the equipment register (设备台账)."""

    __tablename__ = "device"
    __table_args__ = (UniqueConstraint("project_id", "code"), Index("ix_device_system", "project_id", "system"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(60))
    system: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(80))
    model: Mapped[str] = mapped_column(String(60), default="")
    maker: Mapped[str] = mapped_column(String(60), default="")
    install_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    state: Mapped[str] = mapped_column(String(8))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class DeviceStateRow(Base):
    """Every state change of a device, so the intact rate of any past month can be recomputed."""

    __tablename__ = "device_state_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(8))
    by: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(500), default="")


class DeviceDocumentRow(Base):
    """A drawing, manual, certificate … of a device, copied into the data folder."""

    __tablename__ = "device_document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(200), unique=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(40), default="")


class DefectRow(Base):
    __tablename__ = "defect"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    found_at: Mapped[datetime] = mapped_column(DateTime)
    found_by: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(4))
    made_safe: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    removed_by: Mapped[str] = mapped_column(String(40), default="")
    removal_note: Mapped[str] = mapped_column(Text, default="")
    alert_complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class AccidentRow(Base):
    __tablename__ = "accident"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), nullable=True, index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(20))
    what: Mapped[str] = mapped_column(Text)
    reported_to: Mapped[str] = mapped_column(String(40), default="")
    reported_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cause: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    losses: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    alert_complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class PlanDeviceRow(Base):
    __tablename__ = "plan_device"
    plan_id: Mapped[int] = mapped_column(ForeignKey("maintenance_plan.id", ondelete="CASCADE"), primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), primary_key=True, index=True)


class PlanRow(Base):
    __tablename__ = "maintenance_plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(4))
    period: Mapped[str] = mapped_column(String(6))
    every_n: Mapped[int] = mapped_column(Integer, default=1)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    window_days: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(40), default="")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Tasks exist up to this date; generation continues from the day after.
    generated_through: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    devices: Mapped[list[PlanDeviceRow]] = relationship(cascade="all, delete-orphan")


class PlanTaskRow(Base):
    __tablename__ = "plan_task"
    __table_args__ = (UniqueConstraint("plan_id", "scheduled"),
                      Index("ix_plan_task_project_scheduled", "project_id", "scheduled"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("maintenance_plan.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    scheduled: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    done_by: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    photo_name: Mapped[str] = mapped_column(String(200), default="")
    photo_stored: Mapped[str] = mapped_column(String(200), default="")
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class ProposalRow(Base):
    """A technical upgrade proposal (技改方案)."""

    __tablename__ = "upgrade_proposal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    plan: Mapped[str] = mapped_column(Text)
    cost_fen: Mapped[int] = mapped_column(Integer, default=0)
    proposed_by: Mapped[str] = mapped_column(String(40))
    proposed_on: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(6))
    decided_by: Mapped[str] = mapped_column(String(40), default="")
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class OutsourcedWorkRow(Base):
    __tablename__ = "outsourced_work"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    contractor: Mapped[str] = mapped_column(String(80))
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    scope: Mapped[str] = mapped_column(Text, default="")
    supervisor: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(4))
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    checks: Mapped[list["QualityCheckRow"]] = relationship(
        order_by="QualityCheckRow.checked_at", cascade="all, delete-orphan")


class QualityCheckRow(Base):
    __tablename__ = "quality_check"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("outsourced_work.id", ondelete="CASCADE"), index=True)
    checked_at: Mapped[datetime] = mapped_column(DateTime)
    checked_by: Mapped[str] = mapped_column(String(40))
    items: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    result: Mapped[str] = mapped_column(String(10))
    rectification: Mapped[str] = mapped_column(Text, default="")
    rectify_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    verified_by: Mapped[str] = mapped_column(String(40), default="")
    verify_note: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class StockItemRow(Base):
    """A tool, instrument, spare part or drawing set kept by the supervisor (篇1 §6)."""

    __tablename__ = "stock_item"
    __table_args__ = (UniqueConstraint("project_id", "code"), Index("ix_stock_item_kind", "project_id", "kind"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    kind: Mapped[str] = mapped_column(String(6))
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(60))
    spec: Mapped[str] = mapped_column(String(60), default="")
    unit: Mapped[str] = mapped_column(String(8))
    location: Mapped[str] = mapped_column(String(60))
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    reorder_level: Mapped[int] = mapped_column(Integer, default=0)
    calibration_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class StockMovementRow(Base):
    __tablename__ = "stock_movement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_item.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(8))
    balance: Mapped[int] = mapped_column(Integer)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id"), nullable=True)
    by: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(500), default="")


class LoanRow(Base):
    __tablename__ = "tool_loan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_item.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    borrower: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(200), default="")
    lent_at: Mapped[datetime] = mapped_column(DateTime)
    lent_by: Mapped[str] = mapped_column(String(40), default="")
    due_back: Mapped[date] = mapped_column(Date)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    returned_to: Mapped[str] = mapped_column(String(40), default="")
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class CalibrationRow(Base):
    __tablename__ = "calibration"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_item.id", ondelete="CASCADE"), index=True)
    calibrated_on: Mapped[date] = mapped_column(Date)
    next_due: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(500), default="")


class SafetyRecordRow(Base):
    """Unsafe work stopped (篇1 §4)."""

    __tablename__ = "safety_record"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    place: Mapped[str] = mapped_column(String(80))
    who: Mapped[str] = mapped_column(String(80))
    what: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)
    stopped_by: Mapped[str] = mapped_column(String(40))
    follow_up: Mapped[str] = mapped_column(Text, default="")
