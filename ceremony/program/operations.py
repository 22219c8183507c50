"""Writes of the run-of-show: build the program, drive the live show, fire the launch.

Every function flushes and raises a ``DomainError``; the caller commits once. Live views hear of each
change through ``publish_after_commit``.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.utils import secure_filename

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.time import offset_minutes
from ceremony.core.timeline import TimedItem, register_after_move, register_timed
from ceremony.extensions import db
from ceremony.live import publish_after_commit
from ceremony.program import queries
from ceremony.program.models import Segment, SegmentKind, SegmentPerson, SegmentRun

EDITABLE = ("kind", "title", "planned_minutes", "script", "remote_cue", "control_cue", "is_fixed_time",
            "fixed_start_at", "fixed_start_offset_minutes", "floor_site_id", "countdown_seconds", "media_url")


def _validate(ceremony_id: int, fields: dict) -> dict:
    from ceremony.sites.models import Site

    out = {k: v for k, v in fields.items() if k in EDITABLE}
    if "kind" in out:
        try:
            out["kind"] = SegmentKind(out["kind"])
        except ValueError:
            raise InvalidInput(f"unknown segment kind {out['kind']!r}", field="kind") from None
    if "title" in out:
        out["title"] = (out["title"] or "").strip()
        if not out["title"]:
            raise InvalidInput("a segment needs a title", field="title")
    if "planned_minutes" in out and not (0 <= int(out["planned_minutes"]) <= 600):
        raise InvalidInput("planned minutes must be between 0 and 600", field="planned_minutes")
    if "countdown_seconds" in out and not (0 <= int(out["countdown_seconds"]) <= 120):
        raise InvalidInput("the countdown must be between 0 and 120 seconds", field="countdown_seconds")
    if "fixed_start_at" in out:  # an instant is kept as its offset from the start, so it moves with it
        from ceremony.ceremonies.models import Ceremony

        at = out.pop("fixed_start_at")
        out["fixed_start_offset_minutes"] = None if at is None else \
            offset_minutes(db.session.get(Ceremony, ceremony_id).starts_at, at)
    if out.get("floor_site_id") is not None:
        site = db.session.get(Site, out["floor_site_id"])
        if site is None or site.ceremony_id != ceremony_id:
            raise InvalidInput("that bridge point is not in this ceremony", field="floor_site_id")
    for key in ("script", "remote_cue", "control_cue", "media_url"):
        if key in out:
            out[key] = (out[key] or "").strip()
    return out


def _set_people(segment: Segment, people) -> None:
    """Replace who is on stage: items ``{"delegate_id": int|None, "role": str}``."""
    from ceremony.delegates.models import Delegate

    segment.people.clear()
    db.session.flush()
    for i, item in enumerate(people):
        delegate_id = item.get("delegate_id")
        role = (item.get("role") or "").strip()
        if delegate_id is not None:
            delegate = db.session.get(Delegate, delegate_id)
            if delegate is None or delegate.ceremony_id != segment.ceremony_id:
                raise InvalidInput(f"delegate {delegate_id} is not invited to this ceremony", field="people")
            role = role or delegate.person.title
        if not role:
            raise InvalidInput("a person on stage needs a delegate or a role", field="people")
        segment.people.append(SegmentPerson(delegate_id=delegate_id, role=role[:200], position=i))


def _check_fixed(segment: Segment) -> None:
    if segment.is_fixed_time and segment.fixed_start_offset_minutes is None:
        raise InvalidInput("a fixed-time segment needs its start time", field="fixed_start_at")


def create_segment(ceremony, *, people=None, **fields) -> Segment:
    """Append a segment to the program."""
    fields.setdefault("kind", SegmentKind.speech.value)
    if "title" not in fields:
        raise InvalidInput("a segment needs a title", field="title")
    values = _validate(ceremony.id, fields)
    last = db.session.scalar(sa.select(sa.func.max(Segment.position)).where(Segment.ceremony_id == ceremony.id))
    segment = Segment(ceremony_id=ceremony.id, position=(last if last is not None else -1) + 1, **values)
    _check_fixed(segment)
    db.session.add(segment)
    db.session.flush()
    if people:
        _set_people(segment, people)
    _changed(ceremony)
    return segment


def update_segment(segment: Segment, *, people=None, **fields) -> Segment:
    """Change a segment's fields (and who is on stage when ``people`` is given)."""
    for key, value in _validate(segment.ceremony_id, fields).items():
        setattr(segment, key, value)
    _check_fixed(segment)
    if people is not None:
        _set_people(segment, people)
    db.session.flush()
    _changed(segment.ceremony_id)
    return segment


def delete_segment(segment: Segment) -> None:
    """Remove a segment that has not run."""
    if db.session.scalar(sa.select(SegmentRun.id).where(SegmentRun.segment_id == segment.id)) is not None:
        raise Conflict("this segment has already run; it stays in the record")
    ceremony_id = segment.ceremony_id
    db.session.delete(segment)
    db.session.flush()
    _renumber(queries.list_segments(ceremony_id))
    _changed(ceremony_id)


def _timed(ceremony) -> list[TimedItem]:
    """The ceremony's start and every fixed-time segment, for "what moved" after a new date."""
    items = [TimedItem("program:start", _("Opening of the ceremony"), ceremony.starts_at)]
    for segment in queries.list_segments(ceremony.id):
        if segment.is_fixed_time and segment.fixed_start_offset_minutes is not None:
            items.append(TimedItem(f"program:{segment.id}", segment.title, segment.fixed_start_at))
    return items


def _after_move(ceremony) -> None:
    _changed(ceremony)  # live views recompute the planned times


register_timed("program", _timed)
register_after_move("program", _after_move)


def _renumber(segments) -> None:
    for i, segment in enumerate(segments):
        segment.position = i
    db.session.flush()


def reorder_segments(ceremony, segment_ids: list[int]) -> list[Segment]:
    """Put the program in the order of ``segment_ids`` (every segment, each once)."""
    segments = {s.id: s for s in queries.list_segments(_ceremony_id(ceremony))}
    if sorted(segment_ids) != sorted(segments):
        raise InvalidInput("give every segment of the program exactly once", field="segment_ids")
    ordered = [segments[i] for i in segment_ids]
    _renumber(ordered)
    _changed(ceremony)
    return ordered


def move_segment(segment: Segment, offset: int) -> None:
    """Move one step up (-1) or down (+1): the keyboard alternative to drag and drop."""
    ids = [s.id for s in queries.list_segments(segment.ceremony_id)]
    i = ids.index(segment.id)
    j = max(0, min(len(ids) - 1, i + offset))
    ids.insert(j, ids.pop(i))
    reorder_segments(segment.ceremony_id, ids)


def duplicate_program(target, source, *, replace: bool = False) -> list[Segment]:
    """Copy every segment of ``source`` into ``target``; people stay linked when the same person is
    invited to ``target``, else they keep their role text. Fixed times keep their offset from the start."""
    from ceremony.delegates.models import Delegate

    if target.id == source.id:
        raise InvalidInput("choose another ceremony to copy from", field="source_id")
    existing = queries.list_segments(target.id)
    if existing and not replace:
        raise Conflict("this ceremony already has a program; replace it explicitly", field="replace")
    for segment in existing:
        delete_segment(segment)
    by_person = {d.person_id: d.id for d in db.session.scalars(sa.select(Delegate).where(
        Delegate.ceremony_id == target.id))}
    copies = []
    for segment in queries.list_segments(source.id):
        fields = {k: getattr(segment, k) for k in EDITABLE if k not in ("floor_site_id", "fixed_start_at")}
        fields["kind"] = segment.kind.value
        if segment.floor_site is not None:
            from ceremony.sites.models import Site
            fields["floor_site_id"] = db.session.scalar(sa.select(Site.id).where(
                Site.ceremony_id == target.id, Site.code == segment.floor_site.code))
        people = [{"delegate_id": by_person.get(p.delegate.person_id) if p.delegate else None, "role": p.role}
                  for p in segment.people]
        copies.append(create_segment(target, people=people, **fields))
    return copies


def attach_media(segment: Segment, filename: str, stream) -> str:
    """Store an uploaded media file under ``instance/program_media/``; returns its stored name."""
    name = secure_filename(filename or "")
    if not name:
        raise InvalidInput("the file needs a name", field="media")
    folder = Path(current_app.instance_path) / "program_media" / str(segment.ceremony_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{segment.id}-{name}"
    with open(folder / stored, "wb") as out:
        while chunk := stream.read(1 << 16):
            out.write(chunk)
    segment.media_file = stored
    db.session.flush()
    return stored


# --- the live show -----------------------------------------------------------------------------

def _ceremony_id(ceremony) -> int:
    return ceremony if isinstance(ceremony, int) else ceremony.id


def _changed(ceremony) -> None:
    """Tell every live view of the ceremony that the program or the show changed."""
    cid = _ceremony_id(ceremony)
    show = queries.get_show(cid)
    if show is not None:
        show.version += 1
    announced = db.session().info.setdefault("program_changed", set())
    if cid in announced:
        return  # one "changed" per transaction is enough: clients fetch the whole state
    announced.add(cid)
    publish_after_commit(queries.topic(cid), "changed", {"ceremony_id": cid})


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_announced(session, *args) -> None:
    session.info.pop("program_changed", None)


def refresh_introduction(segment: Segment) -> str:
    """Regenerate the MC's delegate introduction from who is present now."""
    from ceremony.ceremonies.models import Ceremony
    from ceremony.program.introductions import introduction_script

    ceremony = db.session.get(Ceremony, segment.ceremony_id)
    segment.script = introduction_script(ceremony)
    db.session.flush()
    _changed(ceremony)
    return segment.script


# The live show's writes (start, next, hold, launch…) are in ``show.py``; callers use them from here.
from ceremony.program.show import (  # noqa: E402,F401
    extend_segment, fire_launch, get_or_create_show, hand_floor, hold_show, next_segment, reset_show, resume_show,
    start_show)
