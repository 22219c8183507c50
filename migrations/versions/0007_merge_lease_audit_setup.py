"""merge the scheduler lease and audit branch with the set-up offsets

Revision ID: 0007_merge
Revises: 0006_audit, 0005_setup
Create Date: 2026-12-01 15:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_merge'
down_revision = ('0006_audit', '0005_setup')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
