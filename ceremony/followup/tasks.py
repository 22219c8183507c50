"""Scheduled follow-up work: remind silent points before a deadline, flag them after it."""
from ceremony.extensions import db
from ceremony.followup.operations import remind_and_flag
from ceremony.scheduler.registry import periodic


@periodic(seconds=300, name="followup.remind_and_flag")
def remind_followups():
    """Queue reminders and overdue notices (idempotent: each point is told once per kind)."""
    remind_and_flag()
    db.session.commit()
