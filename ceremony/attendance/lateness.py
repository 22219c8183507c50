"""Is an arrival late, and which program segment was running then?

The planned run-of-show gives each segment a start (the ceremony's start plus the minutes of the
segments before it). When the program domain offers the live show state
(``ceremony.program.queries.segment_running_at(ceremony_id, at)``, or its ``build_timeline``
with the actual and expected times of the show), it is asked first.
"""
from __future__ import annotations

import importlib
import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from ceremony.extensions import db
from ceremony.program.models import Segment

log = logging.getLogger(__name__)


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


def lateness(ceremony, at: datetime) -> tuple[bool, Segment | None]:
    """(late, the segment running) for an arrival at ``at``; on time gives (False, None)."""
    if at <= ceremony.starts_at:
        return False, None
    return True, _live_segment(ceremony, at) or planned_segment_at(ceremony, at)
