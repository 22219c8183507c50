"""An invitation (Giấy mời) of one delegate, carrying the token of its QR code."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class RsvpStatus(str, enum.Enum):
    pending = "pending"
    attending = "attending"
    declined = "declined"
    substituted = "substituted"  # sent someone in their place (cử người dự thay)


class Invitation(db.Model):
    """Issued once per delegate; revoked (never deleted) when the delegate is replaced."""

    __tablename__ = "invitations"
    __table_args__ = (
        sa.UniqueConstraint("ceremony_id", "serial"),
        # At most one live invitation per delegate: a reissue revokes the old one first.
        sa.Index("uq_invitations_active_delegate", "delegate_id", unique=True,
                 sqlite_where=sa.text("revoked_at IS NULL"), postgresql_where=sa.text("revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int] = mapped_column(sa.ForeignKey("delegates.id", ondelete="CASCADE"), index=True)
    serial: Mapped[int] = mapped_column()  # letter number within the ceremony: "Số: 12/GM-UBND"
    key: Mapped[str] = mapped_column(sa.String(32), unique=True)  # the random part of the token
    token: Mapped[str] = mapped_column(sa.String(80), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_reason: Mapped[str] = mapped_column(sa.String(200), default="")
    rsvp_status: Mapped[RsvpStatus] = mapped_column(
        sa.Enum(RsvpStatus, native_enum=False, length=20), default=RsvpStatus.pending)
    rsvp_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The invitation this one replaces, when a delegate sends a substitute.
    substitute_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invitations.id"))

    delegate = relationship("Delegate")
    ceremony = relationship("Ceremony")
    substitute_for: Mapped[Invitation | None] = relationship(remote_side="Invitation.id")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
