"""merge demo note

Revision ID: merge_demo_note
Revises: 0006_demo_note, i13_merge_lists_board
Create Date: 2026-12-01 20:02:10.932316

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'merge_demo_note'
down_revision = ('0006_demo_note', 'i13_merge_lists_board')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
