"""A dossier job: its state and progress in the database, its two files in the file storage."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class JobState(str, enum.Enum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class DossierJob(db.Model):
    """One generation of a ceremony's dossier; the latest done job is the one offered for download."""

    __tablename__ = "dossier_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    state: Mapped[JobState] = mapped_column(sa.Enum(JobState, native_enum=False, length=10), default=JobState.queued)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    step: Mapped[str] = mapped_column(sa.String(200), default="")
    requested_by: Mapped[str] = mapped_column(sa.String(200), default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str] = mapped_column(sa.String(500), default="")
    pdf_key: Mapped[str] = mapped_column(sa.String(200), default="")
    pdf_size: Mapped[int] = mapped_column(default=0)
    xlsx_key: Mapped[str] = mapped_column(sa.String(200), default="")
    xlsx_size: Mapped[int] = mapped_column(default=0)
