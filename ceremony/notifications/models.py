"""A record of who was told what, when, and through which channel."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class Notification(db.Model):
    """One message to one recipient; ``dedupe_key`` is unique so a message is queued at most once."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    recipient: Mapped[str] = mapped_column(sa.String(200))  # who, in words: "Điểm cầu huyện Đức Phổ"
    address: Mapped[str] = mapped_column(sa.String(200), default="")  # e-mail, phone, chat id
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channels: Mapped[str] = mapped_column(sa.String(200), default="")  # comma list of channels used
    error: Mapped[str] = mapped_column(sa.String(500), default="")
    attempts: Mapped[int] = mapped_column(default=0)
