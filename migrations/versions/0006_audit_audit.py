"""audit: the trail of changes (who, when, what, before and after)

Revision ID: 0006_audit
Revises: 0005_scheduler_lease
Create Date: 2026-12-01 15:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_audit'
down_revision = '0005_scheduler_lease'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ceremony_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_kind', sa.String(length=20), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=200), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('entity_label', sa.String(length=300), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    op.create_index('ix_audit_entries_ceremony_at', 'audit_entries', ['ceremony_id', 'at'], unique=False)


def downgrade():
    op.drop_index('ix_audit_entries_ceremony_at', table_name='audit_entries')
    op.drop_table('audit_entries')
