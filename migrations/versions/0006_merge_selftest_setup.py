"""merge the self-test/help-desk and setup migrations

Revision ID: 0006_merge_selftest
Revises: 0005_selftest, 0005_setup
Create Date: 2026-12-01 15:30:00

"""


# revision identifiers, used by Alembic.
revision = '0006_merge_selftest'
down_revision = ('0005_selftest', '0005_setup')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
