"""Is an arrival late, and which program segment was running then?

The planned run-of-show gives each segment a start (the ceremony's start plus the minutes of the
segments before it). When the program domain offers the live show state
(``ceremony.program.queries.segment_running_at(ceremony_id, at)``, or its ``build_timeline``
with the actual and expected times of the show), it is asked first.

A check-in during the show asks this on every scan, so the answer is read from a timeline cached
per ceremony for ``TIMELINE_TTL`` (1 s of the arrival clock, so a change made by another worker
shows within a second) and dropped at once when this process writes the program, the show or the
ceremony (``_forget_on_change``).
"""
from __future__ import annotations

import importlib
import logging
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ceremony.ceremonies.models import Ceremony
from ceremony.extensions import db
from ceremony.program.models import Segment, SegmentRun, Show

log = logging.getLogger(__name__)

TIMELINE_TTL = timedelta(seconds=1)
_PROGRAM_MODELS = (Segment, SegmentRun, Show, Ceremony)


class SegmentRef(NamedTuple):
    """What a check-in keeps of the segment running at its arrival."""

    id: int
    title: str


class _Timeline(NamedTuple):
    built_at: datetime
    starts_at: datetime
    live: list[tuple[datetime, datetime, SegmentRef]] | None  # None: the live show cannot tell
    planned: list[tuple[datetime, datetime, SegmentRef]]


_timelines: dict[int, _Timeline] = {}


@event.listens_for(Session, "after_flush")
def _forget_on_change(session, flush_context) -> None:
    if _timelines and any(isinstance(o, _PROGRAM_MODELS) for o in (*session.new, *session.dirty, *session.deleted)):
        _timelines.clear()


def _live_segment(ceremony, at: datetime):
    """The segment the live show was running at ``at``, when the program domain can tell."""
    try:
        program_queries = importlib.import_module("ceremony.program.queries")
    except ImportError:
        return None
    running_at = getattr(program_queries, "segment_running_at", None)
    if callable(running_at):
        return running_at(ceremony.id, at)
    build_timeline = getattr(program_queries, "build_timeline", None)
    if not callable(build_timeline):
        return None
    try:
        with db.session.begin_nested():  # a failing read must not abort the check-in's transaction
            line = build_timeline(ceremony, at=at)
        for slot in line.slots:
            start = slot.actual_start or slot.expected_start
            end = slot.actual_end or slot.expected_end
            if start <= at < end:
                return slot.segment
    except (SQLAlchemyError, AttributeError, TypeError) as error:
        log.warning("attendance: the live program could not say what was running (%s)", error)
    return None


def planned_schedule(ceremony) -> list[tuple[Segment, datetime, datetime]]:
    """Each segment of the program with its planned start and end, in order."""
    segments = db.session.scalars(sa.select(Segment).where(Segment.ceremony_id == ceremony.id)
                                  .order_by(Segment.position, Segment.id))
    schedule, start = [], ceremony.starts_at
    for segment in segments:
        end = start + timedelta(minutes=segment.planned_minutes or 0)
        schedule.append((segment, start, end))
        start = end
    return schedule


def planned_segment_at(ceremony, at: datetime) -> Segment | None:
    """The segment planned to run at ``at`` (the last one once the program has run over)."""
    schedule = planned_schedule(ceremony)
    for segment, start, end in schedule:
        if start <= at < end:
            return segment
    return schedule[-1][0] if schedule and at >= schedule[-1][2] else None


def _ref(segment) -> SegmentRef | None:
    return SegmentRef(segment.id, segment.title) if segment is not None else None


def _live_slots(ceremony, at: datetime) -> list[tuple[datetime, datetime, SegmentRef]] | None:
    try:
        program_queries = importlib.import_module("ceremony.program.queries")
    except ImportError:
        return None
    build_timeline = getattr(program_queries, "build_timeline", None)
    if getattr(program_queries, "segment_running_at", None) is not None or not callable(build_timeline):
        return None
    try:
        with db.session.begin_nested():  # a failing read must not abort the check-in's transaction
            line = build_timeline(ceremony, at=at)
        return [(slot.actual_start or slot.expected_start, slot.actual_end or slot.expected_end, _ref(slot.segment))
                for slot in line.slots]
    except (SQLAlchemyError, AttributeError, TypeError) as error:
        log.warning("attendance: the live program could not say what was running (%s)", error)
    return None


def _timeline(ceremony, at: datetime) -> _Timeline:
    line = _timelines.get(ceremony.id)
    if line is None or line.starts_at != ceremony.starts_at or not line.built_at <= at < line.built_at + TIMELINE_TTL:
        line = _Timeline(at, ceremony.starts_at, _live_slots(ceremony, at),
                         [(start, end, _ref(segment)) for segment, start, end in planned_schedule(ceremony)])
        _timelines[ceremony.id] = line
    return line


def lateness(ceremony, at: datetime) -> tuple[bool, SegmentRef | None]:
    """(late, the segment running: its id and title) for an arrival at ``at``; on time gives (False, None)."""
    if at <= ceremony.starts_at:
        return False, None
    program_queries = importlib.import_module("ceremony.program.queries")
    if callable(getattr(program_queries, "segment_running_at", None)):  # the program domain answers itself
        return True, _ref(_live_segment(ceremony, at) or planned_segment_at(ceremony, at))
    line = _timeline(ceremony, at)
    for start, end, segment in line.live or ():
        if start <= at < end:
            return True, segment
    for start, end, segment in line.planned:
        if start <= at < end:
            return True, segment
    return True, line.planned[-1][2] if line.planned and at >= line.planned[-1][1] else None
