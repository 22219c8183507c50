"""Reads about ceremonies."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa

from ceremony.ceremonies.models import Ceremony
from ceremony.core.errors import NotFound
from ceremony.extensions import db


def list_ceremonies() -> list[Ceremony]:
    """All ceremonies, the most recent first."""
    return list(db.session.scalars(sa.select(Ceremony).order_by(Ceremony.starts_at.desc())))


def get_ceremony(ceremony_id: int) -> Ceremony:
    """The ceremony with that id, or NotFound."""
    ceremony = db.session.get(Ceremony, ceremony_id)
    if ceremony is None:
        raise NotFound(f"no ceremony with id {ceremony_id}")
    return ceremony


class CeremonyRef(NamedTuple):
    """What a hot path needs of a ceremony (a check-in: its id, and its times for lateness and the
    show's timeline), read without building an ORM object the commit would have to expire."""

    id: int
    starts_at: datetime
    ends_at: datetime | None


# A ``CeremonyRef``'s columns for the ceremony ``:ceremony_id``; a hot path adds the columns of its own
# questions (``add_columns``) so that the ceremony comes with them in one statement (the gate's scan).
REF_SELECT = sa.select(Ceremony.__table__.c.id, Ceremony.__table__.c.starts_at, Ceremony.__table__.c.ends_at).where(
    Ceremony.__table__.c.id == sa.bindparam("ceremony_id"))


def get_ceremony_by_slug(slug: str) -> Ceremony:
    ceremony = db.session.scalar(sa.select(Ceremony).where(Ceremony.slug == slug))
    if ceremony is None:
        raise NotFound(f"no ceremony {slug!r}")
    return ceremony
