"""Is an arrival late, and which program segment was running then?

The planned run-of-show gives each segment a start (the ceremony's start plus the minutes of the
segments before it). When the program domain offers the live show state
(``ceremony.program.queries.segment_running_at(ceremony_id, at)``), it is asked first.
"""
from __future__ import annotations

import importlib
from datetime import datetime, timedelta

import sqlalchemy as sa

from ceremony.extensions import db
from ceremony.program.models import Segment


def _live_segment(ceremony_id: int, at: datetime):
    try:
        program_queries = importlib.import_module("ceremony.program.queries")
    except ImportError:
        return None
    running_at = getattr(program_queries, "segment_running_at", None)
    return running_at(ceremony_id, at) if callable(running_at) else None


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
    return True, _live_segment(ceremony.id, at) or planned_segment_at(ceremony, at)
