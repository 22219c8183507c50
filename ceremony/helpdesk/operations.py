"""Writes of the help desk: open a ticket, take it, talk, resolve, escalate the untaken. Flush, never commit.

Every change is published on the desk's live topic and repaints the point's tile on the readiness
board (a point with an open ticket shows as a problem; resolved, it is back to its last report).
"""
from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import local, now
from ceremony.core.wording import in_sentence
from ceremony.extensions import db
from ceremony.helpdesk.models import Ticket, TicketMessage, TicketStatus
from ceremony.helpdesk.queries import ticket_dict, topic
from ceremony.live import publish_after_commit

MAX_PHOTO = 3 * 1024 * 1024
MAX_PROBLEM = 2000
MAX_MESSAGE = 1000


def photo_type(data: bytes) -> str | None:
    """The image type from the file's first bytes (the name and the declared type are not trusted)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def decode_photo(encoded: str | None) -> tuple[bytes | None, str]:
    """A photo sent as base64 (a data: URL is accepted): its bytes and checked type."""
    if not encoded:
        return None, ""
    if encoded.startswith("data:"):
        encoded = encoded.partition(",")[2]
    if len(encoded) > MAX_PHOTO * 4 // 3 + 8:
        raise InvalidInput(f"photo: at most {MAX_PHOTO // (1024 * 1024)} MB", field="photo")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("photo: not valid base64", field="photo") from None
    if len(data) > MAX_PHOTO:
        raise InvalidInput(f"photo: at most {MAX_PHOTO // (1024 * 1024)} MB", field="photo")
    kind = photo_type(data)
    if kind is None:
        raise InvalidInput("photo: only JPEG, PNG or WebP pictures", field="photo")
    return data, kind


def _publish(ticket: Ticket, event: str) -> None:
    db.session.flush()
    publish_after_commit(topic(ticket.ceremony_id), event, ticket_dict(ticket))
    _repaint(ticket)


def _repaint(ticket: Ticket) -> None:
    """The point's tile follows its tickets."""
    from ceremony.readiness.queries import current_phase
    from ceremony.readiness.snapshot import publish_point

    phase = current_phase(ticket.ceremony_id)
    if phase is not None:
        publish_point(ticket.site, phase)


def open_ticket(site, *, problem: str, idempotency_key: str, opened_by: str, photo: bytes | None = None,
                photo_kind: str = "", at: datetime | None = None) -> tuple[Ticket, bool]:
    """A point asks for help; a resent key returns the stored ticket. Returns ``(ticket, created)``."""
    key = (idempotency_key or "").strip()
    if not 8 <= len(key) <= 64:
        raise InvalidInput("idempotency_key needs 8 to 64 characters", field="idempotency_key")
    existing = db.session.scalar(sa.select(Ticket).where(Ticket.site_id == site.id, Ticket.idempotency_key == key))
    if existing is not None:
        return existing, False
    text = (problem or "").strip()
    if not text:
        raise InvalidInput("problem: say what is wrong", field="problem")
    if len(text) > MAX_PROBLEM:
        raise InvalidInput(f"problem: at most {MAX_PROBLEM} characters", field="problem")
    if photo is not None:
        if len(photo) > MAX_PHOTO:
            raise InvalidInput(f"photo: at most {MAX_PHOTO // (1024 * 1024)} MB", field="photo")
        photo_kind = photo_type(photo) or ""
        if not photo_kind:
            raise InvalidInput("photo: only JPEG, PNG or WebP pictures", field="photo")
    ticket = Ticket(ceremony_id=site.ceremony_id, site_id=site.id, idempotency_key=key, problem=text,
                    status=TicketStatus.open, opened_at=at or now(), opened_by=opened_by[:200],
                    photo=photo, photo_type=photo_kind if photo is not None else "")
    try:
        with db.session.begin_nested():
            db.session.add(ticket)
    except sa.exc.IntegrityError:  # the same key raced in: that one wins
        existing = db.session.scalar(sa.select(Ticket).where(Ticket.site_id == site.id,
                                                             Ticket.idempotency_key == key))
        if existing is None:
            raise
        return existing, False
    _publish(ticket, "ticket")
    return ticket, True


def get_ticket(ceremony_id: int, ticket_id: int) -> Ticket:
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket.ceremony_id != ceremony_id:
        raise NotFound(f"no ticket {ticket_id}", field="ticket_id")
    return ticket


def acknowledge(ticket: Ticket, *, by: str, at: datetime | None = None) -> Ticket:
    """A desk takes the ticket (the first one wins; taking a taken ticket is a conflict)."""
    at = at or now()
    claimed = db.session.execute(sa.update(Ticket).where(Ticket.id == ticket.id, Ticket.status == TicketStatus.open)
                                 .values(status=TicketStatus.acknowledged, acknowledged_at=at,
                                         acknowledged_by=by[:200])).rowcount
    db.session.refresh(ticket)
    if not claimed:
        if ticket.status is TicketStatus.resolved:
            raise Conflict("this ticket is already resolved", field="action")
        raise Conflict(f"already taken by {ticket.acknowledged_by}", field="action")
    _publish(ticket, "ticket")
    return ticket


def add_message(ticket: Ticket, *, author: str, body: str, from_point: bool, at: datetime | None = None) -> TicketMessage:
    """One line in the ticket's thread."""
    text = (body or "").strip()
    if not text:
        raise InvalidInput("message: write something", field="message")
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(f"message: at most {MAX_MESSAGE} characters", field="message")
    if ticket.status is TicketStatus.resolved:
        raise Conflict("this ticket is resolved: open a new one", field="message")
    message = TicketMessage(ticket_id=ticket.id, author=author[:200], body=text, from_point=from_point,
                            created_at=at or now())
    db.session.add(message)
    db.session.flush()
    db.session.refresh(ticket)
    _publish(ticket, "ticket")
    return message


def resolve(ticket: Ticket, *, by: str, at: datetime | None = None) -> Ticket:
    """The problem is fixed; an untaken ticket counts as taken at the same moment."""
    at = at or now()
    if ticket.status is TicketStatus.resolved:
        raise Conflict("this ticket is already resolved", field="action")
    if ticket.acknowledged_at is None:
        ticket.acknowledged_at, ticket.acknowledged_by = at, by[:200]
    ticket.status, ticket.resolved_at, ticket.resolved_by = TicketStatus.resolved, at, by[:200]
    _publish(ticket, "ticket")
    return ticket


def escalate_unanswered(at: datetime | None = None) -> list[Ticket]:
    """Tickets nobody took within ``HELPDESK_ESCALATE_AFTER_MINUTES`` go up one level, once each
    (claimed by a conditional UPDATE, so two schedulers never both send)."""
    from ceremony.readiness.escalation import notify_ancestor

    at = at or now()
    delay = timedelta(minutes=float(current_app.config.get("HELPDESK_ESCALATE_AFTER_MINUTES", 5)))
    due = list(db.session.scalars(sa.select(Ticket).where(Ticket.status == TicketStatus.open,
                                                          Ticket.escalated_at.is_(None),
                                                          Ticket.opened_at <= at - delay).order_by(Ticket.id)))
    escalated = []
    for ticket in due:
        claimed = db.session.execute(sa.update(Ticket).where(Ticket.id == ticket.id, Ticket.escalated_at.is_(None),
                                                             Ticket.status == TicketStatus.open)
                                     .values(escalated_at=at)).rowcount
        if not claimed:
            continue
        site = ticket.site
        minutes = int((at - ticket.opened_at).total_seconds() // 60)
        body = (f"Điểm cầu {in_sentence(site.name)} ({site.code}) cần hỗ trợ kỹ thuật từ "
                f"{local(ticket.opened_at).strftime('%H:%M %d/%m/%Y')}, đã {minutes} phút chưa có ai nhận: "
                f"«{ticket.problem[:300]}». Liên hệ: {site.operator_name or 'cán bộ kỹ thuật'} "
                f"{site.operator_phone}".strip())
        told = notify_ancestor(site, 1, key=f"helpdesk:ticket:{ticket.id}:escalation",
                               subject=f"[Hỗ trợ] {site.name} chưa được nhận xử lý", body=body)
        db.session.refresh(ticket)  # the claimed escalated_at
        ticket.escalated_to = (told or "")[:200]
        _publish(ticket, "ticket")
        escalated.append(ticket)
    return escalated
