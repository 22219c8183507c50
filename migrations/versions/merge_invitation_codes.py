"""merge the invitation codes with the rest of main

Revision ID: merge_invitation_codes
Revises: 0005_invitation_codes, merge_selftest
Create Date: 2026-12-01 15:40:00

"""


revision = 'merge_invitation_codes'
down_revision = ('0005_invitation_codes', 'merge_selftest')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
