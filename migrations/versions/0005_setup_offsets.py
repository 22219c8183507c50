"""per-ceremony times as offsets from the ceremony start; follow-up tasks for named points

Readiness windows (opens/closes), follow-up deadlines and fixed-time program segments were stored
as instants, so moving a ceremony left them on the old date. They become minutes from
``ceremonies.starts_at``; existing rows are converted (rounded to the minute) and back on downgrade.

Revision ID: 0005_setup
Revises: 0004_merge
Create Date: 2026-12-01 15:00:00

"""
from datetime import timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = '0005_setup'
down_revision = '0004_merge'
branch_labels = None
depends_on = None

# (table, [(old instant column, new offset column)], nullable)
CONVERTED = [
    ('readiness_phases', [('opens_at', 'opens_offset_minutes'), ('closes_at', 'closes_offset_minutes')], False),
    ('followup_tasks', [('due_at', 'due_offset_minutes')], False),
    ('segments', [('fixed_start_at', 'fixed_start_offset_minutes')], True),
]


def _utc(value):
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _starts(bind) -> dict:
    ceremonies = sa.table('ceremonies', sa.column('id', sa.Integer), sa.column('starts_at', sa.DateTime(timezone=True)))
    return {row.id: _utc(row.starts_at) for row in bind.execute(sa.select(ceremonies.c.id, ceremonies.c.starts_at))}


def _table(name, pairs, *, with_instants: bool):
    columns = [sa.column('id', sa.Integer), sa.column('ceremony_id', sa.Integer)]
    for old, new in pairs:
        columns.append(sa.column(old, sa.DateTime(timezone=True)) if with_instants else sa.column(old, sa.DateTime()))
        columns.append(sa.column(new, sa.Integer))
    return sa.table(name, *columns)


def upgrade():
    bind = op.get_bind()
    for name, pairs, _nullable in CONVERTED:
        with op.batch_alter_table(name, schema=None) as batch_op:
            for _old, new in pairs:
                batch_op.add_column(sa.Column(new, sa.Integer(), nullable=True))
    with op.batch_alter_table('followup_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('site_codes', sa.Text(), server_default='', nullable=False))

    starts = _starts(bind)
    for name, pairs, _nullable in CONVERTED:
        table = _table(name, pairs, with_instants=True)
        for row in bind.execute(sa.select(table)).mappings().all():
            start = starts[row['ceremony_id']]
            values = {new: None if row[old] is None else round((_utc(row[old]) - start).total_seconds() / 60)
                      for old, new in pairs}
            bind.execute(sa.update(table).where(table.c.id == row['id']).values(**values))

    with op.batch_alter_table('readiness_phases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_readiness_phases_window_order'), type_='check')
        batch_op.alter_column('opens_offset_minutes', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('closes_offset_minutes', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('opens_at')
        batch_op.drop_column('closes_at')
        batch_op.create_check_constraint('window_order', 'closes_offset_minutes > opens_offset_minutes')
    with op.batch_alter_table('followup_tasks', schema=None) as batch_op:
        batch_op.alter_column('due_offset_minutes', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('due_at')
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.drop_column('fixed_start_at')


def downgrade():
    bind = op.get_bind()
    for name, pairs, _nullable in CONVERTED:
        with op.batch_alter_table(name, schema=None) as batch_op:
            for old, _new in pairs:
                batch_op.add_column(sa.Column(old, sa.DateTime(timezone=True), nullable=True))

    starts = _starts(bind)
    sqlite = bind.dialect.name == 'sqlite'
    for name, pairs, _nullable in CONVERTED:
        table = _table(name, pairs, with_instants=not sqlite)
        for row in bind.execute(sa.select(table)).mappings().all():
            start = starts[row['ceremony_id']]
            values = {}
            for old, new in pairs:
                at = None if row[new] is None else start + timedelta(minutes=row[new])
                values[old] = at.replace(tzinfo=None) if (at is not None and sqlite) else at
            bind.execute(sa.update(table).where(table.c.id == row['id']).values(**values))

    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.drop_column('fixed_start_offset_minutes')
    with op.batch_alter_table('followup_tasks', schema=None) as batch_op:
        batch_op.alter_column('due_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_column('due_offset_minutes')
        batch_op.drop_column('site_codes')
    with op.batch_alter_table('readiness_phases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_readiness_phases_window_order'), type_='check')
        batch_op.alter_column('opens_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('closes_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_column('opens_offset_minutes')
        batch_op.drop_column('closes_offset_minutes')
        batch_op.create_check_constraint('window_order', 'closes_at > opens_at')
