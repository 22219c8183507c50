"""Scheduled jobs of the run-of-show."""
from ceremony.extensions import db
from ceremony.program.reminders import send_due_reminders
from ceremony.scheduler.registry import periodic


@periodic(seconds=30, name="program.send_segment_reminders")
def send_segment_reminders():
    """Remind the people on stage and the operator with the floor ten minutes before their segment."""
    send_due_reminders()
    db.session.commit()
