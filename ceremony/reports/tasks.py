"""Scheduled unit-report work: remind before a due date, flag overdue units after it (each once)."""
from ceremony.extensions import db
from ceremony.reports.operations import remind_and_flag
from ceremony.scheduler.registry import periodic


@periodic(seconds=300, name="reports.remind_and_flag")
def remind_unit_reports():
    """Queue reminders and overdue flags of unit reports (idempotent)."""
    remind_and_flag()
    db.session.commit()
