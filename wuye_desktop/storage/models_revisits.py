"""ORM rows of the revisits area (篇4): revisit tasks, the visit programme, questionnaires,
opinions to handle, suggestions and peer visits. Every record belongs to a project (管理处)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wuye_desktop.domain.revisits import TaskState
from wuye_desktop.storage.models import Base, ComplaintRow
from wuye_desktop.storage.models_repairs import WorkOrderRow


# The late tasks' condition, written as SQL once: the partial index and the list's filter must say the same.
LATE_TASK_SQL = f"state = '{TaskState.DONE.value}' AND done_at > due_at"


class RevisitTaskRow(Base):
    """The revisit of one completed pass (cycle) of a complaint or of a customer's work order (篇2 §5、§7):
    exactly one of ``complaint_id`` / ``work_order_id`` is set (migration 0007)."""

    __tablename__ = "revisit_task"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"), nullable=True)
    cycle: Mapped[int] = mapped_column(Integer, default=0)  # 0, or the pass after the n-th reopen
    completed_at: Mapped[datetime] = mapped_column(DateTime)  # the completion report: the clock starts
    due_at: Mapped[datetime] = mapped_column(DateTime)
    assignee: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(8))
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    visitor: Mapped[str] = mapped_column(String(40), default="")
    method: Mapped[str] = mapped_column(String(8), default="")
    satisfaction: Mapped[str] = mapped_column(String(8), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(String(12), default="")
    follow_up_complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaint.id", ondelete="SET NULL"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    # Lets a task be created for a case not flushed yet (the desk's bulk ledger import).
    complaint: Mapped[ComplaintRow | None] = relationship(foreign_keys=[complaint_id])
    # A work order's revisit (the repairs area's 待回访 step), its pass counted by 返修 (cycle).
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id", ondelete="CASCADE"), nullable=True)
    work_order: Mapped[WorkOrderRow | None] = relationship(foreign_keys=[work_order_id])

    __table_args__ = (
        UniqueConstraint("complaint_id", "cycle", name="uq_revisit_task_complaint_cycle"),
        UniqueConstraint("work_order_id", "cycle", name="uq_revisit_task_work_order_cycle"),
        Index("ix_revisit_task_project_due", "project_id", "due_at"),
        Index("ix_revisit_task_state_due", "state", "due_at"),
        Index("ix_revisit_task_done", "done_at"),
        # 「超时回访」: only the tasks revisited after their due time (migration 0011).
        Index("ix_revisit_task_late", "project_id", "due_at", sqlite_where=text(LATE_TASK_SQL), postgresql_where=text(LATE_TASK_SQL)),
    )


class RevisitPlanRow(Base):
    """A plan of the visit programme for one year (篇4 二.2)."""

    __tablename__ = "revisit_plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(60))
    owner: Mapped[str] = mapped_column(String(40))
    targets: Mapped[str] = mapped_column(Text, default="")  # one household or area per line
    times_per_year: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (Index("ix_revisit_plan_project_year", "project_id", "year"),)


class VisitRow(Base):
    """A visit of the programme: a door visit, an area round, a forum (with minutes) or an event."""

    __tablename__ = "revisit_visit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("revisit_plan.id", ondelete="SET NULL"),
                                                nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(12))
    target: Mapped[str] = mapped_column(String(100), default="")
    held_at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(80), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[str] = mapped_column(String(8), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (Index("ix_revisit_visit_project_held", "project_id", "held_at"),)


class QuestionnaireRow(Base):
    __tablename__ = "revisit_questionnaire"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    intro: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    questions: Mapped[list["QuestionRow"]] = relationship(
        back_populates="questionnaire", order_by="QuestionRow.position", cascade="all, delete-orphan")


class QuestionRow(Base):
    __tablename__ = "revisit_question"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("revisit_questionnaire.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(4))
    text: Mapped[str] = mapped_column(String(200))
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    scale: Mapped[int] = mapped_column(Integer, default=5)
    questionnaire: Mapped[QuestionnaireRow] = relationship(back_populates="questions")


class ResponseRow(Base):
    """One returned questionnaire; ``answers`` maps the question id (text) to the answer."""

    __tablename__ = "revisit_response"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("revisit_questionnaire.id", ondelete="CASCADE"), index=True)
    respondent: Mapped[str] = mapped_column(String(40), default="")
    unit: Mapped[str] = mapped_column(String(40), default="")
    returned_on: Mapped[date] = mapped_column(Date)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class OpinionRow(Base):
    """An opinion, demand, suggestion, complaint or question heard anywhere, to be handled (篇4 二.1(4))."""

    __tablename__ = "revisit_opinion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    source: Mapped[str] = mapped_column(String(12))
    source_ref: Mapped[str] = mapped_column(String(100), default="")
    task_id: Mapped[int | None] = mapped_column(ForeignKey("revisit_task.id", ondelete="SET NULL"),
                                                nullable=True, index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("revisit_visit.id", ondelete="SET NULL"),
                                                 nullable=True, index=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("revisit_response.id", ondelete="SET NULL"),
                                                    nullable=True, index=True)
    heard_at: Mapped[datetime] = mapped_column(DateTime)
    resident: Mapped[str] = mapped_column(String(40), default="")
    unit: Mapped[str] = mapped_column(String(40), default="")
    category: Mapped[str] = mapped_column(String(8))
    content: Mapped[str] = mapped_column(Text)
    major: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    head: Mapped[str] = mapped_column(String(40), default="")
    instruction: Mapped[str] = mapped_column(Text, default="")
    handled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    handler: Mapped[str] = mapped_column(String(40), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ix_revisit_opinion_project_heard", "project_id", "heard_at"),
        Index("ix_revisit_opinion_handled", "handled_at"),
        Index("ix_revisit_opinion_due", "due_at"),
    )


class SuggestionRow(Base):
    """A resident's 合理化建议 and what became of it (篇4 一.4)."""

    __tablename__ = "revisit_suggestion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id", ondelete="SET NULL"),
                                                     nullable=True, unique=True)
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    proposer: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(40), default="")
    content: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    reported_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    head: Mapped[str] = mapped_column(String(40), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decision: Mapped[str] = mapped_column(String(8), default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(40), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    done_note: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    praised: Mapped[bool] = mapped_column(Boolean, default=True)  # listed for 「爱我小区」 praise
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (Index("ix_revisit_suggestion_project_proposed", "project_id", "proposed_at"),)


class PeerVisitRow(Base):
    """A peer property company's visit, received and shown round (篇4 一.7)."""

    __tablename__ = "revisit_peer_visit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    visited_on: Mapped[date] = mapped_column(Date)
    company: Mapped[str] = mapped_column(String(100))
    visitors: Mapped[str] = mapped_column(String(200), default="")
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    received_by: Mapped[str] = mapped_column(String(40))
    content: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic locking (issue 7): a save on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (Index("ix_revisit_peer_visit_project_day", "project_id", "visited_on"),)
