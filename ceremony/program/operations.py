"""Writes of the run-of-show: build the program, drive the live show, fire the launch.

Every function flushes and raises a ``DomainError``; the caller commits once. Live views hear of each
change through ``publish_after_commit``.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.utils import secure_filename

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import as_utc, now
from ceremony.extensions import db
from ceremony.live import publish_after_commit
from ceremony.program import queries
from ceremony.program.models import (Launch, Segment, SegmentKind, SegmentPerson, SegmentRun, Show, ShowEvent,
                                     ShowStatus)

EDITABLE = ("kind", "title", "planned_minutes", "script", "remote_cue", "control_cue", "is_fixed_time",
            "fixed_start_at", "floor_site_id", "countdown_seconds", "media_url")
LAUNCH_LEAD_MS = 700  # screens switch this long after the press, all at the same instant


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
    if out.get("fixed_start_at") is not None:
        out["fixed_start_at"] = as_utc(out["fixed_start_at"])
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
    if segment.is_fixed_time and segment.fixed_start_at is None:
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
    invited to ``target``, else they keep their role text. Fixed times move by the start difference."""
    from ceremony.delegates.models import Delegate

    if target.id == source.id:
        raise InvalidInput("choose another ceremony to copy from", field="source_id")
    existing = queries.list_segments(target.id)
    if existing and not replace:
        raise Conflict("this ceremony already has a program; replace it explicitly", field="replace")
    for segment in existing:
        delete_segment(segment)
    shift = target.starts_at - source.starts_at
    by_person = {d.person_id: d.id for d in db.session.scalars(sa.select(Delegate).where(
        Delegate.ceremony_id == target.id))}
    copies = []
    for segment in queries.list_segments(source.id):
        fields = {k: getattr(segment, k) for k in EDITABLE if k not in ("floor_site_id",)}
        fields["kind"] = segment.kind.value
        if segment.fixed_start_at is not None:
            fields["fixed_start_at"] = segment.fixed_start_at + shift
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


def get_or_create_show(ceremony) -> Show:
    show = queries.get_show(ceremony.id)
    if show is None:
        show = Show(ceremony_id=ceremony.id, status=ShowStatus.ready, version=0)
        db.session.add(show)
        db.session.flush()
    return show


def _record(ceremony, user, action: str, segment=None, detail: str = "") -> ShowEvent:
    event = ShowEvent(ceremony_id=ceremony.id, at=now(), user_id=user.id if user else None, action=action,
                      segment_id=segment.id if segment else None, detail=detail[:500])
    db.session.add(event)
    db.session.flush()
    _changed(ceremony)
    return event


def _begin(segment: Segment, at) -> SegmentRun:
    run = SegmentRun(segment_id=segment.id, started_at=at, extended_seconds=0, held_seconds=0)
    db.session.add(run)
    return run


def start_show(ceremony, user, *, override: str = "") -> Show:
    """Start the show at its first segment, after the readiness check or with a recorded override."""
    show = get_or_create_show(ceremony)
    if show.status is not ShowStatus.ready:
        raise Conflict(f"the show is already {show.status.value}")
    segments = queries.list_segments(ceremony.id)
    if not segments:
        raise Conflict("the program has no segments")
    check = queries.readiness_check(ceremony)
    override = (override or "").strip()
    if check["status"] != "ready" and not override:
        raise Conflict(f"readiness is {check['status']} ({check['detail']}): give a reason to start anyway",
                       field="override")
    at = now()
    show.status, show.started_at, show.current_segment_id = ShowStatus.running, at, segments[0].id
    show.readiness_override = override[:300]
    _begin(segments[0], at)
    from ceremony.ceremonies.models import CeremonyStatus

    if ceremony.can_become(CeremonyStatus.live):
        ceremony.status = CeremonyStatus.live
    detail = f"readiness {check['status']} ({check['detail']})" + (f"; override: {override}" if override else "")
    _record(ceremony, user, "start", segments[0], detail)
    return show


def _live_show(ceremony) -> Show:
    show = queries.get_show(ceremony.id)
    if show is None or show.status not in (ShowStatus.running, ShowStatus.held):
        raise Conflict("the show is not running")
    return show


def _current_run(show: Show) -> SegmentRun:
    return db.session.scalar(sa.select(SegmentRun).where(SegmentRun.segment_id == show.current_segment_id))


def _release_hold(show: Show, run: SegmentRun, at) -> None:
    if show.held_since is not None:
        run.held_seconds += int((at - show.held_since).total_seconds())
        show.held_since = None


def next_segment(ceremony, user, *, expected_current_id: int | None = None) -> Show:
    """End the current segment and start the next; after the last one the show is finished.

    ``expected_current_id`` guards against a double click: if the show already moved on, nothing happens.
    """
    show = _live_show(ceremony)
    if expected_current_id is not None and expected_current_id != show.current_segment_id:
        return show
    at = now()
    run = _current_run(show)
    _release_hold(show, run, at)
    run.ended_at = at
    segments = queries.list_segments(ceremony.id)
    ids = [s.id for s in segments]
    following = segments[ids.index(show.current_segment_id) + 1:]
    show.status = ShowStatus.running
    if not following:
        show.status, show.current_segment_id, show.finished_at = ShowStatus.finished, None, at
        _record(ceremony, user, "finish", run.segment)
        return show
    show.current_segment_id = following[0].id
    _begin(following[0], at)
    _record(ceremony, user, "next", following[0])
    return show


def hold_show(ceremony, user) -> Show:
    """Pause the current segment's clock (a technical problem, a late dignitary)."""
    show = _live_show(ceremony)
    if show.status is ShowStatus.held:
        return show
    show.status, show.held_since = ShowStatus.held, now()
    _record(ceremony, user, "hold", show.current_segment)
    return show


def resume_show(ceremony, user) -> Show:
    show = _live_show(ceremony)
    if show.status is not ShowStatus.held:
        return show
    _release_hold(show, _current_run(show), now())
    show.status = ShowStatus.running
    _record(ceremony, user, "resume", show.current_segment)
    return show


def extend_segment(ceremony, user, minutes: int) -> Show:
    """Give the current segment more (or, negative, less) time."""
    if not -60 <= minutes <= 60 or minutes == 0:
        raise InvalidInput("extend by 1 to 60 minutes (or shorten by as much)", field="minutes")
    show = _live_show(ceremony)
    run = _current_run(show)
    run.extended_seconds += minutes * 60
    _record(ceremony, user, "extend", show.current_segment, f"{minutes:+d} min")
    return show


def fire_launch(ceremony, user, *, segment_id: int | None = None, source: str = "web",
                lead_ms: int = LAUNCH_LEAD_MS) -> tuple[Launch, bool]:
    """Fire the launch ritual: every screen switches at ``switch_at``. Returns (launch, created).

    A second press, or two at once, finds the first launch: the unique segment of the launch
    record decides, inside a savepoint, so the caller's transaction survives the collision.
    """
    show = queries.get_show(ceremony.id)
    if segment_id is None:
        current = show.current_segment if show is not None else None
        if current is None or current.kind is not SegmentKind.launch:
            raise Conflict("the current segment is not a launch ritual", field="segment_id")
        segment = current
    else:
        segment = queries.get_segment(ceremony.id, segment_id)
        if segment.kind is not SegmentKind.launch:
            raise InvalidInput("that segment is not a launch ritual", field="segment_id")
    existing = db.session.scalar(sa.select(Launch).where(Launch.segment_id == segment.id))
    if existing is not None:
        return existing, False
    if show is None or show.status not in (ShowStatus.running, ShowStatus.held) \
            or show.current_segment_id != segment.id:
        # A device pressed too early, or after the director moved on: refuse rather than surprise.
        raise Conflict("the launch can only be fired during its own segment of the running show",
                       field="segment_id")
    at = now()
    launch = Launch(ceremony_id=ceremony.id, segment_id=segment.id, fired_at=at,
                    switch_at=at + timedelta(milliseconds=lead_ms), fired_by_id=user.id if user else None,
                    source=source)
    try:
        with db.session.begin_nested():
            db.session.add(launch)
    except sa.exc.IntegrityError:
        existing = db.session.scalar(sa.select(Launch).where(Launch.segment_id == segment.id))
        if existing is None:
            raise NotFound("the launch vanished; try again") from None
        return existing, False
    publish_after_commit(queries.topic(ceremony.id), "launch", queries.launch_payload(launch, segment))
    _record(ceremony, user, "launch", segment, f"source {source}")
    return launch, True


def reset_show(ceremony, user, *, reason: str = "") -> None:
    """After a rehearsal (tổng duyệt): forget the runs and launches so the show can run for real.

    The log keeps every event, with this reset in it, so the rehearsal stays on record."""
    if not (reason or "").strip():
        raise InvalidInput("say why the show is reset", field="reason")
    ids = sa.select(Segment.id).where(Segment.ceremony_id == ceremony.id)
    db.session.execute(sa.delete(SegmentRun).where(SegmentRun.segment_id.in_(ids)))
    db.session.execute(sa.delete(Launch).where(Launch.ceremony_id == ceremony.id))
    show = get_or_create_show(ceremony)
    show.status, show.current_segment_id, show.started_at, show.finished_at, show.held_since = \
        ShowStatus.ready, None, None, None, None
    _record(ceremony, user, "reset", None, reason.strip())


def hand_floor(ceremony, user, site_id: int | None) -> Segment:
    """Give the current segment's floor to one bridge point (or take it back with ``None``)."""
    show = _live_show(ceremony)
    segment = show.current_segment
    update_segment(segment, floor_site_id=site_id)
    name = segment.floor_site.name if site_id and segment.floor_site else "-"
    _record(ceremony, user, "floor", segment, name)
    return segment


def refresh_introduction(segment: Segment) -> str:
    """Regenerate the MC's delegate introduction from who is present now."""
    from ceremony.ceremonies.models import Ceremony
    from ceremony.program.introductions import introduction_script

    ceremony = db.session.get(Ceremony, segment.ceremony_id)
    segment.script = introduction_script(ceremony)
    db.session.flush()
    _changed(ceremony)
    return segment.script
