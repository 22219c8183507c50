"""Readiness jobs: open and close windows on time, escalate, notice stopped heartbeats."""
from __future__ import annotations

from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.notifications.operations import deliver_pending
from ceremony.readiness import escalation
from ceremony.scheduler.registry import periodic


@periodic(seconds=10, name="readiness.tick")
def tick() -> dict:
    """Each window opened and closed once (silent points flagged and told), then level-2 escalations
    and offline points; every step commits on its own so one failure does not undo the others."""
    at = now()
    to_open, to_close = escalation.due_phases(at)
    opened = sum(escalation.open_window(phase, at) for phase in to_open)
    db.session.commit()
    flagged = 0
    for phase in to_close:
        flagged += len(escalation.close_window(phase, at))
        db.session.commit()
    escalated = len(escalation.escalate_to_province(at))
    db.session.commit()
    offline = escalation.mark_offline(at)
    db.session.commit()
    sent = deliver_pending()
    return {"opened": opened, "closed": len(to_close), "flagged": flagged, "escalated": escalated,
            "offline": offline, "sent": sent}
