"""merge heads: 0005_after_launch, merge_setup_infra

Revision ID: merge_campaign
Revises: 0005_after_launch, merge_setup_infra
Create Date: 2026-12-01 15:28:19

"""

# revision identifiers, used by Alembic.
revision = 'merge_campaign'
down_revision = ('0005_after_launch', 'merge_setup_infra')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
