"""Self-test: the measurements of a check-in (typed), the thresholds of a ceremony, bridge details."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db
from ceremony.readiness.models import ReadinessCheckIn


class MediaPath(str, enum.Enum):
    udp = "udp"              # the WebRTC loopback connected over UDP: what a video call wants
    tcp = "tcp"              # ICE-TCP only
    relay = "relay"          # only through a TURN relay
    blocked = "blocked"      # no media path at all: UDP is blocked (HTTPS still works)
    untested = "untested"    # the peer was not reachable or the browser has no WebRTC


class Measurement(db.Model):
    """What the self-test measured, attached to the check-in it was reported with (one per check-in).

    Every figure is optional: a phone without a camera still reports its network.
    """

    __tablename__ = "selftest_measurements"

    checkin_id: Mapped[int] = mapped_column(sa.ForeignKey("readiness_checkins.id", ondelete="CASCADE"),
                                            primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    measured_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    download_mbps: Mapped[float | None] = mapped_column(sa.Float())
    upload_mbps: Mapped[float | None] = mapped_column(sa.Float())
    server_upload_mbps: Mapped[float | None] = mapped_column(sa.Float())  # timed by the server
    rtt_ms: Mapped[float | None] = mapped_column(sa.Float())           # median of the burst
    rtt_p95_ms: Mapped[float | None] = mapped_column(sa.Float())
    jitter_ms: Mapped[float | None] = mapped_column(sa.Float())
    loss_pct: Mapped[float | None] = mapped_column(sa.Float())         # HTTP probes that failed
    clock_offset_ms: Mapped[float | None] = mapped_column(sa.Float())  # server minus device
    media_path: Mapped[MediaPath | None] = mapped_column(sa.Enum(MediaPath, native_enum=False, length=20))
    media_rtt_ms: Mapped[float | None] = mapped_column(sa.Float())
    media_jitter_ms: Mapped[float | None] = mapped_column(sa.Float())
    media_loss_pct: Mapped[float | None] = mapped_column(sa.Float())
    media_mos: Mapped[float | None] = mapped_column(sa.Float())
    camera_width: Mapped[int | None] = mapped_column()
    camera_height: Mapped[int | None] = mapped_column()
    camera_brightness: Mapped[float | None] = mapped_column(sa.Float())  # mean luma 0–255
    camera_frozen: Mapped[bool | None] = mapped_column()
    mic_level_db: Mapped[float | None] = mapped_column(sa.Float())      # peak RMS, dBFS
    mic_silent: Mapped[bool | None] = mapped_column()
    speakers_heard: Mapped[bool | None] = mapped_column()   # the test tone came back through the mic
    speakers_confirmed: Mapped[bool | None] = mapped_column()  # the operator said they heard it
    user_agent: Mapped[str] = mapped_column(sa.String(300), default="")

    checkin: Mapped[ReadinessCheckIn] = relationship(backref=sa.orm.backref("measurement", uselist=False,
                                                                            passive_deletes=True))


class Thresholds(db.Model):
    """When a measured figure makes a point a problem, per ceremony (defaults from the plans)."""

    __tablename__ = "selftest_thresholds"

    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), primary_key=True)
    min_download_mbps: Mapped[float] = mapped_column(sa.Float(), default=4.0)
    min_upload_mbps: Mapped[float] = mapped_column(sa.Float(), default=2.0)
    max_rtt_ms: Mapped[float] = mapped_column(sa.Float(), default=150.0)
    max_clock_offset_ms: Mapped[float] = mapped_column(sa.Float(), default=500.0)
    max_jitter_ms: Mapped[float] = mapped_column(sa.Float(), default=30.0)
    max_loss_pct: Mapped[float] = mapped_column(sa.Float(), default=1.0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)


class BridgeDetails(db.Model):
    """How a point joins the video bridge, and who fixes it: printed on the site kit, shown to the operator."""

    __tablename__ = "selftest_bridge_details"

    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    endpoint: Mapped[str] = mapped_column(sa.String(500), default="")     # room link or SIP/H.323 address
    backup_link: Mapped[str] = mapped_column(sa.String(500), default="")
    tech_contact: Mapped[str] = mapped_column(sa.String(120), default="")
    tech_phone: Mapped[str] = mapped_column(sa.String(30), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)

    site = relationship("Site")
