"""merge national indexes and delegate jobs

Revision ID: merge_i13
Revises: i13_delegate_indexes, i13_delegate_jobs
Create Date: 2026-12-01 23:17:41.468894

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'merge_i13'
down_revision = ('i13_delegate_indexes', 'i13_delegate_jobs')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
