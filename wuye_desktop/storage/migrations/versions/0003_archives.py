"""client archives: units, clients, stays, employees, archive records, form records and their keys,
scanned files, complaint links and the access log (issue 3, 篇3)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
# Chained after the newest revision present when it was written; a single head is what matters.
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('archive_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('initials', sa.String(length=40), nullable=False),
    sa.Column('id_type', sa.String(length=20), nullable=False),
    sa.Column('id_no', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('phone_digits', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('contact', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('nature', sa.String(length=20), nullable=False),
    sa.Column('industry', sa.String(length=40), nullable=False),
    sa.Column('legal_rep', sa.String(length=40), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('search_text', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('archive_client', schema=None) as batch_op:
        batch_op.create_index('ix_archive_client_id_no', ['id_no'], unique=False)
        batch_op.create_index('ix_archive_client_initials', ['initials', 'project_id'], unique=False)
        batch_op.create_index('ix_archive_client_phone', ['phone_digits'], unique=False)
        batch_op.create_index('ix_archive_client_search', ['project_id', 'id', 'name', 'search_text'], unique=False)

    op.create_table('archive_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('building', sa.String(length=20), nullable=False),
    sa.Column('entrance', sa.String(length=20), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('floor_area', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('unit_key', sa.String(length=60), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'unit_key', name='uq_archive_unit_key')
    )
    with op.batch_alter_table('archive_unit', schema=None) as batch_op:
        batch_op.create_index('ix_archive_unit_order', ['project_id', 'building', 'floor', 'room'], unique=False)

    op.create_table('archive_access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('who', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('what', sa.String(length=200), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('whole', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['archive_client.id'], ),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['archive_unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('archive_access_log', schema=None) as batch_op:
        batch_op.create_index('ix_archive_access_at', ['at'], unique=False)
        batch_op.create_index('ix_archive_access_client', ['client_id', 'at'], unique=False)

    op.create_table('archive_employee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('post', sa.String(length=40), nullable=False),
    sa.Column('id_type', sa.String(length=20), nullable=False),
    sa.Column('id_no', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('leave_kind', sa.String(length=4), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['archive_client.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('archive_employee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_employee_client_id'), ['client_id'], unique=False)

    op.create_table('archive_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('deposit', sa.Boolean(), nullable=False),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('by', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['archive_client.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['archive_unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('archive_entry', schema=None) as batch_op:
        batch_op.create_index('ix_archive_entry_client', ['client_id', 'kind', 'occurred_on'], unique=False)
        batch_op.create_index('ix_archive_entry_unit', ['unit_id', 'kind', 'occurred_on'], unique=False)

    op.create_table('archive_occupancy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=4), nullable=False),
    sa.Column('move_in', sa.Date(), nullable=False),
    sa.Column('move_out', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['archive_client.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['archive_unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('archive_occupancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_occupancy_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_archive_occupancy_unit_id'), ['unit_id'], unique=False)

    op.create_table('complaint_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('matched_by', sa.String(length=8), nullable=False),
    sa.Column('linked_at', sa.DateTime(), nullable=False),
    sa.Column('linked_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['archive_client.id'], ),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['archive_unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('complaint_id')
    )
    with op.batch_alter_table('complaint_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_link_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_link_unit_id'), ['unit_id'], unique=False)

    op.create_table('form_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_number', sa.String(length=20), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('unit_text', sa.String(length=60), nullable=False),
    sa.Column('client_text', sa.String(length=100), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('search_text', sa.String(length=600), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('confirmation', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['archive_client.id'], ),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['archive_unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('form_record', schema=None) as batch_op:
        batch_op.create_index('ix_form_record_client', ['client_id', 'form_number'], unique=False)
        batch_op.create_index('ix_form_record_expiry', ['expires_on', 'form_number'], unique=False)
        batch_op.create_index('ix_form_record_list', ['form_number', 'id', 'project_id', 'search_text'], unique=False)
        batch_op.create_index('ix_form_record_unit', ['unit_id', 'form_number'], unique=False)

    op.create_table('archive_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=200), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['archive_entry.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['form_record.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_name')
    )
    with op.batch_alter_table('archive_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_attachment_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_archive_attachment_record_id'), ['record_id'], unique=False)

    op.create_table('form_record_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('value', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['form_record.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('form_record_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_record_key_record_id'), ['record_id'], unique=False)
        batch_op.create_index('ix_form_record_key_value', ['kind', 'value'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('form_record_key', schema=None) as batch_op:
        batch_op.drop_index('ix_form_record_key_value')
        batch_op.drop_index(batch_op.f('ix_form_record_key_record_id'))

    op.drop_table('form_record_key')
    with op.batch_alter_table('archive_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_archive_attachment_record_id'))
        batch_op.drop_index(batch_op.f('ix_archive_attachment_entry_id'))

    op.drop_table('archive_attachment')
    with op.batch_alter_table('form_record', schema=None) as batch_op:
        batch_op.drop_index('ix_form_record_unit')
        batch_op.drop_index('ix_form_record_list')
        batch_op.drop_index('ix_form_record_expiry')
        batch_op.drop_index('ix_form_record_client')

    op.drop_table('form_record')
    with op.batch_alter_table('complaint_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_link_unit_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_link_client_id'))

    op.drop_table('complaint_link')
    with op.batch_alter_table('archive_occupancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_archive_occupancy_unit_id'))
        batch_op.drop_index(batch_op.f('ix_archive_occupancy_client_id'))

    op.drop_table('archive_occupancy')
    with op.batch_alter_table('archive_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_archive_entry_unit')
        batch_op.drop_index('ix_archive_entry_client')

    op.drop_table('archive_entry')
    with op.batch_alter_table('archive_employee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_archive_employee_client_id'))

    op.drop_table('archive_employee')
    with op.batch_alter_table('archive_access_log', schema=None) as batch_op:
        batch_op.drop_index('ix_archive_access_client')
        batch_op.drop_index('ix_archive_access_at')

    op.drop_table('archive_access_log')
    with op.batch_alter_table('archive_unit', schema=None) as batch_op:
        batch_op.drop_index('ix_archive_unit_order')

    op.drop_table('archive_unit')
    with op.batch_alter_table('archive_client', schema=None) as batch_op:
        batch_op.drop_index('ix_archive_client_search')
        batch_op.drop_index('ix_archive_client_phone')
        batch_op.drop_index('ix_archive_client_initials')
        batch_op.drop_index('ix_archive_client_id_no')

    op.drop_table('archive_client')
