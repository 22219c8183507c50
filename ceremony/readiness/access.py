"""Who may see and change a point: its operator link (site token) or an account covering it."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from ceremony.core.auth import api_user, user_covers_site
from ceremony.core.errors import Forbidden
from ceremony.readiness.tokens import site_token_row

REPORTER_ROLES = ("organizer", "operator")


def request_site_token() -> str | None:
    """A site token sent as ``X-Site-Token`` (the operator page) or ``?token=``."""
    return request.headers.get("X-Site-Token") or request.args.get("token") or None


def authorize_site(site, *, write: bool) -> str:
    """Allow the caller on ``site`` or raise (401 for a bad token, 403 for someone else's point).

    Returns how the report is signed: ``token:<code>`` or the account's e-mail.
    """
    token = request_site_token()
    if token is not None:
        row = site_token_row(token)
        if row.site_id != site.id:
            raise Forbidden("this operator link belongs to another point")
        return f"token:{site.code}"
    user = api_user()
    if write and not user.has_role(*REPORTER_ROLES):
        raise Forbidden(f"role {user.role.value} may not report readiness")
    if not user_covers_site(user, site):
        raise Forbidden("you do not answer for this point")
    return user.email


def visible_site_ids(sites) -> set[int] | None:
    """The points the logged-in (or bearer) user may see on a board; None: all of them. ``sites`` may
    be a callable giving them, called only for an operator (a national network has 11,000 points)."""
    user = api_user() if request.path.startswith("/api/") else current_user
    if user.role.value != "operator":
        return None
    return {s.id for s in (sites() if callable(sites) else sites) if user_covers_site(user, s)}
