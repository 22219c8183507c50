"""invitations: short codes, one letter number per ceremony, who replaced whom

Revision ID: 0005_invitation_codes
Revises: 0004_merge
Create Date: 2026-12-01 15:00:00

Every invitation gets a short code people can type (8 characters, unique per ceremony; existing
invitations get one here); each ceremony's letters share one number, date and signer
(``invitation_letter_settings``); a delegate replaced by a substitute points at the substitute
(``delegates.replaced_by_id``, filled from the invitations that recorded the substitution).
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0005_invitation_codes'
down_revision = '0004_merge'
branch_labels = None
depends_on = None

# Frozen copy of ceremony.invitations.codes at the time of this migration.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
WEIGHTS = (1, 7, 11, 13, 17, 19, 23)


def _code(taken):
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(7))
        code = body + ALPHABET[sum(w * ALPHABET.index(c) for w, c in zip(WEIGHTS, body)) % 30]
        if code not in taken:
            taken.add(code)
            return code


def upgrade():
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaced_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_delegates_replaced_by_id_delegates'), 'delegates',
                                    ['replaced_by_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_code', sa.String(length=8), nullable=True))

    conn = op.get_bind()
    invitations = sa.table('invitations', sa.column('id', sa.Integer()), sa.column('ceremony_id', sa.Integer()),
                           sa.column('delegate_id', sa.Integer()), sa.column('short_code', sa.String()),
                           sa.column('substitute_for_id', sa.Integer()))
    delegates = sa.table('delegates', sa.column('id', sa.Integer()), sa.column('replaced_by_id', sa.Integer()))
    taken = {}
    rows = conn.execute(sa.select(invitations.c.id, invitations.c.ceremony_id).order_by(invitations.c.id)).all()
    for invitation_id, ceremony_id in rows:
        code = _code(taken.setdefault(ceremony_id, set()))
        conn.execute(invitations.update().where(invitations.c.id == invitation_id).values(short_code=code))
    original = invitations.alias('original')
    pairs = conn.execute(sa.select(original.c.delegate_id, invitations.c.delegate_id)
                         .join(original, original.c.id == invitations.c.substitute_for_id)).all()
    for original_delegate, substitute_delegate in pairs:
        conn.execute(delegates.update().where(delegates.c.id == original_delegate)
                     .values(replaced_by_id=substitute_delegate))

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.alter_column('short_code', existing_type=sa.String(length=8), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_invitations_ceremony_id_short_code'),
                                          ['ceremony_id', 'short_code'])

    op.create_table('invitation_letter_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ceremony_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('signer_authority', sa.String(length=60), nullable=False),
    sa.Column('signer_title', sa.String(length=120), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ceremony_id'], ['ceremonies.id'],
                            name=op.f('fk_invitation_letter_settings_ceremony_id_ceremonies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_letter_settings')),
    sa.UniqueConstraint('ceremony_id', name=op.f('uq_invitation_letter_settings_ceremony_id'))
    )


def downgrade():
    op.drop_table('invitation_letter_settings')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_invitations_ceremony_id_short_code'), type_='unique')
        batch_op.drop_column('short_code')
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_delegates_replaced_by_id_delegates'), type_='foreignkey')
        batch_op.drop_column('replaced_by_id')
