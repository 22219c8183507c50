"""Closing windows: exactly the silent points are flagged, and escalated once per level."""
from datetime import timedelta

import sqlalchemy as sa

from ceremony.notifications.models import Notification
from ceremony.readiness import tasks
from ceremony.readiness.models import ReadinessEscalation, ReadinessFlag
from ceremony.readiness.queries import get_phase

SILENT = {"21010", "21013", "21550"}
CODES = ["51", "522", "534", "536", "21010", "21013", "21550", "21553"]


def _flagged(db, phase):
    rows = db.session.execute(sa.select(ReadinessFlag).where(ReadinessFlag.phase_id == phase.id)).scalars()
    return {f.site.code for f in rows}


def _escalations(db, level):
    return sorted((e.flag.site.code if False else db.session.get(ReadinessFlag, e.flag_id).site.code,
                   e.target_site.code) for e in db.session.scalars(
        sa.select(ReadinessEscalation).where(ReadinessEscalation.level == level)))


def test_full_rehearsal_flags_and_escalates_the_silent_communes_once(db, clock, ready_ceremony, report):
    ceremony = ready_ceremony
    rehearsal, t120, t30 = (get_phase(ceremony.id, k) for k in ("rehearsal", "t120", "t30"))
    # The rehearsal, the day before: everyone reports.
    clock.set(rehearsal.opens_at + timedelta(minutes=5))
    for code in CODES:
        report(ceremony, code)
    clock.set(rehearsal.closes_at + timedelta(seconds=1))
    assert tasks.tick()["flagged"] == 0
    # T-120: everyone reports again.
    clock.set(t120.opens_at + timedelta(minutes=1))
    for code in CODES:
        report(ceremony, code)
    clock.set(t30.opens_at + timedelta(minutes=1))
    result = tasks.tick()
    assert result["flagged"] == 0 and result["closed"] == 1 and result["opened"] == 1
    # T-30: three communes stay silent.
    for code in CODES:
        if code not in SILENT:
            report(ceremony, code)
    clock.set(t30.closes_at + timedelta(seconds=5))
    assert tasks.tick()["flagged"] == 3
    assert _flagged(db, t30) == SILENT
    assert _escalations(db, 1) == [("21010", "522"), ("21013", "522"), ("21550", "534")]
    # A second tick (or a second scheduler) changes nothing.
    assert tasks.tick() == {"opened": 0, "closed": 0, "flagged": 0, "escalated": 0, "offline": 0, "sent": 0}
    # One commune reports late: only the other two go to the province.
    report(ceremony, "21550")
    clock.advance(minutes=11)
    assert tasks.tick()["escalated"] == 2
    assert _escalations(db, 2) == [("21010", "51"), ("21013", "51")]
    assert tasks.tick()["escalated"] == 0
    notes = list(db.session.scalars(sa.select(Notification).order_by(Notification.id)))
    assert len(notes) == 5 and all(n.sent_at is not None and "log" in n.channels for n in notes)
    assert "Điểm cầu phường Lê Hồng Phong" in notes[0].body and "T-30" in notes[0].body


def test_a_window_found_closed_hours_ago_is_closed_quietly(db, clock, ready_ceremony):
    t30 = get_phase(ready_ceremony.id, "t30")
    clock.set(t30.closes_at + timedelta(hours=7))  # e.g. the demo of a past ceremony, first tick
    result = tasks.tick()
    assert result["closed"] == 4 and result["flagged"] == 0 and result["sent"] == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReadinessFlag)) == 0
