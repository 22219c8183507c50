"""Help-desk tickets of bridge points, their thread and optional photo."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class TicketStatus(str, enum.Enum):
    open = "open"                  # waiting for a desk to take it
    acknowledged = "acknowledged"  # a desk has taken it
    resolved = "resolved"


class Ticket(db.Model):
    """One request for help from one point; the times make the desk's response measurable."""

    __tablename__ = "helpdesk_tickets"
    __table_args__ = (sa.UniqueConstraint("site_id", "idempotency_key"),
                      sa.Index("ix_helpdesk_tickets_ceremony_status", "ceremony_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    idempotency_key: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[TicketStatus] = mapped_column(sa.Enum(TicketStatus, native_enum=False, length=20),
                                                 default=TicketStatus.open)
    problem: Mapped[str] = mapped_column(sa.Text())
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    opened_by: Mapped[str] = mapped_column(sa.String(200), default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by: Mapped[str] = mapped_column(sa.String(200), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str] = mapped_column(sa.String(200), default="")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # once, when nobody took it
    escalated_to: Mapped[str] = mapped_column(sa.String(200), default="")
    photo_type: Mapped[str] = mapped_column(sa.String(40), default="")   # image/jpeg, image/png, image/webp
    photo: Mapped[bytes | None] = mapped_column(sa.LargeBinary(), deferred=True)

    site = relationship("Site")
    messages: Mapped[list[TicketMessage]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                         order_by="TicketMessage.id")

    @property
    def has_photo(self) -> bool:
        return bool(self.photo_type)

    @property
    def acknowledge_seconds(self) -> float | None:
        return (self.acknowledged_at - self.opened_at).total_seconds() if self.acknowledged_at else None

    @property
    def resolve_seconds(self) -> float | None:
        return (self.resolved_at - self.opened_at).total_seconds() if self.resolved_at else None


class TicketMessage(db.Model):
    """One line of a ticket's thread (the point or a desk)."""

    __tablename__ = "helpdesk_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("helpdesk_tickets.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(sa.String(200))
    from_point: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(sa.Text())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
