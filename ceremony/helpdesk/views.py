"""Pages: the technical desk (live list of tickets), and the "Cần hỗ trợ" part of the operator page."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.nav import ceremony_nav
from ceremony.helpdesk import queries
from ceremony.live.sse import sse_response
from ceremony.sites.queries import list_sites

bp = Blueprint("helpdesk", __name__)
ceremony_nav(bp, _l("Help desk"), "helpdesk.desk", order=41, roles=("organizer", "operator", "viewer"))
STATUS_LABELS = {"open": _l("Waiting"), "acknowledged": _l("Being handled"), "resolved": _l("Resolved")}


def _visible(ceremony_id: int) -> set[int] | None:
    if current_user.role.value != "operator":
        return None
    return {s.id for s in list_sites(ceremony_id) if user_covers_site(current_user, s)}


def _messages() -> dict[str, str]:
    return {"take": _("Take it"), "resolve": _("Resolved"), "send": _("Send"), "photo": _("Photo"),
            "taken_by": _("Taken by {who}"), "waiting": _("Waiting for a desk"), "resolved_by": _("Resolved by {who}"),
            "escalated": _("Escalated to {who}"), "minutes": _("{n} min"), "opened": _("Opened"),
            "reply": _("Reply"), "call": _("Call"), "connected": _("Live"), "disconnected": _("Reconnecting…"),
            "status_open": str(STATUS_LABELS["open"]), "status_acknowledged": str(STATUS_LABELS["acknowledged"]),
            "status_resolved": str(STATUS_LABELS["resolved"]), "empty": _("No open tickets.")}


@bp.route("/ceremonies/<int:ceremony_id>/helpdesk")
@roles_required("organizer", "operator", "viewer")
def desk(ceremony_id):
    """The district or province technical desk: open tickets, live."""
    ceremony = get_ceremony(ceremony_id)
    rows = queries.tickets(ceremony_id, site_ids=_visible(ceremony_id))
    return render_template("helpdesk/desk.html", ceremony=ceremony, tickets=[queries.ticket_dict(t) for t in rows],
                           messages=_messages(), can_act=current_user.has_role("organizer", "operator"),
                           status_labels=STATUS_LABELS,
                           report=queries.report(ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/helpdesk/stream")
@roles_required("organizer", "operator", "viewer")
def stream(ceremony_id):
    """Server-sent events: every ticket change the desk may see."""
    get_ceremony(ceremony_id)
    visible = _visible(ceremony_id)

    def mine(message) -> bool:
        return visible is None or message.data.get("site_id") in visible

    return sse_response([queries.topic(ceremony_id)], initial=[("hello", {})], accept=mine)


@bp.app_template_global()
def helpdesk_panel(site, token: str | None) -> dict:
    """What the operator page's "Cần hỗ trợ" part needs."""
    kwargs = {"ceremony_id": site.ceremony_id}
    return {"open_url": url_for("helpdesk_api.open_ticket", site_id=site.id, **kwargs),
            "list_url": url_for("helpdesk_api.list_tickets", site_id=site.id, **kwargs),
            "ticket_url": url_for("helpdesk_api.get_ticket", ticket_id=0, **kwargs),
            "messages": {**_messages(), "sent": _("Your request was sent to the technical desk."),
                         "too_big": _("The photo is larger than 3 MB: take a smaller one."),
                         "bad_type": _("Only JPEG, PNG or WebP photos."),
                         "failed": _("Could not send: check the connection and try again."),
                         "desk": _("Desk"), "you": _("You")}}
