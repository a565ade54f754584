"""complaint list indexes: covering indexes for filters, searches and counts at 300,000 rows

The complaint list filters, searches and counts in SQL (storage/complaint_queries.py). Without
these, a rare filter or a substring search reads every wide complaint row of a project (≈ 0.3–0.5 s
at 300,000 complaints); with them it reads one narrow index (bench/bench_complaints.py).

Revision ID: 0002
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0002"
# Chained after the newest revision present when it was written (0001 → 0005 → 0004 → 0002):
# the order of independent index changes does not matter, a single head does.
down_revision = "0004"
branch_labels = None
depends_on = None

LIST_COVER = ["project_id", "received_at", "id", "state", "kind", "category", "department", "first_responder",
              "has_late", "next_due_at", "emergency_active", "channel"]
SEARCH_COVER = ["project_id", "received_at", "id", "complainant", "unit", "phone", "number", "subject"]


# Existing indexes that gain columns: name -> (old columns, new columns).
WIDENED = {
    # The pinyin-initials search (zs → 张三) reads this index alone.
    "ix_complaint_initials": (["complainant_initials"], ["complainant_initials", "project_id", "received_at"]),
    # 「我的首问案件」 (篇2 §8) of the current project.
    "ix_complaint_first_responder": (["first_responder", "received_at"],
                                     ["first_responder", "project_id", "received_at"]),
    # State + category, the usual pair of list filters.
    "ix_complaint_category": (["project_id", "category", "received_at"],
                              ["project_id", "category", "state", "received_at"]),
}


def upgrade() -> None:
    # Plain CREATE/DROP INDEX: SQLite runs them directly, no batch table copy is needed.
    for name, (_old, new) in WIDENED.items():
        op.drop_index(name, table_name="complaint")
        op.create_index(name, "complaint", new)
    op.create_index("ix_complaint_list_cover", "complaint", LIST_COVER)
    op.create_index("ix_complaint_search_cover", "complaint", SEARCH_COVER)
    # Sorting a project's list by the next deadline, and 「N小时内到期」.
    op.create_index("ix_complaint_project_next_due", "complaint", ["project_id", "next_due_at"])
    # Company-wide lists filtered by state (open cases of every project).
    op.create_index("ix_complaint_state_all", "complaint", ["state", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_complaint_state_all", table_name="complaint")
    op.drop_index("ix_complaint_project_next_due", table_name="complaint")
    op.drop_index("ix_complaint_search_cover", table_name="complaint")
    op.drop_index("ix_complaint_list_cover", table_name="complaint")
    for name, (old, _new) in WIDENED.items():
        op.drop_index(name, table_name="complaint")
        op.create_index(name, "complaint", old)
