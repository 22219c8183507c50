"""Who may do what: role checks for pages and for the bearer-token API."""
from __future__ import annotations

from functools import wraps

from flask import abort, g, request
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


def api_user():
    """The caller of an API request: a bearer token first, else the logged-in web session."""
    if "api_user" in g:
        return g.api_user
    from ceremony.users.operations import token_row

    token = bearer_token()
    if token is not None:
        row = token_row(token)
        if row is None:
            raise Unauthorized("invalid, expired or revoked bearer token")
        needed = "read" if request.method in ("GET", "HEAD", "OPTIONS") else "write"
        if not row.has_scope(needed):
            raise Forbidden(f"this token lacks the {needed!r} scope (it has: {row.scopes})", field="scope")
        g.api_token = row
        user = row.user
    elif current_user.is_authenticated:
        user = current_user._get_current_object()
    else:
        raise Unauthorized("authentication required: send 'Authorization: Bearer <token>'")
    g.api_user = user
    return user


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
