"""Who may do what: role checks for pages and for the bearer-token API."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from ceremony.core.errors import Forbidden


class Unauthorized(Forbidden):
    status = 401


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "X-CSRFToken"


def require_csrf_header() -> None:
    """A request that rides on the session cookie and changes something must carry the page's CSRF
    token in ``X-CSRFToken``: a cross-site form (multipart, text/plain) cannot set a header."""
    if request.method not in UNSAFE_METHODS or not current_app.config.get("API_CSRF_REQUIRED", True):
        return
    from flask_wtf.csrf import ValidationError, validate_csrf

    try:
        validate_csrf(request.headers.get(CSRF_HEADER))  # WTF_CSRF_TIME_LIMIT: None, as long as the session
    except ValidationError:
        raise Forbidden(_("This request uses the login cookie without the page's CSRF token (header "
                          "X-CSRFToken): reload the page, or call the API with a bearer token."),
                        field=CSRF_HEADER) from None


def api_user():
    """The caller of an API request: a bearer token first, else the logged-in web session (with the
    CSRF header when the request changes something)."""
    if "api_user" in g:
        return g.api_user
    from ceremony.users.operations import token_row

    token = bearer_token()
    if token is not None:
        row = token_row(token)
        if row is None:
            raise Unauthorized(_("Invalid, expired or revoked bearer token."))
        needed = "read" if request.method in ("GET", "HEAD", "OPTIONS") else "write"
        if not row.has_scope(needed):
            raise Forbidden(f"this token lacks the {needed!r} scope (it has: {row.scopes})", field="scope")
        g.api_token = row
        user = row.user
    elif current_user.is_authenticated:
        require_csrf_header()
        user = current_user._get_current_object()
    else:
        raise Unauthorized(_("Authentication required: send 'Authorization: Bearer <token>'."))
    g.api_user = user
    return user


LINK_TOKEN_HEADERS = ("X-Site-Token", "X-Member-Token")  # a point's operator link, a team member's link


def authenticate_api_request():  # registered by core.web.init_app
    """Before any API view (and so before its arguments are validated): who is calling? 401 if nobody."""
    if not request.path.startswith("/api/") or request.endpoint is None or request.method == "OPTIONS":
        return
    if request.endpoint.startswith("api-docs."):
        return  # the OpenAPI document is public
    if any(request.headers.get(name) for name in LINK_TOKEN_HEADERS) or request.args.get("token"):
        return  # a link token: the view checks it (and refuses it with its own 401)
    if "token" in (request.view_args or {}):
        return  # a link token in the path (a delegate's invitation): the view checks it (404 if unknown)
    api_user()


def require_api_roles(*roles):
    """Decorate an API view: the caller must hold one of ``roles`` (any role when none given)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = api_user()
            if roles and not user.has_role(*roles):
                raise Forbidden(f"role {user.role.value} may not do this")
            return view(*args, **kwargs)
        return wrapped
    return decorator


def require_scope(scope: str):
    """Decorate an API view that also needs a token scope beyond read/write (``admin``). A logged-in
    session acts with every scope its role allows."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            api_user()
            row = g.get("api_token")
            if row is not None and not row.has_scope(scope):
                raise Forbidden(f"this token lacks the {scope!r} scope (it has: {row.scopes})", field="scope")
            return view(*args, **kwargs)
        return wrapped
    return decorator


def roles_required(*roles):
    """Decorate a page: log in first, then hold one of ``roles`` (any role when none given)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from ceremony.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def user_covers_site(user, site) -> bool:
    """Organizers, viewers and checkers see every point; an operator only the points of their codes
    and everything below them (a district operator covers its communes)."""
    from ceremony.users.models import Role

    if user.role is not Role.operator:
        return True
    codes = user.site_codes
    node = site
    while node is not None:
        if node.code in codes:
            return True
        node = node.parent
    return False
