"""Webhook endpoints of a ceremony, the deliveries queued for them (the outbox) and every attempt."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class DeliveryStatus(str, enum.Enum):
    pending = "pending"      # waiting for its turn or for its next attempt
    delivered = "delivered"  # the receiver answered 2xx
    failed = "failed"        # given up after MAX_AGE of failures; replayable


class WebhookEndpoint(db.Model):
    """A URL of another system that hears some events of one ceremony. ``secret`` signs each delivery
    (``whsec_`` + base64); it is shown once when the endpoint is created and never again."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.String(200), default="")
    secret: Mapped[str] = mapped_column(sa.String(100))
    events: Mapped[str] = mapped_column(sa.String(500))  # space-separated event types
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)

    @property
    def event_list(self) -> list[str]:
        return self.events.split()


class WebhookDelivery(db.Model):
    """One event for one endpoint: written in the transaction of the event (the outbox), sent by the
    scheduler. ``message_id`` is the ``webhook-id`` header: the same on every attempt and replay, so a
    receiver that got it before can drop the copy."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (sa.Index("ix_webhook_deliveries_endpoint_status", "endpoint_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    event_type: Mapped[str] = mapped_column(sa.String(60))
    payload: Mapped[str] = mapped_column(sa.Text())  # the exact JSON body that is signed and sent
    status: Mapped[DeliveryStatus] = mapped_column(sa.Enum(DeliveryStatus, native_enum=False, length=20),
                                                   default=DeliveryStatus.pending)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status_code: Mapped[int | None] = mapped_column()
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")

    endpoint: Mapped[WebhookEndpoint] = relationship()
    attempt_log: Mapped[list[WebhookAttempt]] = relationship(order_by="WebhookAttempt.id",
                                                            cascade="all, delete-orphan")


class WebhookAttempt(db.Model):
    """One try to deliver: when, what the receiver answered (or why nothing came back), how long."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(sa.ForeignKey("webhook_deliveries.id", ondelete="CASCADE"),
                                             index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status_code: Mapped[int | None] = mapped_column()
    error: Mapped[str] = mapped_column(sa.String(500), default="")
    duration_ms: Mapped[int] = mapped_column(default=0)
