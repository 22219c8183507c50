"""merge the security migration (session version, failed log-ins) with main

Revision ID: merge_security
Revises: merge_selftest, 0005_security
Create Date: 2026-12-01 16:00:00

"""

# revision identifiers, used by Alembic.
revision = 'merge_security'
down_revision = ('merge_selftest', '0005_security')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
