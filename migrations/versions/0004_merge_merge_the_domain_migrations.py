"""merge the domain migrations

Revision ID: 0004_merge
Revises: 0003_attendance, 0003_followup, 0003_program, 0003_readiness
Create Date: 2026-11-22 04:17:43.194089

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_merge'
down_revision = ('0003_attendance', '0003_followup', '0003_program', '0003_readiness')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
