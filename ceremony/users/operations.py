"""Writes about users: create accounts, bind operators to sites, issue and revoke API tokens."""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

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


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user


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
