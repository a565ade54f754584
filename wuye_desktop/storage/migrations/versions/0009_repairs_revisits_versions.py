"""repairs and revisits: a version column on every editable record (optimistic locking, issue 7)

Revision ID: 0009
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None

# The tables whose rows a clerk edits (ORM rows with version_id_col in models_repairs.py / models_revisits.py).
TABLES = (
    "device", "defect", "accident", "maintenance_plan", "plan_task", "upgrade_proposal", "outsourced_work",
    "quality_check", "stock_item", "tool_loan",
    "revisit_task", "revisit_plan", "revisit_visit", "revisit_questionnaire", "revisit_opinion",
    "revisit_suggestion", "revisit_peer_visit",
)


def upgrade() -> None:
    for table in TABLES:
        # Rows saved before this revision start at version 1, as new rows do.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
