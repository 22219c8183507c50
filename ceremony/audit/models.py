"""One row per change of an audited entity."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class AuditEntry(db.Model):
    """Who (a person, an API token, a link, the scheduler or the system) did what to which entity.

    ``changes`` is JSON: ``{"before": {...}, "after": {...}}`` with only the fields that changed (all of
    them for a creation or a deletion). No foreign keys: the trail outlives what it describes.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_ceremony_at", "ceremony_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int | None] = mapped_column(sa.Integer())
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    actor_kind: Mapped[str] = mapped_column(sa.String(20))  # user, token, link, scheduler, system
    actor_user_id: Mapped[int | None] = mapped_column(sa.Integer())
    actor_label: Mapped[str] = mapped_column(sa.String(200), default="")
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str] = mapped_column(sa.String(40))
    entity_label: Mapped[str] = mapped_column(sa.String(300), default="")
    action: Mapped[str] = mapped_column(sa.String(10))  # create, update, delete
    changes: Mapped[str] = mapped_column(sa.Text(), default="{}")


from ceremony.audit.registry import register_defaults  # noqa: E402  (every audited model, once)

register_defaults()
