"""merge the set-up offsets with token scopes and webhooks

Revision ID: 0007_merge_api
Revises: 0005_setup, 0006_webhooks
Create Date: 2026-12-01 15:30:00

"""

# revision identifiers, used by Alembic.
revision = '0007_merge_api'
down_revision = ('0005_setup', '0006_webhooks')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
