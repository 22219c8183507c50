"""The persistent job store's table and the leader lease, declared here so migrations create them."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ceremony.core.time import UTCDateTime
from ceremony.extensions import db


class SchedulerJob(db.Model):
    """APScheduler's SQLAlchemyJobStore row (same columns as its own table): one scheduled job."""

    __tablename__ = "scheduler_jobs"

    id: Mapped[str] = mapped_column(sa.Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(sa.Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(sa.LargeBinary())


class SchedulerLease(db.Model):
    """The scheduler leader's lease: who holds it, until when, and the fencing token of its term."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(sa.String(200))
    token: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    renewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
