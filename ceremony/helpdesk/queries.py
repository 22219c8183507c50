"""Reads of the help desk: tickets a desk may see, the point's open tickets, response times."""
from __future__ import annotations

import statistics

import sqlalchemy as sa

from ceremony.extensions import db
from ceremony.helpdesk.models import Ticket, TicketStatus
from ceremony.readiness.models import PointStatus
from ceremony.readiness.queries import state_hook

OPEN = (TicketStatus.open, TicketStatus.acknowledged)


def topic(ceremony_id: int) -> str:
    """The live topic of a ceremony's help desk."""
    return f"helpdesk:{ceremony_id}"


def _iso(value):
    return value.isoformat() if value is not None else None


def ticket_dict(ticket: Ticket) -> dict:
    """A ticket as the desk and the point see it (the photo is fetched separately)."""
    site = ticket.site
    return {"id": ticket.id, "ceremony_id": ticket.ceremony_id, "site_id": ticket.site_id,
            "site_code": site.code, "site_name": site.name, "site_tier": site.tier.value,
            "district": site.parent.name if site.parent is not None and site.tier.value == "commune" else "",
            "status": ticket.status.value, "problem": ticket.problem, "has_photo": ticket.has_photo,
            "opened_at": _iso(ticket.opened_at), "opened_by": ticket.opened_by,
            "acknowledged_at": _iso(ticket.acknowledged_at), "acknowledged_by": ticket.acknowledged_by,
            "resolved_at": _iso(ticket.resolved_at), "resolved_by": ticket.resolved_by,
            "escalated_at": _iso(ticket.escalated_at), "escalated_to": ticket.escalated_to,
            "acknowledge_seconds": ticket.acknowledge_seconds, "resolve_seconds": ticket.resolve_seconds,
            "operator_phone": site.operator_phone,
            "messages": [{"id": m.id, "author": m.author, "from_point": m.from_point, "body": m.body,
                          "created_at": _iso(m.created_at)} for m in ticket.messages]}


def tickets(ceremony_id: int, *, site_ids=None, status: str | None = None, limit: int = 200) -> list[Ticket]:
    """Tickets of the ceremony, the unresolved first then the latest; ``status`` ``open`` means not resolved."""
    query = sa.select(Ticket).where(Ticket.ceremony_id == ceremony_id)
    if site_ids is not None:
        query = query.where(Ticket.site_id.in_(list(site_ids)))
    if status == "open":
        query = query.where(Ticket.status.in_(OPEN))
    elif status:
        query = query.where(Ticket.status == TicketStatus(status))
    resolved_last = sa.case((Ticket.status == TicketStatus.resolved, 1), else_=0)
    return list(db.session.scalars(query.order_by(resolved_last, Ticket.opened_at.desc(), Ticket.id.desc())
                                   .limit(limit)))


def open_counts(ceremony_id: int) -> dict[int, int]:
    rows = db.session.execute(sa.select(Ticket.site_id, sa.func.count()).where(
        Ticket.ceremony_id == ceremony_id, Ticket.status.in_(OPEN)).group_by(Ticket.site_id))
    return {site_id: n for site_id, n in rows}


@state_hook
def tickets_are_problems(ceremony_id: int, phase, states: dict[int, dict]) -> None:
    """A point that asked for help and is not yet helped is a problem on the board (offline stays offline)."""
    for site_id, n in open_counts(ceremony_id).items():
        state = states.get(site_id)
        if state is None:
            continue
        state["open_tickets"] = n
        if state["status"] != PointStatus.offline.value:
            state["status"] = PointStatus.problem.value


def report(ceremony_id: int, opens_at=None, closes_at=None) -> dict:
    """Tickets opened in a window, with the desk's time to take and to resolve them (minutes)."""
    query = sa.select(Ticket).where(Ticket.ceremony_id == ceremony_id)
    if opens_at is not None:
        query = query.where(Ticket.opened_at >= opens_at)
    if closes_at is not None:
        query = query.where(Ticket.opened_at < closes_at)
    rows = list(db.session.scalars(query.order_by(Ticket.opened_at, Ticket.id)))
    ack = [t.acknowledge_seconds / 60 for t in rows if t.acknowledge_seconds is not None]
    done = [t.resolve_seconds / 60 for t in rows if t.resolve_seconds is not None]
    return {"tickets": rows, "count": len(rows), "unresolved": sum(t.status is not TicketStatus.resolved for t in rows),
            "escalated": sum(t.escalated_at is not None for t in rows),
            "acknowledge_median_minutes": statistics.median(ack) if ack else None,
            "resolve_median_minutes": statistics.median(done) if done else None}
