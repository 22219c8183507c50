"""ceremonies.demo_note: which facts of a demo ceremony are assumed (the plan does not state them)

Revision ID: 0006_demo_note
Revises: merge_security_main
Create Date: 2026-12-01 18:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_demo_note'
down_revision = 'merge_security_main'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ceremonies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('demo_note', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('ceremonies', schema=None) as batch_op:
        batch_op.drop_column('demo_note')
