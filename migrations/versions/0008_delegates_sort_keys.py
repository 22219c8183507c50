"""delegates: stored Vietnamese sort key and folded search key, filled for existing delegates

Revision ID: 0008_delegate_keys
Revises: merge_security_main
Create Date: 2026-12-01 18:45:00

"""
from alembic import op
import sqlalchemy as sa

from ceremony.delegates.sorting import search_key, sort_key

# revision identifiers, used by Alembic.
revision = '0008_delegate_keys'
down_revision = 'merge_security_main'
branch_labels = None
depends_on = None

BATCH = 2000


def _key_string(length):
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade():
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_key', _key_string(1200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('search_key', _key_string(400), nullable=False, server_default=''))
    conn = op.get_bind()
    delegates = sa.table('delegates', sa.column('id', sa.Integer), sa.column('person_id', sa.Integer),
                         sa.column('sort_key', sa.String), sa.column('search_key', sa.String))
    people = sa.table('people', sa.column('id', sa.Integer), sa.column('full_name', sa.String),
                      sa.column('title', sa.String))
    update = (sa.update(delegates).where(delegates.c.id == sa.bindparam('delegate_id'))
              .values(sort_key=sa.bindparam('new_sort_key'), search_key=sa.bindparam('new_search_key')))
    last = 0
    while True:
        rows = conn.execute(sa.select(delegates.c.id, people.c.full_name, people.c.title)
                            .join(people, people.c.id == delegates.c.person_id)
                            .where(delegates.c.id > last).order_by(delegates.c.id).limit(BATCH)).all()
        if not rows:
            break
        conn.execute(update, [{"delegate_id": i, "new_sort_key": sort_key(name or ""),
                               "new_search_key": search_key(name or "", title or "")} for i, name, title in rows])
        last = rows[-1][0]
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.create_index('ix_delegates_ceremony_sort_key', ['ceremony_id', 'sort_key', 'id'], unique=False)
        batch_op.create_index('ix_delegates_site_sort_key', ['site_id', 'sort_key', 'id'], unique=False)
        batch_op.create_index('ix_delegates_ceremony_search_key', ['ceremony_id', 'search_key'], unique=False)


def downgrade():
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.drop_index('ix_delegates_ceremony_search_key')
        batch_op.drop_index('ix_delegates_site_sort_key')
        batch_op.drop_index('ix_delegates_ceremony_sort_key')
        batch_op.drop_column('search_key')
        batch_op.drop_column('sort_key')
