"""Check-ins (one per delegate and ceremony), the log of every scan, and headcounts of remote points."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class ScanResult(str, enum.Enum):
    welcome = "welcome"          # checked in now
    already = "already"          # checked in before (when, at which gate)
    not_invited = "not_invited"  # a real token, but of another ceremony or unknown here
    revoked = "revoked"          # the invitation was revoked (a substitute came instead)
    unreadable = "unreadable"    # not a token of this service: mistyped, damaged or forged


class CheckInMethod(str, enum.Enum):
    scan = "scan"        # camera or hand scanner at a gate
    typed = "typed"      # code typed at a gate
    search = "search"    # picked from a name search at a gate
    roster = "roster"    # ticked on the roster of a remote point
    offline = "offline"  # scanned while the gate had no network, uploaded later


class DelegateCheckIn(db.Model):
    """A delegate's arrival. The unique constraint makes a check-in happen exactly once."""

    __tablename__ = "attendance_checkins"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "delegate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int] = mapped_column(sa.ForeignKey("delegates.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invitations.id", ondelete="SET NULL"))
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime())
    gate: Mapped[str] = mapped_column(sa.String(60), default="")
    device: Mapped[str] = mapped_column(sa.String(80), default="")
    method: Mapped[CheckInMethod] = mapped_column(sa.Enum(CheckInMethod, native_enum=False, length=10))
    is_late: Mapped[bool] = mapped_column(default=False)
    # The program segment that was running when a late delegate arrived (kept by title too, so the
    # report survives a program edit).
    late_segment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("segments.id", ondelete="SET NULL"))
    late_segment_title: Mapped[str] = mapped_column(sa.String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)

    delegate = relationship("Delegate")


class GateScan(db.Model):
    """Every scan a gate sent, failed ones included. (ceremony, device, nonce) is unique: a retry is kept
    once, and a device's nonces never collide with the same device's scans at another ceremony."""

    __tablename__ = "attendance_scans"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "device", "nonce"),
                      sa.Index("ix_attendance_scans_ceremony_conflict", "ceremony_id", "is_conflict"))

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    gate: Mapped[str] = mapped_column(sa.String(60), default="")
    device: Mapped[str] = mapped_column(sa.String(80))
    nonce: Mapped[str] = mapped_column(sa.String(80))
    text: Mapped[str] = mapped_column(sa.String(300), default="")  # what was scanned or typed
    method: Mapped[CheckInMethod] = mapped_column(sa.Enum(CheckInMethod, native_enum=False, length=10))
    result: Mapped[ScanResult] = mapped_column(sa.Enum(ScanResult, native_enum=False, length=12))
    delegate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegates.id", ondelete="SET NULL"))
    checkin_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attendance_checkins.id", ondelete="SET NULL"))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the gate's clock
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    is_offline: Mapped[bool] = mapped_column(default=False)
    # What an offline gate showed; a conflict is a scan let in offline that the server refuses.
    local_result: Mapped[str] = mapped_column(sa.String(12), default="")
    is_conflict: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    delegate = relationship("Delegate")
    checkin: Mapped[DelegateCheckIn | None] = relationship()


class PointHeadcount(db.Model):
    """The number of people a remote point reports in its hall (the latest report counts)."""

    __tablename__ = "attendance_headcounts"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "site_id"),
                      sa.CheckConstraint("count >= 0", name="count_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"))
    count: Mapped[int] = mapped_column()
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
