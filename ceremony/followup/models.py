"""Follow-up tasks (e.g. "each team member guides 7 citizens within 7 days") and the points' reports."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, at_offset, now
from ceremony.extensions import db
from ceremony.sites.models import Tier


class FollowupTask(db.Model):
    """Something the points of one tier (or the named points) must do and report by a deadline.

    The deadline is stored as minutes after the ceremony start (7 days: 10080), so it moves with it."""

    __tablename__ = "followup_tasks"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(300))
    instructions: Mapped[str] = mapped_column(sa.Text, default="")
    tier: Mapped[Tier] = mapped_column(sa.Enum(Tier, native_enum=False, length=10))  # who reports
    due_offset_minutes: Mapped[int] = mapped_column()
    # Named points that report (site codes, comma-separated); empty: every point of ``tier``.
    site_codes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    metric_label: Mapped[str] = mapped_column(sa.String(200), default="")  # "Số người dân được hướng dẫn"
    remind_hours_before: Mapped[int] = mapped_column(default=48)

    reports: Mapped[list[FollowupReport]] = relationship(back_populates="task", cascade="all, delete-orphan")
    ceremony = relationship("Ceremony")

    @property
    def due_at(self) -> datetime:
        return at_offset(self.ceremony.starts_at, self.due_offset_minutes)

    @property
    def remind_at(self) -> datetime:
        return self.due_at - timedelta(hours=self.remind_hours_before)

    @property
    def codes(self) -> list[str]:
        return [c for c in (self.site_codes or "").split(",") if c]


class FollowupReport(db.Model):
    """A point's report on a task; one per point, corrected in place until the deadline."""

    __tablename__ = "followup_reports"
    __table_args__ = (sa.UniqueConstraint("task_id", "site_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("followup_tasks.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    value: Mapped[int | None] = mapped_column()
    note: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    submitted_by: Mapped[str] = mapped_column(sa.String(200), default="")
    is_late: Mapped[bool] = mapped_column(default=False)

    task: Mapped[FollowupTask] = relationship(back_populates="reports")
    site = relationship("Site")
