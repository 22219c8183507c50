"""merge heads: 0005_setup, 0006_audit

Revision ID: merge_setup_infra
Revises: 0005_setup, 0006_audit
Create Date: 2026-12-01 15:22:00

"""

# revision identifiers, used by Alembic.
revision = 'merge_setup_infra'
down_revision = ('0005_setup', '0006_audit')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
