"""Outgoing webhooks: organizers register endpoints per ceremony; events are delivered signed
(Standard Webhooks), retried with back-off, in order per endpoint, and replayable."""
