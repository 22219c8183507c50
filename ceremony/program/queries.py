"""Reads of the run-of-show: segments, the live state, the log, who is present, readiness."""
from __future__ import annotations

import importlib
import logging

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ceremony.core.errors import NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.program import timing
from ceremony.program.models import Launch, Segment, SegmentPerson, SegmentRun, Show, ShowEvent, ShowStatus

log = logging.getLogger(__name__)


def topic(ceremony_id: int) -> str:
    """The live topic every program view of one ceremony listens to."""
    return f"program:{ceremony_id}"


def segments_query(ceremony_id: int) -> sa.Select:
    return (sa.select(Segment).where(Segment.ceremony_id == ceremony_id)
            .options(selectinload(Segment.people).selectinload(SegmentPerson.delegate))
            .order_by(Segment.position, Segment.id))


def list_segments(ceremony_id: int) -> list[Segment]:
    return list(db.session.scalars(segments_query(ceremony_id)))


def get_segment(ceremony_id: int, segment_id: int) -> Segment:
    segment = db.session.get(Segment, segment_id)
    if segment is None or segment.ceremony_id != ceremony_id:
        raise NotFound(f"no segment {segment_id} in this ceremony")
    return segment


def get_show(ceremony_id: int) -> Show | None:
    return db.session.scalar(sa.select(Show).where(Show.ceremony_id == ceremony_id))


def runs_by_segment(ceremony_id: int) -> dict[int, SegmentRun]:
    rows = db.session.scalars(sa.select(SegmentRun).join(Segment).where(Segment.ceremony_id == ceremony_id))
    return {run.segment_id: run for run in rows}


def launches(ceremony_id: int) -> list[Launch]:
    return list(db.session.scalars(sa.select(Launch).where(Launch.ceremony_id == ceremony_id)
                                   .order_by(Launch.fired_at)))


def show_log(ceremony_id: int) -> list[ShowEvent]:
    return list(db.session.scalars(sa.select(ShowEvent).where(ShowEvent.ceremony_id == ceremony_id)
                                   .order_by(ShowEvent.at, ShowEvent.id)))


def event_detail(event) -> str:
    """A log event's detail in words, in the reader's language (``flask_babel.force_locale`` for a document).

    An extension is kept as its signed minutes ("+5", older rows "+5 min") and is said "+5 phút";
    a launch keeps its source ("web", older rows "source web") and is said "nguồn: trang web"; other
    details (the readiness line, a reset's reason, the point given the floor) are shown as written.
    """
    from flask_babel import get_locale, gettext, lazy_gettext

    from ceremony.core.wording import duration_words

    detail = (event.detail or "").strip()
    if event.action == "extend":
        try:
            minutes = int(detail.removesuffix("min").strip())
        except ValueError:
            return detail
        return duration_words(minutes * 60, signed=True, lang=str(get_locale() or "vi"))
    if event.action == "launch" and detail:
        source = detail.removeprefix("source").strip()
        labels = {"web": lazy_gettext("web page"), "api": lazy_gettext("button device")}
        return gettext("source: %(source)s", source=str(labels.get(source, source)))
    return detail


def build_timeline(ceremony, segments=None, at=None) -> timing.Timeline:
    segments = list_segments(ceremony.id) if segments is None else segments
    show = get_show(ceremony.id)
    held_since = show.held_since if show is not None and show.status is ShowStatus.held else None
    return timing.timeline(ceremony.starts_at, segments, runs_by_segment(ceremony.id), at or now(),
                           current_id=show.current_segment_id if show else None, held_since=held_since,
                           ends_at=ceremony.ends_at)


def _ms(value) -> int | None:
    return int(value.timestamp() * 1000) if value is not None else None


def show_state(ceremony) -> dict:
    """Everything a live view needs, as JSON: status, clock, the timeline, the floor, the launch."""
    at = now()
    segments = list_segments(ceremony.id)
    show = get_show(ceremony.id)
    line = build_timeline(ceremony, segments, at)
    fired = {launch.segment_id: launch for launch in launches(ceremony.id)}
    current = next((s for s in line.slots if s.state == "current"), None)
    clock = line.clock
    state = {
        "ceremony_id": ceremony.id,
        "status": show.status.value if show else ShowStatus.ready.value,
        "version": show.version if show else 0,
        "server_ms": _ms(at),
        "started_ms": _ms(show.started_at) if show else None,
        "current_id": current.segment.id if current else None,
        "clock": None if clock is None else {
            "elapsed": clock.elapsed, "allotted": clock.allotted, "remaining": clock.remaining,
            "overrun": clock.overrun, "held": clock.held},
        "drift_seconds": line.drift_seconds,
        "planned_end_ms": _ms(line.planned_end),
        "expected_end_ms": _ms(line.expected_end),
        "floor": None,
        "launch": None,
        "segments": [],
    }
    for slot in line.slots:
        segment = slot.segment
        state["segments"].append({
            "id": segment.id, "kind": segment.kind.value, "title": segment.title,
            "planned_minutes": segment.planned_minutes, "state": slot.state,
            "planned_start_ms": _ms(slot.planned_start), "expected_start_ms": _ms(slot.expected_start),
            "expected_end_ms": _ms(slot.expected_end), "is_fixed_time": segment.is_fixed_time,
            "remote_cue": segment.remote_cue, "control_cue": segment.control_cue, "script": segment.script,
            "people": [p.label for p in segment.people],
            "floor_site": segment.floor_site.code if segment.floor_site else None,
            "floor_site_name": segment.floor_site.name if segment.floor_site else None,
            "countdown_seconds": segment.countdown_seconds,
            "launched": segment.id in fired,
        })
    if current is not None:
        seg = current.segment
        if seg.floor_site is not None:
            state["floor"] = {"code": seg.floor_site.code, "name": seg.floor_site.name}
        if seg.id in fired:
            state["launch"] = launch_payload(fired[seg.id], seg)
    return state


def launch_payload(launch: Launch, segment: Segment) -> dict:
    return {"segment_id": segment.id, "title": segment.title, "dignitaries": [p.label for p in segment.people],
            "fired_ms": _ms(launch.fired_at), "switch_ms": _ms(launch.switch_at)}


def present_delegates(ceremony_id: int) -> tuple[list, str]:
    """The delegates to introduce and where that list came from: ``checkin``, ``rsvp`` or ``invited``.

    Uses the check-ins of ``ceremony.attendance`` when that module and its table exist and someone
    has checked in; otherwise the delegates who answered that they attend; otherwise every delegate.
    """
    from ceremony.delegates.models import Delegate, Person

    base = (sa.select(Delegate).where(Delegate.ceremony_id == ceremony_id)
            .options(selectinload(Delegate.person).selectinload(Person.organisation),
                     selectinload(Delegate.category), selectinload(Delegate.site)))
    try:
        attendance = importlib.import_module("ceremony.attendance.models")
        checkin = getattr(attendance, "DelegateCheckIn", None) or getattr(attendance, "CheckIn")
        with db.session.begin_nested():
            rows = list(db.session.scalars(base.where(Delegate.id.in_(
                sa.select(checkin.delegate_id).where(checkin.ceremony_id == ceremony_id)))))
        if rows:  # before the doors open nobody has checked in: draft from the RSVPs instead
            return rows, "checkin"
    except (ImportError, AttributeError, sa.exc.SQLAlchemyError) as error:
        log.info("program: no check-ins to read (%s); falling back to RSVPs", error)
    try:
        from ceremony.invitations.models import Invitation, RsvpStatus

        attending = sa.select(Invitation.delegate_id).where(Invitation.ceremony_id == ceremony_id,
                                                            Invitation.revoked_at.is_(None),
                                                            Invitation.rsvp_status == RsvpStatus.attending)
        with db.session.begin_nested():
            rows = list(db.session.scalars(base.where(Delegate.id.in_(attending))))
        if rows:
            return rows, "rsvp"
    except (ImportError, sa.exc.SQLAlchemyError) as error:
        log.info("program: no RSVPs to read (%s)", error)
    return list(db.session.scalars(base)), "invited"


def readiness_check(ceremony) -> dict:
    """Are the bridge points ready? ``{"status", "ready", "total", "phase", "detail"}``.

    ``status`` is ``ready`` (every point ready in the window open now), ``not_ready`` or ``unknown``
    (no window is open). Anything but ``ready`` needs an explicit override to start the show;
    ``detail`` is the Vietnamese line kept in the show log.
    """
    from ceremony.readiness.queries import current_phase, point_states

    phase = current_phase(ceremony.id)
    if phase is None:
        return {"status": "unknown", "ready": 0, "total": 0, "phase": "",
                "detail": "không có đợt báo cáo sẵn sàng nào đang mở"}
    states = point_states(ceremony.id, phase)
    ready = sum(1 for state in states.values() if state["status"] == "ready")
    return {"status": "ready" if states and ready == len(states) else "not_ready", "ready": ready,
            "total": len(states), "phase": phase.name,
            "detail": f"{ready}/{len(states)} điểm cầu sẵn sàng ({phase.name})"}
