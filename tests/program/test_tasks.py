"""Reminders before a segment: sent once, to the people on stage and the operator with the floor."""
from datetime import timedelta

import sqlalchemy as sa

from ceremony.ceremonies.operations import change_status
from ceremony.program import operations, queries
from ceremony.program.models import Reminder
from ceremony.program.reminders import send_due_reminders
from ceremony.scheduler.registry import PERIODIC


def test_reminders_go_once_before_each_segment(db, program, make_delegate, clock):
    import ceremony.program.tasks  # noqa: F401  (declares the job)

    assert "program.send_segment_reminders" in PERIODIC
    speaker = make_delegate(program, name="Hồ Văn Nói")
    speech = queries.list_segments(program.id)[1]
    operations.update_segment(speech, people=[{"delegate_id": speaker.id}])
    change_status(program, "published")
    db.session.commit()
    clock.set(program.starts_at - timedelta(minutes=20))
    assert send_due_reminders() == 0  # nothing starts within ten minutes
    clock.set(program.starts_at - timedelta(minutes=2))  # the speech is at 08:05: within ten minutes
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0  # a second tick sends nothing again
    clock.set(program.starts_at + timedelta(minutes=16))  # the response (Đức Phổ) at 08:25
    assert send_due_reminders() == 1
    db.session.commit()
    recipients = set(db.session.scalars(sa.select(Reminder.recipient)))
    assert recipients == {f"delegate:{speaker.id}", "site:534"}
    try:
        from ceremony.notifications.models import Notification
    except ImportError:
        return
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                             .where(Notification.dedupe_key.like("program-reminder:%"))) == 2
