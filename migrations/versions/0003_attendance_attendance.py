"""attendance

Revision ID: 0003_attendance
Revises: 0002_invitations
Create Date: 2026-11-22 03:02:11.877705

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_attendance'
down_revision = '0002_invitations'
branch_labels = None
depends_on = None


def upgrade():
    # attendance: check-ins (exactly once), the scan log, headcounts of remote points
    op.create_table('attendance_headcounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ceremony_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('count >= 0', name=op.f('ck_attendance_headcounts_count_not_negative')),
    sa.ForeignKeyConstraint(['ceremony_id'], ['ceremonies.id'], name=op.f('fk_attendance_headcounts_ceremony_id_ceremonies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_attendance_headcounts_reported_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_attendance_headcounts_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_headcounts')),
    sa.UniqueConstraint('ceremony_id', 'site_id', name=op.f('uq_attendance_headcounts_ceremony_id_site_id'))
    )
    with op.batch_alter_table('attendance_headcounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_headcounts_ceremony_id'), ['ceremony_id'], unique=False)

    op.create_table('attendance_checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ceremony_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('gate', sa.String(length=60), nullable=False),
    sa.Column('device', sa.String(length=80), nullable=False),
    sa.Column('method', sa.Enum('scan', 'typed', 'search', 'roster', 'offline', name='checkinmethod', native_enum=False, length=10), nullable=False),
    sa.Column('is_late', sa.Boolean(), nullable=False),
    sa.Column('late_segment_id', sa.Integer(), nullable=True),
    sa.Column('late_segment_title', sa.String(length=300), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ceremony_id'], ['ceremonies.id'], name=op.f('fk_attendance_checkins_ceremony_id_ceremonies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_attendance_checkins_delegate_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_attendance_checkins_invitation_id_invitations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['late_segment_id'], ['segments.id'], name=op.f('fk_attendance_checkins_late_segment_id_segments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_attendance_checkins_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_attendance_checkins_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_checkins')),
    sa.UniqueConstraint('ceremony_id', 'delegate_id', name=op.f('uq_attendance_checkins_ceremony_id_delegate_id'))
    )
    with op.batch_alter_table('attendance_checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_checkins_ceremony_id'), ['ceremony_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_checkins_site_id'), ['site_id'], unique=False)

    op.create_table('attendance_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ceremony_id', sa.Integer(), nullable=False),
    sa.Column('gate', sa.String(length=60), nullable=False),
    sa.Column('device', sa.String(length=80), nullable=False),
    sa.Column('nonce', sa.String(length=80), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('method', sa.Enum('scan', 'typed', 'search', 'roster', 'offline', name='checkinmethod', native_enum=False, length=10), nullable=False),
    sa.Column('result', sa.Enum('welcome', 'already', 'not_invited', 'revoked', 'unreadable', name='scanresult', native_enum=False, length=12), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=True),
    sa.Column('checkin_id', sa.Integer(), nullable=True),
    sa.Column('scanned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_offline', sa.Boolean(), nullable=False),
    sa.Column('local_result', sa.String(length=12), nullable=False),
    sa.Column('is_conflict', sa.Boolean(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ceremony_id'], ['ceremonies.id'], name=op.f('fk_attendance_scans_ceremony_id_ceremonies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['checkin_id'], ['attendance_checkins.id'], name=op.f('fk_attendance_scans_checkin_id_attendance_checkins'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_attendance_scans_delegate_id_delegates'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendance_scans_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_scans')),
    sa.UniqueConstraint('ceremony_id', 'device', 'nonce', name=op.f('uq_attendance_scans_ceremony_id_device_nonce'))
    )
    with op.batch_alter_table('attendance_scans', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_scans_ceremony_conflict', ['ceremony_id', 'is_conflict'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_scans_ceremony_id'), ['ceremony_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attendance_scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_scans_ceremony_id'))
        batch_op.drop_index('ix_attendance_scans_ceremony_conflict')

    op.drop_table('attendance_scans')
    with op.batch_alter_table('attendance_checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_checkins_site_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_checkins_ceremony_id'))

    op.drop_table('attendance_checkins')
    with op.batch_alter_table('attendance_headcounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_headcounts_ceremony_id'))

    op.drop_table('attendance_headcounts')

