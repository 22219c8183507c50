"""Reads about ceremonies."""
from __future__ import annotations

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


def get_ceremony_by_slug(slug: str) -> Ceremony:
    ceremony = db.session.scalar(sa.select(Ceremony).where(Ceremony.slug == slug))
    if ceremony is None:
        raise NotFound(f"no ceremony {slug!r}")
    return ceremony
