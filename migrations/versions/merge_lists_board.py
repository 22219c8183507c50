"""merge delegate keys and board versions

Revision ID: i13_merge_lists_board
Revises: 0008_delegate_keys, i13_board_versions
Create Date: 2026-12-01 19:56:08.993386

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i13_merge_lists_board'
down_revision = ('0008_delegate_keys', 'i13_board_versions')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
