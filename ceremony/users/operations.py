"""Writes about users: create accounts, bind operators to sites, issue and revoke API tokens."""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.users.models import ApiToken, Role, User, UserSiteScope

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


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.role, User.email)))


def create_api_token(user: User, label: str = "") -> str:
    """Issue a bearer token for the user; the clear token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label))
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    """The active user behind a bearer token, or None when it is unknown or revoked."""
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    return row.user


def revoke_api_token(token: str) -> None:
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None:
        raise NotFound("unknown token")
    row.revoked_at = now()
    db.session.flush()
