"""Send due webhook deliveries, in order per endpoint, with back-off."""
from ceremony.scheduler.registry import periodic
from ceremony.webhooks.operations import deliver_due


@periodic(seconds=5, name="webhooks.deliver_due")
def deliver_webhooks():
    deliver_due()
