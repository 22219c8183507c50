"""merge heads: 0007_merge_api, merge_invitation_codes

Revision ID: merge_invite
Revises: 0007_merge_api, merge_invitation_codes
Create Date: 2026-12-01 16:36:07

"""

# revision identifiers, used by Alembic.
revision = 'merge_invite'
down_revision = ('0007_merge_api', 'merge_invitation_codes')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
