"""Writes of the live show: start, next segment, hold, extend, the floor, the launch, a reset.

Like every operation they flush and raise ``DomainError``; the caller commits. ``operations``
re-exports them, so views and the API call ``operations.start_show`` and so on.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ceremony.core.db import lock_for_write
from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.live import publish_after_commit
from ceremony.program import queries
from ceremony.program.models import Launch, Segment, SegmentKind, SegmentRun, Show, ShowEvent, ShowStatus
from ceremony.program.operations import _changed, update_segment

LAUNCH_LEAD_MS = 700  # screens switch this long after the press, all at the same instant


def _locked(ceremony_id: int) -> Show | None:
    """The show row, locked until the transaction ends: two directors' clicks change it one at a time."""
    lock_for_write()
    return db.session.scalar(sa.select(Show).where(Show.ceremony_id == ceremony_id)
                             .with_for_update().execution_options(populate_existing=True))


def get_or_create_show(ceremony) -> Show:
    show = _locked(ceremony.id)
    if show is None:
        try:
            with db.session.begin_nested():
                db.session.add(Show(ceremony_id=ceremony.id, status=ShowStatus.ready, version=0))
        except IntegrityError:  # created at the same instant by another request
            pass
        show = _locked(ceremony.id)
    return show


def _record(ceremony, user, action: str, segment=None, detail: str = "") -> ShowEvent:
    event = ShowEvent(ceremony_id=ceremony.id, at=now(), user_id=user.id if user else None, action=action,
                      segment_id=segment.id if segment else None, detail=detail[:500])
    db.session.add(event)
    db.session.flush()
    _changed(ceremony)
    if action != "launch":  # the launch has its own live message
        publish_after_commit(queries.topic(ceremony.id), "show", _show_event(ceremony, action))
    return event


def _show_event(ceremony, action: str) -> dict:
    """The show after a director's action, for listeners that are not screens (webhooks)."""
    show = queries.get_show(ceremony.id)
    current = db.session.get(Segment, show.current_segment_id) if show and show.current_segment_id else None
    return {"action": action, "status": show.status.value if show else ShowStatus.ready.value,
            "segment_id": current.id if current else None, "segment_title": current.title if current else "",
            "floor_site_id": current.floor_site_id if current else None}


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
        raise Conflict(f"{check['ready']} of {check['total']} points are ready: give a reason to start anyway",
                       field="override")
    at = now()
    show.status, show.started_at, show.current_segment_id = ShowStatus.running, at, segments[0].id
    show.readiness_override = override[:300]
    _begin(segments[0], at)
    from ceremony.ceremonies.models import CeremonyStatus

    if ceremony.can_become(CeremonyStatus.live):
        ceremony.status = CeremonyStatus.live
    detail = f"Sẵn sàng: {check['detail']}" + (f"; lý do vẫn bắt đầu: {override}" if override else "")
    _record(ceremony, user, "start", segments[0], detail)
    return show


def _live_show(ceremony) -> Show:
    show = _locked(ceremony.id)
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
    _record(ceremony, user, "extend", show.current_segment, f"{minutes:+d}")  # shown by queries.event_detail
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
    _record(ceremony, user, "launch", segment, source)  # shown by queries.event_detail
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
