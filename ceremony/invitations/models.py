"""An invitation (Giấy mời) of one delegate, carrying the token of its QR code."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db
from ceremony.invitations.codes import new_code, grouped


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
        # The code people type at the gate names one invitation of the ceremony.
        sa.UniqueConstraint("ceremony_id", "short_code"),
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
    # Printed under the QR ("ABCD-EFGH"), typed at the gate when the QR cannot be read. Issuing
    # operations draw it against the ceremony's codes; the default serves direct inserts.
    short_code: Mapped[str] = mapped_column(sa.String(8), default=new_code)
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

    @property
    def code_display(self) -> str:
        return grouped(self.short_code)


class LetterSettings(db.Model):
    """What every Giấy mời of a ceremony shares: one registered document, one number and date,
    one signer. Set once per ceremony by the organizer; letters print from it."""

    __tablename__ = "invitation_letter_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), unique=True)
    number: Mapped[str] = mapped_column(sa.String(20), default="")  # "125" of "Số: 125/GM-UBND"
    symbol: Mapped[str] = mapped_column(sa.String(40), default="GM-UBND")  # ký hiệu
    letter_date: Mapped[date | None] = mapped_column(sa.Date())
    signer_authority: Mapped[str] = mapped_column(sa.String(60), default="TL. CHỦ TỊCH")
    signer_title: Mapped[str] = mapped_column(sa.String(120), default="CHÁNH VĂN PHÒNG")
    signer_name: Mapped[str] = mapped_column(sa.String(120), default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
