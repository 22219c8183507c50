"""Time: aware UTC inside, Asia/Ho_Chi_Minh on screen and paper.

``now()`` goes through a replaceable clock so tests and rehearsals can move time without sleeping.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)  # noqa: E731


def now() -> datetime:
    """The current instant as an aware UTC datetime (from the installed clock)."""
    return _clock()


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Install a clock (a callable returning an aware datetime); ``None`` restores the real one."""
    global _clock
    _clock = clock or (lambda: datetime.now(timezone.utc))


def as_utc(value: datetime) -> datetime:
    """Normalise to aware UTC; a naive value is taken as Vietnam local time (how organizers type it)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM)
    return value.astimezone(timezone.utc)


def local(value: datetime | None) -> datetime | None:
    """The same instant in Vietnam time, for display."""
    return value.astimezone(VIETNAM) if value is not None else None


class UTCDateTime(TypeDecorator):
    """A datetime column that always returns aware UTC, on SQLite as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def render_migration_item(type_, obj, autogen_context):
    """Alembic hook: write ``UTCDateTime`` columns as plain ``sa.DateTime(timezone=True)`` in migrations."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def at_offset(start: datetime, minutes: int | None) -> datetime | None:
    """The instant ``minutes`` after ``start`` (negative: before it): how every per-ceremony time is derived."""
    return None if minutes is None else start + timedelta(minutes=minutes)


def offset_minutes(start: datetime, at: datetime) -> int:
    """Whole minutes from ``start`` to ``at`` (naive ``at`` is Vietnam time), rounded to the nearest minute."""
    return round((as_utc(at) - start).total_seconds() / 60)


def t_label(minutes: int) -> str:
    """The plan's notation of an offset: ``T-120``, ``T+0``, ``T+10080``."""
    return f"T{'-' if minutes < 0 else '+'}{abs(minutes)}"
