"""Help-desk job: escalate tickets nobody took, once each."""
from __future__ import annotations

from ceremony.extensions import db
from ceremony.helpdesk.operations import escalate_unanswered
from ceremony.notifications.operations import deliver_pending
from ceremony.scheduler.registry import periodic


@periodic(seconds=30, name="helpdesk.escalate")
def escalate() -> dict:
    """Tickets untaken for ``HELPDESK_ESCALATE_AFTER_MINUTES`` go to the level above the point."""
    escalated = len(escalate_unanswered())
    db.session.commit()
    return {"escalated": escalated, "sent": deliver_pending()}
