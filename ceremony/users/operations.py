"""Writes about users: create accounts, bind operators to sites, issue and revoke API tokens."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.users.models import ALL_SCOPES, ApiToken, Role, Scope, User, UserSiteScope

TOKEN_PREFIX = "cer_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(email: str, *, role: Role | str, password: str, name: str = "",
                site_codes: list[str] | tuple[str, ...] = ()) -> User:
    """Create an account. Operators must name at least one site code."""
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput(f"{email!r} is not an e-mail address", field="email")
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"role must be one of {', '.join(r.value for r in Role)}", field="role") from None
    if len(password) < 8:
        raise InvalidInput("the password needs at least 8 characters", field="password")
    if role is Role.operator and not site_codes:
        raise InvalidInput("an operator must be bound to at least one site (--site CODE)", field="site")
    if db.session.scalar(sa.select(User).where(User.email == email)):
        raise Conflict(f"a user {email} already exists", field="email")
    user = User(email=email, role=role, name=name)
    user.set_password(password)
    user.scopes = [UserSiteScope(site_code=code.strip()) for code in dict.fromkeys(site_codes)]
    db.session.add(user)
    db.session.flush()
    return user


def get_user_by_email(email: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"no user {email}")
    return user


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_check(password: str) -> None:
    """The same work as checking a real password, for an unknown e-mail (no timing oracle)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
    check_password_hash(_DUMMY_HASHES[method], password)


def authenticate(email: str, password: str, address: str = "") -> User | None:
    """The active user with this e-mail and password, or None; raises ``TooManyAttempts`` while the
    account or the address is locked out after too many failures."""
    from ceremony.users import throttle

    email = email.strip().lower()
    throttle.check(email, address)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        _dummy_check(password)
    if user is None or not user.check_password(password) or not user.is_active:
        throttle.record_failure(email, address)
        return None
    throttle.clear_account(email)
    return user


def end_sessions(user: User, *, revoke_tokens: bool = False) -> int:
    """End every web session of ``user`` (and, if asked, revoke their API tokens); returns the
    number of tokens revoked."""
    user.end_sessions()
    revoked = 0
    if revoke_tokens:
        for row in db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id,
                                                                ApiToken.revoked_at.is_(None))):
            row.revoked_at = now()
            revoked += 1
    db.session.flush()
    return revoked


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password (the current one must match); every other session of the account ends."""
    if not user.check_password(current):
        raise InvalidInput(_("The current password is wrong."), field="current_password")
    if len(new) < 8:
        raise InvalidInput(_("The new password needs at least 8 characters."), field="new_password")
    user.set_password(new)
    db.session.flush()


MAX_TOKEN_DAYS = 3650


def _scopes(scopes) -> str:
    values = list(dict.fromkeys(scopes.split() if isinstance(scopes, str) else [str(s) for s in scopes]))
    unknown = [s for s in values if s not in Scope.__members__]
    if unknown or not values:
        raise InvalidInput(f"scopes must be some of {', '.join(s.value for s in Scope)}"
                           + (f"; not {unknown[0]!r}" if unknown else ""), field="scopes")
    return " ".join(s.value for s in Scope if s.value in values)


def issue_api_token(user: User, *, label: str = "", scopes=ALL_SCOPES,
                    expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a bearer token for ``user`` with ``scopes`` until ``expires_at`` (None: until revoked).

    Returns the row and the clear token, which is shown once and never stored (only its SHA-256).
    """
    if expires_at is not None and not now() < expires_at <= now() + timedelta(days=MAX_TOKEN_DAYS):
        raise InvalidInput(f"expires_at must be in the future and within {MAX_TOKEN_DAYS} days", field="expires_at")
    if len(label) > 100:
        raise InvalidInput("the label has at most 100 characters", field="label")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=hash_token(token), label=label, scopes=_scopes(scopes),
                   expires_at=expires_at, created_at=now())
    db.session.add(row)
    db.session.flush()
    return row, token


def create_api_token(user: User, label: str = "", *, scopes=ALL_SCOPES, expires_at: datetime | None = None) -> str:
    """Issue a bearer token for the user; the clear token is returned once and never stored."""
    return issue_api_token(user, label=label, scopes=scopes, expires_at=expires_at)[1]


# Every API request reads its token and the user behind it: one query, built once.
_TOKEN_WITH_USER = (sa.select(ApiToken).where(ApiToken.token_hash == sa.bindparam("token_hash"))
                    .options(joinedload(ApiToken.user)))


def token_row(token: str) -> ApiToken | None:
    """The usable token row behind a bearer token: None when unknown, revoked, expired or its user
    was deactivated."""
    row = db.session.scalar(_TOKEN_WITH_USER, {"token_hash": hash_token(token)})
    if row is None or not row.is_usable(now()):
        return None
    return row


def user_for_token(token: str) -> User | None:
    """The active user behind a bearer token, or None when it is unknown, revoked or expired."""
    row = token_row(token)
    return row.user if row is not None else None


def revoke_api_token(token: str) -> None:
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None:
        raise NotFound("unknown token")
    revoke_token(row)


def get_token(token_id: int) -> ApiToken:
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no token {token_id}", field="token_id")
    return row


def revoke_token(row: ApiToken) -> ApiToken:
    """Revoke a token (idempotent: a revoked token keeps its first revocation time)."""
    if row.revoked_at is None:
        row.revoked_at = now()
        db.session.flush()
    return row


def list_tokens(user: User | None = None) -> list[ApiToken]:
    """Tokens, newest first: every user's (``user`` None) or one user's."""
    query = sa.select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query))


def list_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}", field="user_id")
    return user
