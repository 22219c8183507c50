"""Queue a notification once; deliver queued notifications through every channel."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app

from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.notifications import channels
from ceremony.notifications.models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5  # after that a failing message stays unsent, its error on record


def insert_ignore(model, values: dict) -> bool:
    """INSERT a row unless it breaks a unique constraint; True when this call inserted it.

    ``ON CONFLICT DO NOTHING`` on PostgreSQL and SQLite: two processes racing on the same row
    both succeed, and exactly one of them sees True.
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = model.__table__
    statement = insert(table).values(**values).on_conflict_do_nothing().returning(*table.primary_key.columns)
    return db.session.execute(statement).first() is not None


def queue_notification(dedupe_key: str, *, recipient: str, address: str, subject: str, body: str) -> bool:
    """Queue a message (in the caller's transaction); False when that key was queued before."""
    return insert_ignore(Notification, dict(dedupe_key=dedupe_key, recipient=recipient, address=address,
                                            subject=subject, body=body, created_at=now()))


def deliver_pending(limit: int = 100) -> int:
    """Send queued messages, each by exactly one caller (an atomic claim); commits. Returns how many."""
    ids = list(db.session.scalars(sa.select(Notification.id).where(Notification.claimed_at.is_(None))
                                  .order_by(Notification.id).limit(limit)))
    db.session.rollback()
    sent = 0
    app = current_app._get_current_object()
    for notification_id in ids:
        claimed = db.session.execute(
            sa.update(Notification).where(Notification.id == notification_id, Notification.claimed_at.is_(None))
            .values(claimed_at=now())
        ).rowcount
        db.session.commit()
        if not claimed:
            continue
        notification = db.session.get(Notification, notification_id)
        # A retry goes only through the channels that failed: nobody gets the same SMS twice.
        used = [c for c in notification.channels.split(",") if c]
        errors = []
        for name, send in list(channels.CHANNELS.items()):
            if name in used:
                continue
            try:
                if send(notification, app):
                    used.append(name)
            except Exception as error:  # one broken gateway must not silence the others
                log.exception("notification %s: channel %s failed", notification_id, name)
                errors.append(f"{name}: {error}")
        notification.attempts += 1
        notification.channels = ",".join(used)
        notification.error = "; ".join(errors)[:500]
        if errors and notification.attempts < MAX_ATTEMPTS:
            # A gateway failed (SMTP down, say): the log has it, but the record must not say "sent";
            # release the claim so a later run tries the failed channels again.
            notification.claimed_at = None
            notification.sent_at = None
        else:
            notification.sent_at = now() if used and not errors else None
        db.session.commit()
        sent += 1
    return sent
