"""merge main (set-up, self-test, campaign, audit) with token scopes and webhooks

Revision ID: 0007_merge_api
Revises: merge_selftest, 0006_webhooks
Create Date: 2026-12-01 15:30:00

"""

# revision identifiers, used by Alembic.
revision = '0007_merge_api'
down_revision = ('merge_selftest', '0006_webhooks')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
