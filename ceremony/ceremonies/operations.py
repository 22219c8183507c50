"""Writes about ceremonies: they flush, the caller commits."""
from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.ceremonies.models import Ceremony, CeremonyStatus
from ceremony.core import timeline
from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.time import as_utc
from ceremony.extensions import db

EDITABLE = ("title", "kind", "starts_at", "ends_at", "venue", "venue_address", "host_unit",
            "implementing_unit", "issuing_unit", "plan_reference")


def slugify(text: str) -> str:
    """ASCII slug of a Vietnamese title: "Lễ phát động" → "le-phat-dong"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "ceremony"


def unique_slug(title: str, starts_at) -> str:
    base = f"{slugify(title)}-{starts_at:%Y%m%d}"
    slug, n = base, 1
    while db.session.scalar(sa.select(Ceremony.id).where(Ceremony.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


KINDS = ("movement_launch", "app_launch", "other")


def _check_text(**fields) -> None:
    for name, value in fields.items():
        if not (value or "").strip():
            raise InvalidInput(_("%(field)s is required.", field=name), field=name)


def _check_times(ceremony: Ceremony) -> None:
    if ceremony.ends_at is not None and ceremony.ends_at <= ceremony.starts_at:
        raise InvalidInput(_("The end must come after the start."), field="ends_at")


def create_ceremony(*, title: str, kind: str, starts_at, venue: str, host_unit: str, slug: str | None = None,
                    **fields) -> Ceremony:
    """Create a draft ceremony. ``starts_at`` naive means Vietnam local time."""
    _check_text(title=title, venue=venue, host_unit=host_unit)
    if kind not in KINDS:
        raise InvalidInput(_("The kind is movement_launch, app_launch or other."), field="kind")
    if not (title or "").strip():
        raise InvalidInput(_("A ceremony needs a title."), field="title")
    starts_at = as_utc(starts_at)
    if fields.get("ends_at") is not None:
        fields["ends_at"] = as_utc(fields["ends_at"])
    ceremony = Ceremony(slug=slug or unique_slug(title, starts_at), title=title.strip(), kind=kind,
                        starts_at=starts_at, venue=venue, host_unit=host_unit, **fields)
    _check_times(ceremony)
    db.session.add(ceremony)
    db.session.flush()
    timeline.ceremony_created(ceremony)  # e.g. the default readiness windows and checklist
    return ceremony


def update_ceremony(ceremony: Ceremony, **fields) -> Ceremony:
    """Change a ceremony's facts; a closed ceremony is history and stays as it was.

    A new start moves everything timed from it (windows, deadlines, reminders, the program) and the
    end along with it unless a new end is given; ``ceremony.moved`` lists what moved (old → new).
    """
    if ceremony.status is CeremonyStatus.closed:
        raise Conflict(_("A closed ceremony cannot be changed."), field="status")
    before = timeline.snapshot(ceremony)
    old_start = ceremony.starts_at
    if fields.get("starts_at") is not None and "ends_at" not in fields and ceremony.ends_at is not None:
        fields["ends_at"] = ceremony.ends_at + (as_utc(fields["starts_at"]) - old_start)
    for key, value in fields.items():
        if key not in EDITABLE:
            raise InvalidInput(_("%(field)s cannot be changed here.", field=key), field=key)
        if key in ("starts_at", "ends_at") and value is not None:
            value = as_utc(value)
        if key in ("title", "venue", "host_unit"):
            _check_text(**{key: value})
        if key == "kind" and value not in KINDS:
            raise InvalidInput(_("The kind is movement_launch, app_launch or other."), field="kind")
        if key == "starts_at" and value is None:
            raise InvalidInput(_("A ceremony needs a start."), field="starts_at")
        setattr(ceremony, key, value.strip() if isinstance(value, str) else value)
    _check_times(ceremony)
    db.session.flush()
    if ceremony.starts_at != old_start or fields.get("ends_at") is not None:
        timeline.ceremony_moved(ceremony)
    ceremony.moved = timeline.moves(before, timeline.snapshot(ceremony))
    return ceremony


def change_status(ceremony: Ceremony, status: CeremonyStatus | str) -> Ceremony:
    """Move a ceremony along draft → published → live → closed."""
    try:
        status = CeremonyStatus(status)
    except ValueError:
        raise InvalidInput(_("%(status)s is not a ceremony status (draft, published, live, closed).", status=status),
                           field="status") from None
    if not ceremony.can_become(status):
        raise Conflict(_("A %(old)s ceremony cannot become %(new)s.", old=ceremony.status.value, new=status.value),
                       field="status")
    ceremony.status = status
    db.session.flush()
    return ceremony
