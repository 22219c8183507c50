"""Who may see and act on tickets: the point itself (its link or account) and the desks above it."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from ceremony.core.auth import api_user, user_covers_site
from ceremony.core.errors import Forbidden
from ceremony.readiness.access import request_site_token
from ceremony.readiness.tokens import site_token_row
from ceremony.sites.queries import list_sites

DESK_ROLES = ("organizer", "operator")


def caller():
    """``("point", site_id, label)`` for an operator link, ``("user", user, email)`` for an account."""
    token = request_site_token()
    if token is not None:
        row = site_token_row(token)
        return "point", row.site_id, f"token:{row.site.code}"
    user = api_user() if request.path.startswith("/api/") else current_user
    return "user", user, user.email


def visible_site_ids(ceremony_id: int) -> set[int] | None:
    """The points whose tickets the caller may see; None: every point."""
    kind, who, _label = caller()
    if kind == "point":
        return {who}
    if who.role.value != "operator":
        return None
    return {s.id for s in list_sites(ceremony_id) if user_covers_site(who, s)}


def authorize_point(site) -> tuple[str, bool]:
    """The caller may open tickets for ``site``: returns (who, from the point itself)."""
    kind, who, label = caller()
    if kind == "point":
        if who != site.id:
            raise Forbidden("this operator link belongs to another point")
        return label, True
    if not who.has_role(*DESK_ROLES) or not user_covers_site(who, site):
        raise Forbidden("you do not answer for this point")
    return label, who.role.value == "operator" and site.code in who.site_codes


def authorize_desk(site) -> str:
    """The caller may take and resolve tickets of ``site`` (organizers; operators of a point above it)."""
    kind, who, label = caller()
    if kind == "point":
        raise Forbidden("an operator link cannot take or resolve tickets")
    if not who.has_role(*DESK_ROLES) or not user_covers_site(who, site):
        raise Forbidden("you do not answer for this point")
    return label
