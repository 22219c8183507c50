"""readiness board versions (the shared board snapshot); sites may have a nation tier (no schema change:
the tier is a VARCHAR(10) without a CHECK constraint)

Revision ID: i13_board_versions
Revises: merge_security_main
Create Date: 2026-12-01 18:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i13_board_versions'
down_revision = 'merge_security_main'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'readiness_board_versions',
        sa.Column('ceremony_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['ceremony_id'], ['ceremonies.id'],
                                name=op.f('fk_readiness_board_versions_ceremony_id_ceremonies'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('ceremony_id', name=op.f('pk_readiness_board_versions')),
    )


def downgrade():
    op.drop_table('readiness_board_versions')
