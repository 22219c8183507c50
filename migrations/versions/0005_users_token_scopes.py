"""users: API tokens carry scopes and an expiry

Tokens issued before this revision keep every scope (read write admin) and no expiry.

Revision ID: 0005_token_scopes
Revises: 0004_merge
Create Date: 2026-12-01 15:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0005_token_scopes'
down_revision = '0004_merge'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scopes', sa.String(length=100), server_default='read write admin',
                                      nullable=False))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
        batch_op.drop_column('scopes')
