"""revisits area: revisit tasks, visit programme, questionnaires, opinions, suggestions, peer visits

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revisit_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("assignee", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("visitor", sa.String(length=40), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("satisfaction", sa.String(length=8), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.String(length=12), nullable=False),
        sa.Column("follow_up_complaint_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["follow_up_complaint_id"], ["complaint.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("complaint_id", "cycle", name="uq_revisit_task_complaint_cycle"),
    )
    op.create_index("ix_revisit_task_done", "revisit_task", ["done_at"], unique=False)
    op.create_index("ix_revisit_task_project_due", "revisit_task", ["project_id", "due_at"], unique=False)
    op.create_index("ix_revisit_task_state_due", "revisit_task", ["state", "due_at"], unique=False)

    op.create_table(
        "revisit_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("times_per_year", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisit_plan_project_year", "revisit_plan", ["project_id", "year"], unique=False)

    op.create_table(
        "revisit_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("satisfaction", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["revisit_plan.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisit_visit_plan_id", "revisit_visit", ["plan_id"], unique=False)
    op.create_index("ix_revisit_visit_project_held", "revisit_visit", ["project_id", "held_at"], unique=False)

    op.create_table(
        "revisit_questionnaire",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisit_questionnaire_project_id", "revisit_questionnaire", ["project_id"], unique=False)

    op.create_table(
        "revisit_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("scale", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["revisit_questionnaire.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisit_question_questionnaire_id", "revisit_question", ["questionnaire_id"],
                    unique=False)

    op.create_table(
        "revisit_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("respondent", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("entered_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["revisit_questionnaire.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisit_response_questionnaire_id", "revisit_response", ["questionnaire_id"],
                    unique=False)

    op.create_table(
        "revisit_opinion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("source_ref", sa.String(length=100), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("heard_at", sa.DateTime(), nullable=False),
        sa.Column("resident", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("major", sa.Boolean(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("head", sa.String(length=40), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("handler", sa.String(length=40), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.ForeignKeyConstraint(["response_id"], ["revisit_response.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["task_id"], ["revisit_task.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["visit_id"], ["revisit_visit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisit_opinion_due", "revisit_opinion", ["due_at"], unique=False)
    op.create_index("ix_revisit_opinion_handled", "revisit_opinion", ["handled_at"], unique=False)
    op.create_index("ix_revisit_opinion_project_heard", "revisit_opinion", ["project_id", "heard_at"],
                    unique=False)
    op.create_index("ix_revisit_opinion_response_id", "revisit_opinion", ["response_id"], unique=False)
    op.create_index("ix_revisit_opinion_task_id", "revisit_opinion", ["task_id"], unique=False)
    op.create_index("ix_revisit_opinion_visit_id", "revisit_opinion", ["visit_id"], unique=False)

    op.create_table(
        "revisit_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("proposer", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("head", sa.String(length=40), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_note", sa.Text(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("praised", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("complaint_id"),
    )
    op.create_index("ix_revisit_suggestion_project_proposed", "revisit_suggestion", ["project_id", "proposed_at"],
                    unique=False)

    op.create_table(
        "revisit_peer_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("company", sa.String(length=100), nullable=False),
        sa.Column("visitors", sa.String(length=200), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("received_by", sa.String(length=40), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_revisit_peer_visit_project_day", "revisit_peer_visit", ["project_id", "visited_on"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("revisit_peer_visit")
    op.drop_table("revisit_suggestion")
    op.drop_table("revisit_opinion")
    op.drop_table("revisit_response")
    op.drop_table("revisit_question")
    op.drop_table("revisit_questionnaire")
    op.drop_table("revisit_visit")
    op.drop_table("revisit_plan")
    op.drop_table("revisit_task")
