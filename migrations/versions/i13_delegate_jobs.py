"""delegate jobs: big imports and invitation issues run outside the request, with their progress

Revision ID: i13_delegate_jobs
Revises: merge_demo_note
"""
from alembic import op
import sqlalchemy as sa

revision = "i13_delegate_jobs"
down_revision = "merge_demo_note"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "delegate_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ceremony_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("confirm_required", sa.Boolean(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("staged_key", sa.String(length=80), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("bad_rows", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("timings", sa.JSON(), nullable=False),
        sa.Column("written", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["ceremony_id"], ["ceremonies.id"], name=op.f("fk_delegate_jobs_ceremony_id_ceremonies"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_delegate_jobs_site_id_sites"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegate_jobs")),
    )
    op.create_index("ix_delegate_jobs_ceremony_status", "delegate_jobs", ["ceremony_id", "status"])


def downgrade():
    op.drop_index("ix_delegate_jobs_ceremony_status", table_name="delegate_jobs")
    op.drop_table("delegate_jobs")
