"""form record date indexes: a form's list filtered by registration date or expiry at 500,000 records

「本月」「本年」 and 「30天内到期」 filter a form's list on registered_on / expires_on, columns that
ix_form_record_list does not hold: every record of the form was read from the table to test its
date (≈ 0.1 s for 28,000 records of one form). These indexes answer the page and the count
alone (bench/bench_scale.py: 113 ms → 32 ms for 「本年登记」, 82 ms → 1 ms when few match).

Revision ID: 0010
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0010"
# Chained after the newest revision present when it was written (… 0009 → 0007 → 0008 → 0010).
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain CREATE INDEX: SQLite runs it directly, no batch table copy is needed.
    op.create_index("ix_form_record_registered", "form_record", ["form_number", "project_id", "registered_on"])
    op.create_index("ix_form_record_expires", "form_record", ["form_number", "project_id", "expires_on"])


def downgrade() -> None:
    op.drop_index("ix_form_record_expires", table_name="form_record")
    op.drop_index("ix_form_record_registered", table_name="form_record")
