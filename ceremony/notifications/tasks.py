"""Deliver whatever is still queued (e.g. a message queued by a process that stopped before sending)."""
from ceremony.notifications.operations import deliver_pending
from ceremony.scheduler.registry import periodic


@periodic(seconds=20, name="notifications.deliver_pending")
def deliver_queued_notifications():
    deliver_pending()
