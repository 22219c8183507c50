"""The ceremony: one hybrid event held at a provincial venue and many bridge points."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class CeremonyStatus(str, enum.Enum):
    draft = "draft"
    published = "published"
    live = "live"
    closed = "closed"


# Which status may follow which: a ceremony never goes back once it is live.
NEXT_STATUS = {
    CeremonyStatus.draft: {CeremonyStatus.published},
    CeremonyStatus.published: {CeremonyStatus.draft, CeremonyStatus.live},
    CeremonyStatus.live: {CeremonyStatus.closed},
    CeremonyStatus.closed: set(),
}


class Ceremony(db.Model):
    """A launch ceremony (lễ phát động / lễ khai trương)."""

    __tablename__ = "ceremonies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(40))  # movement_launch, app_launch, ...
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(sa.String(40), default="Asia/Ho_Chi_Minh")
    venue: Mapped[str] = mapped_column(sa.String(300))
    venue_address: Mapped[str] = mapped_column(sa.String(300), default="")
    host_unit: Mapped[str] = mapped_column(sa.String(200))
    implementing_unit: Mapped[str] = mapped_column(sa.String(300), default="")
    issuing_unit: Mapped[str] = mapped_column(sa.String(200), default="")
    plan_reference: Mapped[str] = mapped_column(sa.String(200), default="")
    province_code: Mapped[str] = mapped_column(sa.String(10), default="")
    # Demo data only: which facts the demo assumes where its real plan is silent (shown on the page).
    demo_note: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    status: Mapped[CeremonyStatus] = mapped_column(
        sa.Enum(CeremonyStatus, native_enum=False, length=20), default=CeremonyStatus.draft
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)

    def can_become(self, status: CeremonyStatus) -> bool:
        return status in NEXT_STATUS[self.status]

    def __repr__(self) -> str:
        return f"<Ceremony {self.slug}>"
