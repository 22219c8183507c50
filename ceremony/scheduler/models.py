"""The persistent job store's table, declared here so migrations create it like any other."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ceremony.extensions import db


class SchedulerJob(db.Model):
    """APScheduler's SQLAlchemyJobStore row (same columns as its own table): one scheduled job."""

    __tablename__ = "scheduler_jobs"

    id: Mapped[str] = mapped_column(sa.Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(sa.Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(sa.LargeBinary())
