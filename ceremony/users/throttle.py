"""Log-in throttling: too many failures for one account or from one address lock it out for a while.

Failures are rows in ``login_failures`` (shared by every worker), counted over a sliding window.
An unknown e-mail is counted like a known one and costs the same password check, so neither the
answer, the lock-out nor the time taken tells whether an account exists.
"""
from __future__ import annotations

import math
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ceremony.core.errors import DomainError
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.users.models import LoginFailure

DEFAULTS = {"LOGIN_MAX_FAILURES_PER_ACCOUNT": 5, "LOGIN_MAX_FAILURES_PER_ADDRESS": 30, "LOGIN_LOCKOUT_MINUTES": 15}


class TooManyAttempts(DomainError):
    status = 429

    def __init__(self, minutes: int):
        super().__init__(_("Too many failed log-ins for this account or from this address. Try again in "
                           "%(minutes)s minutes.", minutes=minutes), field="email")
        self.retry_after = minutes * 60


def _setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def _window() -> timedelta:
    return timedelta(minutes=_setting("LOGIN_LOCKOUT_MINUTES"))


def _unlocks_at(column, value: str, limit: int):
    """When the ``limit``-th latest failure in the window leaves it; None if fewer failures."""
    since = now() - _window()
    times = db.session.scalars(sa.select(LoginFailure.failed_at).where(column == value, LoginFailure.failed_at > since)
                               .order_by(LoginFailure.failed_at.desc()).limit(limit)).all()
    return times[-1] + _window() if len(times) >= limit else None


def check(email: str, address: str) -> None:
    """Raise ``TooManyAttempts`` while the account or the address is locked out."""
    ends = [at for at in (_unlocks_at(LoginFailure.email, email, _setting("LOGIN_MAX_FAILURES_PER_ACCOUNT")),
                          _unlocks_at(LoginFailure.address, address, _setting("LOGIN_MAX_FAILURES_PER_ADDRESS")))
            if at is not None]
    if ends:
        raise TooManyAttempts(max(1, math.ceil((max(ends) - now()).total_seconds() / 60)))


def record_failure(email: str, address: str) -> None:
    """Count a failure; forget failures older than the window."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.failed_at < now() - _window()))
    db.session.add(LoginFailure(email=email[:200], address=address[:64], failed_at=now()))
    db.session.flush()


def clear_account(email: str) -> None:
    """A successful log-in forgives the account's failures (not the address's)."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.email == email))
