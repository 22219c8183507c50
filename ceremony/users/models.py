"""Accounts with a role, their site scope, and bearer tokens for API clients."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class Role(str, enum.Enum):
    organizer = "organizer"  # provincial staff: everything
    operator = "operator"    # bridge-point operator, bound to sites
    checker = "checker"      # gate staff scanning badges
    viewer = "viewer"        # read-only


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    role: Mapped[Role] = mapped_column(sa.Enum(Role, native_enum=False, length=20))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    # Part of every login cookie: raising it (log out, new password, "end all sessions") ends every
    # session of the account on every device, even a cookie copied before.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    scopes: Mapped[list[UserSiteScope]] = relationship(cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:  # Flask-Login keeps this in the session cookie
        return f"{self.id}.{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Every login cookie of this account stops working (they carry the old version)."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)
        if self.id is not None:
            self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def site_codes(self) -> set[str]:
        return {scope.site_code for scope in self.scopes}

    def has_role(self, *roles: Role | str) -> bool:
        return self.role.value in {Role(r).value for r in roles}


class UserSiteScope(db.Model):
    """An admin-unit code an operator answers for, in every ceremony (a district covers its communes)."""

    __tablename__ = "user_site_scopes"
    __table_args__ = (sa.UniqueConstraint("user_id", "site_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    site_code: Mapped[str] = mapped_column(sa.String(10))


class Scope(str, enum.Enum):
    """What a bearer token may do, besides what its user's role allows."""

    read = "read"    # GET: lists, boards, downloads
    write = "write"  # every change an operation makes (check-ins, readiness, the show, imports…)
    admin = "admin"  # accounts, tokens and webhook endpoints


ALL_SCOPES = " ".join(s.value for s in Scope)


class LoginFailure(db.Model):
    """A failed log-in, counted per account (e-mail as typed, known or not) and per address."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(200), index=True)
    address: Mapped[str] = mapped_column(sa.String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored. ``scopes`` is a space-separated subset of ``Scope``."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(100), default="")
    scopes: Mapped[str] = mapped_column(sa.String(100), default=ALL_SCOPES, server_default=ALL_SCOPES)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @property
    def scope_list(self) -> list[str]:
        return [s for s in self.scopes.split() if s in Scope.__members__]

    def has_scope(self, scope: Scope | str) -> bool:
        return Scope(scope).value in self.scopes.split()

    def is_usable(self, at: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or at < self.expires_at) and self.user.is_active
