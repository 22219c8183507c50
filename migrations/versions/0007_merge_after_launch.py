"""merge the after-launch domains (campaign, reports, dossier) with set-up and infrastructure

Revision ID: 0007_merge_after_launch
Revises: merge_setup_infra, 0005_after_launch

"""

# revision identifiers, used by Alembic.
revision = '0007_merge_after_launch'
down_revision = ('merge_setup_infra', '0005_after_launch')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
