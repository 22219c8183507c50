"""Writes about ceremonies: they flush, the caller commits."""
from __future__ import annotations

from ceremony.ceremonies.models import Ceremony, CeremonyStatus
from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.time import as_utc
from ceremony.extensions import db


def create_ceremony(*, slug: str, title: str, kind: str, starts_at, venue: str, host_unit: str,
                    **fields) -> Ceremony:
    """Create a draft ceremony. ``starts_at`` naive means Vietnam local time."""
    if not title.strip():
        raise InvalidInput("a ceremony needs a title", field="title")
    ceremony = Ceremony(slug=slug, title=title.strip(), kind=kind, starts_at=as_utc(starts_at),
                        venue=venue, host_unit=host_unit, **fields)
    if ceremony.ends_at is not None:
        ceremony.ends_at = as_utc(ceremony.ends_at)
        if ceremony.ends_at <= ceremony.starts_at:
            raise InvalidInput("the end must come after the start", field="ends_at")
    db.session.add(ceremony)
    db.session.flush()
    return ceremony


def change_status(ceremony: Ceremony, status: CeremonyStatus | str) -> Ceremony:
    """Move a ceremony along draft → published → live → closed."""
    status = CeremonyStatus(status)
    if not ceremony.can_become(status):
        raise Conflict(f"a {ceremony.status.value} ceremony cannot become {status.value}")
    ceremony.status = status
    db.session.flush()
    return ceremony
