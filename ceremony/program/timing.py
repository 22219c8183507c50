"""Planned and expected times of a program: pure functions, no database.

The plan runs from the ceremony's start, each segment after the one before, except fixed-time
segments, which start at their own time. Live, the expected times follow what really happened: done
segments show their actual times, the current one ends when its (possibly extended, possibly held)
allotment runs out or now if it overran, and every later segment moves with it — except a fixed-time
segment, which keeps its start and end and absorbs the delay by getting shorter (only when the delay
eats it whole does the rest of the show move).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class Slot:
    segment: object
    planned_start: datetime
    planned_end: datetime
    expected_start: datetime
    expected_end: datetime
    state: str = "upcoming"  # done, current, upcoming
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    absorbed_seconds: int = 0  # delay a fixed-time segment absorbs

    @property
    def actual_seconds(self) -> int | None:
        if self.actual_start is None or self.actual_end is None:
            return None
        return int((self.actual_end - self.actual_start).total_seconds())


@dataclass
class Clock:
    """The running clock of the current segment, in seconds."""

    elapsed: int
    allotted: int
    remaining: int  # negative when over
    held: bool

    @property
    def overrun(self) -> int:
        return max(0, -self.remaining)


@dataclass
class Timeline:
    slots: list[Slot]
    clock: Clock | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def planned_end(self) -> datetime | None:
        return self.slots[-1].planned_end if self.slots else None

    @property
    def expected_end(self) -> datetime | None:
        return self.slots[-1].expected_end if self.slots else None

    @property
    def drift_seconds(self) -> int:
        if not self.slots:
            return 0
        return int((self.expected_end - self.planned_end).total_seconds())


def _fixed(segment) -> datetime | None:
    return segment.fixed_start_at if segment.is_fixed_time and segment.fixed_start_at else None


def plan(starts_at: datetime, segments) -> list[Slot]:
    """The planned slots, before anything runs."""
    slots, t = [], starts_at
    for segment in segments:
        start = _fixed(segment) or t
        end = start + timedelta(minutes=segment.planned_minutes)
        slots.append(Slot(segment, start, end, start, end))
        t = end
    return slots


def current_clock(run, held_since: datetime | None, at: datetime) -> Clock:
    held = run.held_seconds + (int((at - held_since).total_seconds()) if held_since else 0)
    elapsed = int((at - run.started_at).total_seconds()) - held
    allotted = run.segment.planned_seconds + run.extended_seconds
    return Clock(elapsed=elapsed, allotted=allotted, remaining=allotted - elapsed, held=held_since is not None)


def timeline(starts_at: datetime, segments, runs: dict, at: datetime, *, current_id: int | None = None,
             held_since: datetime | None = None, ends_at: datetime | None = None) -> Timeline:
    """Planned and expected times of every segment at instant ``at``.

    ``runs`` maps segment id → its run (started_at, ended_at, extended_seconds, held_seconds).
    """
    slots = plan(starts_at, segments)
    result = Timeline(slots, warnings=plan_warnings(slots, ends_at))
    t: datetime | None = None
    for slot in slots:
        run = runs.get(slot.segment.id)
        if run is not None:
            slot.actual_start, slot.actual_end = run.started_at, run.ended_at
        if run is not None and run.ended_at is not None:
            slot.state = "done"
            slot.expected_start, slot.expected_end = run.started_at, run.ended_at
            t = run.ended_at
        elif run is not None and slot.segment.id == current_id:
            slot.state = "current"
            result.clock = current_clock(run, held_since, at)
            slot.expected_start = run.started_at
            slot.expected_end = at + timedelta(seconds=max(result.clock.remaining, 0))
            t = slot.expected_end
        elif t is not None:
            fixed = _fixed(slot.segment)
            if fixed is not None:
                slot.expected_start = max(fixed, t)
                slot.expected_end = max(slot.planned_end, slot.expected_start)
                slot.absorbed_seconds = int((slot.expected_start - fixed).total_seconds())
            else:
                slot.expected_start = t
                slot.expected_end = t + timedelta(minutes=slot.segment.planned_minutes)
            t = slot.expected_end
    return result


def _(message: str, **values) -> str:
    """gettext that also works outside a request (jobs, tests): then in the default language."""
    from flask import current_app, has_request_context
    from flask_babel import force_locale, gettext

    if has_request_context():
        return gettext(message, **values)
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")):
        return gettext(message, **values)


def plan_warnings(slots: list[Slot], ends_at: datetime | None) -> list[str]:
    """Overrun of the ceremony's end, fixed times the program cannot reach, people on stage twice at once."""
    from ceremony.core.time import local

    warnings = []
    if slots and ends_at is not None and slots[-1].planned_end > ends_at:
        minutes = int((slots[-1].planned_end - ends_at).total_seconds() // 60)
        warnings.append(_("The program ends %(minutes)s minutes after the ceremony's end (%(end)s).",
                          minutes=minutes, end=local(ends_at).strftime("%H:%M")))
    for before, slot in zip(slots, slots[1:]):
        if _fixed(slot.segment) and before.planned_end > slot.planned_start:
            warnings.append(_("“%(title)s” is fixed at %(time)s but the segment before it ends at %(end)s.",
                              title=slot.segment.title, time=local(slot.planned_start).strftime("%H:%M"),
                              end=local(before.planned_end).strftime("%H:%M")))
    for i, slot in enumerate(slots):
        seen = set()
        for person in slot.segment.people:
            if person.delegate_id is None:
                continue
            if person.delegate_id in seen:
                warnings.append(_("%(person)s is on stage twice in “%(title)s”.", person=person.label,
                                  title=slot.segment.title))
            seen.add(person.delegate_id)
        for other in slots[i + 1:]:
            if other.planned_start >= slot.planned_end or other.planned_end <= slot.planned_start:
                continue
            shared = seen & {p.delegate_id for p in other.segment.people if p.delegate_id}
            for person in slot.segment.people:
                if person.delegate_id in shared:
                    warnings.append(_("%(person)s is on stage in “%(a)s” and “%(b)s” at the same time.",
                                      person=person.label, a=slot.segment.title, b=other.segment.title))
    return warnings
