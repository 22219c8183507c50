"""Readiness: the checklist, the check-in windows (phases), check-ins, heartbeats, operator links,
flags of silent points and their escalations."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, at_offset, now
from ceremony.extensions import db
from ceremony.notifications.models import Notification  # noqa: F401  (its table joins the metadata)
from ceremony.scheduler.models import SchedulerJob  # noqa: F401


class ItemKind(str, enum.Enum):
    check = "check"          # ok / problem / not checked
    bandwidth = "bandwidth"  # a check plus the measured Mbit/s
    headcount = "headcount"  # a check plus how many delegates are seated
    note = "note"            # free text only


class ItemState(str, enum.Enum):
    ok = "ok"
    problem = "problem"
    unchecked = "unchecked"


class PhaseKind(str, enum.Enum):
    window = "window"  # a check-in window: silent points are flagged when it closes
    live = "live"      # the ceremony itself: points send heartbeats


class PointStatus(str, enum.Enum):
    ready = "ready"
    problem = "problem"
    not_reported = "not_reported"
    offline = "offline"


class ReadinessItem(db.Model):
    """One line of a ceremony's readiness checklist."""

    __tablename__ = "readiness_items"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[ItemKind] = mapped_column(sa.Enum(ItemKind, native_enum=False, length=20))
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


class ReadinessPhase(db.Model):
    """A check-in window (or the live phase), stored as minutes from the ceremony start (T-120: -120),
    so moving the ceremony moves its windows."""

    __tablename__ = "readiness_phases"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "key"),
                      sa.CheckConstraint("closes_offset_minutes > opens_offset_minutes", name="window_order"))

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[PhaseKind] = mapped_column(sa.Enum(PhaseKind, native_enum=False, length=20))
    opens_offset_minutes: Mapped[int] = mapped_column()
    closes_offset_minutes: Mapped[int] = mapped_column()
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the scheduler announced it
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the scheduler closed it

    ceremony = relationship("Ceremony")

    @property
    def opens_at(self) -> datetime:
        return at_offset(self.ceremony.starts_at, self.opens_offset_minutes)

    @property
    def closes_at(self) -> datetime:
        return at_offset(self.ceremony.starts_at, self.closes_offset_minutes)

    def is_open(self, at: datetime) -> bool:
        return self.opens_at <= at < self.closes_at


class ReadinessCheckIn(db.Model):
    """One report of a point; the client's idempotency key makes a resent report a no-op."""

    __tablename__ = "readiness_checkins"
    __table_args__ = (sa.UniqueConstraint("site_id", "idempotency_key"),
                      sa.Index("ix_readiness_checkins_phase_site", "phase_id", "site_id", "reported_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    phase_id: Mapped[int] = mapped_column(sa.ForeignKey("readiness_phases.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[PointStatus] = mapped_column(sa.Enum(PointStatus, native_enum=False, length=20))
    bandwidth_mbps: Mapped[float | None] = mapped_column(sa.Float())
    headcount: Mapped[int | None] = mapped_column()
    note: Mapped[str] = mapped_column(sa.Text(), default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    reported_by: Mapped[str] = mapped_column(sa.String(200), default="")  # "token" or the account e-mail

    site = relationship("Site")
    phase: Mapped[ReadinessPhase] = relationship()
    answers: Mapped[list[ReadinessAnswer]] = relationship(cascade="all, delete-orphan",
                                                        order_by="ReadinessAnswer.id")


class ReadinessAnswer(db.Model):
    """The state of one checklist item in one check-in."""

    __tablename__ = "readiness_answers"
    __table_args__ = (sa.UniqueConstraint("checkin_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkin_id: Mapped[int] = mapped_column(sa.ForeignKey("readiness_checkins.id", ondelete="CASCADE"),
                                            index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("readiness_items.id", ondelete="CASCADE"))
    state: Mapped[ItemState] = mapped_column(sa.Enum(ItemState, native_enum=False, length=20))
    note: Mapped[str] = mapped_column(sa.Text(), default="")
    value: Mapped[str] = mapped_column(sa.String(120), default="")  # a measured figure with its unit
    is_measured: Mapped[bool] = mapped_column(default=False)  # filled by the self-test ("đo tự động")

    item: Mapped[ReadinessItem] = relationship()


class ReadinessHeartbeat(db.Model):
    """The last heartbeat of a point (one row per site, updated in place)."""

    __tablename__ = "readiness_heartbeats"

    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reported_offline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ReadinessSiteToken(db.Model):
    """An operator link of one site: the signed token carries ``nonce``; revoking it kills the link."""

    __tablename__ = "readiness_site_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(sa.String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    site = relationship("Site")


class ReadinessFlag(db.Model):
    """A point that had not reported when a window closed (once per point and window)."""

    __tablename__ = "readiness_flags"
    __table_args__ = (sa.UniqueConstraint("phase_id", "site_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(sa.ForeignKey("readiness_phases.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a late report came in

    site = relationship("Site")
    phase: Mapped[ReadinessPhase] = relationship()
    escalations: Mapped[list[ReadinessEscalation]] = relationship(order_by="ReadinessEscalation.level")


class ReadinessEscalation(db.Model):
    """Who was told about a flag, at which level (1: the district, 2: the province), and when."""

    __tablename__ = "readiness_escalations"
    __table_args__ = (sa.UniqueConstraint("flag_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(sa.ForeignKey("readiness_flags.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column()
    target_site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"))
    recipient: Mapped[str] = mapped_column(sa.String(200))
    message: Mapped[str] = mapped_column(sa.Text())
    escalated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    notification_key: Mapped[str] = mapped_column(sa.String(200))

    target_site = relationship("Site")


class ReadinessBoardVersion(db.Model):
    """A counter per ceremony, raised in the same transaction as every change a readiness board shows
    (a check-in, a point back online or gone offline, a ticket, a window opened or closed).

    The shared board snapshot (``readiness.snapshot``) is reused while its version is the current one,
    and the live deltas carry the version they bring the snapshot to.
    """

    __tablename__ = "readiness_board_versions"

    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
