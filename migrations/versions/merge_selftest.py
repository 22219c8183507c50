"""merge heads: 0006_merge_selftest, merge_campaign

Revision ID: merge_selftest
Revises: 0006_merge_selftest, merge_campaign
Create Date: 2026-12-01 15:28:24

"""

# revision identifiers, used by Alembic.
revision = 'merge_selftest'
down_revision = ('0006_merge_selftest', 'merge_campaign')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
