"""merge heads: merge_invite, merge_security

Revision ID: merge_security_main
Revises: merge_invite, merge_security
Create Date: 2026-12-01 16:44:33

"""

# revision identifiers, used by Alembic.
revision = 'merge_security_main'
down_revision = ('merge_invite', 'merge_security')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
