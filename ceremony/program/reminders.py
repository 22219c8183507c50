"""Reminders before a segment: to the people on stage and to the operator of the point with the floor.

Each reminder is recorded in ``program_reminders`` (unique per segment and recipient) with an
``INSERT … ON CONFLICT DO NOTHING``, so two scheduler ticks, or two processes, send it once.
Delivery goes through ``ceremony.notifications`` when that domain is installed, else to the log.
"""
from __future__ import annotations

import importlib
import logging
from datetime import timedelta

import sqlalchemy as sa

from ceremony.core.time import local, now
from ceremony.core.wording import in_sentence
from ceremony.extensions import db
from ceremony.program import queries
from ceremony.program.models import Reminder

log = logging.getLogger(__name__)
LEAD_MINUTES = 10


def _insert_once(segment_id: int, recipient: str, channel: str) -> bool:
    dialect = db.session.get_bind().dialect.name
    module = "postgresql" if dialect == "postgresql" else "sqlite"
    insert = importlib.import_module(f"sqlalchemy.dialects.{module}").insert
    statement = (insert(Reminder.__table__).values(segment_id=segment_id, recipient=recipient, channel=channel,
                                                   sent_at=now())
                 .on_conflict_do_nothing().returning(Reminder.__table__.c.id))
    # RETURNING, not rowcount: an ORM-enabled INSERT does not report rowcount on every driver.
    return db.session.execute(statement).scalar() is not None


def _notifier():
    try:
        return importlib.import_module("ceremony.notifications.operations").queue_notification
    except (ImportError, AttributeError):
        return None


def _recipients(segment) -> list[tuple[str, str, str]]:
    """(key, who in words, address) of everyone to remind for ``segment``."""
    people = []
    for person in segment.people:
        if person.delegate is not None:
            contact = person.delegate.person.email or person.delegate.person.phone
            people.append((f"delegate:{person.delegate_id}", person.label, contact))
    site = segment.floor_site
    if site is not None:
        people.append((f"site:{site.code}", f"Điểm cầu {in_sentence(site.name)}", site.operator_email or site.operator_phone))
    return people


def send_due_reminders(at=None, lead_minutes: int = LEAD_MINUTES) -> int:
    """Remind everyone whose segment is expected to start within ``lead_minutes``; returns how many."""
    from ceremony.ceremonies.models import Ceremony, CeremonyStatus

    at = at or now()
    ceremonies = db.session.scalars(sa.select(Ceremony).where(
        Ceremony.status.in_([CeremonyStatus.published, CeremonyStatus.live]),
        Ceremony.starts_at <= at + timedelta(minutes=lead_minutes), Ceremony.starts_at >= at - timedelta(hours=12)))
    queue = _notifier()
    sent = 0
    for ceremony in ceremonies:
        for slot in queries.build_timeline(ceremony, at=at).slots:
            if slot.state != "upcoming" or not at <= slot.expected_start <= at + timedelta(minutes=lead_minutes):
                continue
            for key, who, address in _recipients(slot.segment):
                channel = "notifications" if queue else "log"
                if not _insert_once(slot.segment.id, key, channel):
                    continue
                subject = f"Nhắc: {slot.segment.title} lúc {local(slot.expected_start).strftime('%H:%M')}"
                body = (f"{ceremony.title}\n{subject}\n"
                        f"Xin {who} chuẩn bị; phần này dự kiến bắt đầu lúc "
                        f"{local(slot.expected_start).strftime('%H:%M')}.")
                if queue is not None:
                    queue(f"program-reminder:{slot.segment.id}:{key}", recipient=who, address=address or "",
                          subject=subject, body=body)
                else:
                    log.info("reminder to %s <%s>: %s", who, address, subject)
                sent += 1
    db.session.flush()
    return sent
