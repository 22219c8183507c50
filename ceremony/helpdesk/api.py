"""JSON API of the help desk: openTicket, listTickets, getTicket, updateTicket, addTicketMessage."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.errors import Forbidden, InvalidInput
from ceremony.extensions import db
from ceremony.helpdesk import access, operations, queries
from ceremony.helpdesk.schemas import (ListTicketsArgs, TicketMessageArgs, TicketMessageSchema, OpenTicketArgs, TicketListSchema,
                                       TicketSchema, UpdateTicketArgs)
from ceremony.sites.queries import get_site

blp = Blueprint("helpdesk_api", __name__, description="Help desk of the bridge points")
AUTH = ("Bearer token of an organizer or operator account (a district operator is the desk of its "
        "communes), or the point's operator link token in X-Site-Token")


def _ticket(ceremony_id: int, ticket_id: int):
    get_ceremony(ceremony_id)
    ticket = operations.get_ticket(ceremony_id, ticket_id)
    visible = access.visible_site_ids(ceremony_id)
    if visible is not None and ticket.site_id not in visible:
        raise Forbidden("this ticket belongs to a point you do not answer for")
    return ticket


@blp.route("/ceremonies/<int:ceremony_id>/helpdesk/sites/<int:site_id>/tickets", methods=["POST"])
@blp.arguments(OpenTicketArgs)
@blp.response(201, TicketSchema)
@blp.alt_response(200, schema=TicketSchema, description="the same idempotency key was stored before")
@blp.doc(operationId="openTicket", description=AUTH)
def open_ticket(args, ceremony_id, site_id):
    """The point asks for help ("Cần hỗ trợ"): what is wrong, and an optional photo."""
    get_ceremony(ceremony_id)
    site = get_site(site_id, ceremony_id)
    who, _from_point = access.authorize_point(site)
    photo, kind = operations.decode_photo(args["photo"])
    ticket, created = operations.open_ticket(site, problem=args["problem"], idempotency_key=args["idempotency_key"],
                                             opened_by=who, photo=photo, photo_kind=kind)
    db.session.commit()
    return queries.ticket_dict(ticket), 201 if created else 200


@blp.route("/ceremonies/<int:ceremony_id>/helpdesk/tickets")
@blp.arguments(ListTicketsArgs, location="query")
@blp.response(200, TicketListSchema)
@blp.doc(operationId="listTickets", description=AUTH)
def list_tickets(args, ceremony_id):
    """The tickets the caller may see, unresolved first (a point sees its own)."""
    get_ceremony(ceremony_id)
    visible = access.visible_site_ids(ceremony_id)
    if args["site_id"] is not None:
        visible = {args["site_id"]} if visible is None or args["site_id"] in visible else set()
    rows = queries.tickets(ceremony_id, site_ids=visible, status=args["status"])
    return {"items": [queries.ticket_dict(t) for t in rows]}


@blp.route("/ceremonies/<int:ceremony_id>/helpdesk/tickets/<int:ticket_id>")
@blp.response(200, TicketSchema)
@blp.doc(operationId="getTicket", description=AUTH)
def get_ticket(ceremony_id, ticket_id):
    """One ticket with its thread."""
    return queries.ticket_dict(_ticket(ceremony_id, ticket_id))


@blp.route("/ceremonies/<int:ceremony_id>/helpdesk/tickets/<int:ticket_id>", methods=["PATCH"])
@blp.arguments(UpdateTicketArgs)
@blp.response(200, TicketSchema)
@blp.doc(operationId="updateTicket", description=AUTH)
def update_ticket(args, ceremony_id, ticket_id):
    """A desk takes the ticket (acknowledge), resolves it, or adds a line to the thread (comment)."""
    ticket = _ticket(ceremony_id, ticket_id)
    action, message = args["action"], args["message"].strip()
    if action == "comment":
        who, from_point = access.authorize_point(ticket.site) if access.caller()[0] == "point" else \
            (access.authorize_desk(ticket.site), False)
        if not message:
            raise InvalidInput("message: write something", field="message")
    else:
        who, from_point = access.authorize_desk(ticket.site), False
    if action == "acknowledge":
        operations.acknowledge(ticket, by=who)
    if message:
        operations.add_message(ticket, author=who, body=message, from_point=from_point)
    if action == "resolve":
        operations.resolve(ticket, by=who)
    db.session.commit()
    return queries.ticket_dict(ticket)


@blp.route("/ceremonies/<int:ceremony_id>/helpdesk/tickets/<int:ticket_id>/messages", methods=["POST"])
@blp.arguments(TicketMessageArgs)
@blp.response(201, TicketMessageSchema)
@blp.doc(operationId="addTicketMessage", description=AUTH)
def add_message(args, ceremony_id, ticket_id):
    """A line in the ticket's thread, from the point or a desk."""
    ticket = _ticket(ceremony_id, ticket_id)
    if access.caller()[0] == "point":
        who, from_point = access.authorize_point(ticket.site)
    else:
        who, from_point = access.authorize_desk(ticket.site), False
    message = operations.add_message(ticket, author=who, body=args["body"], from_point=from_point)
    db.session.commit()
    return {"id": message.id, "author": message.author, "from_point": message.from_point, "body": message.body,
            "created_at": message.created_at.isoformat()}


@blp.route("/ceremonies/<int:ceremony_id>/helpdesk/tickets/<int:ticket_id>/photo")
@blp.response(200, description="the photo (image/jpeg, image/png or image/webp)")
@blp.doc(operationId="getTicketPhoto", description=AUTH)
def ticket_photo(ceremony_id, ticket_id):
    """The ticket's photo, as sent (its type checked when it arrived)."""
    ticket = _ticket(ceremony_id, ticket_id)
    if not ticket.has_photo:
        from ceremony.core.errors import NotFound

        raise NotFound("this ticket has no photo", field="ticket_id")
    return Response(ticket.photo, mimetype=ticket.photo_type,
                    headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600",
                             "Content-Disposition": f'inline; filename="ticket-{ticket.id}"'})
