"""a version column on company settings, projects, departments, staff and units (optimistic locking, issue 7)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# ORM rows with version_id_col in models.py and models_archives.py (units); the office calendar is versioned
# per year through a setting row.
TABLES = ("setting", "project", "department", "staff", "archive_unit")


def upgrade() -> None:
    for table in TABLES:
        # Rows saved before this revision start at version 1, as new rows do.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
