"""followup

Revision ID: 0003_followup
Revises: 0002_invitations
Create Date: 2026-11-22 02:53:50.476192

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_followup'
down_revision = '0002_invitations'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed by hand: only the follow-up tables
    op.create_table('followup_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ceremony_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('tier', sa.Enum('province', 'district', 'commune', name='tier', native_enum=False, length=10), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('metric_label', sa.String(length=200), nullable=False),
    sa.Column('remind_hours_before', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ceremony_id'], ['ceremonies.id'], name=op.f('fk_followup_tasks_ceremony_id_ceremonies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_tasks')),
    sa.UniqueConstraint('ceremony_id', 'code', name=op.f('uq_followup_tasks_ceremony_id_code'))
    )
    with op.batch_alter_table('followup_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_tasks_ceremony_id'), ['ceremony_id'], unique=False)

    op.create_table('followup_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by', sa.String(length=200), nullable=False),
    sa.Column('is_late', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_followup_reports_site_id_sites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['followup_tasks.id'], name=op.f('fk_followup_reports_task_id_followup_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_reports')),
    sa.UniqueConstraint('task_id', 'site_id', name=op.f('uq_followup_reports_task_id_site_id'))
    )
    with op.batch_alter_table('followup_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_reports_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_reports_task_id'), ['task_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # reviewed by hand: only the follow-up tables
    with op.batch_alter_table('followup_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_reports_task_id'))
        batch_op.drop_index(batch_op.f('ix_followup_reports_site_id'))

    op.drop_table('followup_reports')
    with op.batch_alter_table('followup_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_tasks_ceremony_id'))

    op.drop_table('followup_tasks')
    # ### end Alembic commands ###
