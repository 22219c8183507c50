"""delegates: a trigram index on the folded search key (GIN pg_trgm on PostgreSQL), an index on
replaced_by_id (the few replaced delegates); people: an index on organisation_id

``ceremony/delegates/trigram.py`` says why and how (the extension is installed when missing). On
SQLite the trigram index's name is an empty partial index (``WHERE 0``), as the model declares it.
Every page of a delegate list looks up who replaced whom by ``replaced_by_id``: without an index that
read every delegate of the database (65 ms at 300,000). A search that names a unit finds its people
by ``organisation_id``.

Revision ID: i13_delegate_indexes
Revises: merge_demo_note
Create Date: 2026-12-01 22:10:00
"""
from alembic import op
import sqlalchemy as sa

from ceremony.delegates.trigram import INDEX_NAME, create_trigram_index

revision = "i13_delegate_indexes"
down_revision = "merge_demo_note"
branch_labels = None
depends_on = None

REPLACED = sa.text("replaced_by_id IS NOT NULL")


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        create_trigram_index(bind)
    else:
        op.create_index(INDEX_NAME, "delegates", ["search_key"], sqlite_where=sa.text("0"))
    op.create_index("ix_delegates_replaced_by", "delegates", ["replaced_by_id"], postgresql_where=REPLACED,
                    sqlite_where=REPLACED)
    op.create_index(op.f("ix_people_organisation_id"), "people", ["organisation_id"])


def downgrade():
    op.drop_index(op.f("ix_people_organisation_id"), table_name="people")
    op.drop_index("ix_delegates_replaced_by", table_name="delegates")
    # The extension stays: other objects of the database may use it.
    op.drop_index(INDEX_NAME, table_name="delegates")
