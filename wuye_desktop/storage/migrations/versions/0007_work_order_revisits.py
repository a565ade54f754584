"""revisit tasks of work orders: revisit_task.work_order_id, complaint_id nullable (issue 5)

A customer's work order is revisited within 2 working days of completion like a complaint
(篇2 §5、§7); its task sits in the same list. Tasks of work orders completed before this revision
are created by ``RevisitService.sync_from_work_orders`` (the list's 刷新), not here: the due time
needs the office's work calendar.

Revision ID: 0007
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # On SQLite the batch recreates revisit_task; dropping the old table with foreign keys on runs
    # revisit_opinion's ON DELETE SET NULL, which would cut every opinion from its revisit. Keep the
    # links and put them back (a no-op on PostgreSQL, which alters the table in place).
    conn = op.get_bind()
    links = [{"id": i, "task_id": t} for i, t in conn.execute(
        sa.text("SELECT id, task_id FROM revisit_opinion WHERE task_id IS NOT NULL"))]
    with op.batch_alter_table("revisit_task", schema=None) as batch_op:
        batch_op.alter_column("complaint_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("work_order_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_revisit_task_work_order_id", "work_order", ["work_order_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.create_unique_constraint("uq_revisit_task_work_order_cycle", ["work_order_id", "cycle"])
    if links:
        conn.execute(sa.text("UPDATE revisit_opinion SET task_id = :task_id WHERE id = :id"), links)


def downgrade() -> None:
    # Work-order tasks have no complaint: they go with the column.
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM revisit_task WHERE work_order_id IS NOT NULL"))
    links = [{"id": i, "task_id": t} for i, t in conn.execute(
        sa.text("SELECT id, task_id FROM revisit_opinion WHERE task_id IS NOT NULL"))]
    with op.batch_alter_table("revisit_task", schema=None) as batch_op:
        batch_op.drop_constraint("uq_revisit_task_work_order_cycle", type_="unique")
        batch_op.drop_constraint("fk_revisit_task_work_order_id", type_="foreignkey")
        batch_op.drop_column("work_order_id")
        batch_op.alter_column("complaint_id", existing_type=sa.Integer(), nullable=False)
    if links:
        conn.execute(sa.text("UPDATE revisit_opinion SET task_id = :task_id WHERE id = :id"), links)
